"""The Huey queue of a workspace and its two tasks: review a unit, and reap lost jobs (every reap_interval_s).

``SqliteHuey`` in the workspace folder (``queue.db``) by default: nothing to install or start.
``PriorityRedisHuey`` when ``DOCREVIEW_QUEUE_URL=redis://…``: consumers on any number of machines.  The
same task code runs on both.  A task carries only the job's id and key: the job row is the truth about it
(``store.jobs``), so the queue may lose, repeat or reorder tasks without losing or doubling a review.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huey import PriorityRedisHuey, SqliteHuey
from huey.api import Huey, TaskWrapper
from huey.signals import SIGNAL_INTERRUPTED

from docreview.settings import Settings
from docreview.store import jobs
from docreview.store.models import utcnow

log = logging.getLogger("docreview.queue")

REAP_PRIORITY = 100  # the reaper goes before the reviews waiting in the queue


@dataclass
class Queue:
    """A workspace's Huey instance with its tasks."""

    huey: Huey
    review: TaskWrapper
    reap: TaskWrapper
    settings: Settings

    def enqueue(self, job_id: int, key: str) -> None:
        """Put a task for job ``job_id`` in the queue (raises when the queue cannot be reached)."""
        self.review(job_id, key)

    def pending_jobs(self) -> set[int]:
        """The job ids of the review tasks waiting in the queue (or scheduled)."""
        out: set[int] = set()
        for task in [*self.huey.pending(), *self.huey.scheduled()]:
            if isinstance(task, self.review.task_class) and task.args:
                out.add(int(task.args[0]))
        return out


_queues: dict[tuple[str, str, str], Queue] = {}
_queues_lock = threading.Lock()


def queue_key(settings: Settings) -> tuple[str, str, str]:
    where = settings.queue.url or str((Path(settings.workspace) / "queue.db").resolve())
    return (where, settings.queue.name, settings.database_url)


def queue_for(settings: Settings) -> Queue:
    """The queue of ``settings`` (one per process and configuration)."""
    key = queue_key(settings)
    with _queues_lock:
        q = _queues.get(key)
        if q is None:
            q = _queues[key] = _make_queue(settings)
        return q


def _make_huey(settings: Settings) -> Huey:
    qs = settings.queue
    if qs.url:
        # results=False: a task's outcome is in the job row, nothing waits on Huey's result store
        return PriorityRedisHuey(qs.name, url=qs.url, results=False, utc=True)
    folder = Path(settings.workspace)
    folder.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(qs.name, filename=str(folder / "queue.db"), results=False, utc=True, timeout=30)


def _make_queue(settings: Settings) -> Queue:
    from docreview.queue.runner import give_back, run_job, running_jobs, workspace_for

    huey = _make_huey(settings)

    @huey.task(name="review_unit")
    def review_unit(job_id: int, key: str) -> str:
        """Review the unit of job ``job_id`` (see ``runner.run_job``)."""
        return run_job(settings, job_id, key, requeue=requeue)

    def requeue(job_id: int, key: str) -> None:
        review_unit(job_id, key)

    @huey.periodic_task(lambda _when: True, name="reap_jobs", priority=REAP_PRIORITY)
    def reap_jobs() -> dict[str, Any]:
        """Queue again the jobs whose worker died (lease ran out) and those whose task the queue lost."""
        return reap(queue_for(settings), workspace_for(settings))

    @huey.signal(SIGNAL_INTERRUPTED)
    def on_interrupted(signal: str, task: Any, *args: Any, **kwargs: Any) -> None:
        # the consumer is stopping while a review runs: the job goes back to the queue now, not when its
        # lease runs out (thread workers: this runs in the consumer's main thread)
        if isinstance(task, review_unit.task_class) and task.args:
            give_back(settings, int(task.args[0]), requeue)
        for job_id in running_jobs():
            give_back(settings, job_id, requeue)

    return Queue(huey=huey, review=review_unit, reap=reap_jobs, settings=settings)


def reap(q: Queue, ws: Any) -> dict[str, Any]:
    """One run of the reaper: expired leases back to the queue (or failed after ``max_attempts``), and a new
    task for every queued job that has none in the queue (Redis restarted empty, the app stopped between
    saving a batch's jobs and queueing them).  Idempotent: several consumers may reap at the same time."""
    qs = q.settings.queue
    result = jobs.reap(ws, max_attempts=qs.max_attempts)
    requeue = list(result.requeued)
    pending = q.pending_jobs()
    requeued_ids = {i for i, _ in requeue}
    # a job queued moments ago may be between its row's commit and its task's enqueue: leave it a grace period
    grace = utcnow() - dt.timedelta(seconds=min(30.0, float(qs.reap_interval_s)))
    for job_id, key, enqueued in jobs.queued_jobs(ws):
        if job_id not in pending and job_id not in requeued_ids and enqueued < grace:
            requeue.append((job_id, key))
    for job_id, key in requeue:
        q.enqueue(job_id, key)
    jobs.mark_enqueued(ws, [i for i, _ in requeue])
    if requeue or result.failed or result.cancelled:
        log.info("reaper: queued again %s, failed %s, cancelled %s", [i for i, _ in requeue], result.failed,
                 result.cancelled)
    return {"requeued": [i for i, _ in requeue], "failed": result.failed, "cancelled": result.cancelled}
