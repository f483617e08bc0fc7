"""Which workspaces have the app installed, read from slack_sdk's own ``slack_bots`` table (the
installation store writes it; see migration 0017). The table is handed in by the wiring: storage
does not import Slack's libraries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, Table, desc, select


class InstallationRepository:
    def __init__(self, engine: Engine, bots: Table, client_id: str) -> None:
        self.engine = engine
        self.bots = bots
        self.client_id = client_id

    def installed_teams(self) -> list[str]:
        """The workspaces whose bot has a token now (an uninstall deletes the row)."""
        c = self.bots.c
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(c.team_id)
                .where(c.client_id == self.client_id, c.team_id.is_not(None), c.bot_token.is_not(None))
                .distinct()
            )
            return sorted(str(team) for (team,) in rows)

    def latest_bot(self, team_id: str) -> Mapping[str, Any] | None:
        """The workspace's latest bot row (whatever its Enterprise Grid org), or None."""
        c = self.bots.c
        with self.engine.connect() as connection:
            row = (
                connection.execute(
                    select(self.bots)
                    .where(c.client_id == self.client_id, c.team_id == team_id, c.bot_token.is_not(None))
                    .order_by(desc(c.installed_at), desc(c.id))
                    .limit(1)
                )
                .mappings()
                .first()
            )
            return dict(row) if row is not None else None
