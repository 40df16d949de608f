"""DOCX: body paragraphs (heading levels from styles and outline levels) and tables, in order.

Read from the XML under python-docx's document: content controls and custom XML are looked into, tracked
deletions and field codes left out; merged cells follow the package rule (text in the top-left grid cell,
covered cells ``''``); a table nested in a cell becomes its own table right after its parent.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE

from docreview.errors import DocumentTooComplex, DocumentUnreadable
from docreview.ingest.common import Context, check_table, clean, one_line

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_NAME = re.compile(r"^(heading|标题)\s*(\d)$", re.I)


def read_docx(ctx: Context) -> None:
    """Read the DOCX in ``ctx`` into ``ctx.out``."""
    try:
        document = docx.Document(io.BytesIO(ctx.data))
    except KeyError as exc:
        raise DocumentUnreadable(ctx.where, one_line(f"DOCX 缺少部件 / missing part: {exc}")) from None
    style_levels: dict[str, int] = {}
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        level = _style_level(style)
        if level:
            style_levels[style.style_id] = level
    n_tables = sum(1 for _ in document.element.body.iter(_W + "tbl"))
    if n_tables > ctx.settings.max_tables:  # counted before any is read: each costs python-docx work
        raise DocumentTooComplex(ctx.where, f"表格过多：{n_tables} 个，超过 {ctx.settings.max_tables} 个 / too many "
                                            f"tables: {n_tables}, more than {ctx.settings.max_tables}")
    for element in _docx_body_items(document.element.body):
        if element.tag == _W + "p":
            text = clean(_docx_text(element))
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


def _docx_table(ctx: Context, tbl: Any) -> None:
    """Grid from the XML: ``w:gridSpan`` repeats a cell across columns and ``w:vMerge`` continues the one
    above — the same rules python-docx applies when it returns one ``_Cell`` (one ``_tc``) for a merged
    range.  The text goes to the top-left grid cell; covered cells are ''.  Nested tables are emitted
    as their own tables right after this one."""
    rows: list[list[str]] = []
    nested: list[Any] = []
    limits, width = ctx.settings, 0
    for tr in tbl.iterchildren(_W + "tr"):
        # spans are checked before any list is grown: a 1 KB file can ask for 2³¹ columns
        before = _int_attr(tr.find(f"{_W}trPr/{_W}gridBefore"))
        check_table(ctx.where, limits, len(rows) + 1, max(width, before))
        cells: list[str] = [""] * before
        for tc in _row_cells(tr):
            span = max(1, _int_attr(tc.find(f"{_W}tcPr/{_W}gridSpan")) or 1)
            check_table(ctx.where, limits, len(rows) + 1, max(width, len(cells) + span))
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            covered = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
            text = "" if covered else _docx_cell_text(tc, nested)
            cells += [text] + [""] * (span - 1)
        after = _int_attr(tr.find(f"{_W}trPr/{_W}gridAfter"))
        check_table(ctx.where, limits, len(rows) + 1, max(width, len(cells) + after))
        cells += [""] * after
        width = max(width, len(cells))
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
    return clean("\n".join(lines))


def _int_attr(el: Any) -> int:
    if el is None:
        return 0
    try:
        return int(el.get(_W + "val", "0"))
    except ValueError:
        return 0

