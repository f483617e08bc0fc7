"""Settings per workspace: what each service asks (``WorkspaceSettingsStore.for_team``) and what the
settings modal and the first-run checklist do (``WorkspaceService``).

``for_team`` is cached in this process and emptied for a workspace when it saves here. Another
process (a second web worker, the scheduler) sees a change without a restart: its copy is checked
against the stored version (one primary-key read) at most every ``CHECK_SECONDS``, and at every
scheduler tick (``expire``)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.permissions import Permission, Role
from bot.domain.workspace_settings import Checklist, WorkspaceSettings, as_form, resolve, validate
from bot.notifier import Directory
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


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

    def expire(self) -> None:
        """Check every kept copy against the stored version at its next ask (each scheduler tick)."""
        with self._lock:
            self._kept = {team: (float("-inf"), v, s) for team, (_, v, s) in self._kept.items()}


@dataclass(frozen=True)
class SettingsForm:
    """What the settings modal shows: the current values and what the user may change."""

    values: dict[str, Any]
    may_name_chairs: bool


@dataclass(frozen=True)
class SettingsSaved:
    changed: tuple[str, ...]  # the fields whose value changed
    settings: WorkspaceSettings


@dataclass(frozen=True)
class SettingsRejected:
    """The form's errors by field: ``errors`` the parsers' Swedish sentences (the same as for the
    environment's values), ``codes`` text keys (``settings.error.<code>``)."""

    errors: dict[str, str]
    codes: dict[str, str]


class WorkspaceService:
    """The settings modal, the first-run checklist and the installer's claim to be the first admin."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        store: WorkspaceSettingsStore,
        roles: Any,  # bot.services.roles.Roles (not imported: it imports this module)
        directory: Directory | None,
    ) -> None:
        self.sessions = sessions
        self.store = store
        self.roles = roles
        self.directory = directory

    def for_team(self, team_id: str | None) -> WorkspaceSettings:
        return self.store.for_team(team_id)

    def form(self, team_id: str, user_id: str) -> SettingsForm:
        """The current values for the modal; ``Denied`` unless the user is an admin or a chair."""
        held = self.roles.check(team_id, user_id, Permission.ADMINISTER)
        return SettingsForm(as_form(self.for_team(team_id)), self._may_name_chairs(team_id, held))

    def save(
        self, team_id: str, user_id: str, form: dict[str, Any], now: datetime
    ) -> SettingsSaved | SettingsRejected:
        """Check the modal's values and store them together, or none of them: ``SettingsRejected``
        names every field that is wrong. Audited; this process sees the change at once, the others
        within ``CHECK_SECONDS`` (and at their next tick)."""
        held = self.roles.check(team_id, user_id, Permission.ADMINISTER)
        current = as_form(self.for_team(team_id))
        values, errors = validate(form)
        codes: dict[str, str] = {}
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        if not self._may_name_chairs(team_id, held):
            codes.update({name: "chair_only" for name in ("chairs", "meeting_channel") if name in changed})
        channel = changed.get("meeting_channel")
        if channel and not errors and not codes and not self.for_team(team_id).allow_open_channel:
            refusal = self._channel_refusal(channel)
            if refusal is not None:
                codes["meeting_channel"] = f"channel_{refusal}"
        if errors or codes:
            return SettingsRejected({k: v for k, v in errors.items() if k not in codes}, codes)
        with unit_of_work(self.sessions) as uow:
            row = uow.workspace_settings.save(team_id, changed, by=user_id, at=now)
            uow.audit.settings_changed(team_id, by=user_id, at=now, fields=list(changed), version=row.version)
        self.store.forget(team_id)
        self.roles.forget_channel(team_id)
        return SettingsSaved(tuple(sorted(changed)), self.for_team(team_id))

    def checklist(self, team_id: str, user_id: str) -> Checklist | None:
        """The first-run checklist for the Home tab, for admins and chairs (and for anyone while
        the workspace has neither: the installer); None when it is done or not theirs to see."""
        settings = self.for_team(team_id)
        chairs, admins = self.roles.chairs(team_id), self.roles.admins(team_id)
        if (chairs or admins) and user_id not in chairs and user_id not in admins:
            return None
        with unit_of_work(self.sessions) as uow:
            units = bool(uow.units.active(team_id))
        checklist = Checklist(
            channel_chosen=settings.meeting_channel is not None
            and (settings.allow_open_channel or self.roles.meeting_channel_refusal(team_id) is None),
            chairs_named=bool(chairs),
            units_loaded=units,
        )
        return None if checklist.done else checklist

    def claim_first_admin(self, team_id: str, user_id: str, now: datetime) -> bool:
        """Make the installer the workspace's first admin when it has none (the OAuth install
        calls this); False when it already has one (nothing changes)."""
        if self.roles.admins(team_id):
            return False
        with unit_of_work(self.sessions) as uow:
            if uow.workspace_settings.version(team_id):
                stored = uow.workspace_settings.get(team_id)
                if stored is not None and stored.values.get("admins"):
                    return False
            row = uow.workspace_settings.save(team_id, {"admins": [user_id]}, by=user_id, at=now)
            uow.audit.first_admin_claimed(team_id, user_id=user_id, at=now)
            uow.audit.settings_changed(team_id, by=user_id, at=now, fields=["admins"], version=row.version)
        self.store.forget(team_id)
        return True

    def _may_name_chairs(self, team_id: str, held: set[Role]) -> bool:
        """Chairs name the chairs and the channel (what shows report contents); before there is a
        chair (the first run), an admin does."""
        return Role.CHAIR in held or not self.roles.chairs(team_id)

    def _channel_refusal(self, channel: str) -> str | None:
        if self.directory is None or not hasattr(self.directory, "channel_facts"):
            return "unchecked"
        try:
            facts = self.directory.channel_facts(channel)
        except Exception as exc:  # Slack cannot say: fails closed
            log.warning("could not check the chosen meeting channel: %s", type(exc).__name__)
            return "unchecked"
        if facts.archived:
            return "archived"
        if facts.shared:
            return "shared"
        if not facts.private:
            return "public"
        return None


__all__ = [
    "SettingsForm",
    "SettingsRejected",
    "SettingsSaved",
    "WorkspaceService",
    "WorkspaceSettingsStore",
]
