"""Soft delete of batches and reviews (issue 15): ``deleted`` on ``batches`` and ``reviews``.

An admin's delete sets ``deleted`` (audited); a deleted batch or review is hidden from every list, read and
write, and its rows stay for the audit trail.

Revision ID: 0005_units
Revises: 0004_jobs
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_units"
down_revision = "0004_jobs"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("batches") as batch:
        batch.add_column(sa.Column("deleted", TS, nullable=True))
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("deleted", TS, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("deleted")
    with op.batch_alter_table("batches") as batch:
        batch.drop_column("deleted")
