"""A bounded worker that has answered is let exit on its own (its exit handlers run); one past its deadline is
killed.  Killed while exiting, a worker left multiprocessing's resource tracker with registrations nobody
removed, and the CLI printed "leaked semaphore objects" warnings after half of its reviews."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import hostile
from docreview.ingest import bounded

ROOT = Path(__file__).resolve().parents[1]


def test_a_worker_that_answered_runs_its_exit_handlers(tmp_path: Path) -> None:
    marker = tmp_path / "exited"
    outcome = bounded.call(hostile.answer_then_exit_slowly, (str(marker),), deadline_s=30)
    assert (outcome.kind, outcome.payload) == ("ok", "answer")
    assert marker.read_text(encoding="utf-8") == "exited"


def test_the_cli_review_prints_no_resource_tracker_warning(tmp_path: Path) -> None:
    report = ROOT / "samples" / "report_自评表.pdf"
    for _ in range(3):  # the warning came after about every other review
        proc = subprocess.run([sys.executable, "-m", "docreview.cli", "review", "--report", str(report), "--out",
                               str(tmp_path / "out"), "-q", "--workspace", str(tmp_path / "ws")],
                              capture_output=True, text=True, encoding="utf-8", timeout=300)
        assert proc.returncode == 0, proc.stderr
        assert "leaked" not in proc.stderr and "resource_tracker" not in proc.stderr, proc.stderr
