"""the "Lägg till i Slack" install flow: slack_sdk's own tables for installations (slack_installations,
slack_bots) and OAuth state (slack_oauth_states), in the same database. They are built from the
stores' own table definitions, so the schema is exactly what SQLAlchemyInstallationStore and
SQLAlchemyOAuthStateStore read and write.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def slack_tables() -> list[sa.Table]:
    metadata = sa.MetaData()
    return [
        SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations"),
        SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots"),
        SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states"),
    ]


def upgrade() -> None:
    bind = op.get_bind()
    for table in slack_tables():
        table.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(slack_tables()):
        table.drop(bind)
