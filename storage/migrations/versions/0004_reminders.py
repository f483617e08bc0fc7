"""reminders: flagged actions, handovers, the reporter's answer

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flagged", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("handover_to_user_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("handover_unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("handover_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("solved", sa.Boolean(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_actions_handover_unit_id_units"), "units", ["handover_unit_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_actions_handover_unit_id_units"), type_="foreignkey")
        for column in ("solved", "handover_note", "handover_unit_id", "handover_to_user_id", "flagged"):
            batch_op.drop_column(column)
