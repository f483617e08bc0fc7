"""meeting schedule, review, agenda

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="new"))
        batch_op.add_column(sa.Column("carried_from_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("unreviewed", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("message_key", sa.String(length=200), nullable=True))
        batch_op.create_index("ix_agenda_items_report", ["report_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_items_carried_from_id_agenda_items"),
            "agenda_items",
            ["carried_from_id"],
            ["id"],
        )

    # Meetings filed before this revision stand for their own regular slot.
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("regular_starts_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("changed_by_user_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("draft_sent_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE meetings SET regular_starts_at = starts_at")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.alter_column("regular_starts_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_meetings_team_id_regular_starts_at"), ["team_id", "regular_starts_at"]
        )

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("after_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("thread_key", sa.String(length=200), nullable=True))

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by_user_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("review_question", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_reports_team_created", ["team_id", "created_at"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_reports_merged_into_id_reports"), "reports", ["merged_into_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_reports_merged_into_id_reports"), type_="foreignkey")
        batch_op.drop_index("ix_reports_team_created")
        for column in ("merged_into_id", "review_question", "reviewed_by_user_id", "reviewed_at", "revision"):
            batch_op.drop_column(column)

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("thread_key")
        batch_op.drop_column("after_key")

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_meetings_team_id_regular_starts_at"), type_="unique")
        for column in ("draft_sent_at", "changed_by_user_id", "regular_starts_at"):
            batch_op.drop_column(column)

    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_agenda_items_carried_from_id_agenda_items"), type_="foreignkey"
        )
        batch_op.drop_index("ix_agenda_items_report")
        for column in ("message_key", "unreviewed", "carried_from_id", "kind"):
            batch_op.drop_column(column)
