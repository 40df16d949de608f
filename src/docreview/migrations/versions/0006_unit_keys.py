"""The unit key on each review (issue 18): ``reviews.unit_key``, indexed, so that the queue finds a unit's
earlier-year review (its baseline) with one indexed query instead of reading every review of the workspace.

The key is ``history.stored_unit_key(unit_name)`` (full width folded, NFKC, no spaces, lower case): existing
rows are filled in here with that same function; new rows get it from the model (``ReviewRow._keep_unit_key``).

Revision ID: 0006_unit_keys
Revises: 0005_units
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from docreview.store.history import UNIT_KEY_CHARS, stored_unit_key

revision = "0006_unit_keys"
down_revision = "0005_units"
branch_labels = None
depends_on = None

_CHUNK = 500  # ids per UPDATE (SQLite allows 999 parameters in older builds)


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("unit_key", sa.String(UNIT_KEY_CHARS), nullable=False, server_default=""))
    reviews = sa.table("reviews", sa.column("id", sa.Integer), sa.column("unit_name", sa.String),
                       sa.column("unit_key", sa.String))
    conn = op.get_bind()
    by_key: dict[str, list[int]] = defaultdict(list)
    for review_id, unit_name in conn.execute(sa.select(reviews.c.id, reviews.c.unit_name)):
        key = stored_unit_key(unit_name)
        if key:
            by_key[key].append(review_id)
    for key, ids in by_key.items():
        for start in range(0, len(ids), _CHUNK):
            conn.execute(reviews.update().where(reviews.c.id.in_(ids[start:start + _CHUNK])).values(unit_key=key))
    op.create_index("ix_reviews_unit_key", "reviews", ["unit_key"])


def downgrade() -> None:
    op.drop_index("ix_reviews_unit_key", table_name="reviews")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("unit_key")
