"""Submitting reviews to the queue: what the upload page and ``docreview batch submit`` run.

The files are stored (content-addressed), the batch is created, one job per unit is written to the store in
one transaction, and a task per new job goes into the queue.  Nothing is reviewed here: the call returns as
soon as the jobs are queued.  When the queue cannot be reached, the jobs are in the store all the same and
the reaper of the next consumer that runs queues them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from docreview.errors import DocReviewError, StoreError
from docreview.queue.tasks import queue_for
from docreview.queue.units import SetFile, plan_units
from docreview.store import jobs
from docreview.store.files import sanitize_filename
from docreview.store.history import clean_unit_name
from docreview.store.intake import FileError, Upload
from docreview.store.jobs import JobRecord, ReviewUnit, UnitFile
from docreview.store.records import BatchRecord
from docreview.store.service import UserRef, Workspace

log = logging.getLogger("docreview.queue")


class Submission(BaseModel):
    """What a submission did: the batch, its new (or already pending) jobs, the files that could not be
    stored, and why the jobs could not be put in the queue yet (None: they are queued)."""

    batch: BatchRecord | None = None
    jobs: list[JobRecord] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)
    queue_error: str | None = None


def submit_uploads(ws: Workspace, *, policies: Sequence[Upload], reports: Sequence[Upload], batch_name: str = "",
                   batch_id: int | None = None, unit_name: str = "", profile: str | None = None,
                   user: UserRef) -> Submission:
    """Store the files and queue one review per report (against all the policies), in batch ``batch_id`` or
    a new batch ``batch_name``.  Without ``unit_name``, each review's unit is the batch's unit, or else its
    report's file name.  A file that cannot be stored becomes a ``FileError``; an unreadable file is found
    by the review itself, and its job fails with the reason."""
    profile = profile or ws.settings.scoring.profile
    out = Submission()
    if batch_id is None and not batch_name.strip():
        out.errors.append(FileError(filename="", role="report", message="批次名称不能为空 / the batch needs a name"))
        return out
    if not reports:
        out.errors.append(FileError(filename="", role="report",
                                    message="至少需要一个报告文件 / at least one report file is required"))
        return out
    stored_policies = _store(ws, policies, "policy", user, out)
    stored_reports = _store(ws, reports, "report", user, out)
    if not stored_reports:
        return out
    out.batch = ws.get_batch(batch_id, user=user) if batch_id is not None else ws.create_batch(
        batch_name, unit_name=unit_name, profile=profile, user=user)
    units = []
    for report, kind in stored_reports:
        unit = unit_name.strip() or out.batch.unit_name or Path(report.filename).stem
        units.append(ReviewUnit(files=[p for p, _ in stored_policies] + [report], kind=kind, unit_name=unit))
    return _queue(ws, out, units, profile=profile, user=user)


def submit_set(ws: Workspace, files: Sequence[SetFile], *, batch_name: str = "", batch_id: int | None = None,
               unit_name: str = "", profile: str | None = None, user: UserRef) -> Submission:
    """Store an upload's files and queue one review per unit (``units.plan_units``): a unit's report files are
    reviewed together (a 自评表 with its 自评报告, as ``docreview review --report A --report B``), against its
    own policies and the batch's shared ones.  Files without a unit go to ``unit_name``, else the batch's unit,
    else (each report on its own) the report's file name.  Re-uploading a unit with the same kinds of files
    into the same batch makes the next version of its review, whatever the bytes (``ReviewUnit.version_key``)."""
    profile = profile or ws.settings.scoring.profile
    out = Submission()
    if batch_id is None and not batch_name.strip():
        out.errors.append(FileError(filename="", role="report", message="批次名称不能为空 / the batch needs a name"))
        return out
    batch = ws.get_batch(batch_id, user=user) if batch_id is not None else None
    plan = plan_units(files, default_unit=unit_name.strip() or (batch.unit_name if batch else ""))
    out.errors += plan.errors
    if not plan.units:
        if not plan.errors:
            out.errors.append(FileError(filename="", role="report",
                                        message="至少需要一个报告文件 / at least one report file is required"))
        return out
    stored: dict[int, UnitFile | None] = {}  # id of a SetFile → stored (a shared policy is stored once)
    units: list[ReviewUnit] = []
    for planned in plan.units:
        reports = [u for f in planned.reports if (u := _store_one(ws, f, "report", user, out, stored))]
        policies = [u for f in planned.policies if (u := _store_one(ws, f, "policy", user, out, stored))]
        if reports:
            units.append(ReviewUnit(files=[*policies, *reports], kind=planned.doc_kind, unit_name=planned.unit_name))
    if not units:
        return out
    out.batch = batch or ws.create_batch(batch_name, unit_name=clean_unit_name(unit_name), profile=profile, user=user)
    return _queue(ws, out, units, profile=profile, user=user)


def _store_one(ws: Workspace, f: SetFile, role: str, user: UserRef, out: Submission,
               stored: dict[int, UnitFile | None]) -> UnitFile | None:
    if id(f) not in stored:
        name = sanitize_filename(f.filename)
        try:
            sha = ws.store_document(f.data, name, user=user)
            stored[id(f)] = UnitFile(sha256=sha, role="policy", filename=name, kind=f.kind)
        except DocReviewError as e:
            out.errors.append(FileError(filename=name, role=role, message=e.message))
            stored[id(f)] = None
    got = stored[id(f)]
    return got.model_copy(update={"role": role}) if got is not None else None


def submit_units(ws: Workspace, batch_id: int, units: Sequence[ReviewUnit], *, profile: str | None = None,
                 user: UserRef = None) -> Submission:
    """Queue one review per unit (files already stored) in batch ``batch_id``."""
    out = Submission(batch=ws.get_batch(batch_id, user=user))
    return _queue(ws, out, list(units), profile=profile or ws.settings.scoring.profile, user=user)


def retry(ws: Workspace, job_id: int, *, user: UserRef = None) -> Submission:
    """Queue a failed or cancelled job again, alone."""
    job = jobs.retry_job(ws, job_id, user=user)
    out = Submission(batch=ws.get_batch(job.batch_id, user=user), jobs=[job])
    out.queue_error = enqueue(ws, [job])
    return out


def cancel(ws: Workspace, batch_id: int, *, user: UserRef = None) -> dict[str, int]:
    """Cancel a batch: its queued jobs are skipped, its running ones stop at their next stage boundary."""
    return jobs.cancel_batch(ws, batch_id, user=user)


def enqueue(ws: Workspace, pending: Sequence[JobRecord]) -> str | None:
    """Put a task for each job in the queue; the reason when the queue could not be reached (the jobs stay
    queued in the store, and a consumer's reaper queues them)."""
    q = queue_for(ws.settings)
    sent: list[int] = []
    try:
        for job in pending:
            q.enqueue(job.id, job.key)
            sent.append(job.id)
    except Exception as e:  # noqa: BLE001 — Redis down or the queue file unwritable: said, not raised
        log.warning("queue unavailable: %s", e)
        return (f"任务已登记，但暂时无法放入队列（{type(e).__name__}），队列恢复后自动开始 / the jobs are saved but the "
                f"queue cannot be reached now; they start when it is back")
    finally:
        try:
            jobs.mark_enqueued(ws, sent)
        except StoreError:
            pass  # only the reaper's bookkeeping: it may queue these once more, which is harmless
    return None


def _queue(ws: Workspace, out: Submission, units: list[ReviewUnit], *, profile: str, user: UserRef) -> Submission:
    assert out.batch is not None
    out.jobs = jobs.create_jobs(ws, out.batch.id, units, profile=profile, user=user)
    out.queue_error = enqueue(ws, [j for j in out.jobs if j.state == "queued" and j.enqueued is None])
    return out


def _store(ws: Workspace, uploads: Sequence[Upload], role: str, user: UserRef,
           out: Submission) -> list[tuple[UnitFile, str | None]]:
    stored: list[tuple[UnitFile, str | None]] = []
    for up in uploads:
        name = sanitize_filename(up.filename)
        try:
            sha = ws.store_document(up.data, name, user=user)
        except DocReviewError as e:
            out.errors.append(FileError(filename=name, role=role, message=e.message))
            continue
        stored.append((UnitFile(sha256=sha, role=role, filename=name), up.kind))  # type: ignore[arg-type]
    return stored
