"""评分标准 sentences read as rules (domain.md §7.1, ``dept_eval``): a department-wide form scores each row by
the criterion written beside it, not by the §4 project formula.

:func:`parse_criterion` turns a criterion into one of three rules, or None when it is not one of them:

- :class:`Thresholds` -- bands with points: ``≥90%计5分；80%（含）-90%计4分；70%以下不得分``;
- :class:`Deduction` -- points off per unit of distance from a reference, down to a floor: ``执行率达到95%得满分，
  每低于一个百分点扣0.5分，扣完为止``, ``每超过一个百分点扣0.5分``; the reference is the criterion's full-marks
  figure, else the row's own target;
- :class:`YesNo` -- ``有…得2分，否则不得分``, ``建立…得满分，未建立不得分``.

Every figure followed by 分 must belong to a clause that was understood: a checklist (``1、信息是否真实(1分)；
2、…``) or any clause read only in part makes the whole criterion unparsed.  Nothing is guessed -- an
unparsed criterion leaves the row with the unit's own score.  :func:`apply_rule` recomputes the points
from the value the form reports (None when the value does not answer the rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docreview.models import Quantity
from docreview.normalize import format_number, parse_number, to_halfwidth

__all__ = ["Band", "Deduction", "Rule", "Thresholds", "YesNo", "apply_rule", "describe", "parse_criterion"]

_INF = float("inf")


@dataclass(frozen=True)
class Band:
    """``low ≤ v < high`` (each end open or closed) earns ``points`` (None: the row's full weight)."""

    low: float = -_INF
    high: float = _INF
    low_closed: bool = True
    high_closed: bool = False
    points: float | None = None

    def holds(self, v: float) -> bool:
        above = v > self.low or (self.low_closed and v == self.low)
        below = v < self.high or (self.high_closed and v == self.high)
        return above and below


@dataclass(frozen=True)
class Thresholds:
    bands: tuple[Band, ...]
    unit: str = ""


@dataclass(frozen=True)
class Deduction:
    """``per_step`` points off per ``step`` below (``below=True``) or above ``reference``; never under ``floor``;
    0 beyond ``cutoff`` (``低于60%不得分``).  ``reference`` None: the row's target."""

    per_step: float
    step: float = 1.0
    below: bool = True
    reference: float | None = None
    full: float | None = None  # None: the row's weight
    floor: float = 0.0
    cutoff: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class YesNo:
    condition: str  # the words that earn the points (``建立内控制度``)
    points: float | None = None  # None: full marks
    no_points: float = 0.0


Rule = Thresholds | Deduction | YesNo

# --------------------------------------------------------------------------- parsing

_NUM = r"\d+(?:\.\d+)?"
_POINTS = re.compile(
    rf"(?P<zero>不得分|不计分|不给分|(?:得|计|给)0分)"
    rf"|(?P<full>(?:得|计|给|记)满分)"
    rf"|(?P<ded>(?:扣|减)(?:除)?(?P<dv>{_NUM})分)"
    rf"|(?P<floor>最低(?:得|计)?(?P<fv>{_NUM})分)"
    rf"|(?:得|计|给|记|赋)(?P<pv>{_NUM})分")
_ANY_POINTS = re.compile(rf"{_NUM}分")
_CLAUSE = re.compile(r"[;；。\n]+")
_UNTIL_EMPTY = re.compile(r"[,，]?\s*(?:扣完为止|扣完即止|扣至0分为止|扣至零分为止|最低为?0分|直至扣完)")
_PER = re.compile(rf"每(?P<verb>低于|少于|降低|下降|减少|少|不足|低|超过|超出|高于|多于|增加|多|超)"
                  rf"(?:目标值?|标准)?(?P<n>{_NUM})?(?P<unit>个百分点|百分点|%|个|项|次|件|人|天|日|家|户)?")
_NEGATION = re.compile(r"否则|未|没有|无|不|否")
_LIST_MARK = re.compile(r"(?:^|[;；。,，(（])\d+(?:[、)）]|\.(?!\d))")
_LEAD_MARK = re.compile(r"^\(?\d+(?:[、)）]|\.(?!\d))")
_UNIT_AFTER = re.compile(rf"({_NUM})\s*(%|个百分点|个|项|次|件|人|天|日|家|户|万元|元)?")


_CN_STEP = re.compile(r"每(低于|少于|降低|下降|减少|超过|超出|高于|多于|增加|少|多|低|超)([一两二三四五半十])(?=个|项|次|件|%)")


def _step(numeral: str) -> str:
    """每低一个百分点 → 每低1: the numeral read by normalize (半 is half a step)."""
    return "0.5" if numeral == "半" else format_number(parse_number(numeral))


def _prepare(text: str) -> str:
    t = re.sub(r"\s+", "", to_halfwidth(text))
    t = _CN_STEP.sub(lambda m: f"每{m.group(1)}{_step(m.group(2))}", t)
    return t.replace(">=", "≥").replace("<=", "≤").replace("～", "-").replace("~", "-").replace("—", "-")


def parse_criterion(text: str | None) -> Rule | None:
    """The rule a 评分标准 sentence states, or None when it is not one this module reads (see module doc)."""
    if not text or not text.strip():
        return None
    t = _prepare(text)
    if len(_LIST_MARK.findall(t)) >= 2:
        return None  # a checklist of items, each worth some points: a judgment, not a rule
    segments: list[tuple[str, re.Match[str]]] = []
    floor_given: float | None = None
    consumed = 0
    for clause in _CLAUSE.split(t):
        clause, n_floor = _UNTIL_EMPTY.subn("", clause)
        if n_floor:
            floor_given = 0.0
        start = 0
        for m in _POINTS.finditer(clause):
            cond = _LEAD_MARK.sub("", clause[start:m.start()].strip(",，:：")).strip(",，:：")
            if m.group("floor") is not None:
                floor_given = float(m.group("fv"))
            else:
                segments.append((cond, m))
            consumed += len(_ANY_POINTS.findall(m.group()))
            start = m.end()
        if clause[start:].strip(",，") and _ANY_POINTS.search(clause[start:]):
            return None
    if not segments or consumed != len(_ANY_POINTS.findall(_UNTIL_EMPTY.sub("", t))):
        return None  # a figure of points outside any clause understood (``(2分,其中…1分``)
    if any(m.group("ded") for _, m in segments):
        return _deduction(segments, floor_given)
    if all(_has_figure(cond) for cond, _ in segments):
        return _thresholds(segments)
    if not any(_has_figure(cond) for cond, _ in segments):
        return _yes_no(segments)
    return None


def _points(m: re.Match[str]) -> float | None:
    if m.group("zero"):
        return 0.0
    if m.group("full"):
        return None
    return float(m.group("pv"))


def _has_figure(cond: str) -> bool:
    return bool(re.search(r"\d", cond))


def _unit_of(cond: str) -> str:
    units = {m.group(2) for m in _UNIT_AFTER.finditer(cond) if m.group(2)}
    return "%" if units & {"%", "个百分点"} else next(iter(sorted(units)), "")


_LOW_CLOSED = ("≥", "不低于", "不少于", "大于等于", "达到", "达", "以上", "及以上", "含)以上", "(含)以上", "以上(含")
_LOW_OPEN = (">", "大于", "高于", "超过")
_HIGH_CLOSED = ("≤", "不高于", "不超过", "小于等于", "以内", "(含)以下", "以下(含)")
_HIGH_OPEN = ("<", "低于", "小于", "不足", "未达到", "未达", "不到", "以下")


def _band(cond: str, points: float | None) -> Band | None:
    """One condition with one or two figures as a band: ``≥90%``, ``80%(含)-90%``, ``80%≤x<90%``, ``70%以下``."""
    figures = list(re.finditer(_NUM, cond))
    if len(figures) == 2:
        a, b = (float(f.group()) for f in figures)
        between = cond[figures[0].end():figures[1].start()]
        after_b = cond[figures[1].end():]
        low_closed, high_closed = True, False
        if re.search(r"\(含\)|含\)|\(含", after_b[:5]):
            high_closed, low_closed = True, "含" in between and "不含" not in between
        if "不含" in between:
            low_closed = False
        if "≤" in between or "<" in between:
            signs = re.findall(r"[≤<]", cond)
            if len(signs) == 2:
                low_closed, high_closed = signs[0] == "≤", signs[1] == "≤"
        if a > b:
            a, b = b, a
        if not re.search(r"[-至到≤<]|与|和", between):
            return None
        return Band(low=a, high=b, low_closed=low_closed, high_closed=high_closed, points=points)
    if len(figures) != 1:
        return None
    v = float(figures[0].group())
    before, after = cond[:figures[0].start()], re.sub(r"^(?:%|个百分点|[个项次件人天日家户])", "", cond[figures[0].end():])
    # words after the figure (以上/以下) decide before the words in front of it (完成率达到…); the longest word
    # wins (不低于 is not 低于, 未达到 is not 达到)
    bands = ((_HIGH_CLOSED, Band(high=v, high_closed=True, points=points)),
             (_HIGH_OPEN, Band(high=v, high_closed=False, points=points)),
             (_LOW_CLOSED, Band(low=v, low_closed=True, points=points)),
             (_LOW_OPEN, Band(low=v, low_closed=False, points=points)))
    for fits in (after.startswith, before.endswith):
        found = [(len(w), band) for words, band in bands for w in words if fits(w)]
        if found:
            return max(found, key=lambda x: x[0])[1]
    if before.endswith(("=", "为", "是")) or not re.search(r"[≥≤<>]", before):
        return Band(low=v, low_closed=True, points=points)  # ``完成率100%得满分``: reaching it
    return None


def _thresholds(segments: list[tuple[str, re.Match[str]]]) -> Thresholds | None:
    bands = []
    for cond, m in segments:
        band = _band(cond, _points(m))
        if band is None:
            return None
        bands.append(band)
    return Thresholds(bands=tuple(bands), unit=_unit_of(" ".join(c for c, _ in segments)))


def _deduction(segments: list[tuple[str, re.Match[str]]], floor_given: float | None) -> Deduction | None:
    ded = [(c, m) for c, m in segments if m.group("ded")]
    if len(ded) != 1:
        return None
    cond, m = ded[0]
    per = _PER.search(cond)
    if per is None:
        return None
    below = per.group("verb") in ("低于", "少于", "降低", "下降", "减少", "少", "不足", "低")
    unit = per.group("unit") or ""
    reference: float | None = None
    full: float | None = None
    cutoff: float | None = None
    head = cond[:per.start()]
    if _has_figure(head):  # ``以95%为基准，每低于…`` in the same clause
        figs = re.findall(_NUM, head)
        if len(figs) != 1:
            return None
        reference = float(figs[0])
    for c, pm in segments:
        if pm is m:
            continue
        band = _band(c, _points(pm))
        if band is None:
            return None
        if band.points == 0.0:  # ``低于60%不得分``
            edge = band.high if below else band.low
            if edge in (_INF, -_INF):
                return None
            cutoff = edge
        else:  # the full-marks clause gives the reference
            edge = band.low if below else band.high
            if edge in (_INF, -_INF) or (reference is not None and reference != edge):
                return None
            reference, full = edge, band.points
    return Deduction(per_step=float(m.group("dv")), step=float(per.group("n") or 1), below=below,
                     reference=reference, full=full, floor=floor_given or 0.0, cutoff=cutoff,
                     unit="%" if unit in ("个百分点", "百分点", "%") else unit)


def _yes_no(segments: list[tuple[str, re.Match[str]]]) -> YesNo | None:
    if len(segments) != 2:
        return None
    (yes_cond, yes_m), (no_cond, no_m) = segments
    yes_points, no_points = _points(yes_m), _points(no_m)
    if yes_points == 0.0 or no_points != 0.0 or not _NEGATION.search(no_cond):
        return None
    condition = re.sub(r"^(?:如|若|凡|对)|的?(?:则|者)?$", "", yes_cond.strip(",，"))
    if not condition or _NEGATION.match(condition):
        return None
    return YesNo(condition=condition, points=yes_points)


# --------------------------------------------------------------------------- applying

_YES = re.compile(r"^(?:是|有|已|全部|均已|按时|按要求|完成|建立|制定|出台|开展|落实|达到|符合|健全|完善)")
_NO = re.compile(r"^(?:否|无|没有|未|不|尚未)")


_GENERIC_YES = ("是", "有", "符合", "相符", "满足", "达到", "已完成", "完成")
_GENERIC_NO = ("否", "无", "没有", "不符合", "不相符", "不满足", "未达到", "未完成")
_NEGATED = re.compile(r"不|未|没有|无")


def _answers_yes(condition: str, answer: str) -> bool | None:
    """Whether ``answer`` (the 完成情况 cell) says the condition holds; None when it cannot be told.  A negated
    condition (``决算数不超过预算数``) is met by the same negation (``未超过预算``), not by its verb alone."""
    if answer in _GENERIC_YES:
        return True
    if answer in _GENERIC_NO:
        return False
    negated = _NEGATED.search(condition)
    if negated is not None:
        verb = condition[negated.end():negated.end() + 2]
        if len(verb) == 2 and verb in answer:
            return _NO.match(answer) is not None
        return None
    if _NO.match(answer):
        return False
    if _YES.match(answer) or answer in condition:
        return True
    return None


def apply_rule(rule: Rule, *, weight: float, actual: Quantity | None, actual_text: str,
               target: Quantity | None = None) -> tuple[float | None, str]:
    """The points ``rule`` gives the reported value (on the form's 分值 ``weight``), or None with why not."""
    if isinstance(rule, YesNo):
        answer = re.sub(r"[\s。.，,]+", "", to_halfwidth(actual_text or ""))
        if not answer:
            return None, "表中没有完成情况"
        met = _answers_yes(rule.condition, answer)
        if met is None:
            return None, f"完成情况“{actual_text}”不能判断是否符合“{rule.condition}”"
        return (weight if rule.points is None else rule.points) if met else rule.no_points, ""
    if actual is None or actual.value is None or actual.kind not in ("number", "percent"):
        return None, "表中没有可用于计分的完成值"
    v = actual.value
    unit = rule.unit
    if unit == "%" and actual.unit not in ("%", ""):
        return None, f"完成值单位{actual.unit}与评分标准的%不一致"
    if isinstance(rule, Thresholds):
        band = next((b for b in rule.bands if b.holds(v)), None)
        if band is None:
            return None, f"完成值{format_number(v)}不在评分标准的任何档次内"
        return (weight if band.points is None else band.points), ""
    reference = rule.reference
    if reference is None and target is not None and target.value is not None:
        reference = target.value
    if reference is None:
        return None, "评分标准未写明基准值，表中也没有目标值"
    full = weight if rule.full is None else rule.full
    if rule.cutoff is not None and ((v < rule.cutoff) if rule.below else (v > rule.cutoff)):
        return 0.0, ""
    distance = (reference - v) if rule.below else (v - reference)
    if distance <= 0:
        return full, ""
    return max(rule.floor, full - rule.per_step * distance / rule.step), ""


def describe(rule: Rule) -> str:
    """The rule as read, for a flag's inputs (``≥90:满分; [80,90):4; <70:0``)."""
    if isinstance(rule, YesNo):
        return f"是否{rule.condition}：是得{'满分' if rule.points is None else format_number(rule.points) + '分'}，否得0分"
    if isinstance(rule, Deduction):
        ref = "目标值" if rule.reference is None else format_number(rule.reference) + rule.unit
        way = "每低于" if rule.below else "每超过"
        text = (f"以{ref}为基准{'满分' if rule.full is None else format_number(rule.full) + '分'}，{way}"
                f"{format_number(rule.step)}{'个百分点' if rule.unit == '%' else rule.unit or '个单位'}扣{format_number(rule.per_step)}分，"
                f"最低{format_number(rule.floor)}分")
        if rule.cutoff is not None:
            text += f"；{'低于' if rule.below else '高于'}{format_number(rule.cutoff)}{rule.unit}不得分"
        return text
    parts = []
    for b in rule.bands:
        lo = "" if b.low == -_INF else f"{'≥' if b.low_closed else '>'}{format_number(b.low)}{rule.unit}"
        hi = "" if b.high == _INF else f"{'≤' if b.high_closed else '<'}{format_number(b.high)}{rule.unit}"
        pts = "满分" if b.points is None else f"{format_number(b.points)}分"
        parts.append(f"{lo}{'且' if lo and hi else ''}{hi}：{pts}")
    return "；".join(parts)
