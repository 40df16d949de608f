"""Run a Huey consumer for a workspace's queue: what ``docreview worker`` (and the app's own worker) runs.

The consumer is Huey's, with two settings of ours: idle workers look at a SQLite queue at least every
``poll_s`` seconds, and the scheduler runs the periodic reaper every ``reap_interval_s`` seconds (Huey checks
periodic tasks once a minute; tests use a second or two).  SIGINT stops gracefully (running reviews finish),
SIGTERM at once (running reviews go back to the queue through ``SIGNAL_INTERRUPTED``).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from typing import Any, Literal

from huey.consumer import Consumer, Scheduler

from docreview.queue.tasks import queue_for
from docreview.settings import Settings
from docreview.store.service import Workspace

WorkerType = Literal["thread", "process"]


class _ReapingScheduler(Scheduler):
    def __init__(self, *args: Any, periodic_seconds: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periodic_task_seconds = periodic_seconds


class _Consumer(Consumer):  # type: ignore[misc]
    def __init__(self, *args: Any, periodic_seconds: int, **kwargs: Any) -> None:
        self._periodic_seconds = periodic_seconds
        super().__init__(*args, **kwargs)

    def _create_scheduler(self) -> Scheduler:
        return _ReapingScheduler(huey=self.huey, stop_flag=self.stop_flag, interval=self.scheduler_interval,
                                 periodic=self.periodic, periodic_seconds=self._periodic_seconds)


def run_consumer(settings: Settings, *, workers: int = 1, worker_type: WorkerType = "thread",
                 parent_pid: int | None = None, verbose: bool = False) -> None:
    """Run a consumer until it is told to stop.  ``parent_pid``: stop (as on SIGTERM) when that process is gone,
    so the worker that ``docreview app`` starts never outlives the app."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(process)d %(name)s %(levelname)s: %(message)s")
    if not verbose:  # libraries that log every index build or request
        for name in ("bm25s", "httpx", "chromadb", "alembic"):
            logging.getLogger(name).setLevel(logging.WARNING)
    # the schema first, once, before workers open the store (they would otherwise race to migrate it)
    Workspace(settings).close()
    q = queue_for(settings)
    consumer = _Consumer(q.huey, workers=max(1, workers), worker_type=worker_type, periodic=True,
                         initial_delay=0.05, backoff=1.5, max_delay=settings.queue.poll_s, scheduler_interval=1,
                         check_worker_health=True, health_check_interval=5,
                         periodic_seconds=settings.queue.reap_interval_s)
    if parent_pid is not None:
        threading.Thread(target=_exit_with_parent, args=(parent_pid,), name="docreview-parent-watch",
                         daemon=True).start()
    logging.getLogger("docreview.queue").info(
        "consumer for %s: %s %s worker(s), lease %gs, reaper every %ss", settings.queue.url or "SqliteHuey",
        workers, worker_type, settings.queue.lease_s, settings.queue.reap_interval_s)
    consumer.run()


def _exit_with_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os.kill(os.getpid(), signal.SIGTERM)
            return
        time.sleep(0.5)
