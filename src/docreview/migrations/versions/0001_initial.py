"""Initial workspace schema: users, batches, documents, reviews, flags, explanations, verdicts,
comments and the append-only audit log.

Revision ID: 0001_initial
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON()  # json, not jsonb, on PostgreSQL: key order is kept
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.UniqueConstraint("name", name="uq_users_name"),
        sa.CheckConstraint("role IN ('reviewer', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit_name", sa.String(200), nullable=False),
        sa.Column("profile", sa.String(100), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", name="fk_batches_user"), nullable=True),
        sa.Column("created", TS, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("created", TS, nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id", name="fk_reviews_batch"), nullable=False),
        sa.Column("docset_key", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("review_uid", sa.String(64), nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", name="fk_reviews_user"), nullable=True),
        sa.Column("profile", sa.String(100), nullable=False),
        sa.Column("unit_name", sa.String(200), nullable=False),
        sa.Column("review_json", JSON, nullable=False),
        sa.Column("computed_total", sa.Float, nullable=False),
        sa.Column("self_total", sa.Float, nullable=True),
        sa.Column("rating", sa.String(4), nullable=False),
        sa.Column("execution_rate", sa.Float, nullable=True),
        sa.Column("budget_score", sa.Float, nullable=True),
        sa.Column("flag_count", sa.Integer, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.UniqueConstraint("batch_id", "docset_key", "version", name="uq_reviews_docset_version"),
        sa.CheckConstraint("status IN ('open', 'closed')", name="ck_reviews_status"),
    )
    op.create_index("ix_reviews_batch_id", "reviews", ["batch_id"])
    op.create_index("ix_reviews_docset_key", "reviews", ["docset_key"])
    op.create_table(
        "review_documents",
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", name="fk_revdocs_review"),
                  primary_key=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("documents.sha256", name="fk_revdocs_document"),
                  primary_key=True),
        sa.Column("role", sa.String(10), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.CheckConstraint("role IN ('policy', 'report')", name="ck_revdocs_role"),
    )
    op.create_table(
        "flags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", name="fk_flags_review"), nullable=False),
        sa.Column("flag_key", sa.String(80), nullable=False),
        sa.Column("flag_uid", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("indicator", sa.String(500), nullable=True),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("inputs", JSON, nullable=False),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("searched", JSON, nullable=False),
        sa.UniqueConstraint("review_id", "flag_key", name="uq_flags_review_key"),
    )
    op.create_index("ix_flags_review_id", "flags", ["review_id"])
    op.create_index("ix_flags_type", "flags", ["type"])
    op.create_table(
        "explanations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", name="fk_expl_review"), nullable=False),
        sa.Column("flag_id", sa.Integer, sa.ForeignKey("flags.id", name="fk_expl_flag"), nullable=True),
        sa.Column("flag_uid", sa.String(100), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("prompt", sa.String(200), nullable=True),
        sa.Column("model", sa.String(200), nullable=True),
        sa.Column("grounded", sa.Boolean, nullable=False),
        sa.Column("rejected_reason", sa.Text, nullable=True),
        sa.Column("data", JSON, nullable=False),
    )
    op.create_index("ix_explanations_review_id", "explanations", ["review_id"])
    op.create_index("ix_explanations_flag_id", "explanations", ["flag_id"])
    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("flag_id", sa.Integer, sa.ForeignKey("flags.id", name="fk_verdicts_flag"), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_verdicts_user"), nullable=True),
        sa.Column("updated", TS, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("carried_from_id", sa.Integer, sa.ForeignKey("verdicts.id", name="fk_verdicts_carried"),
                  nullable=True),
        sa.UniqueConstraint("flag_id", name="uq_verdicts_flag"),
        sa.CheckConstraint("decision IN ('confirmed', 'dismissed', 'needs_info')", name="ck_verdicts_decision"),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", name="fk_comments_review"),
                  nullable=False),
        sa.Column("flag_id", sa.Integer, sa.ForeignKey("flags.id", name="fk_comments_flag"), nullable=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_comments_user"), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.Column("carried_from_id", sa.Integer, sa.ForeignKey("comments.id", name="fk_comments_carried"),
                  nullable=True),
    )
    op.create_index("ix_comments_review_id", "comments", ["review_id"])
    op.create_index("ix_comments_flag_id", "comments", ["flag_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("user_name", sa.String(100), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(100), nullable=False),
        sa.Column("before", JSON, nullable=True),
        sa.Column("after", JSON, nullable=True),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity"])
    op.create_index("ix_audit_log_entity_id", "audit_log", ["entity_id"])

    # The audit log is append-only: refuse UPDATE and DELETE in the database too.
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for table in ("audit_log", "comments", "verdicts", "explanations", "flags", "review_documents",
                  "reviews", "documents", "batches", "users"):
        op.drop_table(table)
