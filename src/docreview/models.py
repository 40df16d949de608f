"""Typed models passed between pipeline stages.

ingest -> Document; extract -> PolicyExtraction / ReportExtraction (Indicator, Claim, BudgetLine);
retrieve/match -> Match; score -> IndicatorResult, Flag, ScoreSummary; explain -> Explanation;
pipeline -> Review.  No loose dicts cross a stage boundary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Direction = Literal[">=", "<=", "=", ">", "<"]
"""Direction of a target: ≥ / ≤ / = / > / <.  Qualitative targets have direction None."""

QuantityKind = Literal["number", "percent", "date", "duration", "qualitative"]
Severity = Literal["high", "medium", "low"]
FlagType = Literal[
    "target_missed",
    "not_reported",
    "unsupported_score",
    "self_score_inflated",
    "arithmetic_error",
    "inconsistent_values",
    "unit_mismatch",
    "target_changed",
    "missing_deviation_reason",
    "low_budget_execution",
    "overachieved",
    "vague_target",
    "missing_dimension",
    "direction_error",
    "implausible_target",
    "duplicate_target",
    "target_below_baseline",
    "behind_schedule",
    "forecast_contradiction",
    "repeated_miss",
]
FLAG_TYPES: tuple[str, ...] = FlagType.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FlagSpec:
    """One entry of the flag catalogue: what reviewers read about a flag code, and how it is raised by
    default.  ``rule`` is the rule in words, without numbers (thresholds come from the flag's inputs);
    ``report_level`` flags have ``indicator: null``; ``severity`` is the usual one (a rule may raise it)."""

    code: str
    name_zh: str
    rule: str
    severity: Severity
    report_level: bool = False


# The flag catalogue (domain.md §5).  Adding a flag code: an entry here, its rule in ``score``, and its
# text in ``explain.rule_text`` — tests/test_catalogue.py checks that all three exist for every code.
FLAGS: dict[str, FlagSpec] = {f.code: f for f in (
    FlagSpec("target_missed", "未完成目标",
             "定量或时效指标的实际完成值（换算到目标单位后）没有达到目标方向的要求，或定性指标自评为未达成。", "high"),
    FlagSpec("not_reported", "未报告完成值",
             "政策（或报告自身表格）中的指标，在报告中找不到实际完成值（为空、“/”、“无”，正文也没有相应表述），且没有自评得分。",
             "high"),
    FlagSpec("unsupported_score", "无依据得分",
             "指标的实际完成值为空，或填写的不是实际测量值（带“≥”“以上”等方向符号），却自评了大于零的得分。", "high"),
    FlagSpec("self_score_inflated", "自评得分偏高",
             "自评得分（指标或预算执行）高于按评分规则计算的得分且超出允许误差，或定性指标得分高于其档次区间。", "medium"),
    FlagSpec("arithmetic_error", "计算错误",
             "报告中的合计、比率或分值与其自身组成部分算出的结果不一致（合计与分项之和、执行率与执行数÷预算数、分值之和与总分）。",
             "high", report_level=True),
    FlagSpec("inconsistent_values", "数据前后不一致",
             "报告对同一期间的同一数量给出了两个不同的数值（指标实际值、预算数字，或合计行与明细行）。", "high"),
    FlagSpec("unit_mismatch", "单位或口径不符",
             "实际值与目标的单位无法相互换算，或数值型目标只用文字（如“完成”）作答。", "medium"),
    FlagSpec("target_changed", "目标值被改动", "报告中列示的指标目标与政策文件（绩效目标表）中的目标不同。", "high"),
    FlagSpec("missing_deviation_reason", "缺少偏差原因",
             "指标未完成目标，但报告没有给出偏差原因（空白、“无”、“/”，或只有文字而没有说明原因）。", "medium"),
    FlagSpec("low_budget_execution", "预算执行率偏低",
             "预算执行率（全年执行数÷全年预算数）低于评分方案规定的下限。", "medium", report_level=True),
    FlagSpec("overachieved", "超额完成过多",
             "正向指标的实际值达到目标值的若干倍以上，目标可能设定偏低，按规定应作出分析。", "low"),
    FlagSpec("vague_target", "目标不可衡量",
             "需要量化的指标（数量、质量、时效、成本等）没有可衡量的目标值：空白、占位符，或只有“有效提升”“明显改善”之类的描述。",
             "low"),
    # target review (domain.md §7.2), monitoring (§7.3) and history (§7.4)
    FlagSpec("missing_dimension", "缺少必备指标维度",
             "绩效目标缺少评分方案要求的一级指标维度（产出、效益、满意度等），或产出指标下缺少要求的二级维度（数量、质量、时效、成本）。",
             "medium", report_level=True),
    FlagSpec("direction_error", "指标方向错误",
             "成本、费用、事故类指标设定了下限（“≥”），或合格率、满意度等越高越好的比率设定了上限（“≤”）。", "medium"),
    FlagSpec("implausible_target", "目标值不合理",
             "不能超过百分之百的比率目标超过百分之百；完成时限落在预算年度或项目期之外；数量或金额目标为零却以“≥”表示。",
             "medium"),
    FlagSpec("duplicate_target", "目标重复或雷同",
             "同一指标出现两次且目标不同，或过半数指标的目标值完全相同（如全部为百分之百）。", "low"),
    FlagSpec("target_below_baseline", "目标低于上年实际",
             "本年目标低于同一单位同一指标上一年度的实际完成值（按指标方向判断）。", "medium"),
    FlagSpec("behind_schedule", "进度滞后",
             "监控期内的预算执行率或指标完成进度低于序时进度，且差距超过评分方案允许的幅度。", "medium"),
    FlagSpec("forecast_contradiction", "预计完成情况矛盾",
             "进度明显滞后却判断“确定能”完成目标且未提出纠偏措施，或全年预计完成值低于目标却未说明原因。", "medium"),
    FlagSpec("repeated_miss", "连续未完成",
             "同一指标在本年度和上一年度都没有完成目标。", "low"),
)}
assert tuple(FLAGS) == FLAG_TYPES, "the catalogue and FlagType list the same codes in the same order"

# Names reviewers read (UI, reports, exports)
SEVERITY_ZH: dict[str, str] = {"high": "高", "medium": "中", "low": "低"}
SEVERITY_ORDER: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
"""Sort key of a severity: high first.  Unknown severities sort last (``.get(s, len(SEVERITY_ORDER))``)."""
FLAG_ZH: dict[str, str] = {code: spec.name_zh for code, spec in FLAGS.items()}
FLAG_RULE_ZH: dict[str, str] = {code: spec.rule for code, spec in FLAGS.items()}

DocKind = Literal["self_eval", "dept_eval", "evaluation", "target", "monitor", "policy"]
"""What a document is (domain.md §7.1); it decides which rules run."""
DOC_KINDS: tuple[str, ...] = DocKind.__args__  # type: ignore[attr-defined]
DOC_KIND_ZH: dict[str, str] = {
    "self_eval": "绩效自评", "dept_eval": "部门整体自评", "evaluation": "绩效评价报告",
    "target": "绩效目标表", "monitor": "绩效运行监控", "policy": "政策/指标体系",
}

BlockKind = Literal["paragraph", "heading", "table"]
TableKind = Literal["indicator", "target", "rubric", "budget", "key_value_budget", "detail", "basic_info", "unknown"]
"""What a table of a document is (domain.md §7.1): an indicator table of a self-evaluation (targets and
actuals), a target table (targets only), a scoring rubric (分值/得分/评分标准, no target or actual), a budget
table, key–value budget rows without a header, an expense detail table, a basic-information table, or
a table docreview could not classify (listed as unread, never guessed)."""
DocFormat = Literal["pdf", "docx", "xlsx", "html", "txt", "md", "png", "jpeg", "tiff"]


def location_text(file: str, *, page: int | None = None, sheet: str | None = None, table: int | None = None,
                  row: int | None = None, paragraph: int | None = None) -> str:
    """The one way a place in a document is written for reviewers: ``report.pdf 第2页 工作表「表1」 表1 第3行``
    (page and sheet 1-based as printed, table/row/paragraph 0-based indexes shown 1-based)."""
    parts = [file]
    if page is not None:
        parts.append(f"第{page}页")
    if sheet:
        parts.append(f"工作表「{sheet}」")
    if table is not None:
        parts.append(f"表{table + 1}")
    if row is not None:
        parts.append(f"第{row + 1}行")
    elif paragraph is not None:
        parts.append(f"第{paragraph + 1}段")  # prose: the paragraph (or heading) in document order
    return " ".join(parts)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- ingest


class Span(_Model):
    """Where a piece of text comes from: enough to show a reviewer the exact place.

    ``start``/``end`` are character offsets into ``Block.text`` of block ``block``.
    For table cells, ``row``/``col`` are 0-based indexes into the table's rows/cells.
    ``page`` is 1-based (PDF); ``sheet`` is the XLSX sheet name.
    """

    file: str
    page: int | None = None
    sheet: str | None = None
    block: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    start: int = 0
    end: int = 0
    quote: str = ""
    # an OCR'd cell read below the confidence threshold (or a lone 一/— in a figure column): a value a reviewer
    # must check on the page image before any flag resting on it is believed (ingest/ocr.py)
    uncertain: bool = False
    confidence: float | None = None
    # where the quote is on its page, as (x0, y0, x1, y1) fractions of the page (top-left origin): the box of
    # its table cells (TableRow.boxes) or of its paragraph lines (Block.line_boxes), for text PDFs and OCR'd
    # pages (there: of the cleaned upright page), so that the source viewer can draw it
    box: tuple[float, float, float, float] | None = None

    def where(self) -> str:
        """Short human location, e.g. ``report.pdf 第2页 表1 第3行``."""
        paragraph = self.block if self.table is None and self.row is None and self.page is None else None
        return location_text(self.file, page=self.page, sheet=self.sheet, table=self.table, row=self.row,
                             paragraph=paragraph)


class TableRow(_Model):
    index: int
    cells: list[str]
    # character offset of each cell inside the owning Block.text
    offsets: list[int] = Field(default_factory=list)
    # per cell its box as (x0, y0, x1, y1) fractions of the (upright) page, for text PDFs and OCR'd pages;
    # OCR'd rows only (ingest/ocr.py): per cell the recognition confidence (None: empty or covered by a
    # merged cell); ``uncertain`` lists the
    # columns whose value a reviewer must check on the page image (a low-confidence number, a lone 一/—
    # in a numeric column) — a flag resting on one is "OCR 待核实", severity at most medium.
    confidence: list[float | None] | None = None
    boxes: list[tuple[float, float, float, float] | None] | None = None
    uncertain: list[int] = Field(default_factory=list)


def _union(boxes: Sequence[Sequence[float]]) -> tuple[float, float, float, float] | None:
    """The smallest box holding all ``boxes`` (x0, y0, x1, y1); None for none."""
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


class Block(_Model):
    """A paragraph, heading or table of a document, in document order.

    For tables, ``text`` is the rows joined by ``\\n`` with cells joined by `` | ``, and each
    ``TableRow.offsets[i]`` gives where cell ``i`` starts inside ``text``.
    """

    index: int
    kind: BlockKind
    text: str
    page: int | None = None
    sheet: str | None = None
    table: int | None = None
    rows: list[TableRow] = Field(default_factory=list)
    level: int | None = None  # heading level when known
    # OCR'd blocks only: the lowest recognition confidence in the block, its box (fractions of the page)
    confidence: float | None = None
    bbox: tuple[float, float, float, float] | None = None
    # text PDFs: where each line of a paragraph starts in ``text`` and its box, (start, x0, y0, x1, y1) in
    # fractions of the page (top-left origin) — what the source viewer draws around a quote
    line_boxes: list[tuple[int, float, float, float, float]] = Field(default_factory=list)

    def span(self, file: str, start: int = 0, end: int | None = None, *, row: int | None = None,
             col: int | None = None) -> Span:
        end = len(self.text) if end is None else end
        span = Span(file=file, page=self.page, sheet=self.sheet, block=self.index, table=self.table,
                    row=row, col=col, start=start, end=end, quote=self.text[start:end])
        r = self.rows[row] if row is not None and row < len(self.rows) else None
        if r is not None and r.boxes:  # the span's place on the page: the cells it covers (text PDF or OCR)
            covered = [j for j, (at, text) in enumerate(zip(r.offsets, r.cells, strict=False))
                       if text and at < end and at + len(text) > start and j < len(r.boxes)]
            span.box = _union([b for j in covered if (b := r.boxes[j]) is not None])
        elif r is None and self.line_boxes:  # a quote in a paragraph: the lines it spans
            ends = [b[0] for b in self.line_boxes[1:]] + [len(self.text)]
            span.box = _union([b[1:] for b, stop in zip(self.line_boxes, ends, strict=True)
                               if b[0] < max(end, start + 1) and stop > start])
        if r is not None and r.confidence is not None:
            # an OCR'd row: for a value (``col``) its certainty — a span over several cells (指标性质 ≥ + 指标值
            # 92 + 度量单位 %) is as unsure as its least sure cell: a misread sign changes the target as much as
            # a misread digit
            conf = r.confidence
            covered = [j for j, (at, text) in enumerate(zip(r.offsets, r.cells, strict=False))
                       if text and at < end and at + len(text) > start and j < len(conf)]
            unsure = [j for j in covered if j in r.uncertain]
            if col is not None and covered:
                pick = unsure[0] if unsure else min(covered, key=lambda j: conf[j] or 0.0)
                span.uncertain, span.confidence = bool(unsure), conf[pick]
        return span

    def cell_span(self, file: str, row: int, col: int | None = None) -> Span:
        """Span of one cell (or of the whole row when ``col`` is None)."""
        r = self.rows[row]
        if not r.offsets:
            return self.span(file, row=row, col=col)
        if col is None:
            start = r.offsets[0]
            end = r.offsets[-1] + len(r.cells[-1])
        else:
            start = r.offsets[col]
            end = start + len(r.cells[col])
        span = self.span(file, start, end, row=row, col=col)
        if col is not None and r.confidence is not None and col < len(r.confidence):
            # one cell, even an empty one whose ink nothing could read
            box = r.boxes[col] if r.boxes and col < len(r.boxes) else None
            span = span.model_copy(update={"uncertain": col in r.uncertain, "confidence": r.confidence[col],
                                           "box": box or span.box})
        return span


class Document(_Model):
    path: str
    name: str
    format: DocFormat
    sha256: str
    blocks: list[Block]
    pages: int | None = None
    warnings: list[str] = Field(default_factory=list)
    ocr_pages: list[int] = Field(default_factory=list)  # 1-based pages read by OCR (an image file: all)

    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


# --------------------------------------------------------------------------- normalise


class Quantity(_Model):
    """A parsed value.  ``value`` is in ``unit`` as written (normalised spelling, e.g. ``万元``).

    - number/percent: ``value`` (and ``upper`` for ranges such as ``90%-95%``)
    - date: ``date`` is the deadline/day (``2025年9月底前`` -> 2025-09-30, direction ``<=``)
    - duration: ``value`` + time unit (``30个工作日``, ``2天``)
    - qualitative: only ``text`` (``有效改善``, ``达成预期指标``)
    """

    value: float | None = None
    unit: str = ""
    direction: Direction | None = None
    kind: QuantityKind = "number"
    upper: float | None = None
    date: dt.date | None = None
    text: str = ""
    explicit_direction: bool = False  # the text itself carried ≥/不低于/以内 …


# --------------------------------------------------------------------------- extract


class Indicator(_Model):
    """A 三级指标 with its target, from a policy document or (without one) the report's own table."""

    id: str
    name: str
    level1: str | None = None
    level2: str | None = None
    target: Quantity | None = None
    target_text: str = ""
    qualitative: bool = False
    unit: str = ""
    direction: Direction | None = None
    weight: float | None = None
    source: Literal["policy", "report"] = "policy"
    span: Span
    table_kind: TableKind | None = None  # the kind of table the row came from (None: prose)
    project: str | None = None  # the project of a report covering several (（一）XX项目)


class Claim(_Model):
    """What a report says about one indicator: a table row or a prose sentence."""

    id: str
    kind: Literal["row", "prose"]
    name: str = ""  # indicator name as the report writes it ('' for prose without one)
    level1: str | None = None
    level2: str | None = None
    target: Quantity | None = None
    target_text: str | None = None
    actual: Quantity | None = None
    actual_text: str | None = None
    weight: float | None = None
    self_score: float | None = None
    self_score_text: str | None = None
    reason: str | None = None
    text: str = ""  # the whole row (cells joined by ' | ') or sentence
    span: Span
    target_span: Span | None = None
    actual_span: Span | None = None
    score_span: Span | None = None
    reason_span: Span | None = None
    table_kind: TableKind | None = None  # the kind of table a row came from (None: prose)
    project: str | None = None  # the project of a report covering several (（一）XX项目)
    criterion: str | None = None  # the row's 评分标准 (department-wide forms score the row by it)
    criterion_span: Span | None = None
    # monitoring tables (domain.md §7.3): 全年预计完成值, 完成目标可能性, 纠偏措施
    forecast: Quantity | None = None
    forecast_text: str | None = None
    likelihood: str | None = None  # 确定能 / 有可能 / 完全不可能 as written
    measures: str | None = None  # 偏差原因 / 纠偏措施 as written (also read from ``reason``)


class BudgetLine(_Model):
    """One line of the budget block (预算执行情况); amounts in ``unit`` (normally 万元)."""

    label: str
    is_total: bool = False
    initial: float | None = None  # 年初预算数
    adjusted: float | None = None  # 全年预算数 / 调整后预算数
    added: float | None = None  # 年中追加 (+) or 调减 (−) stated separately: initial + added should give adjusted
    executed: float | None = None  # 全年执行数 / 预算执行数
    rate_stated: float | None = None  # 执行率 as stated, in percent (99.57)
    weight: float | None = None  # 分值 / 权重
    self_score: float | None = None
    unit: str = "万元"
    span: Span


class StatedTotal(_Model):
    """A total the report states: 合计/总分 rows, or a 一级 weight such as 产出指标(50分)."""

    kind: Literal["weight_total", "score_total", "level1_weight"]
    label: str
    value: float
    level1: str | None = None
    span: Span


class ColumnTotal(_Model):
    """A 合计/小计/总计 row of a detail table (明细表, 成本构成) that is neither an indicator nor a budget table:
    the stated figure of one numeric column and the figures of the rows it sums."""

    label: str
    column: str  # the column header
    stated: float
    parts: list[float]
    unit: str = ""
    span: Span  # the stated cell
    parts_span: Span | None = None  # the rows summed


class Unparsed(_Model):
    """A table row or sentence with a number that extraction did not understand."""

    text: str
    reason: str
    span: Span


class ColumnReading(_Model):
    """The role a column was given and why (header words, cell contents, position)."""

    col: int
    header: str
    role: str
    reason: str = ""
    header_score: float = 0.0  # how surely the header words name the role (3 exact spelling, 2 a word in it)
    content_score: float = 0.0  # how much the cells under it look like the role (0…1), when they decided


class TableReading(_Model):
    """How one table of a document was read: its kind, its columns and how many of its rows were read."""

    file: str
    table: int  # 0-based table number in the document
    page: int | None = None
    sheet: str | None = None
    kind: TableKind
    header_row: int | None = None
    columns: list[ColumnReading] = Field(default_factory=list)
    rows: int = 0  # rows under the header (or all rows of a table without one)
    rows_read: int = 0
    rows_unread: int = 0

    def where(self) -> str:
        return location_text(self.file, page=self.page, sheet=self.sheet, table=self.table)


class KindDecision(_Model):
    """The kind of the documents under review and why (domain.md §7.1): detected from titles, table kinds
    and period words, or given by the reviewer (``overridden``)."""

    kind: DocKind
    reason: str
    overridden: bool = False

    @property
    def kind_zh(self) -> str:
        return DOC_KIND_ZH[self.kind]


class MonitorPeriod(_Model):
    """The period a monitoring report covers and its 序时进度 (domain.md §7.3)."""

    text: str  # as written: 1-6月, 截至9月底, 第三季度
    months: float  # elapsed months of the budget year at the period's end
    schedule: float  # 序时进度 as a fraction (0.5 for 1-6月)
    basis: Literal["elapsed", "checkpoint"] = "elapsed"
    span: Span | None = None


class BaselineIndicator(_Model):
    """An indicator as an earlier year's document of the same unit reported it (domain.md §7.4)."""

    name: str
    file: str
    year: int | None = None
    target: Quantity | None = None
    target_text: str = ""
    actual: Quantity | None = None
    actual_text: str = ""
    self_score: float | None = None
    missed: bool | None = None  # None: the earlier review could not tell
    project: str | None = None
    span: Span | None = None  # where the actual (else the row) was read


class PolicyExtraction(_Model):
    document: str
    indicators: list[Indicator] = Field(default_factory=list)
    unparsed: list[Unparsed] = Field(default_factory=list)
    tables: list[TableReading] = Field(default_factory=list)


class ReportExtraction(_Model):
    document: str
    claims: list[Claim] = Field(default_factory=list)
    budget: list[BudgetLine] = Field(default_factory=list)
    totals: list[StatedTotal] = Field(default_factory=list)
    column_totals: list[ColumnTotal] = Field(default_factory=list)
    unparsed: list[Unparsed] = Field(default_factory=list)
    tables: list[TableReading] = Field(default_factory=list)
    prose_numbers: int = 0  # sentences with a number (outside tables)
    prose_read: int = 0  # of which gave a claim, a budget figure or a total
    title_kind: str | None = None  # what the title says the document is (自评 → self_eval, 目标申报表 → target …)
    period: MonitorPeriod | None = None  # a period shorter than the year (1-6月, 截至9月底): monitoring
    year: int | None = None  # the budget year the title names (2023年度)


class ReadingSummary(_Model):
    """What was read of the documents of a review, and whether it is enough to score them (domain.md §4:
    never rate what was not read).  ``problems`` non-empty means ``reading_incomplete``: no total, no rating."""

    tables: list[TableReading] = Field(default_factory=list)
    prose_numbers: int = 0
    prose_read: int = 0
    indicators: int = 0
    actuals: int = 0
    budget_lines: int = 0
    targets_only: bool = False  # every indicator came from a target table: nothing to score yet
    problems: list[str] = Field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.problems

    def tables_by_kind(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in self.tables:
            out[t.kind] = out.get(t.kind, 0) + 1
        return out


# --------------------------------------------------------------------------- retrieve / match


class Passage(_Model):
    """A unit of retrievable report text (a table row or a sentence)."""

    id: str
    text: str
    span: Span
    claim_id: str | None = None


class SearchHit(_Model):
    passage_id: str
    text: str
    score: float
    span: Span | None = None
    signals: dict[str, float] = Field(default_factory=dict)  # bm25 / vector / rrf …


class Match(_Model):
    indicator_id: str
    claim_id: str | None = None
    score: float = 0.0
    signals: dict[str, float] = Field(default_factory=dict)
    method: Literal["row_name", "retrieval", "none"] = "none"
    searched: list[SearchHit] = Field(default_factory=list)
    # other claims about the same indicator (a prose restatement of a table row, a second table):
    # what ``inconsistent_values`` compares against the matched claim
    alternates: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- score / flags


class Evidence(_Model):
    side: Literal["policy", "report"]
    file: str
    page: int | None = None
    sheet: str | None = None
    row: int | None = None
    quote: str = ""
    start: int = 0
    end: int = 0
    uncertain: bool = False  # an OCR reading to check on the page image (Span.uncertain)
    confidence: float | None = None
    box: tuple[float, float, float, float] | None = None  # where on the page (Span.box)

    @classmethod
    def from_span(cls, side: Literal["policy", "report"], span: Span) -> Evidence:
        return cls(side=side, file=span.file, page=span.page, sheet=span.sheet, row=span.row,
                   quote=span.quote, start=span.start, end=span.end, uncertain=span.uncertain,
                   confidence=span.confidence, box=span.box)

    def where(self) -> str:
        """The location text of a piece of evidence: ``report.pdf 第2页 工作表「表1」 第3行``."""
        return location_text(self.file, page=self.page, sheet=self.sheet, row=self.row)


RuleValue = float | str | bool | None


class Flag(_Model):
    id: str
    type: FlagType
    indicator: str | None = None
    severity: Severity
    message: str
    inputs: dict[str, RuleValue] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    searched: list[SearchHit] = Field(default_factory=list)


class IndicatorResult(_Model):
    indicator_id: str
    name: str
    level1: str | None = None
    weight: float = 0.0
    claim_id: str | None = None
    actual: Quantity | None = None
    rule_score: float | None = None
    self_score: float | None = None
    # criterion_unparsed: the row's 评分标准 is not a rule the engine reads (评分标准未能解析); criterion_no_value:
    # it is, but the form reports no value it could be applied to.  Both keep the unit's own score.
    status: Literal["met", "missed", "not_reported", "qualitative", "unscored", "criterion_unparsed",
                    "criterion_no_value"] = "unscored"
    completion: float | None = None  # actual / target (direction-aware), for dashboards
    criterion_rule: str | None = None  # the 评分标准 as read (criteria.describe), when the row was scored by it


class ScoreSummary(_Model):
    budget_score: float | None = None
    budget_weight: float = 0.0
    execution_rate: float | None = None
    indicator_score: float = 0.0
    computed_total: float | None = 0.0  # None: not scored (see ``not_rated``)
    self_total: float | None = None
    rating: Literal["优", "良", "中", "差"] | None = None
    not_rated: str | None = None  # why there is no total and no rating (reading incomplete, target table …)

    @property
    def total_text(self) -> str:
        """The computed total as reviewers read it: ``76.10``, or ``未计分`` when the review was not scored."""
        return "未计分" if self.computed_total is None else f"{self.computed_total:.2f}"

    @property
    def rating_text(self) -> str:
        return self.rating or "不评级"


class ScoringInput(_Model):
    """Everything the rule engine needs; assembled by the pipeline after matching."""

    indicators: list[Indicator]
    claims: list[Claim]
    matches: list[Match]
    budget: list[BudgetLine] = Field(default_factory=list)
    totals: list[StatedTotal] = Field(default_factory=list)
    column_totals: list[ColumnTotal] = Field(default_factory=list)
    has_policy: bool = True
    reading: ReadingSummary | None = None  # None: assume everything was read (unit tests of the rules)
    kind: DocKind = "self_eval"  # which rules run (domain.md §7.1)
    year: int | None = None  # the budget year the documents speak of (2023年度)
    period: MonitorPeriod | None = None  # monitoring reports: the period and its 序时进度
    baseline: list[BaselineIndicator] = Field(default_factory=list)  # earlier years of the same unit


class ScoringResult(_Model):
    results: list[IndicatorResult]
    flags: list[Flag]
    score: ScoreSummary
    reading_notes: list[str] = Field(default_factory=list)  # signs the rules saw of a table not read whole


ADVISORY_LABEL = "模型意见，仅供参考，不是规则结论 / model opinion, not a rule finding"
"""How every advisory opinion is labelled wherever reviewers read it (app, Markdown, DOCX)."""

ReasonQuality = Literal["substantive", "boilerplate", "absent"]
CategoryFit = Literal["fits", "misfit", "unknown"]


class Advisory(_Model):
    """A model opinion on one flagged indicator (prompt ``advise.v1``), attached to the explanation of each
    of its flags: is the deviation reason substantive, does the indicator sit under a fitting 一级/二级
    category.  It never raises or changes a flag, and is shown under ``label``.

    ``status="rejected"``: its comments failed the grounding check; ``rejected_reason`` says why and the
    opinion fields are empty.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)  # one instance is shared by the indicator's flags

    kind: Literal["model_opinion"] = "model_opinion"
    label: str = ADVISORY_LABEL
    status: Literal["ok", "rejected"]
    prompt: str
    model: str
    reason_quality: ReasonQuality | None = None
    reason_quality_zh: str | None = None
    reason_comment: str | None = None
    category_fit: CategoryFit | None = None
    category_fit_zh: str | None = None
    category_comment: str | None = None
    rejected_reason: str | None = None


class Explanation(_Model):
    flag_id: str
    text: str
    source: Literal["rule", "model"]
    prompt: str | None = None
    model: str | None = None
    usage: dict[str, int] = Field(default_factory=dict)
    grounded: bool = True
    rejected_reason: str | None = None
    advisory: Advisory | None = None  # model opinion, kept apart from flags

    @field_validator("advisory", mode="before")
    @classmethod
    def _no_advisory(cls, v: object) -> object:
        # explanations stored before the typed model wrote ``{}`` for "no advisory"
        return None if v == {} else v


class Review(_Model):
    id: str
    created: dt.datetime
    profile: str
    policy_files: list[str]
    report_files: list[str]
    indicators: list[Indicator]
    claims: list[Claim]
    budget: list[BudgetLine] = Field(default_factory=list)
    totals: list[StatedTotal] = Field(default_factory=list)
    matches: list[Match]
    results: list[IndicatorResult]
    flags: list[Flag]
    score: ScoreSummary
    unmatched_claims: list[str] = Field(default_factory=list)
    unparsed: list[Unparsed] = Field(default_factory=list)
    explanations: list[Explanation] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)
    reading: ReadingSummary | None = None
    kind: KindDecision | None = None  # None: reviews stored before kinds existed (self-evaluations)
    year: int | None = None  # the budget year the documents speak of (2023年度), when they say it
    period: MonitorPeriod | None = None
    history_files: list[str] = Field(default_factory=list)
    baseline: list[BaselineIndicator] = Field(default_factory=list)
    ocr_pages: dict[str, list[int]] = Field(default_factory=dict)  # file name → its pages read by OCR

    @property
    def doc_kind(self) -> str:
        return self.kind.kind if self.kind is not None else "self_eval"
