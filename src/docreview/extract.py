"""Extract indicators (policy) and claims, budget lines and stated totals (report) from a ``Document``.

Tables are read row by row.  A header row is recognised by scoring its cells against the column aliases of
domain.md §1 (it may be any row of a table, and may repeat); the rows under it are indicator rows, budget
rows or total rows until the next header.  一级/二级 cells left empty by merged cells are carried down;
rows shortened by HTML rowspans are realigned to the header.  In a report, a table (or the part of one
above its first header) that is neither an indicator nor a budget table is a detail table (明细表, 成本构成): its
合计/总计/小计 rows give one ``ColumnTotal`` per column of figures.  Prose is read sentence by sentence: each
quantity is paired with what it measures.  Whatever holds a number but is not understood goes to
``unparsed`` with a reason, so nothing is lost silently.

Public entry points: :func:`extract_policy`, :func:`extract_report`, :func:`indicators_from_report`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from docreview.models import (
    Block,
    BudgetLine,
    Claim,
    ColumnTotal,
    Document,
    Indicator,
    PolicyExtraction,
    Quantity,
    ReportExtraction,
    Span,
    StatedTotal,
    Unparsed,
)
from docreview.normalize import (
    canonical_unit,
    find_quantities,
    is_empty_value,
    parse_number,
    parse_quantity,
    resolve_direction,
    to_halfwidth,
)

__all__ = ["extract_policy", "extract_report", "indicators_from_report"]

# --------------------------------------------------------------------------- column aliases

# Header cells are compared after _header_key(): half-width, no spaces, no parenthesised parts, no colons.
_NAME_ALIASES = ("三级指标", "指标名称", "指标内容", "具体指标", "绩效指标", "指标项目", "指标")
_INDICATOR_ALIASES: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    **{a: "name" for a in _NAME_ALIASES},
    **{a: "target" for a in ("年度指标值", "指标值", "年初目标值", "目标值", "预期目标", "预期目标值",
                             "当年预期实现值", "年度目标值", "绩效目标值", "预期指标值", "年度目标")},
    **{a: "target_weak" for a in ("绩效标准", "指标标准")},
    **{a: "actual" for a in ("实际完成值", "完成值", "全年完成值", "实际完成情况", "全年实际完成值",
                             "实际完成", "实际值", "年度完成值", "实际完成数", "完成情况")},
    **{a: "direction" for a in ("指标性质", "计算符号", "指标方向", "符号")},
    **{a: "unit" for a in ("度量单位", "计量单位", "指标单位", "单位")},
    **{a: "weight" for a in ("分值", "权重", "指标分值", "指标权重", "权重分值")},
    **{a: "score" for a in ("得分", "自评得分", "评价得分", "实际得分", "自评分")},
    **{a: "reason" for a in ("偏差原因分析及改进措施", "未完成原因分析", "偏差大或目标未完成原因分析",
                             "未完成原因和改进措施", "偏差原因分析", "偏差原因", "未完成原因", "原因分析",
                             "原因", "偏差原因及改进措施")},
    **{a: "ignore" for a in ("指标解释", "指标说明及评分标准", "评分标准", "指标说明", "备注", "序号",
                             "保障绩效目标实现措施", "得分率", "说明")},
}
_BUDGET_ALIASES: dict[str, str] = {
    **{a: "initial" for a in ("年初预算数", "年初预算", "年初预算金额")},
    **{a: "adjusted" for a in ("全年预算数", "调整后预算数", "预算数", "调整后预算", "全年预算", "预算金额")},
    **{a: "executed" for a in ("全年执行数", "执行数", "预算执行数", "实际执行数", "全年实际执行数",
                               "实际支出数", "支出数")},
    **{a: "added" for a in ("追加数", "追加预算", "年中追加", "年中追加数", "追加调整数", "调整数", "预算调整数")},
    **{a: "rate" for a in ("执行率", "预算执行率", "全年执行率")},
    **{a: "weight" for a in ("分值", "权重")},
    **{a: "score" for a in ("得分", "自评得分")},
}
_BUDGET_AMOUNT_ROLES = ("initial", "adjusted", "added", "executed", "rate")
_VALUE_ROLES = ("target", "actual", "weight", "score")
_TOTAL_LABELS = ("合计", "总计", "总分", "合计得分", "总得分", "总分值")
_BUDGET_TOTAL_LABELS = ("项目资金", "年度资金总额", "资金总额", "总额", "合计", "总计", "部门整体支出总额", "项目资金总额",
                        "预算总额", "支出总额")

_LEVEL1_WORDS = {"产出指标", "效益指标", "满意度指标", "成本指标", "社会公众或服务对象满意度指标"}
_LEVEL2_TO_LEVEL1 = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "服务对象满意度指标": "满意度指标", "满意度指标": "满意度指标",
}

_WEIGHT_LABEL = re.compile(r"^(?P<label>.+?)\s*[(（](?P<value>\d+(?:\.\d+)?)\s*分[)）]\s*$")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_SPACE = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _header_key(text: str) -> str:
    t = _SPACE.sub("", to_halfwidth(text))
    t = _PAREN.sub("", t)
    return t.strip(":：*").strip()


def _clean(text: str) -> str:
    """Cell text as a name: spaces left by line wraps inside CJK text removed."""
    return _CJK_GAP.sub("", text.strip())


_FIGURE = re.compile(r"^[-+]?\d+(?:\.\d+)?\s*(?:%|分|万元|元|万|个百分点)?$")


def _number(text: str) -> float | None:
    """A plain figure (weight, score, amount): ``8``, ``59.80``, ``100分``, ``864.2万``; ``100%`` -> 100.

    A cell of prose that merely contains a figure is not a figure."""
    t = to_halfwidth(text).strip().replace(",", "")
    if not t or is_empty_value(t):
        return None
    if _FIGURE.match(t):
        m = _NUMBER.search(t)
        return float(m.group()) if m else None
    return parse_number(t) if len(t) <= 10 else None


# --------------------------------------------------------------------------- table layouts


@dataclass
class _Layout:
    kind: Literal["indicator", "budget"]
    roles: dict[int, str]  # logical column -> role
    width: int
    header_row: int
    long_term: bool = False  # 长期绩效指标: not this year's targets

    def col(self, role: str) -> int | None:
        for c, r in self.roles.items():
            if r == role:
                return c
        return None


def _indicator_layout(cells: list[str], row: int) -> _Layout | None:
    keys = [_header_key(c) for c in cells]
    roles = {i: _INDICATOR_ALIASES[k] for i, k in enumerate(keys) if k in _INDICATOR_ALIASES}
    values = {r for r in roles.values() if r in _VALUE_ROLES or r == "target_weak"}
    has_levels = any(r in ("level1", "level2") for r in roles.values())
    if not values or not (has_levels or "name" in roles.values()):
        return None
    if len(roles) < 2:
        return None
    roles = _choose_name_column(roles, keys)
    if "target" in roles.values():
        roles = {c: ("ignore" if r == "target_weak" else r) for c, r in roles.items()}
    else:
        roles = {c: ("target" if r == "target_weak" else r) for c, r in roles.items()}
    if not any(r in _VALUE_ROLES for r in roles.values()):
        return None
    long_term = any("长期" in k for k in keys)
    return _Layout("indicator", roles, len(cells), row, long_term=long_term)


def _choose_name_column(roles: dict[int, str], keys: list[str]) -> dict[int, str]:
    """Keep one name column: the most specific alias; without one, the deepest level column names."""
    named = [c for c, r in roles.items() if r == "name"]
    roles = {c: r for c, r in roles.items() if r != "name"}
    if named:
        best = min(named, key=lambda c: (_NAME_ALIASES.index(keys[c]), c))
        roles[best] = "name"
        for c in named:
            if c != best:
                roles[c] = "ignore"
        return roles
    for level in ("level2", "level1"):
        cols = [c for c, r in roles.items() if r == level]
        if cols:
            roles[cols[0]] = "name"
            return roles
    return roles


def _budget_layout(cells: list[str], row: int) -> _Layout | None:
    keys = [_header_key(c) for c in cells]
    roles = {i: _BUDGET_ALIASES[k] for i, k in enumerate(keys) if k in _BUDGET_ALIASES}
    amounts = {r for r in roles.values() if r in _BUDGET_AMOUNT_ROLES}
    if len(amounts) < 2:
        return None
    return _Layout("budget", roles, len(cells), row)


# --------------------------------------------------------------------------- short rows (HTML rowspans)


def _align(cells: list[str], layout: _Layout) -> list[int | None]:
    """Map each logical column of ``layout`` to a physical cell index of ``cells``.

    A row shorter than its header lost the cells covered by rowspans (一级/二级 of the previous rows).  The
    missing block is placed where the cells fit their columns best: figures under value columns, 一级/二级
    words under level columns.
    """
    n, k = layout.width, layout.width - len(cells)
    if k <= 0:
        return [i if i < len(cells) else None for i in range(n)]
    best: tuple[float, list[int | None]] | None = None
    starts = range(n - k + 1)
    if layout.kind == "budget":
        starts = range(n - k, -1, -1)  # colspans: a figure spanning two columns sits in the left one
    for s in starts:
        mapping: list[int | None] = [None] * n
        for i in range(len(cells)):
            mapping[i if i < s else i + k] = i
        fit = sum(_fit(cells[p], layout.roles.get(c, "")) for c, p in enumerate(mapping) if p is not None)
        fit -= sum(2 for c in range(s, s + k) if layout.roles.get(c) in ("name", "target", "actual", "executed"))
        if best is None or fit > best[0]:
            best = (fit, mapping)
    assert best is not None
    return best[1]


def _fit(text: str, role: str) -> float:
    t = text.strip()
    if not t:
        return 0.0
    key = _header_key(t)
    figure = _looks_figure(t)
    if role in ("target", "actual", "weight", "score", "initial", "adjusted", "added", "executed", "direction"):
        return 1.0 if figure or role in ("target", "actual") else -1.0
    if role == "rate":
        return 2.0 if "%" in t else (0.5 if figure else -1.0)
    if role == "level1":
        return 2.0 if key in _LEVEL1_WORDS or _WEIGHT_LABEL.match(t) else (-1.0 if figure else 0.0)
    if role == "level2":
        return 2.0 if key.endswith("指标") or _WEIGHT_LABEL.match(t) else (-1.0 if figure else 0.0)
    if role == "name":
        return -1.0 if figure or key in _LEVEL1_WORDS else 0.5
    if role == "ignore":
        return 0.5 if t.isdigit() else 0.0
    return -0.5 if figure else 0.0


def _looks_figure(text: str) -> bool:
    t = to_halfwidth(text).strip()
    return bool(t) and bool(re.fullmatch(r"[≥≤≧≦><=＝]?\s*[-+]?\d+(?:\.\d+)?\s*(%|分|万元|元|万)?", t))


# --------------------------------------------------------------------------- table reading


@dataclass
class _Row:
    """One indicator row of a table, with the provenance of each field."""

    id: str
    name: str
    level1: str | None
    level2: str | None
    text: str
    span: Span
    target_text: str = ""
    target_span: Span | None = None
    direction_text: str = ""
    unit_text: str = ""
    actual_text: str | None = None
    actual_span: Span | None = None
    weight: float | None = None
    self_score: float | None = None
    self_score_text: str | None = None
    score_span: Span | None = None
    reason: str | None = None
    reason_span: Span | None = None


@dataclass
class _Findings:
    rows: list[_Row] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    totals: list[StatedTotal] = field(default_factory=list)
    column_totals: list[ColumnTotal] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)  # prose
    indicators: list[Indicator] = field(default_factory=list)  # prose (policy)


@dataclass
class _Carry:
    """一级/二级 carried down over merged cells."""

    level1: str | None = None
    level2: str | None = None

    def update(self, level1: str, level2: str) -> tuple[str | None, str | None]:
        if level1:
            if level1 != self.level1:
                self.level2 = None
            self.level1 = level1
        if level2:
            self.level2 = level2
        return self.level1, self.level2


def _read_tables(doc: Document, found: _Findings, *, detail_totals: bool = False, prose_cells: bool = False) -> None:
    for block in doc.blocks:
        if block.kind == "table" and block.rows:
            _read_table(doc, block, found, detail_totals=detail_totals, prose_cells=prose_cells)


def _read_table(doc: Document, block: Block, found: _Findings, *, detail_totals: bool = False,
                prose_cells: bool = False) -> None:
    layout: _Layout | None = None
    carry = _Carry()
    understood: set[int] = set()
    if detail_totals:
        first_header = next((r for r, row in enumerate(block.rows)
                             if _indicator_layout(row.cells, r) or _budget_layout(row.cells, r)), len(block.rows))
        understood = _detail_totals(doc, block, first_header, found)
    for r, row in enumerate(block.rows):
        cells = row.cells
        new = _indicator_layout(cells, r) or _budget_layout(cells, r)
        if new is not None:
            layout, carry = new, _Carry()
            _level1_weights(doc, block, r, cells, None, found)
            continue
        weight_cells = _level1_weights(doc, block, r, cells, layout, found)
        if not any(c.strip() for i, c in enumerate(cells) if i not in weight_cells):
            continue
        if layout is not None and layout.kind == "indicator" and _indicator_row(doc, block, r, layout, carry, found):
            continue
        if layout is not None and layout.kind == "budget" and _budget_row(doc, block, r, layout, found):
            continue
        if _total_row(doc, block, r, layout, found) or r in understood:
            continue
        if prose_cells and _prose_row(doc, block, r, weight_cells, found):
            continue
        _unparsed_row(doc, block, r, layout, weight_cells, found)


# --------------------------------------------------------------------------- prose in table cells

_PROSE_CELL_MIN = 15
_SENTENCE_MARK = re.compile(r"[。！？；;，,：:!?]")


def _prose_cell(text: str) -> bool:
    """A cell holding sentences (``本项目共完成预算资金89.97万元。其中:…``), not a name, figure or label."""
    t = text.strip()
    return len(t) >= _PROSE_CELL_MIN and (bool(_SENTENCE_MARK.search(t))
                                          or any(q.unit for _s, _e, q in _meaningful(t)))


def _cell_role(block: Block, r: int, c: int) -> str | None:
    """``target`` or ``actual`` when the cell stands under (or beside) a 预期目标 / 实际完成情况 label."""
    cells = block.rows[r].cells
    labels = [next((t for t in reversed(cells[:c]) if t.strip()), "")]  # the label cell to its left
    for above in block.rows[max(0, r - 2):r][::-1]:  # the header cell above it, in a row of the same shape
        if len(above.cells) == len(cells) and above.cells[c].strip():
            labels.append(above.cells[c])
            break
    for label in labels:
        role = _INDICATOR_ALIASES.get(_header_key(label))
        if role in ("target", "actual"):
            return role
    return None


def _prose_row(doc: Document, block: Block, r: int, weight_cells: set[int], found: _Findings) -> bool:
    """A row of neither indicators, budget nor totals whose long cells hold sentences (年度总体目标 | 预期目标 |
    实际完成情况 of a self-evaluation form): each such cell is read by the paragraph reader, its figures as
    targets under 预期目标.  False when nothing was understood (the row is then listed as unparsed)."""
    row = block.rows[r]
    if not row.offsets:
        return False
    read = _Findings()
    seen: set[str] = set()
    prose: set[int] = set()
    for c, text in enumerate(row.cells):
        if c in weight_cells or not _prose_cell(text) or text.strip() in seen:
            continue  # a merged cell repeated across columns is read once
        if block.text[row.offsets[c]:row.offsets[c] + len(text)] != text:
            continue  # offsets do not point at the cell: no span could quote it
        seen.add(text.strip())
        prose.add(c)
        sentences = _split(block, row.offsets[c], row.offsets[c] + len(text), row=r, col=c)
        _read_sentences(doc, sentences, read, role="report", targets=_cell_role(block, r, c) == "target")
    if not (read.claims or read.budget or read.totals):
        return False
    found.claims += read.claims
    found.budget += read.budget
    found.totals += read.totals
    found.unparsed += read.unparsed
    for c, text in enumerate(row.cells):  # figures in the row's other cells are not understood
        if c not in prose and c not in weight_cells and text.strip() not in seen and _has_number(text):
            found.unparsed.append(Unparsed(text=text.strip(), reason="表格行中的数字未能识别",
                                           span=block.cell_span(doc.name, r, c)))
    return True


def _level1_weights(doc: Document, block: Block, r: int, cells: list[str], layout: _Layout | None,
                    found: _Findings) -> set[int]:
    """Cells such as ``产出指标(50分)`` or ``预算执行情况(10分)`` state a 一级 weight; returns those cells."""
    mapping = _align(cells, layout) if layout is not None else list(range(len(cells)))
    skip: set[int | None] = set()
    used: set[int] = set()
    if layout is not None:  # only 一级 and label columns state 一级 weights; 评分标准 text such as (3分) does not
        skip = {mapping[c] for c, role in layout.roles.items() if role != "level1" and c < len(mapping)}
    for i, text in enumerate(cells):
        m = _WEIGHT_LABEL.match(text.strip())
        if m is None or i in skip:
            continue
        label = _header_key(m.group("label")) or _clean(m.group("label"))
        found.totals.append(StatedTotal(kind="level1_weight", label=text.strip(), value=float(m.group("value")),
                                        level1=label, span=block.cell_span(doc.name, r, i)))
        used.add(i)
    return used


def _cell(cells: list[str], mapping: list[int | None], col: int | None) -> tuple[str, int | None]:
    if col is None or col >= len(mapping) or mapping[col] is None:
        return "", None
    p = mapping[col]
    assert p is not None
    return cells[p].strip(), p


def _level_name(text: str) -> str:
    m = _WEIGHT_LABEL.match(text)
    return _clean(m.group("label") if m else text)


def _indicator_row(doc: Document, block: Block, r: int, layout: _Layout, carry: _Carry,
                   found: _Findings) -> bool:
    cells = block.rows[r].cells
    mapping = _align(cells, layout)
    get = lambda role: _cell(cells, mapping, layout.col(role))  # noqa: E731
    level1_text, _ = get("level1")
    level2_text, _ = get("level2")
    name_text, _ = get("name")
    if _is_total_label(name_text) or _is_total_label(_first_text(cells)):
        return False
    level1, level2 = carry.update(_level_name(level1_text), _level_name(level2_text))
    name = _clean(name_text)
    if name and _looks_figure(name):  # 指标内容 holding a figure (S1 layout): name the row by its level
        name = level2 or level1 or ""
    values = [get(role)[0] for role in ("target", "actual", "weight", "score", "direction")]
    if not name or not any(values):
        return False
    if level1 in _LEVEL2_TO_LEVEL1 and level2 in (None, name):
        level1, level2 = _LEVEL2_TO_LEVEL1[level1], level1  # a 二级 word written under 一级指标
    if layout.long_term:
        return True
    found.rows.append(_make_row(doc, block, r, layout, mapping, name, level1, level2))
    return True


def _make_row(doc: Document, block: Block, r: int, layout: _Layout, mapping: list[int | None], name: str,
              level1: str | None, level2: str | None) -> _Row:
    cells = block.rows[r].cells
    table = block.table if block.table is not None else block.index

    def cell(role: str) -> tuple[str, Span | None]:
        text, p = _cell(cells, mapping, layout.col(role))
        return text, (block.cell_span(doc.name, r, p) if p is not None else None)

    row = _Row(id=f"{doc.name}#t{table}r{r}", name=name, level1=level1 or None, level2=level2 or None,
               text=" | ".join(c for c in cells), span=block.cell_span(doc.name, r))
    row.target_text, row.target_span = cell("target")
    row.direction_text, _ = cell("direction")
    row.unit_text, _ = cell("unit")
    if row.direction_text or row.unit_text:
        row.target_text, row.target_span = _composite_target(doc, block, r, layout, mapping, row)
    actual_text, row.actual_span = cell("actual")
    row.actual_text = actual_text if layout.col("actual") is not None else None
    weight_text, _ = cell("weight")
    row.weight = _number(weight_text)
    score_text, row.score_span = cell("score")
    row.self_score = _number(score_text)
    row.self_score_text = score_text or None
    reason, row.reason_span = cell("reason")
    row.reason = reason or None
    if row.reason is None:
        row.reason_span = None
    return row


def _composite_target(doc: Document, block: Block, r: int, layout: _Layout, mapping: list[int | None],
                      row: _Row) -> tuple[str, Span | None]:
    """指标性质 ``≥`` + 指标值 ``92`` + 度量单位 ``%`` -> ``≥92%``, spanning the three cells."""
    cells = block.rows[r].cells
    value = row.target_text
    direction = row.direction_text if row.direction_text not in ("定性", "定量") else ""
    unit = row.unit_text if value and not value.endswith(row.unit_text) else ""
    text = f"{direction}{value}{unit}" if value else ""
    cols = [p for role in ("direction", "target", "unit")
            if (p := _cell(cells, mapping, layout.col(role))[1]) is not None and cells[p].strip()]
    if not text or not cols:
        return text, row.target_span
    offsets = block.rows[r].offsets
    if not offsets:
        return text, row.target_span
    start = offsets[min(cols)]
    end = offsets[max(cols)] + len(cells[max(cols)])
    target_col = _cell(cells, mapping, layout.col("target"))[1]
    return text, block.span(doc.name, start, end, row=r, col=target_col)


def _first_text(cells: list[str]) -> str:
    return next((c.strip() for c in cells if c.strip()), "")


def _is_total_label(text: str) -> bool:
    return _header_key(text) in _TOTAL_LABELS


def _total_row(doc: Document, block: Block, r: int, layout: _Layout | None, found: _Findings) -> bool:
    """合计/总分 rows: the figure under 分值/权重 is a weight total, under 得分 a score total."""
    cells = block.rows[r].cells
    label = _first_text(cells)
    if not _is_total_label(label):
        return False
    mapping = _align(cells, layout) if layout is not None else list(range(len(cells)))
    roles = {p: layout.roles.get(c, "") for c, p in enumerate(mapping) if p is not None} if layout else {}
    made = False
    first = cells.index(next(c for c in cells if c.strip()))
    for p, text in enumerate(cells):
        if p <= first or not text.strip():
            continue
        value = _number(text)
        if value is None:
            continue
        role = roles.get(p, "")
        if role in ("weight", "score"):
            kind: Literal["weight_total", "score_total"] = "weight_total" if role == "weight" else "score_total"
        elif "分" in _header_key(label) or text.strip().endswith("分"):
            kind = "score_total"  # 总分 | 100分 outside a scored column
        else:
            continue  # 合计 of amounts (成本构成 合计 814) is no weight or score
        found.totals.append(StatedTotal(kind=kind, label=label, value=value, span=block.cell_span(doc.name, r, p)))
        made = True
    return made


# --------------------------------------------------------------------------- detail tables (明细表, 成本构成)

_DETAIL_TOTAL_LABELS = ("合计", "总计", "小计")
# columns whose figures do not add up: rates, shares, scores, row numbers, years, unit prices and averages
_NOT_SUMMED = ("率", "比例", "比重", "占比", "得分", "分值", "序号", "编号", "年份", "单价", "标准", "均")
_UNIT_IN_HEADER = re.compile(r"[(（]\s*(?:单位[:：]\s*)?([^()（）]{1,4})\s*[)）]\s*$")
_TITLE_PREFIX = re.compile(r"^\s*(?:附件|附表)\s*[\d一二三四五六七八九十]*\s*[:：、.．]?\s*")


@dataclass
class _ColumnRun:
    """One column of a detail table, walked top to bottom."""

    header: str | None = None
    width: int = 0  # cells of the header row: rows of another width are not aligned with it
    details: list[tuple[int, float]] = field(default_factory=list)  # rows since the header or last (sub)total
    subtotals: list[tuple[int, float]] = field(default_factory=list)  # 小计 rows since the header or last 合计
    broken: bool = False  # a word or a rate among the figures, or a 小计 without a figure: no sum to check

    def restart(self, header: str | None = None, width: int = 0) -> None:
        self.header, self.width = header, width
        self.details, self.subtotals, self.broken = [], [], False


def _detail_label(cells: list[str]) -> tuple[int, str]:
    """The row's label cell: the first non-empty cell that is not a row number (``1 | 柳河镇 | …``)."""
    for i, text in enumerate(cells):
        t = text.strip()
        if t and not t.isdigit():
            return i, t
    return -1, ""


def _detail_total_kind(cells: list[str]) -> tuple[int, str] | None:
    """(cell, 合计/总计/小计) when the row is a total row: its label, or the cell after a category, says so."""
    texts = [(i, _header_key(c)) for i, c in enumerate(cells) if c.strip() and not c.strip().isdigit()][:2]
    return next(((i, k) for i, k in texts if k in _DETAIL_TOTAL_LABELS), None)


def _header_like(cells: list[str]) -> bool:
    return any(c.strip() for c in cells) and not any(_number(c) is not None for c in cells)


def _summable(header: str) -> bool:
    return not any(w in header for w in _NOT_SUMMED)


def _table_title(doc: Document, block: Block) -> str:
    """The heading or caption just before a table (``…分乡镇建设明细表``), else its sheet name."""
    for prev in reversed(doc.blocks[max(0, block.index - 2):block.index]):
        text = _TITLE_PREFIX.sub("", _clean(prev.text))
        if prev.kind != "table" and text and len(text) <= 60 and text.endswith("表"):
            return text
    return block.sheet or ""


def _detail_totals(doc: Document, block: Block, end: int, found: _Findings) -> set[int]:
    """合计/总计/小计 rows of the rows ``[0, end)`` of a table that is neither an indicator nor a budget table:
    one :class:`ColumnTotal` per column that holds figures, against the detail rows above it (since the
    column's header, or the previous subtotal; a 合计 after 小计 rows sums the subtotals).  Returns the rows
    understood this way, so they are not listed as unparsed."""
    rows = [row.cells for row in block.rows[:end]]
    if not rows:
        return set()
    title = _table_title(doc, block)
    understood: set[int] = set()
    for c in range(max(len(cells) for cells in rows)):
        run = _ColumnRun()
        for r, cells in enumerate(rows):
            text = cells[c].strip() if c < len(cells) else ""
            total = _detail_total_kind(cells)
            if len(cells) != run.width and run.header is not None:
                run.broken = True
            if total is not None:
                label_at, kind = total
                if c <= label_at:
                    continue
                value = _number(text) if "%" not in text else None
                parts = run.details if kind == "小计" else run.subtotals + run.details
                if (value is not None and run.header and not run.broken and len(parts) >= 2
                        and _summable(run.header)):
                    _column_total(doc, block, r, c, label_at, run.header, title, value, parts, found)
                    understood |= {r, *(p for p, _v in parts)}
                if kind == "小计":
                    if value is None and run.details:
                        run.broken = True  # rows left out of the 合计 below
                    elif value is not None:
                        run.subtotals.append((r, value))
                    run.details = []
                else:
                    run.restart(run.header, run.width)
                continue
            if not text or is_empty_value(text) or _header_key(_detail_label(cells)[1]).startswith("其中"):
                continue  # a 其中 row is part of the row above it, not one more row of the sum
            value = _number(text)
            if "%" in text or text.endswith("分"):
                run.broken = True
            elif value is not None:
                run.details.append((r, value))
            elif _header_like(cells):
                run.restart(text, len(cells))
            else:
                run.broken = True  # a word where figures should be
    return understood


def _column_total(doc: Document, block: Block, r: int, c: int, label_at: int, header: str, title: str,
                  stated: float, parts: list[tuple[int, float]], found: _Findings) -> None:
    unit_m = _UNIT_IN_HEADER.search(to_halfwidth(header))
    column = _clean(_PAREN.sub("", header)).strip(":：") or _clean(header)
    first, last = block.cell_span(doc.name, parts[0][0]), block.cell_span(doc.name, parts[-1][0])
    label = _clean(block.rows[r].cells[label_at])
    found.column_totals.append(ColumnTotal(
        label=f"{title}{label}" if title else label, column=column, stated=stated, parts=[v for _p, v in parts],
        unit=unit_m.group(1).strip() if unit_m else "", span=block.cell_span(doc.name, r, c),
        parts_span=block.span(doc.name, first.start, last.end, row=parts[0][0])))


def _budget_row(doc: Document, block: Block, r: int, layout: _Layout, found: _Findings) -> bool:
    cells = block.rows[r].cells
    mapping = _align(cells, layout)
    first_value_col = min(c for c, role in layout.roles.items() if role in _BUDGET_AMOUNT_ROLES)
    label = ""
    for c in range(first_value_col):
        text, _ = _cell(cells, mapping, c)
        if text and not _WEIGHT_LABEL.match(text):
            label = text
    figures = {role: _number(_cell(cells, mapping, c)[0]) for c, role in layout.roles.items()}
    rate_text = _cell(cells, mapping, layout.col("rate"))[0]
    if label and all(v is None for v in figures.values()):
        label, figures, rate_text = _flattened_budget(label, layout)
    if not label and first_value_col == 0 and any(v is not None for v in figures.values()):
        # a budget table with no label column (年初预算数 | 全年预算数 | … over one row of figures) is the total
        label = "项目资金"
    if not label or all(v is None for v in figures.values()):
        return bool(label) and not _has_number(" ".join(cells))
    rate = _rate(rate_text, figures)
    found.budget.append(BudgetLine(
        label=label, is_total=_is_budget_total(label), initial=figures.get("initial"), added=figures.get("added"),
        adjusted=figures.get("adjusted"), executed=figures.get("executed"), rate_stated=rate,
        weight=figures.get("weight"), self_score=figures.get("score"), unit=_budget_unit(block, layout),
        span=block.cell_span(doc.name, r)))
    return True


_FLAT_BUDGET = re.compile(r"^(?P<label>.*?[^\d\s.%])\s*(?P<figures>(?:\s+[-+]?\d+(?:\.\d+)?%?){2,})\s*$")


def _flattened_budget(label: str, layout: _Layout) -> tuple[str, dict[str, float | None], str]:
    """``年度资金总额: 0 0 0 10 0 0`` (the figures ran into the label cell): figures in header order."""
    m = _FLAT_BUDGET.match(label)
    if m is None:
        return label, {}, ""
    texts = m.group("figures").split()
    roles = [role for _, role in sorted(layout.roles.items())]
    if len(texts) > len(roles):
        return label, {}, ""
    figures = {role: _number(t) for role, t in zip(roles, texts, strict=False)}
    rate_text = dict(zip(roles, texts, strict=False)).get("rate", "")
    return m.group("label").strip(), figures, rate_text


def _rate(text: str, figures: dict[str, float | None]) -> float | None:
    """执行率 in percent; a spreadsheet fraction (1 for 100%) is scaled when the amounts say so."""
    value = _number(text)
    if value is None or "%" in text:
        return value
    adjusted, executed = figures.get("adjusted"), figures.get("executed")
    if adjusted and executed is not None:
        ratio = executed / adjusted * 100
        if abs(value * 100 - ratio) < abs(value - ratio):
            return value * 100
    elif 0 < value <= 1.5:
        return value * 100
    return value


def _is_budget_total(label: str) -> bool:
    key = _header_key(label)
    return not key.startswith("其中") and any(key == t or key.endswith(t) for t in _BUDGET_TOTAL_LABELS)


def _budget_unit(block: Block, layout: _Layout) -> str:
    header = " ".join(block.rows[layout.header_row].cells)
    if "万元" in header or "万" in header:
        return "万元"
    if "(元)" in header or "（元）" in header:
        return "元"
    return "万元"


def _unparsed_row(doc: Document, block: Block, r: int, layout: _Layout | None, weight_cells: set[int],
                  found: _Findings) -> None:
    cells = block.rows[r].cells
    text = " | ".join(cells)
    if not _has_number(" | ".join(c for i, c in enumerate(cells) if i not in weight_cells)):
        return
    if layout is None:
        reason = "表格行含数字，但不在指标表或预算表之下（未找到表头）"
    elif layout.kind == "indicator":
        reason = "表格行含数字，但没有指标名称或目标/完成值，未能识别为指标行"
    else:
        reason = "表格行含数字，但未能识别为预算行（缺少项目名称或金额不是单独的数字）"
    found.unparsed.append(Unparsed(text=text, reason=reason, span=block.cell_span(doc.name, r)))


# --------------------------------------------------------------------------- numbers worth reporting

_YEAR_AFTER = re.compile(r"^\s*(年|年度|级|届|字|号|版|期)")
_CODE_CHAR = re.compile(r"[A-Za-z_\-/]")
_LIST_MARK = re.compile(r"^\s*[、.．)）:：]")


def _meaningful(text: str) -> list[tuple[int, int, Quantity]]:
    """Quantities of ``text`` that are measurements: not years, codes, list markers or ``(100字以内)``."""
    out = []
    for fq in find_quantities(text):
        q = fq.quantity
        raw = text[fq.start:fq.end]
        before = text[max(0, fq.start - 1):fq.start]
        after = text[fq.end:fq.end + 3]
        if q.kind == "date" and not re.search(r"[月日]", raw):
            continue
        if _is_year(raw, text[fq.end:fq.end + 1], q) or (q.unit in ("月", "日", "号") and before in ("年", "月")):
            continue
        if not q.unit and _REFERENCE_BEFORE.search(text[max(0, fq.start - 2):fq.start]):
            continue
        if not q.unit and q.kind != "date" and (_YEAR_AFTER.match(after) or _LIST_MARK.match(after)):
            continue
        if (before and _CODE_CHAR.match(before)) or (after[:1] and _CODE_CHAR.match(after[:1]) and not q.unit):
            continue
        if not q.unit and q.kind == "number" and len(re.sub(r"\D", "", raw)) >= 6:
            continue
        if before in ("(", "（", "第") and not q.unit:
            continue
        out.append((fq.start, fq.end, q))
    return out


_REFERENCE_BEFORE = re.compile(r"(附件|附表|第|表|图|条|款|页|号|编号|代码)$")
_YEAR_DIGITS = re.compile(r"^(?:[0-9]{4}|[〇零一二三四五六七八九]{3,4})年?$")


def _is_year(raw: str, next_char: str, q: Quantity) -> bool:
    """``2018年``, ``二〇一九年``: a year, not a measurement."""
    yearish = q.unit in ("年", "年度") or next_char == "年"
    digits = _YEAR_DIGITS.match(raw.strip())
    return yearish and (digits is not None or (q.value is not None and 1900 <= q.value <= 2100))


def _has_number(text: str) -> bool:
    return bool(_meaningful(text))


# --------------------------------------------------------------------------- prose

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


def _split(block: Block, start: int, end: int, *, row: int | None = None,
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
        yield from _split(block, 0, len(block.text))


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _CLAUSE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        else:
            return start, m.start()
    return start, len(text)


def _strip_name(text: str) -> str:
    name = _clean(text).strip(" ,，、:：;；“”\"'")
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


def _continue_budget(doc: Document, s: _Sentence, line: BudgetLine, found: _Findings) -> bool:
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
                          found: _Findings) -> set[int]:
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


def _read_prose(doc: Document, found: _Findings, *, role: Literal["policy", "report"]) -> None:
    _read_sentences(doc, _sentences(doc), found, role=role)


def _read_sentences(doc: Document, sentences: Iterator[_Sentence], found: _Findings, *,
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
        found_q = _meaningful(s.text)
        if not found_q and role == "report" and not targets_only:
            found.claims.extend(_completion_claims(doc, s))
            continue
        if not found_q or _only_a_date(s.text, found_q):
            continue
        if role == "report":
            _report_sentence(doc, s, found_q, found, targets_only=targets_only)
        else:
            _policy_sentence(doc, s, found_q, found)


def _report_sentence(doc: Document, s: _Sentence, found_q: list[tuple[int, int, Quantity]],
                     found: _Findings, *, targets_only: bool = False) -> None:
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
                     found: _Findings) -> None:
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


# --------------------------------------------------------------------------- targets and actuals


def _target(text: str, name: str) -> tuple[Quantity | None, bool]:
    """The target quantity and whether it is qualitative (``有效改善``, ``效果明显``)."""
    if not text or is_empty_value(text):
        return None, False
    q = parse_quantity(text)
    if q is None or q.kind == "qualitative":
        return Quantity(kind="qualitative", text=text), True
    q = q.model_copy()
    q.direction = resolve_direction(q, name)
    return q, False


def _actual(text: str | None) -> Quantity | None:
    """The actual as written: a figure, a word (``达成预期指标``) as qualitative, nothing for empty/``无``/``/``."""
    if text is None or not text.strip() or is_empty_value(text):
        return None
    q = parse_quantity(text)
    if q is None:
        return Quantity(kind="qualitative", text=text.strip())
    return q


def _indicator_from_row(row: _Row) -> Indicator:
    target, qualitative = _target(row.target_text, row.name)
    return Indicator(
        id=row.id, name=row.name, level1=row.level1, level2=row.level2, target=target,
        target_text=row.target_text, qualitative=qualitative,
        unit=(target.unit if target is not None and target.unit else _clean(row.unit_text)),
        direction=target.direction if target is not None else None, weight=row.weight, source="policy",
        span=row.span)


def _claim_from_row(row: _Row) -> Claim:
    target, _ = _target(row.target_text, row.name)
    actual = _actual(row.actual_text)
    unit = canonical_unit(_clean(row.unit_text)) if row.unit_text else ""
    if actual is not None and actual.kind in ("number", "percent") and not actual.unit and unit:
        # 度量单位 column: `108` under 公里 is 108公里 as the report states it
        actual = actual.model_copy(update={"unit": unit, "kind": "percent" if unit == "%" else "number"})
    return Claim(
        id=row.id, kind="row", name=row.name, level1=row.level1, level2=row.level2, target=target,
        target_text=row.target_text or None, actual=actual, actual_text=row.actual_text,
        weight=row.weight, self_score=row.self_score, self_score_text=row.self_score_text, reason=row.reason,
        text=row.text, span=row.span, target_span=row.target_span if row.target_text else None,
        actual_span=row.actual_span if row.actual_text is not None else None, score_span=row.score_span,
        reason_span=row.reason_span)


# --------------------------------------------------------------------------- public API


def extract_policy(doc: Document) -> PolicyExtraction:
    """Indicators and their targets from a policy document: target tables of any layout, and prose targets
    (``农村生活垃圾无害化处理率不低于95%``).  Rows and sentences with numbers that are not understood are
    listed in ``unparsed``."""
    found = _Findings()
    _read_tables(doc, found)
    _read_prose(doc, found, role="policy")
    indicators = [_indicator_from_row(r) for r in found.rows]
    if indicators:
        # the target table is the policy's indicator list; numbers in its prose (资金安排, 年度总体目标
        # restating the table, dates of issue) are context, listed so nothing is dropped silently
        found.unparsed += [Unparsed(text=i.span.quote, reason="目标表已列明指标，正文中的数字未作为指标", span=i.span)
                           for i in found.indicators]
    else:
        indicators = found.indicators
    unparsed = found.unparsed + [
        Unparsed(text=b.span.quote, reason="预算行（目标表中的资金安排，不作为指标）", span=b.span) for b in found.budget]
    return PolicyExtraction(document=doc.name, indicators=indicators, unparsed=unparsed)


def extract_report(doc: Document) -> ReportExtraction:
    """Claims (one per indicator row or measured quantity in prose), budget lines, stated totals and the
    unparsed remainder of a report."""
    found = _Findings()
    _read_tables(doc, found, detail_totals=True, prose_cells=True)
    _read_prose(doc, found, role="report")
    claims = [_claim_from_row(r) for r in found.rows] + found.claims
    return ReportExtraction(document=doc.name, claims=claims, budget=found.budget, totals=found.totals,
                            column_totals=found.column_totals, unparsed=found.unparsed)


def indicators_from_report(rx: ReportExtraction) -> list[Indicator]:
    """Without a policy document the report's own table defines the indicators: every indicator row that
    restates a target or sits in the 一级/二级 framework (not prose, not a bare score summary)."""
    rows = [c for c in rx.claims if c.kind == "row" and (c.target_text or c.level1 or c.level2)]
    # a prose-only report defines its indicators by the targets it states (`年初确定的绩效目标为：…`)
    stated = rows or [c for c in rx.claims if c.kind == "prose" and c.target is not None and c.actual is None]
    out = []
    for c in stated:
        target = c.target
        out.append(Indicator(
            id=c.id, name=c.name, level1=c.level1, level2=c.level2, target=target, target_text=c.target_text or "",
            qualitative=target is not None and target.kind == "qualitative",
            unit=target.unit if target is not None else "",
            direction=target.direction if target is not None else None, weight=c.weight, source="report",
            span=c.span))
    return out
