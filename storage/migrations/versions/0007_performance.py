"""performance: the reminder sweep reads only due actions; indexes for the hot queries

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL means "look at it on the next sweep": existing actions get their day there.
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_reminder_on", sa.Date(), nullable=True))
    op.create_index(
        "ix_actions_team_status_next_reminder", "actions", ["team_id", "status", "next_reminder_on"]
    )
    op.create_index("ix_actions_team_owner_status", "actions", ["team_id", "owner_user_id", "status"])
    op.create_index("ix_reports_team_status_created", "reports", ["team_id", "status", "created_at"])
    op.create_index("ix_reports_merged_into", "reports", ["merged_into_id"])
    op.create_index("ix_agenda_items_team_outcome", "agenda_items", ["team_id", "outcome"])


def downgrade() -> None:
    op.drop_index("ix_agenda_items_team_outcome", table_name="agenda_items")
    op.drop_index("ix_reports_merged_into", table_name="reports")
    op.drop_index("ix_reports_team_status_created", table_name="reports")
    op.drop_index("ix_actions_team_owner_status", table_name="actions")
    op.drop_index("ix_actions_team_status_next_reminder", table_name="actions")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_column("next_reminder_on")
