"""Detail tables (明细表, 成本构成) of a report: their 合计/总计/小计 rows give one ``ColumnTotal`` per column
of figures, checked later against the detail rows above them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docreview.extract.rows import PAREN, Findings, clean, header_key, number
from docreview.models import Block, ColumnTotal, Document
from docreview.normalize import is_empty_value, to_halfwidth

__all__ = ["read_detail_totals"]

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
    texts = [(i, c) for i, c in enumerate(cells) if c.strip() and not c.strip().isdigit()][:2]
    return next(((i, k) for i, k in ((i, header_key(c)) for i, c in texts) if k in _DETAIL_TOTAL_LABELS), None)


def _header_like(cells: list[str]) -> bool:
    return any(c.strip() for c in cells) and not any(number(c) is not None for c in cells)


def _summable(header: str) -> bool:
    return not any(w in header for w in _NOT_SUMMED)


def _table_title(doc: Document, block: Block) -> str:
    """The heading or caption just before a table (``…分乡镇建设明细表``), else its sheet name."""
    for prev in reversed(doc.blocks[max(0, block.index - 2):block.index]):
        text = _TITLE_PREFIX.sub("", clean(prev.text))
        if prev.kind != "table" and text and len(text) <= 60 and text.endswith("表"):
            return text
    return block.sheet or ""


def read_detail_totals(doc: Document, block: Block, end: int, found: Findings) -> set[int]:
    """合计/总计/小计 rows of the rows ``[0, end)`` of a table that is neither an indicator nor a budget table:
    one :class:`ColumnTotal` per column that holds figures, against the detail rows above it (since the
    column's header, or the previous subtotal; a 合计 after 小计 rows sums the subtotals).  Returns the rows
    understood this way, so they are not listed as unparsed."""
    rows = [row.cells for row in block.rows[:end]]
    if not rows:
        return set()
    title = _table_title(doc, block)
    understood: set[int] = set()
    # what a row is does not depend on the column: decided once per row, not once per cell (a 2,000-column
    # table made this loop quadratic in its width)
    row_totals = [_detail_total_kind(cells) for cells in rows]
    row_label_keys = [header_key(_detail_label(cells)[1]) for cells in rows]
    row_header_like = [_header_like(cells) for cells in rows]
    for c in range(max(len(cells) for cells in rows)):
        run = _ColumnRun()
        for r, cells in enumerate(rows):
            text = cells[c].strip() if c < len(cells) else ""
            total = row_totals[r]
            if len(cells) != run.width and run.header is not None:
                run.broken = True
            if total is not None:
                label_at, kind = total
                if c <= label_at:
                    continue
                value = number(text) if "%" not in text else None
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
            if not text or is_empty_value(text) or row_label_keys[r].startswith("其中"):
                continue  # a 其中 row is part of the row above it, not one more row of the sum
            value = number(text)
            if "%" in text or text.endswith("分"):
                run.broken = True
            elif value is not None:
                run.details.append((r, value))
            elif row_header_like[r]:
                run.restart(text, len(cells))
            else:
                run.broken = True  # a word where figures should be
    return understood


def _column_total(doc: Document, block: Block, r: int, c: int, label_at: int, header: str, title: str,
                  stated: float, parts: list[tuple[int, float]], found: Findings) -> None:
    unit_m = _UNIT_IN_HEADER.search(to_halfwidth(header))
    column = clean(PAREN.sub("", header)).strip(":：") or clean(header)
    first, last = block.cell_span(doc.name, parts[0][0]), block.cell_span(doc.name, parts[-1][0])
    label = clean(block.rows[r].cells[label_at])
    found.column_totals.append(ColumnTotal(
        label=f"{title}{label}" if title else label, column=column, stated=stated, parts=[v for _p, v in parts],
        unit=unit_m.group(1).strip() if unit_m else "", span=block.cell_span(doc.name, r, c),
        parts_span=block.span(doc.name, first.start, last.end, row=parts[0][0])))


# --------------------------------------------------------------------------- the funds block of a target table

_FUNDS_TOTAL = re.compile(r"^(?:年度|项目)?资金总(?:额|计)|^总投资(?:额)?$|^资金合计")
_FUNDS_SOURCE = re.compile(r"^(?:其中[:：]?)?(?:当年|本年)?(?:财政拨款|财政资金|中央|省级|市级|县级|区级|本级|上级|"
                           r"上年结转|结转|其他资金|自筹|社会资金|银行贷款|专项债)")
_FUNDS_UNIT = re.compile(r"(万元|元|亿元)")


def read_funds_block(doc: Document, block: Block, end: int, found: Findings) -> set[int]:
    """The funds block of a target or self-evaluation form (``项目资金（万元） | 年度资金总额 | 1860`` over
    ``其中：财政拨款 | 1500`` and ``其他资金 | 300``): the total against its sources, as a :class:`ColumnTotal`
    (domain.md §7.2 ``arithmetic_error``: 资金总额 vs its sources).  Returns the rows understood."""
    rows = [row.cells for row in block.rows[:end]]
    for r, cells in enumerate(rows):
        at = next((i for i, t in enumerate(cells) if _FUNDS_TOTAL.search(clean(t))), None)
        if at is None:
            continue
        c = next((i for i in range(at + 1, len(cells)) if number(cells[i]) is not None), None)
        if c is None:
            continue
        stated = number(cells[c])
        parts: list[tuple[int, float]] = []
        for k in range(r + 1, min(len(rows), r + 8)):
            row = rows[k]
            label = next((i for i, t in enumerate(row[:c]) if _FUNDS_SOURCE.search(clean(t))), None)
            if label is None:
                break
            value = number(row[c]) if c < len(row) else None
            if value is None:
                if is_empty_value(row[c] if c < len(row) else ""):
                    continue  # a source left blank adds nothing
                break
            parts.append((k, value))
        if stated is None or len(parts) < 2:
            continue
        unit = next((m.group(1) for t in (*cells[:at + 1], *(rows[r - 1][:1] if r else []))
                     if (m := _FUNDS_UNIT.search(to_halfwidth(t)))), "万元")
        first, last = block.cell_span(doc.name, parts[0][0]), block.cell_span(doc.name, parts[-1][0])
        found.column_totals.append(ColumnTotal(
            label=clean(cells[at]), column="项目资金", stated=stated, parts=[v for _k, v in parts], unit=unit,
            span=block.cell_span(doc.name, r, c), parts_span=block.span(doc.name, first.start, last.end,
                                                                        row=parts[0][0])))
        return {r, *(k for k, _v in parts)}
    return set()
