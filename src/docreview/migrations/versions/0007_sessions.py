"""The app's signed-in sessions kept in the store (issue 16): ``sessions``, one row per session, keyed by a hash of
the session id (the id itself is only in the browser's signed cookie), with its user and last activity.  Restarting
the app signs nobody out, and several app processes share the sessions.

Revision ID: 0007_sessions
Revises: 0006_unit_keys
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_sessions"
down_revision = "0006_unit_keys"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
    )
    op.create_index("ix_sessions_user_name", "sessions", ["user_name"])
    op.create_index("ix_sessions_last_seen", "sessions", ["last_seen"])


def downgrade() -> None:
    op.drop_index("ix_sessions_last_seen", table_name="sessions")
    op.drop_index("ix_sessions_user_name", table_name="sessions")
    op.drop_table("sessions")
