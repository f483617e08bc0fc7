"""the chairs shape the draft agenda: an item moved to the next meeting ("Flytta till nästa möte")
keeps its row and number with who moved it and why; items of the chair's own under "Övrigt".

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("moved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("moved_by_user_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("moved_reason", sa.Text(), nullable=True))
    op.create_table(
        "agenda_other_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("added_by_user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_agenda_other_items_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_other_items")),
    )
    op.create_index("ix_agenda_other_items_meeting", "agenda_other_items", ["meeting_id"])


def downgrade() -> None:
    op.drop_index("ix_agenda_other_items_meeting", table_name="agenda_other_items")
    op.drop_table("agenda_other_items")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_column("moved_reason")
        batch_op.drop_column("moved_by_user_id")
        batch_op.drop_column("moved_at")
