"""The weekly round: the units' answers before a meeting, and who reports for which unit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from storage.models import Meeting, Member, Report, RoundAnswer, Unit
from storage.repositories._sql import dialect_insert

REPORTED = "reported"  # bot.domain.rounds.REPORTED: an answer stored when an occurrence is added


class RoundRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def answer(
        self, team_id: str, meeting_id: int, unit_id: int, kind: str, user_id: str, at: datetime
    ) -> bool:
        """Record the unit's answer; False when the unit had already answered (nothing changes)."""
        statement = (
            dialect_insert(self.session, RoundAnswer)
            .values(
                team_id=team_id,
                meeting_id=meeting_id,
                unit_id=unit_id,
                kind=kind,
                user_id=user_id,
                answered_at=at,
            )
            .on_conflict_do_nothing(index_elements=["meeting_id", "unit_id"])
        )
        return self.session.execute(statement).rowcount == 1  # type: ignore[attr-defined]

    def answer_of(self, meeting_id: int, unit_id: int) -> RoundAnswer | None:
        return self.session.scalar(
            select(RoundAnswer).where(RoundAnswer.meeting_id == meeting_id, RoundAnswer.unit_id == unit_id)
        )

    def answers(self, meeting_ids: Sequence[int]) -> Sequence[RoundAnswer]:
        if not meeting_ids:
            return []
        return self.session.scalars(select(RoundAnswer).where(RoundAnswer.meeting_id.in_(meeting_ids))).all()

    def reported_units(self, meeting_ids: Sequence[int]) -> list[tuple[int, int]]:
        """(meeting id, unit id) of every unit that filed a report for one of the meetings, or added
        an occurrence to an earlier one (an answer of the kind "reported")."""
        if not meeting_ids:
            return []
        rows = self.session.execute(
            union(
                select(Report.meeting_id, Report.unit_id).where(Report.meeting_id.in_(meeting_ids)),
                select(RoundAnswer.meeting_id, RoundAnswer.unit_id).where(
                    RoundAnswer.meeting_id.in_(meeting_ids), RoundAnswer.kind == REPORTED
                ),
            )
        ).all()
        return [(int(m), int(u)) for m, u in rows]

    def has_reported(self, meeting_id: int, unit_id: int) -> bool:
        return (
            self.session.scalar(
                select(Report.id).where(Report.meeting_id == meeting_id, Report.unit_id == unit_id).limit(1)
            )
            is not None
        )

    def reporters(self, team_id: str) -> dict[int, list[str]]:
        """The user ids registered at each active unit (unit id → sorted user ids)."""
        rows = self.session.execute(
            select(Member.unit_id, Member.user_id)
            .join(Unit, Unit.id == Member.unit_id)
            .where(Member.team_id == team_id, Unit.active.is_(True))
            .order_by(Member.user_id)
        ).all()
        found: dict[int, list[str]] = {}
        for unit_id, user_id in rows:
            found.setdefault(int(unit_id), []).append(user_id)
        return found

    def asked(self, team_id: str, since: datetime, until: datetime) -> Sequence[Meeting]:
        """Meetings starting in ``[since, until)`` whose round went out, by start."""
        return self.session.scalars(
            select(Meeting)
            .where(
                Meeting.team_id == team_id,
                Meeting.round_sent_at.is_not(None),
                Meeting.starts_at >= since,
                Meeting.starts_at < until,
            )
            .order_by(Meeting.starts_at)
        ).all()
