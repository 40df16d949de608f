"""Reviews that were not scored: ``computed_total`` and ``rating`` may be empty (a document that could not
be read completely, or a target table reviewed on its own, gets no total and no rating).

Revision ID: 0002_unrated_reviews
Revises: 0001_initial
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_unrated_reviews"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:  # batch: SQLite rebuilds the table, PostgreSQL alters it
        batch.alter_column("computed_total", existing_type=sa.Float, nullable=True)
        batch.alter_column("rating", existing_type=sa.String(4), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE reviews SET computed_total = 0 WHERE computed_total IS NULL")
    op.execute("UPDATE reviews SET rating = '' WHERE rating IS NULL")
    with op.batch_alter_table("reviews") as batch:
        batch.alter_column("computed_total", existing_type=sa.Float, nullable=False)
        batch.alter_column("rating", existing_type=sa.String(4), nullable=False)
