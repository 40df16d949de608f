"""Review jobs for the task queue: job rows with state, lease and progress.

Revision ID: 0004_jobs
Revises: 0003_access
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0004_jobs"
down_revision = "0003_access"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
