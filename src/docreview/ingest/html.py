"""HTML: headings, paragraphs and data tables of a web page, without its scripts, navigation and chrome.

The charset comes from the bytes (declared ``<meta charset>`` as a hint for :func:`.text.decode`); hidden
elements and site headers/footers are dropped; layout tables are read as prose, data tables as grids with
``rowspan``/``colspan`` expanded.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction
from lxml import etree

from docreview.errors import DocumentTooComplex, EncodingError
from docreview.ingest.common import Context, check_table, clean
from docreview.ingest.text import GBK_NAMES, decode

_SKIP_TAGS = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe", "svg",
              "canvas", "select", "button", "input", "textarea", "head", "object", "embed"]
_BLOCK_TAGS = {"address", "article", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl",
               "dt", "fieldset", "figcaption", "figure", "form", "hr", "li", "main", "ol", "p", "pre",
               "section", "summary", "ul", "caption", "tbody", "thead", "tfoot", "tr", "td", "th", "table",
               "h1", "h2", "h3", "h4", "h5", "h6"}
_TABLE_TAG = re.compile(r"<table[\s>]", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([-\w.:]+)", re.I)


def read_html(ctx: Context) -> None:
    """Read the page in ``ctx`` into ``ctx.out``."""
    declared = _META_CHARSET.search(ctx.data[:8192])
    hint = declared.group(1).decode("ascii", "ignore").lower() if declared else None
    decoded = decode(ctx.data, ctx, hint=hint)
    if decoded is None:
        if b"\x00" in ctx.data:
            raise EncodingError(ctx.where, f"声明的编码 / declared charset: {hint or '无 / none'}")
        # a browser shows a damaged page anyway; so do we, with the damage marked
        encoding = "gb18030" if hint in GBK_NAMES else "utf-8"
        text = ctx.data.decode(encoding, errors="replace")
        ctx.warn(f"网页含有无法按 {encoding} 解码的字节，已替换为 � / the page has bytes that are not valid "
                 f"{encoding}; replaced")
    else:
        text, encoding = decoded
    if hint and encoding.startswith("utf") and not hint.startswith("utf") and not ctx.data.isascii():
        ctx.warn(f"网页声明编码 {hint}，实际内容为 {encoding}，按 {encoding} 读取 / the page declares {hint} but "
                 f"is {encoding}")
    _check_depth(ctx, text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # XHTML read as HTML is what we want
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


def _check_depth(ctx: Context, text: str) -> None:
    """Refuse pages nested deeper than ``max_depth`` or with more than ``max_tables`` tables before
    BeautifulSoup builds them: 100,000 nested tags cost it minutes.  libxml2's pull parser measures the
    depth in C (and itself stops at 256)."""
    tables = len(_TABLE_TAG.findall(text))
    if tables > ctx.settings.max_tables:
        raise DocumentTooComplex(ctx.where, f"表格过多：{tables} 个，超过 {ctx.settings.max_tables} 个 / too many "
                                            f"tables: {tables}, more than {ctx.settings.max_tables}")
    parser = etree.HTMLPullParser(events=("start", "end"))
    depth, limit = 0, ctx.settings.max_depth
    for at in range(0, len(text), 1 << 16):
        parser.feed(text[at:at + (1 << 16)])
        for event, _element in parser.read_events():
            depth += 1 if event == "start" else -1
            if depth > limit:
                raise DocumentTooComplex(ctx.where, f"网页嵌套层级过深：超过 {limit} 层 / HTML nested too deeply: "
                                                    f"more than {limit} levels")
    try:
        parser.close()
    except etree.LxmlError:  # the page is parsed again, leniently, by BeautifulSoup
        pass


_CHROME = {"header", "footer", "nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
           "sidebar", "copyright", "share", "bdshare", "toolbar", "skip-link"}


def _is_page_chrome(tag: Any) -> bool:
    """Site header/footer/navigation written as ``<div class="header">`` rather than ``<header>``."""
    if tag.name in ("table", "tr", "td", "th", "body", "html") or tag.decomposed:
        return False
    names = set(tag.get("class") or []) | ({tag.get("id")} if tag.get("id") else set())
    return any(str(n).lower() in _CHROME for n in names)


class _HtmlWalker:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.buffer: list[str] = []

    def run(self, root: Any) -> None:
        self.walk(root)
        self.flush()

    def flush(self) -> None:
        text = clean("".join(self.buffer))
        self.buffer.clear()
        self.ctx.out.text(text)

    def walk(self, node: Any) -> None:
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
        self.ctx.out.table(_html_grid(self.ctx, rows))


def _html_rows(table: Any) -> list[list[Any]]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is table:
            rows.append(tr.find_all(["td", "th"], recursive=False))
    return rows


def _html_grid(ctx: Context, rows: list[list[Any]]) -> list[list[str]]:
    """Expand rowspan/colspan: the text in the top-left grid cell, covered cells ''."""
    grid: dict[tuple[int, int], str] = {}
    n_rows = len(rows)
    check_table(ctx.where, ctx.settings, n_rows, 1)
    for r, cells in enumerate(rows):
        # the cells this row's spans will create, before they are created: 10k rows × colspan=1000 is 10⁷
        check_table(ctx.where, ctx.settings, n_rows, sum(min(max(_span(c.get("colspan"), default=1), 1), 1000)
                                                         for c in cells))
        c = 0
        for cell in cells:
            while (r, c) in grid:
                c += 1
            rowspan = _span(cell.get("rowspan"), default=1)
            if rowspan == 0:
                rowspan = n_rows - r
            rowspan = min(max(rowspan, 1), n_rows - r)
            colspan = min(max(_span(cell.get("colspan"), default=1), 1), 1000)
            if len(grid) + rowspan * colspan > ctx.settings.max_table_cells:
                limit = ctx.settings.max_table_cells
                raise DocumentTooComplex(ctx.where, f"表格过大：超过 {limit} 个单元格 / table too large: more than "
                                                    f"{limit} cells")
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
    parts: list[str] = []
    for el in tag.descendants:
        if isinstance(el, NavigableString):
            if not isinstance(el, Comment):
                parts.append(str(el))
        elif isinstance(el, Tag) and (el.name == "br" or el.name in _BLOCK_TAGS):
            parts.append("\n")
    return clean("".join(parts))

