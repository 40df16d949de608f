"""Prose, sentence by sentence: each quantity is paired with what it measures and becomes a claim (report) or
an indicator target (policy); budget sentences become budget lines, score sentences stated totals."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from docreview.extract.rows import Findings, clean, meaningful
from docreview.models import (
    Block,
    BudgetLine,
    Claim,
    Document,
    Indicator,
    Quantity,
    Span,
    StatedTotal,
    Unparsed,
)
from docreview.normalize import parse_quantity, resolve_direction

__all__ = ["read_prose", "read_sentences", "split_sentences"]

_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
_CLAUSE_END = re.compile(r"[，,：:；;]")
_TOC_LINE = re.compile(r"^[^。，,；;]{1,40}?[^\d.\s]\s*\d{1,3}$")
_HEAD_FILLER = re.compile(
    r"^(?:其中|全年|年内|本年度|本年|今年|当年|年度|全县|全镇|全市|全区|全乡|本项目|该项目|我局|我镇|本单位|共计|共|累计|仅|只|又|再|用于|"
    r"合计|总计|已经|已|实际|完成|实现|开展|组织|举办|确保|力争|计划|预计|并|和|及|同时|通过|目标为|目标|要求)+")
_TAIL_FILLER = re.compile(
    r"(?:达到了|达到|达|不低于|不少于|不高于|不超过|不大于|不小于|低于|高于|超过|控制在|保持在|保持|稳定在|提高到|"
    r"提高至|提升到|提升至|下降到|下降至|降低到|降低至|降至|增长到|增至|为|是|在|约|共计|共|(?<![审设统会估预核])计|累计|合计|总计|有|"
    r"了|完成|实现|于|≥|≤|>|<|=|＞|＜|≧|≦)+$")
_VERB_ONLY = {"发生", "出现", "新增", "发放", "举办", "组织", "培训", "建成", "新建", "实施", "处理", "办理", "接待",
              "受理", "查处", "帮助", "服务", "惠及", "覆盖", "救助", "资助", "补助", "共有", "有", "开展", "完成"}
_FILLER_ONLY = {"", "实际", "实际完成", "完成", "共", "累计", "合计", "有", "共有", "其中", "达到", "实现"}
_CHANGE_BEFORE = re.compile(r"(较|比|同比|环比)[^，,。；;]{0,8}?(减少|增加|提高|提升|下降|增长|降低|上升|多|少)了?\s*$")
_REFERENCE_DATE = re.compile(r"(截至|截止到|截止|至|到)\s*$")
_TARGET_CUE = re.compile(r"(年初|年度目标|目标|计划|预期|原定|任务)")
_REASON_CUE = re.compile(r"(主要原因是|主要原因为|主要原因|原因是|原因为|系|由于|因为|受[^，,。；;]{1,20}影响)")
_SCORE_TOTAL = re.compile(
    r"(综合绩效得分|综合得分|自评总分|自评得分|绩效得分|总得分|评价得分|最终得分|总分)(?:为|是|:|：)?\s*$")
_BUDGET_CUES = {
    "adjusted": re.compile(r"(专项资金金额|资金金额|预算资金|预算数|预算金额|资金总额|批复|安排|下达|申请|总投资|预算)"),
    "executed": re.compile(r"(实际支出|支出|执行数|使用|完成预算资金|拨付|支付|到位|执行)"),
}
_MONEY_UNITS = {"元", "万元", "亿元", "千元", "万", "亿"}


@dataclass
class _Sentence:
    """A sentence of a paragraph, or of a table cell (``row``/``col`` set; offsets still index ``Block.text``)."""

    block: Block
    start: int
    end: int
    row: int | None = None
    col: int | None = None

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]

    def span(self, file: str, start: int, end: int) -> Span:
        return self.block.span(file, start, end, row=self.row, col=self.col)


def split_sentences(block: Block, start: int, end: int, *, row: int | None = None,
           col: int | None = None) -> Iterator[_Sentence]:
    """The sentences of ``block.text[start:end]``."""
    text = block.text[start:end]
    pos = 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        stop = min(m.end(), len(text))
        if text[pos:stop].strip():
            yield _Sentence(block, start + pos, start + stop, row=row, col=col)
        pos = m.end()


def _sentences(doc: Document) -> Iterator[_Sentence]:
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        if _TOC_LINE.match(block.text.strip()):
            continue  # a contents line ending in its page number
        yield from split_sentences(block, 0, len(block.text))


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _CLAUSE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        else:
            return start, m.start()
    return start, len(text)


def _strip_name(text: str) -> str:
    name = clean(text).strip(" ,，、:：;；“”\"'")
    for _ in range(4):
        stripped = _TAIL_FILLER.sub("", name)
        head = _HEAD_FILLER.sub("", stripped)
        stripped = head if len(head) >= 2 else stripped
        if stripped == name:
            break
        name = stripped
    return name.strip(" ,，、:：;；“”\"'的")


def _measured_name(text: str, lo: int, q_start: int, q_end: int, hi: int, q: Quantity) -> str:
    """What a quantity measures: the words before it (``农村生活垃圾无害化处理率达到``), or after it when only a
    verb precedes (``发生一起一般道路运输事故``); a deadline joins both (``项目于2024年11月底前完工``).

    ``lo``/``hi`` bound the words to this quantity: its clause, cut at the neighbouring quantities."""
    before = _strip_name(text[lo:q_start])
    if before in _FILLER_ONLY:
        before = ""
    if len(before) > 30:
        before = before[-30:]
    after = re.split(r"[，,。；;、（(]", text[q_end:hi], maxsplit=1)[0]
    after = _strip_name(re.sub(r"^(?:以上|以下|以内|之内|左右|前|以前|之前|的)", "", after))
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


def _is_money(q: Quantity) -> bool:
    return q.unit in _MONEY_UNITS


# words that make a sentence's amounts the budget of the whole project or unit, not the cost of one item
_BUDGET_WORDS = re.compile(r"(预算|资金|总投资|执行率|支出率|经费总额|项目支出总额|部门整体支出)")
# what is left of the words before an amount once the spending verbs are gone says whether it names an item
_SPENDING_WORDS = re.compile(r"(实际|支出|拨付|支付|使用|执行数|执行|到位|完成|累计|共计|合计|总计|发生|共|全年|全部|"
                             r"年度|本年|当年|项目|财政|部门|单位|整体|其中|[“”\"'])")


def _item_cost(text: str, found_q: list[tuple[int, int, Quantity]]) -> bool:
    """True when the sentence's money amounts are what one item cost (``全年拨付承储企业保管费用补贴415万元``,
    ``垃圾清运处置支出三百六十二万元``): no budget word in the sentence, and an amount's clause names
    something besides the spending verbs.  Such an amount is a claim (a 成本指标's actual), not a budget line."""
    if _BUDGET_WORDS.search(text):
        return False
    for qs, _qe, q in found_q:
        if not _is_money(q):
            continue
        cs, _ = _clause_bounds(text, qs)
        item = _SPENDING_WORDS.sub("", _strip_name(text[cs:qs]))
        if len(item) >= 2:
            return True
    return False


# the words just before an amount say which budget figure it is; checked in this order (调减至130万元 is the
# adjusted budget, 调减20万元 a change of it; 全年预算执行数 is spent money)
_BUDGET_ROLE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("adjusted", re.compile(r"(调整后|调整为|(?:调整|调减|调增|核减|压减|追加|增加|减少)(?:到|至)\s*$)")),
    ("initial", re.compile(r"年初(?:预算|安排|批复|下达)")),
    ("added", re.compile(r"(追加|调增|增加预算|新增预算)")),
    ("reduced", re.compile(r"(调减|核减|压减|减少预算)")),
    ("executed", _BUDGET_CUES["executed"]),
    ("adjusted", _BUDGET_CUES["adjusted"]),
)


def _budget_role(before: str) -> str:
    for role, cue in _BUDGET_ROLE_CUES:
        if cue.search(before):
            return role
    return ""


def _sentence_budget(doc: Document, s: _Sentence, found_q: list[tuple[int, int, Quantity]]) -> BudgetLine | None:
    """``专项资金金额为300.00万元,项目实际支出298.70万元,预算执行率为99.57%`` -> one budget line; none when the
    amounts are the cost of one item (:func:`_item_cost`).

    ``年初预算520万元，年中追加80万元，调整后预算580万元`` -> initial 520, added +80, adjusted 580: each amount
    takes its role from the words since the previous figure of its clause (调减/核减 subtract)."""
    text = s.text
    if _item_cost(text, found_q):
        return None
    figures: dict[str, float] = {}
    added: float | None = None
    unit = "万元"
    prev_end = 0
    for qs, qe, q in found_q:
        cs, _ = _clause_bounds(text, qs)
        before = text[cs:qs]
        near = text[max(cs, prev_end):qs]
        prev_end = qe
        if q.value is None:
            continue
        if ("执行率" in before or "支出率" in before) and (q.unit == "%" or q.kind == "percent"):
            figures.setdefault("rate", q.value)
        elif _is_money(q):
            role = _budget_role(near) or _budget_role(before)
            if role in ("added", "reduced"):
                amount = _to_wanyuan(q) * (1 if role == "added" else -1)
                added = amount if added is None else added + amount
            elif role:
                figures.setdefault(role, _to_wanyuan(q))
    if added is not None:
        figures["added"] = added
    if not figures or set(figures) == {"rate"} and "预算" not in text:
        return None
    return BudgetLine(label="项目资金", is_total=True, initial=figures.get("initial"), added=figures.get("added"),
                      adjusted=figures.get("adjusted"), executed=figures.get("executed"),
                      rate_stated=figures.get("rate"), unit=unit, span=s.span(doc.name, s.start, s.end))


_BUDGET_LINE_FIELDS = ("initial", "added", "adjusted", "executed", "rate_stated")


def _continue_budget(doc: Document, s: _Sentence, line: BudgetLine, found: Findings) -> bool:
    """``…调整后预算580万元；全年实际支出五百零二万元，预算执行率86.6%``: a clause after a semicolon that goes
    on with the budget of the clause before it completes that line (no figure given twice)."""
    prev = found.budget[-1] if found.budget else None
    if (prev is None or (prev.span.row, prev.span.col) != (s.row, s.col)
            or prev.span.block != s.block.index or prev.span.end != s.start
            or s.block.text[s.start - 1:s.start] not in ("；", ";")):
        return False
    if any(getattr(prev, f) is not None and getattr(line, f) is not None for f in _BUDGET_LINE_FIELDS):
        return False
    for f in _BUDGET_LINE_FIELDS:
        if getattr(prev, f) is None:
            setattr(prev, f, getattr(line, f))
    prev.span = s.span(doc.name, prev.span.start, s.end)
    return True


def _to_wanyuan(q: Quantity) -> float:
    value = q.value or 0.0
    return {"元": value / 10000, "千元": value / 10, "亿元": value * 10000, "亿": value * 10000}.get(q.unit, value)


def _sentence_score_total(doc: Document, s: _Sentence, found_q: list[tuple[int, int, Quantity]],
                          found: Findings) -> set[int]:
    """``本项目综合绩效得分为91.80分`` -> StatedTotal(score_total).  Returns the quantity starts used."""
    used: set[int] = set()
    text = s.text
    for qs, qe, q in found_q:
        cs, _ = _clause_bounds(text, qs)
        if q.value is not None and _SCORE_TOTAL.search(text[cs:qs]):
            label = _SCORE_TOTAL.search(text[cs:qs]).group(1)  # type: ignore[union-attr]
            found.totals.append(StatedTotal(kind="score_total", label=label, value=q.value,
                                            span=s.span(doc.name, s.start + qs, s.start + qe)))
            used.add(qs)
    return used


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


@dataclass
class _ProseQuantity:
    name: str
    quantity: Quantity
    text: str
    start: int
    end: int
    is_target: bool


def _sentence_quantities(s: _Sentence, found_q: list[tuple[int, int, Quantity]], skip: set[int], *,
                         role: Literal["policy", "report"]) -> list[_ProseQuantity]:
    """The measured quantities of a sentence; changes (``较计划减少260人次``, ``提高2个百分点``) and reference
    dates (``截至12月31日``) are context, not measurements."""
    text = s.text
    out = []
    for n, (qs, qe, q) in enumerate(found_q):
        cs, ce = _clause_bounds(text, qs)
        lo = max([cs] + [e for _, e, _ in found_q[:n]])
        hi = min([ce] + [b for b, _, _ in found_q[n + 1:] if b >= qe])
        before = text[lo:qs]
        if qs in skip or _CHANGE_BEFORE.search(before) or q.unit == "个百分点" or \
                (q.kind == "date" and _REFERENCE_DATE.search(before)):
            continue
        is_target = bool(_TARGET_CUE.search(text[cs:qs])) or text[qe:qe + 4].startswith(("的目标", "目标"))
        name = _measured_name(text, lo, qs, qe, hi, q)
        composed = _direction_text(text, lo, qs, qe, as_target=is_target or role == "policy")
        parsed = parse_quantity(composed) if composed != text[qs:qe] else None
        out.append(_ProseQuantity(name=name, quantity=parsed or q, text=composed, start=qs, end=qe,
                                  is_target=is_target))
    return out


def _only_a_date(text: str, found_q: list[tuple[int, int, Quantity]]) -> bool:
    """A line that is just a date (the report's date on its cover), not a claim."""
    if any(q.kind != "date" for _, _, q in found_q):
        return False
    rest = text
    for qs, qe, _ in sorted(found_q, reverse=True):
        rest = rest[:qs] + rest[qe:]
    return len(re.sub(r"[\s\W年月日前底]", "", rest)) < 2


_TARGET_LIST = re.compile(r"(绩效目标|年度目标|目标任务|预期目标|主要目标|目标)(为|是|包括|如下)?\s*[：:]")


def read_prose(doc: Document, found: Findings, *, role: Literal["policy", "report"]) -> None:
    """Read the document's paragraphs sentence by sentence (contents lines skipped)."""
    read_sentences(doc, _sentences(doc), found, role=role)


def read_sentences(doc: Document, sentences: Iterator[_Sentence], found: Findings, *,
                    role: Literal["policy", "report"], targets: bool = False) -> None:
    """Read sentences as prose; ``targets``: every figure is a target (the 预期目标 cell of a form)."""
    target_list: tuple[int, int | None, int | None] | None = None  # `年初确定的绩效目标为：…；…；…` sets
    for s in sentences:                                              # targets up to the paragraph (cell) end
        where = (s.block.index, s.row, s.col)
        if _TARGET_LIST.search(s.text):
            target_list = where
        elif target_list != where:
            target_list = None
        targets_only = targets or target_list is not None
        found_q = meaningful(s.text)
        if not found_q and role == "report" and not targets_only:
            found.claims.extend(_completion_claims(doc, s))
            continue
        if not found_q or _only_a_date(s.text, found_q):
            continue
        before = _found_count(found)
        if role == "report":
            _report_sentence(doc, s, found_q, found, targets_only=targets_only)
        else:
            _policy_sentence(doc, s, found_q, found)
        if s.row is None:  # sentences outside tables: the reading summary counts them
            found.prose_numbers += 1
            found.prose_read += _found_count(found) > before


def _found_count(found: Findings) -> int:
    return len(found.claims) + len(found.budget) + len(found.totals) + len(found.indicators)


def _report_sentence(doc: Document, s: _Sentence, found_q: list[tuple[int, int, Quantity]],
                     found: Findings, *, targets_only: bool = False) -> None:
    used = _sentence_score_total(doc, s, found_q, found)
    budget = _sentence_budget(doc, s, found_q)
    if budget is not None:
        if not _continue_budget(doc, s, budget, found):
            found.budget.append(budget)
        used |= {qs for qs, _, q in found_q if _is_money(q) or "执行率" in s.text[_clause_bounds(s.text, qs)[0]:qs]}
    quantities = [pq for pq in _sentence_quantities(s, found_q, used, role="report") if not _is_money(pq.quantity) or pq.name]
    if targets_only:
        for pq in quantities:
            pq.is_target = True
            if budget is None and pq.quantity.kind not in ("date", "qualitative"):
                # stated as a target, the text carries its direction the way a target cell would
                pq.quantity = parse_quantity(pq.text) or pq.quantity
    claims = _pair_claims(doc, s, quantities)
    found.claims.extend(claims)
    if not claims and budget is None and not used:
        found.unparsed.append(Unparsed(text=s.text.strip(), reason="句中数字未能与所衡量的事项对应",
                                       span=s.span(doc.name, s.start, s.end)))


# `特殊困难老年人家庭适老化改造工作已全面完成`: the work is said to be done, with no figure.  ``已`` (or 均已/已经)
# is required, so an instruction (`全面完成改造任务`) or a plan is not read as a result.
_COMPLETION = re.compile(r"(?:均已经|均已|已经|已)(?:全面|全部|按期|如期|按时|顺利|圆满)?(?:完成|建成|完工|竣工|落实到位|落实)")
_COMPLETION_TAIL = re.compile(r"(?:的)?(?:工作|任务|工程|建设任务|项目)$")


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


def _pair_claims(doc: Document, s: _Sentence, quantities: list[_ProseQuantity]) -> list[Claim]:
    """Each measured quantity becomes a claim; a target quantity (``未达到年初1000人次的目标``) joins the claim
    before it (or the next one); the sentence's deviation reason joins every claim of the sentence."""
    claims: list[Claim] = []
    pending: _ProseQuantity | None = None
    base = s.start
    for pq in quantities:
        if pq.is_target:
            last = claims[-1] if claims else None
            if last is not None and last.target is None:
                _set_target(doc, s, last, pq)
            else:
                pending = pq
            continue
        if not _names_a_measure(pq):
            continue
        claim = Claim(id=f"{doc.name}#b{s.block.index}s{base + pq.start}", kind="prose", name=pq.name,
                      actual=pq.quantity, actual_text=pq.text, text=s.text.strip(),
                      span=s.span(doc.name, s.start, s.end),
                      actual_span=s.span(doc.name, base + pq.start, base + pq.end))
        claim.level1, claim.level2 = _guess_levels(pq.name, pq.quantity)
        if pending is not None:
            _set_target(doc, s, claim, pending)
            pending = None
        claims.append(claim)
    if pending is not None and _names_a_measure(pending):
        # a target with no measurement in its sentence (`绩效目标为：新建老年助餐点20个；`): a claim that
        # restates a target; without a policy file it defines an indicator
        claim = Claim(id=f"{doc.name}#b{s.block.index}s{base + pending.start}", kind="prose", name=pending.name,
                      text=s.text.strip(), span=s.span(doc.name, s.start, s.end))
        _set_target(doc, s, claim, pending)
        claim.level1, claim.level2 = _guess_levels(pending.name, pending.quantity)
        claims.append(claim)
    reason, rs, re_ = _reason(s)
    if reason:
        for claim in claims:
            claim.reason = reason
            claim.reason_span = s.span(doc.name, base + rs, base + re_)
    return claims


_NOT_A_NAME = re.compile(r"[%％=≥≤<>]|\d+\s*-\s*\d+")


def _balanced(name: str) -> bool:
    return name.count("(") + name.count("（") == name.count(")") + name.count("）")


_MEASURE_SUFFIX = ("数", "率", "量", "值", "度", "比例", "比重", "指数", "面积", "长度", "里程", "规模", "人次", "时间")


def _names_a_measure(pq: _ProseQuantity) -> bool:
    """A name, and for a bare number (no unit) a name that says what is counted (``安全事故发生数为0``)."""
    if not 2 <= len(pq.name) <= 25 or _NOT_A_NAME.search(pq.name) or not _balanced(pq.name):
        return False
    q = pq.quantity
    return bool(q.unit) or q.kind in ("date", "duration", "percent") or pq.name.endswith(_MEASURE_SUFFIX)


def _set_target(doc: Document, s: _Sentence, claim: Claim, pq: _ProseQuantity) -> None:
    q = pq.quantity.model_copy()
    if q.kind != "qualitative":
        q.direction = resolve_direction(q, claim.name)
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
        if not _names_a_measure(pq):
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
