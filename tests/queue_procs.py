"""Real queue processes for the tests: ``docreview worker`` consumers and ``docreview app`` started as a user
would, in a process group of their own so that a test can kill one with -9 as a machine would die."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

FAST_QUEUE = {
    "DOCREVIEW_QUEUE_LEASE_S": "1.5",  # a dead worker's job is free again within ~2 s
    "DOCREVIEW_QUEUE_REAP_INTERVAL_S": "1",  # the periodic reaper every second
    "DOCREVIEW_QUEUE_POLL_S": "0.2",
    "DOCREVIEW_QUEUE_STORE_RETRY_S": "30",
    "DOCREVIEW_RETRIEVAL_MODE": "bm25",  # the queue is under test, not the vectors: no model to load
}


def queue_env(workspace: Path, **extra: str) -> dict[str, str]:
    """The environment of a worker or app of ``workspace``: the test's own, without its DOCREVIEW_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCREVIEW_", "OPENAI_"))}
    env.update({"DOCREVIEW_WORKSPACE": str(workspace), "PYTHONUNBUFFERED": "1", **FAST_QUEUE})
    env.update(extra)
    return env


class Proc:
    """A ``docreview`` command in its own process group, its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._fh = log.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "docreview.cli", *args], env=env, cwd=str(log.parent),
                                     stdout=self._fh, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def kill9(self, *, group: bool = True) -> None:
        """SIGKILL: the process (and with ``group`` everything it started) dies at once, as with a power cut."""
        if group:
            os.killpg(self.proc.pid, signal.SIGKILL)
        else:
            self.proc.kill()
        self.proc.wait(10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL of the group after 20 s."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # anything it left behind
        except ProcessLookupError:
            pass
        self._fh.close()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def worker(tmp: Path, env: dict[str, str], name: str = "worker", *args: str) -> Proc:
    return Proc(["worker", "--verbose", *args], env, tmp / f"{name}.log")


def wait_for(check: Callable[[], Any], *, timeout: float = 60, every: float = 0.1, what: str = "",
             logs: list[Proc] = ()) -> Any:  # type: ignore[assignment]
    """Poll ``check()`` until it returns something true; fail with the workers' logs after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {p.log.name}\n{p.output()[-4000:]}" for p in logs)
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}\n{tails}")
        time.sleep(every)


def run_queued(settings: Any) -> list[str]:
    """Take every task waiting in the workspace's queue and execute it in this process, as a consumer's worker
    would (Huey's own dequeue and execute; for AppTest tests that need the reviews done before looking)."""
    from docreview.queue import queue_for

    q = queue_for(settings)
    outcomes = []
    while (task := q.huey.dequeue()) is not None:
        outcomes.append(q.huey.execute(task))
    return outcomes
