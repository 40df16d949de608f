"""Review jobs for the task queue: job rows with state, lease and progress; document bytes in the database.

``jobs``: one row per review job (a unit's files reviewed as one document set), its state (queued, running,
done, failed, cancelled), attempts, lease (``worker``, ``lease_until``), progress (stage, done/total, OCR
pages), error and the review it produced.  ``blobs``: the bytes of stored documents when the store is
PostgreSQL, so that workers on other machines can read them.

Revision ID: 0004_jobs
Revises: 0003_access
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_jobs"
down_revision = "0003_access"
branch_labels = None
depends_on = None

JSON = sa.JSON()
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("job_key", sa.String(64), nullable=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id", name="fk_jobs_batch"), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("unit", JSON, nullable=False),
        sa.Column("label", sa.String(500), nullable=False),
        sa.Column("unit_name", sa.String(200), nullable=False),
        sa.Column("profile", sa.String(100), nullable=False),
        sa.Column("engine", sa.String(40), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("cancel_requested", sa.Boolean, nullable=False),
        sa.Column("stage", sa.String(20), nullable=True),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("pages_done", sa.Integer, nullable=False),
        sa.Column("pages_total", sa.Integer, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("notes", JSON, nullable=False),
        sa.Column("worker", sa.String(200), nullable=True),
        sa.Column("lease_until", TS, nullable=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", name="fk_jobs_review"), nullable=True),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", name="fk_jobs_user"), nullable=True),
        sa.Column("created", TS, nullable=False),
        sa.Column("enqueued", TS, nullable=True),
        sa.Column("started", TS, nullable=True),
        sa.Column("finished", TS, nullable=True),
        sa.Column("updated", TS, nullable=False),
        sa.UniqueConstraint("job_key", name="uq_jobs_key"),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed', 'cancelled')", name="ck_jobs_state"),
    )
    op.create_index("ix_jobs_batch_id", "jobs", ["batch_id"])
    op.create_index("ix_jobs_state", "jobs", ["state"])
    op.create_index("ix_jobs_lease_until", "jobs", ["lease_until"])
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("blobs")
    op.drop_index("ix_jobs_lease_until", table_name="jobs")
    op.drop_index("ix_jobs_state", table_name="jobs")
    op.drop_index("ix_jobs_batch_id", table_name="jobs")
    op.drop_table("jobs")
