"""the weekly round: each unit's answer before a meeting ("Inget nytt"; a filed report counts
too), and the meeting's claims for sending the round and its reminder once.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round_sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("round_reminded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "round_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_round_answers_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_round_answers_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_answers")),
        sa.UniqueConstraint("meeting_id", "unit_id", name=op.f("uq_round_answers_meeting_id_unit_id")),
    )


def downgrade() -> None:
    op.drop_table("round_answers")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("round_reminded_at")
        batch_op.drop_column("round_sent_at")
