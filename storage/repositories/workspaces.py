"""A workspace's stored settings (the settings modal), and the cheap version check other processes
use to know their kept copy is stale."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import WorkspaceSetting
from storage.repositories._sql import dialect_insert


class WorkspaceSettingsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, team_id: str) -> WorkspaceSetting | None:
        return self.session.get(WorkspaceSetting, team_id)

    def versions(self) -> dict[str, int]:
        """Every workspace's stored version (one read; a row per workspace that saved settings)."""
        rows = self.session.execute(select(WorkspaceSetting.team_id, WorkspaceSetting.version))
        return {team: int(version) for team, version in rows}

    def get_many(self, team_ids: list[str]) -> dict[str, WorkspaceSetting]:
        rows = self.session.scalars(select(WorkspaceSetting).where(WorkspaceSetting.team_id.in_(team_ids)))
        return {row.team_id: row for row in rows}

    def version(self, team_id: str) -> int:
        """The stored settings' version; 0 when the workspace stored none (one indexed read)."""
        found = self.session.scalar(
            select(WorkspaceSetting.version).where(WorkspaceSetting.team_id == team_id)
        )
        return int(found or 0)

    def save(self, team_id: str, values: dict[str, Any], *, by: str | None, at: datetime) -> WorkspaceSetting:
        """Merge ``values`` into what is stored (the row locked while it is changed) and bump the
        version. Two processes saving a workspace's first settings at once: one inserts, the other
        waits for the row and merges into it."""
        self.session.execute(
            dialect_insert(self.session, WorkspaceSetting)
            .values(team_id=team_id, values={}, version=0, updated_at=at, updated_by=by)
            .on_conflict_do_nothing(index_elements=["team_id"])
        )
        row = self.session.scalars(
            select(WorkspaceSetting)
            .where(WorkspaceSetting.team_id == team_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
        row.values = {**row.values, **values}
        row.version += 1
        row.updated_at, row.updated_by = at, by
        self.session.flush()
        return row
