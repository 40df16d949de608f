"""Indicator rules (domain.md §4) and the flags raised about one indicator (domain.md §5).

``score_rows`` scores every row: the numeric rule (positive, reverse, zero targets, dates and durations),
the qualitative bands, or none (a number answered with a word, no target).  Around the score it checks the
target itself (vague, changed in the report), the report's values (empty, duplicated, with a direction
sign) and the self score (above the weight, above the rule's score), and asks for a reason when a target
was missed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from docreview import normalize
from docreview.models import Claim, Direction, IndicatorResult, Quantity, RuleValue
from docreview.score import criteria
from docreview.score.engine import (
    ARABIC,
    Engine,
    Row,
    clean,
    has_any,
    has_number,
    num,
    pct,
    span_evidence,
    text_of,
)
from docreview.score.profile import Band, Profile


@dataclass
class Outcome:
    """What the numeric or qualitative rule decided for one indicator."""

    status: Literal["met", "missed", "not_reported", "qualitative", "unscored"]
    rule_score: float | None = None
    completion: float | None = None
    deviation: float | None = None  # None with a miss → treated as large
    band: str | None = None
    band_low: float = 0.0
    band_high: float = 0.0
    inputs: dict[str, RuleValue] = field(default_factory=dict)
    miss_message: str = ""


def _written_scale(q: Quantity) -> float:
    """The 万/亿 multiplier folded into ``q.value`` (``4.2万人`` → 42000 人: 10000), else 1."""
    m = re.search(r"\d+(?:\.\d+)?", normalize.to_halfwidth(q.text or "").replace(",", ""))
    if q.value is None or m is None or float(m.group()) == 0:
        return 1.0
    ratio = q.value / float(m.group())
    return next((s for s in (1e3, 1e4, 1e8) if abs(ratio / s - 1) < 1e-6), 1.0)


def _names_a_cause(eng: Engine, text: str) -> bool:
    """A cause word of the profile in prose, not inside a direction word (``不低于``, ``不高于``, ``不少于`` hold
    低于/高于/少于 but state a target, not why it was missed)."""
    masked = re.sub(r"不(?:低于|高于|少于|多于|超出|超过)", "", text)
    return has_any(eng.words.cause, masked)


def _after_actual(claim: Claim) -> str:
    """The words of a prose claim from its actual on: a cause explains a figure after stating it (``…一万零八百吨，
    …主要原因是…``); words before it say what was counted (``受理…清运不及时…的投诉7件``), not why.  A claim
    that states no actual explains nothing."""
    if claim.actual is None and not (claim.actual_text or "").strip():
        return ""
    actual = claim.actual_span.quote if claim.actual_span is not None and claim.actual_span.quote else ""
    pos = claim.text.find(actual) if actual else -1
    return claim.text[pos:] if pos >= 0 else claim.text


# --------------------------------------------------------------------------- scores


def score_rows(eng: Engine, rows: list[Row]) -> None:
    for r in rows:
        r.result = score_row(eng, r)


def score_row(eng: Engine, r: Row) -> IndicatorResult:
    ind, p = r.ind, eng.profile
    base = IndicatorResult(indicator_id=ind.id, name=ind.name, level1=ind.level1 or (
        r.matched.level1 if r.matched else None), weight=p.round(r.weight),
        claim_id=next((c.id for c in (r.matched, r.actual_claim, r.score_claim) if c is not None), None),
        self_score=r.self_score)
    if r.not_applicable is not None:
        # dropped (weight 0, no score) or scored 0 by the profile; no other rule speaks of it (domain.md §4)
        base.actual = Quantity(kind="qualitative", text=r.not_applicable)
        base.rule_score = 0.0 if p.not_applicable == "zero" else None
        return base
    target, target_text, _source = eng.target_of(ind, r.matched)
    scored_by = next((c for c in r.group if c.criterion), None)
    if scored_by is None or (scored_by.table_kind != "rubric" and target_text.strip()):
        check_vague(eng, r, target, target_text)  # a row scored by its 评分标准 needs no target of its own
    check_target_changed(eng, r)
    check_duplicates(eng, r)
    if scored_by is not None and scored_by.criterion:
        return score_by_criterion(eng, r, base, scored_by, scored_by.criterion, target)

    claimed = r.self_score is not None and r.self_score > 0
    actual, actual_text = eng.actual_of(r.actual_claim)
    if actual is None and _no_actual_by_design(eng, r):
        # a target table (targets only) or a scoring rubric (分值/得分, no target or actual): there is no
        # actual to report, so neither not_reported nor unsupported_score (domain.md §7.1)
        base.status = "unscored"
        base.rule_score = None
        check_above_weight(eng, r)
        return base
    if actual is None:
        base.status = "not_reported"
        base.rule_score = 0.0
        if claimed:
            unsupported(eng, r, "empty", actual_text or "")
        else:
            not_reported(eng, r, target, target_text)
        check_above_weight(eng, r)
        return base
    base.actual = actual
    if eng.carries_direction(actual, actual_text):
        base.status = "unscored"
        base.rule_score = 0.0 if claimed else None
        if claimed:
            unsupported(eng, r, "direction", actual_text)
        check_above_weight(eng, r)
        return base

    qualitative_target = ind.qualitative or (target is not None and target.kind == "qualitative") or (
        target is None and bool(target_text.strip()) and not has_number(target_text)
        and not eng.is_placeholder(target_text) and not eng.is_empty_text(target_text))
    if qualitative_target or (target is None and actual.kind == "qualitative"):
        out = rule_qualitative(eng, r, actual_text or actual.text, target_text)
    elif target is None or target.kind == "qualitative":
        out = Outcome("unscored")
    elif actual.kind == "qualitative":
        out = rule_word_for_number(eng, r, target, actual_text or actual.text)
    else:
        out = rule_quantitative(eng, r, target, actual)

    base.status = out.status
    base.rule_score = None if out.rule_score is None else p.round(out.rule_score)
    base.completion = None if out.completion is None else round(out.completion, 6)
    if out.status == "met" and base.completion is None:
        base.completion = 1.0
    if out.status == "missed":
        target_missed(eng, r, target, target_text, out)
    check_inflated(eng, r, base.rule_score, out)
    return base


def score_by_criterion(eng: Engine, r: Row, base: IndicatorResult, claim: Claim, criterion: str,
                       target: Quantity | None) -> IndicatorResult:
    """A row of a department-wide form scored by its own 评分标准 (domain.md §7.1 ``dept_eval``) instead of the
    §4 formula: the points the rule gives the reported value, compared with the self score.  A criterion that
    is not a rule the engine reads, or one with no value to apply it to, leaves the unit's own score in the
    total and is listed by its status -- never guessed, never flagged (no target_missed, unit_mismatch or
    not_reported either: the row's score is the criterion's business)."""
    p = eng.profile
    own = None if r.self_score is None else p.round(r.self_score * r.scale)
    rule = criteria.parse_criterion(criterion)
    if rule is None:
        base.status, base.rule_score = "criterion_unparsed", own
        check_above_weight(eng, r)
        return base
    base.criterion_rule = criteria.describe(rule)
    actual_claim = claim if eng.has_actual(claim) else r.actual_claim
    actual, actual_text = eng.actual_of(actual_claim)
    base.actual = actual
    form_weight = r.weight / r.scale if r.scale else r.weight  # criterion points are on the form's 分值
    points, why_not = criteria.apply_rule(rule, weight=form_weight, actual=actual, actual_text=actual_text,
                                          target=target if target is not None else claim.target)
    if points is None:
        base.status, base.rule_score = "criterion_no_value", own
        check_above_weight(eng, r)
        return base
    points = min(points, form_weight) if form_weight > 0 else points
    recomputed = p.round(points)
    base.rule_score = p.round(points * r.scale)
    base.status = "met" if form_weight and recomputed >= p.round(form_weight) else "missed"
    base.completion = round(points / form_weight, 6) if form_weight else None
    if check_above_weight(eng, r):
        return base
    s, tol = r.self_score, p.score_tolerance
    if s is None or s <= recomputed + tol:
        return base
    name = r.ind.name
    shown = actual_text or (eng.show(actual) if actual is not None else "")
    eng.flag("self_score_inflated", name, "medium",
             f"{name}：按评分标准“{criterion}”，完成值{shown}应得{num(recomputed)}分，自评{num(s)}分",
             key="indicator.self_score",
             inputs={"criterion": criterion, "criterion_rule": base.criterion_rule, "actual": shown,
                     "recomputed_score": recomputed, "rule_score": recomputed, "self_score": s,
                     "weight": form_weight, "tolerance": tol},
             evidence=[*span_evidence("report", claim.criterion_span or claim.span),
                       *eng.report_ev(actual_claim, "actual"), *eng.report_ev(r.score_claim, "score")])
    return base


def _no_actual_by_design(eng: Engine, r: Row) -> bool:
    """The row comes from a table that has no actual column by its kind: the report's own target table or
    scoring rubric (a policy's target table answered by nothing in the report is still ``not_reported``); or
    the whole document states targets only (a 绩效目标表 or 目标设定 notice, in a table or in sentences)."""
    if eng.inp.reading is not None and eng.inp.reading.targets_only:
        return True
    claim = r.matched or r.score_claim
    if claim is not None:
        return claim.table_kind in ("target", "rubric")
    return r.ind.source == "report" and r.ind.table_kind in ("target", "rubric")


def rule_qualitative(eng: Engine, r: Row, actual_text: str, target_text: str) -> Outcome:
    band = band_of(eng, actual_text, target_text)
    if band is None:
        return Outcome("qualitative", inputs={"actual": actual_text})
    w = r.weight
    lo, hi = eng.profile.band_range(band, w)
    self_score = None if r.self_score is None else r.self_score * r.scale  # on the (rescaled) weight
    rule = hi if self_score is None else min(max(self_score, lo), hi)
    out = Outcome("missed" if band == "未达成" else "qualitative", rule_score=rule, band=band,
                  band_low=eng.profile.round(lo), band_high=eng.profile.round(hi))
    out.inputs = {"actual": actual_text, "target": target_text, "band": band,
                  "band_low": out.band_low, "band_high": out.band_high, "weight": w,
                  "self_score": self_score, "rule_score": eng.profile.round(rule)}
    out.miss_message = (f"{r.ind.name}：实际完成情况“{actual_text}”，属于未达成"
                        + (f"（目标：{target_text}）" if target_text else ""))
    return out


def band_of(eng: Engine, actual_text: str, target_text: str) -> Band | None:
    a = clean(actual_text)
    if not a:
        return None
    if has_any(eng.words.not_achieved, a):
        return "未达成"
    if has_any(eng.words.partial, a):
        return "部分达成"
    if a == clean(target_text) or has_any(eng.words.achieved, a):
        return "达成"
    return None


def rule_word_for_number(eng: Engine, r: Row, target: Quantity, word: str) -> Outcome:
    """A quantitative target answered with a word."""
    if target.kind in ("date", "duration"):
        band = band_of(eng, word, "")
        if band == "达成":
            return Outcome("met", rule_score=r.weight, completion=1.0)
    ev = [*eng.policy_ev(r.ind), *eng.report_ev(r.actual_claim, "actual")]
    eng.flag("unit_mismatch", r.ind.name, "medium",
             f"{r.ind.name}：目标为数值{eng.show(target)}，实际只填写文字“{word}”", key="indicator.word_for_number",
             inputs={"target": eng.show(target), "actual": word, "target_unit": target.unit,
                     "weight": r.weight, "self_score": r.self_score}, evidence=ev)
    return Outcome("unscored")


def _impossible_rate(eng: Engine, r: Row, target: Quantity, actual: Quantity) -> bool:
    """A share of a whole (合格率, 覆盖率, 满意度 …) answered above 100%: ``290%`` for a satisfaction rate."""
    if actual.unit != "%" or actual.value is None or actual.value <= 100 + 1e-9:
        return False
    if target.unit not in ("%", "") or (target.value is not None and target.value > 100):
        return False  # a target above 100% makes the indicator something else (an index, a growth)
    name = normalize.normalize_name(r.ind.name)
    return has_any(eng.words.bounded_rates, name) and not has_any(eng.words.growth, name)


def _dates(target: Quantity, actual: Quantity) -> tuple[dt.date | None, dt.date | None]:
    """Target and actual dates; one written without a year (``9月前`` answered ``7月``) takes the other's year,
    two without one are compared within one year (a month answer counts to the month's end)."""
    if actual.kind != "date":
        return target.date, None
    known = target.date or actual.date
    year = known.year if known is not None else 2001
    return (target.date or normalize.resolve_date(target, year),
            actual.date or normalize.resolve_date(actual, year))


def rule_quantitative(eng: Engine, r: Row, target: Quantity, actual: Quantity) -> Outcome:
    p, w, name = eng.profile, r.weight, r.ind.name
    direction = eng.direction_of(target, name, r.ind)
    tshow = eng.show(target, direction)
    ashow = eng.show(actual)
    inputs: dict[str, RuleValue] = {"target": tshow, "actual": ashow, "direction": direction,
                                    "weight": w, "self_score": r.self_score}

    if target.kind == "date":
        target_date, actual_date = _dates(target, actual)
        if target_date is None or actual_date is None:
            mismatch(eng, r, target, actual, tshow, ashow)
            return Outcome("unscored")
        late = (actual_date - target_date).days
        met = late <= 0 if direction != ">=" else late >= 0
        inputs.update({"target_date": target_date.isoformat(), "actual_date": actual_date.isoformat(),
                       "days_late": float(late)})
        if met:
            return Outcome("met", rule_score=w, completion=1.0, inputs=inputs)
        planned = max((target_date - dt.date(target_date.year, 1, 1)).days, 1)
        credit = w * max(0.0, 1 - abs(late) / planned)
        if p.time_miss == "band":
            lo, hi = p.band_range("部分达成", w)
            credit = min(max(credit, lo), hi, _strictly_below(p, p.time_miss_cap * w))
        inputs.update({"planned_days": float(planned), "time_miss": p.time_miss})
        out = Outcome("missed", rule_score=credit, completion=None, deviation=None, inputs=inputs)
        out.miss_message = f"{name}：实际完成时间{ashow}，晚于目标{tshow}（晚{abs(late)}天）"
        return out

    if actual.kind == "date" or target.value is None or actual.value is None:
        mismatch(eng, r, target, actual, tshow, ashow)
        return Outcome("unscored")
    if _impossible_rate(eng, r, target, actual):
        eng.flag("unit_mismatch", name, "medium",
                 f"{name}：比率不可能超过100%，实际却填写{ashow}（目标{tshow}）", key="indicator.rate_over_100",
                 inputs={"target": tshow, "actual": ashow, "actual_value": actual.value, "weight": w,
                         "self_score": r.self_score},
                 evidence=[*eng.policy_ev(r.ind), *eng.report_ev(r.actual_claim, "actual")])
        return Outcome("unscored")
    actual_value, actual_unit, assumed = actual.value, actual.unit, ""
    if not actual_unit:
        # a bare figure is in the unit of the form's 度量单位 column, i.e. of the row's own target
        ref = r.actual_claim.target if r.actual_claim is not None and r.actual_claim.target is not None \
            and r.actual_claim.target.unit else target
        if ref.unit:
            actual_value, actual_unit = actual_value * _written_scale(ref), ref.unit
            assumed = ref.unit
    converted = eng.convert(actual_value, actual_unit, target.unit)
    if converted is None:
        mismatch(eng, r, target, actual, tshow, ashow)
        return Outcome("unscored")
    a, b = target.value, converted
    unit = target.unit or actual.unit
    converted_note = ""
    if target.unit == "%" and not actual.unit and 0 <= b <= 1 < a:
        b = b * 100  # a spreadsheet fraction: 0.95 for 95%
        converted_note = f"（即{num(b)}%）"
        inputs["actual_converted"] = b
    elif actual_unit and target.unit and (actual_unit != target.unit or actual_value != actual.value):
        converted_note = f"（折合{num(b)}{target.unit}）"
        inputs["actual_converted"] = b
    if assumed:
        inputs["actual_unit_assumed"] = assumed
    inputs.update({"target_value": a, "actual_value": actual.value, "unit": unit})
    time_limit = target.kind == "duration"

    if a == 0 and direction in ("=", "<=", "<"):
        met = b <= 0
        out = Outcome("met" if met else "missed", rule_score=w if met else 0.0,
                      completion=1.0 if met else 0.0, deviation=None, inputs=inputs)
        out.miss_message = f"{name}：实际{ashow}{converted_note}，目标为{tshow}"
    elif direction in ("<=", "<"):
        if b <= a:
            score = w
        elif p.reverse_mode == "ratio":
            score = w * min(1.0, a / b)
        else:
            score = 0.0 if b >= 2 * a else w * (1 - (b - a) / a)
        met = b <= a
        out = Outcome("met" if met else "missed", rule_score=score,
                      completion=a / b if b > 0 else 1.0, deviation=(b - a) / a, inputs=inputs)
        out.miss_message = (f"{name}：实际{ashow}{converted_note}，超过目标{tshow}"
                            f"（超出{pct((b - a) / a)}）")
    else:  # ≥, >, = with A > 0: positive
        if a == 0:
            met, score, completion = b >= 0, w if b >= 0 else 0.0, 1.0
        else:
            met = b >= a
            score = w if met else max(0.0, w * b / a)
            completion = b / a
        out = Outcome("met" if met else "missed", rule_score=score, completion=completion,
                      deviation=(a - b) / a if a else None, inputs=inputs)
        out.miss_message = (f"{name}：实际{ashow}{converted_note}，未达到目标{tshow}"
                            f"（完成{pct(completion)}）")
        if direction in (">=", ">") and a > 0 and b >= p.overachieved_factor * a:
            eng.flag("overachieved", name, "low",
                     f"{name}：实际{ashow}{converted_note}，为目标{tshow}的{b / a:.2f}倍，目标可能偏低",
                     key="indicator.overachieved",
                     inputs={**inputs, "ratio": b / a, "factor": p.overachieved_factor},
                     evidence=[*eng.policy_ev(r.ind), *eng.report_ev(r.actual_claim, "actual")])
        reason_factor = p.overachieved_reason_factor
        if direction in (">=", ">") and a > 0 and reason_factor is not None and b >= reason_factor * a - 1e-9:
            check_reason(eng, r, out, why=f"实际为目标的{b / a:.2f}倍（超过{num(reason_factor)}倍）",
                         key="indicator.overachieved_reason")
    if time_limit and out.status == "missed" and out.rule_score is not None and p.time_miss == "band":
        out.rule_score = min(out.rule_score, _strictly_below(p, p.time_miss_cap * w),
                             p.band_range("部分达成", w)[1])
        out.inputs["time_miss"] = p.time_miss
    out.inputs["completion"] = out.completion
    out.inputs["rule_score"] = None if out.rule_score is None else p.round(out.rule_score)
    return out


def _strictly_below(p: Profile, score: float) -> float:
    """The highest score at the profile's rounding below ``score`` (a missed deadline never earns the 达成 floor)."""
    return score - 10 ** -p.rounding


def mismatch(eng: Engine, r: Row, target: Quantity, actual: Quantity, tshow: str, ashow: str) -> None:
    eng.flag("unit_mismatch", r.ind.name, "medium",
             f"{r.ind.name}：目标{tshow}与实际{ashow}单位不同，无法换算", key="indicator.unit_unconvertible",
             inputs={"target": tshow, "actual": ashow, "target_unit": target.unit or target.kind,
                     "actual_unit": actual.unit or actual.kind, "weight": r.weight,
                     "self_score": r.self_score},
             evidence=[*eng.policy_ev(r.ind), *eng.report_ev(r.actual_claim, "actual")])


# --------------------------------------------------------------------------- flags


def not_reported(eng: Engine, r: Row, target: Quantity | None, target_text: str) -> None:
    name = r.ind.name
    tshow = eng.show(target, eng.direction_of(target, name, r.ind)) if target is not None else target_text
    if r.matched is not None:
        empty = text_of(r.matched.actual, r.matched.actual_text)
        msg = f"{name}：完成值为空（“{empty}”），也未自评得分" if empty else f"{name}：完成值为空，也未自评得分"
    else:
        msg = f"{name}：报告中未找到完成值，也未自评得分"
    if tshow:
        msg += f"（目标{tshow}）"
    eng.flag("not_reported", name, "high", msg, key="indicator.not_reported",
             inputs={"target": tshow, "weight": r.weight, "self_score": r.self_score,
                     "matched": r.matched is not None,
                     "match_method": r.match.method if r.match else "none"},
             evidence=[*eng.policy_ev(r.ind), *eng.report_ev(r.matched, "actual")],
             searched=r.match.searched if r.match else [])


def unsupported(eng: Engine, r: Row, why: Literal["empty", "direction"], actual_text: str) -> None:
    name = r.ind.name
    s = num(r.self_score)
    if why == "empty":
        shown = f"（“{actual_text}”）" if actual_text else ""
        msg = f"{name}：完成值为空{shown}，却自评{s}分"
    else:
        msg = f"{name}：完成值“{actual_text}”带方向符号，不是实际测量值，却自评{s}分"
    claim = r.actual_claim or r.matched or r.score_claim
    eng.flag("unsupported_score", name, "high", msg, key="indicator.score_without_actual",
             inputs={"actual": actual_text, "reason": why, "self_score": r.self_score, "weight": r.weight},
             evidence=[*eng.policy_ev(r.ind), *eng.report_ev(claim, "actual"),
                       *eng.report_ev(r.score_claim, "score")])


def check_above_weight(eng: Engine, r: Row) -> bool:
    s, weight = r.self_score, r.weight / r.scale  # the form's 分值: self scores are on its scale
    if s is None or r.weight_source != "form" or s <= weight + eng.profile.score_tolerance:
        return False
    eng.flag("self_score_inflated", r.ind.name, "medium",
             f"{r.ind.name}：自评{num(s)}分，超过该指标分值{num(weight)}分", key="indicator.self_score",
             inputs={"self_score": s, "weight": weight, "tolerance": eng.profile.score_tolerance},
             evidence=[*eng.policy_ev(r.ind), *eng.report_ev(r.score_claim, "score")])
    return True


def check_inflated(eng: Engine, r: Row, rule: float | None, out: Outcome) -> None:
    if check_above_weight(eng, r) or r.weight_source != "form":
        return  # with a profile weight the form's scale is unknown (realdocs/03 has no 分值 column)
    s, tol = r.self_score, eng.profile.score_tolerance
    if s is None or rule is None:
        return
    # self scores are on the form's 分值; after not-applicable rows were dropped the rule's are rescaled
    p, rule, weight = eng.profile, eng.profile.round(rule / r.scale), r.weight / r.scale
    if s <= rule + tol:
        return
    name = r.ind.name
    if out.band is not None:
        msg = (f"{name}：定性指标实际“{out.inputs.get('actual')}”属于{out.band}，得分区间"
               f"{num(p.round(out.band_low / r.scale))}–{num(p.round(out.band_high / r.scale))}分"
               f"（分值{num(weight)}），自评{num(s)}分超出区间")
    else:
        msg = f"{name}：自评{num(s)}分，按规则应得{num(rule)}分（分值{num(weight)}）"
    eng.flag("self_score_inflated", name, "medium", msg, key="indicator.self_score",
             inputs={**out.inputs, "self_score": s, "rule_score": rule, "weight": weight,
                     "tolerance": tol, "weight_source": r.weight_source},
             evidence=[*eng.policy_ev(r.ind), *eng.report_ev(r.actual_claim, "actual"),
                       *eng.report_ev(r.score_claim, "score")])


def target_missed(eng: Engine, r: Row, target: Quantity | None, target_text: str, out: Outcome) -> None:
    dev = out.deviation
    high = dev is None or dev >= eng.profile.missed_high_deviation - 1e-12
    name = r.ind.name
    eng.flag("target_missed", name, "high" if high else "medium", out.miss_message,
             key="indicator.target_missed",
             inputs={**out.inputs, "deviation": dev, "high_deviation": eng.profile.missed_high_deviation},
             evidence=[*eng.policy_ev(r.ind), *eng.report_ev(r.actual_claim, "actual")])
    check_reason(eng, r, out)


_CLAUSE = re.compile(r"[，,。．；;：:！!？?、\s]+")
# a column label written into the cell (``偏差原因：无``, ``改进措施：``): no reason by itself
_SUBJECT = re.compile(r"^(?:我们|我|本)(?:单位|部门|局|委|办|中心|站|所|院|镇|乡|县|区|市)?")
_REASON_LABEL = re.compile(r"^(?:偏差|未完成|主要)?(?:原因(?:分析)?)?(?:及|和)?(?:改进|整改)?(?:措施)?$")


def _only_a_promise(eng: Engine, clause: str) -> bool:
    """A clause that only promises improvement: it opens, after an optional subject (``我单位``, ``本局``), with an
    improvement word (``下一步将加强管理``, ``继续努力``, ``确保完成任务``) and names no cause.  The same word
    after a subject states a fact (``物价提高``), and negated it names a cause (``管理不完善``)."""
    if _names_a_cause(eng, clause):
        return False
    body = _SUBJECT.sub("", clause)
    return any(w and body.startswith(w) for w in eng.words.improvement_only)


def gives_a_reason(eng: Engine, text: str) -> bool:
    """Whether a reason cell says why (domain.md §5): any text counts except empty, ``0``, ``无``, ``/``,
    ``—``, a placeholder, or only improvement promises with no cause.  How convincing the cause is
    (``审核不严``, ``人手少``) is the reviewer's judgment, not a rule's."""
    empty = {clean(x) for x in eng.words.reason_empty}
    clauses = [t for t in (clean(c) for c in _CLAUSE.split(text or ""))
               if t and not _REASON_LABEL.match(t) and t not in empty and not eng.is_empty_text(t)
               and not eng.is_placeholder(t)]
    return bool(clauses) and not all(_only_a_promise(eng, c) for c in clauses)


def check_reason(eng: Engine, r: Row, out: Outcome, *, why: str = "未完成目标",
                 key: str = "indicator.deviation_reason") -> None:
    """``missing_deviation_reason`` when no reason cell or prose about the indicator says why (``why``: what
    needs explaining, a missed target or an overachievement above the profile's reason factor)."""
    reasons = [c.reason.strip() for c in [*r.group, *r.related] if c.reason and c.reason.strip()]
    prose = [_after_actual(c) for c in [*r.group, *r.related] if c.kind == "prose" and c.text]
    if any(gives_a_reason(eng, text) for text in reasons):
        return
    if any(_names_a_cause(eng, clean(text)) for text in prose):
        return
    given = reasons[0] if reasons else ""
    reason_claim = next((c for c in r.group if c.reason and c.reason.strip()), r.actual_claim or r.matched)
    shown = f"（填写为“{given}”）" if given else "（未填写）"
    eng.flag("missing_deviation_reason", r.ind.name, "medium",
             f"{r.ind.name}：{why}，但未说明偏差原因{shown}", key=key,
             inputs={"reason": given, "target": out.inputs.get("target"), "actual": out.inputs.get("actual")},
             evidence=[*eng.policy_ev(r.ind), *eng.report_ev(reason_claim, "reason")])


def check_vague(eng: Engine, r: Row, target: Quantity | None, target_text: str) -> None:
    """No measurable target: empty or placeholder (数量/质量/时效/成本, 效益 with numbers), only vague
    words (any category but 满意度), words only for 数量/成本, or an indicator that is only a category."""
    ind, claim = r.ind, r.matched
    lvl1 = ind.level1 or (claim.level1 if claim else None) or ""
    lvl2 = ind.level2 or (claim.level2 if claim else None) or ""
    if "满意" in lvl1 or "满意" in lvl2 or "满意" in ind.name:
        return
    w = eng.words
    quantitative = has_any(w.quantitative_level2, lvl2) or "成本" in lvl1
    benefit = has_any(w.benefit, lvl1) or has_any(w.benefit, lvl2)
    if benefit and not quantitative:
        actual_text = text_of(claim.actual, claim.actual_text) if claim else ""
        numbers = bool(ARABIC.search(target_text) or ARABIC.search(actual_text) or (
            claim is not None and claim.actual is not None and claim.actual.kind in ("number", "percent")))
    else:
        numbers = quantitative
    text = target_text.strip()
    measurable = target is not None and target.kind != "qualitative" and (
        target.value is not None or target.date is not None)
    category = normalize.normalize_name(ind.name) in {normalize.normalize_name(n) for n in w.category_names}
    if category and (quantitative or benefit):
        why = f"指标名称只是二级指标类别“{ind.name}”，目标值“{text}”没有可衡量的对象"
    elif measurable:
        return
    elif not text or eng.is_empty_text(text):
        if not numbers:
            return
        why = "未填写目标值"
    elif eng.is_placeholder(text):
        if not (quantitative or benefit):
            return
        why = f"目标值“{text}”是占位符"
    elif eng.is_vague(text):
        why = f"目标“{text}”只有描述性词语，无法衡量"
    elif (has_any(w.words_not_measurable_level2, lvl2) or "成本" in lvl1) and not has_number(text) \
            and not has_any(["不超", "不高于预算", "不超过预算"], text):
        # 数量/成本 answered by words (`控制在预算中`, `符合相关规定`) bound nothing a reviewer can check;
        # `不超预算` bounds the cost by the budget, which the budget lines state
        why = f"目标“{text}”只有文字，没有数值"
    else:
        return
    eng.flag("vague_target", ind.name, "low", f"{ind.name}：{lvl2 or lvl1 or '该'}指标{why}",
             key="indicator.vague_target",
             inputs={"target": text, "level1": lvl1, "level2": lvl2},
             evidence=[*eng.policy_ev(ind), *eng.report_ev(claim, "target")])


def check_target_changed(eng: Engine, r: Row) -> None:
    """The report restates a target (in its row, or in prose about the indicator) unlike the policy's."""
    ind = r.ind
    if not eng.inp.has_policy or ind.source != "policy":
        return
    pq = ind.target
    if pq is None and ind.target_text.strip() and not eng.is_empty_text(ind.target_text):
        pq = normalize.parse_quantity(ind.target_text)
    if pq is None:
        return
    for claim in [*r.group, *r.related]:
        loose = claim not in r.group  # found by a partial name: only a clear numeric difference counts
        rtext = text_of(claim.target, claim.target_text)
        rq = claim.target
        if rq is None and rtext and not eng.is_empty_text(rtext):
            rq = normalize.parse_quantity(rtext)
        if rq is None or (rq.kind == "qualitative" and (eng.is_empty_text(rq.text) or pq.kind == "qualitative")):
            continue
        pd: Direction | None = None
        rd: Direction | None = None
        if (pq.kind == "qualitative") != (rq.kind == "qualitative"):
            changed = not loose
        else:
            pd = eng.direction_of(pq, ind.name, ind)
            rd = eng.direction_of(rq, ind.name, ind)
            same = eng.same_value(pq, rq)
            changed = (same is False) or (same is None and not loose) or (pd != rd and not loose)
        if not changed:
            continue
        pshow = eng.show(pq, pd) if pq.kind != "qualitative" else (pq.text or ind.target_text)
        rshow = eng.show(rq, rd) if rq.kind != "qualitative" else (rq.text or rtext)
        eng.flag("target_changed", ind.name, "high",
                 f"{ind.name}：报告中的目标{rshow}与目标表中的{pshow}不一致", key="indicator.target_changed",
                 inputs={"policy_target": pshow, "report_target": rshow, "policy_direction": pd,
                         "report_direction": rd},
                 evidence=[*span_evidence("policy", ind.span), *eng.report_ev(claim, "target")])
        return


def check_duplicates(eng: Engine, r: Row) -> None:
    """Two different actuals for the same indicator (rows and prose of the same name, or the match)."""
    values: list[tuple[Claim, Quantity, bool]] = []
    target = r.ind.target
    for c in [*r.group, *r.related]:
        q, text = eng.actual_of(c)
        if q is None or q.kind == "qualitative" or eng.carries_direction(q, text):
            continue  # 不少于1.5万人次 restates a target: not a value
        if target is not None and target.unit and q.unit and target.kind == q.kind == "number" \
                and not normalize.units_compatible(target.unit, q.unit):
            continue  # 2300.67万元 beside a 37个 target measures something else (the funds), not this indicator
        values.append((c, q, c in r.related))
    for i, (c1, q1, loose1) in enumerate(values):
        for c2, q2, loose2 in values[i + 1:]:
            if (loose1 or loose2) and not (q1.unit and q2.unit):
                continue  # a prose claim found by a partial name must carry its own unit
            if eng.same_value(q1, q2) is False:
                _two_values(eng, r.ind.name, c1, q1, c2, q2)
                return


def _two_values(eng: Engine, name: str, c1: Claim, q1: Quantity, c2: Claim, q2: Quantity) -> None:
    """``inconsistent_values``: the report states two different values for one quantity."""
    eng.flag("inconsistent_values", name, "high",
             f"{name}：报告中实际完成值前后不一致：{eng.show(q1)}（{c1.span.where()}）与{eng.show(q2)}（{c2.span.where()}）",
             key=f"duplicates.actual|{c1.id}|{c2.id}",
             inputs={"value_1": eng.show(q1), "value_2": eng.show(q2), "claim_1": c1.id, "claim_2": c2.id},
             evidence=[*eng.report_ev(c1, "actual"), *eng.report_ev(c2, "actual")])


# --------------------------------------------------------------------------- duplicates outside indicators


def _same_passage(a: Claim, b: Claim) -> bool:
    """Two prose figures of one paragraph or cell under the same word (``晾晒房…占地300平方米…厕所…占地13.5平方米``)
    describe different things listed together, not one quantity stated twice."""
    return (a.kind == b.kind == "prose" and a.span.file == b.span.file
            and (a.span.block, a.span.row, a.span.col) == (b.span.block, b.span.row, b.span.col))


def unmatched_duplicates(eng: Engine, rows: list[Row]) -> None:
    """Claims of one name that no indicator took: still two different values for one quantity.

    Linear in the claims for each name (times the distinct values under it): the first claim, in report
    order, with a later claim of a different value outside its own passage is reported with the first such
    claim — found through the positions of each distinct value, not by comparing every pair of claims."""
    taken = {c.id for r in rows for c in r.group}
    by_name: dict[str, list[Claim]] = {}
    keys: dict[str, str] = {}  # a long report repeats its names: normalise each once
    for c in eng.inp.claims:
        if c.id in taken or not c.name:
            continue
        key = keys.get(c.name)
        if key is None:
            key = keys[c.name] = normalize.normalize_name(c.name)
        # a name of two or three characters (占地, 面积, 其中) is a word of the sentence, not a quantity's name:
        # two figures under it are two things (晾晒房占地300平方米 … 厕所占地13.5平方米)
        if len(key) >= 4:
            by_name.setdefault(f"{c.project or ''}\x00{key}", []).append(c)
    for claims in by_name.values():
        if len(claims) < 2:
            continue
        vals: list[tuple[Claim, Quantity]] = []
        for c in claims:
            q, text = eng.actual_of(c)
            if q is not None and q.kind != "qualitative" and not eng.carries_direction(q, text):
                vals.append((c, q))
        pair = _first_two_values(eng, vals)
        if pair is not None:
            (c1, q1), (c2, q2) = vals[pair[0]], vals[pair[1]]
            _two_values(eng, c1.name, c1, q1, c2, q2)


def _value_key(q: Quantity) -> tuple[object, ...]:
    """What ``Engine.same_value`` reads of a quantity: equal keys compare alike with any other quantity."""
    return (q.kind, q.value, q.unit, q.date)


def _passage_key(c: Claim) -> tuple[object, ...]:
    """Claims with equal keys are in one passage for ``_same_passage``; other claims get a key of their own."""
    if c.kind != "prose":
        return ("claim", c.id)
    return ("prose", c.span.file, c.span.block, c.span.row, c.span.col)


def _first_two_values(eng: Engine, vals: list[tuple[Claim, Quantity]]) -> tuple[int, int] | None:
    """Positions (i, j), i < j, of the first claim having a later claim of a different value outside its own
    passage, and of the first such later claim — what comparing every pair in order would find."""
    positions: dict[tuple[object, ...], list[int]] = {}
    for n, (_, q) in enumerate(vals):
        positions.setdefault(_value_key(q), []).append(n)
    keys = list(positions)
    differs: dict[tuple[tuple[object, ...], tuple[object, ...]], bool] = {}
    tried: set[tuple[tuple[object, ...], tuple[object, ...]]] = set()
    for i, (c1, q1) in enumerate(vals):
        k1, p1 = _value_key(q1), _passage_key(c1)
        if (k1, p1) in tried:
            continue  # an earlier claim of the same value and passage found nothing later: neither will this
        best: int | None = None
        for k2 in keys:
            if (k1, k2) not in differs:
                differs[(k1, k2)] = eng.same_value(q1, vals[positions[k2][0]][1]) is False
            if not differs[(k1, k2)]:
                continue
            at = positions[k2]
            n = bisect.bisect_right(at, i)
            while n < len(at) and (best is None or at[n] < best):
                if _passage_key(vals[at[n]][0]) != p1:
                    best = at[n]
                    break
                n += 1
        if best is not None:
            return i, best
        tried.add((k1, p1))
    return None
