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
from collections.abc import Callable
from pathlib import Path

from docreview.errors import DocumentError, DocumentUnreadable, EmptyDocument
from docreview.ingest.common import Context, one_line
from docreview.ingest.detect import detect, read_bytes
from docreview.ingest.text import read_md, read_txt
from docreview.models import DocFormat, Document
from docreview.settings import IngestSettings

__all__ = ["read"]

# The PDF parsers log every recoverable oddity of a file; without a handler Python would print them.
for _name in ("pypdf", "pdfminer"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def read(path: str | Path, *, settings: IngestSettings | None = None) -> Document:
    """Read a PDF, DOCX, XLSX, HTML, TXT or Markdown file into a :class:`Document`.

    Raises a :class:`~docreview.errors.DocumentError` subclass when the file cannot be used:
    ``EmptyDocument``, ``FileTooLarge``, ``UnsupportedFormat`` (images, archives, legacy .doc/.xls …),
    ``DocumentUnreadable`` (missing, a directory, corrupt or truncated), ``EncryptedDocument``,
    ``ScannedDocument`` (PDF without a text layer), ``GarbledText`` (PDF text without a Unicode
    mapping), ``ArchiveBomb`` (DOCX/XLSX that would unpack too far) or ``EncodingError`` (text in an
    unknown encoding).
    """
    settings = settings or IngestSettings()
    p = Path(path)
    where = str(p)
    data = read_bytes(p, settings)
    ctx = Context(path=p, data=data, settings=settings)
    try:
        fmt = detect(ctx)
        READERS[fmt](ctx)
    except DocumentError:
        raise
    except Exception as exc:  # any parser failure becomes a reviewer-readable error naming the file
        raise DocumentUnreadable(where, one_line(f"{type(exc).__name__}: {exc}")) from exc
    if not ctx.out.blocks:
        raise EmptyDocument(where, "没有可读取的文字 / no readable text")
    return Document(path=where, name=p.name, format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                    blocks=ctx.out.blocks, pages=ctx.pages, warnings=ctx.warnings)


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


READERS: dict[DocFormat, Callable[[Context], None]] = {
    "pdf": _read_pdf,
    "docx": _read_docx,
    "xlsx": _read_xlsx,
    "html": _read_html,
    "txt": read_txt,
    "md": read_md,
    # OCR (ingest/ocr.py, a later issue): image formats, refused today in detect.py, get their reader here;
    # image-only PDF pages are handed to it from pdf.py where ScannedDocument is raised.
}
"""Format (as :func:`.detect.detect` names it) → the function that reads ``ctx.data`` into ``ctx.out``."""
