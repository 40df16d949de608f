"""What every reader of :mod:`docreview.extract` shares: the row and finding types, and how a cell or a
sentence is read (header keys, names, plain figures, the quantities worth reporting)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from docreview.models import (
    BudgetLine,
    Claim,
    ColumnTotal,
    Indicator,
    Quantity,
    Span,
    StatedTotal,
    TableKind,
    TableReading,
    Unparsed,
)
from docreview.normalize import find_quantities, is_empty_value, parse_number, to_halfwidth

__all__ = ["PAREN", "WEIGHT_LABEL", "Findings", "Row", "clean", "has_number", "header_key", "meaningful", "number"]

# --------------------------------------------------------------------------- cell text

WEIGHT_LABEL = re.compile(r"^(?P<label>.+?)\s*[(（](?P<value>\d+(?:\.\d+)?)\s*分[)）]\s*$")
PAREN = re.compile(r"[(（][^()（）]*[)）]")
_SPACE = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def header_key(text: str) -> str:
    """A cell as compared with the column aliases: half-width, no spaces, no parenthesised parts, no colons."""
    t = _SPACE.sub("", to_halfwidth(text))
    t = PAREN.sub("", t)
    return t.strip(":：*").strip()


def clean(text: str) -> str:
    """Cell text as a name: spaces left by line wraps inside CJK text removed."""
    return _CJK_GAP.sub("", text.strip())


_FIGURE = re.compile(r"^[-+]?\d+(?:\.\d+)?\s*(?:%|分|万元|元|万|个百分点)?$")


def number(text: str) -> float | None:
    """A plain figure (weight, score, amount): ``8``, ``59.80``, ``100分``, ``864.2万``; ``100%`` -> 100.

    A cell of prose that merely contains a figure is not a figure."""
    t = to_halfwidth(text).strip().replace(",", "")
    if not t or is_empty_value(t):
        return None
    if _FIGURE.match(t):
        m = _NUMBER.search(t)
        return float(m.group()) if m else None
    return parse_number(t) if len(t) <= 10 else None


# --------------------------------------------------------------------------- findings


@dataclass
class Row:
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
    table_kind: TableKind | None = None
    criterion: str | None = None  # 评分标准 of a department-wide form
    criterion_span: Span | None = None
    forecast_text: str | None = None  # monitoring: 全年预计完成值
    likelihood: str | None = None  # monitoring: 完成目标可能性 (the ticked option, or the word written)
    measures: str | None = None  # monitoring: 纠偏措施 (备注, or the words of the reason columns)


@dataclass
class Findings:
    """What the readers found in one document, before it becomes an extraction."""

    rows: list[Row] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    # prose budget lines that had no spending when last looked at (``prose_budget._borrow_budget``'s pool)
    budget_without_spending: list[BudgetLine] = field(default_factory=list)
    totals: list[StatedTotal] = field(default_factory=list)
    column_totals: list[ColumnTotal] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)  # prose
    indicators: list[Indicator] = field(default_factory=list)  # prose (policy)
    tables: list[TableReading] = field(default_factory=list)  # how each table was read
    prose_numbers: int = 0  # sentences outside tables with a number
    prose_read: int = 0  # of which gave a claim, budget figure, total or indicator


# --------------------------------------------------------------------------- numbers worth reporting

_YEAR_AFTER = re.compile(r"^\s*(年|年度|级|届|字|号|版|期)")
_CODE_CHAR = re.compile(r"[A-Za-z_\-/]")
_LIST_MARK = re.compile(r"^\s*[、.．)）:：]")


def meaningful(text: str) -> list[tuple[int, int, Quantity]]:
    """Quantities of ``text`` that are measurements: not years, codes, list markers or ``(100字以内)``.

    A document asks this of the same sentence several times (claim, budget, total and indicator readers), so
    the answers are remembered per text; each caller gets its own copies (readers set a quantity's
    direction from its indicator's name)."""
    return [(start, end, q.model_copy()) for start, end, q in _meaningful(text)]


@functools.lru_cache(maxsize=16384)
def _meaningful(text: str) -> tuple[tuple[int, int, Quantity], ...]:
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
    return tuple(out)


_REFERENCE_BEFORE = re.compile(r"(附件|附表|第|表|图|条|款|页|号|编号|代码)$")
_YEAR_DIGITS = re.compile(r"^(?:[0-9]{4}|[〇零一二三四五六七八九]{3,4})年?$")


def _is_year(raw: str, next_char: str, q: Quantity) -> bool:
    """``2018年``, ``二〇一九年``: a year, not a measurement."""
    yearish = q.unit in ("年", "年度") or next_char == "年"
    digits = _YEAR_DIGITS.match(raw.strip())
    return yearish and (digits is not None or (q.value is not None and 1900 <= q.value <= 2100))


def has_number(text: str) -> bool:
    return bool(meaningful(text))
