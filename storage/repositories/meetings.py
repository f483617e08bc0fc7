"""Meetings: the rows of planned, moved and cancelled meetings, and the claims on their work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.models import Attendance, Meeting, Unit
from storage.repositories._sql import dialect_insert


class MeetingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, team_id: str, meeting_id: int) -> Meeting | None:
        meeting = self.session.get(Meeting, meeting_id)
        return meeting if meeting is not None and meeting.team_id == team_id else None

    def get_or_create(
        self,
        team_id: str,
        starts_at: datetime,
        cutoff_at: datetime,
        now: datetime,
        regular_starts_at: datetime,
    ) -> Meeting:
        """The row for a planned meeting (found by its regular slot, so a moved one is found too)."""
        found = self._by_regular_slot(team_id, regular_starts_at)
        if found is not None:
            return found  # the usual case: no write, no lock
        self.session.execute(
            dialect_insert(self.session, Meeting)
            .values(
                team_id=team_id,
                starts_at=starts_at,
                regular_starts_at=regular_starts_at,
                cutoff_at=cutoff_at,
                status="planned",
                created_at=now,
            )
            .on_conflict_do_nothing()
        )
        meeting = self._by_regular_slot(team_id, regular_starts_at)
        assert meeting is not None
        return meeting

    def _by_regular_slot(self, team_id: str, regular_starts_at: datetime) -> Meeting | None:
        return self.session.scalar(
            select(Meeting).where(Meeting.team_id == team_id, Meeting.regular_starts_at == regular_starts_at)
        )

    def get_by_id(self, meeting_id: int) -> Meeting | None:
        return self.session.get(Meeting, meeting_id)

    def latest_published(self, team_id: str, before: datetime) -> Meeting | None:
        """The last meeting with a published agenda that has started by ``before``."""
        return self.session.scalar(
            select(Meeting)
            .where(
                Meeting.team_id == team_id,
                Meeting.agenda_published_at.is_not(None),
                Meeting.starts_at <= before,
            )
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        )

    def awaiting_minutes(self, team_id: str, started_by: datetime, since: datetime) -> Sequence[Meeting]:
        """Published meetings that started between ``since`` and ``started_by`` without minutes."""
        return self.session.scalars(
            select(Meeting).where(
                Meeting.team_id == team_id,
                Meeting.agenda_published_at.is_not(None),
                Meeting.minutes_posted_at.is_(None),
                Meeting.starts_at <= started_by,
                Meeting.starts_at >= since,
            )
        ).all()

    def missed(self, team_id: str, *, started_before: datetime, since: datetime) -> Sequence[Meeting]:
        """Meetings that started between ``since`` and ``started_before`` (not cancelled) whose
        agenda never went out and whose chairs have not been told so."""
        return self.session.scalars(
            select(Meeting)
            .where(
                Meeting.team_id == team_id,
                Meeting.status != "cancelled",
                Meeting.agenda_published_at.is_(None),
                Meeting.missed_noticed_at.is_(None),
                Meeting.starts_at < started_before,
                Meeting.starts_at >= since,
            )
            .order_by(Meeting.starts_at)
        ).all()

    def by_regular_start(self, team_id: str, regular_starts_at: datetime) -> Meeting | None:
        return self.session.scalar(
            select(Meeting).where(Meeting.team_id == team_id, Meeting.regular_starts_at == regular_starts_at)
        )

    def changed(self, team_id: str, since: datetime) -> Sequence[Meeting]:
        """Meetings a chair moved or cancelled whose regular slot is after ``since``."""
        return self.session.scalars(
            select(Meeting).where(
                Meeting.team_id == team_id,
                Meeting.status.in_(("moved", "cancelled")),
                Meeting.regular_starts_at >= since,
            )
        ).all()

    def claim(self, meeting_id: int, column: str, now: datetime) -> bool:
        """Set ``draft_sent_at`` or ``agenda_published_at`` if still unset: True for the one
        process that got there first (the rest of its transaction then does the work)."""
        target = getattr(Meeting, column)
        result = self.session.execute(
            update(Meeting)
            .where(Meeting.id == meeting_id, target.is_(None))
            .values({column: now})
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------ attendance
    def mark_present(self, meeting: Meeting, user_id: str, unit_id: int | None, at: datetime) -> bool:
        """Note ``user_id`` as present (with their actor); False when they already were."""
        return (
            self.session.execute(
                dialect_insert(self.session, Attendance)
                .values(
                    team_id=meeting.team_id,
                    meeting_id=meeting.id,
                    user_id=user_id,
                    unit_id=unit_id,
                    marked_at=at,
                )
                .on_conflict_do_nothing(index_elements=["meeting_id", "user_id"])
                .returning(Attendance.id)
            ).scalar_one_or_none()
            is not None
        )

    def set_attendees(
        self, meeting: Meeting, units: dict[str, int | None], at: datetime
    ) -> tuple[list[str], list[str]]:
        """Make exactly ``units``' people (user id → their actor) present; (added, removed) user ids.
        Those who stay keep when and with which actor they were noted."""
        noted = set(
            self.session.scalars(select(Attendance.user_id).where(Attendance.meeting_id == meeting.id))
        )
        removed = sorted(noted - units.keys())
        if removed:
            self.session.execute(
                delete(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.user_id.in_(removed))
            )
        added = [user for user in units if user not in noted]
        for user in added:
            self.session.add(
                Attendance(
                    team_id=meeting.team_id,
                    meeting_id=meeting.id,
                    user_id=user,
                    unit_id=units[user],
                    marked_at=at,
                )
            )
        self.session.flush()
        return added, removed

    def attendees(self, meeting_id: int) -> Sequence[tuple[str, str | None]]:
        """(user id, actor name or None) of everyone present, in the order they marked it."""
        rows = self.session.execute(
            select(Attendance.user_id, Unit.name)
            .outerjoin(Unit, Unit.id == Attendance.unit_id)
            .where(Attendance.meeting_id == meeting_id)
            .order_by(Attendance.marked_at, Attendance.id)
        ).all()
        return [(user_id, unit) for user_id, unit in rows]
