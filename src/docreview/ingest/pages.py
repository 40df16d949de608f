"""A page of a text PDF as an image with the evidence outlined: what the source viewer shows beside a flag.

The boxes are ``Span.box`` values — fractions of the page, top-left origin — recorded by the PDF reader
for table cells (``TableRow.boxes``, from pdfplumber's cell boxes) and paragraph lines
(``Block.line_boxes``).  The page is rendered with pypdfium2 (which pdfplumber itself depends on), so no
extra package is needed.  Scanned pages have their own crop (:func:`docreview.ingest.ocr_page_crop`), drawn
on the cleaned page the boxes of OCR refer to.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docreview.errors import DocumentError, DocumentUnreadable, EmptyDocument

Box = tuple[float, float, float, float]

OUTLINE = (220, 30, 30)
FILL = (255, 220, 0, 70)  # a translucent marker over the quote


def page_image(data: bytes, page: int, boxes: Sequence[Box] = (), *, where: str = "", scale: float = 1.5,
               max_pixels: int = 25_000_000) -> bytes:
    """PNG of page ``page`` (1-based) of the PDF ``data``, each of ``boxes`` marked and outlined.

    Raises ``DocumentError`` naming ``where`` when the bytes are not a readable PDF or the page does not
    exist; a page that would render larger than ``max_pixels`` is drawn at a smaller scale instead."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    name = Path(where).name or "document.pdf"
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 — pdfium's own errors become a message naming the file
        raise DocumentUnreadable(name, "无法打开 PDF 以显示原件 / the PDF cannot be opened to show the page") from exc
    try:
        if not 1 <= page <= len(pdf):
            raise EmptyDocument(name, f"没有第{page}页 / there is no page {page}")
        pdf_page = pdf[page - 1]
        width, height = pdf_page.get_size()
        scale = min(scale, (max_pixels / max(width * height, 1.0)) ** 0.5)
        image = pdf_page.render(scale=scale).to_pil().convert("RGB")
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise DocumentUnreadable(name, f"第{page}页无法显示 / page {page} cannot be rendered") from exc
    finally:
        pdf.close()
    w, h = image.size
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    line = max(2, w // 500)
    for x0, y0, x1, y1 in boxes:
        rect = (int(x0 * w) - line, int(y0 * h) - line, int(x1 * w) + line, int(y1 * h) + line)
        draw.rectangle(rect, fill=FILL, outline=OUTLINE + (255,), width=line)
    marked = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    out = io.BytesIO()
    marked.save(out, format="PNG", optimize=False)
    return out.getvalue()
