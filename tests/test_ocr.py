"""OCR of scanned and photographed forms (ingest/ocr.py): the real RapidOCR engine on rendered pages.

The form is the report of corpus case h01 (部门预算项目支出绩效自评表, merged cells, wrapped reasons) made
by tests/fixtures/make_scans.py; its known text is what the text reader reads from the same PDF.  A few
pages at modest resolution keep the module to about a minute on two shared cores.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import cv2
import make_scans
import numpy as np
import pytest

from docreview import ingest
from docreview.errors import (
    DocumentError,
    DocumentUnreadable,
    EmptyDocument,
    FileTooLarge,
    ParseTimeout,
    UnsupportedFormat,
)
from docreview.ingest.ocr import is_uncertain, numeric_columns, sign_columns
from docreview.models import Block, Document, TableRow
from docreview.settings import IngestSettings

HERE = IngestSettings(isolate=False)
NUMERIC = re.compile(r"^[-+]?\d[\d,.]*%?$")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[str]]]:
    folder = tmp_path_factory.mktemp("scans")
    pdf = make_scans.form_pdf(folder / "自评表.pdf")
    truth = max(make_scans.truth_tables(pdf), key=lambda t: sum(len(r) for r in t))
    return pdf, truth


def _largest_table(doc: Document) -> Block:
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert tables, [b.text for b in doc.blocks]
    return max(tables, key=lambda b: sum(len(r.cells) for r in b.rows))


def _check_numbers(table: Block, truth: list[list[str]]) -> tuple[int, int]:
    """(numeric truth cells read exactly, numeric truth cells); fails on any misread not marked uncertain."""
    exact = total = 0
    for r, row in enumerate(truth):
        for c, want in enumerate(row):
            if not NUMERIC.match(want):
                continue
            total += 1
            got = _norm(table.rows[r].cells[c])
            if got == want:
                exact += 1
            else:  # a misread digit must never pass silently
                assert c in table.rows[r].uncertain, (r, c, want, got)
    return exact, total


def test_sealed_skewed_scan_reads_the_form_table(tmp_path: Path, form: tuple[Path, list[list[str]]]) -> None:
    """The issue's bar: 200 DPI, a red seal over 实施单位 and over a 得分 cell, turned by 2°."""
    pdf, truth = form
    scan = make_scans.make_scan(pdf, "seal_skew2")
    path = tmp_path / "盖章扫描件.png"
    path.write_bytes(scan.data)
    doc = ingest.read(path, settings=HERE)
    assert doc.format == "png" and doc.ocr_pages == [1] and doc.pages == 1
    table = _largest_table(doc)
    # the grid: same rows × columns as the text PDF, merged cells at their top-left position
    assert [len(r.cells) for r in table.rows] == [len(r) for r in truth]
    assert table.rows[0].cells[0] == "项目名称" and table.rows[0].cells[1] == "2024年农村公路建设项目"
    assert table.rows[0].cells[2:] == [""] * 9  # covered by the merged 项目名称 value
    exact, total = _check_numbers(table, truth)
    assert total >= 50 and exact / total >= 0.98
    # the seal is not read as text, and the digits under it survive
    assert "19.5" in table.rows[7].cells
    assert not any("岷阳县交通运输局" in c for c in table.rows[1].cells[2:])
    # a wrapped cell is joined without spaces between CJK characters
    assert any(c.startswith("2条路段（合计12公里）因征地拆迁") for c in table.rows[7].cells)
    # provenance and per-cell confidence
    assert table.page == 1 and table.confidence is not None and table.bbox is not None
    row = table.rows[3]
    assert row.confidence is not None and row.boxes is not None and len(row.boxes) == len(row.cells)
    filled = [j for j, text in enumerate(row.cells) if text]
    assert all(row.confidence[j] is not None and 0 < row.confidence[j] <= 1 for j in filled)
    x0, y0, x1, y1 = row.boxes[filled[0]] or (0, 0, 0, 0)
    assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
    assert any(b.kind == "heading" and "绩效自评表" in b.text for b in doc.blocks)


def test_mixed_pdf_ocrs_only_the_scanned_page(tmp_path: Path, form: tuple[Path, list[list[str]]]) -> None:
    """Page 1 has a text layer, page 2 is a scan: only page 2 goes through OCR, in page order."""
    import pypdf

    pdf, truth = form
    scanned = make_scans.image_pdf([make_scans.render(pdf, 150)], 150)
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(str(pdf)))
    writer.append(pypdf.PdfReader(io.BytesIO(scanned)))
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as fh:
        writer.write(fh)
    seen: list[tuple[int, int]] = []
    doc = ingest.read(mixed, settings=HERE, progress=lambda done, total, _s: seen.append((done, total)))
    assert doc.format == "pdf" and doc.pages == 2 and doc.ocr_pages == [2]
    assert seen == [(0, 1), (1, 1)]  # OCR of one page starts, then that page is done
    text_tables = [b for b in doc.blocks if b.kind == "table" and b.page == 1]
    ocr_tables = [b for b in doc.blocks if b.kind == "table" and b.page == 2]
    assert text_tables and ocr_tables
    assert all(r.confidence is None for b in text_tables for r in b.rows)  # the text layer is not OCR'd
    pages = [b.page for b in doc.blocks]
    assert pages == sorted(pages)
    ocr_table = max(ocr_tables, key=lambda b: len(b.rows))
    assert [len(r.cells) for r in ocr_table.rows] == [len(r) for r in truth]
    exact, total = _check_numbers(ocr_table, truth)
    assert exact / total >= 0.95


def test_sideways_page_is_turned_upright(tmp_path: Path, form: tuple[Path, list[list[str]]]) -> None:
    pdf, truth = form
    image = cv2.rotate(make_scans.render(pdf, 150), cv2.ROTATE_90_CLOCKWISE)
    path = tmp_path / "sideways.jpg"
    path.write_bytes(make_scans.jpeg(image, 85))
    doc = ingest.read(path, settings=HERE)
    assert doc.format == "jpeg"
    assert any("270°" in w or "90°" in w for w in doc.warnings), doc.warnings
    table = _largest_table(doc)
    exact, total = _check_numbers(table, truth)
    assert exact / total >= 0.95


def test_page_limit_is_checked_before_any_ocr(tmp_path: Path, form: tuple[Path, list[list[str]]]) -> None:
    pdf, _ = form
    page = make_scans.render(pdf, 50)
    path = tmp_path / "三页扫描.pdf"
    path.write_bytes(make_scans.image_pdf([page, page, page], 50))
    with pytest.raises(FileTooLarge) as info:
        ingest.read(path, settings=IngestSettings(isolate=False, ocr_max_pages=2))
    message = str(info.value)
    assert message.startswith("三页扫描.pdf: ") and "3" in message and "OCR_MAX_PAGES" in message
    assert "\n" not in message


def test_ocr_off_refuses_images_and_scans(tmp_path: Path, form: tuple[Path, list[list[str]]]) -> None:
    from docreview.errors import ScannedDocument

    pdf, _ = form
    image = tmp_path / "scan.png"
    image.write_bytes(make_scans.png(make_scans.render(pdf, 50)))
    off = IngestSettings(isolate=False, ocr=False)
    with pytest.raises(UnsupportedFormat, match="PNG"):
        ingest.read(image, settings=off)
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(make_scans.image_pdf([make_scans.render(pdf, 50)], 50))
    with pytest.raises(ScannedDocument):
        ingest.read(scanned, settings=off)


# --------------------------------------------------------------------------- uncertainty rules


def test_numeric_columns_are_told_by_their_cells() -> None:
    rows = [["指标", "目标值", "完成值", "得分"],
            ["演出场次", "300", "320", "20"],
            ["合格率", "100%", "一", "15"],
            ["满意度", "≥90%", "93.5%", "—"]]
    assert numeric_columns(rows) == {1, 2, 3}


@pytest.mark.parametrize(("text", "confidence", "numeric", "expected"), [
    ("一", 0.99, True, True),   # a dash read as a Chinese numeral, however sure the engine is
    ("—", 0.99, True, True),
    ("-", 0.95, True, True),
    ("二", 0.98, True, True),
    ("一", 0.99, False, False),  # in a text column 一 is a word (一级指标)
    ("3412.50", 0.99, True, False),
    ("3412.50", 0.62, True, True),  # a number read below the threshold
    ("2024年4月18日", 0.70, False, True),
    ("M", 0.44, False, True),  # a ≥ sign the recogniser could not read
    ("送戏下乡", 0.60, False, False),  # low-confidence words are kept; numbers and short tokens gate flags
    ("", None, True, False),
])
def test_uncertain_cells(text: str, confidence: float | None, numeric: bool, expected: bool) -> None:
    assert is_uncertain(text, confidence, numeric_column=numeric, threshold=0.9) is expected


def test_ink_nothing_could_read_is_uncertain() -> None:
    assert is_uncertain("", None, numeric_column=False, threshold=0.9, unread_ink=True)


def test_sign_columns_are_told_by_header_or_cells() -> None:
    rows = [["三级指标", "指标性质", "指标值", "度量单位", "完成值"],
            ["公路里程", "≥", "120", "公里", "108"],
            ["事故", "二", "0", "起", "0"],
            ["成本", ">", "28", "万元", "27.6"],
            ["满意度", "≥", "90", "%", "93"]]
    assert sign_columns(rows) == {1}
    assert sign_columns([["指标", "目标值"], ["a", "≥90%"], ["b", "100%"]]) == set()


@pytest.mark.parametrize(("text", "confidence", "expected"), [
    ("二", 0.99, True),   # "=" read as the numeral two, however sure the engine is
    ("一", 0.97, True),
    (">", 0.98, True),    # "≥" whose underline was lost: the target's direction turned
    ("<", 0.95, True),
    ("≥", 0.97, False),   # a sign read right and surely
    ("=", 0.99, False),
    ("≤", 0.55, True),    # below the threshold, as any short token
    ("定性", 0.99, False),  # words in a 指标性质 column are not signs
])
def test_uncertain_signs(text: str, confidence: float, expected: bool) -> None:
    assert is_uncertain(text, confidence, numeric_column=False, threshold=0.9, sign_column=True) is expected
    if text in ("二", ">"):  # outside a sign column the same reading is a word or a plain character
        assert not is_uncertain(text, confidence, numeric_column=False, threshold=0.9)


def test_a_span_over_an_unsure_sign_is_unsure_and_has_its_box() -> None:
    """指标性质 ``>`` (unsure) + 指标值 ``120`` (sure) + 度量单位 ``公里``: the composite target ``>120公里`` is as
    unsure as its sign, and its box covers the three cells (for the page crop the reviewer is shown)."""
    cells = ["新改建农村公路里程", ">", "120", "公里"]
    text = " | ".join(cells)
    offsets = [text.index(c) for c in cells]
    boxes = [(0.1, 0.4, 0.3, 0.42), (0.3, 0.4, 0.35, 0.42), (0.35, 0.4, 0.45, 0.42), (0.45, 0.4, 0.5, 0.42)]
    row = TableRow(index=0, cells=cells, offsets=offsets, confidence=[0.99, 0.55, 0.99, 0.98], boxes=boxes,
                   uncertain=[1])
    block = Block(index=0, kind="table", text=text, page=1, table=0, rows=[row])
    span = block.span("scan.pdf", offsets[1], offsets[3] + 2, row=0, col=2)
    assert span.uncertain and span.confidence == 0.55 and span.box == (0.3, 0.4, 0.5, 0.42)
    sure = block.span("scan.pdf", offsets[2], offsets[3] + 2, row=0, col=2)
    assert not sure.uncertain and sure.confidence == 0.98
    value = block.cell_span("scan.pdf", 0, 2)
    assert not value.uncertain and value.box == boxes[2]
    assert block.cell_span("scan.pdf", 0, 1).uncertain


# --------------------------------------------------------------------------- long scans: deadline, progress


# long enough for a worker to start and announce its pages (it does so before loading the OCR engine), far
# shorter than reading two 200-DPI pages (about 3-4 s each on 2 cores, plus a second to load the engine)
BASE_DEADLINE = 3.0


@pytest.fixture(scope="module")
def two_page_scan(tmp_path_factory: pytest.TempPathFactory, form: tuple[Path, list[list[str]]]) -> Path:
    pdf, _ = form
    page = make_scans.render(pdf, 200)
    path = tmp_path_factory.mktemp("long") / "两页扫描件.pdf"
    path.write_bytes(make_scans.image_pdf([page, page], 200))
    return path


def test_the_deadline_grows_with_the_pages_to_ocr_and_progress_comes_from_the_child(two_page_scan: Path) -> None:
    """Through the real bounded worker: a base deadline too short for two OCR'd pages is extended by the
    per-page allowance once the worker says how many pages it will read, and every page's progress
    (done, total, seconds) reaches the caller through the pipe."""
    seen: list[tuple[int, int, float]] = []
    settings = IngestSettings(deadline_s=BASE_DEADLINE, ocr_page_deadline_s=60)
    doc = ingest.read(two_page_scan, settings=settings, progress=lambda *call: seen.append(call))
    assert doc.ocr_pages == [1, 2] and len([b for b in doc.blocks if b.kind == "table"]) == 2
    assert [(done, total) for done, total, _ in seen] == [(0, 2), (1, 2), (2, 2)]
    assert all(seconds > 0.2 for done, _, seconds in seen if done)  # a page's own OCR time, not zero


def test_without_the_page_allowance_a_scan_meets_the_base_deadline(two_page_scan: Path) -> None:
    with pytest.raises(ParseTimeout) as info:
        ingest.read(two_page_scan, settings=IngestSettings(deadline_s=BASE_DEADLINE, ocr_page_deadline_s=0))
    assert str(info.value).startswith("两页扫描件.pdf: ") and f"{BASE_DEADLINE:g} 秒" in str(info.value)


# --------------------------------------------------------------------------- bad input


def _bad(tmp_path: Path, name: str, data: bytes, error: type[DocumentError], needle: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        ingest.read(path, settings=HERE)
    message = str(info.value)
    assert type(info.value) is error, message
    assert message.startswith(f"{name}: "), message
    assert needle in message, message
    assert "\n" not in message
    return message


def test_image_without_text(tmp_path: Path) -> None:
    _bad(tmp_path, "风景.png", make_scans.no_text_image(), EmptyDocument, "OCR")


def test_blank_scan(tmp_path: Path) -> None:
    _bad(tmp_path, "空白扫描.png", make_scans.blank_scan(), EmptyDocument, "blank")


def test_one_pixel_image(tmp_path: Path) -> None:
    _bad(tmp_path, "1px.png", make_scans.one_pixel(), EmptyDocument, "1×1")


def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    message = _bad(tmp_path, "bomb.png", make_scans.bomb_png(), FileTooLarge, "40000×40000")
    assert "第1页" in message


def test_corrupt_jpeg(tmp_path: Path, form: tuple[Path, list[list[str]]]) -> None:
    pdf, _ = form
    message = _bad(tmp_path, "损坏.jpg", make_scans.corrupt_jpeg(pdf), DocumentUnreadable, "page 1")
    assert "第1页" in message


def test_tiff_over_the_page_limit_reads_the_first_pages_with_a_warning(
        tmp_path: Path, form: tuple[Path, list[list[str]]]) -> None:
    """A 500-page TIFF (a whole file scanned into one image) is not refused: its first ``ocr_max_pages``
    pages are read and the reviewer is told how many were left out."""
    pdf, _ = form
    path = tmp_path / "500页.tiff"
    path.write_bytes(make_scans.many_page_tiff(500, first=make_scans.render(pdf, 100)))
    doc = ingest.read(path, settings=IngestSettings(isolate=False, ocr_max_pages=2))
    assert doc.format == "tiff" and doc.pages == 2 and doc.ocr_pages == [1, 2]
    limit = [w for w in doc.warnings if "500" in w]
    assert len(limit) == 1 and "前 2 页" in limit[0] and "OCR_MAX_PAGES" in limit[0]
    assert any("第2页是空白页" in w for w in doc.warnings)
    assert any(b.kind == "table" and b.page == 1 for b in doc.blocks)


def test_bad_image_in_a_batch_does_not_stop_the_others(tmp_path: Path, fixture_files: Path) -> None:
    """Through the bounded worker (the default): the bomb fails alone, the next file reads."""
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(make_scans.bomb_png())
    with pytest.raises(FileTooLarge):
        ingest.read(bomb)
    assert ingest.read(fixture_files / "report.txt").blocks


def test_images_are_decoded_upright_from_exif(tmp_path: Path) -> None:
    """A phone JPEG stored sideways with an EXIF orientation tag is turned before OCR sees it."""
    from PIL import Image

    from docreview.ingest.images import open_image_pages

    img = Image.fromarray(np.full((40, 80, 3), 255, np.uint8))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif)
    (page,) = open_image_pages(buf.getvalue(), "x.jpg", max_pixels=10**8, max_pages=5)
    assert page.image.shape[:2] == (80, 40)


# --------------------------------------------------------------------------- flags resting on OCR'd values


def test_a_flag_on_an_unsure_ocr_value_is_never_high(tmp_path: Path, form: tuple[Path, list[list[str]]]) -> None:
    """The scanned 自评表 (corpus h01: 108公里 against ≥120公里) reviewed on its own: read confidently, the miss is
    a high-severity target_missed; when its figures are read below the confidence threshold (here: a threshold
    no reading reaches), the same flag says "OCR 待核实" with the cell and its confidence, and is medium."""
    from docreview.pipeline import run_review
    from docreview.settings import Settings

    pdf, _truth = form
    scan = tmp_path / "自评表扫描件.pdf"
    scan.write_bytes(make_scans.image_pdf([make_scans.render(pdf, 150)], 150))

    stages: list[tuple[str, int, int]] = []

    def review(threshold: float) -> list[tuple[str, str, str]]:
        settings = Settings(workspace=tmp_path / "ws", ingest=IngestSettings(isolate=False, ocr_dpi=150,
                                                                              ocr_min_confidence=threshold))
        r = run_review([], [scan], settings=settings, explain=False, progress=lambda *call: stages.append(call))
        assert r.ocr_pages == {"自评表扫描件.pdf": [1]}  # what the app's "OCR" badge shows
        unsure = [e for f in r.flags for e in f.evidence if e.uncertain]
        assert all(e.box is not None and 0 <= e.box[0] < e.box[2] <= 1 for e in unsure)  # for the page crop
        return [(f.type, f.severity, f.message) for f in r.flags if f.indicator == "新改建农村公路里程"]

    sure = review(0.5)
    assert ("target_missed", "high") in [(t, s) for t, s, _ in sure]
    assert not any("OCR 待核实" in m for _, _, m in sure)
    unsure = review(1.0)
    missed = [(s, m) for t, s, m in unsure if t == "target_missed"]
    assert missed and all(s == "medium" for s, _ in missed)
    assert all(m.startswith("OCR 待核实") and "置信度" in m for _, m in missed)
    assert all(s != "high" for _, s, _ in unsure)
    assert ("ocr", 0, 1) in stages and ("ocr", 1, 1) in stages  # the scan's pages, as the CLI's bar shows them
