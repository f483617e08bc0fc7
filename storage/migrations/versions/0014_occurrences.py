"""occurrences: the same event or problem reported again, added to the open report the report
modal offered as a match ("Lägg till som nytt tillfälle"), with its own date, time, place, text and
reporter.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("reporter_user_id", sa.String(length=32), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("occurred_time", sa.Time(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("slack_view_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_occurrences_report_id_reports")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_report_occurrences_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_occurrences")),
        sa.UniqueConstraint(
            "team_id", "slack_view_id", name=op.f("uq_report_occurrences_team_id_slack_view_id")
        ),
    )
    op.create_index("ix_report_occurrences_report", "report_occurrences", ["report_id"])
    op.create_index("ix_report_occurrences_team_created", "report_occurrences", ["team_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_report_occurrences_team_created", table_name="report_occurrences")
    op.drop_index("ix_report_occurrences_report", table_name="report_occurrences")
    op.drop_table("report_occurrences")
