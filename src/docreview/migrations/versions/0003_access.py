"""Access model: organisations, teams, memberships, roles; sign-in attempts.

Every batch now belongs to a team.  An older workspace keeps working: the migration creates the default
organisation and team (``默认机构`` / ``默认科室``), puts every existing batch in that team and every existing
non-admin account in it with its role, so everyone still sees what they saw.  Accounts get ``active`` (disable /
enable) and the roles ``lead`` and ``viewer``.

Revision ID: 0003_access
Revises: 0002_unrated_reviews
Create Date: 2026-12-01
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0003_access"
down_revision = "0002_unrated_reviews"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
# the names the store uses for them (store.access.DEFAULT_ORGANISATION / DEFAULT_TEAM); repeated here because a
# migration must keep meaning what it meant when it was written
DEFAULT_ORGANISATION = "默认机构"
DEFAULT_TEAM = "默认科室"


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.UniqueConstraint("name", name="uq_organisations_name"),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id", name="fk_teams_organisation"),
                  nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.UniqueConstraint("name", name="uq_teams_name"),
        sa.CheckConstraint("kind IN ('department', 'client')", name="ck_teams_kind"),
    )
    op.create_index("ix_teams_organisation_id", "teams", ["organisation_id"])
    op.create_table(
        "team_members",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_team_members_user"), primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", name="fk_team_members_team"), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.CheckConstraint("role IN ('lead', 'reviewer', 'viewer')", name="ck_team_members_role"),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id", name="fk_assignments_batch"), nullable=False),
        sa.Column("docset_key", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_assignments_user"), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", name="fk_assignments_by"), nullable=True),
        sa.Column("created", TS, nullable=False),
        sa.UniqueConstraint("batch_id", "docset_key", "user_id", name="uq_assignments_docset_user"),
    )
    op.create_index("ix_assignments_batch_id", "assignments", ["batch_id"])
    op.create_index("ix_assignments_user_id", "assignments", ["user_id"])
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("address", sa.String(100), nullable=True),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.CheckConstraint("outcome IN ('ok', 'failed', 'refused')", name="ck_sign_in_attempts_outcome"),
    )
    op.create_index("ix_sign_in_attempts_at", "sign_in_attempts", ["at"])
    op.create_index("ix_sign_in_attempts_user_name", "sign_in_attempts", ["user_name"])
    op.create_index("ix_sign_in_attempts_address", "sign_in_attempts", ["address"])

    # the default organisation and team (ids from the database: PostgreSQL's sequences must count them)
    conn = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    organisations = sa.table("organisations", sa.column("id", sa.Integer), sa.column("name", sa.String),
                             sa.column("created", TS))
    teams = sa.table("teams", sa.column("id", sa.Integer), sa.column("organisation_id", sa.Integer),
                     sa.column("name", sa.String), sa.column("kind", sa.String), sa.column("created", TS))
    conn.execute(organisations.insert().values(name=DEFAULT_ORGANISATION, created=now))
    org_id = conn.execute(sa.select(organisations.c.id).where(organisations.c.name == DEFAULT_ORGANISATION)).scalar_one()
    conn.execute(teams.insert().values(organisation_id=org_id, name=DEFAULT_TEAM, kind="department", created=now))
    team_id = conn.execute(sa.select(teams.c.id).where(teams.c.name == DEFAULT_TEAM)).scalar_one()

    # batch: SQLite rebuilds the table (Workspace.migrate turns its foreign keys off around the migrations, as
    # SQLite's procedure for rebuilding a referenced table asks, and checks them before committing) (its constraints cannot be altered), PostgreSQL alters it
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()))
        batch.drop_constraint("ck_users_role", type_="check")
        batch.create_check_constraint("ck_users_role", "role IN ('admin', 'lead', 'reviewer', 'viewer')")
    with op.batch_alter_table("batches") as batch:
        batch.add_column(sa.Column("team_id", sa.Integer, nullable=True))
    conn.execute(sa.text("UPDATE batches SET team_id = :team"), {"team": team_id})
    with op.batch_alter_table("batches") as batch:
        batch.alter_column("team_id", existing_type=sa.Integer, nullable=False)
        batch.create_foreign_key("fk_batches_team", "teams", ["team_id"], ["id"])
        batch.create_index("ix_batches_team_id", ["team_id"])
    # everyone who was not an admin saw every batch: they stay in the team that now holds them all
    conn.execute(sa.text("INSERT INTO team_members (user_id, team_id, role, created) "
                         "SELECT id, :team, role, :now FROM users WHERE role <> 'admin'"),
                 {"team": team_id, "now": now})


def downgrade() -> None:
    with op.batch_alter_table("batches") as batch:
        batch.drop_index("ix_batches_team_id")
        batch.drop_constraint("fk_batches_team", type_="foreignkey")
        batch.drop_column("team_id")
    op.execute("UPDATE users SET role = 'reviewer' WHERE role IN ('lead', 'viewer')")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("ck_users_role", type_="check")
        batch.create_check_constraint("ck_users_role", "role IN ('reviewer', 'admin')")
        batch.drop_column("active")
    for table in ("sign_in_attempts", "assignments", "team_members", "teams", "organisations"):
        op.drop_table(table)
