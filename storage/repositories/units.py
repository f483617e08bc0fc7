"""The organisation: units (schools, departments, actors) and the members registered at them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Member, MemberRole, Unit
from storage.repositories._sql import dialect_insert


class UnitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def active(self, team_id: str) -> Sequence[Unit]:
        return self.session.scalars(
            select(Unit).where(Unit.team_id == team_id, Unit.active.is_(True)).order_by(Unit.name)
        ).all()

    def all(self, team_id: str) -> Sequence[Unit]:
        """Active or not, by name."""
        return self.session.scalars(select(Unit).where(Unit.team_id == team_id).order_by(Unit.name)).all()

    def get(self, team_id: str, unit_id: int) -> Unit | None:
        unit = self.session.get(Unit, unit_id)
        return unit if unit is not None and unit.team_id == team_id else None

    def by_name(self, team_id: str, name: str) -> Unit | None:
        """Case-insensitively, also for Å, Ä and Ö (SQLite's lower() folds ASCII only)."""
        wanted = name.strip().casefold()
        units = self.session.scalars(select(Unit).where(Unit.team_id == team_id)).all()
        return next((u for u in units if u.name.casefold() == wanted), None)

    def add(self, unit: Unit) -> Unit:
        self.session.add(unit)
        self.session.flush()
        return unit

    def reviewed_by(self, team_id: str, user_ids: Iterable[str]) -> list[tuple[str, int]]:
        """(reviewer, unit id) of the units whose reviewer is one of ``user_ids``."""
        wanted = list(user_ids)
        if not wanted:
            return []
        rows = self.session.execute(
            select(Unit.reviewer_user_id, Unit.id).where(
                Unit.team_id == team_id, Unit.reviewer_user_id.in_(wanted)
            )
        ).all()
        return [(str(user), unit_id) for user, unit_id in rows]


class MemberRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, team_id: str, user_id: str) -> Member | None:
        return self.session.scalar(select(Member).where(Member.team_id == team_id, Member.user_id == user_id))

    def unit_of(self, team_id: str, user_id: str) -> int | None:
        """The member's remembered unit, in one small query (no roles loaded); None for a stranger."""
        return self.session.scalar(
            select(Member.unit_id).where(Member.team_id == team_id, Member.user_id == user_id)
        )

    def get_or_create(self, team_id: str, user_id: str, now: datetime) -> Member:
        """Safe when two requests of the same new user arrive at once: the insert that loses does
        nothing, and both get the one row."""
        member = self.get(team_id, user_id)
        if member is None:
            self.session.execute(
                dialect_insert(self.session, Member)
                .values(team_id=team_id, user_id=user_id, created_at=now, updated_at=now)
                .on_conflict_do_nothing(index_elements=["team_id", "user_id"])
            )
            member = self.get(team_id, user_id)
            assert member is not None
        return member

    def standing(self, team_id: str, user_ids: Iterable[str]) -> dict[str, tuple[str | None, frozenset[str]]]:
        """Each registered one of ``user_ids``: the kind of their unit (None: no unit) and their roles,
        read from the database as it stands in this transaction."""
        wanted = list(user_ids)
        if not wanted:
            return {}
        units = self.session.execute(
            select(Member.user_id, Unit.kind)
            .outerjoin(Unit, Unit.id == Member.unit_id)
            .where(Member.team_id == team_id, Member.user_id.in_(wanted))
        ).all()
        roles: dict[str, set[str]] = {}
        for user_id, role in self.session.execute(
            select(Member.user_id, MemberRole.role)
            .join(MemberRole, MemberRole.member_id == Member.id)
            .where(Member.team_id == team_id, Member.user_id.in_(wanted))
        ).all():
            roles.setdefault(user_id, set()).add(role)
        return {user_id: (kind, frozenset(roles.get(user_id, ()))) for user_id, kind in units}

    def at_unit(self, team_id: str, unit_id: int) -> list[str]:
        """The user ids registered at the unit."""
        return list(
            self.session.scalars(
                select(Member.user_id).where(Member.team_id == team_id, Member.unit_id == unit_id)
            ).all()
        )

    def with_role(self, team_id: str, role: str) -> list[str]:
        """The user ids of the members granted ``role``, sorted."""
        return list(
            self.session.scalars(
                select(Member.user_id)
                .join(MemberRole, MemberRole.member_id == Member.id)
                .where(Member.team_id == team_id, MemberRole.role == role)
                .order_by(Member.user_id)
            ).all()
        )

    def grant(self, member: Member, role: str) -> None:
        if role not in {r.role for r in member.roles}:
            self.session.flush()
            self.session.execute(
                dialect_insert(self.session, MemberRole)
                .values(member_id=member.id, team_id=member.team_id, role=role)
                .on_conflict_do_nothing(index_elements=["member_id", "role"])
            )
            self.session.expire(member, ["roles"])
