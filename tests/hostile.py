"""Hostile inputs for the parsers (issues 16 and 18): crafted or merely huge files that once made a reader
hang or allocate without end.  Each ``make_*`` writes one file into a folder and returns its path; the
test that uses it (``tests/test_hostile.py``) writes it into a tmp dir, so the large ones (up to ~50 MB)
exist only while their test runs.

Files are written byte by byte (minimal OOXML packages, hand-made PDFs) so that each one is exactly the
shape described and takes well under a second to make.

    python tests/hostile.py OUT_DIR        # writes every input into OUT_DIR (for fuzzing or by hand)
"""

from __future__ import annotations

import os
import sys
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------- DOCX

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')


def _docx(path: Path, body: Iterable[str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _DOCX_TYPES)
        zf.writestr("_rels/.rels", _DOCX_RELS)
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W_NS}"><w:body>'
               + "".join(body) + "</w:body></w:document>")
        zf.writestr("word/document.xml", xml)
    return path


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, span: int | None = None) -> str:
    props = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span else ""
    return f"<w:tc>{props}{_p(text)}</w:tc>"


def make_docx_gridspan(folder: Path) -> Path:
    """A 1 KB DOCX whose cells span 2³¹-1 columns and whose row has gridBefore/gridAfter of 10⁸."""
    row = ('<w:tr><w:trPr><w:gridBefore w:val="100000000"/><w:gridAfter w:val="100000000"/></w:trPr>'
           + _tc("指标名称", span=2**31 - 1) + _tc("目标值") + "</w:tr>")
    return _docx(folder / "gridspan.docx", [_p("绩效目标表"), f"<w:tbl>{row}{row}</w:tbl>"])


def make_docx_10k_tables(folder: Path) -> Path:
    """A DOCX of 10,000 small tables."""
    tables = ["<w:tbl><w:tr>" + _tc(f"指标{i}") + _tc(str(i * 7919 % 100_003)) + "</w:tr></w:tbl>"
              for i in range(10_000)]  # varied text: a realistic compression ratio, not a zip bomb
    return _docx(folder / "tables_10k.docx", [_p("自评报告"), *tables])


# --------------------------------------------------------------------------- XLSX

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xlsx(path: Path, sheets: list[bytes]) -> Path:
    """A minimal workbook: one worksheet part per entry of ``sheets`` (inline strings, no styles)."""
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                       f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                       for i in range(1, len(sheets) + 1)) + "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_SHEET_NS}" '
                f'xmlns:r="{_REL_NS}"><sheets>'
                + "".join(f'<sheet name="表{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
                + "</sheets></workbook>")
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               + "".join(f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                         for i in range(1, len(sheets) + 1)) + "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        for i, sheet in enumerate(sheets, 1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", sheet)
    return path


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _sheet(rows: str, extra: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_SHEET_NS}">'
            f"<sheetData>{rows}</sheetData>{extra}</worksheet>").encode()


def _col(n: int) -> str:
    """1 → A, 16384 → XFD."""
    name = ""
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


def make_xlsx_far_cell(folder: Path) -> Path:
    """Two ordinary cells and one at XFD1048576, the last cell of a sheet."""
    rows = (f'<row r="1">{_cell("A1", "指标")}{_cell("B1", "目标值")}</row>'
            f'<row r="1048576">{_cell("XFD1048576", "x")}</row>')
    return _xlsx(folder / "far_cell.xlsx", [_sheet(rows)])


def make_xlsx_merged_all(folder: Path) -> Path:
    """One cell and a merged range covering the whole sheet, A1:XFD1048576."""
    rows = f'<row r="1">{_cell("A1", "指标")}</row>'
    return _xlsx(folder / "merged_all.xlsx",
                 [_sheet(rows, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')])


def make_xlsx_rows(folder: Path, n_rows: int = 1_000_000) -> Path:
    """One sheet of ``n_rows`` rows of two numbers (about 6 MB on disk for a million rows)."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>'
                   for r in range(1, n_rows + 1))
    return _xlsx(folder / f"rows_{n_rows}.xlsx", [_sheet(rows)])


def make_xlsx_columns(folder: Path, n_cols: int = 16_000, n_rows: int = 3) -> Path:
    """A sheet ``n_cols`` columns wide."""
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{_col(c)}{r}"><v>{c}</v></c>' for c in range(1, n_cols + 1))
                   + "</row>" for r in range(1, n_rows + 1))
    return _xlsx(folder / f"columns_{n_cols}.xlsx", [_sheet(rows)])


def make_xlsx_many_sheets(folder: Path, n_sheets: int = 400, sheet_kb: int = 600) -> Path:
    """``n_sheets`` sheets, each below the per-part zip-bomb threshold (1 MB inflated), together far above
    the total: the shape that was at 6.8 GB after 180 s when only parts were checked one by one."""
    row = '<row r="{r}"><c r="A{r}"><v>1</v></c></row>'
    rows, size, r = [], 0, 1
    while size < sheet_kb * 1024:
        rows.append(row.format(r=r))
        size += len(rows[-1])
        r += 1
    sheet = _sheet("".join(rows))
    return _xlsx(folder / f"sheets_{n_sheets}.xlsx", [sheet] * n_sheets)


# --------------------------------------------------------------------------- text, Markdown, HTML


def make_txt_large(folder: Path, megabytes: int = 45) -> Path:
    """A plain-text file of ``megabytes`` MB of ordinary Chinese paragraphs."""
    paragraph = ("项目资金到位率100%，预算执行率98.5%，完成培训3000人次，满意度95%。" * 4 + "\n\n").encode()
    path = folder / f"large_{megabytes}mb.txt"
    with path.open("wb") as f:
        for _ in range(megabytes * 1024 * 1024 // len(paragraph)):
            f.write(paragraph)
    return path


def make_txt_long_line(folder: Path, megabytes: int = 12) -> Path:
    """One line of ``megabytes`` MB, no line break."""
    path = folder / f"line_{megabytes}mb.txt"
    path.write_bytes("资金到位率100%，".encode() * (megabytes * 1024 * 1024 // 21))
    return path


def make_md_rows(folder: Path, n_rows: int = 300_000) -> Path:
    """A Markdown pipe table of ``n_rows`` rows."""
    lines = ["# 绩效自评表", "", "| 指标 | 目标值 | 实际值 |", "|---|---|---|"]
    lines += [f"| 指标{i} | {i} | {i} |" for i in range(n_rows)]
    path = folder / f"rows_{n_rows}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_tsv_rows(folder: Path, n_rows: int = 500_000) -> Path:
    """A tab-separated table of ``n_rows`` rows in a .txt file."""
    path = folder / f"rows_{n_rows}.txt"
    path.write_text("指标\t目标值\n" + "".join(f"指标{i}\t{i}\n" for i in range(n_rows)), encoding="utf-8")
    return path


def make_html_nested(folder: Path, depth: int = 100_000) -> Path:
    """``depth`` nested ``<div>`` elements around one sentence."""
    path = folder / f"nested_{depth}.html"
    path.write_text("<html><body>" + "<div>" * depth + "<p>预算执行率98%。</p>" + "</div>" * depth
                    + "</body></html>", encoding="utf-8")
    return path


def make_html_colspan(folder: Path, n_rows: int = 10_000, colspan: int = 1000) -> Path:
    """A table of ``n_rows`` rows, each one cell with ``colspan``: 10 million grid cells from 300 KB."""
    rows = f'<tr><td colspan="{colspan}">指标</td></tr>' * n_rows
    path = folder / f"colspan_{colspan}.html"
    path.write_text(f"<html><body><table><tr><td>a</td><td>b</td></tr>{rows}</table></body></html>",
                    encoding="utf-8")
    return path


def make_html_tables(folder: Path, n_tables: int = 20_000) -> Path:
    """``n_tables`` small data tables."""
    table = "<table><tr><td>指标</td><td>100</td></tr></table>"
    path = folder / f"tables_{n_tables}.html"
    path.write_text("<html><body>" + table * n_tables + "</body></html>", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- PDF


def _pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF from object bodies (object i+1 is ``objects[i]``), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def _page_pdf(path: Path, content: bytes, *, length: bytes | None = None, flate: bool = False) -> Path:
    data = zlib.compress(content, 1) if flate else content
    stream_dict = b"<< /Length " + (length or str(len(data)).encode()) + (b" /Filter /FlateDecode" if flate else b"")
    return _pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream_dict + b" >>\nstream\n" + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def make_pdf_self_length(folder: Path) -> Path:
    """A 1 KB PDF whose content stream's ``/Length`` is a reference to the stream object itself."""
    return _page_pdf(folder / "self_length.pdf", b"BT /F1 12 Tf 72 700 Td (Budget 98%) Tj ET", length=b"4 0 R")


def make_pdf_text_ops(folder: Path, n_ops: int = 2_000_000) -> Path:
    """One page drawing ``n_ops`` text operators (about 30 MB inflated, 100 KB on disk)."""
    content = b"BT /F1 1 Tf " + b"(ab) Tj 0.01 0 Td\n" * n_ops + b"ET"
    return _page_pdf(folder / f"text_ops_{n_ops}.pdf", content, flate=True)


def make_pdf_long_string(folder: Path, megabytes: int = 1) -> Path:
    """One page showing a single string literal of ``megabytes`` MB."""
    content = b"BT /F1 12 Tf 72 700 Td (" + b"A" * (megabytes * 1024 * 1024) + b") Tj ET"
    return _page_pdf(folder / f"long_string_{megabytes}mb.pdf", content, flate=True)


def make_pdf_inflation(folder: Path, megabytes: int = 120) -> Path:
    """A small PDF whose one content stream inflates to ``megabytes`` MB of spaces."""
    compressor = zlib.compressobj(6)
    chunk = b" " * (1024 * 1024)
    data = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    path = folder / f"inflate_{megabytes}mb.pdf"
    return _pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream",
    ])


# ----------------------------------------------------------------- extraction steps that never end


def extraction_that_never_ends(doc: object) -> None:
    """A stand-in for an extraction step caught in a loop (``ingest.read_then`` runs it in the worker)."""
    while True:
        pass


def extraction_that_allocates(doc: object) -> None:
    """A stand-in for an extraction step whose memory grows without end."""
    held = []
    while True:
        held.append(bytearray(32 * 2**20))


def extraction_that_needs_200mb(doc: object) -> tuple[int, int]:
    """A stand-in for an extraction step that needs 200 MB for a while; returns the worker's address space (MB)
    before and at its peak."""
    def vm_mb(field: str) -> int:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith(field):
                return int(line.split()[1]) // 1024
        return 0

    before = vm_mb("VmSize:")
    held = bytearray(200 * 2**20)
    held[-1] = 1
    return before, vm_mb("VmPeak:")


def extraction_that_fails(doc: object) -> None:
    """A stand-in for an extraction bug on an unexpected structure."""
    raise KeyError("a cell the extractor did not expect")


# ----------------------------------------------------------------- a worker that answers, then takes a while to exit


def answer_then_exit_slowly(sender: Any, marker: str) -> None:
    """A ``bounded.call`` target whose exit handler (like a library lock's unregistering itself from
    multiprocessing's resource tracker) runs after it has answered, a little later: it writes ``marker``."""
    from multiprocessing import util

    def note() -> None:
        time.sleep(0.3)
        Path(marker).write_text("exited", encoding="utf-8")

    util.Finalize(None, note, exitpriority=10)
    sender.send(("ok", "answer", 0.0))
    sender.close()


# ----------------------------------------------------------------- review steps that never end


def review_by_report_name(read: Any, **options: Any) -> Any:
    """A stand-in for the review after reading (``pipeline.review_read``, run in a job's bounded review child:
    the queue's test hook ``DOCREVIEW_QUEUE_REVIEW_STEP=hostile:review_by_report_name``), chosen by the first
    report's file name, so that one worker meets each kind of job in turn: ``内存…`` allocates without end,
    ``卡死…`` hangs without reporting progress, ``崩溃…`` aborts the way a C library that cannot allocate does
    (OpenBLAS), anything else is the real review."""
    from docreview.pipeline import review_read

    name = read.report_docs[0].name
    if name.startswith("内存"):
        held = []
        while True:  # touched, not just reserved: resident memory grows with it, as a real leak's does
            held.append(bytearray(32 * 2**20))
    if name.startswith("卡死"):
        while True:
            time.sleep(0.05)
    if name.startswith("崩溃"):
        os.abort()
    return review_read(read, **options)


MAKERS: dict[str, Callable[[Path], Path]] = {
    name.removeprefix("make_"): fn for name, fn in sorted(globals().items())
    if name.startswith("make_") and callable(fn)
}
"""Every hostile input by name."""


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "hostile")
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in MAKERS.items():
        path = make(folder)
        print(f"{name:<20} {path} {path.stat().st_size:>12,} bytes")


if __name__ == "__main__":
    main()
