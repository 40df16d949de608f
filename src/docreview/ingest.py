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

PDF: pypdf opens the file, handles encryption (an empty user password — owner-only restrictions — is
read normally) and counts pages; pdfplumber finds ruled tables (``lines`` strategy) and the text outside
them, so a page keeps the top-to-bottom order of paragraphs and tables.  pypdf's own text extraction
is used only when ``settings.pdf_tables`` is off or pdfplumber fails on a file: it puts every cell line
on its own line, so a wrapped cell (``2023年6月底`` / ``前``) cannot be told apart from the next cell.

Failures raise :class:`~docreview.errors.DocumentError` subclasses whose one-line bilingual message names
the file; no parser exception escapes as a raw traceback.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import re
import stat
import struct
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from docreview.errors import (
    ArchiveBomb,
    DocumentError,
    DocumentUnreadable,
    EmptyDocument,
    EncodingError,
    EncryptedDocument,
    FileTooLarge,
    GarbledText,
    ScannedDocument,
    UnsupportedFormat,
)
from docreview.models import Block, BlockKind, DocFormat, Document, TableRow
from docreview.settings import IngestSettings

__all__ = ["read"]

# The PDF parsers log every recoverable oddity of a file; without a handler Python would print them.
for _name in ("pypdf", "pdfminer"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

CELL_SEP = " | "
# A member must unpack to at least this much before its compression ratio counts: small XML parts
# (styles, shared strings) of ordinary files routinely compress 100-300x.
_RATIO_MIN_BYTES = 1024 * 1024
_GARBLED_SHARE = 0.3
_GARBLED_MIN_CHARS = 10


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
    try:
        st = p.stat()
    except FileNotFoundError:
        raise DocumentUnreadable(where, "文件不存在 / file not found") from None
    except OSError as exc:
        raise DocumentUnreadable(where, _one_line(exc.strerror or str(exc))) from None
    if stat.S_ISDIR(st.st_mode):
        raise DocumentUnreadable(where, "这是一个目录，不是文件 / this is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise DocumentUnreadable(where, "不是普通文件 / not a regular file")
    limit = settings.max_file_mb * 1024 * 1024
    if st.st_size > limit:
        raise FileTooLarge(where, f"{st.st_size / 1048576:.1f} MB > {settings.max_file_mb:g} MB")
    if st.st_size == 0:
        raise EmptyDocument(where)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentUnreadable(where, _one_line(exc.strerror or str(exc))) from None
    if not data.strip():
        raise EmptyDocument(where)
    ctx = _Context(path=p, data=data, settings=settings)
    try:
        fmt = _read_content(ctx)
    except DocumentError:
        raise
    except Exception as exc:  # any parser failure becomes a reviewer-readable error naming the file
        raise DocumentUnreadable(where, _one_line(f"{type(exc).__name__}: {exc}")) from exc
    if not ctx.out.blocks:
        raise EmptyDocument(where, "没有可读取的文字 / no readable text")
    return Document(path=where, name=p.name, format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                    blocks=ctx.out.blocks, pages=ctx.pages, warnings=ctx.warnings)


# --------------------------------------------------------------------------- shared pieces


class _Blocks:
    """Accumulates blocks with a running block index and a document-wide table counter."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.tables = 0

    def text(self, text: str, *, kind: BlockKind = "paragraph", level: int | None = None,
             page: int | None = None, sheet: str | None = None) -> None:
        if not text:
            return
        self.blocks.append(Block(index=len(self.blocks), kind=kind, text=text, page=page, sheet=sheet,
                                 level=level if kind == "heading" else None))

    def table(self, rows: list[list[str]], *, page: int | None = None, sheet: str | None = None) -> None:
        rows = [r for r in rows if r]
        if not rows or not any(c for r in rows for c in r):
            return
        width = max(len(r) for r in rows)
        parts: list[str] = []
        table_rows: list[TableRow] = []
        pos = 0
        for i, cells in enumerate(rows):
            cells = list(cells) + [""] * (width - len(cells))
            offsets = []
            for j, cell in enumerate(cells):
                if j:
                    pos += len(CELL_SEP)
                offsets.append(pos)
                pos += len(cell)
            table_rows.append(TableRow(index=i, cells=cells, offsets=offsets))
            parts.append(CELL_SEP.join(cells))
            pos += 1  # the "\n" between rows
        self.blocks.append(Block(index=len(self.blocks), kind="table", text="\n".join(parts), page=page,
                                 sheet=sheet, table=self.tables, rows=table_rows))
        self.tables += 1


@dataclass
class _Context:
    path: Path
    data: bytes
    settings: IngestSettings
    out: _Blocks = field(default_factory=_Blocks)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None

    @property
    def where(self) -> str:
        return str(self.path)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _joiner(before: str, after: str) -> str:
    """What goes between two wrapped lines: nothing for CJK, a space between ASCII words."""
    a, b = before[-1], after[0]
    if _ascii_alnum(a) and _ascii_alnum(b):
        return "" if a.isdigit() and b.isdigit() else " "
    if a in ",;:!?)." and b.isascii() and b.isalpha():
        return " "
    return ""


def _join_lines(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if not line:
            continue
        out = line if not out else out + _joiner(out, line) + line
    return out


_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CJK_SPACE = re.compile(
    r"(?<=[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]) "
    r"(?=[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef])")


def _clean(text: str | None) -> str:
    """Whitespace-normalise one cell or paragraph; line breaks are wraps and are joined away."""
    if not text:
        return ""
    text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", ln).strip() for ln in re.split(r"\r\n|[\r\n\u2028\u2029\x0b]", text)]
    return _join_lines(lines)


def _squeeze_cjk(text: str) -> str:
    """Drop single spaces between CJK characters: in PDFs they are layout gaps, not words."""
    return _CJK_SPACE.sub("", text)


# --------------------------------------------------------------------------- format detection

_EXPECTED: dict[str, DocFormat] = {
    ".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
}
_NAMES = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "html": "HTML", "txt": "纯文本 / text",
          "md": "Markdown"}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "PNG 图片 / PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG 图片 / JPEG image"),
    (b"GIF87a", 0, "GIF 图片 / GIF image"),
    (b"GIF89a", 0, "GIF 图片 / GIF image"),
    (b"II*\x00", 0, "TIFF 图片 / TIFF image"),
    (b"MM\x00*", 0, "TIFF 图片 / TIFF image"),
    (b"WEBP", 8, "WebP 图片 / WebP image"),
    (b"ftyp", 4, "HEIC 图片或视频 / HEIC image or video"),
    (b"\x7fELF", 0, "ELF 可执行程序 / ELF executable"),
    (b"\x1f\x8b", 0, "gzip 压缩包 / gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7z 压缩包 / 7z archive"),
    (b"Rar!\x1a\x07", 0, "RAR 压缩包 / RAR archive"),
    (b"{\\rtf", 0, "RTF 文档，请另存为 .docx / RTF document; save it as .docx"),
    (b"%!PS", 0, "PostScript 文件，请转换为 PDF / PostScript; convert it to PDF"),
]


def _read_content(ctx: _Context) -> DocFormat:
    fmt, text = _detect(ctx)
    ext = ctx.path.suffix.lower()
    expected = _EXPECTED.get(ext)
    if expected and expected != fmt and {expected, fmt} != {"txt", "md"}:
        ctx.warn(f"扩展名为 {ext}，但内容是 {_NAMES[fmt]}，按内容读取 / the extension says {ext} but the "
                 f"content is {_NAMES[fmt]}; read by content")
    if fmt == "pdf":
        _read_pdf(ctx)
    elif fmt == "docx":
        _read_docx(ctx)
    elif fmt == "xlsx":
        _read_xlsx(ctx)
    elif fmt == "html":
        _read_html(ctx)
    else:
        assert text is not None
        if not text.strip():
            raise EmptyDocument(ctx.where)
        _read_text(ctx, text, markdown=fmt == "md")
    return fmt


def _detect(ctx: _Context) -> tuple[DocFormat, str | None]:
    """The format by content; text formats also return the decoded text."""
    data, ext = ctx.data, ctx.path.suffix.lower()
    pdf_at = data[:1024].find(b"%PDF-")
    if pdf_at == 0 or (pdf_at > 0 and ext == ".pdf"):
        return "pdf", None
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _zip_kind(ctx), None
    if data[:8] == _OLE2:
        _reject_ole2(ctx)
    for magic, offset, what in _MAGIC:
        if data[offset:offset + len(magic)] == magic:
            raise UnsupportedFormat(ctx.where, what)
    if data[:2] == b"MZ" and b"\x00" in data[2:64]:
        raise UnsupportedFormat(ctx.where, "Windows 可执行程序 / Windows executable")
    if data.lstrip()[:13].lower() == b"mime-version:" and b"multipart/related" in data[:4096].lower():
        raise UnsupportedFormat(ctx.where, "MHT 网页归档，请另存为 .docx 或 .html / MHT web archive; save it as "
                                           ".docx or .html")
    if _looks_html(data, ext):
        return "html", None
    decoded = _decode(data, ctx)
    if decoded is None:
        if ext in (".pdf", ".docx", ".xlsx", ".docm", ".xlsm"):
            raise DocumentUnreadable(ctx.where, f"不是有效的 {ext} 文件 / not a valid {ext} file")
        if ext in _EXPECTED or ext in ("", ".csv", ".log"):
            raise EncodingError(ctx.where, "不是 UTF-8、UTF-16 或 GB18030/GBK 文本 / not UTF-8, UTF-16 or "
                                           "GB18030/GBK text")
        raise UnsupportedFormat(ctx.where, "无法识别的二进制文件 / unrecognised binary content")
    text, _encoding = decoded
    if _looks_html(text[:4096].encode("utf-8", "ignore"), ext):
        return "html", None
    return ("md" if ext in (".md", ".markdown", ".mkd") else "txt"), text


_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*(<!doctype\s+html|<html))",
                         re.I | re.S)
_HTML_TAG = re.compile(rb"<(html|head|body|meta|title|table|div|p|h[1-6])[\s>/]", re.I)


def _looks_html(data: bytes, ext: str) -> bool:
    head = data[:4096].removeprefix(codecs.BOM_UTF8)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeDecodeError:  # pragma: no cover - errors="ignore" does not raise
            return False
    if _HTML_START.match(head):
        return True
    if ext in (".html", ".htm", ".xhtml", ".shtml"):
        return bool(_HTML_TAG.search(head))
    return bool(re.search(rb"<(html|body)[\s>]", head, re.I))


def _zip_kind(ctx: _Context) -> DocFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(ctx.data)) as zf:
            infos = zf.infolist()
            _check_bomb(ctx, infos)
            names = {i.filename for i in infos}
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
                if any(n.startswith("ppt/") for n in names):
                    raise UnsupportedFormat(ctx.where, "PowerPoint (.pptx) 演示文稿 / PowerPoint presentation")
            if "mimetype" in names:
                kind = zf.read("mimetype")[:100].decode("ascii", "replace")
                if "opendocument" in kind:
                    raise UnsupportedFormat(ctx.where, "OpenDocument 文件，请另存为 .docx/.xlsx / OpenDocument "
                                                       "file; save it as .docx/.xlsx")
            if any(n.lower().endswith("ofd.xml") for n in names):
                raise UnsupportedFormat(ctx.where, "OFD 版式文件，请导出为 PDF / OFD file; export it as PDF")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise DocumentUnreadable(ctx.where, _one_line(f"ZIP 结构损坏 / corrupt zip: {exc}")) from None
    raise UnsupportedFormat(ctx.where, "ZIP 压缩包（不是 .docx/.xlsx）/ a ZIP archive, not .docx/.xlsx")


def _check_bomb(ctx: _Context, infos: list[zipfile.ZipInfo]) -> None:
    """Declared sizes are what zipfile will unpack, so checking them before opening is enough."""
    total = sum(i.file_size for i in infos)
    limit = ctx.settings.max_unpacked_mb * 1024 * 1024
    if total > limit:
        raise ArchiveBomb(ctx.where, f"{total / 1048576:.0f} MB > {ctx.settings.max_unpacked_mb:g} MB")
    for info in infos:
        if info.file_size >= _RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > ctx.settings.max_compression_ratio:
                raise ArchiveBomb(ctx.where, f"{info.filename}: {info.file_size / 1048576:.0f} MB, "
                                             f"压缩比 / ratio {ratio:.0f} > {ctx.settings.max_compression_ratio:g}")


def _reject_ole2(ctx: _Context) -> None:
    """OLE2 compound files are legacy Office documents or encrypted OOXML; none can be read."""
    names = set(_ole2_names(ctx.data))
    if {"EncryptionInfo", "EncryptedPackage"} <= names:
        raise EncryptedDocument(ctx.where, "加密的 Office 文档（OLE2 EncryptionInfo）/ encrypted Office "
                                           "document")
    if "WordDocument" in names:
        raise UnsupportedFormat(ctx.where, "旧版 Word 97-2003 (.doc) 文件，请另存为 .docx / legacy Word .doc; "
                                           "save it as .docx")
    if names & {"Workbook", "Book"}:
        raise UnsupportedFormat(ctx.where, "旧版 Excel 97-2003 (.xls) 文件，请另存为 .xlsx / legacy Excel .xls; "
                                           "save it as .xlsx")
    if "PowerPoint Document" in names:
        raise UnsupportedFormat(ctx.where, "旧版 PowerPoint (.ppt) 文件 / legacy PowerPoint .ppt")
    raise UnsupportedFormat(ctx.where, "OLE2 复合文档（如 WPS .wps/.et），请另存为 .docx/.xlsx / OLE2 compound "
                                       "file; save it as .docx/.xlsx")


def _ole2_names(data: bytes) -> list[str]:
    """Names in an OLE2 directory (header → FAT → directory chain); falls back to a byte scan."""
    try:
        shift = struct.unpack_from("<H", data, 30)[0]
        size = 1 << shift
        n_fat, first_dir = struct.unpack_from("<I", data, 44)[0], struct.unpack_from("<I", data, 48)[0]
        difat = list(struct.unpack_from("<109I", data, 76))[: min(n_fat, 109)]

        def sector(i: int) -> bytes:
            start = 512 + i * size if size == 512 else size * (i + 1)
            return data[start:start + size]

        fat: list[int] = []
        for s in difat:
            raw = sector(s)
            fat.extend(struct.unpack(f"<{len(raw) // 4}I", raw))
        names: list[str] = []
        current, seen = first_dir, set[int]()
        while current < 0xFFFFFFFA and current not in seen and len(seen) < 10000:
            seen.add(current)
            raw = sector(current)
            for off in range(0, len(raw) - 127, 128):
                length = struct.unpack_from("<H", raw, off + 64)[0]
                if 2 <= length <= 64 and raw[off + 66] in (1, 2, 5):
                    names.append(raw[off:off + length - 2].decode("utf-16-le", "replace"))
            current = fat[current] if current < len(fat) else 0xFFFFFFFE
        if names:
            return names
    except (struct.error, IndexError, ValueError):
        pass
    known = ["EncryptionInfo", "EncryptedPackage", "WordDocument", "Workbook", "Book", "PowerPoint Document"]
    return [n for n in known if n.encode("utf-16-le") in data]


# --------------------------------------------------------------------------- decoding text

_GBK_NAMES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb18030", "chinese", "csgb2312", "euc-cn", "cp936"}


def _plausible(text: str, *, cjk_expected: bool) -> bool:
    """Whether decoded text looks like a document: few controls / PUA / U+FFFD; with ``cjk_expected``
    (GB18030, UTF-16 guesses) the non-ASCII characters must be mostly CJK, punctuation or symbols."""
    if not text:
        return True
    bad = non_ascii = plausible = 0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            if o < 0x20 and ch not in "\t\n\r\f":
                bad += 1
            continue
        non_ascii += 1
        if o < 0xA0 or 0xD800 <= o <= 0xF8FF or o == 0xFFFD or o >= 0xF0000:
            bad += 1
        elif (0xA0 <= o <= 0xFF or 0x2C7 <= o <= 0x2D9 or 0x391 <= o <= 0x451 or 0x2000 <= o <= 0x27BF
              or 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
              or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF):
            plausible += 1
    if bad > max(1, len(text) * 0.01):
        return False
    return not cjk_expected or non_ascii == 0 or plausible >= 0.9 * non_ascii


def _decode(data: bytes, ctx: _Context, *, hint: str | None = None) -> tuple[str, str] | None:
    """Decode text bytes: BOM, UTF-16 without BOM, UTF-8, the declared charset, GB18030, then
    charset-normalizer.  Returns ``(text, encoding)`` or None when the bytes are not text."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                text = data.decode(enc, errors="replace")
                ctx.warn(f"部分字节不符合 {enc} 编码，已替换为 � / some bytes are not valid {enc}; replaced")
                return text, enc
    if b"\x00" in data:
        # Text never holds NUL bytes, except UTF-16/32 without a BOM (ASCII characters give 00 bytes).
        zeros_even = data[0::2].count(0)
        zeros_odd = data[1::2].count(0)
        order = ["utf-16-le", "utf-16-be"] if zeros_odd >= zeros_even else ["utf-16-be", "utf-16-le"]
        for enc in order:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible(text, cjk_expected=True):
                return text, enc
        return None
    try:
        text = data.decode("utf-8")
        if _plausible(text, cjk_expected=False):
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    if hint:
        candidates.append("gb18030" if hint.lower() in _GBK_NAMES else hint)
    candidates.append("gb18030")
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text, cjk_expected=True):
            return text, enc
    # a few corrupt bytes in otherwise good UTF-8 or GBK text: keep the text, mark the bytes
    for enc in ("utf-8", "gb18030"):
        lenient = data.decode(enc, errors="replace")
        if lenient.count("\ufffd") <= max(1, len(lenient) // 100) and _plausible(
                lenient.replace("\ufffd", ""), cjk_expected=enc != "utf-8"):
            ctx.warn(f"少量字节不是有效的 {enc} 编码，已替换为 � / a few bytes are not valid {enc}; replaced")
            return lenient, enc
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # charset-normalizer is a last resort; its failure means "not text"
        best = None
    if best is not None:
        text = str(best)
        if _plausible(text, cjk_expected=False):
            ctx.warn(f"按 {best.encoding} 编码读取（自动识别）/ decoded as {best.encoding} (detected)")
            return text, best.encoding
    return None


# --------------------------------------------------------------------------- PDF

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,4})[-—–\s]*$")
_CID = re.compile(r"\(cid:\d+\)")


def _read_pdf(ctx: _Context) -> None:
    import pypdf

    if b"%%EOF" not in ctx.data[-8192:]:
        raise DocumentUnreadable(ctx.where, "PDF 不完整（缺少 %%EOF 结束标记）/ truncated PDF: no %%EOF marker")
    try:
        reader = pypdf.PdfReader(io.BytesIO(ctx.data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # unsupported handler or a missing AES dependency
                raise EncryptedDocument(ctx.where, _one_line(f"{type(exc).__name__}: {exc}")) from None
            if not ok:
                raise EncryptedDocument(ctx.where, "需要打开密码 / a password is needed to open it")
        n_pages = len(reader.pages)
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentUnreadable(ctx.where, _one_line(f"{type(exc).__name__}: {exc}")) from None
    if n_pages == 0:
        raise DocumentUnreadable(ctx.where, "PDF 中找不到页面 / no pages found in the PDF")
    if n_pages > ctx.settings.max_pages:
        raise FileTooLarge(ctx.where, f"{n_pages} 页 > {ctx.settings.max_pages} 页上限 / "
                                      f"{n_pages} pages > max_pages {ctx.settings.max_pages}")
    ctx.pages = n_pages
    pages: list[_PdfPage] | None = None
    if ctx.settings.pdf_tables:
        try:
            pages = _pdfplumber_pages(ctx, reader)
        except DocumentError:
            raise
        except Exception as exc:
            ctx.warn(_one_line(f"pdfplumber 无法解析，改用 pypdf 纯文本（无表格结构）/ pdfplumber failed "
                               f"({type(exc).__name__}); text read with pypdf, without table structure"))
    if pages is None:
        pages = _pypdf_pages(ctx, reader)
    _check_pdf_text(ctx, pages)
    _pdf_blocks(ctx, pages)


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


@dataclass
class _PdfTable:
    top: float
    rows: list[list[str]]
    x0: float = 0.0
    x1: float = 0.0


@dataclass
class _PdfPage:
    number: int
    width: float
    height: float
    lines: list[_Line]
    tables: list[_PdfTable]
    has_geometry: bool = True  # False for the pypdf fallback (no positions)
    failed: bool = False  # neither parser could read the page

    def text(self) -> str:
        cells = [c for t in self.tables for r in t.rows for c in r]
        return "".join(ln.text for ln in self.lines) + "".join(cells)


def _pdfplumber_pages(ctx: _Context, reader: Any) -> list[_PdfPage]:
    import pdfplumber

    out: list[_PdfPage] = []
    # long documents: pages that draw no line at all skip pdfminer's layout analysis (5-10x faster; headings
    # are then told from paragraphs by line length only)
    fast = len(reader.pages) > ctx.settings.fast_prose_pages_over
    with pdfplumber.open(io.BytesIO(ctx.data), password="") as pdf:
        for number, page in enumerate(pdf.pages, 1):
            try:
                if fast and not _may_hold_ruled_table(reader.pages[number - 1]):
                    # no path drawn at all: no ruled table; pypdf's text is 5-10x faster than pdfminer's layout
                    out.append(_pypdf_page(ctx, number, reader))
                    continue
                out.append(_plumb_page(number, page))
            except Exception as exc:  # one damaged page should not cost the whole document
                ctx.warn(_one_line(f"第{number}页表格识别失败，改用 pypdf 纯文本 / page {number}: pdfplumber "
                                   f"failed ({type(exc).__name__}); plain text from pypdf"))
                out.append(_pypdf_page(ctx, number, reader))
            finally:
                page.close()
    if len(out) != len(reader.pages):
        raise ValueError(f"pdfplumber saw {len(out)} pages, pypdf {len(reader.pages)}")
    return out


_PATH_OPS = re.compile(rb"(?:^|\s)(?:re|l|m)\s")


def _may_hold_ruled_table(page: Any) -> bool:
    """Whether the page's content stream draws any line or rectangle (cheap byte scan, no layout)."""
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
    except Exception:
        return True  # unsure: let pdfplumber look
    return bool(_PATH_OPS.search(data))


def _plumb_page(number: int, page: Any) -> _PdfPage:
    tables: list[_PdfTable] = []
    boxes: list[tuple[float, float, float, float]] = []
    for found in page.find_tables(_TABLE_SETTINGS):
        rows = [[_squeeze_cjk(_clean(c)) for c in row] for row in found.extract()]
        width = max((len(r) for r in rows), default=0)
        if width < 2 or not any(c for r in rows for c in r):
            continue  # a framed box or a rule, not a table: its text stays prose
        tables.append(_PdfTable(top=found.bbox[1], rows=rows, x0=found.bbox[0], x1=found.bbox[2]))
        boxes.append(found.bbox)

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    body = page.filter(outside) if boxes else page
    lines = []
    for raw in body.extract_text_lines(return_chars=True, strip=True):
        text = _squeeze_cjk(_clean(raw["text"]))
        chars = [c for c in raw["chars"] if c["text"].strip()]
        if not text or not chars:
            continue
        size = median(round(c["size"], 1) for c in chars)
        bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars) > len(chars) / 2
        lines.append(_Line(text, raw["x0"], raw["x1"], raw["top"], raw["bottom"], size, bold))
    return _PdfPage(number, float(page.width), float(page.height), lines, tables)


def _pypdf_pages(ctx: _Context, reader: Any) -> list[_PdfPage]:
    return [_pypdf_page(ctx, number, reader) for number in range(1, len(reader.pages) + 1)]


def _pypdf_page(ctx: _Context, number: int, reader: Any) -> _PdfPage:
    """Fallback without geometry: each text line of pypdf's output is a line."""
    try:
        text = reader.pages[number - 1].extract_text() or ""
    except Exception as exc:
        ctx.warn(_one_line(f"第{number}页无法解析，已跳过 / page {number} could not be parsed "
                           f"({type(exc).__name__}); skipped"))
        return _PdfPage(number, 0, 0, [], [], has_geometry=False, failed=True)
    lines = [_Line(_squeeze_cjk(_clean(t)), 0, 0, 0, 0, 0) for t in text.splitlines()]
    return _PdfPage(number, 0, 0, [ln for ln in lines if ln.text], [], has_geometry=False)


def _check_pdf_text(ctx: _Context, pages: list[_PdfPage]) -> None:
    texts = [re.sub(r"\s+", "", p.text()) for p in pages]
    if not any(texts) and any(p.failed for p in pages):
        failed = sum(p.failed for p in pages)
        raise DocumentUnreadable(ctx.where, f"{failed}/{len(pages)} 页无法解析，其余页没有文字 / {failed} of "
                                            f"{len(pages)} pages cannot be parsed, the others have no text")
    if not any(texts):
        raise ScannedDocument(ctx.where, f"{len(pages)} 页均无文字 / none of the {len(pages)} pages has text")
    for page, text in zip(pages, texts, strict=True):
        cids = len(_CID.findall(text))
        rest = _CID.sub("", text)
        bad = cids + sum(1 for ch in rest if _garbage_char(ch))
        total = cids + len(rest)
        if total >= _GARBLED_MIN_CHARS and bad / total > _GARBLED_SHARE:
            raise GarbledText(ctx.where, f"第{page.number}页 / page {page.number}: {bad}/{total} 个字符无法识别 "
                                         f"/ characters unreadable")
        if not text and not page.failed:
            ctx.warn(f"第{page.number}页没有文字层（可能是扫描页）/ page {page.number} has no text layer "
                     f"(scanned?)")


def _garbage_char(ch: str) -> bool:
    o = ord(ch)
    return ch == "\ufffd" or 0xE000 <= o <= 0xF8FF or o >= 0xF0000 or (o < 0x20 and ch not in "\t\n\r")


def _pdf_blocks(ctx: _Context, pages: list[_PdfPage]) -> None:
    sizes: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            sizes[ln.size] += len(ln.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    heading_sizes = sorted({s for s in sizes if body and s >= body * 1.15}, reverse=True)
    levels = {s: i + 1 for i, s in enumerate(heading_sizes)}

    def heading_level(ln: _Line) -> int | None:
        if len(ln.text) > 60:
            return None
        if ln.size in levels:
            return min(levels[ln.size], 6)
        if ln.bold and len(ln.text) <= 40 and body and ln.size >= body * 0.95:
            return min(len(levels) + 1, 6)
        return None

    for page in pages:
        if not page.has_geometry:
            _pdf_plain_blocks(ctx, page)
            continue
        lines = [ln for ln in page.lines if not _is_page_number(ln, page)]
        body_lines = [ln for ln in lines if heading_level(ln) is None]
        # the text column: body lines and ruled tables; margins are assumed symmetric when few lines show it
        left = min([ln.x0 for ln in body_lines] + [t.x0 for t in page.tables], default=0.0)
        right = max([ln.x1 for ln in body_lines] + [t.x1 for t in page.tables] + [page.width - left])
        gaps = [b.top - a.bottom for a, b in zip(body_lines, body_lines[1:], strict=False)
                if 0 <= b.top - a.bottom < 3 * max(a.size, 1)]
        usual_gap = median(gaps) if gaps else body * 0.6
        events: list[tuple[float, int, _Line | _PdfTable]] = [(ln.top, 1, ln) for ln in lines]
        events += [(t.top, 0, t) for t in page.tables]
        events.sort(key=lambda e: (e[0], e[1]))
        group: list[_Line] = []
        for _top, _order, item in events:
            if isinstance(item, _PdfTable):
                _flush_lines(ctx, group, heading_level, page.number)
                ctx.out.table(item.rows, page=page.number)
            elif group and _starts_paragraph(group[-1], item, heading_level, left=left, right=right,
                                             usual_gap=usual_gap):
                _flush_lines(ctx, group, heading_level, page.number)
                group.append(item)
            else:
                group.append(item)
        _flush_lines(ctx, group, heading_level, page.number)


def _flush_lines(ctx: _Context, group: list[_Line], heading_level: Callable[[_Line], int | None],
                 page: int) -> None:
    if group:
        level = heading_level(group[0])
        text = _squeeze_cjk(_join_lines([ln.text for ln in group]))
        ctx.out.text(text, kind="heading" if level else "paragraph", level=level, page=page)
        group.clear()


def _starts_paragraph(prev: _Line, line: _Line, heading_level: Callable[[_Line], int | None], *,
                      left: float, right: float, usual_gap: float) -> bool:
    if heading_level(prev) != heading_level(line) or abs(prev.size - line.size) > 0.6:
        return True
    size = max(line.size, 1.0)
    if line.top - prev.bottom > usual_gap + 0.5 * size:
        return True
    indented = line.x0 > left + 1.5 * size
    if indented and (line.x0 > prev.x0 + 1.5 * size or prev.text.endswith(("。", "！", "？", "：", "；"))):
        return True  # first-line indent after a finished line
    return prev.x1 < right - 2 * size  # the previous line ended early: it closed its paragraph


def _is_page_number(ln: _Line, page: _PdfPage) -> bool:
    margin = page.height * 0.1
    return (ln.top < margin or ln.bottom > page.height - margin) and bool(_PAGE_NUMBER.match(ln.text))


def _pdf_plain_blocks(ctx: _Context, page: _PdfPage) -> None:
    """Without positions, a line that fills (almost) the longest line's width is a wrapped prose line
    and continues into the next; any other line — a heading, a table cell — stands alone."""
    full = max((len(ln.text) for ln in page.lines), default=0) * 0.8
    group: list[str] = []
    for ln in page.lines:
        group.append(ln.text)
        if len(ln.text) < full or full < 16:
            ctx.out.text(_squeeze_cjk(_join_lines(group)), page=page.number)
            group = []
    if group:
        ctx.out.text(_squeeze_cjk(_join_lines(group)), page=page.number)


# --------------------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_NAME = re.compile(r"^(heading|标题)\s*(\d)$", re.I)


def _read_docx(ctx: _Context) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    try:
        document = docx.Document(io.BytesIO(ctx.data))
    except KeyError as exc:
        raise DocumentUnreadable(ctx.where, _one_line(f"DOCX 缺少部件 / missing part: {exc}")) from None
    style_levels: dict[str, int] = {}
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        level = _style_level(style)
        if level:
            style_levels[style.style_id] = level
    for element in _docx_body_items(document.element.body):
        if element.tag == _W + "p":
            text = _clean(_docx_text(element))
            level = _paragraph_level(element, style_levels)
            ctx.out.text(text, kind="heading" if level else "paragraph", level=level)
        else:
            _docx_table(ctx, element)


def _docx_body_items(parent: Any) -> Iterator[Any]:
    """Body paragraphs and tables in order, looking inside content controls and custom XML."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (_W + "p", _W + "tbl"):
            yield child
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _docx_body_items(content)
        elif tag == _W + "customXml":
            yield from _docx_body_items(child)


def _style_level(style: Any) -> int | None:
    seen = 0
    while style is not None and seen < 8:
        match = _HEADING_NAME.match((style.name or "").strip())
        if match:
            return int(match.group(2))
        if (style.name or "").strip().lower() in ("title", "标题"):
            return 1
        outline = style.element.find(f"{_W}pPr/{_W}outlineLvl")
        if outline is not None:
            value = int(outline.get(_W + "val", "9"))
            return value + 1 if value < 9 else None
        style, seen = style.base_style, seen + 1
    return None


def _paragraph_level(p: Any, style_levels: dict[str, int]) -> int | None:
    outline = p.find(f"{_W}pPr/{_W}outlineLvl")
    if outline is not None:
        value = int(outline.get(_W + "val", "9"))
        return value + 1 if value < 9 else None
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return style_levels.get(style.get(_W + "val", "")) if style is not None else None


def _docx_text(element: Any) -> str:
    """Text of a paragraph: runs, hyperlinks, insertions, text boxes; not deletions (``w:delText``),
    field codes (``w:instrText``) or the duplicate fallback copy of drawings (``mc:Fallback``)."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                parts.append(" ")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag == _W + "p":
                parts.append("\n")
                walk(child)
            elif tag in (_MC_FALLBACK, _W + "del", _W + "rPr", _W + "pPr"):
                continue
            elif isinstance(tag, str):
                walk(child)

    walk(element)
    return "".join(parts)


def _docx_table(ctx: _Context, tbl: Any) -> None:
    """Grid from the XML: ``w:gridSpan`` repeats a cell across columns and ``w:vMerge`` continues the one
    above — the same rules python-docx applies when it returns one ``_Cell`` (one ``_tc``) for a merged
    range.  The text goes to the top-left grid cell; covered cells are ''.  Nested tables are emitted
    as their own tables right after this one."""
    rows: list[list[str]] = []
    nested: list[Any] = []
    for tr in tbl.iterchildren(_W + "tr"):
        cells: list[str] = [""] * _int_attr(tr.find(f"{_W}trPr/{_W}gridBefore"))
        for tc in _row_cells(tr):
            span = max(1, _int_attr(tc.find(f"{_W}tcPr/{_W}gridSpan")) or 1)
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            covered = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
            text = "" if covered else _docx_cell_text(tc, nested)
            cells += [text] + [""] * (span - 1)
        cells += [""] * _int_attr(tr.find(f"{_W}trPr/{_W}gridAfter"))
        rows.append(cells)
    ctx.out.table(rows)
    if nested:
        ctx.warn(f"表{ctx.out.tables}的单元格中有嵌套表格，已作为单独的表格列在其后 / a nested table in table "
                 f"{ctx.out.tables} is listed as its own table after it")
    for inner in nested:
        _docx_table(ctx, inner)


def _row_cells(tr: Any) -> Iterator[Any]:
    for child in tr.iterchildren():
        if child.tag == _W + "tc":
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                yield from content.iterchildren(_W + "tc")


def _docx_cell_text(tc: Any, nested: list[Any]) -> str:
    lines = []
    for item in _docx_body_items(tc):
        if item.tag == _W + "tbl":
            nested.append(item)
        else:
            lines.append(_docx_text(item))
    return _clean("\n".join(lines))


def _int_attr(el: Any) -> int:
    if el is None:
        return 0
    try:
        return int(el.get(_W + "val", "0"))
    except ValueError:
        return 0


# --------------------------------------------------------------------------- XLSX


def _read_xlsx(ctx: _Context) -> None:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions, not our problem
        wb = openpyxl.load_workbook(io.BytesIO(ctx.data), data_only=True, read_only=False, keep_links=False)
        uncached = _uncached_formulas(ctx, wb) if _has_uncached_formula(ctx.data) else {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            ctx.warn(f"工作表「{ws.title}」是隐藏的，仍已读取 / sheet {ws.title!r} is hidden; read anyway")
        missing = uncached.get(ws.title, [])
        if missing:
            shown = "、".join(missing[:5]) + ("…" if len(missing) > 5 else "")
            ctx.warn(f"工作表「{ws.title}」{shown} 的公式没有缓存结果，按空白读取（请在 Excel 中重新计算并保存）"
                     f" / formulas without a cached value in {ws.title!r} ({shown}) read as ''")
        _xlsx_sheet(ctx, ws)


def _has_uncached_formula(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = zf.read(name)
                for match in re.finditer(rb"<c\b[^>]*[^/]>(.*?)</c>", xml, re.S):
                    body = match.group(1)
                    if b"<f" in body and not re.search(rb"<v>[^<]+</v>", body):
                        return True
    return False


def _uncached_formulas(ctx: _Context, values: Any) -> dict[str, list[str]]:
    import openpyxl

    formulas = openpyxl.load_workbook(io.BytesIO(ctx.data), data_only=False)
    out: dict[str, list[str]] = {}
    for ws in formulas.worksheets:
        shown = values[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and shown[cell.coordinate].value is None:
                    out.setdefault(ws.title, []).append(cell.coordinate)
    return out


def _xlsx_sheet(ctx: _Context, ws: Any) -> None:
    merged_width: dict[tuple[int, int], int] = {}
    for rng in ws.merged_cells.ranges:
        merged_width[(rng.min_row, rng.min_col)] = rng.max_col - rng.min_col + 1
    grid = [([_xlsx_display(c) for c in row], list(row)) for row in ws.iter_rows()]
    groups: list[list[tuple[list[str], list[Any]]]] = [[]]  # runs of rows between fully empty rows
    for texts, cells in grid:
        if any(texts):
            groups[-1].append((texts, cells))
        elif groups[-1]:
            groups.append([])
    for group in groups:
        # leading rows holding a single value are titles or notes above the table
        while group and sum(1 for t in group[0][0] if t) == 1:
            texts, cells = group.pop(0)
            j = next(i for i, t in enumerate(texts) if t)
            _xlsx_text_cell(ctx, ws.title, texts[j], cells[j], merged_width.get((cells[j].row, cells[j].column), 1))
        if group:
            first = min(next(i for i, t in enumerate(texts) if t) for texts, _ in group)
            last = max(max(i for i, t in enumerate(texts) if t) for texts, _ in group)
            ctx.out.table([texts[first:last + 1] for texts, _ in group], sheet=ws.title)


def _xlsx_text_cell(ctx: _Context, sheet: str, text: str, cell: Any, width: int) -> None:
    font = cell.font
    big = bool(font and ((font.b and (font.sz or 11) >= 11) or (font.sz or 11) >= 13))
    is_heading = len(text) <= 50 and not text.endswith(("。", ".", "；", ";")) and (big or width >= 3)
    ctx.out.text(text, kind="heading" if is_heading else "paragraph", level=1 if is_heading else None,
                 sheet=sheet)


def _xlsx_display(cell: Any) -> str:
    """The cell as Excel shows it: number formats applied, dates as 2023年8月15日."""
    import datetime as dt

    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _format_date(value, cell.number_format or "")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        return _format_number(value, cell.number_format or "General")
    return _clean(str(value))


def _format_date(value: Any, fmt: str) -> str:
    import datetime as dt

    f = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt).lower()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if "s" in f else "%H:%M")
    if "d" in f or not f:
        text = f"{value.year}年{value.month}月{value.day}日"
    elif "m" in f and "y" in f:
        text = f"{value.year}年{value.month}月"
    elif "y" in f:
        text = f"{value.year}年"
    else:
        text = f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.datetime) and "h" in f:
        text += value.strftime(" %H:%M:%S" if "s" in f else " %H:%M")
    return text


_FMT_TOKEN = re.compile(r'"([^"]*)"|\\(.)|(\[[^\]]*\]|_.|\*.)|([eE][+-][0#?]+)|([0#?.,])|(.)', re.S)


def _format_tokens(section: str) -> list[tuple[str, str]]:
    """(kind, text) tokens of one format section: ``lit`` shown as is, ``ph`` digit placeholders and
    separators, ``exp`` a scientific exponent; colours, locales, ``_x`` spacing and ``*x`` fills vanish."""
    tokens = []
    for m in _FMT_TOKEN.finditer(section):
        if m.group(1) is not None:
            tokens.append(("lit", m.group(1)))
        elif m.group(2) is not None:
            tokens.append(("lit", m.group(2)))
        elif m.group(3) is not None:
            continue
        elif m.group(4) is not None:
            tokens.append(("exp", m.group(4)))
        elif m.group(5) is not None:
            tokens.append(("ph", m.group(5)))
        else:
            tokens.append(("lit", m.group(6)))
    return tokens


def _format_number(value: float, fmt: str) -> str:
    """Apply the parts of an Excel number format that change what a reviewer reads: decimals, percent,
    scaling commas, literal text (``0"个"``).  Thousands separators are dropped."""
    sections = _split_sections(fmt)
    section = sections[0]
    if value < 0 and len(sections) > 1 and sections[1].strip():
        section, value = sections[1], -value  # the section shows its own sign or brackets
    elif value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    if section.strip().lower() in ("general", "@", ""):
        return _general(value)
    tokens = _format_tokens(section)
    placeholders = [i for i, (kind, text) in enumerate(tokens) if kind == "ph" and text in "0#?"]
    literal = "".join(text for kind, text in tokens if kind == "lit")
    if not placeholders:
        literal = re.sub("(?i)general", "", literal).replace("@", "")
        return literal + _general(value) if literal and not literal.isspace() else _general(value)
    first, last = placeholders[0], placeholders[-1]
    value = value * 100 ** sum(text.count("%") for kind, text in tokens if kind == "lit")
    number_part = "".join(text for kind, text in tokens[first:] if kind == "ph")
    trailing_commas = re.search(r"[0#?](,+)[^0#?]*$", number_part)
    if trailing_commas:
        value = value / 1000 ** len(trailing_commas.group(1))
    exponent = any(kind == "exp" for kind, _ in tokens)
    decimals = re.search(r"\.([0#?]+)", number_part)
    digits = decimals.group(1) if decimals else ""
    if exponent:
        number = f"{value:.{len(digits)}E}"
    else:
        number = f"{value:.{len(digits)}f}"
        keep = len(digits.rstrip("#?"))
        if keep < len(digits):  # '#' decimals are optional
            whole, frac = number.split(".")
            frac = frac[:keep] + frac[keep:].rstrip("0")
            number = whole + ("." + frac if frac else "")
        if re.fullmatch(r"-0(\.0*)?", number):
            number = number[1:]
    head = "".join(text for kind, text in tokens[:first] if kind == "lit")
    tail = "".join(text for kind, text in tokens[last + 1:] if kind == "lit")
    return head + number + tail


def _split_sections(fmt: str) -> list[str]:
    sections, current, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return sections


def _general(value: float) -> str:
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    text = f"{value:.11g}"
    if "e" in text:
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe", "svg",
              "canvas", "select", "button", "input", "textarea", "head", "object", "embed"]
_BLOCK_TAGS = {"address", "article", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl",
               "dt", "fieldset", "figcaption", "figure", "form", "hr", "li", "main", "ol", "p", "pre",
               "section", "summary", "ul", "caption", "tbody", "thead", "tfoot", "tr", "td", "th", "table",
               "h1", "h2", "h3", "h4", "h5", "h6"}
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([-\w.:]+)", re.I)


def _read_html(ctx: _Context) -> None:
    from bs4 import BeautifulSoup

    declared = _META_CHARSET.search(ctx.data[:8192])
    hint = declared.group(1).decode("ascii", "ignore").lower() if declared else None
    decoded = _decode(ctx.data, ctx, hint=hint)
    if decoded is None:
        if b"\x00" in ctx.data:
            raise EncodingError(ctx.where, f"声明的编码 / declared charset: {hint or '无 / none'}")
        # a browser shows a damaged page anyway; so do we, with the damage marked
        encoding = "gb18030" if hint in _GBK_NAMES else "utf-8"
        text = ctx.data.decode(encoding, errors="replace")
        ctx.warn(f"网页含有无法按 {encoding} 解码的字节，已替换为 � / the page has bytes that are not valid "
                 f"{encoding}; replaced")
    else:
        text, encoding = decoded
    if hint and encoding.startswith("utf") and not hint.startswith("utf") and not ctx.data.isascii():
        ctx.warn(f"网页声明编码 {hint}，实际内容为 {encoding}，按 {encoding} 读取 / the page declares {hint} but "
                 f"is {encoding}")
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(_SKIP_TAGS):
        tag.decompose()
    for tag in soup.find_all(style=re.compile(r"display\s*:\s*none", re.I)):
        tag.decompose()
    for tag in soup.find_all(hidden=True):
        tag.decompose()
    for tag in soup.find_all(_is_page_chrome):
        tag.decompose()
    _HtmlWalker(ctx).run(soup.body or soup)


_CHROME = {"header", "footer", "nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
           "sidebar", "copyright", "share", "bdshare", "toolbar", "skip-link"}


def _is_page_chrome(tag: Any) -> bool:
    """Site header/footer/navigation written as ``<div class="header">`` rather than ``<header>``."""
    if tag.name in ("table", "tr", "td", "th", "body", "html") or tag.decomposed:
        return False
    names = set(tag.get("class") or []) | ({tag.get("id")} if tag.get("id") else set())
    return any(str(n).lower() in _CHROME for n in names)


class _HtmlWalker:
    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.buffer: list[str] = []

    def run(self, root: Any) -> None:
        self.walk(root)
        self.flush()

    def flush(self) -> None:
        text = _clean("".join(self.buffer))
        self.buffer.clear()
        self.ctx.out.text(text)

    def walk(self, node: Any) -> None:
        from bs4 import NavigableString, Tag
        from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment | Doctype | Declaration | ProcessingInstruction):
                    self.buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self.flush()
            elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.flush()
                self.ctx.out.text(_html_text(child), kind="heading", level=int(name[1]))
            elif name == "table":
                self.flush()
                self.table(child)
            elif name in _BLOCK_TAGS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def table(self, table: Any) -> None:
        rows = _html_rows(table)
        is_layout = table.find("table") is not None or all(len(r) <= 1 for r in rows)
        if is_layout:
            self.walk(table)  # a layout table (or a nested one): its cells are containers of prose
            self.flush()
            return
        self.ctx.out.table(_html_grid(rows))


def _html_rows(table: Any) -> list[list[Any]]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is table:
            rows.append(tr.find_all(["td", "th"], recursive=False))
    return rows


def _html_grid(rows: list[list[Any]]) -> list[list[str]]:
    """Expand rowspan/colspan: the text in the top-left grid cell, covered cells ''."""
    grid: dict[tuple[int, int], str] = {}
    n_rows = len(rows)
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in grid:
                c += 1
            rowspan = _span(cell.get("rowspan"), default=1)
            if rowspan == 0:
                rowspan = n_rows - r
            rowspan = min(max(rowspan, 1), n_rows - r)
            colspan = min(max(_span(cell.get("colspan"), default=1), 1), 1000)
            for i in range(rowspan):
                for j in range(colspan):
                    grid.setdefault((r + i, c + j), "")
            grid[(r, c)] = _html_text(cell)
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(n_rows)]


def _span(value: Any, *, default: int) -> int:
    match = re.match(r"\s*(\d+)", str(value)) if value is not None else None
    return int(match.group(1)) if match else default


def _html_text(tag: Any) -> str:
    from bs4 import NavigableString, Tag
    from bs4.element import Comment

    parts: list[str] = []
    for el in tag.descendants:
        if isinstance(el, NavigableString):
            if not isinstance(el, Comment):
                parts.append(str(el))
        elif isinstance(el, Tag) and (el.name == "br" or el.name in _BLOCK_TAGS):
            parts.append("\n")
    return _clean("".join(parts))


# --------------------------------------------------------------------------- TXT / Markdown

_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_CN_HEADING_1 = re.compile(r"^[一二三四五六七八九十]+[、.．]\S")
_CN_HEADING_2 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]\S")
_MD_SEPARATOR = re.compile(r"^\s*:?-{1,}:?\s*$")
_SENTENCE_END = ("。", "．", "！", "？", "；", "：", "，", ".", "!", "?", ";", ":", ",")


def _read_text(ctx: _Context, text: str, *, markdown: bool) -> None:
    """Blank lines separate paragraphs (the lines of one paragraph are kept, joined by ``\\n``); Markdown
    pipe tables and runs of tab-separated lines are tables; ``#`` headings (Markdown), ``一、`` / ``（一）``
    headings and a short first line (plain text) are headings."""
    lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
    out = ctx.out
    paragraph: list[str] = []

    def flush() -> None:
        if not paragraph:
            return
        cleaned = [_SPACES.sub(" ", ln).strip() for ln in paragraph]
        cleaned = [ln for ln in cleaned if ln]
        paragraph.clear()
        if not cleaned:
            return
        if (not markdown and not out.blocks and len(cleaned) == 1 and len(cleaned[0]) <= 40
                and not cleaned[0].endswith(_SENTENCE_END)):
            out.text(cleaned[0], kind="heading", level=1)
        else:
            out.text("\n".join(cleaned))

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            flush()
            i += 1
            continue
        if markdown and (m := _MD_HEADING.match(line)):
            flush()
            out.text(_clean(m.group(2)), kind="heading", level=len(m.group(1)))
            i += 1
            continue
        if _pipe_row(line) and (line.lstrip().startswith("|") or (i + 1 < len(lines)
                                                                  and _is_separator(lines[i + 1]))):
            start, rows = i, []
            while i < len(lines) and lines[i].strip() and _pipe_row(lines[i]):
                if not _is_separator(lines[i]):
                    rows.append(_pipe_cells(lines[i], markdown=markdown))
                i += 1
            if max((len(r) for r in rows), default=0) >= 2:
                flush()
                out.table(rows)
            else:  # `cell |` lines of flattened page text: one column is no table
                paragraph.extend(lines[start:i])
            continue
        if "\t" in line.lstrip("\t "):
            flush()
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append([_clean(c) for c in lines[i].split("\t")])
                i += 1
            out.table(rows)
            continue
        stripped = _clean(line)
        if not markdown and len(stripped) <= 40 and not stripped.endswith(("。", "；", ";")):
            if _CN_HEADING_1.match(stripped) or _CN_HEADING_2.match(stripped):
                flush()
                out.text(stripped, kind="heading", level=1 if _CN_HEADING_1.match(stripped) else 2)
                i += 1
                continue
        paragraph.append(line)
        i += 1
    flush()


def _pipe_row(line: str) -> bool:
    return len(re.findall(r"(?<!\\)\|", line)) >= 1 and bool(line.strip())


def _is_separator(line: str) -> bool:
    cells = _split_pipes(line)
    return bool(cells) and all(_MD_SEPARATOR.match(c) for c in cells) and "-" in line


def _split_pipes(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]


def _pipe_cells(line: str, *, markdown: bool) -> list[str]:
    cells = _split_pipes(line)
    if markdown:
        cells = [re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), c) for c in cells]
        cells = [re.sub(r"<br\s*/?>", "\n", c, flags=re.I) for c in cells]
    return [_clean(c) for c in cells]
