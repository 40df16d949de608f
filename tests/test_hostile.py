"""Crafted and merely huge inputs (issues 16 and 18) end within a bounded time and peak memory, each in a
one-line message naming the file.  Inputs come from the committed generator ``tests/hostile.py`` and are
written into a tmp dir for the one test that reads them, then removed.

Time and peak memory are the ones of the worker process that parsed the file (``ingest.bounded.run``):
wall-clock seconds as the caller saw them and the worker's own peak resident size.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import hostile
from docreview import ingest
from docreview.errors import (
    ArchiveBomb,
    DocumentError,
    DocumentTooComplex,
    DocumentUnreadable,
    EmptyDocument,
    MemoryLimitExceeded,
    ParseTimeout,
    ReviewTimeout,
)
from docreview.ingest import bounded
from docreview.pipeline import run_review
from docreview.settings import IngestSettings, Settings

# Every input must end well before these; the deadline is the backstop, the caps should answer first.
SECONDS = 8.0
PEAK_MB = 700.0
SETTINGS = IngestSettings(deadline_s=30)


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    made: list[Path] = []

    def _make(name: str) -> Path:
        made.append(hostile.MAKERS[name](tmp_path))
        return made[-1]

    yield _make
    for path in made:  # the large ones should not outlive their test
        path.unlink(missing_ok=True)


CASES = [
    # (input, error type, what the message must say)
    ("docx_gridspan", DocumentTooComplex, "表格过宽：超过 16384 列（100000000 列）"),
    ("docx_10k_tables", DocumentTooComplex, "表格过多：10000 个，超过 2000 个"),
    ("xlsx_far_cell", DocumentTooComplex, "表格行数过多：超过 100000 行"),
    ("xlsx_merged_all", DocumentTooComplex, "合并单元格区域过大：A1:XFD1048576"),
    ("xlsx_rows", DocumentTooComplex, "工作表行数过多：超过 100000 行"),
    ("xlsx_many_sheets", ArchiveBomb, "MB > 200 MB"),
    ("txt_large", DocumentTooComplex, "文字过多：超过 10000000 个字符"),
    ("txt_long_line", DocumentTooComplex, "单行过长"),
    ("md_rows", DocumentTooComplex, "表格行数过多：超过 100000 行"),
    ("tsv_rows", DocumentTooComplex, "表格行数过多：超过 100000 行"),
    ("html_nested", DocumentTooComplex, "网页嵌套层级过深：超过 200 层"),
    ("html_colspan", DocumentTooComplex, "表格过大：超过 500000 个单元格"),
    ("html_tables", DocumentTooComplex, "表格过多：20000 个，超过 2000 个"),
    ("pdf_self_length", DocumentUnreadable, "引用自身"),
    ("pdf_text_ops", DocumentTooComplex, "第1页文字操作过多：超过 100000 个"),
    ("pdf_long_string", DocumentTooComplex, "第1页有超过 64 KB 的字符串"),
    ("pdf_inflation", DocumentTooComplex, "第1页内容解压后过大"),
]


def test_every_generated_input_has_a_case() -> None:
    # the 16,000-column sheet is within Excel's own width: it is read and reviewed (test below)
    assert {name for name, *_ in CASES} | {"xlsx_columns"} == set(hostile.MAKERS)


def test_a_16000_column_sheet_is_read_and_reviewed_within_bounds(make: Callable[[str], Path],
                                                                  tmp_path: Path) -> None:
    path = make("xlsx_columns")
    outcome = bounded.run(path, SETTINGS)
    assert outcome.error is None
    assert outcome.seconds < SECONDS and 0 < outcome.peak_mb < PEAK_MB
    widest = max(len(row.cells) for block in outcome.document.blocks for row in block.rows)
    assert widest == 16_000
    settings = Settings(workspace=tmp_path / "ws")
    review = run_review([], [path], settings=settings, explain=False)
    assert review.report_files == [path.name]
    assert review.timings["ingest"] + review.timings["extract"] < SECONDS


@pytest.mark.parametrize(("name", "error", "says"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_ends_bounded_with_a_clear_message(make: Callable[[str], Path], name: str,
                                                         error: type[DocumentError], says: str) -> None:
    path = make(name)
    outcome = bounded.run(path, SETTINGS)
    assert outcome.document is None
    assert type(outcome.error) is error, outcome.error
    message = outcome.error.message
    assert message.startswith(f"{path.name}: "), message
    assert says in message
    assert "\n" not in message and "Error" not in message  # one line, no library text
    assert outcome.seconds < SECONDS, f"{name}: {outcome.seconds:.1f} s"
    assert 0 < outcome.peak_mb < PEAK_MB, f"{name}: {outcome.peak_mb:.0f} MB"


# --------------------------------------------------------------------------- the backstop itself


def test_a_parse_past_the_deadline_is_killed_and_named(make: Callable[[str], Path]) -> None:
    """With its cap lifted, the 1 MB string literal keeps pdfminer busy for minutes: the deadline ends it."""
    path = make("pdf_long_string")
    settings = IngestSettings(deadline_s=2, max_pdf_string_kb=10**6)
    outcome = bounded.run(path, settings)
    assert isinstance(outcome.error, ParseTimeout)
    assert outcome.error.message == (f"{path.name}: 文件解析超时 / parsing timed out: 超过 2 秒 / over 2 s")
    assert 2 <= outcome.seconds < 4
    with pytest.raises(ParseTimeout, match="long_string_1mb.pdf: 文件解析超时"):
        ingest.read(path, settings=settings)


def test_a_parse_past_the_memory_ceiling_is_stopped_and_named(make: Callable[[str], Path]) -> None:
    """With the column cap lifted, a 1 KB DOCX asks for 2³¹ cells: the address-space limit ends it."""
    path = make("docx_gridspan")
    settings = IngestSettings(memory_mb=700, max_columns=10**12, max_table_cells=10**15)
    outcome = bounded.run(path, settings)
    assert isinstance(outcome.error, MemoryLimitExceeded)
    assert outcome.error.message == (f"{path.name}: 文件解析超出内存上限 / parsing exceeded the memory limit: "
                                     f"超过 700 MB / over 700 MB")
    assert outcome.seconds < SECONDS
    assert outcome.peak_mb < 700


def test_an_extraction_past_the_deadline_is_killed_and_named(fixture_files: Path) -> None:
    """Extraction runs in the parsing worker (``read_then``): a step that never ends is stopped like a parser."""
    path = fixture_files / "report.docx"
    started = time.perf_counter()
    with pytest.raises(ParseTimeout) as caught:
        ingest.read_then(path, hostile.extraction_that_never_ends, settings=IngestSettings(deadline_s=2))
    assert caught.value.message == "report.docx: 文件解析超时 / parsing timed out: 超过 2 秒 / over 2 s"
    assert time.perf_counter() - started < 5


def test_an_extraction_past_the_memory_ceiling_is_stopped_and_named(fixture_files: Path) -> None:
    with pytest.raises(MemoryLimitExceeded, match=r"^report\.docx: 文件解析超出内存上限"):
        ingest.read_then(fixture_files / "report.docx", hostile.extraction_that_allocates,
                         settings=IngestSettings(memory_mb=700))


@pytest.mark.parametrize("isolate", [True, False])
def test_an_extraction_bug_is_a_message_naming_the_file(fixture_files: Path, isolate: bool) -> None:
    with pytest.raises(DocumentUnreadable) as caught:
        ingest.read_then(fixture_files / "report.docx", hostile.extraction_that_fails,
                         settings=IngestSettings(isolate=isolate))
    assert caught.value.message == ("report.docx: 文件已损坏或不完整 / the file is corrupt or truncated: "
                                    "文件内容结构异常，无法提取 / the content could not be extracted")
    assert "KeyError" not in caught.value.message


def test_a_review_past_its_deadline_ends_naming_the_files(fixture_files: Path, tmp_path: Path) -> None:
    """After reading, the review (index, match, score, explain) runs in this process under
    ``review_deadline_s``; a deadline already spent stops it at the first check, with the files named."""
    settings = Settings(workspace=tmp_path / "ws", review_deadline_s=0)
    with pytest.raises(ReviewTimeout) as caught:
        run_review([fixture_files / "report.xlsx"], [fixture_files / "report.docx", fixture_files / "report.md"],
                   settings=settings)
    assert caught.value.message == ("report.docx: 审核超时 / the review timed out: index 阶段超过 0 秒"
                                    "（report.docx、report.md） / over 0 s at index")


def test_the_caller_goes_on_after_a_killed_worker(make: Callable[[str], Path], fixture_files: Path) -> None:
    bounded.run(make("pdf_long_string"), IngestSettings(deadline_s=1, max_pdf_string_kb=10**6))
    doc = ingest.read(fixture_files / "report.docx")
    assert doc.blocks


def test_isolated_and_in_process_reads_agree(fixture_files: Path) -> None:
    for name in ("report.pdf", "report.docx", "report.xlsx", "report.html", "report.md"):
        isolated = ingest.read(fixture_files / name, settings=IngestSettings(isolate=True))
        here = ingest.read(fixture_files / name, settings=IngestSettings(isolate=False))
        assert isolated.model_dump() == here.model_dump()
    for settings in (IngestSettings(isolate=True), IngestSettings(isolate=False)):
        with pytest.raises(EmptyDocument) as caught:
            ingest.read(fixture_files / "empty.txt", settings=settings)
        assert caught.value.message == "empty.txt: 文件为空 / the file is empty"
        assert caught.value.path == str(fixture_files / "empty.txt")


def test_library_text_stays_in_the_log(tmp_path: Path) -> None:
    """A parser's own exception text ("TypeError: expected …", "KeyError: …") never reaches the reviewer."""
    path = tmp_path / "broken.docx"
    hostile._docx(path, ['<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'])
    with __import__("zipfile").ZipFile(path, "a") as zf:
        zf.writestr("word/_rels/document.xml.rels", "<not-xml")
    with pytest.raises(DocumentError) as caught:
        ingest.read(path)
    message = caught.value.message
    assert message.startswith("broken.docx: ")
    assert "Error" not in message and "<class" not in message


def test_an_xhtml_page_prints_no_warning(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "page.xhtml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
                    "<p>预算执行率98%。</p></body></html>", encoding="utf-8")
    doc = ingest.read(path, settings=IngestSettings(isolate=False))
    assert "预算执行率98%。" in doc.blocks[0].text
    assert capfd.readouterr().err == ""


def test_a_worker_never_re_imports_the_callers_main(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The caller's ``__main__`` (a script without a guard, Streamlit's app script under AppTest) is not run
    again in the worker: a main module that fails on import does not stop the read."""
    import sys
    import types

    script = tmp_path / "caller_script.py"
    script.write_text("raise SystemExit('the caller script ran again in the worker')\n", encoding="utf-8")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    doc = tmp_path / "report.txt"
    doc.write_text("一、项目概况\n本项目年度预算100万元，已支出95万元。\n", encoding="utf-8")
    from docreview import ingest
    from docreview.settings import IngestSettings

    assert ingest.read(doc, settings=IngestSettings(isolate=True)).blocks


def test_the_parsing_ceiling_counts_above_the_warm_worker(fixture_files: Path, tmp_path: Path) -> None:
    """A queue worker's forkserver preloads the review stages (e5, Chroma, jieba: about 600 MB of address space
    before any reading); a reader forked from it still gets ``memory_mb`` of its own — a read and extraction that
    need 200 MB succeed under a 300 MB ceiling — and a runaway extraction is still stopped at it."""
    import subprocess
    import sys

    script = tmp_path / "warm_server.py"
    script.write_text(f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import hostile
from docreview import ingest
from docreview.errors import MemoryLimitExceeded
from docreview.ingest import bounded
from docreview.settings import IngestSettings

if __name__ == "__main__":
    from docreview.pipeline import prepare_bounded_review

    prepare_bounded_review("docreview.queue.warm")  # what a queue worker does before its first job
    settings = IngestSettings(memory_mb=300)
    _doc, (before, peak) = ingest.read_then({str(fixture_files / "report.docx")!r}, hostile.extraction_that_needs_200mb,
                                           settings=settings)
    print("warm worker:", before, "MB; peak", peak, "MB")
    assert before > 300 and peak >= before + 190, (before, peak)  # warm indeed, and the 200 MB were given
    try:
        ingest.read_then({str(fixture_files / "report.docx")!r}, hostile.extraction_that_allocates, settings=settings)
    except MemoryLimitExceeded as exc:
        print("stopped:", exc.message)
    else:
        raise SystemExit("the runaway extraction was not stopped")
""", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, encoding="utf-8",
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "stopped: report.docx: 文件解析超出内存上限" in done.stdout, done.stdout
