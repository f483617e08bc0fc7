"""Alembic, configured in code so no alembic.ini has to sit in the working directory."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser would read "%" in a URL-encoded password as interpolation.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Quietly: Alembic's INFO lines (one per migration, in English) are for ORAT_LOG_LEVEL=DEBUG;
    the command says in one Swedish line what was done."""
    alembic_log = logging.getLogger("alembic")
    before = alembic_log.level
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        alembic_log.setLevel(max(logging.WARNING, before))
    try:
        command.upgrade(alembic_config(database_url), revision)
    finally:
        alembic_log.setLevel(before)
