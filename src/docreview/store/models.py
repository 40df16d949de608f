"""SQLAlchemy ORM models of the workspace store.

The schema itself is created by the Alembic migrations in ``docreview/migrations``; these classes
map it.  Keep both in step: a change here needs a new revision there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from docreview.store import history

# Plain JSON (``json`` on PostgreSQL, not ``jsonb``): keeps the key order of rule inputs as the rule wrote them.
JSONType = JSON()


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("name", name="uq_users_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))  # admin | lead | reviewer | viewer (auth.ROLES)
    password_hash: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # a disabled account can neither sign in nor act


class Batch(Base):
    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    profile: Mapped[str] = mapped_column(String(100), default="default")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)  # who may see it (issue 16)
    deleted: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)  # soft delete (issue 15)


class StoredDocument(Base):
    """Metadata of an uploaded file; the bytes live under ``workspace/blobs/ab/cdef…``."""

    __tablename__ = "documents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(10))
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewRow(Base):
    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("batch_id", "docset_key", "version", name="uq_reviews_docset_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    docset_key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    review_uid: Mapped[str] = mapped_column(String(64))
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    profile: Mapped[str] = mapped_column(String(100))
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    # history.stored_unit_key(unit_name), kept by _keep_unit_key: the earlier-year lookup is an indexed query
    unit_key: Mapped[str] = mapped_column(String(history.UNIT_KEY_CHARS), default="", server_default="", index=True)
    review_json: Mapped[dict[str, Any]] = mapped_column(JSONType)
    computed_total: Mapped[float | None] = mapped_column(Float, nullable=True)  # None: not scored
    self_total: Mapped[float | None] = mapped_column(Float, nullable=True)
    rating: Mapped[str | None] = mapped_column(String(4), nullable=True)
    execution_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    budget_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    flag_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | closed
    deleted: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)  # soft delete (issue 15)

    documents: Mapped[list[ReviewDocument]] = relationship(
        back_populates="review", order_by="ReviewDocument.position")
    flags: Mapped[list[FlagRow]] = relationship(back_populates="review", order_by="FlagRow.position")

    @validates("unit_name")
    def _keep_unit_key(self, _field: str, unit_name: str) -> str:
        """Whenever the unit name is set (a new review, a merge of units), its key follows."""
        self.unit_key = history.stored_unit_key(unit_name)
        return unit_name


class ReviewDocument(Base):
    __tablename__ = "review_documents"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), primary_key=True)  # policy | report
    position: Mapped[int] = mapped_column(Integer, default=0)
    # the name the file had in this review (the same bytes may have been uploaded under another name)
    filename: Mapped[str] = mapped_column(String(255))

    review: Mapped[ReviewRow] = relationship(back_populates="documents")
    document: Mapped[StoredDocument] = relationship()


class FlagRow(Base):
    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("review_id", "flag_key", name="uq_flags_review_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    flag_key: Mapped[str] = mapped_column(String(80))
    flag_uid: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    type: Mapped[str] = mapped_column(String(40), index=True)
    indicator: Mapped[str | None] = mapped_column(String(500), nullable=True)
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONType)
    evidence: Mapped[list[Any]] = mapped_column(JSONType)
    searched: Mapped[list[Any]] = mapped_column(JSONType)

    review: Mapped[ReviewRow] = relationship(back_populates="flags")


class ExplanationRow(Base):
    __tablename__ = "explanations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("flags.id"), nullable=True, index=True)
    flag_uid: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10))  # rule | model
    prompt: Mapped[str | None] = mapped_column(String(200), nullable=True)
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    grounded: Mapped[bool] = mapped_column(Boolean, default=True)
    rejected_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)


class Verdict(Base):
    """The current verdict on one flag; its history is in the audit log."""

    __tablename__ = "verdicts"
    __table_args__ = (UniqueConstraint("flag_id", name="uq_verdicts_flag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"))
    decision: Mapped[str] = mapped_column(String(20))  # confirmed | dismissed | needs_info
    comment: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id"), nullable=True)


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("flags.id"), nullable=True, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), nullable=True)


class AuditLog(Base):
    """Append-only: rows are inserted, never updated or deleted (triggers enforce it in the database)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    user_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[str] = mapped_column(String(100), index=True)
    before: Mapped[Any] = mapped_column(JSONType, nullable=True)
    after: Mapped[Any] = mapped_column(JSONType, nullable=True)


# ---------------------------------------------------------------------- the review queue (issue 14, 0004_jobs)

JOB_STATES = ("queued", "running", "done", "failed", "cancelled")


class Job(Base):
    """One review job: a unit's files reviewed as one document set, run by a queue worker.

    ``job_key`` (unique) is the hash of the batch, the unit's files (sha256, role, kind), the profile, the
    engine version and a round number, so that submitting the same unit twice while it is still pending
    makes one job.  ``worker`` and ``lease_until`` say who runs it until when; the worker renews the lease,
    and a job whose lease ran out is queued again by the reaper.  ``review_id`` is set in the transaction
    that saves the review, so a job is done exactly when its review is stored.
    """

    __tablename__ = "jobs"
    __table_args__ = (UniqueConstraint("job_key", name="uq_jobs_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_key: Mapped[str] = mapped_column(String(64))
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    state: Mapped[str] = mapped_column(String(10), index=True)  # JOB_STATES
    unit: Mapped[dict[str, Any]] = mapped_column(JSONType)  # queue.ReviewUnit: files (sha256, role, kind, name)
    label: Mapped[str] = mapped_column(String(500))  # the report file names, for the progress page
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    profile: Mapped[str] = mapped_column(String(100))
    engine: Mapped[str] = mapped_column(String(40))  # docreview version that keyed (and runs) the job
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    stage: Mapped[str | None] = mapped_column(String(20), nullable=True)  # pipeline stage being run
    done: Mapped[int] = mapped_column(Integer, default=0)  # steps of the stage done …
    total: Mapped[int] = mapped_column(Integer, default=0)  # … of its steps
    pages_done: Mapped[int] = mapped_column(Integer, default=0)  # pages read by OCR …
    pages_total: Mapped[int] = mapped_column(Integer, default=0)  # … of the pages that need it
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    notes: Mapped[list[Any]] = mapped_column(JSONType)  # lines for the reviewer: kind, baseline, skipped files
    worker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"), nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    enqueued: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    started: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Blob(Base):
    """The bytes of a stored document when the store is PostgreSQL: a worker on another machine reads them
    from the database (on SQLite they stay in the workspace's ``blobs/`` folder)."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


# ---------------------------------------------------------------------- access (issue 16, migration 0003_access)


class Organisation(Base):
    """A finance bureau or a third-party firm: the owner of teams."""

    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("name", name="uq_organisations_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Team(Base):
    """A 业务科室 of a bureau, or a client of a firm: every batch belongs to one, and reviewers see the batches of
    their teams."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("name", name="uq_teams_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="department")  # department | client
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Membership(Base):
    """A user's role in a team (auth.TEAM_ROLES: lead | reviewer | viewer)."""

    __tablename__ = "team_members"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Assignment(Base):
    """A document set (every version of one review) assigned to, or shared with, a user by a lead."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("batch_id", "docset_key", "user_id", name="uq_assignments_docset_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    docset_key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SignInAttempt(Base):
    """One sign-in attempt, for the throttle (``auth.refused_until``); the audit log has them too."""

    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_name: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    outcome: Mapped[str] = mapped_column(String(10))  # ok | failed | refused


class UserSession(Base):
    """A signed-in session of the app (issue 16): kept in the store, so that restarting the app signs nobody out
    and several app processes share the sessions.  Only a hash of the session id is stored (the id is in the
    browser's signed cookie); ``last_seen`` is written at most once a minute (``session_cookie.TOUCH_S``)."""

    __tablename__ = "sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the session id
    user_name: Mapped[str] = mapped_column(String(100), index=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
