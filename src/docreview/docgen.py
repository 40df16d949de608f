"""Write real documents (PDF, DOCX, XLSX, HTML, TXT, MD) from one simple spec.

Used by the fixture script, the corpus builder, the benchmark and the demo, so that every binary test
file is produced from text that can be reviewed.  The PDF writer uses reportlab's built-in CJK CID font
``STSong-Light`` with the predefined ``UniGB-UCS2-H`` CMap and draws ruled tables whose cells wrap.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Para:
    text: str


@dataclass
class Table:
    """Rows of cell text.  ``merges`` are (row0, col0, row1, col1) inclusive ranges; the top-left cell
    holds the text, the others should be ''."""

    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    col_widths: list[float] | None = None  # relative widths (PDF/DOCX)
    header_rows: int = 1


@dataclass
class PageBreak:
    pass


@dataclass
class Sheet:
    """Starts a new worksheet in XLSX (a page break elsewhere)."""

    name: str


Block = Heading | Para | Table | PageBreak | Sheet


@dataclass
class DocSpec:
    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    encoding: str = "utf-8"  # TXT/MD only: utf-8, utf-8-sig, gb18030, gbk, utf-16


def write(spec: DocSpec, path: str | Path) -> Path:
    """Write ``spec`` to ``path``; the format follows the file extension."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = {
        ".pdf": _write_pdf,
        ".docx": _write_docx,
        ".xlsx": _write_xlsx,
        ".html": _write_html,
        ".htm": _write_html,
        ".txt": _write_txt,
        ".md": _write_md,
    }.get(path.suffix.lower())
    if writer is None:
        raise ValueError(f"docgen cannot write {path.suffix!r}")
    writer(spec, path)
    return path


# --------------------------------------------------------------------------- PDF

_CJK_FONT = "STSong-Light"


def _pdf_styles() -> dict[str, object]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if _CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_CJK_FONT))
    base = {"fontName": _CJK_FONT, "wordWrap": "CJK"}
    return {
        "h1": ParagraphStyle("h1", fontSize=16, leading=22, spaceAfter=8, alignment=1, **base),
        "h2": ParagraphStyle("h2", fontSize=13, leading=18, spaceAfter=6, spaceBefore=6, **base),
        "p": ParagraphStyle("p", fontSize=10.5, leading=16, spaceAfter=4, firstLineIndent=21, **base),
        "cell": ParagraphStyle("cell", fontSize=9, leading=11.5, **base),
    }


def _write_pdf(spec: DocSpec, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak as RLPageBreak
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    styles = _pdf_styles()
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=spec.title or path.stem,
                            invariant=1)
    avail = A4[0] - 30 * mm
    story: list[object] = []
    for block in spec.blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(html.escape(block.text), styles["h1" if block.level <= 1 else "h2"]))
        elif isinstance(block, Para):
            story.append(Paragraph(html.escape(block.text), styles["p"]))
        elif isinstance(block, Table):
            ncols = max(len(r) for r in block.rows)
            rel = block.col_widths or [1.0] * ncols
            widths = [avail * w / sum(rel) for w in rel]
            # a line break inside a cell (as typed with Alt+Enter in a form) stays a line break
            data = [[Paragraph(html.escape(c).replace("\n", "<br/>"), styles["cell"]) for c in _pad(r, ncols)]
                    for r in block.rows]
            style = [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
            for r0, c0, r1, c1 in block.merges:
                style.append(("SPAN", (c0, r0), (c1, r1)))
            story.append(RLTable(data, colWidths=widths, repeatRows=block.header_rows, style=TableStyle(style)))
            story.append(Spacer(1, 6))
        elif isinstance(block, PageBreak | Sheet):
            story.append(RLPageBreak())
    doc.build(story)


def _pad(row: Sequence[str], n: int) -> list[str]:
    return list(row) + [""] * (n - len(row))


# --------------------------------------------------------------------------- DOCX


def _write_docx(spec: DocSpec, path: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "SimSun"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for block in spec.blocks:
        if isinstance(block, Heading):
            d.add_heading(block.text, level=min(max(block.level, 1), 4))
        elif isinstance(block, Para):
            d.add_paragraph(block.text)
        elif isinstance(block, Table):
            ncols = max(len(r) for r in block.rows)
            t = d.add_table(rows=len(block.rows), cols=ncols)
            t.style = "Table Grid"
            for i, row in enumerate(block.rows):
                for j, text in enumerate(_pad(row, ncols)):
                    if text:
                        t.cell(i, j).text = text
            for r0, c0, r1, c1 in block.merges:
                keep = t.cell(r0, c0).text
                merged = t.cell(r0, c0).merge(t.cell(r1, c1))
                merged.text = keep
        elif isinstance(block, PageBreak | Sheet):
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.core_properties.title = spec.title
    d.save(str(path))


# --------------------------------------------------------------------------- XLSX


def _write_xlsx(spec: DocSpec, path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    first_sheet = True
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    r = 1
    for block in spec.blocks:
        if isinstance(block, Sheet):
            if first_sheet and r == 1:
                ws.title = block.name
            else:
                ws = wb.create_sheet(block.name)
                r = 1
            first_sheet = False
            continue
        first_sheet = False
        if isinstance(block, Heading | Para):
            cell = ws.cell(row=r, column=1, value=block.text)
            if isinstance(block, Heading):
                cell.font = Font(bold=True, size=14)
            r += 1
        elif isinstance(block, Table):
            for i, row in enumerate(block.rows):
                for j, text in enumerate(row):
                    value: object = text
                    # numbers as numbers, like a unit's spreadsheet; keep '100%' as a formatted percent
                    if _is_plain_number(text):
                        value = float(text) if "." in text else int(text)
                    elif text.endswith("%") and _is_plain_number(text[:-1]):
                        value = float(text[:-1]) / 100
                    c = ws.cell(row=r + i, column=j + 1, value=value)
                    if isinstance(value, float) and text.endswith("%"):
                        decimals = len(text[:-1].split(".")[1]) if "." in text else 0
                        c.number_format = "0." + "0" * decimals + "%" if decimals else "0%"
                    elif isinstance(value, float):
                        decimals = len(text.split(".")[1])
                        c.number_format = "0." + "0" * decimals
                    c.border = border
                    c.alignment = Alignment(wrap_text=True, vertical="center")
            for r0, c0, r1, c1 in block.merges:
                ws.merge_cells(start_row=r + r0, start_column=c0 + 1, end_row=r + r1, end_column=c1 + 1)
            r += len(block.rows) + 1
        elif isinstance(block, PageBreak):
            r += 1
    wb.save(str(path))


def _is_plain_number(text: str) -> bool:
    t = text.strip()
    if not t or t.count(".") > 1 or t.startswith(".") or t.endswith("."):
        return False
    if t.startswith("-"):
        t = t[1:]
    return t.replace(".", "", 1).isdigit() and not (len(t) > 1 and t[0] == "0" and t[1] != ".")


# --------------------------------------------------------------------------- HTML / TXT / MD


def _write_html(spec: DocSpec, path: Path) -> None:
    out = ['<!DOCTYPE html>', '<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{html.escape(spec.title)}</title></head><body>",
           '<div class="TRS_Editor">']
    for block in spec.blocks:
        if isinstance(block, Heading):
            lvl = min(max(block.level, 1), 4)
            out.append(f"<h{lvl}>{html.escape(block.text)}</h{lvl}>")
        elif isinstance(block, Para):
            out.append(f'<p style="text-indent:2em">{html.escape(block.text)}</p>')
        elif isinstance(block, Table):
            covered: set[tuple[int, int]] = set()
            spans: dict[tuple[int, int], tuple[int, int]] = {}
            for r0, c0, r1, c1 in block.merges:
                spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
                covered |= {(i, j) for i in range(r0, r1 + 1) for j in range(c0, c1 + 1)} - {(r0, c0)}
            out.append('<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">')
            ncols = max(len(r) for r in block.rows)
            for i, row in enumerate(block.rows):
                out.append("<tr>")
                for j, text in enumerate(_pad(row, ncols)):
                    if (i, j) in covered:
                        continue
                    attrs = ""
                    if (i, j) in spans:
                        rs, cs = spans[(i, j)]
                        attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                    out.append(f"<td{attrs}>{html.escape(text).replace(chr(10), '<br>')}</td>")
                out.append("</tr>")
            out.append("</table>")
    out.append("</div></body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


def _write_txt(spec: DocSpec, path: Path) -> None:
    lines: list[str] = []
    for block in spec.blocks:
        if isinstance(block, Heading | Para):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend("\t".join(c.replace("\n", " ") for c in r) for r in block.rows)
        lines.append("")
    path.write_text("\n".join(lines), encoding=spec.encoding)


def _write_md(spec: DocSpec, path: Path) -> None:
    lines: list[str] = []
    for block in spec.blocks:
        if isinstance(block, Heading):
            lines.append("#" * min(max(block.level, 1), 6) + " " + block.text)
        elif isinstance(block, Para):
            lines.append(block.text)
        elif isinstance(block, Table):
            ncols = max(len(r) for r in block.rows)
            rows = [_pad(r, ncols) for r in block.rows]
            lines.append("| " + " | ".join(_md_cell(c) for c in rows[0]) + " |")
            lines.append("|" + "|".join(["---"] * ncols) + "|")
            lines.extend("| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows[1:])
        lines.append("")
    path.write_text("\n".join(lines), encoding=spec.encoding)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
