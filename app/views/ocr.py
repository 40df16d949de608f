"""Scanned documents on the review page: an "OCR" badge on each document read by OCR, and for a flag resting on
an unsure OCR reading ("OCR 待核实") the page image around the cell, to compare with what was read.

Not a page of its own: ``views/review.py`` calls :func:`show_ocr` once, below the evidence of the current flag.
The page image is rendered again from the stored document (``Workspace.read_document``) and cleaned as OCR
cleaned it (``docreview.ingest.ocr_page_crop``); the cell's box travels with the flag's evidence
(``Evidence.box``), and which pages were OCR'd with the review (``Review.ocr_pages``).
"""

from __future__ import annotations

import streamlit as st

import shell as ui
from docreview.errors import DocReviewError
from docreview.ingest import ocr_page_crop
from docreview.models import Evidence, Flag, Review
from docreview.store import Workspace
from docreview.store.records import ReviewRecord


def ocr_badges(review: Review) -> list[str]:
    """One line per document read by OCR: its name and pages, badged."""
    lines = []
    for name, pages in review.ocr_pages.items():
        where = "全部页面" if len(pages) > 3 else "第" + "、".join(str(p) for p in pages) + "页"
        lines.append(f":orange-badge[OCR] {ui.markdown_text(name)}：{where}由 OCR 识别（扫描件），"
                     f"标注「OCR 待核实」的数字请对照原件")
    return lines


@st.cache_data(show_spinner=False, max_entries=64)
def _crop(_ws: Workspace, sha256: str, page: int, box: tuple[float, float, float, float], name: str) -> bytes:
    # keyed by the document's hash (content-addressed: the same bytes in any workspace), not by the workspace
    return ocr_page_crop(_ws.read_document(sha256), page, box, settings=ui.settings().ingest, where=name)


def _crop_for(ws: Workspace, record: ReviewRecord, e: Evidence) -> bytes | None:
    doc = next((d for d in record.documents if d.filename == e.file), None)
    if doc is None or e.box is None or e.page is None:
        return None
    return _crop(ws, doc.sha256, e.page, e.box, e.file)


def show_ocr(ws: Workspace, record: ReviewRecord, flag: Flag) -> None:
    """The OCR badges of the review's documents, and the page crops of ``flag``'s unsure evidence."""
    for line in ocr_badges(record.review):
        st.markdown(line)
    for e in flag.evidence:
        if not e.uncertain:
            continue
        conf = f"，置信度 {e.confidence:.2f}" if e.confidence is not None else ""
        caption = ui.markdown_text(f"原件：{e.where()}，OCR 读作「{e.quote}」{conf}（红框处）")
        try:
            png = _crop_for(ws, record, e)
        except DocReviewError as err:
            st.caption(ui.markdown_text(f"{caption}：无法显示原件图像（{err.message}）"))
            continue
        if png is None:
            st.caption(ui.markdown_text(f"{caption}：原件图像不可用"))
            continue
        st.image(png, caption=caption)
