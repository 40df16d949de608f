"""The files of one review are read side by side in their own bounded workers (pipeline.read_set,
``IngestSettings.parallel_reads``): same results as one after the other, progress from the calling thread
only, and a failure or a cancellation stops the other reads instead of waiting for them."""

from __future__ import annotations

import multiprocessing.forkserver
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import hostile
from docreview import pipeline
from docreview.errors import DocumentError, DocumentUnreadable
from docreview.settings import Settings


def _settings(tmp_path: Path, parallel: int, deadline_s: float = 120.0) -> Settings:
    s = Settings(workspace=tmp_path / "ws")
    return s.model_copy(update={"ingest": s.ingest.model_copy(update={"parallel_reads": parallel,
                                                                       "deadline_s": deadline_s})})


def _forkserver_children() -> list[int]:
    pid = multiprocessing.forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    if pid is None:
        return []
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(c) for c in (task / "children").read_text(encoding="utf-8").split()]
    return out


def _no_worker_left() -> bool:
    end = time.monotonic() + 5
    while time.monotonic() < end:
        if not _forkserver_children():
            return True
        time.sleep(0.05)
    return False


def test_side_by_side_gives_what_one_after_the_other_gives(fixture_files: Path, tmp_path: Path) -> None:
    policy, reports = [fixture_files / "report.docx"], [fixture_files / "report.pdf", fixture_files / "report.xlsx"]
    one = pipeline.read_set(policy, reports, settings=_settings(tmp_path, 1))
    two = pipeline.read_set(policy, reports, settings=_settings(tmp_path, 2))
    assert [d.name for d in two.report_docs] == ["report.pdf", "report.xlsx"]  # the given order, not finishing order
    assert two.policy_docs == one.policy_docs and two.report_docs == one.report_docs
    assert two.policy_x == one.policy_x and two.report_x == one.report_x
    assert sum(len(x.claims) for x in two.report_x) > 0


def test_progress_comes_from_the_calling_thread_and_counts_every_file(fixture_files: Path, tmp_path: Path) -> None:
    calls: list[tuple[str, int, int, int]] = []
    files = [fixture_files / "report.pdf", fixture_files / "report.html", fixture_files / "report.txt"]
    pipeline.read_set([fixture_files / "report.docx"], files, settings=_settings(tmp_path, 2),
                      progress=lambda stage, done, total: calls.append((stage, done, total, threading.get_ident())))
    assert {ident for *_rest, ident in calls} == {threading.get_ident()}
    ingest = [(d, t) for stage, d, t, _i in calls if stage == "ingest"]
    extract = [(d, t) for stage, d, t, _i in calls if stage == "extract"]
    assert ingest == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert extract == [(1, 3), (2, 3), (3, 3)]


def test_a_failed_file_stops_the_other_reads_and_is_named(fixture_files: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The policy's extraction never ends (deadline 60 s); the report is corrupt: the error names the report at
    once, and the endless read's worker is killed rather than left to its deadline."""
    monkeypatch.setattr(pipeline, "_extract_policy_timed", hostile.extraction_that_never_ends)
    started = time.perf_counter()
    with pytest.raises(DocumentUnreadable) as caught:
        pipeline.read_set([fixture_files / "report.docx"], [fixture_files / "corrupt.docx"],
                          settings=_settings(tmp_path, 2, deadline_s=60))
    assert caught.value.message.startswith("corrupt.docx: ")
    assert time.perf_counter() - started < 30
    assert _no_worker_left()


def test_of_several_failures_the_first_file_in_order_is_named(fixture_files: Path, tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        pipeline.read_set([fixture_files / "report.docx"], [fixture_files / "binary.txt", fixture_files / "corrupt.docx"],
                          settings=_settings(tmp_path, 2))
    assert caught.value.message.startswith("binary.txt: ")


class Cancelled(Exception):
    pass


def test_a_cancellation_from_progress_stops_the_reads(fixture_files: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The queue's progress callback raises to cancel a job: the read that would never end is stopped."""
    monkeypatch.setattr(pipeline, "_extract_policy_timed", hostile.extraction_that_never_ends)

    def progress(stage: str, done: int, total: int) -> Any:
        if stage == "ingest":
            raise Cancelled

    started = time.perf_counter()
    with pytest.raises(Cancelled):
        pipeline.read_set([fixture_files / "report.docx"], [fixture_files / "report.txt"],
                          settings=_settings(tmp_path, 2, deadline_s=60), progress=progress)
    assert time.perf_counter() - started < 30
    assert _no_worker_left()


def test_reads_started_at_once_leave_the_callers_main_module_in_place(fixture_files: Path, tmp_path: Path) -> None:
    """Each worker starts with a stand-in ``__main__`` swapped in for the ``start()`` call; reads started by several
    threads at once must each put back the real one, not another thread's stand-in."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from docreview import ingest

    main = sys.modules["__main__"]
    files = [fixture_files / name for name in ("report.txt", "report.md", "report.html", "report.docx")] * 3
    settings = _settings(tmp_path, 2).ingest
    with ThreadPoolExecutor(max_workers=6) as pool:
        docs = list(pool.map(lambda p: ingest.read(p, settings=settings), files))
    assert [d.name for d in docs] == [p.name for p in files]
    assert sys.modules["__main__"] is main
