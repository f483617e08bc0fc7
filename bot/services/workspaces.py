"""Settings per workspace: the settings modal, the first-run checklist and the installer's claim to
be the first admin. What each service asks is ``for_team`` (``bot.services.workspace_store``)."""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.organisation import SeedError, parse_seed
from bot.domain.permissions import Permission, Role
from bot.domain.workspace_settings import Checklist, WorkspaceSettings, as_form, validate
from bot.notifier import Directory
from bot.results.settings import SettingsForm, SettingsRejected, SettingsSaved, UnitsLoaded
from bot.services.organisation import OrganisationService
from bot.services.roles import Roles
from bot.services.workspace_store import WorkspaceSettingsStore
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


class WorkspaceService:
    """The settings modal, the first-run checklist and the installer's claim to be the first admin."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        store: WorkspaceSettingsStore,
        roles: Roles,
        organisation: OrganisationService,
        directory: Directory | None,
    ) -> None:
        self.sessions = sessions
        self.store = store
        self.roles = roles
        self.organisation = organisation
        self.directory = directory
        # The workspace's own category keys, which its retention rules may name (the wiring sets
        # it to the vocabulary's; the shipped ones are always known).
        self.categories: Callable[[str], Collection[str]] = lambda _team: ()

    def for_team(self, team_id: str | None) -> WorkspaceSettings:
        return self.store.for_team(team_id)

    def form(self, team_id: str, user_id: str) -> SettingsForm:
        """The current values for the modal; ``Denied`` unless the user is an admin or a chair."""
        held = self._require_admin(team_id, user_id)
        return SettingsForm(as_form(self.for_team(team_id)), self._may_name_chairs(team_id, held))

    def save(
        self, team_id: str, user_id: str, form: dict[str, Any], now: datetime
    ) -> SettingsSaved | SettingsRejected:
        """Check the modal's values and store them together, or none of them: ``SettingsRejected``
        names every field that is wrong. Audited; this process sees the change at once, the others
        within ``CHECK_SECONDS`` (and at their next tick)."""
        held = self._require_admin(team_id, user_id)
        current = as_form(self.for_team(team_id))
        if not held:  # the installer of a workspace with no admin yet: becomes its first admin
            form = {**form, "admins": [user_id, *(u for u in form.get("admins") or [] if u != user_id)]}
        values, errors = validate(form, self.categories(team_id))
        codes: dict[str, str] = {}
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        if not self._may_name_chairs(team_id, held):
            codes.update({name: "chair_only" for name in ("chairs", "meeting_channel") if name in changed})
        channel = changed.get("meeting_channel")
        if channel and not errors and not codes and not self.for_team(team_id).allow_open_channel:
            refusal = self._channel_refusal(team_id, channel)
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

    def load_units(
        self, team_id: str, user_id: str, text: str, now: datetime
    ) -> UnitsLoaded | SettingsRejected:
        """The checklist's *Lägg in enheter*: the organisation file (``python -m bot seed``'s TOML)
        pasted into a modal. Its members' chair and admin roles are granted only by a chair (or
        before there is one), as in the member form."""
        held = self._require_admin(team_id, user_id)
        try:
            seed = parse_seed(tomllib.loads(text))
        except tomllib.TOMLDecodeError as exc:
            return SettingsRejected({"units": f"Filen är inte giltig TOML: {exc}."}, {})
        except SeedError as exc:
            return SettingsRejected({"units": f"{exc}."}, {})
        except (TypeError, AttributeError):  # a table where a list belongs, and the like
            return SettingsRejected({}, {"units": "units_shape"})
        if seed.team_id is not None and seed.team_id != team_id:
            return SettingsRejected({}, {"units": "units_other_team"})
        if not seed.units:
            return SettingsRejected({}, {"units": "units_none"})
        if not self._may_name_chairs(team_id, held):
            granted = ("chair", "admin")
            members = tuple(
                replace(m, roles=tuple(r for r in m.roles if r not in granted)) for m in seed.members
            )
            seed = replace(seed, members=members)
        result = self.organisation.seed(team_id, seed, now)
        with unit_of_work(self.sessions) as uow:
            uow.audit.organisation_loaded(
                team_id, by=user_id, at=now, added=result.units_added, updated=result.units_updated
            )
        return UnitsLoaded(result.units_added, result.units_updated)

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

    def _require_admin(self, team_id: str, user_id: str) -> set[Role]:
        """The user's roles; ``Denied`` unless they are an admin or a chair, or the workspace has
        neither yet (the installer's first run: an empty set comes back)."""
        if not self.roles.chairs(team_id) and not self.roles.admins(team_id):
            return set()
        return self.roles.check(team_id, user_id, Permission.ADMINISTER)

    def _may_name_chairs(self, team_id: str, held: set[Role]) -> bool:
        """Chairs name the chairs and the channel (what shows report contents); before there is a
        chair (the first run), an admin does."""
        return Role.CHAIR in held or not self.roles.chairs(team_id)

    def _channel_refusal(self, team_id: str, channel: str) -> str | None:
        directory = self.roles.directory_of(team_id)  # with many workspaces: this team's own token
        if directory is None or not hasattr(directory, "channel_facts"):
            return "unchecked"
        try:
            facts = directory.channel_facts(channel)
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
