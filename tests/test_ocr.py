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
from docreview.ingest.common import Blocks
from docreview.ingest.grid import Cell, Grid
from docreview.ingest.images import Cleanup
from docreview.ingest.ocr import (
    OcrCell,
    OcrPage,
    OcrTable,
    TextLine,
    emit_page,
    is_uncertain,
    numeric_columns,
    separate_figures,
    sign_by_shape,
    sign_columns,
)
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
    # lone signs of the 指标性质 column (the engine reads ≥ as > or M): as printed (read, or told by their
    # shape), else uncertain
    signs = [(r, c) for r, row in enumerate(truth) for c, want in enumerate(row) if want in ("≥", "≤", "=")]
    right = [(r, c) for r, c in signs if table.rows[r].cells[c] == truth[r][c]]
    assert len(signs) >= 8 and len(right) >= 0.8 * len(signs), [table.rows[r].cells[c] for r, c in signs]
    assert all(c in table.rows[r].uncertain for r, c in signs if (r, c) not in right)
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


# --------------------------------------------------------------------------- a seal over a column rule


SCORES = [["一级指标", "三级指标", "分值", "得分"],
          ["产出指标", "完成数量", "20", "18.5"],
          ["", "质量达标率", "20", "20"],
          ["效益指标", "受益人数", "30", "27.5"],
          ["满意度指标", "服务对象满意度", "30", "31.49"],
          ["总分", "", "100", "97.49"]]


def _scored_table_scan(folder: Path, *, erase: str = "") -> Path:
    """The 分值 | 得分 columns of a 自评表 as a 盖章版 scan: rendered at 200 DPI, a red seal pressed over the rule
    between the two columns at the 总分 row (the page's last number), turned by 2°, saved as an image-only PDF
    (JPEG inside, as a scanner's PDF is).  ``erase``: that rule painted out before the seal — in the 总分 row
    (``row``: the other rows still rule it) or along the whole table (``all``: no row does)."""
    import pdfplumber

    from docreview.docgen import DocSpec, Heading, Table, write

    spec = DocSpec(title="自评表", blocks=[Heading("项目支出绩效自评表"),
                                          Table(rows=SCORES, merges=[(1, 0, 2, 0), (5, 0, 5, 1)],
                                                col_widths=[2, 3, 1, 1])])
    pdf = write(spec, folder / "自评表.pdf")
    with pdfplumber.open(str(pdf)) as doc:
        page = doc.pages[0]
        words = page.extract_words()
        cells = page.find_tables()[0].cells
    total = next(w for w in words if w["text"] == "100")
    score = next(w for w in words if w["text"] == "97.49")
    rule = min(c[0] for c in cells if c[0] > total["x1"])  # the left edge of the 得分 column
    row = next(c for c in cells if c[0] <= total["x0"] and c[1] <= total["top"] <= c[3])
    table_top, table_bottom = min(c[1] for c in cells), max(c[3] for c in cells)
    scale = 200 / 72
    image = make_scans.render(pdf, 200)
    x = int(rule * scale)
    if erase:
        y0, y1 = (row[1], row[3]) if erase == "row" else (table_top, table_bottom)
        image[int(y0 * scale) + 4:int(y1 * scale) - 3, x - 4:x + 5] = 255
    centre = (x, int((score["top"] + score["bottom"]) / 2 * scale))
    image = make_scans.skew(make_scans.stamp(image, centre, diameter=int(200 * 1.4)), 2.0)
    image = image[:int((table_bottom + 60) * scale)]  # the form's top: the table and the seal
    path = folder / f"盖章自评表{erase}.pdf"
    path.write_bytes(make_scans.image_pdf([image], 200))
    return path


def _scores_read(path: Path) -> Block:
    doc = ingest.read(path, settings=HERE)
    assert doc.ocr_pages == [1]
    return _largest_table(doc)


def _no_number_joined_silently(table: Block) -> None:
    """Every 分值/得分 figure is read right in its column or the cell holding it is uncertain; no cell holds
    two figures joined into one number (``100`` + ``97.49`` → ``10097.49``) unless it is uncertain."""
    joined = {a + b for *_, a, b in SCORES[1:]}
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row.cells):
            if c not in row.uncertain:
                assert _norm(text) not in joined, (r, c, text)
                assert not re.fullmatch(r"\d[\d.]*\s+\d[\d.]*", text.strip()), (r, c, text)
    for r, want in enumerate(SCORES[1:], start=1):
        row = table.rows[r]
        for c in (2, 3):
            if c < len(row.cells) and _norm(row.cells[c]) == want[c]:
                continue
            holder = next((j for j, text in enumerate(row.cells) if want[c] in text.split()), c)
            assert holder in row.uncertain, (r, c, want[c], row.cells)


def test_a_seal_over_a_column_rule_leaves_two_cells_with_their_numbers(tmp_path: Path) -> None:
    """The seal's red ink over the rule between 分值 and 得分, JPEG-compressed: the rule under the ink is kept
    (red drop-out keeps the black print) and the grid keeps the column, so both numbers are read in their
    own cells — not ``10097.49``."""
    table = _scores_read(_scored_table_scan(tmp_path))
    assert [len(r.cells) for r in table.rows] == [len(r) for r in SCORES]
    _no_number_joined_silently(table)
    assert [[_norm(r.cells[2]), _norm(r.cells[3])] for r in table.rows[1:]] == [r[2:] for r in SCORES[1:]]


def test_a_rule_lost_in_one_row_is_restored_from_the_other_rows(tmp_path: Path) -> None:
    """The rule painted out in the 总分 row, under the seal: the two figures the engine reads as separate
    pieces of one (merged) cell are split at the column boundary the other rows rule."""
    table = _scores_read(_scored_table_scan(tmp_path, erase="row"))
    _no_number_joined_silently(table)
    assert (_norm(table.rows[5].cells[2]), _norm(table.rows[5].cells[3])) == ("100", "97.49")


def test_two_figures_in_a_cell_whose_rule_is_gone_are_unsure_never_one_number(tmp_path: Path) -> None:
    """No row rules the boundary (painted out along the table): the grid has one column where there are
    two, and its cells hold two figures side by side — kept apart and marked uncertain."""
    table = _scores_read(_scored_table_scan(tmp_path, erase="all"))
    _no_number_joined_silently(table)
    total = table.rows[5]
    where = next(j for j, text in enumerate(total.cells) if "97.49" in text)
    assert where in total.uncertain and total.cells[where].split() == ["100", "97.49"]


def test_red_dropout_keeps_a_thin_black_rule_under_the_seal_in_a_jpeg() -> None:
    """JPEG's chroma subsampling tints a thin black rule under red ink red; whitening red pixels cut it.
    The drop-out keeps it dark and turns the bare stamp into paper."""
    from docreview.ingest.images import remove_red

    page = np.full((400, 400, 3), 255, np.uint8)
    cv2.line(page, (200, 20), (207, 380), (0, 0, 0), 1, cv2.LINE_AA)  # a thin, slightly skewed rule
    sealed = make_scans.stamp(page, (200, 200), 300)
    scan = cv2.imdecode(np.frombuffer(make_scans.jpeg(sealed, 75), np.uint8), cv2.IMREAD_COLOR)
    clean, red = remove_red(scan)
    assert red > 1000
    gray = cv2.cvtColor(clean, cv2.COLOR_BGR2GRAY)
    rows = range(60, 340)  # under the seal's ring, text and star
    darkest = [int(gray[y, 195:213].min()) for y in rows]
    assert sum(d < 140 for d in darkest) >= 0.95 * len(rows), darkest
    ring = gray[200, 40:60]  # the seal's ring, left of the rule, no print under it
    assert ring.min() > 200


def test_a_column_rule_broken_under_a_seal_is_kept() -> None:
    """Ruling lines of a 6 × 4 table: the rule between columns 2 and 3 is whole in rows 0-2, only fragments of
    it are left in rows 3-5 (a seal over it, its end hidden too).  Row 0 has a merged cell at the table's
    edge and row 2 one inside it (no ink on their boundaries, a rule above and below): the broken rule is
    still a column boundary in every row, the merged cells stay merged."""
    from docreview.ingest.grid import find_tables

    ys = [40 + 60 * i for i in range(7)]
    xs = [40, 240, 440, 560, 680]
    bw = np.zeros((480, 720), np.uint8)
    for y in ys:
        cv2.line(bw, (xs[0], y), (xs[-1], y), 255, 2)
    for i, x in enumerate(xs):
        if i == 1:  # row 0: columns 0-1 merged
            cv2.line(bw, (x, ys[1]), (x, ys[-1]), 255, 2)
        elif i == 2:  # row 2: columns 1-2 merged
            cv2.line(bw, (x, ys[0]), (x, ys[2]), 255, 2)
            cv2.line(bw, (x, ys[3]), (x, ys[-1]), 255, 2)
        else:
            cv2.line(bw, (x, ys[0]), (x, ys[-1]), 255, 2)
    x = xs[3]
    under_seal = bw[ys[3] + 20:ys[6], x - 3:x + 4]
    under_seal[np.arange(under_seal.shape[0]) % 40 >= 18] = 0  # pieces of 18 px every 40 px
    bw[ys[6] - 12:ys[6] - 2, x - 3:x + 4] = 0  # its end hidden
    (grid,), _rules = find_tables(bw)
    assert (grid.n_rows, grid.n_cols) == (6, 4)
    spans = {(c.row, c.col): c.col_end for c in grid.cells}
    assert spans[(0, 0)] == 1 and spans[(2, 1)] == 2  # the merged cells
    for r in range(6):
        assert spans[(r, 3)] == 3 and spans.get((r, 2), 2) == 2, r


@pytest.mark.parametrize("size", [18, 24, 32])
def test_lone_signs_are_told_by_their_shape(size: int) -> None:
    """≥ ≤ = drawn in a CJK font are told by their ink's shape; a > without its bar, digits and other
    characters are not signs (None: left to the engine)."""
    from PIL import Image, ImageDraw, ImageFont

    from docreview.ingest.images import ink

    font = ImageFont.truetype(make_scans.FONT, size)

    def shape(ch: str) -> str | None:
        img = Image.new("L", (size * 3, size * 3), 255)
        ImageDraw.Draw(img).text((size, size), ch, font=font, fill=0)
        return sign_by_shape(ink(np.asarray(img)))

    assert [shape(ch) for ch in "≥≤="] == ["≥", "≤", "="]
    assert [shape(ch) for ch in "><十/7%"] == [None] * 6


def _line(text: str, box: tuple[int, int, int, int]) -> TextLine:
    return TextLine(text, 0.99, box)


def _table(cells: list[tuple[Cell, list[TextLine]]], xs: list[int], ys: list[int]) -> OcrTable:
    grid = Grid(box=(xs[0], ys[0], xs[-1], ys[-1]), ys=ys, xs=xs, cells=[c for c, _ in cells])
    return OcrTable(grid, [OcrCell(c, lines) for c, lines in cells])


def _cell(r0: int, c0: int, r1: int, c1: int, xs: list[int], ys: list[int]) -> Cell:
    return Cell(r0, c0, r1, c1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))


def test_figures_side_by_side_are_split_at_a_ruled_boundary_or_marked_uncertain() -> None:
    """Row 1: a merged cell holding 100 and 97.49 on either side of a boundary row 0 rules → two cells.
    Row 2: one cell (no boundary inside) holding 15 and 12.9 → kept apart and uncertain, never 1512.9.
    Row 3: a number and a unit read as two pieces are one figure's parts, not two figures."""
    xs, ys = [0, 200, 300, 400], [0, 50, 100, 150, 200]
    table = _table([
        (_cell(0, 0, 0, 0, xs, ys), [_line("指标", (5, 10, 60, 40))]),
        (_cell(0, 1, 0, 1, xs, ys), [_line("分值", (205, 10, 260, 40))]),
        (_cell(0, 2, 0, 2, xs, ys), [_line("得分", (305, 10, 360, 40))]),
        (_cell(1, 0, 1, 0, xs, ys), [_line("总分", (5, 60, 60, 90))]),
        (_cell(1, 1, 1, 2, xs, ys), [_line("100", (205, 60, 245, 90)), _line("97.49", (305, 60, 365, 90))]),
        (_cell(2, 0, 2, 0, xs, ys), [_line("培训人数", (5, 110, 100, 140))]),
        (_cell(2, 1, 2, 2, xs, ys), [_line("15", (205, 110, 230, 140)), _line("12.9", (235, 110, 280, 140))]),
        (_cell(3, 0, 3, 0, xs, ys), [_line("受益人数", (5, 160, 100, 190))]),
        (_cell(3, 1, 3, 1, xs, ys), [_line("860", (205, 160, 240, 190)), _line("人次", (245, 160, 290, 190))]),
        (_cell(3, 2, 3, 2, xs, ys), [_line("9", (305, 160, 320, 190))]),
    ], xs, ys)
    separate_figures(table)
    by_place = {(c.cell.row, c.cell.col): c for c in table.cells}
    assert (by_place[(1, 1)].text, by_place[(1, 2)].text) == ("100", "97.49")
    assert not by_place[(1, 1)].joined and by_place[(1, 1)].cell.col_end == 1
    assert by_place[(2, 1)].joined and by_place[(2, 1)].text == "15 12.9"
    assert not by_place[(3, 1)].joined and by_place[(3, 1)].text == "860人次"

    page = OcrPage(1, 400, 200, [], [table], Cleanup())
    out = Blocks()
    emit_page(out, page, HERE)
    (block,) = out.blocks
    assert block.rows[1].cells == ["总分", "100", "97.49"] and block.rows[1].uncertain == []
    assert block.rows[2].cells[1] == "15 12.9" and 1 in block.rows[2].uncertain
    assert 1 not in block.rows[3].uncertain


def test_figures_stacked_in_rows_a_missed_rule_merged_are_split() -> None:
    """A cell spanning rows 1-2 (the rule between them lost under a seal) holding 15 in row 1 and 10 in row 2
    is two cells, not 1510; a long number wrapped in a tall merged cell stays one number."""
    xs, ys = [0, 200, 300], [0, 50, 100, 150, 250]
    table = _table([
        (_cell(0, 0, 0, 0, xs, ys), [_line("指标", (5, 10, 60, 40))]),
        (_cell(0, 1, 0, 1, xs, ys), [_line("得分", (205, 10, 260, 40))]),
        (_cell(1, 0, 1, 0, xs, ys), [_line("知晓率", (5, 60, 80, 90))]),
        (_cell(2, 0, 2, 0, xs, ys), [_line("满意度", (5, 110, 80, 140))]),
        (_cell(1, 1, 2, 1, xs, ys), [_line("15", (205, 60, 235, 90)), _line("10", (205, 110, 235, 140))]),
        (_cell(3, 0, 3, 1, xs, ys), [_line("1234567.", (100, 160, 200, 190)), _line("89", (100, 193, 125, 223))]),
    ], xs, ys)
    separate_figures(table)
    by_place = {(c.cell.row, c.cell.col): c for c in table.cells}
    assert (by_place[(1, 1)].text, by_place[(2, 1)].text) == ("15", "10")
    assert by_place[(3, 0)].text == "1234567.89" and not by_place[(3, 0)].joined


def test_the_crop_of_a_page_fed_upside_down_shows_the_cell(tmp_path: Path,
                                                           form: tuple[Path, list[list[str]]]) -> None:
    """A page scanned upside down is read turned by 180° (the direction classifier's vote), so its cells'
    boxes are fractions of the turned page: the crop the app shows must be cut from that page too, not from
    the page as cleanup leaves it (which would show the opposite corner of the form)."""
    from docreview.ingest import ocr_page_crop
    from docreview.ingest.images import clean_page

    pdf, _truth = form
    upright = make_scans.render(pdf, 150)
    scan = tmp_path / "倒置扫描件.png"
    scan.write_bytes(make_scans.png(cv2.rotate(upright, cv2.ROTATE_180)))
    doc = ingest.read(scan, settings=HERE)
    assert any("180°" in w for w in doc.warnings), doc.warnings
    table = _largest_table(doc)
    row = next(row for row in table.rows if any("新改建农村公路" in c for c in row.cells))
    col = next(j for j, c in enumerate(row.cells) if "新改建农村公路" in c)
    box = row.boxes[col] if row.boxes else None
    assert box is not None
    shown = cv2.imdecode(np.frombuffer(ocr_page_crop(scan.read_bytes(), 1, box, settings=HERE), np.uint8),
                         cv2.IMREAD_GRAYSCALE)
    # the same place on the upright page, cleaned as OCR cleans it
    gray, _ = clean_page(upright)
    h, w = gray.shape
    mx, my = int(0.12 * w), int(0.04 * w)
    x0, y0, x1, y1 = int(box[0] * w), int(box[1] * h), int(np.ceil(box[2] * w)), int(np.ceil(box[3] * h))
    want = gray[max(0, y0 - my):min(h, y1 + my), max(0, x0 - mx):min(w, x1 + mx)]
    want = cv2.resize(want, (shown.shape[1], shown.shape[0]))
    same = cv2.matchTemplate(shown, want, cv2.TM_CCOEFF_NORMED).max()
    mirrored = cv2.matchTemplate(shown, cv2.rotate(want, cv2.ROTATE_180), cv2.TM_CCOEFF_NORMED).max()
    assert same > 0.6 and same > mirrored + 0.2, (same, mirrored)


def _piece(text: str, height: int = 34) -> np.ndarray:
    """A detected piece as the recogniser gets it: the text in the form's font at 200 DPI (10.5 pt ≈ 29 px),
    black on white, with the few pixels of padding the detector leaves around a line."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(make_scans.FONT, 28)
    left, top, right, bottom = font.getbbox(text)
    pad_y = max(2, (height - (bottom - top)) // 2)
    img = Image.new("RGB", (right - left + 10, bottom - top + 2 * pad_y), (255, 255, 255))
    ImageDraw.Draw(img).text((5 - left, pad_y - top), text, font=font, fill=(0, 0, 0))
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def test_pieces_read_at_their_own_width_read_as_the_engine_reads_them() -> None:
    """Recognition at each piece's own width (not padded to 320 px) reads numbers, words and lone signs as
    the engine's padded batches do; a lone symbol is read again padded, so ``/`` stays ``/``."""
    from docreview.ingest.ocr import _recognise, engine

    texts = ["97.49", "3412.50", "93.49%", "100", "19.5", "5", "8676", "实施单位", "完成数量", "/", "≥", "≤"]
    crops = [_piece(t) for t in texts]
    eng = engine()
    ours = [text.strip() for text, _score in _recognise(eng, crops)]
    theirs = [text.strip() for text, _score in eng.text_rec(crops)[0]]
    assert ours == theirs
    assert ours[:9] == texts[:9] and ours[9] == "/"


@pytest.mark.parametrize(("text", "expected"), [
    ("", True), ("N", True), ("W", True), ("K", True), ("二", True), (">", True), ("!", True),
    ("5", False), ("是", False), ("≥8", False), ("NW", False),
])
def test_a_lone_letter_or_symbol_may_be_a_misread_sign(text: str, expected: bool) -> None:
    """Only the ink's shape makes such a cell a sign (test_lone_signs_are_told_by_their_shape); a digit, a
    Chinese word or two characters are never looked at."""
    from docreview.ingest.ocr import _may_be_sign

    assert _may_be_sign(text) is expected
