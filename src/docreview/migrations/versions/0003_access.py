"""Access model: organisations, teams, memberships, roles; sign-in attempts.

Revision ID: 0003_access
Revises: 0002_unrated_reviews
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0003_access"
down_revision = "0002_unrated_reviews"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
