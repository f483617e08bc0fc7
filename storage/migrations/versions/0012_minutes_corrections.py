"""minutes corrected by the chair within a day of posting ("Rätta protokollet"): each correction
with the point it concerns, who made it and when; the minutes show them under "Rättelse".

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minutes_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_ref", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("corrected_by_user_id", sa.String(length=32), nullable=False),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_minutes_corrections_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_corrections")),
    )
    op.create_index("ix_minutes_corrections_meeting", "minutes_corrections", ["meeting_id"])


def downgrade() -> None:
    op.drop_index("ix_minutes_corrections_meeting", table_name="minutes_corrections")
    op.drop_table("minutes_corrections")
