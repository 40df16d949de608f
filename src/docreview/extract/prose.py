"""Prose, sentence by sentence: each quantity is paired with what it measures and becomes a claim (report) or
an indicator target (policy); budget sentences become budget lines, score sentences stated totals.

In a report, a sentence may state an indicator with its slots: target, actual, self-score, reason
(``<名称>，年初指标值为不低于85%，全年实际完成值100%``, ``租机数量8架，实际租机7架``, ``满意度需达到80%以上，实际满意度
为90%``).  Each figure gets a role from the words before it (target: 年初/目标/计划/指标值/需控制在…; actual:
实际/完成值/已完成…); a target is paired with an actual of a convertible unit; the claim takes its name from the
subject of the clause, never from a label word (实际完成值, 年初指标值, 数量指标).  Targets stated in a target
section (``一、绩效目标分解下达情况``) and answered in a later sentence are paired by name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from docreview.extract.prose_budget import (
    _MONEY_UNITS,
    _RATE_CUE,
    _borrow_budget,
    _continue_budget,
    _is_money,
    _sentence_budget,
    _sentence_score_total,
    sentence_sum,
)
from docreview.extract.rows import Findings, meaningful
from docreview.extract.sentences import (
    _FILLER_ONLY,
    _ORDINAL,
    _VERB_ONLY,
    _clause_bounds,
    _is_label,
    _Sentence,
    _sentences,
    _strip_name,
    split_sentences,
)
from docreview.models import (
    Claim,
    Document,
    Indicator,
    Quantity,
    Unparsed,
)
from docreview.normalize import (
    NameKeyIndex,
    normalize_name,
    parse_number,
    parse_quantity,
    resolve_direction,
    units_compatible,
)

__all__ = ["read_prose", "read_sentences", "split_sentences"]

_CHANGE_BEFORE = re.compile(r"(较|比|同比|环比)[^，,。；;]{0,8}?(减少|增加|提高|提升|下降|增长|降低|上升|多|少)了?\s*$")
_REFERENCE_DATE = re.compile(r"(截至|截止到|截止|至|到)\s*$")
_TARGET_CUE = re.compile(r"(年初|年度目标|目标|计划|预期|原定|任务|指标值|(?:需|须|应|要求)(?:控制|达到|保持|不低于|不少于|不高于|不超过|在))")
_REASON_CUE = re.compile(r"(主要原因是|主要原因为|主要原因|原因是|原因为|系|由于|因为|受[^，,。；;]{1,20}影响)")

def _measured_name(text: str, lo: int, q_start: int, q_end: int, hi: int, q: Quantity) -> str:
    """What a quantity measures: the words before it (``农村生活垃圾无害化处理率达到``), or after it when only a
    verb precedes (``发生一起一般道路运输事故``); a deadline joins both (``项目于2024年11月底前完工``).

    ``lo``/``hi`` bound the words to this quantity: its clause, cut at the neighbouring quantities."""
    before = _strip_name(text[lo:q_start])
    if before in _FILLER_ONLY or _is_label(before) or text[lo:q_start].rstrip().endswith("、"):
        before = ""  # after `、` the figure opens the next item of a list: `…系统、两处精品智慧社区`
    if len(before) > 30:
        before = before[-30:]
    after = re.split(r"[，,。；;、（(]", text[q_end:hi], maxsplit=1)[0]
    after = _strip_name(re.sub(r"^(?:以上|以下|以内|之内|左右|前|以前|之前|的)", "", after))
    if _is_label(after):
        after = ""
    if q.kind == "date" and after and len(after) <= 8:
        return before + after
    if before and before not in _VERB_ONLY:
        return before
    return after if after not in _FILLER_ONLY else before


_STRONG_DIRECTION = r"不低于|不少于|不高于|不超过|不大于|不小于|低于|高于|超过|控制在|≥|≤|>|<|≧|≦"
_DIRECTION_BEFORE = re.compile(rf"({_STRONG_DIRECTION}|达到|=)\s*$")
_STRONG_BEFORE = re.compile(rf"({_STRONG_DIRECTION})\s*$")
_DIRECTION_AFTER = re.compile(r"^(以上|以下|以内|之内|左右)")


def _direction_text(text: str, clause_start: int, q_start: int, q_end: int, *, as_target: bool) -> str:
    """The quantity with the direction words around it, for parse_quantity: ``不低于95%``, ``120公里以上``.

    For an actual, ``达到``/``为`` only say the figure was reached, so they are left out."""
    before = text[clause_start:q_start]
    m = (_DIRECTION_BEFORE if as_target else _STRONG_BEFORE).search(before)
    after = _DIRECTION_AFTER.match(text[q_end:])
    return (m.group(1) if m else "") + text[q_start:q_end] + (after.group(1) if after else "")


def _guess_levels(name: str, q: Quantity) -> tuple[str | None, str | None]:
    if "满意" in name:
        return "满意度指标", "服务对象满意度指标"
    if q.kind in ("date", "duration"):
        return "产出指标", "时效指标"
    if any(w in name for w in ("成本", "费用")) or q.unit in _MONEY_UNITS:
        return "产出指标", "成本指标"
    if q.kind == "percent" or q.unit == "%" or name.endswith("率"):
        return "产出指标", "质量指标"
    if q.kind == "number":
        return "产出指标", "数量指标"
    return None, None


def _reason(s: _Sentence) -> tuple[str | None, int, int]:
    """The deviation reason of a sentence: ``主要原因是…`` to the end, ``由于…`` to the end of its clause,
    ``受…影响`` itself."""
    m = _REASON_CUE.search(s.text)
    if m is None:
        return None, 0, 0
    end = len(s.text.rstrip("。；;！!？? \n"))
    if m.group(1).startswith("受"):
        end = m.end()
    elif m.group(1) in ("由于", "因为"):
        end = min(end, _clause_bounds(s.text, m.end())[1])
    return s.text[m.start():end], m.start(), end


# what a figure is in a report sentence: a target (年初指标值为…, 计划…, 需控制在…) or an actual (实际…, 完成值…)
_ACTUAL_CUE = re.compile(r"((?<!符合)(?<!结合)(?<!切合)(?<!联系)(?<!根据)实际|完成值|已经?(?:全部|全面|顺利)?(?:完成|建成|达到|实现)|累计完成|共完成|全年完成)")
# ``实现了年内完成项目总体30%投入的目标``: the target is said to be met
_MET_BEFORE = re.compile(r"(?<![未没])(?:实现了|实现|完成了|达到了|达成了|达成)")
_NEGATED = re.compile(r"(未|没有|没|尚未|未能)(?:实现|完成|达到|达成)")
_Role = Literal["target", "actual", "plain"]


@dataclass
class _ProseQuantity:
    name: str
    quantity: Quantity
    text: str
    start: int
    end: int
    role: _Role
    met: bool = False  # a target said to be reached (实现了…的目标)


def _last_end(cue: re.Pattern[str], text: str) -> int:
    return max((m.end() for m in cue.finditer(text)), default=-1)


_GOAL_AFTER = re.compile(r"(?P<noun>[^，,。；;、\d]{0,6}?)的?目标")


def _goal_name(text: str, lo: int, qs: int, qe: int) -> str:
    """The name of a figure followed by ``…的目标``: the words after the verb that reaches it and the noun
    between the figure and 目标 (``实现了年内完成项目总体30%投入的目标`` -> 项目总体投入)."""
    m = _GOAL_AFTER.match(text, qe)
    head = text[lo:qs]
    verbs = list(re.finditer(r"(?:实现|完成|达到|达成)了?", head))
    if verbs:
        head = head[verbs[-1].end():]
    noun = m.group("noun").strip() if m is not None else ""
    return _strip_name(head + ("" if noun in ("", "的") else noun))


def _role(text: str, cs: int, lo: int, qs: int, qe: int, name: str = "") -> tuple[_Role, bool]:
    """The role of the figure at ``text[qs:qe]`` from the words of its clause: the cue nearest the figure wins
    (``计划完成…`` is a target, ``实际完成…`` an actual); ``…的目标`` after it makes it a target.  A cue word
    inside the figure's own ``name`` is part of what is measured, not a cue (``工作任务及时完成率≥90%``,
    ``项目开展符合实际情况100%``, ``目标人群覆盖率``)."""
    if _GOAL_AFTER.match(text, qe):  # `未达到年初1000人次的目标`, `…30%投入的目标`
        before = text[cs:qs]
        met = bool(_MET_BEFORE.search(before)) and not _NEGATED.search(before)
        return "target", met
    at = text.rfind(name, max(cs, lo), qs) if len(name) >= 2 else -1
    if at >= 0:  # the name, blanked: its words say what is measured
        text = text[:at] + " " * len(name) + text[at + len(name):]
    target = _last_end(_TARGET_CUE, text[cs:qs])
    actual = _last_end(_ACTUAL_CUE, text[max(cs, lo):qs])
    if actual >= 0 and (target < 0 or actual + max(cs, lo) >= target + cs):
        return "actual", False
    return ("target" if target >= 0 else "plain"), False


def _sentence_quantities(s: _Sentence, found_q: list[tuple[int, int, Quantity]], skip: set[int], *,
                         role: Literal["policy", "report"]) -> list[_ProseQuantity]:
    """The measured quantities of a sentence; changes (``较计划减少260人次``, ``提高2个百分点``), reference
    dates (``截至12月31日``) and numbers of a document (``〔2020〕1号``) are context, not measurements."""
    text = s.text
    out: list[_ProseQuantity] = []
    slogans = [m.span() for m in _SLOGAN.finditer(text)]
    for n, (qs, qe, q) in enumerate(found_q):
        cs, ce = _clause_bounds(text, qs)
        lo = max([cs] + [e for _, e, _ in found_q[:n]])
        hi = min([ce] + [b for b, _, _ in found_q[n + 1:] if b >= qe])
        before = text[lo:qs]
        if qs in skip or any(a <= qs < b for a, b in slogans) or _CHANGE_BEFORE.search(before) or q.unit == "个百分点" or \
                (q.kind == "date" and _REFERENCE_DATE.search(before)) or _in_reference(text, qs) or \
                _counts_the_subject(text, q, qe, found_q[n + 1] if n + 1 < len(found_q) else None):
            continue
        name = _measured_name(text, lo, qs, qe, hi, q)
        q_role, met = _role(text, cs, lo, qs, qe, name)
        if q_role == "plain" and out and out[-1].end == lo and text[lo:qs].lstrip().startswith("、"):
            q_role = out[-1].role  # `共完成波型护栏1820米、标志标牌18块`: one verb for the whole list
        if q_role == "target" and _GOAL_AFTER.match(text, qe):
            name = _goal_name(text, lo, qs, qe) or name
        composed = _direction_text(text, lo, qs, qe, as_target=q_role == "target" or role == "policy")
        parsed = parse_quantity(composed) if composed != text[qs:qe] else None
        out.append(_ProseQuantity(name=name, quantity=parsed or q, text=composed, start=qs, end=qe,
                                  role=q_role, met=met))
    return out


_RATE_NAME = re.compile(r"(?:率|比例|比重|占比)")
# `发现一户、改造一户`, `成熟一个、建设一个`: a working slogan, not two counts
_SLOGAN = re.compile(r"[\u4e00-\u9fff]{1,4}一(?P<c>[\u4e00-\u9fff])[、，,]\s*[\u4e00-\u9fff]{1,4}一(?P=c)")


def _counts_the_subject(text: str, q: Quantity, qe: int, after: tuple[int, int, Quantity] | None) -> bool:
    """``112个国控断面水质优良率达到98.2%``: a count that says how many things the rate after it is taken over —
    part of the subject, not a measurement — when the name of a rate runs from it to a percentage, with no
    punctuation between."""
    if after is None or q.kind != "number" or not q.unit or after[2].kind != "percent":
        return False
    between = text[qe:after[0]]
    return not re.search(r"[，,。；;、：:（(]", between) and bool(_RATE_NAME.search(between))


def _in_reference(text: str, pos: int) -> bool:
    """Inside the brackets of a document number (``楚交路〔2020〕1号``, ``[2019]286号``)."""
    opened = max(text.rfind("〔", 0, pos), text.rfind("[", 0, pos), text.rfind("【", 0, pos))
    closed = max(text.rfind("〕", 0, pos), text.rfind("]", 0, pos), text.rfind("】", 0, pos))
    return opened > closed


def _only_a_date(text: str, found_q: list[tuple[int, int, Quantity]]) -> bool:
    """A line that is just a date (the report's date on its cover), not a claim."""
    if any(q.kind != "date" for _, _, q in found_q):
        return False
    rest = text
    for qs, qe, _ in sorted(found_q, reverse=True):
        rest = rest[:qs] + rest[qe:]
    return len(re.sub(r"[\s\W年月日前底]", "", rest)) < 2


_TARGET_LIST = re.compile(r"(绩效目标|年度目标|目标任务|预期目标|主要目标|目标)(?:设定|设置|确定|分解)?(为|是|包括|如下)?\s*[：:]")


def read_prose(doc: Document, found: Findings, *, role: Literal["policy", "report"]) -> None:
    """Read the document's paragraphs sentence by sentence (contents lines skipped)."""
    start = len(found.claims)
    read_sentences(doc, _sentences(doc), found, role=role)
    if role == "report":
        _pair_across_sentences(found.claims[start:])
        _stated_sums(doc, found)


_FULL_STOP = re.compile(r"[^。！？!?]+[。！？!?]?")


def _stated_sums(doc: Document, found: Findings) -> None:
    """Totals and their parts stated in one sentence up to its full stop (parts are often listed in clauses
    cut at ``；``): :func:`sentence_sum`."""
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        for m in _FULL_STOP.finditer(block.text):
            found_q = meaningful(m.group())
            if len(found_q) >= 3:
                sentence_sum(doc, _Sentence(block=block, start=m.start(), end=m.end()), found_q, found)


def read_sentences(doc: Document, sentences: Iterator[_Sentence], found: Findings, *,
                    role: Literal["policy", "report"], targets: bool = False) -> None:
    """Read sentences as prose; ``targets``: every figure is a target (the 预期目标 cell of a form)."""
    target_list: tuple[int, int | None, int | None] | None = None  # `年初确定的绩效目标为：…；…；…` sets
    last_where: tuple[int, int | None, int | None] | None = None     # targets up to the paragraph (cell) end
    category: tuple[str, str | None] | None = None  # `4.成本指标。项目投资56万元，…`: the 一级/二级 of the paragraph
    plan = False  # the sentence (or the one before it, up to a ；) states a plan
    overall: set[int] = set()  # indexes in found.claims of the targets an overall goal (总体目标) states
    overall_list = False
    first_claim = len(found.claims)
    for s in sentences:
        where = (s.block.index, s.row, s.col)
        listed_from = 0  # where in this sentence a target list starts (`资金共5404万元,项目年度总体目标是:…`)
        opened = _TARGET_LIST.search(s.text)
        if opened:
            target_list, listed_from = where, opened.start()
            overall_list = "总体" in opened.group() or "总体" in s.text[max(0, opened.start() - 4):opened.start()]
        elif target_list != where:
            target_list, overall_list = None, False
        before_claims = len(found.claims)
        targets_only = targets or target_list is not None
        if where != last_where:
            category, plan = None, False
        last_where = where
        category = _category(s.text) or category
        plan = bool(_PLAN.search(_BOOK_TITLE.sub("", s.text))) or plan
        found_q = meaningful(s.text)
        status_line = _status_line(doc, s, category) if role == "report" and not targets_only else None
        if status_line is not None:
            found.claims.append(status_line)
            if found_q and s.row is None:
                found.prose_numbers += 1
                found.prose_read += 1
        elif role == "report" and s.target_mode and category is not None and _SHARED_TARGET.search(s.text):
            found.claims.extend(_shared_target(doc, s, category))
        elif not found_q and role == "report" and s.target_mode and _category(s.text) is not None:
            found.claims.extend(_word_target(doc, s, category))
        elif not found_q and role == "report" and not targets_only:
            found.claims.extend(_completion_claims(doc, s))
        elif found_q and not _only_a_date(s.text, found_q):
            before = _found_count(found)
            if role == "report":
                _report_sentence(doc, s, found_q, found, targets_only=targets_only, plan=plan, category=category,
                                 targets_from=listed_from if targets_only and not targets else 0)
            else:
                _policy_sentence(doc, s, found_q, found)
            if s.row is None:  # sentences outside tables: the reading summary counts them
                found.prose_numbers += 1
                found.prose_read += _found_count(found) > before
        if overall_list and role == "report" and s.row is None:
            overall.update(range(before_claims, len(found.claims)))
        # `项目计划新建冷藏库10个；新建物流仓储中心约20000平方米；…`: one plan verb for the whole list
        plan = plan and s.text.rstrip()[-1:] in ("；", ";")
    _drop_overall_goals(found, overall, first_claim)


def _drop_overall_goals(found: Findings, overall: set[int], first: int) -> None:
    """An overall goal (``年度总体目标：…112个国控断面水质优良率达到98.2%…``) narrates what the 三级 indicators listed
    after it state: when the report also states targets of its own elsewhere, the overall goal's targets are no
    indicators (a report whose only targets are its overall goal keeps them)."""
    if not overall:
        return
    others = any(c.target is not None for n, c in enumerate(found.claims[first:], first) if n not in overall)
    if others:
        found.claims[first:] = [c for n, c in enumerate(found.claims[first:], first)
                                if n not in overall or c.target is None or c.actual is not None]


# a sentence that states what is to be done (in a target section, its figures are targets); 《…》 titles
# (`《…建设计划的通知》`) say nothing about the sentence
_PLAN = re.compile(r"计划|拟|预计|预期|目标|任务|确保|力争|完成|实现")
_BOOK_TITLE = re.compile(r"《[^》]*》")
_CATEGORY = re.compile(r"^(?:(?:产出|效益|满意度)?(?P<l2>数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度)"
                       r"|(?P<l1>产出|效益))(?:指标|目标)")
_LEVEL1 = {"数量": "产出指标", "质量": "产出指标", "时效": "产出指标", "成本": "产出指标", "经济效益": "效益指标",
           "社会效益": "效益指标", "生态效益": "效益指标", "可持续影响": "效益指标"}


def _category(text: str) -> tuple[str, str | None] | None:
    """The 一级/二级 a sentence opens with (``数量指标:``, ``1、产出时效指标:``, ``4.成本指标。``)."""
    m = _CATEGORY.match(_ORDINAL.sub("", text.strip()))
    if m is None:
        return None
    if m.group("l1"):  # `5.效益指标:村通硬化路率100%`: the 一级 alone
        return m.group("l1") + "指标", None
    level2 = m.group("l2")
    if "满意度" in level2:
        return "满意度指标", "服务对象满意度指标"
    return _LEVEL1[level2], level2 + "指标"


def _found_count(found: Findings) -> int:
    return len(found.claims) + len(found.budget) + len(found.totals) + len(found.indicators)


def _report_sentence(doc: Document, s: _Sentence, found_q: list[tuple[int, int, Quantity]], found: Findings, *,
                     targets_only: bool = False, plan: bool = False, category: tuple[str, str | None] | None = None,
                     targets_from: int = 0) -> None:
    text = s.text
    totals_before = len(found.totals)
    used = _sentence_score_total(doc, s, found_q, found)
    budget, parts = _sentence_budget(doc, s, found_q)
    if budget is not None:
        if not _continue_budget(doc, s, budget, found):
            _borrow_budget(budget, found)
            found.budget.append(budget)
            if budget.executed is None:
                found.budget_without_spending.append(budget)
        used |= {qs for qs, _, q in found_q if _is_money(q) or _RATE_CUE.search(text[_clause_bounds(text, qs)[0]:qs])}
    used |= parts
    slots = _slot_figures(text, found_q) if _TARGET_CUE.search(text) or _ACTUAL_CUE.search(text) else {}
    quantities = [pq for pq in _sentence_quantities(s, found_q, used | set(slots), role="report")
                  if not _is_money(pq.quantity) or pq.name]
    # in a target section, a sentence states targets when it says so (a plan word) or when its paragraph opens
    # with the 二级 it lists (`1.数量指标:…建设里程1.091公里`, `2.质量指标:项目验收合格率100%`)
    listed = s.target_mode == "list" or (s.target_mode == "section" and (plan or category is not None))
    for pq in quantities:
        if (targets_only and pq.start >= targets_from) or (
                listed and _states_a_target(text, pq, cost=bool(category and category[1] == "成本指标"))):
            pq.role = "target"
            if budget is None and pq.quantity.kind not in ("date", "qualitative"):
                # stated as a target, the text carries its direction the way a target cell would
                pq.quantity = parse_quantity(pq.text) or pq.quantity
    quantities = _without_breakdown(text, quantities)
    claims = _pair_claims(doc, s, quantities, category)
    attached = _attach_slots(doc, s, claims, slots)
    if attached:  # `…，自评得分20分` scores the indicator of its sentence, not the report
        found.totals[totals_before:] = [t for t in found.totals[totals_before:] if t.span.start - s.start not in attached]
    found.claims.extend(claims)
    if not claims and budget is None and not used:
        found.unparsed.append(Unparsed(text=text.strip(), reason="句中数字未能与所衡量的事项对应",
                                       span=s.span(doc.name, s.start, s.end)))


def _states_a_target(text: str, pq: _ProseQuantity, *, cost: bool = False) -> bool:
    """Where targets are stated, an unmarked figure is a target, except the parts of a total (``其中：…``), an
    event date (``5月20日开工``; a deadline says 前/底前), an amount of money (the funds, unless a cost — by its
    name, or listed under ``成本指标`` (``cost``) — or a figure with a direction: ``≥80万元``) and a figure stated
    as done (``实际…``)."""
    if pq.role != "plain" or "其中" in text[:pq.start]:
        return False
    q = pq.quantity
    if _is_money(q):
        return q.explicit_direction or cost or any(w in pq.name for w in ("成本", "费用"))
    return q.kind != "date" or q.explicit_direction


def _without_breakdown(text: str, quantities: list[_ProseQuantity]) -> list[_ProseQuantity]:
    """``计划建设安装软硬件设备合计16954套,其中:总平台558套…``: the parts of a target break it down; they are
    neither targets nor measurements."""
    out: list[_ProseQuantity] = []
    for pq in quantities:
        if pq.role != "target" and "其中" in text[:pq.start] and any(
                t.role == "target" and t.start < text.index("其中") and _compatible(t.quantity, pq.quantity)
                for t in out):
            continue
        out.append(pq)
    return out


# `特殊困难老年人家庭适老化改造工作已全面完成`: the work is said to be done, with no figure.  ``已`` (or 均已/已经)
# is required, so an instruction (`全面完成改造任务`) or a plan is not read as a result.
_COMPLETION = re.compile(r"(?:均已经|均已|已经|已)(?:全面|全部|按期|如期|按时|顺利|圆满)?(?:完成|建成|完工|竣工|落实到位|落实)")
_COMPLETION_TAIL = re.compile(r"(?:的)?(?:工作|任务|工程|建设任务|项目)$")


# `生态效益指标:生态修复功能提高。` / `可持续影响指标,持续发展。`: where targets are listed, an indicator of words only
_WORD_TARGET = re.compile(r"^[^:：,，]{2,16}[:：,，]\s*(?P<phrase>[^，,；;。:：\d]{2,30}?)[；;。]?\s*$")
_DEGREE_TAIL = re.compile(r"(?:有效|明显|显著|逐步|进一步|稳步|大幅|持续|不断|有所|基本|全面)?"
                          r"(?:提高|提升|改善|增强|加强|增加|减少|降低)$")


# `4.生态效益指标4个:A比例、B比例、C比例、D比例,这4项指标均要达到国家下达的年度目标值。`: several indicators named in a
# row share one target stated in words
_SHARED_TARGET = re.compile(r"[，,]\s*(?:这|以上|上述)?\s*(?P<n>\d{1,2}|[两二三四五六七八九十])\s*(?:项|个)(?:指标)?均(?:要|应|需|须)?"
                            r"(?P<target>[^，,。；;]{2,30})[。；;]?\s*$")
_CN_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _shared_target(doc: Document, s: _Sentence, category: tuple[str, str | None]) -> list[Claim]:
    """The indicators a target list names one after another (``、``) with the one target they share; only when
    the names counted are as many as the sentence says (``这4项指标``)."""
    m = _SHARED_TARGET.search(s.text)
    if m is None:
        return []
    head = s.text[:m.start()]
    label = re.match(r"^[^:：]*?指标[^:：]{0,6}[:：]", head)  # `4.生态效益指标4个:`
    start = label.end() if label else 0
    names: list[tuple[int, int]] = []  # the names, split at 、 outside brackets (`地表水水质优良(达到或优于Ⅲ类)比例`)
    depth, piece_start = 0, start
    for i, ch in enumerate(head[start:] + "、", start):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
        elif ch == "、" and depth == 0:
            names.append((piece_start, i))
            piece_start = i + 1
    n = int(m.group("n")) if m.group("n").isdigit() else _CN_COUNT.get(m.group("n"), 0)
    if len(names) != n:
        return []
    target_text = m.group("target").strip()
    t_start = s.text.index(target_text, m.start("target"))
    named = [(a, _strip_name(s.text[a:b])) for a, b in names]
    if not all(2 <= len(name) <= 40 and _balanced(name) for _a, name in named):
        return []
    return [_word_target_claim(doc, s, name, a, t_start, t_start + len(target_text), category) for a, name in named]


def _word_target_claim(doc: Document, s: _Sentence, name: str, at: int, t_start: int, t_end: int,
                       category: tuple[str, str | None] | None) -> Claim:
    """A claim of ``name`` whose target is the words ``s.text[t_start:t_end]`` (``at``: where it is stated)."""
    target = Quantity(kind="qualitative", text=s.text[t_start:t_end])
    claim = Claim(id=f"{doc.name}#b{s.block.index}s{s.start + at}", kind="prose", name=name, target=target,
                  target_text=target.text, text=s.text.strip(), span=s.span(doc.name, s.start, s.end),
                  target_span=s.span(doc.name, s.start + t_start, s.start + t_end))
    claim.level1, claim.level2 = category or _guess_levels(name, target)
    return claim


def _word_target(doc: Document, s: _Sentence, category: tuple[str, str | None] | None) -> list[Claim]:
    """The indicator a target list states after its 二级 in words (no figure): the name, and as its target the
    degree word it ends with (``生态修复功能`` / ``提高``) or, with none, the words themselves (``持续发展``) — a
    target a reviewer cannot measure, which the scorer calls vague."""
    m = _WORD_TARGET.match(s.text.strip())
    if m is None:
        return []
    phrase = m.group("phrase").strip()
    p0 = s.text.index(phrase, s.text.index(m.group("phrase")))
    tail = _DEGREE_TAIL.search(phrase)
    cut = tail.start() if tail is not None and tail.start() >= 2 else 0  # where the degree word starts, if any
    name = _strip_name(phrase[:cut] if cut else phrase)
    if not 2 <= len(name) <= 25 or _is_label(name) or not _balanced(name) or _category(name) is not None:
        return []
    return [_word_target_claim(doc, s, name, p0 + cut, p0 + cut, p0 + len(phrase), category)]


def _completion_claims(doc: Document, s: _Sentence) -> list[Claim]:
    """Claims of a sentence without figures that says a named piece of work is done; the actual is the
    completion words (qualitative), so a quantitative target answered this way can be flagged."""
    claims = []
    for m in _COMPLETION.finditer(s.text):
        cs, _ = _clause_bounds(s.text, m.start())
        subject = _strip_name(s.text[cs:m.start()])
        name = _COMPLETION_TAIL.sub("", subject)
        if not 4 <= len(name) <= 25 or _NOT_A_NAME.search(name) or not _balanced(name):
            continue
        base = s.start
        claims.append(Claim(
            id=f"{doc.name}#b{s.block.index}s{base + m.start()}", kind="prose", name=name,
            actual=Quantity(kind="qualitative", text=m.group()), actual_text=m.group(), text=s.text.strip(),
            span=s.span(doc.name, s.start, s.end),
            actual_span=s.span(doc.name, base + m.start(), base + m.end())))
    return claims


# `数量指标:完成道路建设491米,已完成;` / `质量指标:确保天桥质量,已完成;`: a category, the indicator as its target
# states it, and how it went in a few words
_STATUS_LINE = re.compile(r"^[^:：]{2,16}[:：]\s*(?P<phrase>[^，,；;。:：]{2,40})[，,]\s*(?P<status>[^，,；;。:：\d]{2,15})[；;。]?\s*$")


def _status_line(doc: Document, s: _Sentence, category: tuple[str, str | None] | None) -> Claim | None:
    """An indicator stated after its category label with a completion status instead of a figure: the phrase
    (its figure, or its words) is the target, the status the actual."""
    text = s.text
    m = _STATUS_LINE.match(text)
    if m is None or _category(text) is None:
        return None
    phrase, status = m.group("phrase"), m.group("status").strip()
    found_q = [(qs, qe, q) for qs, qe, q in meaningful(phrase)]
    if len(found_q) > 1:
        return None
    p0 = m.start("phrase")
    if found_q:
        qs, qe, q = found_q[0]
        name = _measured_name(phrase, 0, qs, qe, len(phrase), q)
        target = parse_quantity(phrase[qs:qe]) or q
        t_start, t_end = p0 + qs, p0 + qe
    else:
        name = _strip_name(phrase)
        target = Quantity(kind="qualitative", text=phrase.strip())
        t_start, t_end = p0, p0 + len(phrase)
    if not 2 <= len(name) <= 25 or _is_label(name) or not _balanced(name):
        return None
    claim = Claim(id=f"{doc.name}#b{s.block.index}s{s.start + m.start('status')}", kind="prose", name=name,
                  actual=Quantity(kind="qualitative", text=status), actual_text=status, text=text.strip(),
                  span=s.span(doc.name, s.start, s.end),
                  actual_span=s.span(doc.name, s.start + m.start("status"), s.start + m.start("status") + len(status)))
    claim.level1, claim.level2 = category or _guess_levels(name, target)
    if target.kind != "qualitative":
        target.direction = resolve_direction(target, ((category[1] or "") if category else "") + name)
    claim.target = target
    claim.target_text = text[t_start:t_end]
    claim.target_span = s.span(doc.name, s.start + t_start, s.start + t_end)
    return claim


# --------------------------------------------------------------------------- slots of one sentence


def _compatible(a: Quantity, b: Quantity) -> bool:
    """A target and an actual can be compared: both dates, or units of one family (a 万元 target is never
    answered by a 公里 figure)."""
    if "qualitative" in (a.kind, b.kind) or (a.kind == "date") != (b.kind == "date"):
        return False
    return a.kind == "date" or units_compatible(a.unit, b.unit) or _bare_zero(a) or _bare_zero(b)


def _bare_zero(q: Quantity) -> bool:
    """``全年实际完成值为0`` under a ``100%`` target: nothing done, in whatever unit the target counts."""
    return q.kind == "number" and not q.unit and q.value == 0 and q.upper is None


def _pairs(text: str, quantities: list[_ProseQuantity]) -> dict[int, int]:
    """Target index -> actual index.  A figure stated as actual (``实际租机7架``) answers the nearest figure
    before it of a compatible unit that is not itself an actual (``租机数量8架``, ``需控制在1‰以内``); a figure
    stated as target (``未达到年初1000人次的目标``, ``目标为100%``) takes the nearest compatible figure before it,
    else after it."""
    partner: dict[int, int] = {}
    taken: set[int] = set()

    def can_pair(i: int, j: int) -> bool:  # a part (其中…) never answers its total
        lo, hi = sorted((quantities[i].start, quantities[j].start))
        return _compatible(quantities[i].quantity, quantities[j].quantity) and "其中" not in text[lo:hi]

    for a, pq in enumerate(quantities):
        if pq.role != "actual":
            continue
        t = next((k for k in range(a - 1, -1, -1) if k not in taken and quantities[k].role != "actual"
                  and can_pair(k, a)), None)
        if t is not None:
            partner[t] = a
            taken |= {t, a}
    for t, pq in enumerate(quantities):
        if pq.role != "target" or t in taken or pq.met:
            continue
        order = [*range(t - 1, -1, -1), *range(t + 1, len(quantities))]
        found = next((k for k in order if k not in taken and quantities[k].role != "target" and can_pair(t, k)),
                     None)
        if found is not None:
            partner[t] = found
            taken |= {t, found}
    return partner


def _subject(text: str, pos: int, quantities: list[_ProseQuantity]) -> str:
    """What the clauses before ``pos`` name when the figure's own clause only has a label
    (``第一,有需求的困难残疾人得到残疾人基本康复服务比例,年初指标值为不低于85%``): the nearest clause without a
    figure; a category label (``数量指标:``) or a clause with a figure ends the search."""
    end = _clause_bounds(text, pos)[0]
    while end > 0:
        cs, ce = _clause_bounds(text, end - 1)
        if any(cs <= pq.start < ce for pq in quantities):
            return ""
        name = _strip_name(text[cs:ce])
        if name and _is_label(name):
            return ""
        if len(name) >= 2 and not re.match(r"^[\d〇零一二三四五六七八九十]+[年月日]", name):
            return name
        end = cs
    return ""


def _pair_claims(doc: Document, s: _Sentence, quantities: list[_ProseQuantity],
                 category: tuple[str, str | None] | None = None) -> list[Claim]:
    """Claims of a sentence: a target with its actual (one claim), a target alone (restated, ``绩效目标为：新建老年
    助餐点20个``; or met, ``实现了…的目标``; or answered in words, ``实际按该标准发放``), and every other measured
    figure; the sentence's deviation reason joins every claim of the sentence."""
    text = s.text
    partner = _pairs(text, quantities)
    pair_at = {min(t, a): (t, a) for t, a in partner.items()}
    in_pair = set(partner) | set(partner.values())
    claims: list[Claim] = []
    for i, pq in enumerate(quantities):
        if i in pair_at:
            t, a = (quantities[k] for k in pair_at[i])
            first, second = (t, a) if t.start < a.start else (a, t)
            name = next((n for n in (first.name, second.name, _subject(text, first.start, quantities))
                         if _names_a_measure(n, a.quantity)), "")
            if name:
                if _bare_zero(a.quantity) and t.quantity.unit:  # 0 of the target's unit
                    a = replace(a, quantity=a.quantity.model_copy(update={"unit": t.quantity.unit,
                                                                          "kind": t.quantity.kind}))
                claim = _claim(doc, s, name, a, category)
                _set_target(doc, s, claim, t, category)
                claims.append(claim)
        elif i in in_pair:
            continue
        elif pq.role == "target":
            name = next((n for n in (pq.name, _subject(text, pq.start, quantities))
                         if _names_a_measure(n, pq.quantity)), "")
            if not name:
                continue
            # a target with no measurement in its sentence: a claim that restates a target; without a policy
            # file it defines an indicator.  Its text is its own clause: the other targets of a list
            # (`…，新造林成活率不低于85%`) say nothing about this one
            cs, ce = _clause_bounds(text, pq.start)
            claim = Claim(id=f"{doc.name}#b{s.block.index}s{s.start + pq.start}", kind="prose", name=name,
                          text=text[cs:ce].strip(), span=s.span(doc.name, s.start, s.end))
            claim.level1, claim.level2 = category or _guess_levels(name, pq.quantity)
            _set_target(doc, s, claim, pq, category)
            _answer_in_words(doc, s, claim, pq)
            claims.append(claim)
        elif _names_a_measure(pq.name, pq.quantity):
            claim = _claim(doc, s, pq.name, pq, category)
            _target_by_difference(doc, s, claim, pq)
            claims.append(claim)
    reason, rs, re_ = _reason(s)
    if reason:
        for claim in claims:
            claim.reason = reason
            claim.reason_span = s.span(doc.name, s.start + rs, s.start + re_)
    return claims


def _claim(doc: Document, s: _Sentence, name: str, actual: _ProseQuantity,
           category: tuple[str, str | None] | None = None) -> Claim:
    claim = Claim(id=f"{doc.name}#b{s.block.index}s{s.start + actual.start}", kind="prose", name=name,
                  actual=actual.quantity, actual_text=actual.text, text=s.text.strip(),
                  span=s.span(doc.name, s.start, s.end),
                  actual_span=s.span(doc.name, s.start + actual.start, s.start + actual.end))
    claim.level1, claim.level2 = category or _guess_levels(name, actual.quantity)
    return claim


# `年初指标值为260元/辆,实际按该标准发放`: the clause right after the target answers it in words
_WORD_ACTUAL = re.compile(r"[，,]\s*实际(?:完成情况|情况)?(?:为|是|:|：)?\s*(?P<words>[^，,。；;！!？?\d]{2,30})(?=[，,。；;！!？?]|\s*$)")


def _answer_in_words(doc: Document, s: _Sentence, claim: Claim, pq: _ProseQuantity) -> None:
    """The actual of a lone target: the target itself when the sentence says it was met
    (``实现了年内完成项目总体30%投入的目标``), or the words of a following ``实际…`` clause."""
    text = s.text
    if pq.met:
        cs, _ = _clause_bounds(text, pq.start)
        verb = _MET_BEFORE.search(text, cs, pq.start)
        start = verb.start() if verb is not None else pq.start
        end = text.index("目标", pq.end) + 2
        claim.actual = pq.quantity.model_copy(update={"direction": None, "explicit_direction": False})
        claim.actual_text = pq.text
        claim.actual_span = s.span(doc.name, s.start + start, s.start + end)
        return
    m = _WORD_ACTUAL.match(text, _clause_bounds(text, pq.end)[1])
    if m is None:
        return
    words = m.group("words").strip()
    claim.actual = Quantity(kind="qualitative", text=words)
    claim.actual_text = words
    claim.actual_span = s.span(doc.name, s.start + m.start("words"), s.start + m.start("words") + len(words))


# `满意度为88%，较目标低2个百分点`: the target is the actual and the stated difference
# (a change against the plan, `较计划减少3期`, says nothing this sure: the plan may have changed)
_BY_DIFFERENCE = re.compile(r"(?:较|比)(?:年初|年度)?(?:确定的)?目标值?(?P<sign>低|少|减少|下降|高|多|超出|超过|增加)了?"
                            r"\s*(?P<x>\d+(?:\.\d+)?)\s*(?P<unit>个百分点|百分点)?")


def _target_by_difference(doc: Document, s: _Sentence, claim: Claim, pq: _ProseQuantity) -> None:
    q = pq.quantity
    hi = _clause_bounds(s.text, _clause_bounds(s.text, pq.end)[1] + 1)[1]
    m = _BY_DIFFERENCE.search(s.text, pq.end, hi)
    if m is None or q.value is None or (m.group("unit") and q.unit != "%"):
        return
    x = parse_number(m.group("x"))
    if x is None:
        return
    end = m.end() + (len(q.unit) if not m.group("unit") and q.unit and s.text.startswith(q.unit, m.end()) else 0)
    below = m.group("sign") in ("低", "少", "减少", "下降")
    target = Quantity(value=q.value + x if below else q.value - x, unit=q.unit, kind=q.kind, text=s.text[m.start():end])
    target.direction = resolve_direction(target, claim.name)
    claim.target = target
    claim.target_text = target.text
    claim.target_span = s.span(doc.name, s.start + m.start(), s.start + end)


_SLOT_SCORE = re.compile(r"(?:自评得分|自评分|得分|评分)(?:为|是|:|：)?\s*$")
_SLOT_WEIGHT = re.compile(r"(?:分值|权重|满分)(?:为|是|:|：)?\s*$")


def _slot_figures(text: str, found_q: list[tuple[int, int, Quantity]]) -> dict[int, tuple[int, Quantity, str]]:
    """Scores and weights of a sentence that may state an indicator: start -> (end, quantity, slot)."""
    out: dict[int, tuple[int, Quantity, str]] = {}
    for qs, qe, q in found_q:
        if q.unit != "分" or q.value is None:
            continue
        before = text[_clause_bounds(text, qs)[0]:qs]
        if _SLOT_SCORE.search(before):
            out[qs] = (qe, q, "self_score")
        elif _SLOT_WEIGHT.search(before):
            out[qs] = (qe, q, "weight")
    return out


def _attach_slots(doc: Document, s: _Sentence, claims: list[Claim],
                  slots: dict[int, tuple[int, Quantity, str]]) -> set[int]:
    """Give each score or weight to the indicator stated before it in the sentence (one with a target).
    Returns the starts of the figures used."""
    used: set[int] = set()
    for qs, (qe, q, slot) in sorted(slots.items()):
        owner = None
        for claim in claims:
            at = claim.target_span or claim.actual_span
            if claim.target is not None and at is not None and at.start < s.start + qs:
                owner = claim
        if owner is None:
            continue
        if slot == "weight":
            owner.weight = q.value
        else:
            owner.self_score = q.value
            owner.self_score_text = s.text[qs:qe]
            owner.score_span = s.span(doc.name, s.start + qs, s.start + qe)
        used.add(qs)
    return used


# --------------------------------------------------------------------------- targets answered later


# construction verbs that differ between the plan (新建…) and the report (已建成…) of the same item
_BUILD_VERBS = re.compile(r"^(?:已经|已|新建|建成|新增|新改建|改扩建|改建|扩建|建设|完成|实施|开展|改造|购置|安装)+")


def _item_key(name: str) -> str:
    key = normalize_name(name)
    core = _BUILD_VERBS.sub("", key)
    return core if len(core) >= 2 else key


def _pair_across_sentences(claims: list[Claim]) -> None:
    """A target stated alone (``项目计划新建农产品储存冷藏库10个``) takes the actual of a later sentence that
    names the same item (``已建成农产品储存冷藏库10个``), when their units are compatible.  The names match when
    their item keys are equal or, both of four characters or more, one lies inside the other."""
    answered: set[int] = set()
    # the answers a target may take, by item key (a long report has thousands of claims and a few targets)
    answers: NameKeyIndex[int] = NameKeyIndex()
    for m, c in enumerate(claims):
        if c.actual is not None and c.target is None:
            answers.add(_item_key(c.name), m)
    for n, target in enumerate(claims):
        if target.target is None or target.actual is not None:
            continue
        for m in answers.related([_item_key(target.name)], min_len=4):
            if m <= n or m in answered:
                continue
            c = claims[m]
            if c.actual is None or not _compatible(target.target, c.actual):
                continue
            target.actual, target.actual_text, target.actual_span = c.actual, c.actual_text, c.actual_span
            if target.reason is None:
                target.reason, target.reason_span = c.reason, c.reason_span
            answered.add(m)
            break


_NOT_A_NAME = re.compile(r"[%％=≥≤<>]|\d+\s*-\s*\d+")
# how many indicators a report sets (`目标具体分解为二级指标5个、三级指标14个`): the outline, not a measure
_STRUCTURE_NAME = re.compile(r"[一二三四1-4]级指标$|指标体系$|总体(?:绩效)?(?:目标)?$"
                             r"|^(?:[0-9]{4}|[〇零一二三四五六七八九]{4})年度?$")  # `完成2023年度53户计划任务`: a year is no name


def _balanced(name: str) -> bool:
    return name.count("(") + name.count("（") == name.count(")") + name.count("）")


_MEASURE_SUFFIX = ("数", "率", "量", "值", "度", "比例", "比重", "指数", "面积", "长度", "里程", "规模", "人次", "时间", "时长",
                   "成本", "标准")


def _names_a_measure(name: str, q: Quantity) -> bool:
    """A name, not a label word, and for a bare number (no unit) a name that says what is counted
    (``安全事故发生数为0``)."""
    if not 2 <= len(name) <= 25 or _NOT_A_NAME.search(name) or not _balanced(name) or _is_label(name) \
            or re.match(r"^每.?$", name) \
            or _STRUCTURE_NAME.search(name):  # `每栋按1760株的标准`: a rate per item; `二级指标5个`: the form's outline
        return False
    return bool(q.unit) or q.kind in ("date", "duration", "percent") or name.endswith(_MEASURE_SUFFIX)


def _set_target(doc: Document, s: _Sentence, claim: Claim, pq: _ProseQuantity,
                category: tuple[str, str | None] | None = None) -> None:
    """The target of ``claim``; without a sign its direction follows the name, and the stated 二级 (a figure
    under ``成本指标`` is a maximum)."""
    q = pq.quantity.model_copy()
    if q.kind != "qualitative":
        q.direction = resolve_direction(q, ((category[1] or "") if category else "") + claim.name)
    claim.target = q
    claim.target_text = pq.text
    claim.target_span = s.span(doc.name, s.start + pq.start, s.start + pq.end)


_OVERALL_GOAL = re.compile(r"^\s*([一二三四五六七八九十\d]+[、.．]\s*)?(年度总体目标|总体目标|年度目标|长期目标|项目概况|项目简介|"
                           r"资金安排|项目资金)\s*[：:]")
_DEADLINE_CUE = re.compile(r"(前|以前|之前|底前|完成|时间|截止|时限|期限|竣工|完工|交付|验收|上线|投入使用)")


def _policy_sentence(doc: Document, s: _Sentence, found_q: list[tuple[int, int, Quantity]],
                     found: Findings) -> None:
    if _OVERALL_GOAL.match(s.text):
        # the 年度总体目标 narrates the indicators that follow; its numbers are not indicators themselves
        found.unparsed.append(Unparsed(text=s.text.strip(), reason="总体目标或资金安排的叙述，不作为指标",
                                       span=s.span(doc.name, s.start, s.end)))
        return
    made = 0
    for pq in _sentence_quantities(s, found_q, set(), role="policy"):
        if pq.quantity.kind == "date" and not _DEADLINE_CUE.search(s.text):
            continue  # a date of issue (`豫平市粮食和物资储备局 2024年1月`), not a deadline
        if _is_money(pq.quantity) and not any(w in pq.name for w in ("成本", "费用")):
            continue
        if pq.quantity.unit == "分":  # a scoring weight (`预算执行率指标分值10分`), not a target
            continue
        if not _names_a_measure(pq.name, pq.quantity):
            continue
        target = pq.quantity.model_copy()
        target.direction = resolve_direction(target, pq.name)
        level1, level2 = _guess_levels(pq.name, target)
        span = s.span(doc.name, s.start, s.end)
        found.indicators.append(Indicator(
            id=f"{doc.name}#b{s.block.index}s{s.start + pq.start}", name=pq.name, level1=level1, level2=level2,
            target=target, target_text=pq.text, unit=target.unit, direction=target.direction, span=span))
        made += 1
    if not made:
        found.unparsed.append(Unparsed(text=s.text.strip(), reason="句中数字未能识别为指标目标（资金数额或缺少所衡量的事项）",
                                       span=s.span(doc.name, s.start, s.end)))
