"""photos on reports: the images attached in the report form (Slack's file ids and names, not the
bytes), and the bot's copy in the meeting channel once the agenda is published.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("slack_file_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("mimetype", sa.String(length=100), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("uploaded_by_user_id", sa.String(length=32), nullable=False),
        sa.Column("copy_file_id", sa.String(length=32), nullable=True),
        sa.Column("copy_permalink", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("copied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_photos_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_photos")),
        sa.UniqueConstraint(
            "report_id", "slack_file_id", name=op.f("uq_report_photos_report_id_slack_file_id")
        ),
    )
    op.create_index("ix_report_photos_team_uploaded_by", "report_photos", ["team_id", "uploaded_by_user_id"])


def downgrade() -> None:
    op.drop_index("ix_report_photos_team_uploaded_by", table_name="report_photos")
    op.drop_table("report_photos")
