"""``/orat admin``: chairs and administrators keep the organisation up to date – units and their
reviewers, members and their roles. (Meetings are moved or cancelled with ``/orat möte``; the weekly
rule itself is ``ORAT_MEETING``.)

Administrators see no report contents, and cannot give themselves (or another administrator) what
would show them: the participant role, a unit to review, a place at a department or actor. Only a
chair can."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.permissions import Permission, Role
from bot.domain.reports import UNIT_NAME_MAX, UnitKind
from bot.domain.vocabulary import AREA
from bot.results.admin import AdminOverview, MemberInput, MemberState, UnitDetails, UnitInput
from bot.results.common import Denied, Rejected
from bot.results.reports import UnitChoice
from bot.services.reports import choice
from bot.services.roles import Roles, plausible_user_id
from bot.services.vocabulary import VocabularyService
from storage.models import MemberRole, Unit
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

# The roles a chair or admin hands out here (reviewers are set per unit).
MANAGED_ROLES = ("participant", "chair", "admin")
# Being registered at one of these makes someone a participant (see Roles.workspace_roles).
CONTACT_UNIT_KINDS = (UnitKind.ACTOR.value, UnitKind.DEPARTMENT.value)


@dataclass(frozen=True)
class _Standing:
    """What someone holds that matters for reading report contents."""

    admin: bool
    chair: bool
    access: frozenset[str]  # participant | contact | reviewer:<unit id>


class AdminService:
    def __init__(
        self, sessions: sessionmaker[Session], *, roles: Roles, vocabulary: VocabularyService | None = None
    ) -> None:
        self.sessions = sessions
        self.roles = roles
        self.vocabulary = vocabulary or VocabularyService(sessions)

    def overview(self, team_id: str, user_id: str) -> AdminOverview:
        with unit_of_work(self.sessions) as uow:
            held = self.roles.require(uow.session, team_id, user_id, Permission.ADMINISTER)
            units = uow.units.all(team_id)
            return AdminOverview(
                units=tuple(UnitDetails(choice(u), u.reviewer_user_id, u.active) for u in units),
                may_grant_chair=Role.CHAIR in held,
                vocabulary=self.vocabulary.load(team_id, uow),
            )

    def save_unit(self, team_id: str, user_id: str, entry: UnitInput, now: datetime) -> UnitChoice | Rejected:
        errors = {}
        areas = set(self.vocabulary.load(team_id).active_keys(AREA))
        name = entry.name.strip()
        if entry.unit_id is None and not name:
            errors["name"] = "unit_missing"
        elif len(name) > UNIT_NAME_MAX:
            errors["name"] = "unit_name_too_long"
        if entry.kind not in {k.value for k in UnitKind}:
            errors["kind"] = "unit_kind_missing"
        elif (
            entry.kind == UnitKind.SCHOOL and entry.area not in areas and not self._keeps_area(team_id, entry)
        ):
            errors["area"] = "area_missing"
        if entry.reviewer_user_id and not plausible_user_id(entry.reviewer_user_id):
            errors["reviewer"] = "member_user_missing"
        with unit_of_work(self.sessions) as uow:
            held = self.roles.require(uow.session, team_id, user_id, Permission.ADMINISTER)
            unit = uow.units.get(team_id, entry.unit_id) if entry.unit_id is not None else None
            if entry.unit_id is not None and unit is None:
                raise Denied("unit_not_found")
            # A name already taken is told together with the form's other errors, in one answer.
            same_name = uow.units.by_name(team_id, name) if name and "name" not in errors else None
            if same_name is not None and same_name is not unit:
                errors["name"] = "unit_name_taken"
            if errors:
                return Rejected(errors)
            # Who could gain access by this: the reviewer, and those registered at the unit (its kind).
            affected: set[str] = {entry.reviewer_user_id} if entry.reviewer_user_id else set()
            if unit is not None:
                affected |= set(uow.members.at_unit(team_id, unit.id))
            before = self._standing(uow, team_id, affected)
            created = unit is None
            if unit is None:
                unit = uow.units.add(Unit(team_id=team_id, name=name, kind=entry.kind, created_at=now))
            unit.name = name or unit.name
            unit.kind = str(entry.kind)
            # An area retired since the unit got it stays the unit's until another is chosen.
            unit.area = entry.area if entry.area in areas or entry.area == unit.area else None
            unit.reviewer_user_id = entry.reviewer_user_id or None
            unit.active = entry.active
            uow.session.flush()
            self._no_admin_gains_contents(user_id, held, before, self._standing(uow, team_id, affected))
            uow.audit.unit_saved(unit, by=user_id, at=now, created=created)
            log.info("%s: unit %s", "unit.created" if created else "unit.changed", unit.id)
            return choice(unit)

    def _keeps_area(self, team_id: str, entry: UnitInput) -> bool:
        """The unit's own area, retired since: saving the unit unchanged is no error."""
        if entry.unit_id is None or entry.area is None:
            return False
        with unit_of_work(self.sessions) as uow:
            unit = uow.units.get(team_id, entry.unit_id)
            return unit is not None and unit.area == entry.area

    def member(self, team_id: str, user_id: str, member_user_id: str) -> MemberState:
        with unit_of_work(self.sessions) as uow:
            self.roles.require(uow.session, team_id, user_id, Permission.ADMINISTER)
            member = uow.members.get(team_id, member_user_id)
            if member is None:
                return MemberState(member_user_id, None, ())
            return MemberState(member_user_id, member.unit_id, tuple(sorted(r.role for r in member.roles)))

    def save_member(
        self, team_id: str, user_id: str, entry: MemberInput, now: datetime
    ) -> MemberState | Rejected:
        """Set the member's unit and exactly the checked roles (of those managed here)."""
        if not plausible_user_id(entry.user_id):
            return Rejected({"user": "member_user_missing"})
        wanted = {r for r in entry.roles if r in MANAGED_ROLES}
        if wanted and self.roles.is_guest(team_id, entry.user_id):
            # A guest holds no workspace role (bot.domain.permissions.Role.GUEST): connect them to
            # their actor instead. Checked before anything changes; the administrator is told why.
            self.roles.check(team_id, user_id, Permission.ADMINISTER)
            return Rejected({"roles": "guest_roles"})
        with unit_of_work(self.sessions) as uow:
            held = self.roles.require(uow.session, team_id, user_id, Permission.ADMINISTER)
            before = self._standing(uow, team_id, {entry.user_id})
            member = uow.members.get_or_create(team_id, entry.user_id, now)
            current = {r.role for r in member.roles}
            changed = (wanted ^ current) & set(MANAGED_ROLES)
            if "chair" in changed:
                self.roles.require(uow.session, team_id, user_id, Permission.GRANT_CHAIR)
            if "admin" in changed and Role.ADMIN not in held and Role.CHAIR not in held:
                raise Denied("chair_or_admin_only")
            if entry.unit_id is not None and uow.units.get(team_id, entry.unit_id) is None:
                return Rejected({"unit": "unit_not_offered"})
            member.unit_id, member.updated_at = entry.unit_id, now
            for role in list(member.roles):
                if role.role in MANAGED_ROLES and role.role not in wanted:
                    member.roles.remove(role)
            for role in sorted(wanted - current):
                member.roles.append(MemberRole(team_id=team_id, role=role))
            uow.session.flush()
            after = self._standing(uow, team_id, {entry.user_id})
            self._no_admin_gains_contents(user_id, held, before, after)
            uow.audit.member_changed(member, by=user_id, at=now, roles=wanted)
            return MemberState(entry.user_id, member.unit_id, tuple(sorted(r.role for r in member.roles)))

    # ------------------------------------------------------------------------------ content access
    def _standing(self, uow: UnitOfWork, team_id: str, users: set[str]) -> dict[str, _Standing]:
        """Each of ``users`` as the database stands in this transaction."""
        registered = uow.members.standing(team_id, users)
        reviews = uow.units.reviewed_by(team_id, users)
        standing = {}
        configured = self.roles.configured(team_id)
        for user in users:
            kind, roles = registered.get(user, (None, frozenset()))
            access = {f"reviewer:{unit_id}" for reviewer, unit_id in reviews if reviewer == user}
            if "participant" in roles:
                access.add("participant")
            if kind in CONTACT_UNIT_KINDS:
                access.add("contact")
            standing[user] = _Standing(
                admin=user in configured.admins or "admin" in roles,
                chair=user in configured.chairs or "chair" in roles,
                access=frozenset(access),
            )
        return standing

    @staticmethod
    def _no_admin_gains_contents(
        user_id: str, held: set[Role], before: dict[str, _Standing], after: dict[str, _Standing]
    ) -> None:
        """Unless a chair does it, nobody who is or was an administrator – nor the administrator
        making the change – comes out of it with access to report contents they did not have, and
        nobody with such access becomes an administrator. Raising rolls the whole change back."""
        if Role.CHAIR in held:
            return
        for user, now in after.items():
            was = before[user]
            if now.chair:
                continue  # a chair sees the contents anyway
            gained = not now.access <= was.access
            if (gained and (now.admin or was.admin or user == user_id)) or (
                now.admin and not was.admin and now.access
            ):
                log.info("admin change refused: it would give an administrator report contents")
                raise Denied("admin_content_access")
