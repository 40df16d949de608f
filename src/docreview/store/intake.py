"""How a document set is reviewed: ``review_unit`` (what the queue's workers run for each job) and
``review_uploads`` (store uploaded files, review each report against the policies and save the results in one
call, without the queue).  One bad file is reported in one line and the others still go through.

Each report is reviewed as the kind the reviewer chose for it (``Upload.kind``), else as detected; when the
workspace holds a year-end review of the same unit from an earlier year, that review's indicators are the
new review's baseline (domain.md §7.4), so ``target_below_baseline`` and ``repeated_miss`` fire without
uploading last year's file again.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from docreview.errors import DocReviewError, DocumentError
from docreview.models import BaselineIndicator, Review
from docreview.render import kind_lines
from docreview.score import baseline_from_review
from docreview.store import history
from docreview.store.files import sanitize_filename
from docreview.store.records import BatchRecord, ReviewRecord, ReviewSummary
from docreview.store.service import UserRef, Workspace

ReviewFn = Callable[..., Review]
"""``run_review``-compatible: (policy_paths, report_paths, *, settings, profile, progress, kind, baseline) -> Review."""

IntakeProgress = Callable[[str, str, int, int], None]
"""progress(report_name, stage, done, total); stage is one of the pipeline's stages."""


class Upload(BaseModel):
    """One uploaded file: the name the user gave it and its bytes."""

    filename: str
    data: bytes
    kind: str | None = None  # reports: the document kind the reviewer chose (None: as detected)


class FileError(BaseModel):
    """A file that could not be used, with the one-line message to show."""

    filename: str
    role: str  # policy | report
    message: str


class UploadOutcome(BaseModel):
    batch: BatchRecord | None = None
    reviews: list[ReviewSummary] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)
    # review id → what kind of document was reviewed, its period and the earlier review it was compared with
    notes: dict[int, list[str]] = Field(default_factory=dict)
    baselines: dict[int, int] = Field(default_factory=dict)  # review id → the stored earlier review used


class StoredFile(BaseModel):
    """A stored document as a review reads it: the name it has in the review, its hash, a local copy."""

    name: str
    sha256: str
    path: Path
    kind: str | None = None



class UnitOutcome(BaseModel):
    """What ``review_unit`` made of one document set: the review (None when it could not be made), the
    policies it used (an unreadable one is dropped), the files that could not be used, the earlier review it
    was compared with, and the lines a reviewer reads about it (kind, period, baseline)."""

    review: Review | None = None
    policies: list[StoredFile] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)
    earlier_id: int | None = None
    notes: list[str] = Field(default_factory=list)


def _default_review_fn() -> ReviewFn:
    from docreview.pipeline import run_review

    return run_review


def review_uploads(
    ws: Workspace,
    *,
    policies: Sequence[Upload],
    reports: Sequence[Upload],
    batch_name: str = "",
    batch_id: int | None = None,
    unit_name: str = "",
    profile: str | None = None,
    user: UserRef,
    progress: IntakeProgress | None = None,
    review_fn: ReviewFn | None = None,
) -> UploadOutcome:
    """Store ``policies`` and ``reports``, run one review per report against all readable policies and
    save each result as a review, in batch ``batch_id`` or else in a new batch ``batch_name`` (created
    with the first result).  Uploading the same files to the same batch again makes new versions, with
    the verdicts on unchanged flags carried over.

    A file that cannot be stored or read becomes a ``FileError``; an unreadable policy is dropped and the
    review retried without it.  Without ``unit_name``, each review's unit is the batch's unit, or else
    its report's file name.
    """
    run = review_fn or _default_review_fn()
    profile = profile or ws.settings.scoring.profile
    outcome = UploadOutcome()
    if batch_id is not None:
        outcome.batch = ws.get_batch(batch_id, user=user)
    elif not batch_name.strip():
        outcome.errors.append(FileError(filename="", role="report", message="批次名称不能为空 / the batch needs a name"))
        return outcome
    if not reports:
        outcome.errors.append(FileError(filename="", role="report",
                                        message="至少需要一个报告文件 / at least one report file is required"))
        return outcome
    with tempfile.TemporaryDirectory(prefix="docreview-upload-") as tmp:
        stored_policies = _store_all(ws, policies, "policy", Path(tmp), user, outcome)
        stored_reports = _store_all(ws, reports, "report", Path(tmp), user, outcome)
        for report in stored_reports:
            unit = unit_name.strip() or (outcome.batch.unit_name if outcome.batch else "") or Path(report.name).stem
            result = review_unit(ws, stored_policies, [report], unit=unit, profile=profile, kind=report.kind,
                                 progress=_progress_for(progress, report.name), review_fn=run, user=user)
            outcome.errors += result.errors
            # an unreadable policy is reported once and left out of the later reviews too
            stored_policies = [p for p in stored_policies if p in result.policies]
            if result.review is None:
                continue
            try:
                if outcome.batch is None:
                    outcome.batch = ws.create_batch(batch_name, unit_name=unit_name, profile=profile, user=user)
                docs = [(p.sha256, "policy", p.name) for p in result.policies] + [(report.sha256, "report", report.name)]
                rec = ws.save_review(outcome.batch.id, result.review, docs, user=user, unit_name=unit)
                outcome.reviews.append(rec.summary)
                outcome.notes[rec.id] = result.notes
                if result.earlier_id is not None:
                    outcome.baselines[rec.id] = result.earlier_id
            except DocReviewError as e:
                outcome.errors.append(FileError(filename=report.name, role="report",
                                                message=f"{report.name}: {e.message}"))
    return outcome


def review_unit(ws: Workspace, policies: Sequence[StoredFile], reports: Sequence[StoredFile], *, unit: str,
                profile: str, kind: str | None = None, progress: Callable[[str, int, int], None] | None = None,
                review_fn: ReviewFn | None = None, user: UserRef = None) -> UnitOutcome:
    """Review one document set: ``reports`` against ``policies``, as ``kind`` (None: as detected), with the
    stored earlier-year review of ``unit`` as the baseline when there is one.  Nothing is saved.

    An unreadable policy is dropped (with its ``FileError``) and the review retried without it; when a report
    cannot be reviewed, ``review`` is None and ``errors`` says why, one line per file.  What the upload page
    and the queue workers both run, so a review is made the same way wherever it runs.  The baseline is looked
    for among the reviews ``user`` may see (None: the system, every team's), so pass the uploader.
    """
    run = review_fn or _default_review_fn()
    out = UnitOutcome(policies=list(policies))
    names = "、".join(r.name for r in reports)
    earlier = _earlier_review(ws, unit, reports[0].path, user=user) if reports else None
    baseline: list[BaselineIndicator] = baseline_from_review(earlier.review) if earlier else []
    review: Review | None = None
    while review is None:
        try:
            review = run([p.path for p in out.policies], [r.path for r in reports], settings=ws.settings,
                         profile=profile, progress=progress, kind=kind, baseline=baseline)
        except DocumentError as e:
            bad = next((p for p in out.policies if _same_file(e.path, p.path)), None)
            if bad is None:
                out.errors.append(FileError(filename=names, role="report", message=e.message))
                return out
            out.policies.remove(bad)  # drop the unreadable policy (once) and review without it
            out.errors.append(FileError(filename=bad.name, role="policy", message=e.message))
        except DocReviewError as e:
            out.errors.append(FileError(filename=names, role="report", message=e.message))
            return out
        except Exception as e:  # noqa: BLE001 — one broken report must not stop the others
            out.errors.append(FileError(filename=names, role="report",
                                        message=f"{names}: 内部错误 / internal error: {type(e).__name__}: {e}"))
            return out
    if earlier is not None and baseline:  # the stored review stands where a history file would
        review = review.model_copy(update={"history_files": [*review.history_files, *earlier.summary.report_files]})
    out.review = review
    out.notes = kind_lines(review)
    if earlier is not None and baseline:
        out.earlier_id = earlier.id
        out.notes.append(f"上年对照：{earlier.summary.unit_name} {earlier.review.year}年审核记录 #{earlier.id}")
    return out


def _store_all(ws: Workspace, uploads: Sequence[Upload], role: str, tmp: Path, user: UserRef,
               outcome: UploadOutcome) -> list[StoredFile]:
    stored: list[StoredFile] = []
    for n, up in enumerate(uploads):
        name = sanitize_filename(up.filename)
        try:
            sha = ws.store_document(up.data, name, user=user)
        except DocReviewError as e:
            outcome.errors.append(FileError(filename=name, role=role, message=e.message))
            continue
        # a folder per file: two uploads with the same name must not overwrite each other
        folder = tmp / f"{role}-{n}"
        folder.mkdir()
        path = folder / name
        path.write_bytes(up.data)
        stored.append(StoredFile(name=name, sha256=sha, path=path, kind=up.kind))
    return stored


def _earlier_review(ws: Workspace, unit: str, path: Path, *, user: UserRef) -> ReviewRecord | None:
    """The stored year-end review of ``unit`` from the latest year before the year ``path`` names, if any.
    The report is read for its year only when the unit has an earlier review to compare with."""
    records = unit_reviews(ws, unit, user=user)
    if not any(r.review.year is not None and r.review.doc_kind in history.YEAR_END_KINDS for r in records):
        return None
    try:
        year, project = history.document_year(path, ws.settings)
    except DocReviewError:
        return None  # the review itself reports the unreadable file
    chosen = history.earlier_review(records, unit, year, project=project)
    return ws.get_review(chosen.summary.id, user=user) if chosen is not None else None


@dataclass(frozen=True)
class UnitReviewSummary:
    id: int
    created: dt.datetime
    unit_name: str


@dataclass(frozen=True)
class UnitReviewRow:
    """A stored review as the earlier-year lookup reads it: enough for ``history.earlier_review`` to choose."""

    summary: UnitReviewSummary
    review: Review


def unit_reviews(ws: Workspace, unit: str, *, user: UserRef) -> list[UnitReviewRow]:
    """The latest version of each document set of ``unit`` (by ``history.unit_key``) that ``user`` may see, newest
    first: what ``ws.latest_records(user=user, unit_name=unit)`` returns, read with one query on the indexed
    ``reviews.unit_key`` (plus the caller's roles) instead of every review of the workspace."""
    from sqlalchemy import exists, select
    from sqlalchemy.orm import aliased

    from docreview.store.models import ReviewRow
    from docreview.store.service import _visible_reviews

    key = history.stored_unit_key(unit)
    if not key:
        return []
    newer = aliased(ReviewRow)
    with ws._read() as s:
        q = (select(ReviewRow.id, ReviewRow.created, ReviewRow.unit_name, ReviewRow.review_json)
             .where(ReviewRow.unit_key == key)
             # the latest version of its document set: no newer live version (the versions of a document set
             # share batch and document set, so they are visible or not together, deletion aside)
             .where(~exists().where(newer.batch_id == ReviewRow.batch_id, newer.docset_key == ReviewRow.docset_key,
                                    newer.version > ReviewRow.version, newer.deleted.is_(None))))
        visible = _visible_reviews(ws._caller(s, user))
        if visible is not None:
            q = q.where(visible)
        rows = s.execute(q.order_by(ReviewRow.created.desc(), ReviewRow.id.desc())).all()
    full = history.unit_key(unit)
    return [UnitReviewRow(UnitReviewSummary(id=r.id, created=r.created, unit_name=r.unit_name),
                          Review.model_validate(r.review_json))
            for r in rows if history.unit_key(r.unit_name) == full]


def _same_file(error_path: str | None, path: Path) -> bool:
    if not error_path:
        return False
    try:
        return Path(error_path).resolve() == path.resolve()
    except OSError:
        return False


def _progress_for(progress: IntakeProgress | None, name: str) -> Callable[[str, int, int], None] | None:
    if progress is None:
        return None

    def cb(stage: str, done: int, total: int, *_: Any) -> None:
        progress(name, stage, done, total)

    return cb
