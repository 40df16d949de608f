"""导出: the 审核意见表 (XLSX), the 审核意见书 (DOCX), and the review as JSON / Markdown."""

from __future__ import annotations

import streamlit as st

import shell as ui
from docreview.errors import DocReviewError
from docreview.render import render_markdown
from docreview.store.export import DOCX_MIME, XLSX_MIME, review_to_docx, review_to_xlsx
from docreview.store.files import sanitize_filename

ws, user = ui.page_context()
st.header("导出")
summary = ui.pick_review(ws)
if summary is None:
    st.stop()
try:
    record = ws.get_review(summary.id)
    xlsx = review_to_xlsx(record)
    memo = review_to_docx(record)
except DocReviewError as e:
    ui.show_error(e)
    st.stop()

stem = sanitize_filename(f"{summary.unit_name or summary.batch_name}_审核{summary.id}_第{summary.version}版")
st.caption(ui.markdown_text(f"已审核 {summary.decided_count} / {summary.flag_count} 项问题。"
                            "导出内容包含当前的审核结论与意见。"))
c1, c2, c3, c4 = st.columns(4)
c1.download_button("下载审核意见表（XLSX）", xlsx, file_name=f"{stem}_审核意见表.xlsx", mime=XLSX_MIME,
                   key="dl_xlsx", type="primary", on_click="ignore")
c2.download_button("下载审核意见书（DOCX）", memo, file_name=f"{stem}_审核意见书.docx", mime=DOCX_MIME,
                   key="dl_docx", on_click="ignore")
c3.download_button("下载审核结果（JSON）", record.review.model_dump_json(indent=2), file_name=f"{stem}.json",
                   mime="application/json", key="dl_json", on_click="ignore")
c4.download_button("下载审核意见（Markdown）", render_markdown(record.review), file_name=f"{stem}.md",
                   mime="text/markdown", key="dl_md", on_click="ignore")
