"""Which format a file is, and the guards every format shares.

The format is decided by the file's *content* (magic bytes, the parts of a zip, the streams of an OLE2
compound file, HTML markers, whether the bytes decode as text); the extension only breaks ties, and a
conflict between the two resolves to the content with a warning.

Guards shared by the formats: :func:`read_bytes` (missing file, directory, ``max_file_mb``, empty file);
the zip-bomb check on DOCX/XLSX (``max_unpacked_mb``, ``max_compression_ratio``); encrypted Office files
(OLE2 ``EncryptionInfo``).  Encrypted PDFs and ``max_pages`` are checked in :mod:`.pdf`, which opens the
file with pypdf anyway.
"""

from __future__ import annotations

import codecs
import io
import re
import stat
import struct
import zipfile
from pathlib import Path

from docreview.errors import (
    ArchiveBomb,
    DocumentUnreadable,
    EmptyDocument,
    EncodingError,
    EncryptedDocument,
    FileTooLarge,
    UnsupportedFormat,
)
from docreview.ingest.common import Context, one_line
from docreview.ingest.text import decode
from docreview.models import DocFormat
from docreview.settings import IngestSettings

# A member must unpack to at least this much before its compression ratio counts: small XML parts
# (styles, shared strings) of ordinary files routinely compress 100-300x.
_RATIO_MIN_BYTES = 1024 * 1024


def read_bytes(path: Path, settings: IngestSettings) -> bytes:
    """The file's bytes, after the checks that need no parsing: it exists, is a regular file, is within
    ``max_file_mb`` and is not empty (or only whitespace)."""
    where = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DocumentUnreadable(where, "文件不存在 / file not found") from None
    except OSError as exc:
        raise DocumentUnreadable(where, one_line(exc.strerror or str(exc))) from None
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
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentUnreadable(where, one_line(exc.strerror or str(exc))) from None
    if not data.strip():
        raise EmptyDocument(where)
    return data


# --------------------------------------------------------------------------- format detection

_EXPECTED: dict[str, DocFormat] = {
    ".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
}
_NAMES = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "html": "HTML", "txt": "纯文本 / text",
          "md": "Markdown", "png": "PNG 图片 / PNG image", "jpeg": "JPEG 图片 / JPEG image",
          "tiff": "TIFF 图片 / TIFF image"}
# image files read by OCR (ingest/ocr.py) when settings.ocr is on; refused by _MAGIC below otherwise
_OCR_IMAGES: list[tuple[bytes, DocFormat]] = [
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"),
]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC: list[tuple[bytes, int, str]] = [
    # images OCR does not read (and PNG/JPEG/TIFF when settings.ocr is off) are refused
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


def detect(ctx: Context) -> DocFormat:
    """The format by content, warning when the extension says otherwise; TXT/MD leave their decoded
    text in ``ctx.text``."""
    fmt, ctx.text = _detect(ctx)
    ext = ctx.path.suffix.lower()
    expected = _EXPECTED.get(ext)
    if expected and expected != fmt and {expected, fmt} != {"txt", "md"}:
        ctx.warn(f"扩展名为 {ext}，但内容是 {_NAMES[fmt]}，按内容读取 / the extension says {ext} but the "
                 f"content is {_NAMES[fmt]}; read by content")
    return fmt


def _detect(ctx: Context) -> tuple[DocFormat, str | None]:
    """The format by content; text formats also return the decoded text."""
    data, ext = ctx.data, ctx.path.suffix.lower()
    pdf_at = data[:1024].find(b"%PDF-")
    if pdf_at == 0 or (pdf_at > 0 and ext == ".pdf"):
        return "pdf", None
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _zip_kind(ctx), None
    if data[:8] == _OLE2:
        _reject_ole2(ctx)
    if ctx.settings.ocr:
        for magic, image_format in _OCR_IMAGES:
            if data.startswith(magic):
                return image_format, None
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
    decoded = decode(data, ctx)
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


def _zip_kind(ctx: Context) -> DocFormat:
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
        raise DocumentUnreadable(ctx.where, one_line(f"ZIP 结构损坏 / corrupt zip: {exc}")) from None
    raise UnsupportedFormat(ctx.where, "ZIP 压缩包（不是 .docx/.xlsx）/ a ZIP archive, not .docx/.xlsx")


def _check_bomb(ctx: Context, infos: list[zipfile.ZipInfo]) -> None:
    """Declared sizes are what zipfile will unpack, so checking them before opening is enough."""
    check_archive(ctx.where, infos, ctx.settings)


def check_archive(where: str, infos: list[zipfile.ZipInfo], settings: IngestSettings) -> None:
    """The zip-bomb guard of every ZIP docreview opens (DOCX/XLSX parts, an upload's ZIP of units): the total
    declared inflated size within ``max_unpacked_mb`` and no large member compressed more than
    ``max_compression_ratio``; ``ArchiveBomb`` otherwise."""
    total = sum(i.file_size for i in infos)
    limit = settings.max_unpacked_mb * 1024 * 1024
    if total > limit:
        raise ArchiveBomb(where, f"{total / 1048576:.0f} MB > {settings.max_unpacked_mb:g} MB")
    for info in infos:
        if info.file_size >= _RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > settings.max_compression_ratio:
                raise ArchiveBomb(where, f"{info.filename}: {info.file_size / 1048576:.0f} MB, "
                                         f"压缩比 / ratio {ratio:.0f} > {settings.max_compression_ratio:g}")


def _reject_ole2(ctx: Context) -> None:
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

