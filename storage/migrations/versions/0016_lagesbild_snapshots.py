"""stored lägesbilder (snapshots): period, who made it and when, the figures, the definitions'
version and a content hash; and each counted report's fingerprint, to say what changed since.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lagesbild_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("made_by_user_id", sa.String(length=32), nullable=True),
        sa.Column("made_by_name", sa.String(length=200), nullable=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("definitions_version", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lagesbild_snapshots")),
        sa.UniqueConstraint("team_id", "number", name=op.f("uq_lagesbild_snapshots_team_id_number")),
    )
    op.create_index(
        "ix_lagesbild_snapshots_team_period",
        "lagesbild_snapshots",
        ["team_id", "period_start", "period_end"],
    )
    op.create_table(
        "lagesbild_snapshot_reports",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["lagesbild_snapshots.id"],
            name=op.f("fk_lagesbild_snapshot_reports_snapshot_id_lagesbild_snapshots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "report_id", name=op.f("pk_lagesbild_snapshot_reports")),
    )
    op.create_index("ix_lagesbild_snapshot_reports_report", "lagesbild_snapshot_reports", ["report_id"])


def downgrade() -> None:
    op.drop_index("ix_lagesbild_snapshot_reports_report", table_name="lagesbild_snapshot_reports")
    op.drop_table("lagesbild_snapshot_reports")
    op.drop_index("ix_lagesbild_snapshots_team_period", table_name="lagesbild_snapshots")
    op.drop_table("lagesbild_snapshots")
