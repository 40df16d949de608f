"""The source viewer on the review page: beside a flag, for each side (policy and report), where its evidence is in
the document as uploaded.

Not a page of its own: ``views/review.py`` calls :func:`show_sources` in each evidence column.

- **PDF pages with a text layer**: the page rendered (``docreview.ingest.page_image``, pypdfium2) with the
  evidence's box drawn (``Evidence.box``: the table cells or paragraph lines the quote covers, from pdfplumber's
  positions).  **Scanned pages** (``Review.ocr_pages``) and image files: the page around the OCR'd cell, cleaned as
  OCR cleaned it (``views.ocr.page_crop``), with "OCR 读作…" when the reading is unsure.
- **DOCX, XLSX, HTML, TXT, MD**: the stored original is read again (``docreview.ingest.read``, in its bounded worker)
  and the block the quote comes from is found by its offsets, sheet, row and quote: a table is drawn as a table with
  the evidence row and cell highlighted, prose as the paragraph with the quote marked.
- **打开原件**: the original, byte for byte as uploaded; made only when the button is clicked, read as the signed-in
  user (``Workspace.read_document`` checks the access again), like the exports.

Renders and parsed documents are cached per document hash (and page and boxes) in ``st.cache_data``; the cache is
shared by sessions, so the caller's access to the document is checked (``Workspace.get_document``) before any
cached render is returned.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

import shell as ui
from docreview import ingest
from docreview.errors import DocReviewError
from docreview.models import Block, Document, Evidence
from docreview.store.files import sanitize_filename
from docreview.store.records import ReviewDocumentRecord, ReviewRecord, UserRecord
from views.ocr import page_crop

Box = tuple[float, float, float, float]
MIME = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "html": "text/html",
        "txt": "text/plain", "md": "text/markdown", "png": "image/png", "jpeg": "image/jpeg", "tiff": "image/tiff"}
IMAGE_FORMATS = {"png", "jpeg", "tiff"}
TABLE_WINDOW = 6  # rows shown on either side of the evidence row (the header rows are always shown)


@st.cache_data(show_spinner=False, max_entries=64)
def _page_png(sha256: str, page: int, boxes: tuple[Box, ...], name: str, _ws: Any, _user: UserRecord | None) -> bytes:
    # keyed by the document's hash, page and boxes; the caller checked access (``_checked``) before asking
    return _without_blank_foot(ingest.page_image(_ws.read_document(sha256, user=_user), page, boxes, where=name))


def _without_blank_foot(png: bytes, margin: float = 0.03) -> bytes:
    """The page image without the empty paper below its last line (the page's top and width are kept, so a box
    in page fractions stays where it was drawn): a half-empty A4 page beside a flag is mostly white."""
    import io

    from PIL import Image, ImageOps

    image = Image.open(io.BytesIO(png))
    ink = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 24 else 0).getbbox()
    if ink is None:
        return png
    bottom = min(image.height, ink[3] + int(margin * image.height))
    if bottom >= image.height - 2:
        return png
    out = io.BytesIO()
    image.crop((0, 0, image.width, bottom)).save(out, format="PNG")
    return out.getvalue()


@st.cache_data(show_spinner=False, max_entries=16)
def _parsed(sha256: str, name: str, _ws: Any, _user: UserRecord | None) -> Document | str:
    # a document that cannot be read is cached as its message: it is not parsed again at every click
    data = _ws.read_document(sha256, user=_user)
    with tempfile.TemporaryDirectory(prefix="docreview-source-") as tmp:
        path = Path(tmp) / sanitize_filename(name)
        path.write_bytes(data)
        try:
            return ingest.read(path, settings=ui.settings().ingest)
        except DocReviewError as e:
            return e.message


def _checked(ws: Any, user: UserRecord | None, sha256: str) -> None:
    """The caller may read this document (raises ``AccessError`` otherwise): before any cached render is used."""
    ws.get_document(sha256, user=user)


def page_png(ws: Any, user: UserRecord | None, sha256: str, page: int, boxes: Sequence[Box], name: str) -> bytes:
    """PNG of a text PDF's page with ``boxes`` marked, for ``user`` (access checked first, then cached)."""
    _checked(ws, user, sha256)
    return _page_png(sha256, page, tuple(tuple(b) for b in boxes), name, ws, user)  # type: ignore[misc]


def parsed(ws: Any, user: UserRecord | None, sha256: str, name: str) -> Document:
    """The stored document read again (access checked first, then cached); ``DocReviewError`` when it cannot be
    read."""
    _checked(ws, user, sha256)
    found = _parsed(sha256, name, ws, user)
    if isinstance(found, str):
        raise DocReviewError(found)
    return found


# ---------------------------------------------------------------------- finding the evidence in a document


def _row_at(block: Block, offset: int) -> int | None:
    """The table row of ``block`` that holds character ``offset`` of its text."""
    at = None
    for n, row in enumerate(block.rows):
        if row.offsets and row.offsets[0] <= offset:
            at = n
    return at


def _row_text(block: Block, n: int) -> str:
    return " | ".join(block.rows[n].cells) if 0 <= n < len(block.rows) else ""


def find_evidence(doc: Document, e: Evidence) -> tuple[Block, int | None] | None:
    """The block a piece of evidence quotes (and, in a table, its row): by the quote at its offsets, else by its
    sheet/page and row holding the quote, else the first block holding the quote.  None when it is not there."""
    quote = e.quote.strip()
    blocks = [b for b in doc.blocks if (e.sheet is None or b.sheet == e.sheet) and (e.page is None or b.page == e.page)]
    if not blocks:
        blocks = doc.blocks
    if quote:
        for b in blocks:
            if e.end > e.start and b.text[e.start:e.end] == e.quote:
                if b.kind != "table":
                    return b, None
                row = e.row if e.row is not None and quote in _row_text(b, e.row) else _row_at(b, e.start)
                return b, row
    if e.row is not None:
        for b in blocks:
            if b.kind == "table" and (not quote or quote in _row_text(b, e.row)):
                return b, e.row
    if quote:
        for b in blocks:
            at = b.text.find(quote)
            if at >= 0:
                return b, _row_at(b, at) if b.kind == "table" else None
    return None


def _marked_cells(block: Block, row: int, e: Evidence) -> set[int]:
    """The cells of the evidence row that the quote covers."""
    r = block.rows[row]
    quote = e.quote.strip()
    start = e.start if e.end > e.start and block.text[e.start:e.end] == e.quote else block.text.find(quote)
    if quote and start >= 0 and r.offsets:
        end = start + len(quote)
        cells = {j for j, (at, text) in enumerate(zip(r.offsets, r.cells, strict=False))
                 if text and at < end and at + len(text) > start}
        if cells:
            return cells
    return {j for j, text in enumerate(r.cells) if text and quote and (text in quote or quote in text)}


def table_html(block: Block, row: int | None, e: Evidence) -> str:
    """A table as HTML (every cell escaped), the evidence row and its cells highlighted; long tables are cut to
    the rows around the evidence (the first row, usually the header, always shown)."""
    n_rows = len(block.rows)
    keep = set(range(n_rows)) if n_rows <= 2 * TABLE_WINDOW + 2 or row is None else (
        {0} | set(range(max(0, row - TABLE_WINDOW), min(n_rows, row + TABLE_WINDOW + 1))))
    marked = _marked_cells(block, row, e) if row is not None and row < n_rows else set()
    lines = ['<div class="docreview-source" style="overflow-x:auto"><table style="border-collapse:collapse;'
             'font-size:0.8rem;width:100%">']
    previous = -1
    for n in sorted(keep):
        if n > previous + 1:
            lines.append('<tr><td colspan="99" style="color:#888;padding:2px 6px">⋯</td></tr>')
        previous = n
        hit = n == row
        cells = []
        for j, text in enumerate(block.rows[n].cells):
            style = "border:1px solid #ccc;padding:3px 6px;vertical-align:top"
            if hit and j in marked:
                style += ";background:#ffd43b;outline:2px solid #d9480f;font-weight:600"
            elif hit:
                style += ";background:#fff3bf"
            attr = ' data-evidence-cell="1"' if hit and j in marked else ""
            cells.append(f'<td style="{style}"{attr}>{ui.html_text(text)}</td>')
        attr = ' data-evidence-row="1"' if hit else ""
        lines.append(f"<tr{attr}>{''.join(cells)}</tr>")
    lines.append("</table></div>")
    return "".join(lines)


def prose_html(block: Block, e: Evidence, *, around: int = 240) -> str:
    """A paragraph with the quote marked (long paragraphs cut to the text around the quote)."""
    text, quote = block.text, e.quote.strip()
    at = text.find(quote) if quote else -1
    if at < 0:
        body = ui.html_text(text[:2 * around]) + ("…" if len(text) > 2 * around else "")
    else:
        lo, hi = max(0, at - around), min(len(text), at + len(quote) + around)
        body = (("…" if lo else "") + ui.html_text(text[lo:at]) + f"<mark>{ui.html_text(quote)}</mark>"
                + ui.html_text(text[at + len(quote):hi]) + ("…" if hi < len(text) else ""))
    return (f'<div class="docreview-source" style="border:1px solid #ddd;padding:6px 10px;font-size:0.85rem;'
            f'white-space:pre-wrap">{body}</div>')


# ---------------------------------------------------------------------- the viewer


def _document(record: ReviewRecord, e: Evidence) -> ReviewDocumentRecord | None:
    same = [d for d in record.documents if d.filename == e.file]
    return next((d for d in same if d.role == e.side), same[0] if same else None)


def _show_one(ws: Any, user: UserRecord | None, record: ReviewRecord, doc: ReviewDocumentRecord, e: Evidence) -> None:
    fmt = doc.format
    scanned = fmt in IMAGE_FORMATS or (e.page is not None and e.page in record.review.ocr_pages.get(e.file, []))
    if fmt == "pdf" or fmt in IMAGE_FORMATS:
        page = e.page or 1
        if e.uncertain:
            conf = f"，置信度 {e.confidence:.2f}" if e.confidence is not None else ""
            caption = f"原件：{e.where()}，OCR 读作「{e.quote}」{conf}（红框处）"
        elif e.box is not None:
            caption = f"原件：{e.where()}（红框处为引用的原文）"
        else:
            caption = f"原件：{e.where()}（未能定位原文在页面上的位置，显示整页）"
        if scanned and e.box is not None:
            png = page_crop(ws, user, doc.sha256, page, e.box, e.file)
        elif fmt == "pdf":
            png = page_png(ws, user, doc.sha256, page, [e.box] if e.box is not None else [], e.file)
        else:
            st.caption(ui.markdown_text(f"{caption}：图像中没有可标注的位置"))
            return
        st.image(png, caption=ui.markdown_text(caption), width="stretch", alt=f"原件 {e.where()}",
                 output_format="PNG")  # sharp text: Streamlit would make a JPEG of it
        return
    found = find_evidence(parsed(ws, user, doc.sha256, doc.filename), e)
    if found is None:
        st.caption(ui.markdown_text(f"原件：{e.where()}：未在文件中找到引用的原文"))
        return
    block, row = found
    st.caption(ui.markdown_text(f"原件：{e.where()}（黄色为引用的行，橙框为引用的单元格）" if block.kind == "table"
                                else f"原件：{e.where()}（黄色为引用的原文）"))
    st.html(table_html(block, row, e) if block.kind == "table" else prose_html(block, e))


def _download(ws: Any, user: UserRecord | None, sha256: str) -> Callable[[], bytes]:
    def original() -> bytes:
        return bytes(ws.read_document(sha256, user=user))

    return original


def show_sources(ws: Any, record: ReviewRecord, evidence: Sequence[Evidence], *, key: str) -> None:
    """The source of each piece of ``evidence`` (one side of a flag), and 打开原件 for each document it quotes."""
    user = ui.current_user()
    shown: list[ReviewDocumentRecord] = []
    for e in evidence:
        doc = _document(record, e)
        if doc is None:
            st.caption(ui.markdown_text(f"原件：{e.file} 不在本审核记录中"))
            continue
        if doc not in shown:
            shown.append(doc)
        try:
            _show_one(ws, user, record, doc, e)
        except DocReviewError as err:
            st.caption(ui.markdown_text(f"原件：{e.where()}：无法显示（{ui.zh(err.message)}）"))
    for n, doc in enumerate(shown):
        st.download_button(f"打开原件：{ui.markdown_text(doc.filename)}", _download(ws, user, doc.sha256), file_name=doc.filename,
                           mime=MIME.get(doc.format, "application/octet-stream"), key=f"source_{key}_{n}",
                           on_click="ignore", icon=":material/open_in_new:")
