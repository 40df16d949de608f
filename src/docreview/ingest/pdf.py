"""PDF: paragraphs, headings and ruled tables in page order.

pypdf opens the file, handles encryption (an empty user password — owner-only restrictions — is read
normally) and counts pages; pdfplumber finds ruled tables (``lines`` strategy) and the text outside them,
so a page keeps the top-to-bottom order of paragraphs and tables.  pypdf's own text extraction is used
only when ``settings.pdf_tables`` is off or pdfplumber fails on a file: it puts every cell line on its
own line, so a wrapped cell (``2023年6月底`` / ``前``) cannot be told apart from the next cell.
"""

from __future__ import annotations

import ctypes
import io
import os
import pickle
import re
import signal
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

import pdfplumber
import pypdf

from docreview.errors import (
    DocumentError,
    DocumentTooComplex,
    DocumentUnreadable,
    EncryptedDocument,
    FileTooLarge,
    GarbledText,
    ScannedDocument,
)
from docreview.ingest.common import Context, clean, join_lines, one_line, squeeze_cjk
from docreview.ingest.pdf_objects import light

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,4})[-—–\s]*$")
_CID = re.compile(r"\(cid:\d+\)")
_GARBLED_SHARE = 0.3
_GARBLED_MIN_CHARS = 10


def read_pdf(ctx: Context) -> None:
    """Read the PDF in ``ctx`` into ``ctx.out``; ``ctx.pages`` is its page count."""
    if b"%%EOF" not in ctx.data[-8192:]:
        raise DocumentUnreadable(ctx.where, "PDF 不完整（缺少 %%EOF 结束标记）/ truncated PDF: no %%EOF marker")
    try:
        reader = pypdf.PdfReader(io.BytesIO(ctx.data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # unsupported handler or a missing AES dependency
                raise EncryptedDocument(ctx.where, one_line(f"{type(exc).__name__}: {exc}")) from None
            if not ok:
                raise EncryptedDocument(ctx.where, "需要打开密码 / a password is needed to open it")
        n_pages = len(reader.pages)
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentUnreadable(ctx.where, one_line(f"{type(exc).__name__}: {exc}")) from None
    if n_pages == 0:
        raise DocumentUnreadable(ctx.where, "PDF 中找不到页面 / no pages found in the PDF")
    if n_pages > ctx.settings.max_pages:
        raise FileTooLarge(ctx.where, f"{n_pages} 页 > {ctx.settings.max_pages} 页上限 / "
                                      f"{n_pages} pages > max_pages {ctx.settings.max_pages}")
    ctx.pages = n_pages
    _prescan(ctx, reader)
    pages: list[_PdfPage] | None = None
    if ctx.settings.pdf_tables:
        try:
            pages = _pdfplumber_pages(ctx, reader)
        except DocumentError:
            raise
        except Exception as exc:
            ctx.warn(one_line(f"pdfplumber 无法解析，改用 pypdf 纯文本（无表格结构）/ pdfplumber failed "
                              f"({type(exc).__name__}); text read with pypdf, without table structure"))
    if pages is None:
        pages = _pypdf_pages(ctx, reader)
    ocr = _ocr_pages(ctx, pages)
    if len(ocr) < len(pages):
        _check_pdf_text(ctx, [p for p in pages if p.number not in ocr])
    _pdf_blocks(ctx, pages, ocr)


def _ocr_pages(ctx: Context, pages: list[_PdfPage]) -> dict[int, Any]:
    """The pages without a usable text layer (none, or mostly undecodable characters), read by OCR
    (ingest/ocr.py) when ``settings.ocr`` is on; page number → what OCR read.  A garbled page that OCR
    cannot read either is left out, so that it keeps its GarbledText error."""
    empty = [p.number for p in pages if not p.failed and not re.sub(r"\s+", "", p.text())]
    garbled = [p.number for p in pages if not p.failed and p.number not in empty and _needs_ocr(p)]
    if not (empty or garbled) or not ctx.settings.ocr:
        return {}
    if ctx.progress:  # before the OCR libraries load: the bounded worker's deadline grows from here
        ctx.progress(0, len(empty) + len(garbled), 0.0)
    from docreview.ingest.ocr import ocr_pdf_pages

    read = ocr_pdf_pages(ctx, sorted(empty + garbled), whole=len(empty) == len(pages))
    kept = {n: page for n, page in read.items() if n in empty or page.looks_like_text()}
    ctx.ocr_pages = sorted(kept)
    return kept


def _needs_ocr(page: _PdfPage) -> bool:
    bad, total = _unreadable_chars(re.sub(r"\s+", "", page.text()))
    return total == 0 or (total >= _GARBLED_MIN_CHARS and bad / total > _GARBLED_SHARE)


def _unreadable_chars(text: str) -> tuple[int, int]:
    """(characters that do not decode, all characters) of a page's text; ``(cid:N)`` counts as one."""
    cids = len(_CID.findall(text))
    rest = _CID.sub("", text)
    return cids + sum(1 for ch in rest if _garbage_char(ch)), cids + len(rest)


def _prescan(ctx: Context, reader: Any) -> None:
    """Inflate every page's content with pypdf (which stops at reference loops and at 75 MB per stream) and
    look at the bytes before pdfminer interprets them: pdfminer has no such limits, and a 1 MB string
    literal or a page of 2 million text operators costs it minutes and gigabytes."""
    limits = ctx.settings
    inflated = 0
    long_string = re.compile(rb"\((?:[^()\\]|\\.){%d}" % (limits.max_pdf_string_kb * 1024), re.S)
    for number, page in enumerate(reader.pages, 1):
        try:
            data = _page_content(page)
        except pypdf.errors.LimitReachedError as exc:
            if "self reference" in str(exc) or "loop" in str(exc).lower():
                raise DocumentUnreadable(ctx.where, f"第{number}页的内容引用自身（循环引用）/ page {number}: an object "
                                                    f"refers to itself") from None
            raise DocumentTooComplex(ctx.where, f"第{number}页内容解压后过大 / page {number}: a content stream "
                                                f"inflates too far") from None
        except Exception:  # noqa: BLE001 — a damaged page is the readers' business (they skip it with a warning)
            continue
        inflated += len(data)
        if inflated > limits.max_inflated_mb * 1048576:
            raise DocumentTooComplex(ctx.where, f"PDF 内容解压后超过 {limits.max_inflated_mb:g} MB / the PDF's page "
                                                f"content inflates past {limits.max_inflated_mb:g} MB")
        ops = data.count(b"Tj") + data.count(b"TJ")
        if ops > limits.max_page_text_ops:
            raise DocumentTooComplex(ctx.where, f"第{number}页文字操作过多：超过 {limits.max_page_text_ops} 个 / page "
                                                f"{number}: more than {limits.max_page_text_ops} text operators")
        if long_string.search(data):
            raise DocumentTooComplex(ctx.where, f"第{number}页有超过 {limits.max_pdf_string_kb} KB 的字符串 / page "
                                                f"{number}: a string longer than {limits.max_pdf_string_kb} KB")


def _page_content(page: Any) -> bytes:
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    if isinstance(contents, pypdf.generic.ArrayObject):
        return b"\n".join(part.get_object().get_data() for part in contents)
    return bytes(contents.get_data())


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
    boxes: list[list[Box | None]] | None = None  # per row, per cell: its box in fractions of the page


@dataclass
class _PdfPage:
    number: int
    width: float
    height: float
    lines: list[_Line]
    tables: list[_PdfTable]
    has_geometry: bool = True  # False for the pypdf fallback (no positions)
    origin: tuple[float, float] = (0.0, 0.0)  # the page box's top-left corner, in the lines' coordinates
    failed: bool = False  # neither parser could read the page

    def text(self) -> str:
        cells = [c for t in self.tables for r in t.rows for c in r]
        return "".join(ln.text for ln in self.lines) + "".join(cells)


def _pdfplumber_pages(ctx: Context, reader: Any) -> list[_PdfPage]:
    n_pages = len(reader.pages)
    # long documents: pages that draw no line at all skip pdfminer's layout analysis (5-10x faster; headings
    # are then told from paragraphs by line length only)
    fast = n_pages > ctx.settings.fast_prose_pages_over
    ruled = [not fast or _may_hold_ruled_table(reader.pages[i]) for i in range(n_pages)]
    plain = [i + 1 for i in range(n_pages) if not ruled[i]]
    aside = _read_aside(ctx, reader, plain) if plain and any(ruled) else None
    out: list[_PdfPage | None] = [None] * n_pages
    try:
        with pdfplumber.open(io.BytesIO(ctx.data), password="") as pdf:
            for number, page in enumerate(pdf.pages, 1):
                try:
                    if number > n_pages:
                        break
                    if not ruled[number - 1]:
                        if aside is None:  # no path drawn: no ruled table; pypdf's text is 5-10x faster
                            out[number - 1] = _pypdf_page(ctx, number, reader)
                        continue
                    out[number - 1] = _plumb_page(number, light(page))
                except Exception as exc:  # one damaged page should not cost the whole document
                    ctx.warn(one_line(f"第{number}页表格识别失败，改用 pypdf 纯文本 / page {number}: pdfplumber "
                                      f"failed ({type(exc).__name__}); plain text from pypdf"))
                    out[number - 1] = _pypdf_page(ctx, number, reader)
                finally:
                    page.close()
            seen = len(pdf.pages)
    finally:
        read = aside.collect() if aside is not None else None
    if seen != n_pages:
        raise ValueError(f"pdfplumber saw {seen} pages, pypdf {n_pages}")
    if aside is not None:
        if read is None:  # the side process failed: read its pages here, as without it
            read = ([_pypdf_page(ctx, number, reader) for number in plain], [])
        pages, warnings = read
        for page_read in pages:
            out[page_read.number - 1] = page_read
        for message in warnings:
            ctx.warn(message)
    return [page_read for page_read in out if page_read is not None]


@dataclass
class _Aside:
    """A forked process reading a long PDF's unruled pages with pypdf while this one reads the ruled pages with
    pdfplumber (``settings.pdf_split_read``): the two halves of a table report take about as long, and a
    reviewer waits for the longer one only."""

    pid: int
    fd: int

    def collect(self) -> tuple[list[_PdfPage], list[str]] | None:
        """The pages and warnings it read; None when it failed (the caller reads those pages itself)."""
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                data = pipe.read()
        finally:
            _, status = os.waitpid(self.pid, 0)
        if status != 0 or not data:
            return None
        try:
            got = pickle.loads(data)
        except Exception:  # noqa: BLE001 — a truncated answer: read the pages here
            return None
        return got if isinstance(got, tuple) else None


def _read_aside(ctx: Context, reader: Any, numbers: list[int]) -> _Aside | None:
    """Fork a process that reads pages ``numbers`` with pypdf (see :class:`_Aside`); None when that is not done:
    off in the settings, too few pages to be worth a process, or other threads running in this process (a fork
    copies only the calling thread, and a lock another thread held would stay locked in the child: only the
    single-threaded parsing worker of ``ingest.bounded`` splits).  The child dies with its parent (a parsing
    worker killed at its deadline takes it along) and keeps the parent's address-space ceiling."""
    if not ctx.settings.pdf_split_read or len(numbers) < _ASIDE_MIN_PAGES or threading.active_count() > 1 \
            or not hasattr(os, "fork"):
        return None
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        os.close(write_fd)
        return _Aside(pid, read_fd)
    code = 0  # the child: never returns
    try:
        os.close(read_fd)
        _die_with(parent)
        side = Context(path=ctx.path, data=b"", settings=ctx.settings)
        payload = pickle.dumps(([_pypdf_page(side, n, reader) for n in numbers], side.warnings),
                               protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
    except BaseException:  # noqa: BLE001 — the parent reads the pages itself
        code = 1
    finally:
        os._exit(code)


_ASIDE_MIN_PAGES = 10


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux ``PR_SET_PDEATHSIG``)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the call
        os._exit(1)


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
    frac = _fractions(page)
    for found in page.find_tables(_TABLE_SETTINGS):
        rows = [[squeeze_cjk(clean(c)) for c in row] for row in found.extract()]
        width = max((len(r) for r in rows), default=0)
        if width < 2 or not any(c for r in rows for c in r):
            continue  # a framed box or a rule, not a table: its text stays prose
        cell_boxes = [[frac(c) if c is not None else None for c in row.cells] for row in found.rows]
        tables.append(_PdfTable(top=found.bbox[1], rows=rows, x0=found.bbox[0], x1=found.bbox[2],
                                boxes=cell_boxes if len(cell_boxes) == len(rows) else None))
        boxes.append(found.bbox)

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    body = page.filter(outside) if boxes else page
    lines = []
    for raw in body.extract_text_lines(return_chars=True, strip=True):
        text = squeeze_cjk(clean(raw["text"]))
        chars = [c for c in raw["chars"] if c["text"].strip()]
        if not text or not chars:
            continue
        size = median(round(c["size"], 1) for c in chars)
        bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars) > len(chars) / 2
        lines.append(_Line(text, raw["x0"], raw["x1"], raw["top"], raw["bottom"], size, bold))
    return _PdfPage(number, float(page.width), float(page.height), lines, tables,
                    origin=(float(page.bbox[0]), float(page.bbox[1])))


Box = tuple[float, float, float, float]


def _fractions(page: Any) -> Callable[[Sequence[float]], Box]:
    """(x0, top, x1, bottom) in page points → fractions of the page, top-left origin, within [0, 1]."""
    left, top = float(page.bbox[0]), float(page.bbox[1])
    width, height = max(float(page.width), 1.0), max(float(page.height), 1.0)

    def frac(b: Sequence[float]) -> Box:
        def f(v: float) -> float:
            return round(min(1.0, max(0.0, v)), 4)

        return (f((b[0] - left) / width), f((b[1] - top) / height), f((b[2] - left) / width),
                f((b[3] - top) / height))

    return frac


def _pypdf_pages(ctx: Context, reader: Any) -> list[_PdfPage]:
    return [_pypdf_page(ctx, number, reader) for number in range(1, len(reader.pages) + 1)]


def _pypdf_page(ctx: Context, number: int, reader: Any) -> _PdfPage:
    """Fallback without geometry: each text line of pypdf's output is a line."""
    try:
        text = reader.pages[number - 1].extract_text() or ""
    except Exception as exc:
        ctx.warn(one_line(f"第{number}页无法解析，已跳过 / page {number} could not be parsed "
                          f"({type(exc).__name__}); skipped"))
        return _PdfPage(number, 0, 0, [], [], has_geometry=False, failed=True)
    lines = [_Line(squeeze_cjk(clean(t)), 0, 0, 0, 0, 0) for t in text.splitlines()]
    return _PdfPage(number, 0, 0, [ln for ln in lines if ln.text], [], has_geometry=False)


def _check_pdf_text(ctx: Context, pages: list[_PdfPage]) -> None:
    texts = [re.sub(r"\s+", "", p.text()) for p in pages]
    if not any(texts) and any(p.failed for p in pages):
        failed = sum(p.failed for p in pages)
        raise DocumentUnreadable(ctx.where, f"{failed}/{len(pages)} 页无法解析，其余页没有文字 / {failed} of "
                                            f"{len(pages)} pages cannot be parsed, the others have no text")
    if not any(texts):
        # the image-only PDF: where OCR (ingest/ocr.py, a later issue) will read the pages instead of refusing
        raise ScannedDocument(ctx.where, f"{len(pages)} 页均无文字 / none of the {len(pages)} pages has text")
    for page, text in zip(pages, texts, strict=True):
        bad, total = _unreadable_chars(text)
        if total >= _GARBLED_MIN_CHARS and bad / total > _GARBLED_SHARE:
            raise GarbledText(ctx.where, f"第{page.number}页 / page {page.number}: {bad}/{total} 个字符无法识别 "
                                         f"/ characters unreadable")
        if not text and not page.failed:  # one scanned page in a text PDF: also OCR's, later
            ctx.warn(f"第{page.number}页没有文字层（可能是扫描页）/ page {page.number} has no text layer "
                     f"(scanned?)")


def _garbage_char(ch: str) -> bool:
    o = ord(ch)
    return ch == "\ufffd" or 0xE000 <= o <= 0xF8FF or o >= 0xF0000 or (o < 0x20 and ch not in "\t\n\r")


def _pdf_blocks(ctx: Context, pages: list[_PdfPage], ocr: dict[int, Any] | None = None) -> None:
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
        if ocr and page.number in ocr:
            ocr[page.number].emit(ctx.out, ctx.settings)
            continue
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
                _flush_lines(ctx, group, heading_level, page)
                ctx.out.table(item.rows, page=page.number, boxes=item.boxes)
            elif group and _starts_paragraph(group[-1], item, heading_level, left=left, right=right,
                                             usual_gap=usual_gap):
                _flush_lines(ctx, group, heading_level, page)
                group.append(item)
            else:
                group.append(item)
        _flush_lines(ctx, group, heading_level, page)


def _flush_lines(ctx: Context, group: list[_Line], heading_level: Callable[[_Line], int | None],
                 page: _PdfPage) -> None:
    if group:
        level = heading_level(group[0])
        text = squeeze_cjk(join_lines([ln.text for ln in group]))
        ctx.out.text(text, kind="heading" if level else "paragraph", level=level, page=page.number,
                     line_boxes=_line_boxes(text, group, page))
        group.clear()


def _line_boxes(text: str, group: list[_Line], page: _PdfPage) -> list[tuple[int, float, float, float, float]]:
    """Where each line of a paragraph starts in its joined ``text``, with the line's box (page fractions).
    Lines are found in order: joining adds at most a space between them and drops spaces between CJK."""
    width, height = max(page.width, 1.0), max(page.height, 1.0)
    left, top = page.origin
    out: list[tuple[int, float, float, float, float]] = []
    pos = 0
    for ln in group:
        head = squeeze_cjk(ln.text)[:6]
        at = text.find(head, pos) if head else -1
        start = at if at >= 0 else pos
        out.append((start, round((ln.x0 - left) / width, 4), round((ln.top - top) / height, 4),
                    round((ln.x1 - left) / width, 4), round((ln.bottom - top) / height, 4)))
        pos = start + max(len(squeeze_cjk(ln.text)) - 1, 1)
    return out


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


def _pdf_plain_blocks(ctx: Context, page: _PdfPage) -> None:
    """Without positions, a line that fills (almost) the longest line's width is a wrapped prose line
    and continues into the next; any other line — a heading, a table cell — stands alone."""
    full = max((len(ln.text) for ln in page.lines), default=0) * 0.8
    group: list[str] = []
    for ln in page.lines:
        group.append(ln.text)
        if len(ln.text) < full or full < 16:
            ctx.out.text(squeeze_cjk(join_lines(group)), page=page.number)
            group = []
    if group:
        ctx.out.text(squeeze_cjk(join_lines(group)), page=page.number)

