"""Read a file into a :class:`~docreview.models.Document`: paragraphs, headings and tables in order.

One entry point, :func:`read`.  The format is decided by the file's *content* (magic bytes, the parts of a
zip, the streams of an OLE2 compound file, HTML markers, whether the bytes decode as text); the extension
only breaks ties, and a conflict between the two resolves to the content with a warning.

Every format yields the same shape:

- blocks in document order, each a ``paragraph``, ``heading`` (with ``level`` when known) or ``table``;
- provenance: ``page`` (PDF, 1-based), ``sheet`` (XLSX), ``table`` (a document-wide 0-based counter);
- table text is the rows joined by ``\\n`` with cells joined by `` | ``; ``TableRow.offsets[i]`` is where
  cell ``i`` starts in ``Block.text``, so ``Block.cell_span`` quotes exactly one cell;
- cell and paragraph text is whitespace-normalised: runs of spaces collapse, and lines that were wrapped
  (inside a PDF cell, a source line break in HTML, a line break in a DOCX cell) are joined *without* a
  space between CJK characters and *with* one between ASCII words (``2023年6月底`` + ``前`` →
  ``2023年6月底前``);
- merged cells (DOCX, XLSX, HTML row/colspan, PDF): the text belongs to the top-left cell of the merged
  range and every covered grid cell is ``''``, so every row of a table has the same number of cells and a
  column index means the same column in every row.

Layout: :mod:`.detect` sniffs the format and holds the guards every format shares (file size, zip bombs,
encrypted Office files); one reader module per format (:mod:`.pdf`, :mod:`.docx`, :mod:`.xlsx`,
:mod:`.html`, :mod:`.text` for TXT/Markdown and text decoding); :mod:`.common` at the bottom holds the
per-file context, the block builder and text cleanup.  :data:`READERS` is the one dispatch table.

Failures raise :class:`~docreview.errors.DocumentError` subclasses whose one-line bilingual message names
the file; no parser exception escapes as a raw traceback.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from docreview.errors import DocumentError, DocumentTooComplex, DocumentUnreadable, EmptyDocument
from docreview.ingest.bounded import ReadStopped
from docreview.ingest.common import Context
from docreview.ingest.detect import detect, read_bytes
from docreview.ingest.text import read_md, read_txt
from docreview.models import DocFormat, Document
from docreview.settings import IngestSettings

if TYPE_CHECKING:
    import threading

    from docreview.ingest.ocr import OcrProgress

T = TypeVar("T")

__all__ = ["ReadStopped", "ocr_page_crop", "read", "read_here"]

logger = logging.getLogger(__name__)

# The PDF parsers log every recoverable oddity of a file; without a handler Python would print them.
for _name in ("pypdf", "pdfminer"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def read(path: str | Path, *, settings: IngestSettings | None = None,
         progress: OcrProgress | None = None) -> Document:
    """Read a PDF, DOCX, XLSX, HTML, TXT or Markdown file into a :class:`Document`.

    Raises a :class:`~docreview.errors.DocumentError` subclass when the file cannot be used:
    ``EmptyDocument``, ``FileTooLarge``, ``UnsupportedFormat`` (images, archives, legacy .doc/.xls …),
    ``DocumentUnreadable`` (missing, a directory, corrupt or truncated), ``EncryptedDocument``,
    ``ScannedDocument`` (PDF without a text layer), ``GarbledText`` (PDF text without a Unicode
    mapping), ``ArchiveBomb`` (DOCX/XLSX that would unpack too far) or ``EncodingError`` (text in an
    unknown encoding).

    PNG/JPEG/TIFF files and PDF pages without a usable text layer are read by OCR (``settings.ocr``);
    ``progress(done, total, seconds)`` is called once with ``done=0`` when OCR starts and after each
    OCR'd page (from the bounded worker too, through its pipe); its deadline grows with the pages to OCR.
    """
    settings = settings or IngestSettings()
    if settings.isolate:
        from docreview.ingest import bounded

        return bounded.run(path, settings, progress).result()
    return read_here(path, settings=settings, progress=progress)


def read_then(path: str | Path, then: Callable[[Document], T], *, settings: IngestSettings | None = None,
              progress: OcrProgress | None = None, stop: threading.Event | None = None) -> tuple[Document, T]:
    """:func:`read`, then ``then(document)`` under the same bounds: in the same worker process, inside the
    same deadline and memory ceiling (``settings.isolate``).  The pipeline passes its extraction step, so a
    document that parses quickly but makes extraction loop or allocate without end is stopped like a parser
    would be, with the file named.  ``then`` must be a module-level function (it is sent to the worker by
    reference); its result must pickle.  ``stop`` (isolated reads only): set by another thread, it ends the
    read with ``bounded.ReadStopped``."""
    settings = settings or IngestSettings()
    if settings.isolate:
        from docreview.ingest import bounded

        doc, result = bounded.run(path, settings, progress, then=then, stop=stop).result()
        return doc, result
    doc = read_here(path, settings=settings, progress=progress)
    return doc, then_here(str(path), then, doc)


def then_here(where: str, then: Callable[[Document], T], doc: Document) -> T:
    """``then(doc)`` with its failures translated like a reader's: a document that extraction cannot
    follow (too deeply nested, an unexpected structure) is an error naming the file, not a traceback."""
    try:
        return then(doc)
    except (DocumentError, MemoryError):
        raise
    except RecursionError:
        raise DocumentTooComplex(where, "结构嵌套过深 / structure nested too deep") from None
    except Exception as exc:  # noqa: BLE001 — translated at the edge; the library's text goes to the log
        logger.warning("%s: extraction failed: %s: %s", where, type(exc).__name__, exc)
        raise DocumentUnreadable(where, "文件内容结构异常，无法提取 / the content could not be extracted") from exc


def read_here(path: str | Path, *, settings: IngestSettings, progress: OcrProgress | None = None) -> Document:
    """:func:`read` in this process, bounded only by the readers' structural caps (the worker of
    :mod:`.bounded` runs this; so do tests and benches that set ``isolate=False``)."""
    p = Path(path)
    where = str(p)
    data = read_bytes(p, settings)
    ctx = Context(path=p, data=data, settings=settings, progress=progress)
    fmt: DocFormat | None = None
    try:
        fmt = detect(ctx)
        READERS[fmt](ctx)
    except DocumentError:
        raise
    except MemoryError:
        raise  # the bounded worker reports it as MemoryLimitExceeded
    except RecursionError:
        raise DocumentTooComplex(where, f"嵌套层级过深 / nesting too deep (limit {settings.max_depth})") from None
    except Exception as exc:  # any parser failure becomes a reviewer-readable error naming the file
        logger.info("%s: %s: %s", where, type(exc).__name__, exc)  # the library's own text: log only
        raise DocumentUnreadable(where, _reason(exc, fmt)) from exc
    assert fmt is not None
    if not ctx.out.blocks:
        raise EmptyDocument(where, "没有可读取的文字 / no readable text")
    return Document(path=where, name=p.name, format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                    blocks=ctx.out.blocks, pages=ctx.pages, warnings=ctx.warnings,
                    ocr_pages=ctx.ocr_pages)


def ocr_page_crop(data: bytes, page: int, box: tuple[float, float, float, float], *,
                  settings: IngestSettings | None = None, where: str = "") -> bytes:
    """PNG of a scanned page around an OCR'd cell's ``box`` (``Span.box``: fractions of the cleaned upright
    page), the cell outlined: the page image a reviewer checks an "OCR 待核实" value against.  ``data`` are
    the bytes of the file that was read (an image-only PDF, PNG, JPEG or TIFF)."""
    from docreview.ingest.ocr import page_crop

    return page_crop(data, page, box, settings=settings or IngestSettings(), where=where)


def page_image(data: bytes, page: int, boxes: Sequence[tuple[float, float, float, float]] = (), *,
               where: str = "", scale: float = 1.5) -> bytes:
    """PNG of page ``page`` of a text PDF with each of ``boxes`` (``Span.box``: fractions of the page) marked:
    the source viewer's page beside a flag.  Raises ``DocumentError`` naming ``where``."""
    from docreview.ingest.pages import page_image as render

    return render(data, page, boxes, where=where, scale=scale)


_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "html": "HTML", "txt": "TXT", "md": "Markdown",
                 "png": "PNG", "jpeg": "JPEG", "tiff": "TIFF"}


def _reason(exc: Exception, fmt: DocFormat | None) -> str:
    """What a parser's exception says about the file, in a reviewer's words; the parser's own text
    ("TypeError: expected <class 'int'>") goes to the log only."""
    what = _FORMAT_NAMES.get(fmt or "", "")
    zh, en = (f"{what} 文件", f"the {what} file") if what else ("文件", "the file")
    name = type(exc).__name__
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError) or "zip" in name.lower():
        return f"{zh}的压缩结构损坏 / {en}'s archive structure is damaged"
    if "XMLSyntax" in name or "ParseError" in name or "ExpatError" in name:
        return f"{zh}内部的 XML 格式错误 / malformed XML inside {en}"
    if isinstance(exc, KeyError):
        return f"{zh}缺少必需的部件 / a required part of {en} is missing"
    return f"{zh}的内部结构不符合格式规范 / {en}'s internal structure is invalid"


# --------------------------------------------------------------------------- dispatch
# The binary formats' modules import their parser (pypdf and pdfplumber, python-docx, openpyxl, bs4) at
# their top; they are imported here on the first file of their format, so `import docreview.ingest` (and
# with it the CLI and the app) does not pay for parsers a run never uses.


def _read_pdf(ctx: Context) -> None:
    from docreview.ingest.pdf import read_pdf

    read_pdf(ctx)


def _read_docx(ctx: Context) -> None:
    from docreview.ingest.docx import read_docx

    read_docx(ctx)


def _read_xlsx(ctx: Context) -> None:
    from docreview.ingest.xlsx import read_xlsx

    read_xlsx(ctx)


def _read_html(ctx: Context) -> None:
    from docreview.ingest.html import read_html

    read_html(ctx)


def _read_image(ctx: Context) -> None:
    from docreview.ingest.ocr import read_image

    read_image(ctx)


READERS: dict[DocFormat, Callable[[Context], None]] = {
    "pdf": _read_pdf,
    "docx": _read_docx,
    "xlsx": _read_xlsx,
    "html": _read_html,
    "txt": read_txt,
    "md": read_md,
    # OCR (ingest/ocr.py): image files; pdf.py hands it the PDF pages without a usable text layer
    "png": _read_image,
    "jpeg": _read_image,
    "tiff": _read_image,
}
"""Format (as :func:`.detect.detect` names it) → the function that reads ``ctx.data`` into ``ctx.out``."""
