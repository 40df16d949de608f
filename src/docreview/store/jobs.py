"""Review jobs in the workspace store (issue 14): what the queue runs, and the one record of how far it got.

Huey carries only "run job N (key K)"; everything else about a job is its row in ``jobs``, in the same
database as the reviews, so the app and ``docreview batch status`` read progress from there, and a task that
Huey lost, ran twice or ran on a worker that died changes nothing that is not in the row.

A job moves ``queued → running → done | failed | cancelled``.  Every move out of ``running`` is an update
guarded by the worker that holds the job (``worker``) and its state, so of two workers that both think
they run a job, only the lease holder's writes land:

- ``claim`` takes a queued job (or a running one whose lease ran out) and starts a lease;
- ``heartbeat`` renews the lease and says whether the job was cancelled or taken away meanwhile;
- ``finish`` saves the review and marks the job done **in one transaction** (``Workspace.save_review`` with
  ``in_transaction``): a job is done exactly when its review is stored, and a duplicate task that finishes
  second rolls its review back;
- ``reap`` puts running jobs whose lease ran out (their worker died) back in the queue, or fails them
  after ``max_attempts`` runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from docreview import __version__
from docreview.errors import AccessError, ConflictError, StoreError
from docreview.models import Review
from docreview.store import access, history
from docreview.store.access import Caller
from docreview.store.models import Job, User, utcnow
from docreview.store.records import BatchRecord, ReviewRecord
from docreview.store.service import UserRef, Workspace, storable_text

ENGINE_VERSION = __version__
"""The engine version a job is keyed by: a new docreview version reviews the same files again."""

JobState = Literal["queued", "running", "done", "failed", "cancelled"]
ACTIVE: tuple[JobState, ...] = ("queued", "running")
STATE_ZH: dict[str, str] = {"queued": "排队中", "running": "审核中", "done": "已完成", "failed": "失败",
                            "cancelled": "已取消"}
HeartbeatResult = Literal["ok", "cancel", "lost"]


class JobLost(StoreError):
    """The job is no longer this worker's: its lease ran out and another worker took it, or it finished."""


FileKind = Literal["target", "self_eval_table", "self_eval_report", "monitor", "policy"]
"""What one uploaded file of a unit is (issue 15): it decides the file's role (a ``policy`` is reviewed against,
the others are the unit's report files, reviewed together) and, with the unit, which review it is a version of."""
FILE_KINDS: tuple[str, ...] = FileKind.__args__  # type: ignore[attr-defined]
FILE_KIND_ZH: dict[str, str] = {"target": "绩效目标表", "self_eval_table": "自评表", "self_eval_report": "自评报告",
                                "monitor": "运行监控表", "policy": "政策文件"}


class UnitFile(BaseModel):
    """One stored file of a review unit: its hash, its role, the name it has in this review and, when the
    submission said it (the upload page, a ZIP or a manifest), its kind."""

    sha256: str
    role: Literal["policy", "report"]
    filename: str
    kind: FileKind | None = None


class ReviewUnit(BaseModel):
    """A unit's files reviewed as one document set: the payload of one job.

    A unit holds all the report files of one 被审核单位 (a 自评表 with its 自评报告), reviewed together as one
    review, with its own policies and the batch's shared ones (``queue.units``); ``submit_uploads`` (the CLI's
    ``--report``) still makes one unit per report.
    """

    files: list[UnitFile]
    kind: str | None = None  # the document kind the reviewer chose (None: as detected)
    unit_name: str = ""

    @property
    def reports(self) -> list[UnitFile]:
        return [f for f in self.files if f.role == "report"]

    @property
    def policies(self) -> list[UnitFile]:
        return [f for f in self.files if f.role == "policy"]

    @property
    def label(self) -> str:
        return "、".join(f.filename for f in self.reports)[:500]

    @property
    def version_key(self) -> str | None:
        """The key this unit's review is a version of (``history.unit_version_key``: the unit and the kinds of
        its report files) when every report file has a kind; None: keyed by the files' bytes, as before."""
        kinds = [f.kind for f in self.reports]
        if not kinds or any(k is None for k in kinds) or not self.unit_name.strip():
            return None
        return history.unit_version_key(self.unit_name, [k for k in kinds if k is not None])


class JobRecord(BaseModel):
    """A job as the app and the CLI show it."""

    id: int
    batch_id: int
    key: str
    state: JobState
    unit: ReviewUnit
    label: str
    unit_name: str
    profile: str
    engine: str
    attempts: int
    cancel_requested: bool
    stage: str | None = None
    done: int = 0
    total: int = 0
    pages_done: int = 0
    pages_total: int = 0
    error: str | None = None
    notes: list[str] = Field(default_factory=list)
    worker: str | None = None
    lease_until: dt.datetime | None = None
    review_id: int | None = None
    created_by: str | None = None
    created: dt.datetime
    enqueued: dt.datetime | None = None
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    updated: dt.datetime

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def state_zh(self) -> str:
        if self.state == "running" and self.cancel_requested:
            return "正在取消"
        return STATE_ZH[self.state]


class BatchProgress(BaseModel):
    """A batch's jobs and how many are in each state."""

    batch: BatchRecord
    jobs: list[JobRecord]

    @property
    def counts(self) -> dict[str, int]:
        found: Counter[str] = Counter(j.state for j in self.jobs)
        return {state: found.get(state, 0) for state in STATE_ZH}

    @property
    def finished(self) -> bool:
        """No job is queued or running (a batch without jobs is finished too)."""
        return not any(j.active for j in self.jobs)

    @property
    def fraction(self) -> float:
        """Share of the batch's jobs that ended (done, failed or cancelled)."""
        return sum(not j.active for j in self.jobs) / len(self.jobs) if self.jobs else 1.0


class ReapResult(BaseModel):
    requeued: list[tuple[int, str]] = Field(default_factory=list)  # (job id, key) to put in the queue again
    failed: list[int] = Field(default_factory=list)
    cancelled: list[int] = Field(default_factory=list)


def job_key(batch_id: int, unit: ReviewUnit, *, profile: str, engine: str = ENGINE_VERSION, round: int = 0) -> str:
    """The idempotency key of a job: the batch, the unit's files (hash, role, kind), the profile, the engine
    version and the round (0 for the first job of these inputs in the batch, +1 for each deliberate re-review)."""
    # a file's kind is part of the inputs only when given (the keys of kind-less jobs stay as they were)
    files = sorted({(f.sha256, f.role, *((f.kind,) if f.kind else ())) for f in unit.files})
    payload = json.dumps({"batch": batch_id, "files": files, "kind": unit.kind, "unit": unit.unit_name,
                          "profile": profile, "engine": engine, "round": round}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def create_jobs(ws: Workspace, batch_id: int, units: Sequence[ReviewUnit], *, profile: str,
                user: UserRef = None) -> list[JobRecord]:
    """One queued job per unit of batch ``batch_id``, in one transaction; returns them in order.

    A unit that already has an unfinished job with the same inputs in the batch gets that job back (a
    double submission makes no second job); one whose earlier job ended gets a new job in the next round,
    so uploading the same files again makes a new review version, as before the queue.
    """
    now = utcnow()
    with ws._write() as s:
        caller = ws._caller(s, user)
        _require_decide(ws, s, caller, batch_id)  # the right to upload into the batch's team
        actor = caller.user
        ids: list[int] = []
        created: list[int] = []
        for unit in units:
            if not unit.reports:
                raise StoreError("审核任务至少需要一个报告文件 / a review job needs at least one report file")
            for round_ in range(1000):
                key = job_key(batch_id, unit, profile=profile, round=round_)
                existing = s.scalar(select(Job).where(Job.job_key == key))
                if existing is not None and existing.state not in ACTIVE:
                    continue  # that round ended: the next one is a new review
                if existing is not None:
                    ids.append(existing.id)
                    break
                inserted = ws._insert_new(s, Job.__table__, {
                    "job_key": key, "batch_id": batch_id, "state": "queued", "unit": unit.model_dump(mode="json"),
                    "label": storable_text(unit.label), "unit_name": storable_text(unit.unit_name)[:200],
                    "profile": profile, "engine": ENGINE_VERSION, "attempts": 0, "cancel_requested": False,
                    "done": 0, "total": 0, "pages_done": 0, "pages_total": 0, "notes": [],
                    "created_by": actor.id if actor else None, "created": now, "updated": now}, "job_key")
                row = s.scalar(select(Job).where(Job.job_key == key))
                assert row is not None
                ids.append(row.id)
                if inserted:
                    created.append(row.id)
                break
            else:  # pragma: no cover - a thousand re-reviews of the same files in one batch
                raise ConflictError("同一组文件重复提交次数过多 / this document set was submitted too many times")
        if created:
            ws._audit(s, actor, "create", "jobs", batch_id, None, {"jobs": created})
        s.flush()
        # the same unit twice in one submission is one job
        return [_record(s, s.get(Job, i)) for i in dict.fromkeys(ids)]  # type: ignore[arg-type]


def get_job(ws: Workspace, job_id: int) -> JobRecord:
    with ws._read() as s:
        row = s.get(Job, job_id)
        if row is None:
            raise StoreError(f"审核任务不存在 / no such job: {job_id}")
        return _record(s, row)


def batch_progress(ws: Workspace, batch_id: int, *, user: UserRef = None) -> BatchProgress:
    """The batch and all its jobs, in the order they were submitted (``AccessError`` when ``user`` may not see
    the batch)."""
    batch = ws.get_batch(batch_id, user=user)
    with ws._read() as s:
        rows = list(s.scalars(select(Job).where(Job.batch_id == batch_id).order_by(Job.id)))
        names = _names(s, rows)
        return BatchProgress(batch=batch, jobs=[_record(s, r, names) for r in rows])


def batch_counts(ws: Workspace, *, user: UserRef = None) -> dict[int, dict[str, int]]:
    """Jobs per state of every batch that has jobs and that ``user`` may see: ``{batch_id: {state: n}}``."""
    visible = {b.id for b in ws.list_batches(user=user)}
    out: dict[int, dict[str, int]] = {}
    with ws._read() as s:
        for batch_id, state, n in s.execute(select(Job.batch_id, Job.state, func.count()).group_by(Job.batch_id,
                                                                                                    Job.state)):
            if batch_id in visible:
                out.setdefault(batch_id, dict.fromkeys(STATE_ZH, 0))[state] = int(n)
    return out


def mark_enqueued(ws: Workspace, job_ids: Iterable[int]) -> None:
    """Record that tasks for ``job_ids`` were put in the queue (the reaper looks for lost tasks by this)."""
    ids = list(job_ids)
    if not ids:
        return
    with ws._write() as s:
        s.execute(update(Job).where(Job.id.in_(ids)).values(enqueued=utcnow()))


def claim(ws: Workspace, job_id: int, key: str, *, worker: str, lease_s: float) -> JobRecord | None:
    """Start running job ``job_id`` as ``worker`` with a lease of ``lease_s`` seconds; None when the job is not
    to be run by this task: done, failed, cancelled, someone else's with a live lease, or not the job the task
    was made for (``key``: a task from an older queue pointing at a reused id)."""
    now = utcnow()
    with ws._write() as s:
        result = s.execute(
            update(Job).where(
                Job.id == job_id, Job.job_key == key, Job.cancel_requested.is_(False),
                or_(Job.state == "queued",
                    and_(Job.state == "running", or_(Job.lease_until < now, Job.worker == worker))))
            .values(state="running", worker=worker, lease_until=now + dt.timedelta(seconds=lease_s),
                    attempts=Job.attempts + 1, started=now, stage=None, done=0, total=0, pages_done=0,
                    pages_total=0, error=None, updated=now)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = s.get(Job, job_id)
        assert row is not None
        return _record(s, row)


def heartbeat(ws: Workspace, job_id: int, *, worker: str, lease_s: float) -> HeartbeatResult:
    """Renew the lease: ``ok``; ``cancel`` when the batch was cancelled meanwhile; ``lost`` when the job is no
    longer this worker's."""
    now = utcnow()
    with ws._write() as s:
        got = s.execute(
            update(Job).where(Job.id == job_id, Job.worker == worker, Job.state == "running")
            .values(lease_until=now + dt.timedelta(seconds=lease_s), updated=now)
            .returning(Job.cancel_requested)).first()
    if got is None:
        return "lost"
    return "cancel" if got[0] else "ok"


def report_progress(ws: Workspace, job_id: int, *, worker: str, stage: str, done: int, total: int,
                    pages: tuple[int, int] | None = None) -> HeartbeatResult:
    """Record the stage a running job is in and how far it got; the answer is ``heartbeat``'s (``cancel``: the
    batch was cancelled, ``lost``: the job is no longer this worker's)."""
    values: dict[str, Any] = {"stage": stage[:20], "done": int(done), "total": int(total), "updated": utcnow()}
    if pages is not None:
        values["pages_done"], values["pages_total"] = pages
    with ws._write() as s:
        got = s.execute(update(Job).where(Job.id == job_id, Job.worker == worker, Job.state == "running")
                        .values(**values).returning(Job.cancel_requested)).first()
    if got is None:
        return "lost"
    return "cancel" if got[0] else "ok"


def finish(ws: Workspace, job: JobRecord, *, worker: str, review: Review,
           documents: Sequence[tuple[str, str, str]], notes: Sequence[str] = ()) -> ReviewRecord:
    """Save ``review`` as the result of ``job`` and mark the job done, in one transaction.

    Raises ``JobLost`` (and nothing is saved) when the job is no longer this worker's: a duplicate task of
    the same job that claimed it after this worker's lease ran out, or the job already done.
    """
    def mark_done(s: Session, review_id: int) -> None:
        now = utcnow()
        result = s.execute(
            update(Job).where(Job.id == job.id, Job.worker == worker, Job.state == "running")
            .values(state="done", review_id=review_id, finished=now, lease_until=None, stage=None,
                    done=0, total=0, error=None, notes=list(notes), updated=now)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise JobLost(f"审核任务 {job.id} 已由其他工作进程接手 / job {job.id} was taken over by another worker")

    return ws.save_review(job.batch_id, review, list(documents), user=job.created_by,
                          unit_name=job.unit_name, in_transaction=mark_done, docset=job.unit.version_key)


def _end(ws: Workspace, job_id: int, worker: str, state: JobState, error: str | None,
         notes: Sequence[str] | None = None) -> bool:
    now = utcnow()
    values: dict[str, Any] = {"state": state, "error": storable_text(error) if error else None, "finished": now,
                              "lease_until": None, "updated": now}
    if notes is not None:
        values["notes"] = list(notes)
    with ws._write() as s:
        result = s.execute(update(Job).where(Job.id == job_id, Job.worker == worker, Job.state == "running")
                           .values(**values).execution_options(synchronize_session=False))
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def fail(ws: Workspace, job_id: int, *, worker: str, error: str, notes: Sequence[str] | None = None) -> bool:
    """Mark a running job failed with the one-line ``error`` a reviewer reads; False when it was not ours."""
    return _end(ws, job_id, worker, "failed", error, notes)


def cancelled(ws: Workspace, job_id: int, *, worker: str) -> bool:
    """Mark a running job cancelled (its worker stopped at a stage boundary after the batch was cancelled)."""
    return _end(ws, job_id, worker, "cancelled", "已取消 / cancelled")


def release(ws: Workspace, job_id: int, *, worker: str) -> bool:
    """Give a running job back to the queue (its worker is shutting down); False when it was not ours."""
    now = utcnow()
    with ws._write() as s:
        result = s.execute(update(Job).where(Job.id == job_id, Job.worker == worker, Job.state == "running")
                           .values(state="queued", worker=None, lease_until=None, stage=None, done=0, total=0,
                                   updated=now)
                           .execution_options(synchronize_session=False))
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def reap(ws: Workspace, *, max_attempts: int, now: dt.datetime | None = None) -> ReapResult:
    """Running jobs whose lease ran out (their worker died or lost the store): back to the queue, or failed
    after ``max_attempts`` runs, or cancelled when their batch was cancelled.  Each change is guarded by the
    expired lease, so a worker that renews at the same instant keeps its job."""
    now = now or utcnow()
    out = ReapResult()
    with ws._write() as s:
        expired = s.execute(select(Job.id, Job.job_key, Job.attempts, Job.cancel_requested)
                            .where(Job.state == "running", Job.lease_until < now)).all()
        for job_id, key, attempts, cancel in expired:
            if cancel:
                values: dict[str, Any] = {"state": "cancelled", "error": "已取消 / cancelled", "finished": now}
            elif attempts >= max_attempts:
                values = {"state": "failed", "finished": now, "error": (
                    f"工作进程在审核中途停止了 {attempts} 次，不再重试 / the worker stopped in the middle of this "
                    f"review {attempts} times; it is not retried again")}
            else:
                values = {"state": "queued"}
            result = s.execute(
                update(Job).where(Job.id == job_id, Job.state == "running", Job.lease_until < now)
                .values(worker=None, lease_until=None, stage=None, updated=now, **values)
                .execution_options(synchronize_session=False))
            if result.rowcount != 1:  # type: ignore[attr-defined]
                continue  # renewed or finished meanwhile
            if values["state"] == "queued":
                out.requeued.append((job_id, key))
            elif values["state"] == "failed":
                out.failed.append(job_id)
            else:
                out.cancelled.append(job_id)
    return out


def queued_jobs(ws: Workspace) -> list[tuple[int, str, dt.datetime]]:
    """(id, key, when it was last put in the queue, else created) of every queued job, oldest first."""
    with ws._read() as s:
        return [(i, k, e or c) for i, k, e, c in s.execute(
            select(Job.id, Job.job_key, Job.enqueued, Job.created).where(Job.state == "queued").order_by(Job.id))]


def retry_job(ws: Workspace, job_id: int, *, user: UserRef = None) -> JobRecord:
    """Queue a failed or cancelled job again, alone, with a fresh count of attempts."""
    with ws._write() as s:
        caller = ws._caller(s, user)
        row = s.get(Job, job_id)
        if row is None:
            raise StoreError(f"审核任务不存在 / no such job: {job_id}")
        _require_decide(ws, s, caller, row.batch_id)
        actor = caller.user
        if row.state not in ("failed", "cancelled"):
            raise ConflictError(f"只有失败或已取消的任务可以重试（当前：{STATE_ZH[row.state]}）/ only a failed or "
                                f"cancelled job can be retried (this one is {row.state})")
        before = {"state": row.state, "error": row.error, "attempts": row.attempts}
        row.state, row.error, row.attempts, row.cancel_requested = "queued", None, 0, False
        row.worker, row.lease_until, row.stage, row.finished, row.updated = None, None, None, None, utcnow()
        s.flush()
        ws._audit(s, actor, "retry", "job", row.id, before, {"state": "queued"})
        return _record(s, row)


def cancel_batch(ws: Workspace, batch_id: int, *, user: UserRef = None) -> dict[str, int]:
    """Cancel the unfinished jobs of a batch: queued ones at once, running ones at their next stage boundary
    (their worker sees the request with its next heartbeat).  ``{"cancelled": n, "stopping": m}``."""
    now = utcnow()
    with ws._write() as s:
        caller = ws._caller(s, user)
        _require_decide(ws, s, caller, batch_id)
        actor = caller.user
        queued = s.execute(update(Job).where(Job.batch_id == batch_id, Job.state == "queued")
                           .values(state="cancelled", error="已取消 / cancelled", finished=now, updated=now)
                           .execution_options(synchronize_session=False))
        running = s.execute(update(Job).where(Job.batch_id == batch_id, Job.state == "running")
                            .values(cancel_requested=True, updated=now)
                            .execution_options(synchronize_session=False))
        counts = {"cancelled": int(queued.rowcount), "stopping": int(running.rowcount)}  # type: ignore[attr-defined]
        ws._audit(s, actor, "cancel", "batch", batch_id, None, counts)
        return counts


def _require_decide(ws: Workspace, s: Session, caller: Caller, batch_id: int) -> None:
    """Submitting, retrying and cancelling take the right to upload into the batch's team (``AccessError``
    otherwise)."""
    batch = ws._batch_row(s, caller, batch_id)
    if not access.may_decide(caller.team_role(batch.team_id)):
        raise AccessError(access.READ_ONLY)


def _names(s: Session, rows: Iterable[Job]) -> dict[int, str]:
    ids = {r.created_by for r in rows if r.created_by is not None}
    if not ids:
        return {}
    return {uid: name for uid, name in s.execute(select(User.id, User.name).where(User.id.in_(ids)))}


def _record(s: Session, row: Job, names: dict[int, str] | None = None) -> JobRecord:
    if names is None:
        names = _names(s, [row])
    return JobRecord(
        id=row.id, batch_id=row.batch_id, key=row.job_key, state=row.state,  # type: ignore[arg-type]
        unit=ReviewUnit.model_validate(row.unit), label=row.label, unit_name=row.unit_name, profile=row.profile,
        engine=row.engine, attempts=row.attempts, cancel_requested=row.cancel_requested, stage=row.stage,
        done=row.done, total=row.total, pages_done=row.pages_done, pages_total=row.pages_total, error=row.error,
        notes=list(row.notes or []), worker=row.worker, lease_until=row.lease_until, review_id=row.review_id,
        created_by=names.get(row.created_by) if row.created_by is not None else None, created=row.created,
        enqueued=row.enqueued, started=row.started, finished=row.finished, updated=row.updated)
