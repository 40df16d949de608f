"""Exports of a stored review: the 审核意见表 (XLSX, one row per flag) and the 审核意见书 (DOCX memo).

Both are plain OOXML that Excel, Word and WPS open.  The spreadsheet holds values only: every cell
is written as a string or number, never as a formula, and text that a spreadsheet would take for a
formula (starting with ``= + - @`` or a tab/CR) gets a leading ``'``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from docreview.explain import advisory_lines
from docreview.models import Evidence, SearchHit
from docreview.normalize import format_percent
from docreview.render import reading_warnings
from docreview.store.records import (
    DECISION_ZH,
    FLAG_ZH,
    PENDING_ZH,
    SEVERITY_ORDER,
    SEVERITY_ZH,
    FlagRecord,
    ReviewRecord,
    local_time,
)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

XLSX_COLUMNS: list[tuple[str, int]] = [
    ("序号", 6), ("指标", 22), ("问题类型", 14), ("严重程度", 9), ("问题描述", 48), ("政策依据", 40),
    ("报告原文", 40), ("审核结论", 12), ("审核意见", 36), ("审核人", 10), ("时间", 17),
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_CELL = 32000


def safe_cell(value: object) -> str:
    """Text for a spreadsheet cell: XML-safe, length-capped, and never a formula."""
    text = _XML_ILLEGAL.sub("", "" if value is None else str(value))[:_MAX_CELL]
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def _clean(text: object) -> str:
    return _XML_ILLEGAL.sub("", "" if text is None else str(text))


def evidence_text(e: Evidence) -> str:
    """``「quote」（file 第2页 工作表「x」 第3行）``"""
    where = e.where()
    return f"「{e.quote}」（{where}）" if e.quote else f"（{where}）"


def searched_text(hits: list[SearchHit], limit: int = 3) -> str:
    """The closest passages a ``not_reported`` search found, with their scores."""
    if not hits:
        return ""
    lines = [f"({h.score:.3f}) {h.text[:120]}" for h in hits[:limit]]
    return "报告中未找到；最接近的段落：\n" + "\n".join(lines)


def _side(f: FlagRecord, side: str) -> str:
    parts = [evidence_text(e) for e in f.flag.evidence if e.side == side]
    if side == "report" and f.flag.searched:
        parts.append(searched_text(f.flag.searched))
    return "\n".join(parts)


def _opinion(f: FlagRecord) -> str:
    parts = []
    if f.verdict and f.verdict.comment:
        parts.append(f.verdict.comment)
    parts += [f"{c.user or '—'}：{c.text}" for c in f.comments]
    return "\n".join(parts)


def _verdict_zh(f: FlagRecord) -> str:
    return DECISION_ZH[f.verdict.decision] if f.verdict else PENDING_ZH


def _sorted_flags(record: ReviewRecord) -> list[FlagRecord]:
    return sorted(record.flags, key=lambda f: (SEVERITY_ORDER.get(f.flag.severity, 9), f.position))


def total_text(total: float | None) -> str:
    """A stored review's computed total, or 未计分 when it was not scored."""
    return "未计分" if total is None else f"{total:.2f}"


def _pct(rate: float | None) -> str:
    return format_percent(rate, decimals=2, trim=False)


def review_to_xlsx(record: ReviewRecord) -> bytes:
    """The 审核意见表 of a stored review as XLSX bytes (sheet 1: one row per flag; sheet 2: overview)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": "审核意见表", "subject": f"审核记录 #{record.id}", "author": "docreview",
                       "created": dt.datetime.now(dt.UTC).replace(tzinfo=None)})
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center",
                            "valign": "vcenter", "text_wrap": True, "font_name": "宋体"})
    cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1, "font_name": "宋体"})
    flags = write_flag_sheet(wb, wb.add_worksheet("审核意见表"), record)

    s = record.summary
    info = wb.add_worksheet("审核概况")
    info.set_column(0, 0, 16)
    info.set_column(1, 1, 70)
    warnings = reading_warnings(record.review)
    rows = [
        *[("⚠ 读取不完整", w) for w in warnings],  # first: the figures below are not a rating
        ("被审核单位", s.unit_name), ("批次", s.batch_name), ("审核记录", f"#{s.id}（第 {s.version} 版）"),
        ("状态", "进行中" if s.status == "open" else "已关闭"), ("评分方案", s.profile),
        ("政策文件", "、".join(s.policy_files) or "（无，以报告自身目标值为准）"),
        ("报告文件", "、".join(s.report_files)), ("规则计算总分", total_text(s.computed_total)),
        ("单位自评总分", "" if s.self_total is None else f"{s.self_total:.2f}"), ("评级", s.rating or "不评级"),
        ("预算执行率", _pct(s.execution_rate)), ("问题数", str(len(flags))),
        ("已审核", f"{sum(1 for f in flags if f.verdict)} / {len(flags)}"),
        ("生成时间", local_time(record.review.created)), ("导出时间", local_time(dt.datetime.now(dt.UTC))),
    ]
    for r, (key, value) in enumerate(rows):
        info.write_string(r, 0, key, header)
        info.write_string(r, 1, safe_cell(value), cell)
    wb.close()
    return buf.getvalue()


def write_flag_sheet(wb: Any, ws: Any, record: ReviewRecord, *, first_row: int = 0) -> list[FlagRecord]:
    """The 审核意见表 rows of ``record`` (a header, then one row per flag, values only) on sheet ``ws`` of the
    xlsxwriter workbook ``wb`` from ``first_row``; returns the flags in the order written."""
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center",
                            "valign": "vcenter", "text_wrap": True, "font_name": "宋体"})
    cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1, "font_name": "宋体"})
    center = wb.add_format({"text_wrap": True, "valign": "top", "align": "center", "border": 1,
                            "font_name": "宋体"})
    high = wb.add_format({"valign": "top", "align": "center", "border": 1, "font_color": "#C00000", "bold": True,
                          "font_name": "宋体"})
    for col, (title, width) in enumerate(XLSX_COLUMNS):
        ws.write_string(first_row, col, title, header)
        ws.set_column(col, col, width)
    ws.set_row(first_row, 24)
    ws.freeze_panes(first_row + 1, 0)
    flags = _sorted_flags(record)
    for n, f in enumerate(flags, start=1):
        v = f.verdict
        row = [
            f.flag.indicator or "（整体）", FLAG_ZH.get(f.flag.type, f.flag.type),
            SEVERITY_ZH.get(f.flag.severity, f.flag.severity), f.flag.message, _side(f, "policy"),
            _side(f, "report"), _verdict_zh(f), _opinion(f), (v.user or "") if v else "",
            local_time(v.updated) if v else "",
        ]
        ws.write_number(first_row + n, 0, n, center)
        for col, value in enumerate(row, start=1):
            fmt = high if col == 3 and f.flag.severity == "high" else center if col in (2, 3, 7, 9, 10) else cell
            ws.write_string(first_row + n, col, safe_cell(value), fmt)
    if flags:
        ws.autofilter(first_row, 0, first_row + len(flags), len(XLSX_COLUMNS) - 1)
    return flags


def date_zh(day: dt.date) -> str:
    """``2026年12月1日``: how a memo's 日期 is written."""
    return f"{day.year}年{day.month}月{day.day}日"


def review_to_docx(record: ReviewRecord, *, signer: str = "", date: dt.date | None = None) -> bytes:
    """The 审核意见书 (memo) of a stored review as DOCX bytes: unit, batch, score and rating, then the
    flags grouped by severity with verdicts and comments; with ``signer`` or ``date``, a 落款/日期 block at the
    end (the date defaults to today)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        st = doc.styles[name]
        st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
    doc.core_properties.title = "审核意见书"
    doc.core_properties.author = "docreview"

    s = record.summary
    doc.add_heading("绩效自评审核意见书", level=0)
    for warning in reading_warnings(record.review):  # first: the figures below are not a rating
        run = doc.add_paragraph().add_run(_clean(f"⚠ {warning}"))
        run.bold = True
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
    meta = doc.add_table(rows=0, cols=2)
    meta.style = "Table Grid"
    for key, value in [
        ("被审核单位", s.unit_name or "—"), ("批次", s.batch_name), ("审核记录", f"#{s.id}（第 {s.version} 版）"),
        ("评分方案", s.profile), ("政策文件", "、".join(s.policy_files) or "（无，以报告自身目标值为准）"),
        ("报告文件", "、".join(s.report_files)), ("规则计算总分", total_text(s.computed_total)),
        ("单位自评总分", "—" if s.self_total is None else f"{s.self_total:.2f}"), ("评级", s.rating or "不评级"),
        ("预算执行率", _pct(s.execution_rate) or "—"), ("生成时间", local_time(record.review.created)),
    ]:
        cells = meta.add_row().cells
        cells[0].text = _clean(key)
        cells[1].text = _clean(value)

    flags = _sorted_flags(record)
    counts = {label: 0 for label in [*DECISION_ZH.values(), PENDING_ZH]}
    for f in flags:
        counts[_verdict_zh(f)] += 1
    doc.add_heading("一、审核结论汇总", level=1)
    doc.add_paragraph(f"共发现问题 {len(flags)} 项，其中" + "，".join(f"{k} {v} 项" for k, v in counts.items()) + "。")

    doc.add_heading("二、问题清单", level=1)
    if not flags:
        doc.add_paragraph("未发现需要关注的问题。")
    n = 0
    for severity in ("high", "medium", "low"):
        group = [f for f in flags if f.flag.severity == severity]
        if not group:
            continue
        doc.add_heading(f"{SEVERITY_ZH[severity]}严重程度（{len(group)} 项）", level=2)
        for f in group:
            n += 1
            title = doc.add_paragraph()
            run = title.add_run(_clean(f"{n}. 【{FLAG_ZH.get(f.flag.type, f.flag.type)}】{f.flag.indicator or '（整体）'}"))
            run.bold = True
            if severity == "high":
                run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            _labelled(doc, "问题描述", f.flag.message)
            for e in f.flag.evidence:
                _labelled(doc, "政策依据" if e.side == "policy" else "报告原文", evidence_text(e))
            if f.flag.searched:
                _labelled(doc, "检索结果", searched_text(f.flag.searched))
            if f.explanation is not None:
                src = "规则说明" if f.explanation.source == "rule" else f"模型说明（{f.explanation.model or ''}）"
                _labelled(doc, src, f.explanation.text)
                advice = advisory_lines(f.explanation)  # model opinion: its label heads it
                if advice:
                    _labelled(doc, advice[0], "\n".join(advice[1:]))
            v = f.verdict
            verdict = _verdict_zh(f)
            if v:
                verdict += f"（{v.user or '—'}，{local_time(v.updated)}）"
            _labelled(doc, "审核结论", verdict)
            if v and v.comment:
                _labelled(doc, "审核意见", v.comment)
            for c in f.comments:
                _labelled(doc, "评论", f"{c.user or '—'}（{local_time(c.created)}）：{c.text}")

    if record.comments:
        doc.add_heading("三、总体意见", level=1)
        for c in record.comments:
            doc.add_paragraph(_clean(f"{c.user or '—'}（{local_time(c.created)}）：{c.text}"))
    doc.add_paragraph()
    doc.add_paragraph("注：问题由规则自动发现，是否成立以审核人员的结论为准。")
    if signer.strip() or date is not None:  # the 落款 block: who signs, and the date, right-aligned
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        doc.add_paragraph()
        for line in (f"落款：{signer.strip()}" if signer.strip() else "落款：", f"日期：{date_zh(date or dt.date.today())}"):
            para = doc.add_paragraph(_clean(line))
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _labelled(doc: object, label: str, text: str) -> None:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    head = p.add_run(f"{label}：")
    head.bold = True
    p.add_run(_clean(text))
