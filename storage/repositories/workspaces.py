"""A workspace's stored settings (the settings modal), and the cheap version check other processes
use to know their kept copy is stale."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import WorkspaceSetting


class WorkspaceSettingsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, team_id: str) -> WorkspaceSetting | None:
        return self.session.get(WorkspaceSetting, team_id)

    def version(self, team_id: str) -> int:
        """The stored settings' version; 0 when the workspace stored none (one indexed read)."""
        found = self.session.scalar(
            select(WorkspaceSetting.version).where(WorkspaceSetting.team_id == team_id)
        )
        return int(found or 0)

    def save(self, team_id: str, values: dict[str, Any], *, by: str | None, at: datetime) -> WorkspaceSetting:
        """Merge ``values`` into what is stored (the row locked while it is changed) and bump the version."""
        row = self.session.scalar(
            select(WorkspaceSetting).where(WorkspaceSetting.team_id == team_id).with_for_update()
        )
        if row is None:
            row = WorkspaceSetting(
                team_id=team_id, values=dict(values), version=1, updated_at=at, updated_by=by
            )
            self.session.add(row)
        else:
            row.values = {**row.values, **values}
            row.version += 1
            row.updated_at, row.updated_by = at, by
        self.session.flush()
        return row
