"""What a document is (domain.md §7.1) and, for a monitoring report, the period it covers.

A document's kind comes from what it says of itself and from what was read in it, in this order:

1. its title (the first short lines): 运行监控 → ``monitor``; 部门整体…自评 → ``dept_eval``; 自评 → ``self_eval``
   (a 自评表 that is only a scoring rubric → ``evaluation``); 评价报告/第三方评价 → ``evaluation``;
   绩效目标表/申报表/审批表 → ``target``; 办法/方案/指标体系 → ``policy``.  A year-end title wins over a date
   inside the year in its text (``截至11月30日已支付…``);
2. without a title, a period shorter than the year in the first lines or a table header (``1-6月执行数``,
   ``截至9月底``) → ``monitor``;
3. its tables: a 评分标准 column beside indicator rows → ``dept_eval``; indicator tables with an actual column →
   ``self_eval``; only scoring rubrics → ``evaluation``; only target tables and nothing answered → ``target``;
4. otherwise ``self_eval`` (the commonest document; its rules never accuse a row that was not read).

Each decision keeps its reason in words, which the review shows and a reviewer can override (``--kind``).
The documents of one review are combined: monitoring wins over a year-end kind, a year-end kind over a target
table (a 目标表 handed in beside its 自评表 is the self-evaluation's own target list).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from typing import Literal

from docreview.models import (
    DOC_KIND_ZH,
    Block,
    DocKind,
    Document,
    KindDecision,
    MonitorPeriod,
    ReportExtraction,
    Span,
)
from docreview.normalize import parse_number

__all__ = ["TitleKind", "combine_kinds", "document_kind", "find_period", "find_year", "title_kind"]

TitleKind = Literal["self_eval", "dept_eval", "evaluation", "target", "monitor", "policy"]

_TITLE_LINES = 4
_RULES: tuple[tuple[TitleKind, re.Pattern[str]], ...] = (
    ("monitor", re.compile(r"运行监控|绩效监控|监控情况|执行监控|监控表|监控报告")),
    ("dept_eval", re.compile(r"部门整体.{0,12}自评|整体支出.{0,8}自评")),
    ("self_eval", re.compile(r"自评|自我评价")),
    ("evaluation", re.compile(r"绩效评价报告|评价报告|评价结果|第三方评价|重点评价|评分表")),
    ("target", re.compile(r"绩效目标(?:表|申报|设定|审核|审批|公示)|目标申报表|目标审批表|目标表")),
    ("policy", re.compile(r"管理办法|实施方案|考核办法|指标体系|实施细则|暂行办法")),
)

# the review's kind when its documents differ: a monitoring table decides; a year-end kind beats a target table
_PRECEDENCE: tuple[DocKind, ...] = ("monitor", "dept_eval", "evaluation", "self_eval", "target", "policy")


def _block_text(block: Block) -> str:
    if block.kind == "table":
        return " ".join(block.rows[0].cells) if block.rows else ""
    return block.text


_TITLE_CHARS = 80  # a title line; a longer paragraph (a notice's body: 请你单位…做好绩效监控) is no title


def _title_match(doc: Document) -> tuple[TitleKind, str] | None:
    for block in doc.blocks[:_TITLE_LINES]:
        text = _block_text(block)
        if block.kind == "paragraph" and len(text) > _TITLE_CHARS:
            continue
        text = text[:120]
        for kind, pattern in _RULES:
            m = pattern.search(text)
            if m:
                return kind, m.group(0)
    return None


def title_kind(doc: Document) -> TitleKind | None:
    """The kind the document's first lines name, or None."""
    found = _title_match(doc)
    return found[0] if found else None


# --------------------------------------------------------------------------- the period of a monitoring report

_NUM = r"[0-9０-９一二三四五六七八九十]{1,3}"
_DASH = r"\s*(?:-|—|–|－|~|～|至|到)\s*"
_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("range", re.compile(rf"(?<![0-9])(?:1|一)月?{_DASH}(?P<m>{_NUM})月(?:份|末|底)?")),
    ("until", re.compile(rf"截[至止](?:\s*(?:20[0-9xX×]{{2}}|二〇..)\s*年)?\s*(?P<m>{_NUM})\s*月\s*(?:(?P<d>{_NUM})\s*[日号])?"
                         r"(?:底|末)?")),
    ("quarter", re.compile(r"(?P<front>前)?(?:第)?(?P<q>[一二三四1-4])季度")),
    ("half", re.compile(r"上半年|(?<![上下全])半年度?(?=\s*\S{0,8}?(?:执行|完成))")),
)


def _months(kind: str, m: re.Match[str]) -> float | None:
    if kind == "half":
        return 6.0
    if kind == "quarter":
        return float(_QUARTERS[m.group("q")])
    month = parse_number(m.group("m"))
    if month is None or not 1 <= month <= 12:
        return None
    if kind == "until" and m.group("d"):
        day = parse_number(m.group("d"))
        if day is not None and 1 <= day < calendar.monthrange(2001, int(month))[1]:
            return round(month - 1 + day / calendar.monthrange(2001, int(month))[1], 2)
    return float(month)


def _period_places(doc: Document, head_only: bool) -> list[tuple[int, str, int, int, bool]]:
    """Where a period is stated: the title lines, the header cells of tables (``1-6月执行数``) and, further down a
    form that stacks its parts (项目资金, then 绩效指标), the cells that label a column of figures by its period
    (``1-6月执行数``, ``半年度 指标执行情况``); unless ``head_only``, also the sentences of the first blocks
    (``截至6月30日，专项资金已到位…``).  (block, text, cell or -1, row or -1, whether it is a title line or a
    header cell)"""
    out: list[tuple[int, str, int, int, bool]] = []
    for b, block in enumerate(doc.blocks):
        if block.kind == "table":
            for r, row in enumerate(block.rows):
                out += [(b, cell, c, r, True) for c, cell in enumerate(row.cells)
                        if cell and len(cell) <= 40 and (r < 3 or _PERIOD_LABEL.search(cell))]
        elif b < _TITLE_LINES and len(block.text) <= _TITLE_CHARS and not _SENTENCE_MARK.search(block.text):
            out.append((b, block.text, -1, -1, True))
        elif not head_only and b < 40:
            out.append((b, block.text[:300], -1, -1, False))
    return out


# a cell that labels a column of figures (a header further down a stacked form), not a value
_PERIOD_LABEL = re.compile(r"(?:执行数|执行情况|完成数|完成情况|完成值|支出数|执行进度|完成进度)\s*$")


_SENTENCE_MARK = re.compile(r"[，。；,;]")  # a line with clauses is a sentence, not a title line

# In a sentence only a period that says how far the figures run (``截至9月底``, ``1-6月``) names the document's
# own period; a quarter or half year there is mostly another date (``工期延期至2025年一季度``, ``上半年完成招标``).
_SENTENCE_PERIODS = frozenset({"range", "until"})


def find_period(doc: Document, *, head_only: bool = False) -> MonitorPeriod | None:
    """The period shorter than the year that the document covers (``1-6月``, ``截至9月底``, ``第三季度``), with
    its 序时进度 as the elapsed share of the budget year; None when no such period is stated.  ``head_only``:
    only where a document names its own period (title lines, table headers), not a date in its text."""
    for b, text, cell, row, head in _period_places(doc, head_only):
        for kind, pattern in _PERIODS:
            if not head and kind not in _SENTENCE_PERIODS:
                continue
            m = pattern.search(text)
            if not m:
                continue
            months = _months(kind, m)
            if months is None or months >= 12:
                continue
            block = doc.blocks[b]
            quote = m.group(0).strip()
            span = Span(file=doc.name, block=b, page=block.page, sheet=block.sheet,
                        row=max(row, 0) if cell >= 0 else None, start=0, end=0, quote=text if cell >= 0 else quote)
            return MonitorPeriod(text=quote, months=months, schedule=round(months / 12, 4), span=span)
    return None


_YEAR = re.compile(r"(?<![0-9])(20[0-9]{2})\s*年(?:度)?")


def find_year(doc: Document) -> int | None:
    """The budget year the document's title (or the first rows of its first table) names: ``2023年度``."""
    for block in doc.blocks[:6]:
        texts = [c for row in block.rows[:3] for c in row.cells] if block.kind == "table" else [block.text[:160]]
        for text in texts:
            m = _YEAR.search(text or "")
            if m:
                return int(m.group(1))
    return None


# --------------------------------------------------------------------------- the kind of a document and a review


def document_kind(doc: Document, rx: ReportExtraction) -> KindDecision:
    """The kind of one report document and why (module docstring)."""
    title = _title_match(doc)
    period = rx.period
    kinds = {t.kind for t in rx.tables}
    rows = [c for c in rx.claims if c.kind == "row"]
    if title is not None:
        if title[0] == "self_eval" and "rubric" in kinds and not kinds & {"indicator", "target"}:
            return KindDecision(kind="evaluation", reason=f"标题含「{title[1]}」，但只有评分表（分值、得分，无目标值和完成值）")
        # a year-end report that mentions a date inside the year (截至11月30日已支付…) stays what its title says
        return KindDecision(kind=title[0], reason=f"标题含「{title[1]}」")
    head = find_period(doc, head_only=True) if period is not None else None
    if head is not None:
        return KindDecision(kind="monitor", reason=f"监控期间「{head.text}」（不足全年）")
    if any(c.criterion for c in rows) and any(c.actual is not None or c.actual_text for c in rows):
        return KindDecision(kind="dept_eval", reason="指标表带评分标准列")
    if "indicator" in kinds:
        return KindDecision(kind="self_eval", reason="指标表有实际完成值列")
    if "rubric" in kinds:
        return KindDecision(kind="evaluation", reason="只有评分表（分值、得分，无目标值和完成值）")
    if "target" in kinds and not any(c.actual is not None or c.actual_text for c in rows):
        return KindDecision(kind="target", reason="只有目标表（无实际完成值）")
    return KindDecision(kind="self_eval", reason="未识别出文件类型，按绩效自评审核")


def combine_kinds(decisions: Sequence[tuple[str, KindDecision]]) -> KindDecision:
    """The kind of a review from the kinds of its report documents (``(file name, decision)`` pairs)."""
    if not decisions:
        return KindDecision(kind="self_eval", reason="未识别出文件类型，按绩效自评审核")
    if len(decisions) == 1:
        return decisions[0][1]
    best = min(decisions, key=lambda d: _PRECEDENCE.index(d[1].kind))
    others = [f"{name}：{DOC_KIND_ZH[d.kind]}" for name, d in decisions]
    return KindDecision(kind=best[1].kind, reason=f"{best[0]}{best[1].reason}（{'；'.join(others)}）")
