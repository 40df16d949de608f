"""Slot for issue 18 (the queue's earlier-year lookup by a stored unit key).  Filled in by that work; an empty
revision until then.

Revision ID: 0006_unit_keys
Revises: 0005_units
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0006_unit_keys"
down_revision = "0005_units"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
