"""Extract indicators (policy) and claims, budget lines and stated totals (report) from a ``Document``.

Tables are read row by row.  A header row is recognised by scoring its cells against the column aliases of
domain.md §1 (it may be any row of a table, and may repeat); the rows under it are indicator rows, budget
rows or total rows until the next header.  一级/二级 cells left empty by merged cells are carried down;
rows shortened by HTML rowspans are realigned to the header.  In a report, a table (or the part of one
above its first header) that is neither an indicator nor a budget table is a detail table (明细表, 成本构成): its
合计/总计/小计 rows give one ``ColumnTotal`` per column of figures.  Prose is read sentence by sentence: each
quantity is paired with what it measures.  Whatever holds a number but is not understood goes to
``unparsed`` with a reason, so nothing is lost silently.

Public entry points: :func:`extract_policy`, :func:`extract_report`, :func:`indicators_from_report`,
:func:`merge_indicators`.

By reading mode: :mod:`.columns` decides column roles from a header row; :mod:`.tables` reads indicator
and budget tables under it; :mod:`.details` the totals of detail tables; :mod:`.prose` sentences;
:mod:`.rows` holds the row and finding types and the cell readers they all share.
"""

from __future__ import annotations

from docreview.extract.kinds import combine_kinds, document_kind, find_period, find_year, title_kind
from docreview.extract.projects import block_projects
from docreview.extract.prose import read_prose
from docreview.extract.rows import Findings
from docreview.extract.tables import claim_from_row, indicator_from_row, read_tables
from docreview.models import (
    Claim,
    Document,
    Indicator,
    PolicyExtraction,
    Quantity,
    ReadingSummary,
    ReportExtraction,
    Unparsed,
)
from docreview.normalize import convert, normalize_name, resolve_direction

__all__ = ["combine_kinds", "document_kind", "extract_policy", "extract_report", "indicators_from_report",
           "merge_indicators", "summarize_reading"]


# --------------------------------------------------------------------------- public API


def extract_policy(doc: Document) -> PolicyExtraction:
    """Indicators and their targets from a policy document: target tables of any layout, and prose targets
    (``农村生活垃圾无害化处理率不低于95%``).  Rows and sentences with numbers that are not understood are
    listed in ``unparsed``."""
    found = Findings()
    read_tables(doc, found)
    read_prose(doc, found, role="policy")
    indicators = [indicator_from_row(r) for r in found.rows]
    if indicators:
        # the target table is the policy's indicator list; numbers in its prose (资金安排, 年度总体目标
        # restating the table, dates of issue) are context, listed so nothing is dropped silently
        found.unparsed += [Unparsed(text=i.span.quote, reason="目标表已列明指标，正文中的数字未作为指标", span=i.span)
                           for i in found.indicators]
    else:
        indicators = found.indicators
    unparsed = found.unparsed + [
        Unparsed(text=b.span.quote, reason="预算行（目标表中的资金安排，不作为指标）", span=b.span) for b in found.budget]
    return PolicyExtraction(document=doc.name, indicators=indicators, unparsed=unparsed, tables=found.tables)


def extract_report(doc: Document) -> ReportExtraction:
    """Claims (one per indicator row or measured quantity in prose), budget lines, stated totals and the
    unparsed remainder of a report."""
    found = Findings()
    read_tables(doc, found, detail_totals=True, prose_cells=True)
    read_prose(doc, found, role="report")
    claims = _with_projects(doc, [claim_from_row(r) for r in found.rows] + found.claims)
    return ReportExtraction(document=doc.name, claims=claims, budget=found.budget, totals=found.totals,
                            column_totals=found.column_totals, unparsed=found.unparsed, tables=found.tables,
                            prose_numbers=found.prose_numbers, prose_read=found.prose_read,
                            title_kind=title_kind(doc), period=find_period(doc), year=find_year(doc))


def _with_projects(doc: Document, claims: list[Claim]) -> list[Claim]:
    """Each claim with the project of its block (a report covering several projects); unchanged otherwise."""
    projects = block_projects(doc)
    if not any(projects.values()):
        return claims
    return [c.model_copy(update={"project": projects.get(c.span.block or 0)}) for c in claims]


def indicators_from_report(rx: ReportExtraction) -> list[Indicator]:
    """Without a policy document the report's own table defines the indicators: every indicator row that
    restates a target or sits in the 一级/二级 framework (not a bare score summary).

    A report without an indicator table defines them by the targets its prose states, with or without the
    actual beside them (``租机数量8架,实际租机7架``; ``年初确定的绩效目标为：…``); a target restated in
    another sentence (same target, a related name) is one indicator, taken from the sentence that also gives
    the actual.  A prose figure without a target stays a claim."""
    rows = [c for c in rx.claims if c.kind == "row" and (c.target_text or c.level1 or c.level2)]
    stated = rows or _prose_targets(rx.claims)
    out = []
    for c in stated:
        target = c.target
        direction = target.direction if target is not None else None
        if c.kind == "prose" and target is not None and not target.explicit_direction and target.kind != "qualitative":
            # the prose reader resolved the direction with the 二级 the sentence states (`4.成本指标。项目投资56万元`
            # is a maximum); the target keeps the default of its name, so the scorer reads the difference as a
            # stated direction, as it reads a 指标性质 column
            target = target.model_copy(update={"direction": resolve_direction(
                target.model_copy(update={"direction": None}), c.name)})
        out.append(Indicator(
            id=c.id, name=c.name, level1=c.level1, level2=c.level2, target=target, target_text=c.target_text or "",
            qualitative=target is not None and target.kind == "qualitative",
            unit=target.unit if target is not None else "",
            direction=direction, weight=c.weight, source="report",
            span=c.span, table_kind=c.table_kind, project=c.project))
    return out


def _prose_targets(claims: list[Claim]) -> list[Claim]:
    """Prose claims that state a target, in document order, one per target: a claim is dropped when a kept one
    has the same target value and a related name; answered claims are kept first, then the more specific
    (longer) name (``脱贫地区特色产业产值`` over the 总体目标's ``特色产业产值增加``)."""
    prose = [c for c in claims if c.kind == "prose" and c.target is not None and c.name]
    kept: list[Claim] = []
    for c in sorted(prose, key=lambda c: (c.actual is None, -len(normalize_name(c.name)))):
        # a target restated without an answer under other words (`任务数为115户,实际完成…264户` … `计划补助115户`)
        # is the answered one's, when the figure is the same count in the same unit
        # two answered claims are two indicators however alike their names (安装工程验收合格率 100%→100%,
        # 项目竣工验收合格率 100%→0): a restatement answers nothing
        if not any(_same_quantity(c.target, k.target) and (c.actual is None or k.actual is None) and (
                _related_names(c.name, k.name) or (c.actual is None and k.actual is not None and c.target is not None
                                                   and c.target.unit and c.target.kind == "number")) for k in kept):
            kept.append(c)
    order = {id(c): n for n, c in enumerate(prose)}
    return sorted(kept, key=lambda c: order[id(c)])


def _same_quantity(a: Quantity | None, b: Quantity | None) -> bool:
    if a is None or b is None or a.kind != b.kind:
        return False
    if a.kind == "date":
        return a.date == b.date
    if a.value is None or b.value is None:
        return False
    converted = convert(b.value, b.unit, a.unit)
    return converted is not None and abs(converted - a.value) <= 1e-9 * max(1.0, abs(a.value))


def _related_names(a: str, b: str) -> bool:
    """Names of one quantity: one contains the other, or they share most two-character pieces
    (``年森林火灾受灾率`` / ``森林火灾受害率``)."""
    ka, kb = normalize_name(a), normalize_name(b)
    if ka in kb or kb in ka:
        return True
    ga, gb = ({k[i:i + 2] for i in range(len(k) - 1)} for k in (ka, kb))
    return bool(ga and gb) and len(ga & gb) * 2 >= min(len(ga), len(gb))


def merge_indicators(indicators: list[Indicator]) -> list[Indicator]:
    """One indicator per name (and project): a policy may repeat its table, and its prose often restates a
    table row (`完成新改建农村公路120公里以上` beside the row `新改建农村公路里程 ≥120公里`).  Table rows win over
    prose; a prose indicator is dropped when its name equals, contains or is contained in a kept name of the
    same project.  The same name in two projects of one report is two indicators."""
    table = [i for i in indicators if i.span.row is not None]
    prose = [i for i in indicators if i.span.row is None]
    kept: list[Indicator] = []
    keys: list[tuple[str, str]] = []
    for ind in table + prose:
        project, key = ind.project or "", normalize_name(ind.name)
        from_prose = ind.span.row is None
        if any(p == project and (key == k or (from_prose and (key in k or k in key))) for p, k in keys):
            continue
        keys.append((project, key))
        kept.append(ind)
    order = {i.id: n for n, i in enumerate(indicators)}
    return sorted(kept, key=lambda i: order[i.id])


def summarize_reading(reports: list[ReportExtraction], indicators: list[Indicator],
                      answered: list[Claim], *, kind: str = "self_eval") -> ReadingSummary:
    """What was read of a review's reports, and the problems that make it too incomplete to score
    (domain.md §4, "never rate what was not read"): no indicator read; an indicator table of which fewer
    than half of the rows were read; no budget figures.  ``answered``: the claims that give an indicator
    its actual.  A report whose indicators all come from its own target table is ``targets_only``.  A target
    table (``kind`` target/policy) needs no budget figures."""
    tables = [t for rx in reports for t in rx.tables]
    actuals = sum(1 for c in answered if c.actual is not None or (c.actual_text or "").strip())
    summary = ReadingSummary(
        tables=tables, prose_numbers=sum(rx.prose_numbers for rx in reports),
        prose_read=sum(rx.prose_read for rx in reports), indicators=len(indicators), actuals=actuals,
        budget_lines=sum(len(rx.budget) for rx in reports))
    # a target document (目标表, 目标设定 notice): every indicator is the report's own, from a target table or a
    # sentence, no indicator table or rubric was read, and nothing answers any of them
    summary.targets_only = bool(indicators) and actuals == 0 and all(
        i.source == "report" and i.table_kind in ("target", None) for i in indicators) and not any(
        t.kind in ("indicator", "rubric") for t in tables) and not any(
        rx.title_kind in ("self_eval", "evaluation", "monitor") for rx in reports)  # a 自评报告 is no target document
    if not indicators:
        summary.problems.append("没有读出任何绩效指标（表格表头或正文格式未能识别）")
    for t in tables:
        if t.kind in ("indicator", "target", "rubric") and t.rows and t.rows_read * 2 < t.rows:
            summary.problems.append(f"{t.where()}只读出{t.rows_read}/{t.rows}行")
    if not summary.targets_only and kind not in ("target", "policy") and not summary.budget_lines:
        summary.problems.append("没有找到预算执行情况（预算数、执行数）")
    return summary
