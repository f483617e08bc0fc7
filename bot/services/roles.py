"""Who is a chair. Issue-level permissions build on this; the services enforce them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Member, MemberRole


class Roles:
    def __init__(self, sessions: sessionmaker[Session], configured_chairs: tuple[str, ...]) -> None:
        self.sessions = sessions
        self.configured_chairs = configured_chairs

    def chairs(self, team_id: str) -> list[str]:
        """``ORAT_CHAIRS`` first, then members given the chair role (seed file or later by a chair)."""
        with self.sessions() as session:
            added = session.scalars(
                select(Member.user_id)
                .join(MemberRole, MemberRole.member_id == Member.id)
                .where(Member.team_id == team_id, MemberRole.role == "chair")
                .order_by(Member.user_id)
            ).all()
        return list(dict.fromkeys([*self.configured_chairs, *added]))

    def is_chair(self, team_id: str, user_id: str) -> bool:
        return user_id in self.configured_chairs or user_id in self.chairs(team_id)
