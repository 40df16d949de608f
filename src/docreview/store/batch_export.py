"""A batch's exports (issue 15): one XLSX with a summary sheet, the 通报 ranking and a sheet per unit (its
审核意见表), and a ZIP of the per-unit 审核意见书 (DOCX) with a 落款/日期 block.

Pure functions of stored records (the latest version of each review of the batch, ``Workspace.latest_records``,
and ``Workspace.batch_ranking``), so the page and the CLI export what the caller may see.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence

from docreview.store.export import date_zh, review_to_docx, total_text, write_flag_sheet
from docreview.store.files import sanitize_filename
from docreview.store.ranking import RANKING_COLUMNS, Ranking, ranking_rows, xlsx_table_writer
from docreview.store.records import ReviewRecord, local_time

SUMMARY_COLUMNS: list[tuple[str, int]] = [
    ("单位", 24), ("审核记录", 10), ("版本", 6), ("报告文件", 36), ("政策文件", 30), ("规则计算总分", 12),
    ("单位自评总分", 12), ("评级", 7), ("问题数", 8), ("已确认", 8), ("已驳回", 8), ("待处理", 8), ("工作表", 16),
]
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")


def _sheet_names(records: Sequence[ReviewRecord], taken: set[str]) -> list[str]:
    """A worksheet name per record: its unit (Excel: at most 31 characters, none of ``[]:*?/\\``), unique."""
    out = []
    for r in records:
        base = _SHEET_BAD.sub("_", r.summary.unit_name or f"审核记录{r.id}").strip() or f"审核记录{r.id}"
        name, n = base[:31], 1
        while name.lower() in taken:
            n += 1
            suffix = f"({n})"
            name = base[:31 - len(suffix)] + suffix
        taken.add(name.lower())
        out.append(name)
    return out


def _counts(record: ReviewRecord) -> tuple[int, int, int]:
    decisions = [f.verdict.decision if f.verdict else None for f in record.flags]
    confirmed = sum(d == "confirmed" for d in decisions)
    dismissed = sum(d == "dismissed" for d in decisions)
    return confirmed, dismissed, len(decisions) - confirmed - dismissed


def batch_to_xlsx(records: Sequence[ReviewRecord], ranking: Ranking, *, batch_name: str) -> bytes:
    """The batch's workbook: 汇总 (a row per unit's review), 通报排名 (``ranking_rows``) and a sheet per unit
    with its 审核意见表 rows; values only, like every export."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": f"{batch_name} 批次审核结果", "author": "docreview",
                       "created": dt.datetime.now(dt.UTC).replace(tzinfo=None)})
    ordered = sorted(records, key=lambda r: (r.summary.unit_name, r.id))
    names = _sheet_names(ordered, {"汇总", "通报排名"})
    table = xlsx_table_writer(wb)

    today = local_time(dt.datetime.now(dt.UTC))[:10]
    summary = []
    for r, sheet in zip(ordered, names, strict=True):
        s = r.summary
        confirmed, dismissed, open_ = _counts(r)
        summary.append([s.unit_name, f"#{s.id}", s.version, "、".join(s.report_files), "、".join(s.policy_files),
                        total_text(s.computed_total), s.self_total, s.rating or "不评级", len(r.flags), confirmed,
                        dismissed, open_, sheet])
    table("汇总", f"{batch_name} 审核结果汇总（{today}，共 {len(ordered)} 个单位）", SUMMARY_COLUMNS, summary)
    table("通报排名", f"{batch_name} 绩效审核结果通报（{today}）", RANKING_COLUMNS, ranking_rows(ranking))
    for r, sheet in zip(ordered, names, strict=True):
        write_flag_sheet(wb, wb.add_worksheet(sheet), r)
    wb.close()
    return buf.getvalue()


def batch_memos_zip(records: Sequence[ReviewRecord], *, signer: str = "", date: dt.date | None = None) -> bytes:
    """A ZIP of the units' 审核意见书 (``review_to_docx`` with the 落款/日期 block), one DOCX per review, named
    by its unit (made safe and unique)."""
    day = date or dt.date.today()
    buf = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for r in sorted(records, key=lambda r: (r.summary.unit_name, r.id)):
            stem = sanitize_filename(f"{r.summary.unit_name or '未填写单位'}_审核意见书", default="审核意见书")
            name, n = f"{stem}.docx", 1
            while name in used:
                n += 1
                name = f"{stem}({n}).docx"
            used.add(name)
            info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, review_to_docx(r, signer=signer, date=day))
    return buf.getvalue()


__all__ = ["batch_memos_zip", "batch_to_xlsx", "date_zh"]
