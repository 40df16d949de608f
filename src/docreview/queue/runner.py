"""What a queue worker does with one job: claim it, review the unit's files, save the review, let go.

``run_job`` is the whole of it and is what the Huey task calls.  While a job runs, a heartbeat thread renews
its lease every ``lease_s / 3`` seconds; the pipeline's progress callback writes the stage and how far it got
to the job row and is where a cancelled batch or a lost lease stops the review (at the next stage boundary).
The review and the job's ``done`` are written in one transaction (``jobs.finish``), so a worker killed at any
point leaves either nothing or the complete review, and a task that runs twice saves once.

The review itself runs bounded (``pipeline.review_bounded``): each file is read in a parsing worker, and the
rest (index, match, score, explain) in a child process with ``review_memory_mb`` of address space and
``review_deadline_s``, forked from the same warm forkserver.  A child that reaches the ceiling, dies or runs
past the deadline fails its job with a message naming the files; the worker goes on with the next job.
"""

from __future__ import annotations

import fcntl
import functools
import importlib
import logging
import os
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from docreview.errors import DocReviewError, StoreError
from docreview.pipeline import prepare_bounded_review, review_bounded
from docreview.settings import QueueSettings, Settings
from docreview.store import jobs
from docreview.store.files import sanitize_filename
from docreview.store.intake import ReviewFn, StoredFile, review_unit
from docreview.store.jobs import JobLost, JobRecord
from docreview.store.service import UNAVAILABLE, Workspace

log = logging.getLogger("docreview.queue")

Outcome = Literal["done", "failed", "cancelled", "skipped", "lost", "interrupted"]


class StopJob(BaseException):  # noqa: N818 — a signal to unwind, like KeyboardInterrupt, not an error
    """Raised from the progress callback to stop a review at a stage boundary: the batch was cancelled
    (``reason="cancel"``) or the job is no longer this worker's (``"lost"``).  A ``BaseException``, so that the
    pipeline's "one broken report must not stop the others" handlers let it through."""

    def __init__(self, reason: Literal["cancel", "lost"]) -> None:
        super().__init__(reason)
        self.reason: Literal["cancel", "lost"] = reason


# ---------------------------------------------------------------------- the worker process


_PROCESS: dict[str, Any] = {"pid": None}
_PROCESS_LOCK = threading.Lock()
_RUNNING: dict[int, str] = {}  # job id → worker id, of the jobs this process is running (for interrupts)


def worker_id() -> str:
    """Who runs a job: host, process, a token of this process (pids are reused) and the thread."""
    _process_state()
    return f"{socket.gethostname()}:{os.getpid()}:{_PROCESS['token']}:{threading.get_ident() % 100000}"


def _process_state() -> dict[str, Any]:
    with _PROCESS_LOCK:
        if _PROCESS["pid"] != os.getpid():  # first use in this process (or in a forked worker)
            _PROCESS.clear()
            _PROCESS.update(pid=os.getpid(), token=uuid.uuid4().hex[:6], workspaces={}, slot=None)
        return _PROCESS


def workspace_for(settings: Settings) -> Workspace:
    """This process's workspace for ``settings`` (opened once per process; forked workers open their own).

    Without a Chroma server, the process gets an embedded Chroma folder of its own
    (``workspace/chroma-workers/N``, held by a lock while the process lives): embedded Chroma breaks when
    several processes write to one folder.
    """
    state = _process_state()
    key = (str(Path(settings.workspace).resolve()), settings.database_url)
    with _PROCESS_LOCK:
        ws = state["workspaces"].get(key)
        if ws is None:
            if not settings.retrieval.chroma_url and settings.retrieval.chroma_dir is None:
                folder = _chroma_slot(Path(settings.workspace))
                settings = settings.model_copy(
                    update={"retrieval": settings.retrieval.model_copy(update={"chroma_dir": folder})})
            ws = state["workspaces"][key] = Workspace(settings, migrate=False)
        return ws  # type: ignore[no-any-return]


def close_workspaces() -> None:
    """Close the workspaces this process opened for jobs (tests, and a consumer that stops)."""
    state = _process_state()
    with _PROCESS_LOCK:
        for ws in state["workspaces"].values():
            ws.close()
        state["workspaces"].clear()


def _chroma_slot(workspace: Path) -> Path:
    state = _PROCESS
    if state.get("slot") is not None:
        return Path(state["slot"][0])
    root = workspace / "chroma-workers"
    root.mkdir(parents=True, exist_ok=True)
    for n in range(1024):
        fh = (root / f"{n}.lock").open("a", encoding="utf-8")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            continue
        state["slot"] = (str(root / str(n)), fh)  # the open file keeps the lock until the process ends
        return root / str(n)
    raise StoreError("没有可用的向量库目录 / no free embedded Chroma folder (1024 workers on one workspace?)")


# ---------------------------------------------------------------------- one job


class _Lease:
    """The running job's lease: a heartbeat thread, and the progress callback that writes the job's stage."""

    def __init__(self, ws: Workspace, job: JobRecord, worker: str, qs: QueueSettings) -> None:
        self.ws, self.job, self.worker, self.qs = ws, job, worker, qs
        self.reason: Literal["cancel", "lost"] | None = None
        self._stopped = threading.Event()
        self._stage: str | None = None
        self._last_write = 0.0
        self._thread = threading.Thread(target=self._beat, name=f"docreview-lease-{job.id}", daemon=True)

    def __enter__(self) -> _Lease:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._thread.join(timeout=10)

    def _beat(self) -> None:
        interval = max(0.2, self.qs.lease_s / 3)
        while not self._stopped.wait(interval):
            try:
                state = jobs.heartbeat(self.ws, self.job.id, worker=self.worker, lease_s=self.qs.lease_s)
            except StoreError as e:  # the store is down: the lease may run out; the save decides later
                log.warning("job %s: heartbeat failed: %s", self.job.id, e.message)
                continue
            if state != "ok":
                self.reason = "lost" if state == "lost" else "cancel"
                if state == "lost":
                    return

    def check(self) -> None:
        if self.reason is not None:
            raise StopJob(self.reason)

    def progress(self, stage: str, done: int, total: int) -> None:
        """The pipeline's progress callback: a new stage is a boundary where the job may stop."""
        now = time.monotonic()
        boundary = stage != self._stage
        if boundary:
            self._stage = stage
            self.check()
            if self.qs.stage_sleep_s > 0:  # test hook (QueueSettings.stage_sleep_s)
                self._stopped.wait(self.qs.stage_sleep_s)
                self.check()
        elif now - self._last_write < 0.5 and done != total:
            return
        self._last_write = now
        pages = (done, total) if stage == "ocr" else None
        try:
            state = jobs.report_progress(self.ws, self.job.id, worker=self.worker, stage=stage, done=done,
                                         total=total, pages=pages)
        except StoreError:
            return  # progress is best effort; the heartbeat and the save deal with the store being away
        if state != "ok":
            self.reason = "lost" if state == "lost" else "cancel"
            if boundary:
                self.check()


Requeue = Callable[[int, str], None]
"""Put a task for (job id, key) in the queue."""


def run_job(settings: Settings, job_id: int, key: str, *, requeue: Requeue | None = None,
            review_fn: Callable[..., Any] | None = None) -> Outcome:
    """Run job ``job_id`` (made for ``key``) in this worker: the task body of the queue.

    Returns what happened: ``done`` (the review is saved), ``failed`` (the job row says why), ``cancelled``,
    ``skipped`` (not this task's to run: done already, cancelled, or running elsewhere), ``lost`` (taken over
    by another worker meanwhile; nothing saved) or ``interrupted`` (the store went away; the lease runs out and
    the reaper queues the job again).  ``requeue`` puts the job back in the queue when the worker is told to
    stop in the middle of it.
    """
    ws = workspace_for(settings)
    worker = worker_id()
    prepare_bounded_review("docreview.queue.warm")  # before this process reads its first document
    try:
        job = jobs.claim(ws, job_id, key, worker=worker, lease_s=settings.queue.lease_s)
    except StoreError as e:
        log.warning("job %s: cannot claim: %s", job_id, e.message)
        return "interrupted"
    if job is None:
        return "skipped"
    log.info("job %s (%s): running as %s, attempt %s", job.id, job.label, worker, job.attempts)
    _RUNNING[job.id] = worker
    try:
        with _Lease(ws, job, worker, settings.queue) as lease:
            return _run_claimed(ws, job, worker, lease, settings.queue, review_fn or bounded_review_fn(settings))
    except KeyboardInterrupt:  # a process worker told to stop now: the job goes back to the queue
        if requeue is not None:
            give_back(settings, job.id, requeue)
        raise
    finally:
        _RUNNING.pop(job.id, None)


def bounded_review_fn(settings: Settings) -> ReviewFn:
    """What a job's review runs: ``pipeline.review_bounded`` (its step replaced by ``queue.review_step``, a
    test hook, when set)."""
    hook = settings.queue.review_step
    if not hook:
        return review_bounded
    module, _, name = hook.partition(":")
    step = getattr(importlib.import_module(module), name)
    return functools.partial(review_bounded, step=step)


def _run_claimed(ws: Workspace, job: JobRecord, worker: str, lease: _Lease, qs: QueueSettings,
                 review_fn: Callable[..., Any] | None) -> Outcome:
    try:
        with tempfile.TemporaryDirectory(prefix=f"docreview-job{job.id}-") as tmp:
            lease.progress("ingest", 0, len(job.unit.files))  # the first stage starts with fetching the files
            files = _fetch(ws, job, Path(tmp))
            policies = [f for f, role in files if role == "policy"]
            reports = [f for f, role in files if role == "report"]
            # the baseline (an earlier year's review of the unit) among the reviews the uploader may see
            result = review_unit(ws, policies, reports, unit=job.unit_name, profile=job.profile,
                                 kind=job.unit.kind, progress=lease.progress, review_fn=review_fn,
                                 user=job.created_by)
        lease.check()
        notes = [*result.notes, *(f"政策文件未能使用，已跳过：{e.message}" for e in result.errors if e.role == "policy")]
        if result.review is None:
            error = "；".join(e.message for e in result.errors if e.role == "report") or (
                "未能生成审核记录 / no review was made")
            jobs.fail(ws, job.id, worker=worker, error=error, notes=notes)
            log.info("job %s: failed: %s", job.id, error)
            return "failed"
        documents = ([(p.sha256, "policy", p.name) for p in result.policies]
                     + [(r.sha256, "report", r.name) for r in reports])
        rec = _save(ws, job, worker, result.review, documents, notes, qs.store_retry_s)
        log.info("job %s: done, review %s", job.id, rec.id)
        return "done"
    except StopJob as stop:
        if stop.reason == "cancel" and jobs.cancelled(ws, job.id, worker=worker):
            log.info("job %s: cancelled", job.id)
            return "cancelled"
        return "lost"
    except JobLost:
        log.info("job %s: taken over by another worker; this run's review is not saved", job.id)
        return "lost"
    except StoreError as e:
        if e.message == UNAVAILABLE:
            log.warning("job %s: the store is unavailable; the job is queued again when its lease runs out", job.id)
            return "interrupted"
        return _fail(ws, job, worker, e.message)
    except DocReviewError as e:  # e.g. the uploader's account was disabled meanwhile
        return _fail(ws, job, worker, e.message)
    except Exception as e:  # noqa: BLE001 — the job fails with its error; the worker goes on
        log.exception("job %s: internal error", job.id)
        return _fail(ws, job, worker, f"内部错误 / internal error: {type(e).__name__}: {e}")


def _fail(ws: Workspace, job: JobRecord, worker: str, message: str) -> Outcome:
    try:
        jobs.fail(ws, job.id, worker=worker, error=message)
    except StoreError:
        return "interrupted"
    return "failed"


def _fetch(ws: Workspace, job: JobRecord, tmp: Path) -> list[tuple[StoredFile, str]]:
    """The unit's files as local copies (from the database or the blob folder), a folder per file: two
    files with the same name must not overwrite each other."""
    out: list[tuple[StoredFile, str]] = []
    for n, f in enumerate(job.unit.files):
        folder = tmp / f"{f.role}-{n}"
        folder.mkdir()
        name = sanitize_filename(f.filename)
        path = folder / name
        path.write_bytes(ws.read_document(f.sha256, user=None))  # the worker reads as the system
        out.append((StoredFile(name=name, sha256=f.sha256, path=path,
                               kind=job.unit.kind if f.role == "report" else None), f.role))
    return out


def _save(ws: Workspace, job: JobRecord, worker: str, review: Any, documents: list[tuple[str, str, str]],
          notes: list[str], retry_s: float) -> Any:
    """``jobs.finish``, tried again while the store is unavailable (a database restart) for up to ``retry_s``
    seconds; the guarded update inside it makes a retry after a commit whose answer was lost harmless."""
    deadline = time.monotonic() + retry_s
    delay = 0.5
    while True:
        try:
            return jobs.finish(ws, job, worker=worker, review=review, documents=documents, notes=notes)
        except JobLost:
            raise
        except StoreError as e:
            if e.message != UNAVAILABLE or time.monotonic() + delay > deadline:
                raise
            log.warning("job %s: the store is unavailable; saving again in %.1f s", job.id, delay)
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def give_back(settings: Settings, job_id: int, requeue: Requeue) -> bool:
    """Put a job this process is running back in the queue (the consumer is shutting down): its row goes back
    to ``queued`` and a new task is enqueued, so another consumer takes it at once.  False when the job was
    not running here any more."""
    worker = _RUNNING.get(job_id)
    if worker is None:
        return False
    ws = workspace_for(settings)
    try:
        if not jobs.release(ws, job_id, worker=worker):
            return False
        job = jobs.get_job(ws, job_id)
        requeue(job.id, job.key)
        jobs.mark_enqueued(ws, [job.id])
    except Exception:  # noqa: BLE001 — shutting down: the lease and the reaper recover the job anyway
        log.exception("job %s: could not be given back; the reaper will queue it again", job_id)
        return False
    log.info("job %s: interrupted, queued again", job_id)
    return True


def running_jobs() -> list[int]:
    """The jobs this process is running now."""
    return list(_RUNNING)
