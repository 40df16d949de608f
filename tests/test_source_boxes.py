"""Where the evidence is on the page: text PDFs keep a box per table cell and per paragraph line, spans carry
the box of what they quote, and the source viewer's page image marks it (issue 15: "the highlight box lies
on the evidence text in the rendered page — compare the box with pdfplumber's word positions")."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageChops

from docreview import ingest
from docreview.errors import DocumentUnreadable, EmptyDocument
from docreview.models import Block, Document
from docreview.pipeline import run_review
from docreview.settings import IngestSettings, Settings

Box = tuple[float, float, float, float]


@pytest.fixture(scope="module")
def report(fixture_files: Path) -> tuple[Path, Document]:
    path = fixture_files / "report.pdf"
    return path, ingest.read(path, settings=IngestSettings(isolate=False))


def word_boxes(path: Path, page: int, text: str) -> list[list[Box]]:
    """pdfplumber's own positions of the characters of every occurrence of ``text`` on ``page`` (fractions
    of the page), one list per occurrence."""
    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page - 1]
        chars = [c for c in p.chars if c["text"].strip()]
        joined = "".join(c["text"] for c in chars)
        found, at = [], joined.find(text)
        while at >= 0:
            found.append([(c["x0"] / p.width, c["top"] / p.height, c["x1"] / p.width, c["bottom"] / p.height)
                          for c in chars[at:at + len(text)]])
            at = joined.find(text, at + 1)
        assert found, f"{text!r} not on page {page}"
        return found


def on(text_boxes: list[list[Box]], box: Box) -> bool:
    """Some occurrence of the text lies wholly inside ``box``."""
    return any(all(inside(b, box) for b in occurrence) for occurrence in text_boxes)


def inside(inner: Box, outer: Box, slack: float = 0.004) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


def first_table(doc: Document) -> Block:
    return next(b for b in doc.blocks if b.kind == "table" and len(b.rows) > 1)


def test_a_table_cell_span_has_the_box_of_its_words(report: tuple[Path, Document]) -> None:
    path, doc = report
    table = first_table(doc)
    checked = 0
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row.cells):
            if len(text) < 2 or " " in text:
                continue
            span = table.cell_span(doc.name, r, c)
            assert span.box is not None and span.page == table.page
            assert on(word_boxes(path, table.page or 1, text), span.box), (text, span.box)
            # and the cell box is a cell, not the page: no wider than the table's own width
            assert span.box[2] - span.box[0] < 0.9
            checked += 1
    assert checked >= 5


def test_a_quote_in_a_paragraph_has_the_box_of_its_lines(report: tuple[Path, Document]) -> None:
    path, doc = report
    para = next(b for b in doc.blocks if b.kind == "paragraph" and len(b.line_boxes) >= 2)
    # a quote on the second line only: its box is that line's, not the first
    second = para.line_boxes[1]
    start = second[0] + 1
    quote = para.text[start:start + 6]
    span = para.span(doc.name, start, start + 6)
    assert span.box is not None
    assert span.box[1] >= para.line_boxes[0][2] - 0.001  # below the first line's top
    assert on(word_boxes(path, para.page or 1, quote), span.box), (quote, span.box)
    whole = para.span(doc.name, 0, len(para.text))
    assert whole.box is not None and whole.box[3] >= span.box[3] and whole.box[1] <= span.box[1]


def test_the_page_image_marks_the_box_and_nothing_else(report: tuple[Path, Document]) -> None:
    path, doc = report
    table = first_table(doc)
    span = table.cell_span(doc.name, 1, 2)
    assert span.box is not None and span.page is not None
    data = path.read_bytes()
    plain = Image.open(io.BytesIO(ingest.page_image(data, span.page, [], where=str(path)))).convert("RGB")
    marked = Image.open(io.BytesIO(ingest.page_image(data, span.page, [span.box], where=str(path)))).convert("RGB")
    assert plain.size == marked.size and plain.size[0] > 500
    diff = ImageChops.difference(plain, marked).getbbox()
    assert diff is not None
    w, h = marked.size
    x0, y0, x1, y1 = span.box
    # everything that changed lies on the box (plus the outline's width)
    pad = 0.01
    assert diff[0] >= (x0 - pad) * w and diff[1] >= (y0 - pad) * h
    assert diff[2] <= (x1 + pad) * w and diff[3] <= (y1 + pad) * h


def test_page_image_errors_name_the_file(report: tuple[Path, Document]) -> None:
    path, _ = report
    with pytest.raises(EmptyDocument, match=r"^report\.pdf: .*没有第99页"):
        ingest.page_image(path.read_bytes(), 99, where=str(path))
    with pytest.raises(DocumentUnreadable, match=r"^自评报告\.pdf: .*无法打开 PDF"):
        ingest.page_image(b"not a pdf at all", 1, where="/tmp/自评报告.pdf")


def test_flag_evidence_from_a_pdf_carries_its_box(fixture_files: Path, tmp_path: Path) -> None:
    review = run_review([], [fixture_files / "report.pdf"], settings=Settings(workspace=tmp_path / "ws"),
                        explain=False)
    report_evidence = [e for f in review.flags for e in f.evidence if e.side == "report" and e.page is not None]
    assert report_evidence, [f.type for f in review.flags]
    assert all(e.box is not None for e in report_evidence), [(e.quote, e.box) for e in report_evidence]
    assert all(0 <= v <= 1 for e in report_evidence for v in (e.box or ()))
