"""Slot for issue 16 (sign-in sessions and throttling kept in the store).  Filled in by that work; an empty
revision until then.

Revision ID: 0007_sessions
Revises: 0006_unit_keys
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0007_sessions"
down_revision = "0006_unit_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
