"""Who holds which role, and the one place the services ask whether someone may do something.

The table itself is ``bot.domain.permissions.PERMISSIONS``; this module finds the roles a user holds
for a given report or action and raises ``Denied`` when none of them grants the permission.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeGuard, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.permissions import GuestCheck, Permission, Role, allowed
from bot.domain.reports import UnitKind
from bot.domain.workspace_settings import WorkspaceSettings
from bot.notifier import ChannelFacts, Directory, UserFacts
from bot.results.common import Denied
from bot.services.workspace_store import WorkspaceSettingsStore
from storage.models import Action, Report, Unit
from storage.repositories import ActionRepository, AgendaRepository, MemberRepository, UnitRepository

log = logging.getLogger(__name__)

T = TypeVar("T")

# ORAT_REPORTERS
REPORTERS_ANYONE = "alla"
REPORTERS_UNITS = "enheter"


@dataclass(frozen=True)
class AccessSettings:
    chairs: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()
    reporters: str = REPORTERS_ANYONE  # alla | enheter
    meeting_channel: str | None = None
    allow_open_channel: bool = False  # ORAT_ALLOW_OPEN_CHANNEL: post contents in a public/shared channel


class _TtlCache:
    """Slack's answers about channels, kept a few minutes: a click must not wait for the Web API."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._values: dict[str, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, load: Callable[[], T]) -> T:
        with self._lock:
            hit = self._values.get(key)
            if hit is not None and hit[0] > time.monotonic():
                return hit[1]  # type: ignore[return-value]
        value = load()
        with self._lock:
            self._values[key] = (time.monotonic() + self.seconds, value)
        return value

    def forget(self, key: str) -> None:
        with self._lock:
            self._values.pop(key, None)

    def age(self, key: str) -> float | None:
        """Seconds since the kept value was loaded; None when none is kept."""
        with self._lock:
            hit = self._values.get(key)
        now = time.monotonic()
        return None if hit is None or hit[0] <= now else self.seconds - (hit[0] - now)

    def keep(self, key: str, value: object, age: float) -> None:
        """Keep a value loaded ``age`` seconds ago elsewhere, unless one is kept here already."""
        with self._lock:
            hit = self._values.get(key)
            if hit is None or hit[0] <= time.monotonic():
                self._values[key] = (time.monotonic() + self.seconds - age, value)


class Roles:
    CACHE_SECONDS = 300.0
    GUEST_CACHE_SECONDS = 3600.0  # whether someone is a guest changes seldom (an admin converts them)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        workspaces: WorkspaceSettingsStore,
        directory: Directory | None = None,
        directories: Callable[[str], Directory | None] | None = None,
    ) -> None:
        """``directories``: with many workspaces, each team's own (its installation's token), None
        for a team without one; None: ``directory`` for every team. ``workspaces``: each
        workspace's chairs, admins, reporter policy and meeting channel (the environment's, unless
        the workspace stored its own in the settings modal)."""
        self.sessions = sessions
        self.workspaces = workspaces
        self.directory = directory
        self.directories = directories
        self._cache = _TtlCache(self.CACHE_SECONDS)
        self._guests = _TtlCache(self.GUEST_CACHE_SECONDS)
        self._known_guests: dict[str, bool] = {}  # the last answer, for when Slack cannot be asked

    # ------------------------------------------------------------------------------ who is who
    def configured(self, team_id: str | None) -> WorkspaceSettings:
        """The workspace's settings (``ORAT_*`` unless it stored its own)."""
        return self.workspaces.for_team(team_id)

    def chairs(self, team_id: str) -> list[str]:
        """The workspace's chairs (``ORAT_CHAIRS`` or the settings modal's) first, then members
        given the chair role (seed file or later by a chair)."""
        configured = self.configured(team_id).chairs
        return list(dict.fromkeys([*configured, *self._with_role(team_id, "chair")]))

    def admins(self, team_id: str) -> list[str]:
        configured = self.configured(team_id).admins
        return list(dict.fromkeys([*configured, *self._with_role(team_id, "admin")]))

    def _with_role(self, team_id: str, role: str) -> list[str]:
        with self.sessions() as session:
            return MemberRepository(session).with_role(team_id, role)

    def directory_of(self, team_id: str | None) -> Directory | None:
        """The directory to ask about ``team_id``'s people and channels."""
        if self.directories is None:
            return self.directory
        return self.directories(team_id) if team_id is not None else None

    # ------------------------------------------------------------------------------ guests
    def is_guest(self, team_id: str, user_id: str) -> bool:
        """Someone outside the city's workspace: a Slack guest (``is_restricted``,
        ``is_ultra_restricted``) or a Slack Connect user (their own workspace is another one), as
        ``users.info`` says (kept an hour) or as a request of theirs showed (``note_outside``).
        Fails closed: when Slack cannot say and never said, they count as a guest for this request."""
        directory = self.directory_of(team_id)
        if directory is None or not hasattr(directory, "user_facts"):
            return False
        key = f"{team_id}:{user_id}"

        def ask() -> bool:
            facts: UserFacts | None = directory.user_facts(user_id)
            if facts is None:
                raise LookupError("users.info")
            return facts.restricted or (facts.team_id is not None and facts.team_id != team_id)

        try:
            guest = self._guests.get(key, ask)
        except Exception as exc:  # Slack unreachable: the last answer, else a guest (fails closed)
            log.warning("could not ask Slack whether a user is a guest: %s", type(exc).__name__)
            return self._known_guests.get(key, True)
        self._known_guests[key] = guest
        return guest

    def guest_check(self, team_id: str, user_id: str, now: datetime) -> GuestCheck | None:
        """Slack's kept answer for ``user_id`` (see ``is_guest``), to carry in a modal; None when
        the answer was not Slack's (it could not be asked)."""
        key = f"{team_id}:{user_id}"
        age = self._guests.age(key)
        if age is None:
            return None
        return GuestCheck(user_id, self._guests.get(key, lambda: True), now.timestamp() - age)

    def recall(self, team_id: str, check: GuestCheck | None, now: datetime) -> None:
        """Keep the answer a modal carried (``guest_check``) while it is younger than this cache's
        hour: a guest stays a guest, and nobody is asked twice within the hour."""
        age = None if check is None else now.timestamp() - check.checked_at
        if check is not None and age is not None and 0 <= age < self.GUEST_CACHE_SECONDS:
            self._guests.keep(f"{team_id}:{check.user_id}", check.guest, age)

    def note_outside(self, team_id: str, user_id: str) -> None:
        """A request carried another organisation's team id for this user (Slack Connect)."""
        key = f"{team_id}:{user_id}"
        self._known_guests[key] = True
        self._guests.forget(key)
        self._guests.get(key, lambda: True)

    def guest_unit(self, session: Session, team_id: str, user_id: str) -> int | None:
        """The unit (their actor) a guest is connected to; None for a guest not yet connected."""
        return MemberRepository(session).unit_of(team_id, user_id)

    def _guest_of(self, session: Session, team_id: str, user_id: str, unit_id: int | None) -> bool:
        return (
            unit_id is not None
            and self.is_guest(team_id, user_id)
            and self.guest_unit(session, team_id, user_id) == unit_id
        )

    def workspace_roles(self, session: Session, team_id: str, user_id: str) -> set[Role]:
        """The roles that hold whatever the subject: chair, admin, participant (none for a guest)."""
        if self.is_guest(team_id, user_id):
            return set()
        member = MemberRepository(session).get(team_id, user_id)
        granted = {r.role for r in member.roles} if member is not None else set()
        roles: set[Role] = set()
        configured = self.configured(team_id)
        if user_id in configured.chairs or "chair" in granted:
            roles.add(Role.CHAIR)
        if user_id in configured.admins or "admin" in granted:
            roles.add(Role.ADMIN)
        actor_contact = (
            member is not None
            and member.unit is not None
            and member.unit.kind in (UnitKind.ACTOR, UnitKind.DEPARTMENT)
        )
        if "participant" in granted or actor_contact or self.in_meeting_channel(user_id, team_id):
            roles.add(Role.PARTICIPANT)
        return roles

    def held(self, team_id: str, user_id: str) -> frozenset[Role]:
        """Every role the user holds for something now, for ``/orat hjälp``: the workspace roles,
        reporter if they may file reports, reviewer if a unit is theirs to review, owner if they
        have an open action."""
        with self.sessions() as session:
            roles = self.workspace_roles(session, team_id, user_id)
            if self.may_report_for(session, team_id, user_id, None):
                roles.add(Role.REPORTER)
            if self.is_guest(team_id, user_id) and self.guest_unit(session, team_id, user_id) is not None:
                roles.add(Role.GUEST)
            if UnitRepository(session).reviewed_by(team_id, [user_id]):
                roles.add(Role.REVIEWER)
            if ActionRepository(session).open_for_owner(team_id, user_id):
                roles.add(Role.OWNER)
            return frozenset(roles)

    def in_meeting_channel(self, user_id: str, team_id: str | None = None) -> bool:
        channel = self.configured(team_id).meeting_channel
        directory = self.directory_of(team_id)
        if channel is None or directory is None:
            return False
        try:
            members = self._cache.get(
                f"members:{team_id}:{channel}", lambda: directory.channel_members(channel)
            )
        except Exception as exc:  # Slack unreachable: fall back to the registered participants
            log.warning("could not read the meeting channel's members: %s", type(exc).__name__)
            return False
        return user_id in members

    # ------------------------------------------------------------------------------ the checks
    def report_roles(self, session: Session, team_id: str, user_id: str, report: Report) -> set[Role]:
        roles = self.workspace_roles(session, team_id, user_id)
        if report.reporter_user_id == user_id:
            roles.add(Role.REPORTER)
        if report.unit is not None and report.unit.reviewer_user_id == user_id:
            roles.add(Role.REVIEWER)
        if user_id in ActionRepository(session).owners_of_report(report.id):
            roles.add(Role.OWNER)
        if self._guest_of(session, team_id, user_id, report.unit_id):
            roles.add(Role.GUEST)
        if Role.PARTICIPANT in roles and not AgendaRepository(session).on_published_agenda(report.id):
            # Participants see what the meeting sees: reports once their agenda is out.
            roles.discard(Role.PARTICIPANT)
        return roles

    def action_roles(self, session: Session, team_id: str, user_id: str, action: Action) -> set[Role]:
        roles = self.workspace_roles(session, team_id, user_id)
        if action.owner_user_id == user_id:
            roles.add(Role.OWNER)
        if action.report is not None and action.report.reporter_user_id == user_id:
            roles.add(Role.REPORTER)
        if self._guest_of(session, team_id, user_id, action.owner_unit_id):
            roles.add(Role.GUEST)
        return roles

    def require(
        self,
        session: Session,
        team_id: str,
        user_id: str,
        permission: Permission,
        *,
        report: Report | None = None,
        action: Action | None = None,
    ) -> set[Role]:
        """Raise ``Denied`` unless one of the user's roles for the subject grants ``permission``."""
        if action is not None:
            roles = self.action_roles(session, team_id, user_id, action)
        elif report is not None:
            roles = self.report_roles(session, team_id, user_id, report)
        else:
            roles = self.workspace_roles(session, team_id, user_id)
        if not allowed(permission, roles):
            log.info("denied: %s lacks %s", _role_names(roles), permission.value)
            raise Denied(REFUSALS.get(permission, "not_allowed"))
        return roles

    def check(self, team_id: str, user_id: str, permission: Permission) -> set[Role]:
        """``require`` for workspace-wide permissions, in a session of its own."""
        with self.sessions() as session:
            return self.require(session, team_id, user_id, permission)

    def may_report_for(self, session: Session, team_id: str, user_id: str, unit: Unit | None) -> bool:
        """ORAT_REPORTERS=enheter, and always for a guest: only people registered in a unit, and only
        for that unit."""
        if self.configured(team_id).reporters == REPORTERS_ANYONE and not self.is_guest(team_id, user_id):
            return True
        member = MemberRepository(session).get(team_id, user_id)
        return (
            member is not None and member.unit_id is not None and (unit is None or unit.id == member.unit_id)
        )

    # ------------------------------------------------------------------------------ where to post
    def forget_channel(self, team_id: str) -> None:
        """The workspace chose its meeting channel: ask Slack about it afresh."""
        channel = self.configured(team_id).meeting_channel
        if channel is not None:
            self._cache.forget(f"facts:{team_id}:{channel}")
            self._cache.forget(f"members:{team_id}:{channel}")

    def meeting_channel_refusal(self, team_id: str | None = None, *, fresh: bool = False) -> str | None:
        """Why report contents may not go to the workspace's meeting channel (None: they may). Fails
        closed: a channel we cannot check counts as not private. ``fresh``: ask Slack, not the cache."""
        configured = self.configured(team_id)
        channel = configured.meeting_channel
        if channel is None or configured.allow_open_channel:
            return None
        directory = self.directory_of(team_id)
        if directory is None:
            return "unchecked"
        if fresh:
            self._cache.forget(f"facts:{team_id}:{channel}")
        try:
            facts: ChannelFacts = self._cache.get(
                f"facts:{team_id}:{channel}", lambda: directory.channel_facts(channel)
            )
        except Exception as exc:
            log.warning("could not check the meeting channel: %s", type(exc).__name__)
            return "unchecked"
        if facts.archived:
            return "archived"
        if facts.shared:
            return "shared"
        if not facts.private:
            return "public"
        return None


# The explanation a refusal gets (bot.texts: denied.<code>).
REFUSALS: dict[Permission, str] = {
    Permission.FILE_REPORT: "reporters_restricted",
    Permission.SEE_REPORT: "not_allowed_report",
    Permission.EDIT_REPORT: "not_your_report",
    Permission.REVIEW_REPORT: "reviewer_only",
    Permission.SEE_AGENDA: "participants_only",
    Permission.TAKE_RESPONSIBILITY: "participants_only",
    Permission.ASSIGN_ACTION: "chair_only",
    Permission.DECIDE_ITEM: "chair_only",
    Permission.CHANGE_ACTION: "owner_only",
    Permission.CLOSE_ACTION: "owner_only",
    Permission.ANSWER_SOLVED: "not_your_report",
    Permission.RUN_MEETING: "chair_only",
    Permission.READ_AUDIT: "chair_or_admin_only",
    Permission.ADMINISTER: "chair_or_admin_only",
    Permission.GRANT_CHAIR: "chair_only",
    Permission.SEE_STATISTICS: "participants_only",
}


_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")  # a Slack user id, as storage keeps it (32 at most)


def plausible_user_id(value: object) -> TypeGuard[str]:
    """A Slack user id the way Slack writes them (``U…``/``W…``), short enough to store."""
    return isinstance(value, str) and _USER_ID.match(value) is not None


def _role_names(roles: set[Role]) -> str:
    return ",".join(sorted(r.value for r in roles)) or "none"
