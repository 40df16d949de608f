"""A long PDF's unruled pages are read in a forked process while its ruled pages are read (ingest/pdf.py
``_read_aside``, ``IngestSettings.pdf_split_read``): the same document as reading them one after the other, a
failed side process costs nothing but time, and no fork happens while other threads run."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from docreview import ingest
from docreview.ingest import pdf as pdf_reader
from docreview.settings import IngestSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
from gen_prose import write_table_workload  # noqa: E402 — the benchmark's own 100-page table report


@pytest.fixture(scope="module")
def long_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _policy, report = write_table_workload(tmp_path_factory.mktemp("split"), pages=30, indicators=12)
    return report


def test_the_split_read_gives_the_same_document(long_report: Path) -> None:
    split = ingest.read(long_report, settings=IngestSettings(pdf_split_read=True))
    serial = ingest.read(long_report, settings=IngestSettings(pdf_split_read=False))
    assert split.blocks == serial.blocks and split.warnings == serial.warnings
    assert any(b.kind == "table" for b in split.blocks) and sum(b.kind == "paragraph" for b in split.blocks) > 20


def test_a_failed_side_process_leaves_the_pages_to_the_reader(long_report: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """In this (test) process: the side process fails on every page, the reader reads them itself."""
    parent = os.getpid()
    real = pdf_reader._pypdf_page

    def fails_in_the_child(ctx: object, number: int, reader: object) -> object:
        if os.getpid() != parent:
            raise RuntimeError("the side process breaks")
        return real(ctx, number, reader)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_reader, "_pypdf_page", fails_in_the_child)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # as in the single-threaded parsing worker
    forks: list[int] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    settings = IngestSettings(isolate=False, pdf_split_read=True)
    doc = ingest.read(long_report, settings=settings)
    assert forks == [1]  # the side process was started, and failed
    expected = ingest.read(long_report, settings=IngestSettings(isolate=False, pdf_split_read=False))
    assert doc.blocks == expected.blocks


def test_no_fork_while_other_threads_run(long_report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise AssertionError("forked with other threads running")

    monkeypatch.setattr(os, "fork", no_fork)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        doc = ingest.read(long_report, settings=IngestSettings(isolate=False, pdf_split_read=True))
    finally:
        stop.set()
        other.join()
    assert any(b.kind == "table" for b in doc.blocks)


def test_the_side_process_reads_its_pages(long_report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # as in the single-threaded parsing worker
    forks: list[int] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    doc = ingest.read(long_report, settings=IngestSettings(isolate=False, pdf_split_read=True))
    assert forks == [1]
    expected = ingest.read(long_report, settings=IngestSettings(isolate=False, pdf_split_read=False))
    assert doc.blocks == expected.blocks and doc.warnings == expected.warnings
