"""Scanned documents on the review page: an "OCR" badge on each document read by OCR, and the page image around an
OCR'd cell (``page_crop``), which the source viewer (``views/source.py``) shows beside a flag — with "OCR 读作…"
when the reading is unsure ("OCR 待核实").

Not a page of its own: ``views/review.py`` calls :func:`show_ocr` for the badges, and the source viewer calls
:func:`page_crop`.  The page image is rendered again from the stored document (``Workspace.read_document``) and
cleaned as OCR cleaned it (``docreview.ingest.ocr_page_crop``); the cell's box travels with the flag's evidence
(``Evidence.box``), and which pages were OCR'd with the review (``Review.ocr_pages``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import shell as ui
from docreview.ingest import ocr_page_crop
from docreview.models import Review
from docreview.store.records import ReviewRecord, UserRecord


def ocr_badges(review: Review) -> list[str]:
    """One line per document read by OCR: its name and pages, badged."""
    lines = []
    for name, pages in review.ocr_pages.items():
        where = "全部页面" if len(pages) > 3 else "第" + "、".join(str(p) for p in pages) + "页"
        lines.append(f":orange-badge[OCR] {ui.markdown_text(name)}：{where}由 OCR 识别（扫描件），"
                     f"标注「OCR 待核实」的数字请对照原件")
    return lines


@st.cache_data(show_spinner=False, max_entries=64)
def _crop(sha256: str, page: int, box: tuple[float, float, float, float], name: str, _ws: Any,
          _user: UserRecord | None) -> bytes:
    # keyed by the document's hash (content-addressed: the same bytes in any workspace), page and box, not by the
    # user: ``page_crop`` checks the caller's access before it asks the cache
    return ocr_page_crop(_ws.read_document(sha256, user=_user), page, box, settings=ui.settings().ingest, where=name)


def page_crop(ws: Any, user: UserRecord | None, sha256: str, page: int, box: tuple[float, float, float, float],
              name: str) -> bytes:
    """PNG of a scanned page around ``box``, the cell outlined, for ``user`` (``AccessError`` unless they may read
    the document: checked on every call, before the shared cache is used)."""
    ws.get_document(sha256, user=user)
    return _crop(sha256, page, tuple(box), name, ws, user)  # type: ignore[arg-type]


def show_ocr(record: ReviewRecord) -> None:
    """The OCR badges of the review's documents."""
    for line in ocr_badges(record.review):
        st.markdown(line)
