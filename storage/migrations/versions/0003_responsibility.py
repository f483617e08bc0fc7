"""responsibility: action notes, item outcomes, agenda messages updated in place

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome_by_user_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("not_ours_by_user_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("suggested_unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_items_suggested_unit_id_units"), "units", ["suggested_unit_id"], ["id"]
        )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_agenda_items_suggested_unit_id_units"), type_="foreignkey")
        batch_op.drop_column("suggested_unit_id")
        batch_op.drop_column("not_ours_by_user_id")
        batch_op.drop_column("outcome_by_user_id")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_column("note")
