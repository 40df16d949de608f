"""Indicator and budget tables: rows under a header (see :mod:`.columns`) become indicator rows, budget
lines, 一级 weights and 合计/总分 totals; rows of sentences are read by :mod:`.prose`; the part of a report's
table above its first header by :mod:`.details`.  Indicator rows become policy indicators or report claims."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from docreview.extract.columns import (
    BUDGET_AMOUNT_ROLES,
    Layout,
    budget_role,
    header_layout,
    header_role,
    role_of_label,
)
from docreview.extract.details import read_detail_totals, read_funds_block
from docreview.extract.prose import read_sentences, split_sentences
from docreview.extract.rows import (
    WEIGHT_LABEL,
    Findings,
    Row,
    clean,
    has_number,
    header_key,
    meaningful,
    number,
)
from docreview.models import (
    Block,
    BudgetLine,
    Claim,
    ColumnReading,
    Document,
    Indicator,
    Quantity,
    Span,
    StatedTotal,
    TableKind,
    TableReading,
    Unparsed,
)
from docreview.normalize import (
    canonical_unit,
    is_empty_value,
    normalize_name,
    parse_quantity,
    resolve_direction,
    to_halfwidth,
)

__all__ = ["claim_from_row", "indicator_from_row", "read_tables"]

# --------------------------------------------------------------------------- row labels

_TOTAL_LABELS = ("合计", "总计", "总分", "合计得分", "总得分", "总分值", "得分合计", "分值合计", "总分合计")
_BUDGET_TOTAL_LABELS = ("项目资金", "年度资金总额", "资金总额", "总额", "合计", "总计", "部门整体支出总额", "项目资金总额",
                        "预算总额", "支出总额")

_LEVEL1_WORDS = {"产出指标", "效益指标", "满意度指标", "成本指标", "社会公众或服务对象满意度指标"}
_LEVEL2_TO_LEVEL1 = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "服务对象满意度指标": "满意度指标", "满意度指标": "满意度指标",
}

# --------------------------------------------------------------------------- short rows (HTML rowspans)


def _align(cells: list[str], layout: Layout) -> list[int | None]:
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
    key = header_key(t)
    figure = _looks_figure(t)
    if role in ("target", "actual", "weight", "score", "initial", "adjusted", "added", "executed", "direction"):
        return 1.0 if figure or role in ("target", "actual") else -1.0
    if role == "rate":
        return 2.0 if "%" in t else (0.5 if figure else -1.0)
    if role == "level1":
        return 2.0 if key in _LEVEL1_WORDS or WEIGHT_LABEL.match(t) else (-1.0 if figure else 0.0)
    if role == "level2":
        return 2.0 if key.endswith("指标") or WEIGHT_LABEL.match(t) else (-1.0 if figure else 0.0)
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


def read_tables(doc: Document, found: Findings, *, detail_totals: bool = False, prose_cells: bool = False) -> None:
    """Read every table of the document; ``detail_totals`` and ``prose_cells`` (reports) also read detail
    tables and rows of sentences."""
    for block in doc.blocks:
        if block.kind == "table" and block.rows:
            _read_table(doc, block, found, detail_totals=detail_totals, prose_cells=prose_cells)


_KIND_RANK: dict[str, int] = {"indicator": 0, "target": 1, "rubric": 2, "budget": 3, "key_value_budget": 4,
                              "detail": 5, "basic_info": 6, "unknown": 7}
_BASIC_INFO = re.compile(r"项目名称|主管部门|实施单位|项目负责人|联系电话|单位名称|预算单位|项目单位|资金性质|项目类型")


def _read_table(doc: Document, block: Block, found: Findings, *, detail_totals: bool = False,
                prose_cells: bool = False) -> None:
    layout: Layout | None = None
    carry = _Carry()
    understood: set[int] = set()
    if detail_totals:
        first_header = next((r for r in range(len(block.rows)) if header_layout(block.rows, r)), len(block.rows))
        understood = read_detail_totals(doc, block, first_header, found)
        if not any(t.span.file == doc.name and t.span.block == block.index for t in found.column_totals):
            understood |= read_funds_block(doc, block, first_header, found)
    reading = TableReading(file=doc.name, table=block.table if block.table is not None else block.index,
                           page=block.page, sheet=block.sheet, kind="unknown")
    kinds: set[TableKind] = set()
    skip_to = -1
    for r, row in enumerate(block.rows):
        cells = row.cells
        if r <= skip_to:  # a sub-header row, already combined into the header above it
            continue
        new = header_layout(block.rows, r)
        if new is not None:
            layout, carry = new, _Carry()
            skip_to = new.last_header_row
            kinds.add(new.table_kind)
            if _KIND_RANK[new.table_kind] < _KIND_RANK[reading.kind] or reading.header_row is None:
                reading.kind, reading.header_row = new.table_kind, r
                reading.columns = [ColumnReading(col=d.col, header=d.header, role=d.role, reason=d.reason,
                                                 header_score=d.header_score, content_score=round(d.content_score, 2))
                                   for d in new.decisions]
            _level1_weights(doc, block, r, cells, None, found, header=new)
            continue
        weight_cells = _level1_weights(doc, block, r, cells, layout, found)
        if not any(c.strip() for i, c in enumerate(cells) if i not in weight_cells):
            continue
        if _BASIC_INFO.search(cells[0] if cells else ""):
            kinds.add("basic_info")
        counted = layout is not None and layout.kind == "indicator"
        reading.rows += counted
        if layout is not None and layout.kind == "indicator" and _indicator_row(doc, block, r, layout, carry, found):
            reading.rows_read += 1
            continue
        if layout is not None and layout.kind == "budget" and _budget_row(doc, block, r, layout, found):
            continue
        if _total_row(doc, block, r, layout, found) or r in understood:
            reading.rows_read += counted
            if r in understood:
                kinds.add("detail")
            continue
        if _key_value_budget(doc, block, r, found):
            kinds.add("key_value_budget")
            continue
        if _reason_row(doc, block, r, found):
            reading.rows_read += counted
            continue
        if prose_cells and _prose_row(doc, block, r, weight_cells, found):
            reading.rows_read += counted
            continue
        if _unparsed_row(doc, block, r, layout, weight_cells, found):
            reading.rows_unread += 1
        elif counted:
            reading.rows -= 1  # a row of words under an indicator header (a note, a sub-heading): not a row to read
    if reading.header_row is None:
        reading.kind = min(kinds, key=_KIND_RANK.__getitem__) if kinds else "unknown"
    found.tables.append(reading)


# --------------------------------------------------------------------------- a reason row for the whole table


def _reason_row(doc: Document, block: Block, r: int, found: Findings) -> bool:
    """``偏差大或目标未完成原因分析 | 1.吨水运维成本超出目标，主要原因是…。2.…`` (Hubei forms): one row of reasons
    for the whole table.  Each indicator row of this table without a reason of its own, whose name the text
    names, takes the sentences that name it as its reason."""
    cells = block.rows[r].cells
    label = next((c for c in cells if c.strip()), "")
    if role_of_label(label) != "reason":
        return False
    text = next((c for c in cells if c.strip() and c.strip() != label.strip()), "").strip()
    if not text:
        return True  # an empty reason row: nothing to attach, nothing unread
    col = cells.index(next(c for c in cells if c.strip() == text))
    span = block.cell_span(doc.name, r, col)
    sentences = [x for x in re.split(r"(?<=[。；;])|(?=\d+[.、．])", text) if x.strip()]
    for row in found.rows:
        if row.reason or row.span.table != span.table or row.span.file != span.file:
            continue
        key = normalize_name(row.name)
        named = [x.strip() for x in sentences if key and key in normalize_name(x)]
        if named:
            row.reason, row.reason_span = "".join(named), span
    return True


# --------------------------------------------------------------------------- prose in table cells

_PROSE_CELL_MIN = 15
_SENTENCE_MARK = re.compile(r"[。！？；;，,：:!?]")


def _prose_cell(text: str) -> bool:
    """A cell holding sentences (``本项目共完成预算资金89.97万元。其中:…``), not a name, figure or label."""
    t = text.strip()
    return len(t) >= _PROSE_CELL_MIN and (bool(_SENTENCE_MARK.search(t))
                                          or any(q.unit for _s, _e, q in meaningful(t)))


def _cell_role(block: Block, r: int, c: int) -> str | None:
    """``target`` or ``actual`` when the cell stands under (or beside) a 预期目标 / 实际完成情况 label."""
    cells = block.rows[r].cells
    labels = [next((t for t in reversed(cells[:c]) if t.strip()), "")]  # the label cell to its left
    for above in block.rows[max(0, r - 2):r][::-1]:  # the header cell above it, in a row of the same shape
        if len(above.cells) == len(cells) and above.cells[c].strip():
            labels.append(above.cells[c])
            break
    for label in labels:
        role = header_role(label)
        if role in ("target", "actual"):
            return role
    return None


def _prose_row(doc: Document, block: Block, r: int, weight_cells: set[int], found: Findings) -> bool:
    """A row of neither indicators, budget nor totals whose long cells hold sentences (年度总体目标 | 预期目标 |
    实际完成情况 of a self-evaluation form): each such cell is read by the paragraph reader, its figures as
    targets under 预期目标.  False when nothing was understood (the row is then listed as unparsed)."""
    row = block.rows[r]
    if not row.offsets:
        return False
    read = Findings()
    seen: set[str] = set()
    prose: set[int] = set()
    for c, text in enumerate(row.cells):
        if c in weight_cells or not _prose_cell(text) or text.strip() in seen:
            continue  # a merged cell repeated across columns is read once
        if block.text[row.offsets[c]:row.offsets[c] + len(text)] != text:
            continue  # offsets do not point at the cell: no span could quote it
        seen.add(text.strip())
        prose.add(c)
        sentences = split_sentences(block, row.offsets[c], row.offsets[c] + len(text), row=r, col=c)
        read_sentences(doc, sentences, read, role="report", targets=_cell_role(block, r, c) == "target")
    if not (read.claims or read.budget or read.totals):
        return False
    found.claims += read.claims
    found.budget += read.budget
    found.totals += read.totals
    found.unparsed += read.unparsed
    for c, text in enumerate(row.cells):  # figures in the row's other cells are not understood
        if c not in prose and c not in weight_cells and text.strip() not in seen and has_number(text):
            found.unparsed.append(Unparsed(text=text.strip(), reason="表格行中的数字未能识别",
                                           span=block.cell_span(doc.name, r, c)))
    return True


# --------------------------------------------------------------------------- indicator rows, weights and totals


def _level1_weights(doc: Document, block: Block, r: int, cells: list[str], layout: Layout | None,
                    found: Findings, *, header: Layout | None = None) -> set[int]:
    """Cells such as ``产出指标(50分)`` or ``预算执行情况(10分)`` state a 一级 weight; returns those cells.  A cell
    heading a 分值/得分 column (``分值(10分)`` over the budget rows' weights, ta01; ``header`` is the layout the
    header row ``r`` sets) is that column's header, never a group total; nor is any ``分值(N分)``/``权重(N分)``."""
    mapping = _align(cells, layout) if layout is not None else list(range(len(cells)))
    skip: set[int | None] = set()
    used: set[int] = set()
    if layout is not None:  # only 一级 and label columns state 一级 weights; 评分标准 text such as (3分) does not
        skip = {mapping[c] for c, role in layout.roles.items() if role != "level1" and c < len(mapping)}
    if header is not None:  # the header row itself: its cells are the columns' own headers
        skip |= {c for c, role in header.roles.items() if role in ("weight", "score")}
    for i, text in enumerate(cells):
        m = WEIGHT_LABEL.match(text.strip())
        if m is None or i in skip or role_of_label(m.group("label")) == "weight":
            continue
        label = header_key(m.group("label")) or clean(m.group("label"))
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
    m = WEIGHT_LABEL.match(text)
    return clean(m.group("label") if m else text)


def _indicator_row(doc: Document, block: Block, r: int, layout: Layout, carry: _Carry,
                   found: Findings) -> bool:
    cells = block.rows[r].cells
    mapping = _align(cells, layout)
    get = lambda role: _cell(cells, mapping, layout.col(role))  # noqa: E731
    level1_text, _ = get("level1")
    level2_text, _ = get("level2")
    name_text, _ = get("name")
    if _is_total_label(name_text) or _is_total_label(_first_text(cells)):
        return False
    level1, level2 = carry.update(_level_name(level1_text), _level_name(level2_text))
    name = clean(name_text)
    if name and _looks_figure(name):  # 指标内容 holding a figure (S1 layout): name the row by its level
        name = level2 or level1 or ""
    values = [get(role)[0] for role in ("target", "actual", "weight", "score", "direction")]
    # a target table's row with its value left blank is still an indicator (a target not set: vague_target)
    blank_target = layout.table_kind == "target" and len(name) >= 2 and bool(level1 or level2)
    if not name or not (any(values) or blank_target):
        return False
    if level1 in _LEVEL2_TO_LEVEL1 and level2 in (None, name):
        level1, level2 = _LEVEL2_TO_LEVEL1[level1], level1  # a 二级 word written under 一级指标
    if layout.long_term:
        return True
    found.rows.append(_make_row(doc, block, r, layout, mapping, name, level1, level2))
    return True


def _make_row(doc: Document, block: Block, r: int, layout: Layout, mapping: list[int | None], name: str,
              level1: str | None, level2: str | None) -> Row:
    cells = block.rows[r].cells
    table = block.table if block.table is not None else block.index

    def cell(role: str) -> tuple[str, Span | None]:
        text, p = _cell(cells, mapping, layout.col(role))
        return text, (block.cell_span(doc.name, r, p) if p is not None else None)

    row = Row(id=f"{doc.name}#t{table}r{r}", name=name, level1=level1 or None, level2=level2 or None,
               text=" | ".join(c for c in cells), span=block.cell_span(doc.name, r), table_kind=layout.table_kind)
    row.target_text, row.target_span = cell("target")
    row.direction_text, _ = cell("direction")
    row.unit_text, _ = cell("unit")
    if row.direction_text or row.unit_text:
        row.target_text, row.target_span = _composite_target(doc, block, r, layout, mapping, row)
    actual_text, row.actual_span = cell("actual")
    row.actual_text = actual_text if layout.col("actual") is not None else None
    weight_text, _ = cell("weight")
    row.weight = number(weight_text)
    score_text, row.score_span = cell("score")
    row.self_score = number(score_text)
    row.self_score_text = score_text or None
    reason, row.reason_span = cell("reason")
    row.reason = reason or None
    if row.reason is None:
        row.reason_span = None
    criterion_col = _criterion_col(layout)
    if criterion_col is not None:
        text, p = _cell(cells, mapping, criterion_col)
        if text and not is_empty_value(text):
            row.criterion, row.criterion_span = text, block.cell_span(doc.name, r, p)
    _monitoring_cells(row, cells, mapping, layout)
    return row


_TICK = re.compile(r"^[√✓✔☑●■▲★✅]$|^(?:是|有|Y|y|v|V)$")


def _monitoring_cells(row: Row, cells: list[str], mapping: list[int | None], layout: Layout) -> None:
    """全年预计完成值, 完成目标可能性 and 纠偏措施 of a monitoring table (domain.md §7.3).  Options set out as
    ticked sub-columns (完成目标可能性: 确定能 | 有可能 | 完全不可能; 偏差原因分析: 经费保障 | 制度保障 …) give the
    label of the ticked one; words in a reason column or in 备注 are the measures."""
    if "likelihood" not in layout.roles.values() and "forecast" not in layout.roles.values():
        return
    headers = {d.col: d.header for d in layout.decisions}
    forecast, _ = _cell(cells, mapping, layout.col("forecast"))
    row.forecast_text = forecast or None
    options: list[str] = []
    words: list[str] = []
    ticked_reasons: list[str] = []
    for col, role in sorted(layout.roles.items()):
        text, _ = _cell(cells, mapping, col)
        if not text or is_empty_value(text):
            continue
        label = headers.get(col, "").split("/")[-1]
        if role == "likelihood":
            if _TICK.match(text):
                options.append(label)
            else:
                row.likelihood = text
        elif role == "reason":
            if _TICK.match(text):
                ticked_reasons.append(label)
            else:
                words.append(text)
        elif role == "remark":
            words.append(text)
    if options and row.likelihood is None:
        row.likelihood = "、".join(options)
    row.measures = "；".join(words) or None
    if row.reason and _TICK.match(row.reason.strip()):
        row.reason = None  # the first reason column's tick, read as the reason text above
    if ticked_reasons or words:
        row.reason = "、".join([*ticked_reasons, *words])


_SCORING_HEADER = re.compile(r"评分标准|评分方法|评分依据|计分|评分细则|考核标准|评价标准")


def _criterion_col(layout: Layout) -> int | None:
    """The 评分标准 column: of several criterion columns (指标解释 | 指标说明及评分标准) the one whose header
    speaks of scoring, else the last (an explanation comes before the rule)."""
    cols = [c for c, role in sorted(layout.roles.items()) if role == "criterion"]
    if not cols:
        return None
    headers = {d.col: d.header for d in layout.decisions}
    return next((c for c in cols if _SCORING_HEADER.search(headers.get(c, ""))), cols[-1])


def _composite_target(doc: Document, block: Block, r: int, layout: Layout, mapping: list[int | None],
                      row: Row) -> tuple[str, Span | None]:
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
    return header_key(text) in _TOTAL_LABELS


def _total_row(doc: Document, block: Block, r: int, layout: Layout | None, found: Findings) -> bool:
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
        value = number(text)
        if value is None:
            continue
        role = roles.get(p, "")
        if role in ("weight", "score"):
            kind: Literal["weight_total", "score_total"] = "weight_total" if role == "weight" else "score_total"
        elif "分" in header_key(label) or text.strip().endswith("分"):
            kind = "score_total"  # 总分 | 100分 outside a scored column
        else:
            continue  # 合计 of amounts (成本构成 合计 814) is no weight or score
        found.totals.append(StatedTotal(kind=kind, label=label, value=value, span=block.cell_span(doc.name, r, p)))
        made = True
    return made


# --------------------------------------------------------------------------- budget rows


def _budget_row(doc: Document, block: Block, r: int, layout: Layout, found: Findings) -> bool:
    cells = block.rows[r].cells
    mapping = _align(cells, layout)
    first_value_col = min(c for c, role in layout.roles.items() if role in BUDGET_AMOUNT_ROLES)
    label = ""
    for c in range(first_value_col):
        text, _ = _cell(cells, mapping, c)
        if text and not WEIGHT_LABEL.match(text):
            label = text
    figures = {role: number(_cell(cells, mapping, c)[0]) for c, role in layout.roles.items()}
    rate_text = _cell(cells, mapping, layout.col("rate"))[0]
    if label and all(v is None for v in figures.values()):
        label, figures, rate_text = _flattened_budget(label, layout)
    if not label and first_value_col == 0 and any(v is not None for v in figures.values()):
        # a budget table with no label column (年初预算数 | 全年预算数 | … over one row of figures) is the total
        label = "项目资金"
    if not label or all(v is None for v in figures.values()):
        return bool(label) and not has_number(" ".join(cells))
    rate = _rate(rate_text, figures)
    found.budget.append(BudgetLine(
        label=label, is_total=_is_budget_total(label), initial=figures.get("initial"), added=figures.get("added"),
        adjusted=figures.get("adjusted"), executed=figures.get("executed"), rate_stated=rate,
        weight=figures.get("weight"), self_score=figures.get("score"), unit=_budget_unit(block, layout),
        span=block.cell_span(doc.name, r)))
    return True


_FLAT_BUDGET = re.compile(r"^(?P<label>.*?[^\d\s.%])\s*(?P<figures>(?:\s+[-+]?\d+(?:\.\d+)?%?){2,})\s*$")


def _flattened_budget(label: str, layout: Layout) -> tuple[str, dict[str, float | None], str]:
    """``年度资金总额: 0 0 0 10 0 0`` (the figures ran into the label cell): figures in header order."""
    m = _FLAT_BUDGET.match(label)
    if m is None:
        return label, {}, ""
    texts = m.group("figures").split()
    roles = [role for _, role in sorted(layout.roles.items())]
    if len(texts) > len(roles):
        return label, {}, ""
    figures = {role: number(t) for role, t in zip(roles, texts, strict=False)}
    rate_text = dict(zip(roles, texts, strict=False)).get("rate", "")
    return m.group("label").strip(), figures, rate_text


def _rate(text: str, figures: dict[str, float | None]) -> float | None:
    """执行率 in percent; a spreadsheet fraction (1 for 100%) is scaled when the amounts say so."""
    value = number(text)
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
    key = header_key(label)
    return not key.startswith("其中") and any(key == t or key.endswith(t) for t in _BUDGET_TOTAL_LABELS)


def _budget_unit(block: Block, layout: Layout) -> str:
    header = " ".join(block.rows[layout.header_row].cells)
    if "万元" in header or "万" in header:
        return "万元"
    if "(元)" in header or "（元）" in header:
        return "元"
    return "万元"


def _unparsed_row(doc: Document, block: Block, r: int, layout: Layout | None, weight_cells: set[int],
                  found: Findings) -> bool:
    cells = block.rows[r].cells
    text = " | ".join(cells)
    if not has_number(" | ".join(c for i, c in enumerate(cells) if i not in weight_cells)):
        return False
    if layout is None:
        reason = "表格行含数字，但不在指标表或预算表之下（未找到表头）"
    elif layout.kind == "indicator":
        reason = "表格行含数字，但没有指标名称或目标/完成值，未能识别为指标行"
    else:
        reason = "表格行含数字，但未能识别为预算行（缺少项目名称或金额不是单独的数字）"
    found.unparsed.append(Unparsed(text=text, reason=reason, span=block.cell_span(doc.name, r)))
    return True


# --------------------------------------------------------------------------- key–value budget rows


def _key_value_budget(doc: Document, block: Block, r: int, found: Findings) -> bool:
    """Budget figures written as label | figure pairs in one row, with no header above them
    (``计划投资额 | 678 | 实际使用情况 | 499``, ``全年预算数 | 230 | 执行率 | 96.39%``)."""
    cells = [c.strip() for c in block.rows[r].cells]
    figures: dict[str, float] = {}
    rate_text = ""
    for i in range(len(cells) - 1):
        role = budget_role(cells[i])
        if role not in BUDGET_AMOUNT_ROLES or role in figures:
            continue
        # the figure is the next cell, or a few cells on past blanks and sub-labels (`资金使用情况 | 合计: | 109.8`)
        for j in range(i + 1, min(i + 4, len(cells))):
            value = number(cells[j])
            if value is not None:
                figures[role] = value
                rate_text = cells[j] if role == "rate" else rate_text
                break
            if cells[j] and budget_role(cells[j]) in BUDGET_AMOUNT_ROLES:
                break  # the next label: this one has no figure
    amounts = {k for k in figures if k != "rate"}
    if not amounts or len(figures) < 2:
        return False
    rate = _rate(rate_text, {k: v for k, v in figures.items()}) if rate_text else None
    found.budget.append(BudgetLine(
        label="项目资金", is_total=True, initial=figures.get("initial"), added=figures.get("added"),
        adjusted=figures.get("adjusted"), executed=figures.get("executed"), rate_stated=rate,
        unit="元" if "(元)" in " ".join(cells) or "（元）" in " ".join(cells) else "万元",
        span=block.cell_span(doc.name, r)))
    return True


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


# A cell stating several measures at once (``签约率提高1%X体检率提高2%`` answered ``签约率提高1%体检率下降1%``): each
# figure is named by the words before it, less the change word that leads to the figure.
_CHANGE_TAIL = re.compile(r"(?:提高|提升|增加|增长|上升|下降|降低|减少|达到|超过|不低于|不少于|不高于|不超过|控制在"
                          r"|为|达|到|超|至)$")
_UP = re.compile(r"提高|提升|增加|增长|上升")
_DOWN = re.compile(r"下降|降低|减少")
_NOT_LABEL = re.compile(r"[^\u4e00-\u9fff]")
_LEAD = re.compile(r"^[^\u4e00-\u9fff0-9]+|\s+")  # the separator before a measure (X, 、, ；), spaces

_Pair = tuple[Quantity, Quantity, str, str]  # target, actual, the target's and the actual's words


def _segments(text: str) -> list[tuple[str, str]]:
    """``(measure, words)`` for each figure of a cell: ``签约率提高1%X体检率提高2%`` ->
    ``[("签约率", "签约率提高1%"), ("体检率", "X体检率提高2%")]``."""
    out = []
    start = 0
    for s, e, _q in meaningful(text):
        label = _NOT_LABEL.sub("", text[start:s])
        while _CHANGE_TAIL.search(label):
            label = _CHANGE_TAIL.sub("", label)
        out.append((label, text[start:e]))
        start = e
    return out


def _several(text: str | None) -> bool:
    return bool(text) and len(meaningful(text or "")) >= 2


def _paired(target_text: str, actual_text: str | None, name: str) -> _Pair | Literal["unsure"] | None:
    """A row whose target and actual cells each state several measures: the pair of one measure to read the row
    by, ``"unsure"`` when the cells cannot be paired, None when the row is not such a row.

    Both cells must name the same measures (``签约率`` / ``体检率``), each once.  Measures answered in the very
    words of their target say nothing more; the row is read by the one answered differently (all alike: the
    first), and is unsure when several differ.  An actual that moved the other way from a target's
    提高/增加 (``下降1%`` for ``提高2%``) is a negative change."""
    if not _several(target_text) or not _several(actual_text):
        return None
    targets, actuals = _segments(target_text), _segments(actual_text or "")
    tl, al = [lab for lab, _ in targets], [lab for lab, _ in actuals]
    if any(len(lab) < 2 for lab in tl) or len(set(tl)) != len(tl) or sorted(tl) != sorted(al):
        return "unsure"
    by_label = dict(actuals)
    pairs = [(t, by_label[lab]) for lab, t in targets]
    differ = [(t, a) for t, a in pairs if _LEAD.sub("", to_halfwidth(t)) != _LEAD.sub("", to_halfwidth(a))]
    if len(differ) > 1:
        return "unsure"
    t_words, a_words = (_LEAD.sub("", to_halfwidth(w)) for w in (differ or pairs)[0])
    tq, aq = parse_quantity(t_words.strip()), parse_quantity(a_words.strip())
    if tq is None or aq is None or tq.kind != aq.kind or tq.kind not in ("number", "percent") \
            or tq.value is None or aq.value is None or (_DOWN.search(t_words) and _UP.search(a_words)):
        return "unsure"
    tq = tq.model_copy()
    aq = aq.model_copy(update={"value": -aq.value} if _UP.search(t_words) and _DOWN.search(a_words) else {})
    tq.direction = resolve_direction(tq, name)
    return tq, aq, t_words, a_words


# A target measured from last year (``超上年2%``, ``较上年增长5%``, ``同比提高3%``) and an answer that states a change
_RELATIVE = re.compile(r"上年|去年|上一年|前一年|同比")
_CHANGE = re.compile(r"增|提高|提升|上升|下降|减少|降低|超|同比|较|上年|去年")


def _relative(target: Quantity | None, target_text: str, actual_text: str | None) -> Quantity | None:
    """A target relative to last year keeps its words but no figure when the answer is no change (a level such
    as ``85%``, or words): ``2%`` more than last year is not the absolute ``2%`` the answer could be held to."""
    if target is None or target.kind not in ("number", "percent") or target.value is None \
            or not _RELATIVE.search(target_text) or _CHANGE.search(actual_text or ""):
        return target
    return target.model_copy(update={"value": None, "upper": None, "text": target_text.strip()})


def _row_values(row: Row) -> tuple[Quantity | None, bool, Quantity | None]:
    """Target (and whether it is qualitative) and actual of a row as the scorer reads them."""
    target, qualitative = _target(row.target_text, row.name)
    target = _relative(target, row.target_text, row.actual_text)
    actual = _actual(row.actual_text)
    paired = _paired(row.target_text, row.actual_text, row.name) if target is None or qualitative else None
    if isinstance(paired, tuple):
        return paired[0], False, paired[1]
    if paired == "unsure" and actual is not None and actual.kind == "qualitative":
        # several figures on both sides are neither words to compare (a qualitative 达成) nor one figure against
        # another: no target quantity and an answer of figures the scorer cannot place keep the row unscored
        return None, False, Quantity(kind="number", text=actual.text)
    return target, qualitative, actual


def indicator_from_row(row: Row) -> Indicator:
    target, qualitative, _actual_q = _row_values(row)
    return Indicator(
        id=row.id, name=row.name, level1=row.level1, level2=row.level2, target=target,
        target_text=row.target_text, qualitative=qualitative,
        unit=(target.unit if target is not None and target.unit else clean(row.unit_text)),
        direction=target.direction if target is not None else None, weight=row.weight, source="policy",
        span=row.span, table_kind=row.table_kind)


def claim_from_row(row: Row) -> Claim:
    target, _, actual = _row_values(row)
    unit = canonical_unit(clean(row.unit_text)) if row.unit_text else ""
    if actual is not None and actual.kind in ("number", "percent") and not actual.unit and unit:
        # 度量单位 column: `108` under 公里 is 108公里 as the report states it
        actual = actual.model_copy(update={"unit": unit, "kind": "percent" if unit == "%" else "number"})
    return Claim(
        id=row.id, kind="row", name=row.name, level1=row.level1, level2=row.level2, target=target,
        target_text=row.target_text or None, actual=actual, actual_text=row.actual_text,
        weight=row.weight, self_score=row.self_score, self_score_text=row.self_score_text, reason=row.reason,
        text=row.text, span=row.span, target_span=row.target_span if row.target_text else None,
        actual_span=row.actual_span if row.actual_text is not None else None, score_span=row.score_span,
        reason_span=row.reason_span, table_kind=row.table_kind, criterion=row.criterion,
        criterion_span=row.criterion_span, forecast=_actual(row.forecast_text) if row.forecast_text else None,
        forecast_text=row.forecast_text, likelihood=row.likelihood, measures=row.measures)
