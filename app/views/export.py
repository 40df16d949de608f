"""导出: the 审核意见表 (XLSX), the 审核意见书 (DOCX), and the review as JSON / Markdown.

Downloads go through the signed-in session only: nothing is exported while the page draws.  Each button holds a
function that Streamlit runs when this session's user clicks it (over the session's websocket); it reads the
review from the store as that user (``get_review`` checks access again at the click), and only then are the bytes
made and handed to Streamlit's media endpoint for that one download.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import shell as ui
from docreview.errors import DocReviewError
from docreview.render import render_markdown
from docreview.store.export import DOCX_MIME, XLSX_MIME, review_to_docx, review_to_xlsx
from docreview.store.files import sanitize_filename
from docreview.store.records import ReviewRecord

ws, user = ui.page_context()
st.header("导出")
summary = ui.pick_review(ws)
if summary is None:
    st.stop()
try:
    ws.review_access(summary.id, user=user)
except DocReviewError as e:
    ui.show_error(e)
    st.stop()


def _on_click(make: Callable[[ReviewRecord], bytes | str], review_id: int = summary.id) -> Callable[[], bytes | str]:
    def export() -> bytes | str:
        return make(ws.get_review(review_id, user=user))

    return export


stem = sanitize_filename(f"{summary.unit_name or summary.batch_name}_审核{summary.id}_第{summary.version}版")
st.caption(ui.markdown_text(f"已审核 {summary.decided_count} / {summary.flag_count} 项问题。"
                            "导出内容包含当前的审核结论与意见。"))
c1, c2, c3, c4 = st.columns(4)
c1.download_button("下载审核意见表（XLSX）", _on_click(review_to_xlsx), file_name=f"{stem}_审核意见表.xlsx",
                   mime=XLSX_MIME, key="dl_xlsx", type="primary", on_click="ignore")
c2.download_button("下载审核意见书（DOCX）", _on_click(review_to_docx), file_name=f"{stem}_审核意见书.docx",
                   mime=DOCX_MIME, key="dl_docx", on_click="ignore")
c3.download_button("下载审核结果（JSON）", _on_click(lambda r: r.review.model_dump_json(indent=2)),
                   file_name=f"{stem}.json", mime="application/json", key="dl_json", on_click="ignore")
c4.download_button("下载审核意见（Markdown）", _on_click(lambda r: render_markdown(r.review)), file_name=f"{stem}.md",
                   mime="text/markdown", key="dl_md", on_click="ignore")
