"""ingest.read on real files written by the real writers (tests/fixtures/make_fixtures.py)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import make_fixtures as mf
import pytest

from docreview import ingest
from docreview.errors import (
    ArchiveBomb,
    DocumentError,
    DocumentUnreadable,
    EmptyDocument,
    EncodingError,
    EncryptedDocument,
    FileTooLarge,
    GarbledText,
    UnsupportedFormat,
)
from docreview.models import Block, Document
from docreview.settings import IngestSettings

REALDOCS = Path(__file__).resolve().parent / "fixtures" / "realdocs_txt"  # copies of shared/realdocs
ROUND_TRIP = ["report.pdf", "report.docx", "report.xlsx", "report.html", "report.txt", "report.md",
              "report_gbk.txt", "report_utf16.txt", "report_utf16le_nobom.txt", "report_bom.md",
              "report_gbk.html", "owner_only.pdf", "pdf_renamed.docx"]
FORMAT = {"report.pdf": "pdf", "report.docx": "docx", "report.xlsx": "xlsx", "report.html": "html",
          "report.txt": "txt", "report.md": "md", "report_gbk.txt": "txt", "report_utf16.txt": "txt",
          "report_utf16le_nobom.txt": "txt", "report_bom.md": "md", "report_gbk.html": "html",
          "owner_only.pdf": "pdf", "pdf_renamed.docx": "pdf"}


def _tables(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.kind == "table"]


def _texts(doc: Document, kind: str) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == kind]


@pytest.fixture(scope="module")
def docs(fixture_files: Path) -> dict[str, Document]:
    return {name: ingest.read(fixture_files / name) for name in ROUND_TRIP}


# --------------------------------------------------------------------------- round trip, every format


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_round_trip_tables_equal_the_spec(docs: dict[str, Document], name: str) -> None:
    doc = docs[name]
    assert doc.format == FORMAT[name]
    tables = _tables(doc)
    assert [[r.cells for r in t.rows] for t in tables] == [mf.BUDGET_ROWS, mf.INDICATOR_ROWS]
    # merged cells: text in the top-left cell, covered cells ''
    indicator = tables[1]
    assert [r.cells[0] for r in indicator.rows[1:4]] == ["产出指标", "", ""]
    assert indicator.rows[6].cells[:5] == ["合计", "", "", "", ""]
    # the wrapped cells stay apart and their wrapped lines join without spaces
    time_row = indicator.rows[3].cells
    assert time_row[2:7] == ["项目完成时间", "2023年6月底前", "2023年8月15日", "10", "8"]
    assert time_row[7] == mf.REASON


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_round_trip_prose_and_headings(docs: dict[str, Document], name: str) -> None:
    doc = docs[name]
    assert mf.PROSE in _texts(doc, "paragraph")
    headings = _texts(doc, "heading")
    for heading in (mf.TITLE, mf.BUDGET_HEADING, mf.INDICATOR_HEADING):
        assert heading in headings
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:6] == ["heading", "paragraph", "heading", "table", "heading", "table"]


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_round_trip_provenance_and_offsets(docs: dict[str, Document], fixture_files: Path, name: str) -> None:
    doc = docs[name]
    assert doc.sha256 == hashlib.sha256((fixture_files / name).read_bytes()).hexdigest()
    assert doc.name == name
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    tables = _tables(doc)
    assert [t.table for t in tables] == [0, 1]
    for block in tables:
        assert block.text == "\n".join(" | ".join(r.cells) for r in block.rows)
        for i, row in enumerate(block.rows):
            assert row.index == i
            for j, cell in enumerate(row.cells):
                span = block.cell_span(name, i, j)
                assert span.quote == cell
                assert block.text[span.start:span.end] == cell
                assert (span.table, span.row, span.col) == (block.table, i, j)
            assert block.cell_span(name, i).quote == " | ".join(row.cells)
    row = tables[1].rows[3]
    span = tables[1].cell_span(name, 3, 4)
    assert span.quote == "2023年8月15日" and row.offsets[4] == span.start


def test_pdf_pages_on_every_block(docs: dict[str, Document]) -> None:
    doc = docs["report.pdf"]
    assert doc.pages == 2
    assert [(b.kind, b.page) for b in doc.blocks] == [
        ("heading", 1), ("paragraph", 1), ("heading", 1), ("table", 1), ("heading", 2), ("table", 2)]
    assert [b.level for b in doc.blocks if b.kind == "heading"] == [1, 2, 2]
    span = _tables(doc)[1].cell_span("report.pdf", 3, 3)
    assert span.where() == "report.pdf 第2页 表2 第4行"


def test_xlsx_sheet_on_every_block(docs: dict[str, Document]) -> None:
    doc = docs["report.xlsx"]
    assert {b.sheet for b in doc.blocks} == {"Sheet1"}
    assert doc.pages is None
    assert _tables(doc)[0].cell_span("report.xlsx", 1, 3).where() == "report.xlsx 工作表「Sheet1」 表1 第2行"


def test_docx_heading_levels(docs: dict[str, Document]) -> None:
    assert [(b.text, b.level) for b in docs["report.docx"].blocks if b.kind == "heading"] == [
        (mf.TITLE, 1), (mf.BUDGET_HEADING, 2), (mf.INDICATOR_HEADING, 2)]


def test_encodings_decode_to_the_same_text(docs: dict[str, Document]) -> None:
    utf8 = docs["report.txt"].text()
    assert "全年共开展送戏下乡演出三百二十场次" in utf8
    for name in ("report_gbk.txt", "report_utf16.txt", "report_utf16le_nobom.txt"):
        assert docs[name].text() == utf8, name
    assert docs["report_bom.md"].text() == docs["report.md"].text()
    assert not docs["report_bom.md"].text().startswith("\ufeff")


# --------------------------------------------------------------------------- PDF specifics


def test_pdf_wrapped_cell_is_one_cell_and_neighbours_stay_apart(docs: dict[str, Document]) -> None:
    """pdfplumber's table cells keep `2023年6月底前 | 2023年8月15日` apart; the wrapped `前` rejoins."""
    row = _tables(docs["report.pdf"])[1].rows[3]
    assert row.cells[3] == "2023年6月底前"
    assert row.cells[4] == "2023年8月15日"
    assert "2023年6月底前 | 2023年8月15日 | 10 | 8" in _tables(docs["report.pdf"])[1].text
    assert "2023年6月底前2023年8月15日" not in docs["report.pdf"].text()


def test_pypdf_only_loses_the_cell_boundaries(fixture_files: Path) -> None:
    """The measurement behind using pdfplumber: pypdf gives every cell line its own line, so the wrapped
    `前` looks exactly like a separate cell, and no table structure survives."""
    import pypdf

    raw = pypdf.PdfReader(fixture_files / "report.pdf").pages[1].extract_text().splitlines()
    assert raw[raw.index("2023年6月底") + 1: raw.index("2023年6月底") + 3] == ["前", "2023年8月15日"]
    doc = ingest.read(fixture_files / "report.pdf", settings=IngestSettings(pdf_tables=False))
    assert not _tables(doc)
    assert mf.PROSE in _texts(doc, "paragraph")  # full-width prose lines still join
    texts = [b.text for b in doc.blocks]
    assert texts[texts.index("2023年6月底") + 1] == "前"
    assert {b.page for b in doc.blocks} == {1, 2}


def test_gbk_euc_h_font_decodes_to_chinese(fixture_files: Path) -> None:
    doc = ingest.read(fixture_files / "gbk_font.pdf")
    assert [b.text for b in doc.blocks] == mf.GBK_FONT_LINES
    assert doc.blocks[0].kind == "heading" and doc.blocks[1].page == 1


def test_empty_user_password_pdf_reads_normally(docs: dict[str, Document]) -> None:
    assert docs["owner_only.pdf"].text() == docs["report.pdf"].text()
    assert docs["owner_only.pdf"].warnings == []


def test_extension_conflict_resolves_to_content(docs: dict[str, Document]) -> None:
    doc = docs["pdf_renamed.docx"]
    assert doc.format == "pdf"
    assert any(".docx" in w and "PDF" in w for w in doc.warnings)
    assert doc.text() == docs["report.pdf"].text()


# --------------------------------------------------------------------------- bad input

BAD = [
    ("encrypted.pdf", EncryptedDocument, "password"),
    ("encrypted.docx", EncryptedDocument, "EncryptionInfo"),
    ("scanned.pdf", EmptyDocument, "OCR"),  # read by OCR (issue 13): ruled lines, no text
    ("truncated.pdf", DocumentUnreadable, "%%EOF"),
    ("garbled_pua.pdf", GarbledText, "第1页"),
    ("garbled_cid.pdf", GarbledText, "第1页"),
    ("corrupt.docx", DocumentUnreadable, "zip"),
    ("bomb.xlsx", ArchiveBomb, "ratio"),
    ("png_renamed.pdf", EmptyDocument, "16×16"),  # an image is OCR's; 16 px hold no text
    ("archive.zip", UnsupportedFormat, "ZIP"),
    ("legacy.doc", UnsupportedFormat, "请另存为 .docx"),
    ("legacy.xls", UnsupportedFormat, "请另存为 .xlsx"),
    ("empty.txt", EmptyDocument, "empty"),
    ("blank.md", EmptyDocument, "empty"),
    ("binary.txt", EncodingError, "GB18030"),
]


@pytest.mark.parametrize(("name", "error", "detail"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_raises_its_error(fixture_files: Path, name: str, error: type[DocumentError],
                                    detail: str) -> None:
    with pytest.raises(error) as info:
        ingest.read(fixture_files / name)
    message = str(info.value)
    assert type(info.value) is error
    assert message.startswith(f"{name}: {error.zh} / {error.en}")
    assert detail in message
    assert "\n" not in message
    assert info.value.path == str(fixture_files / name)


def test_file_too_large_is_checked_before_reading(fixture_files: Path) -> None:
    with pytest.raises(FileTooLarge, match=r"report\.pdf: .* MB > 0\.001 MB"):
        ingest.read(fixture_files / "report.pdf", settings=IngestSettings(max_file_mb=0.001))


def test_max_pages(fixture_files: Path) -> None:
    with pytest.raises(FileTooLarge, match="2 pages > max_pages 1"):
        ingest.read(fixture_files / "report.pdf", settings=IngestSettings(max_pages=1))


def test_unpacked_size_limit(fixture_files: Path) -> None:
    with pytest.raises(ArchiveBomb, match="report.docx"):
        ingest.read(fixture_files / "report.docx", settings=IngestSettings(max_unpacked_mb=0.01))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DocumentUnreadable, match="nothing.pdf: .*file not found"):
        ingest.read(tmp_path / "nothing.pdf")
    with pytest.raises(DocumentUnreadable, match="directory"):
        ingest.read(tmp_path)


def test_unknown_extension_with_pdf_content(fixture_files: Path, tmp_path: Path) -> None:
    target = tmp_path / "下载文件.bin"
    shutil.copy(fixture_files / "report.pdf", target)
    doc = ingest.read(target)
    assert doc.format == "pdf" and doc.warnings == []


# --------------------------------------------------------------------------- DOCX / XLSX / HTML / TXT details


def test_docx_nested_table_horizontal_merge_and_insertions(fixture_files: Path) -> None:
    doc = ingest.read(fixture_files / "nested.docx")
    assert [(b.kind, b.level) for b in doc.blocks] == [("heading", 2), ("table", None), ("table", None),
                                                       ("paragraph", None)]
    outer, inner = _tables(doc)
    assert [r.cells for r in outer.rows] == [["项目名称", "乡村文化振兴", ""], ["指标", "目标值", "完成值"],
                                             ["培训人次", "1000人次", "860人次"]]
    assert [r.cells for r in inner.rows] == [["其中：线上", "300人次"], ["线下", "560人次"]]
    assert (outer.table, inner.table) == (0, 1)
    assert any("nested" in w for w in doc.warnings)
    assert doc.blocks[3].text == "未达到年初1000人次的目标，主要原因是疫情影响。"


def test_xlsx_numbers_dates_formulas_and_sheets(fixture_files: Path) -> None:
    doc = ingest.read(fixture_files / "formats.xlsx")
    assert [(b.kind, b.sheet) for b in doc.blocks] == [("heading", "预算执行"), ("table", "预算执行"),
                                                       ("table", "预算执行"), ("paragraph", "说明")]
    assert doc.blocks[0].text == "项目支出绩效自评表"
    budget, second = _tables(doc)
    assert [r.cells for r in budget.rows] == [
        ["项目", "全年预算数（万元）", "全年执行数（万元）", "执行率", "完成日期", "备注"],
        ["财政拨款", "1234.50", "1200.25", "97.22%", "2023年8月15日", "10"],
        ["其他资金", "56.00", "56.00", "100.00%", "2023年12月31日", "已完成"],
        ["合计", "1290.50", "", "50%", "2024年1月", "3个"],
    ]
    assert [r.cells for r in second.rows] == [["指标", "完成值"], ["培训人次", "860"], ["满意度", "92.5%"]]
    assert len(doc.warnings) == 1 and "C5" in doc.warnings[0] and "预算执行" in doc.warnings[0]


def test_gbk_html_skips_page_chrome_and_splits_br_lines(fixture_files: Path) -> None:
    doc = ingest.read(fixture_files / "report_gbk.html")
    text = doc.text()
    for chrome in ("不应出现的脚本文字", "首页", "主办单位", "县人民政府门户网站", "color:red", "_县财政局"):
        assert chrome not in text
    assert _texts(doc, "paragraph")[-3:] == ["一、项目概况", "本项目由县文化馆具体实施。", "二、绩效目标 完成情况"]


def test_html_spans_layout_tables_and_wrapped_source_lines(tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_text(
        "<html><body><table><tr><td><h3>绩效指标</h3>"
        "<table border=1><tr><th rowspan=2>产出指标</th><th colspan=2>数量指标</th></tr>"
        "<tr><td>完成\n   时间</td><td>Table\nGrid</td></tr>"
        "<tr><td>合计</td><td>2023年6月底<br>前</td><td>&nbsp;</td></tr></table>"
        "</td></tr></table><p>说明：<!-- 注释 -->共三项。</p></body></html>", encoding="utf-8")
    doc = ingest.read(page)
    assert [(b.kind, b.text) for b in doc.blocks if b.kind != "table"] == [("heading", "绩效指标"),
                                                                           ("paragraph", "说明：共三项。")]
    (table,) = _tables(doc)
    assert [r.cells for r in table.rows] == [["产出指标", "数量指标", ""], ["", "完成时间", "Table Grid"],
                                             ["合计", "2023年6月底前", ""]]


def test_text_tables_headings_and_line_offsets(tmp_path: Path) -> None:
    note = tmp_path / "说明.txt"
    note.write_text("项目自评说明\n\n一、总体情况\n全年完成培训860人次，\n未达到年初目标。\n\n"
                    "指标\t目标值\t完成值\n\t培训人次\t860人次\n\n| 指标 | 值 |\n|:--|--:|\n| a\\|b | **92%** |\n",
                    encoding="gb18030")
    doc = ingest.read(note)
    assert [(b.kind, b.level) for b in doc.blocks] == [("heading", 1), ("heading", 1), ("paragraph", None),
                                                       ("table", None), ("table", None)]
    assert doc.blocks[2].text == "全年完成培训860人次，\n未达到年初目标。"
    assert [r.cells for r in doc.blocks[3].rows] == [["指标", "目标值", "完成值"], ["", "培训人次", "860人次"]]
    assert [r.cells for r in doc.blocks[4].rows] == [["指标", "值"], ["a|b", "**92%**"]]
    md = tmp_path / "说明.md"
    md.write_text("## 指标\n\n| 指标 | 值 |\n|---|---|\n| a\\|b | **92%** |\n", encoding="utf-8")
    doc = ingest.read(md)
    assert (doc.blocks[0].kind, doc.blocks[0].level, doc.blocks[0].text) == ("heading", 2, "指标")
    assert [r.cells for r in doc.blocks[1].rows] == [["指标", "值"], ["a|b", "92%"]]


def test_html_looking_text_is_not_html(tmp_path: Path) -> None:
    note = tmp_path / "摘录.txt"
    note.write_text("〈meta name=“ArticleTitle” content=“19年度部门整体支出绩效目标”〉\n正文。\n", encoding="utf-8")
    assert ingest.read(note).format == "txt"


@pytest.mark.parametrize("path", sorted(REALDOCS.glob("*.txt")), ids=lambda p: p.name[:12])
def test_real_documents_keep_every_verbatim_line(path: Path) -> None:
    doc = ingest.read(path)
    raw = path.read_text(encoding="utf-8")
    excerpt = raw.split("-----BEGIN VERBATIM EXCERPT-----")[1].split("-----END VERBATIM EXCERPT-----")[0]
    text = doc.text()
    lines = [" ".join(ln.split()) for ln in excerpt.splitlines() if ln.strip() and ln.strip() != "|"]
    assert lines
    missing = [ln for ln in lines if ln not in text]
    assert not missing, missing[:3]
    assert doc.format == "txt" and doc.blocks[0].text.startswith("http")


def test_pdf_table_continued_across_pages_and_paragraph_breaks(tmp_path: Path) -> None:
    from docreview.docgen import DocSpec, Heading, Para, Table, write

    rows = [["序号", "三级指标", "年度指标值", "实际完成值"]]
    rows += [[str(i), f"村道硬化第{i}段", f"≥{i}公里", f"{i}.5公里"] for i in range(1, 61)]
    first = "全年完成村道硬化六十段，总里程比上年增加百分之十二。"
    second = "部分路段因征地推迟开工，已在第四季度完成。"
    pdf = write(DocSpec(blocks=[Heading("农村公路建设情况"), Para(first), Para(second), Table(rows)]),
                tmp_path / "长表.pdf")
    doc = ingest.read(pdf)
    assert [(b.kind, b.page) for b in doc.blocks] == [("heading", 1), ("paragraph", 1), ("paragraph", 1),
                                                      ("table", 1), ("table", 2)]
    assert _texts(doc, "paragraph") == [first, second]
    page1, page2 = _tables(doc)
    assert (page1.table, page2.table) == (0, 1)
    assert page1.rows[0].cells == page2.rows[0].cells == rows[0]  # the header repeats on page 2
    assert [r.cells for r in page1.rows[1:]] + [r.cells for r in page2.rows[1:]] == rows[1:]


def _odt() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


@pytest.mark.parametrize(("name", "data", "detail"), [
    ("照片.pdf", b"GIF89a" + bytes(200), "GIF"),  # PNG/JPEG/TIFF are read by OCR (tests/test_ocr.py)
    ("tool.docx", b"\x7fELF\x02\x01\x01" + bytes(200), "ELF"),
    ("自评表.doc", "{\\rtf1\\ansi 自评表}".encode("gbk"), "RTF"),
    ("报告.mht", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n", "MHT"),
    ("报告.odt", _odt(), "OpenDocument"),
], ids=["gif", "elf", "rtf", "mht", "odt"])
def test_unsupported_content_is_named(tmp_path: Path, name: str, data: bytes, detail: str) -> None:
    target = tmp_path / name
    target.write_bytes(data)
    with pytest.raises(UnsupportedFormat, match=detail) as info:
        ingest.read(target)
    assert str(info.value).startswith(f"{name}: 不支持的文件类型 / unsupported file type")


def test_long_pdf_fast_path_reads_the_same_tables_and_text(tmp_path: Path) -> None:
    from docreview.docgen import DocSpec, PageBreak, Para, Table, write
    from docreview.settings import IngestSettings

    blocks: list[object] = [Table([["三级指标", "年度指标值", "实际完成值"], ["项目完成时间", "2023年6月底前", "2023年8月15日"]])]
    for n in range(24):
        blocks += [PageBreak(), Para(f"第{n + 1}部分：全年共开展送戏下乡演出三百二十场次，群众满意度达到96.5%。")]
    path = write(DocSpec(blocks=blocks), tmp_path / "long.pdf")  # type: ignore[arg-type]
    fast = ingest.read(path, settings=IngestSettings(fast_prose_pages_over=20))
    full = ingest.read(path, settings=IngestSettings(fast_prose_pages_over=1000))
    assert fast.pages == full.pages == 25
    assert [b.rows[1].cells for b in fast.blocks if b.kind == "table"] == [["项目完成时间", "2023年6月底前", "2023年8月15日"]]

    def prose(doc: Document) -> list[tuple[int | None, str]]:
        return [(b.page, b.text) for b in doc.blocks if b.kind != "table"]

    assert prose(fast) == prose(full)
