"""delivery: the outbox bridges a Slack outage (due time, staleness, ambiguous attempts, notices),
workspace pauses for rate limits, unreachable people and channels remembered, missed meetings noticed

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("stale_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("ambiguous_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=True))
    # Failures from before this revision were handled by the old rules: nothing to tell now.
    op.execute("UPDATE outbox SET noticed_at = created_at WHERE status = 'failed'")
    op.execute("UPDATE outbox SET due_at = not_before")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("due_at", existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_index("ix_outbox_team_channel_status", "outbox", ["team_id", "channel", "status"])
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("missed_noticed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "delivery_pauses",
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_delivery_pauses")),
    )
    op.create_table(
        "unreachable_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unreachable_targets")),
        sa.UniqueConstraint("team_id", "target", name=op.f("uq_unreachable_targets_team_id_target")),
    )


def downgrade() -> None:
    op.drop_table("unreachable_targets")
    op.drop_table("delivery_pauses")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("missed_noticed_at")
    op.drop_index("ix_outbox_team_channel_status", table_name="outbox")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("noticed_at")
        batch_op.drop_column("ambiguous_since")
        batch_op.drop_column("stale_at")
        batch_op.drop_column("due_at")
