"""Each workspace's settings as the services ask for them (``for_team``): the environment's
defaults with what the workspace stored in the settings modal.

Cached in this process and emptied for a workspace when it saves here. Another process (a second
web worker, the scheduler) sees a change without a restart: its copy is checked against the stored
version (one primary-key read) at most every ``CHECK_SECONDS``, and at every scheduler tick
(``expire``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.workspace_settings import WorkspaceSettings, resolve
from storage.uow import unit_of_work


class WorkspaceSettingsStore:
    """Each workspace's settings: the environment's defaults with what the workspace stored."""

    CHECK_SECONDS = 5.0

    def __init__(
        self,
        sessions: sessionmaker[Session],
        defaults: WorkspaceSettings,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.defaults = defaults
        self._monotonic = monotonic
        self._kept: dict[str, tuple[float, int, WorkspaceSettings]] = {}  # team → (checked, version, value)
        self._lock = threading.Lock()

    def for_team(self, team_id: str | None) -> WorkspaceSettings:
        if team_id is None:
            return self.defaults
        with self._lock:
            kept = self._kept.get(team_id)
        now = self._monotonic()
        if kept is not None and now - kept[0] < self.CHECK_SECONDS:
            return kept[2]
        with unit_of_work(self.sessions) as uow:
            version = uow.workspace_settings.version(team_id)
            if kept is not None and kept[1] == version:
                value = kept[2]
            else:
                row = uow.workspace_settings.get(team_id) if version else None
                value = resolve(self.defaults, row.values) if row is not None else self.defaults
        with self._lock:
            self._kept[team_id] = (now, version, value)
        return value

    def forget(self, team_id: str) -> None:
        """This process changed the workspace's settings: read them again at the next ask."""
        with self._lock:
            self._kept.pop(team_id, None)

    def refresh(self, team_ids: list[str]) -> None:
        """At each scheduler tick: the copies of ``team_ids`` checked against the stored versions
        in one read (and the changed ones read in one more), so a change made in another process
        holds from this tick, and an idle minute of hundreds of workspaces costs two queries."""
        now = self._monotonic()
        with self._lock:
            kept = dict(self._kept)
        with unit_of_work(self.sessions) as uow:
            stored = uow.workspace_settings.versions()
            changed = [t for t in team_ids if stored.get(t) and (t not in kept or kept[t][1] != stored[t])]
            rows = uow.workspace_settings.get_many(changed) if changed else {}
            fresh = {
                team: (now, row.version, resolve(self.defaults, row.values)) for team, row in rows.items()
            }
        for team in team_ids:
            version = stored.get(team, 0)
            if version == 0:
                fresh[team] = (now, 0, self.defaults)
            elif team not in fresh and team in kept and kept[team][1] == version:
                fresh[team] = (now, version, kept[team][2])
        with self._lock:
            self._kept.update(fresh)

    def expire(self) -> None:
        """Check every kept copy against the stored version at its next ask (each scheduler tick)."""
        with self._lock:
            self._kept = {team: (float("-inf"), v, s) for team, (_, v, s) in self._kept.items()}
