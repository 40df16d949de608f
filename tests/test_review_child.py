"""A job's review (after its files are read) runs in a child process with a memory ceiling and a deadline
(issue 18): a real ``docreview worker`` consumer, a real SQLite store, the review step replaced by the stand-ins
of ``tests/hostile.py`` through the test hook ``DOCREVIEW_QUEUE_REVIEW_STEP`` (by report name, so that one
worker meets every kind of job in turn)."""

from __future__ import annotations

import json
import logging
import re
import shutil
import time
from pathlib import Path

import pytest

from docreview.errors import ReviewMemoryExceeded
from docreview.pipeline import review_bounded, run_review
from docreview.queue import submit_units
from docreview.settings import QueueSettings, Settings, StoreSettings
from docreview.store import Workspace, jobs
from docreview.store.jobs import ReviewUnit, UnitFile
from hostile import review_by_report_name
from queue_procs import queue_env, wait_for, worker

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
POLICY = SAMPLES / "policy_目标表.docx"
REPORT = SAMPLES / "report_自评报告.txt"
CEILING_MB = 1024
DEADLINE_S = 4.0

pytestmark = pytest.mark.slow


def _comparable(review_json: str) -> dict[str, object]:
    """A review without what differs between two runs of the same review (its id, time and timings)."""
    data = json.loads(review_json)
    for key in ("id", "created", "timings"):
        data.pop(key, None)
    return data


def test_a_review_past_its_ceiling_or_deadline_fails_its_job_and_the_worker_goes_on(tmp_path: Path) -> None:
    settings = Settings(workspace=tmp_path / "ws",
                        store=StoreSettings(database_url=f"sqlite:///{(tmp_path / 'ws' / 'docreview.db').resolve()}"),
                        queue=QueueSettings())
    env = queue_env(settings.workspace, DOCREVIEW_QUEUE_REVIEW_STEP="hostile:review_by_report_name",
                    DOCREVIEW_REVIEW_MEMORY_MB=str(CEILING_MB), DOCREVIEW_REVIEW_DEADLINE_S=str(DEADLINE_S),
                    PYTHONPATH=str(ROOT / "tests"))
    names = ["内存_自评报告.txt", "卡死_自评报告.txt", "崩溃_自评报告.txt", "正常_自评报告.txt"]
    with Workspace(settings) as ws:
        batch = ws.create_batch("审核子进程", user=None)
        policy = UnitFile(sha256=ws.store_document(POLICY.read_bytes(), POLICY.name, user=None), role="policy",
                          filename=POLICY.name)
        units = [ReviewUnit(files=[policy, UnitFile(sha256=ws.store_document(REPORT.read_bytes(), name, user=None),
                                                    role="report", filename=name)], unit_name=name.split("_")[0])
                 for name in names]
        by_name = dict(zip(names, submit_units(ws, batch.id, units, user=None).jobs, strict=True))
        w = worker(tmp_path, env, "w")
        t0 = time.monotonic()
        try:
            wait_for(lambda: jobs.batch_progress(ws, batch.id).finished, timeout=90, what="the batch", logs=[w])
        finally:
            w.stop()
        elapsed = time.monotonic() - t0
        done = {name: jobs.get_job(ws, job.id) for name, job in by_name.items()}
        log = w.output()

        memory, hang, crash, normal = (done[n] for n in names)
        assert (memory.state, memory.attempts) == ("failed", 1)  # failed with its message, not retried as a death
        assert memory.error == f"审核超出内存上限（{CEILING_MB} MB），已停止：内存_自评报告.txt / the review exceeded the memory limit"
        assert (crash.state, crash.attempts) == ("failed", 1)
        assert crash.error == f"审核超出内存上限（{CEILING_MB} MB），已停止：崩溃_自评报告.txt / the review exceeded the memory limit"
        assert (hang.state, hang.attempts) == ("failed", 1)
        assert hang.error and hang.error.startswith("卡死_自评报告.txt: 审核超时 / the review timed out: 超过 4 秒")
        assert normal.state == "done" and normal.review_id is not None
        # one worker process ran all four: the pid in the worker id (host:pid:token:thread) is the same
        assert len({j.worker.split(":")[1] for j in done.values() if j.worker}) == 1
        assert elapsed < 60  # bounded: the hang at 4 s (+1 s grace), the allocation at 1 GB, no lease expiry
        assert "Traceback" not in (memory.error + hang.error + crash.error)

        # the allocating child measured its own peak address space: it grew to the ceiling and not past it
        peaks = [float(m) for m in re.findall(r"review of 内存_自评报告\.txt: memory in [\d.]+ s, peak address space "
                                              r"(\d+) MB", log)]
        assert peaks and CEILING_MB * 0.75 < peaks[0] <= CEILING_MB, log[-3000:]

        # the normal job's review is the review run in this process from the same files
        saved = ws.get_review(normal.review_id, user=None).review
    folder = tmp_path / "here"
    folder.mkdir()
    report = folder / "正常_自评报告.txt"
    shutil.copy(REPORT, report)
    here_settings = Settings(workspace=tmp_path / "here-ws")
    here_settings = here_settings.model_copy(
        update={"retrieval": here_settings.retrieval.model_copy(update={"mode": "bm25"})})  # as queue_env sets
    here = run_review([POLICY], [report], settings=here_settings)
    assert _comparable(saved.model_dump_json()) == _comparable(here.model_dump_json())


def test_review_bounded_returns_the_in_process_review_and_stops_an_allocation_at_the_ceiling(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # a workspace each: a second review in one workspace reads its vectors back from Chroma as float32
    settings = Settings(workspace=tmp_path / "ws", review_memory_mb=CEILING_MB)
    bounded = review_bounded([POLICY], [REPORT], settings=settings)
    here = run_review([POLICY], [REPORT], settings=Settings(workspace=tmp_path / "here-ws"))
    assert _comparable(bounded.model_dump_json()) == _comparable(here.model_dump_json())

    report = tmp_path / "内存_自评报告.txt"
    shutil.copy(REPORT, report)
    stages: list[str] = []
    t0 = time.monotonic()
    with caplog.at_level(logging.INFO, logger="docreview.pipeline"), pytest.raises(ReviewMemoryExceeded) as info:
        review_bounded([POLICY], [report], settings=settings, step=review_by_report_name,
                       progress=lambda stage, done, total: stages.append(stage))
    assert time.monotonic() - t0 < 30
    assert info.value.message.startswith(f"审核超出内存上限（{CEILING_MB} MB），已停止：内存_自评报告.txt")
    assert info.value.path == str(report)
    assert "ingest" in stages  # the files were read (in this process's parsing workers) before the child ran
    peak = float(re.search(r"memory in [\d.]+ s, peak address space (\d+) MB", caplog.text).group(1))  # type: ignore[union-attr]
    assert CEILING_MB * 0.75 < peak <= CEILING_MB


def test_the_cli_review_past_its_memory_ceiling_ends_in_one_clear_line(tmp_path: Path) -> None:
    from test_cli import run_cli

    # 300 MB: below what the preloaded review child already maps, so its first large allocation fails
    proc = run_cli("review", "--policy", str(POLICY), "--report", str(REPORT), "--out", str(tmp_path / "out"),
                   cwd=tmp_path, env_extra={"DOCREVIEW_REVIEW_MEMORY_MB": "300"})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "审核超出内存上限（300 MB），已停止：report_自评报告.txt" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (tmp_path / "out" / "review.json").exists()


def test_review_bounded_with_history_files_is_run_review_with_them(tmp_path: Path) -> None:
    from test_review_kinds import _self_eval

    history = _self_eval(tmp_path, "history.xlsx", 2023, [
        ["产出指标", "数量指标", "培训人数", "≥1000人", "1250人", "30", "30", ""],
        ["", "质量指标", "培训合格率", "≥95%", "91%", "20", "18", "部分学员未参加考核"]])
    report = _self_eval(tmp_path, "report.xlsx", 2024, [
        ["产出指标", "数量指标", "培训人数", "≥1000人", "1100人", "30", "30", ""],
        ["", "质量指标", "培训合格率", "≥95%", "92%", "20", "18", "考核组织延后"]])
    bounded = review_bounded([], [report], settings=Settings(workspace=tmp_path / "a"), history_paths=[history])
    here = run_review([], [report], settings=Settings(workspace=tmp_path / "b"), history_paths=[history])
    assert bounded.history_files == ["history.xlsx"] and len(bounded.baseline) == 2
    assert {f.type for f in bounded.flags} >= {"target_below_baseline", "repeated_miss"}
    assert _comparable(bounded.model_dump_json()) == _comparable(here.model_dump_json())
