"""Budget figures and score totals stated in sentences (``专项资金金额为300.00万元,项目实际支出298.70万元,预算执行率为
99.57%``; ``下达…万元…已拨付…万元``; ``本项目综合绩效得分为91.80分``)."""

from __future__ import annotations

import re

from docreview.extract.rows import Findings
from docreview.extract.sentences import _clause_bounds, _Sentence, _strip_name
from docreview.models import BudgetLine, Document, Quantity, StatedTotal

_SCORE_TOTAL = re.compile(
    r"(综合绩效得分|综合得分|自评总分|自评得分|绩效得分|总得分|评价得分|最终得分|总分)(?:为|是|:|：)?\s*$")
_BUDGET_CUES = {
    "adjusted": re.compile(r"(专项资金金额|资金金额|预算资金|预算数|预算金额|资金总额|批复|安排|下达|申请|总投资|预算)"),
    "executed": re.compile(r"(实际支出|支出|执行数|使用|完成预算资金|完成投资|拨付|(?<!转移)支付|到位|执行|(?<!计划)发放)"),
}
_MONEY_UNITS = {"元", "万元", "亿元", "千元", "万", "亿"}
# a stated execution rate (资金到位率 is not one: money received, not spent)
_RATE_CUE = re.compile(r"(执行率|支出率|支付率|支付完成率|支付进度)")


def _is_money(q: Quantity) -> bool:
    return q.unit in _MONEY_UNITS


# words that make a sentence's amounts the budget of the whole project or unit, not the cost of one item
_BUDGET_WORDS = re.compile(r"(预算|资金|总投资|执行率|支出率|经费总额|项目支出总额|部门整体支出)")
# what is left of the words before an amount once the spending verbs are gone says whether it names an item
_SPENDING_WORDS = re.compile(r"(实际|支出|拨付|支付|发放|使用|执行数|执行|到位|完成|累计|共计|合计|总计|发生|共|全年|全部|"
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


def _part_of_total(text: str, qs: int, money_before: bool) -> bool:
    """An amount that breaks down another: after ``其中`` (``预算数1286.40万元，其中基本支出812.65万元``, or in a
    sentence opening with 其中 after a budget sentence), or inside ``由…组成``."""
    head = text[:qs]
    if "其中" in head and (money_before or head.lstrip(" ，,（(").startswith("其中")):
        return True
    return bool(re.search(r"由[^。；;，,]*$", head)) and "组成" in text[qs:]


def _sentence_budget(doc: Document, s: _Sentence,
                     found_q: list[tuple[int, int, Quantity]]) -> tuple[BudgetLine | None, set[int]]:
    """``专项资金金额为300.00万元,项目实际支出298.70万元,预算执行率为99.57%`` -> one budget line; none when the
    amounts are the cost of one item (:func:`_item_cost`).  Also returns the starts of the amounts that only
    break down another (:func:`_part_of_total`): they are no budget figure and no claim.

    ``年初预算520万元，年中追加80万元，调整后预算580万元`` -> initial 520, added +80, adjusted 580: each amount
    takes its role from the words since the previous figure of its clause (调减/核减 subtract)."""
    text = s.text
    if _item_cost(text, found_q):
        return None, set()
    figures: dict[str, float] = {}
    parts: set[int] = set()
    added: float | None = None
    unit = "万元"
    prev_end = 0
    money_before = False
    for qs, qe, q in found_q:
        cs, _ = _clause_bounds(text, qs)
        before = text[cs:qs]
        near = text[max(cs, prev_end):qs]
        prev_end = qe
        if q.value is None:
            continue
        if _RATE_CUE.search(before) and (q.unit == "%" or q.kind == "percent"):
            figures.setdefault("rate", q.value)
        elif _is_money(q):
            role = _budget_role(near) or _budget_role(before)
            if _part_of_total(text, qs, money_before) and (role or money_before):
                parts.add(qs)  # (`其中:30万元用于…编制` names what an amount paid for: a claim)
                continue
            money_before = True
            if role in ("added", "reduced"):
                amount = _to_wanyuan(q) * (1 if role == "added" else -1)
                added = amount if added is None else added + amount
            elif role:
                figures.setdefault(role, _to_wanyuan(q))
    if added is not None:
        figures["added"] = added
    if not figures or set(figures) == {"rate"} and not re.search(r"预算|资金|支付", text):
        return None, parts
    return BudgetLine(label="项目资金", is_total=True, initial=figures.get("initial"), added=figures.get("added"),
                      adjusted=figures.get("adjusted"), executed=figures.get("executed"),
                      rate_stated=figures.get("rate"), unit=unit, span=s.span(doc.name, s.start, s.end)), parts


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


def _borrow_budget(line: BudgetLine, found: Findings) -> None:
    """``预算共10441万元…`` in one paragraph, ``全年实际执行9265.35万元,项目执行率为88.74%`` in a later one: a line
    with spending and no budget divides by the budget of an earlier prose line (one without spending of its
    own): the one its stated rate agrees with (within 0.5 point), else the only one there is."""
    if line.executed is None or line.initial is not None or line.adjusted is not None or line.span.row is not None:
        return
    # spending, once a line has it, stays: the pool only shrinks between calls (a scan of every earlier line
    # would cost a long report the square of its budget sentences)
    found.budget_without_spending[:] = [b for b in found.budget_without_spending if b.executed is None]
    earlier = [b for b in found.budget_without_spending if b.span.row is None and b.span.file == line.span.file
               and (b.adjusted or b.initial)]
    if line.rate_stated is not None:
        earlier = [b for b in earlier
                   if abs(line.executed / (b.adjusted or b.initial or 1.0) * 100 - line.rate_stated) <= 0.5]
    elif len(earlier) != 1:
        earlier = _restated_total(earlier)
        if not earlier:
            return
    if earlier:
        line.initial, line.adjusted = earlier[-1].initial, earlier[-1].adjusted


def _restated_total(lines: list[BudgetLine]) -> list[BudgetLine]:
    """Of several earlier budget figures (``2023年累计下达补助资金246.2万元``, a batch of ``57.5万元``, again ``共收到下达
    的补助资金246.2万元``), the total a report states more than once, when it is also the largest: the budget its
    spending is measured against.  Otherwise none (figures of several projects: no guessing)."""
    amounts = [b.adjusted or b.initial or 0.0 for b in lines]
    top = max(amounts, default=0.0)
    if top <= 0 or sum(1 for a in amounts if abs(a - top) < 1e-9) < 2:
        return []
    return [b for b, a in zip(lines, amounts, strict=True) if abs(a - top) < 1e-9]


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


# --------------------------------------------------------------------------- a total and its parts in one sentence

_SUM_WORD = re.compile(r"(合计|总计|共计|累计|总共|共)")
_OF_WHICH = re.compile(r"其中[:：]?")
_ALTERNATIVES = re.compile(r"^\s*[(（]([^)）]{1,12})[)）]")
_MEASURE = re.compile(r"([\u4e00-\u9fff]{2})$")


def _unit_set(text: str, end: int, q: Quantity) -> set[str]:
    """The unit of a figure and the alternatives written after it (``16954套(台、块、项)``)."""
    units = {q.unit} if q.unit else set()
    m = _ALTERNATIVES.match(text[end:])
    if m:
        units |= {u for u in re.split(r"[、,，/]", m.group(1)) if u}
    return units


def _measure_word(text: str, qs: int) -> str:
    """The two characters naming what a figure measures, right before it (``财政资金支出2419.45`` → 支出)."""
    m = _MEASURE.search(re.sub(r"[为是了:：约达]+$", "", text[max(0, qs - 8):qs]))
    return m.group(1) if m else ""


def sentence_sum(doc: Document, s: _Sentence, found_q: list[tuple[int, int, Quantity]], found: Findings) -> None:
    """A total and its parts stated in one sentence, as a :class:`ColumnTotal` the totals rule checks
    (``arithmetic_error``): ``合计16954套(台、块、项),其中:总平台558套,…`` (the parts after 其中), or ``专项资金支出
    316.38万元，…；财政资金支出2419.45万元，…；合计总支出2939.83万元`` (the parts before the total, each measuring
    the same thing: the same word before each figure).  Rates are never parts; at least two parts, all in the
    total's unit."""
    from docreview.models import ColumnTotal

    text = s.text
    plain = [(qs, qe, q) for qs, qe, q in found_q if q.value is not None and q.kind == "number"]
    for i, (qs, qe, q) in enumerate(plain):
        cs, _ = _clause_bounds(text, qs)
        word = _SUM_WORD.search(text[cs:qs])
        if word is None or q.value is None:
            continue
        units = _unit_set(text, qe, q)
        of_which = _OF_WHICH.search(text, qe)
        if of_which is not None and of_which.start() - qe <= 20:
            parts = [(ps, pe, p) for ps, pe, p in plain[i + 1:] if ps >= of_which.end()]
            parts = [x for x in parts if _unit_set(text, x[1], x[2]) & units]
        else:
            measure = _measure_word(text, qs)
            parts = [x for x in plain[:i] if measure and _measure_word(text, x[0]) == measure
                     and _unit_set(text, x[1], x[2]) & units]
        if len(parts) < 2 or any(p.value == q.value for _a, _b, p in parts):
            continue  # a part as large as the whole: counts by level (一级3个、二级8个、三级15个), not a partition
        first, last = parts[0], parts[-1]
        found.column_totals.append(ColumnTotal(
            label=text[cs:qs].strip("，,；;：: ") or word.group(1), column="正文", stated=q.value,
            parts=[p.value or 0.0 for _a, _b, p in parts], unit=q.unit,
            span=s.span(doc.name, s.start + qs, s.start + qe),
            parts_span=s.span(doc.name, s.start + min(first[0], qs), s.start + max(last[1], qe))))
        return
