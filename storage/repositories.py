"""One small repository per aggregate. Each takes a Session; none commits (the unit of work does)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import (
    AuditEvent,
    Meeting,
    Member,
    MemberRole,
    OutboxMessage,
    Report,
    ReportCounter,
    ReportDraft,
    Unit,
)


def _insert(session: Session, model: type) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING on both SQLite and PostgreSQL."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


class UnitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def active(self, team_id: str) -> Sequence[Unit]:
        return self.session.scalars(
            select(Unit).where(Unit.team_id == team_id, Unit.active.is_(True)).order_by(Unit.name)
        ).all()

    def get(self, team_id: str, unit_id: int) -> Unit | None:
        unit = self.session.get(Unit, unit_id)
        return unit if unit is not None and unit.team_id == team_id else None

    def by_name(self, team_id: str, name: str) -> Unit | None:
        return self.session.scalar(
            select(Unit).where(Unit.team_id == team_id, func.lower(Unit.name) == name.lower())
        )

    def add(self, unit: Unit) -> Unit:
        self.session.add(unit)
        self.session.flush()
        return unit


class MemberRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, team_id: str, user_id: str) -> Member | None:
        return self.session.scalar(select(Member).where(Member.team_id == team_id, Member.user_id == user_id))

    def get_or_create(self, team_id: str, user_id: str, now: datetime) -> Member:
        member = self.get(team_id, user_id)
        if member is None:
            member = Member(team_id=team_id, user_id=user_id, created_at=now, updated_at=now)
            self.session.add(member)
            self.session.flush()
        return member

    def grant(self, member: Member, role: str) -> None:
        if role not in {r.role for r in member.roles}:
            member.roles.append(MemberRole(team_id=member.team_id, role=role))


class MeetingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get_or_create(self, team_id: str, starts_at: datetime, cutoff_at: datetime, now: datetime) -> Meeting:
        self.session.execute(
            _insert(self.session, Meeting)
            .values(
                team_id=team_id, starts_at=starts_at, cutoff_at=cutoff_at, status="planned", created_at=now
            )
            .on_conflict_do_nothing(index_elements=["team_id", "starts_at"])
        )
        meeting = self.session.scalar(
            select(Meeting).where(Meeting.team_id == team_id, Meeting.starts_at == starts_at)
        )
        assert meeting is not None
        return meeting


class ReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_number(self, team_id: str, year: int) -> int:
        """Take the next reference number; the counter row stays locked until commit."""
        self.session.execute(
            _insert(self.session, ReportCounter)
            .values(team_id=team_id, year=year, last_number=0)
            .on_conflict_do_nothing(index_elements=["team_id", "year"])
        )
        return self.session.execute(
            update(ReportCounter)
            .where(ReportCounter.team_id == team_id, ReportCounter.year == year)
            .values(last_number=ReportCounter.last_number + 1)
            .returning(ReportCounter.last_number)
        ).scalar_one()

    def add(self, report: Report) -> Report:
        self.session.add(report)
        self.session.flush()
        return report

    def by_view(self, team_id: str, view_id: str) -> Report | None:
        return self.session.scalar(
            select(Report).where(Report.team_id == team_id, Report.slack_view_id == view_id)
        )

    def by_reference(self, team_id: str, year: int, number: int) -> Report | None:
        return self.session.scalar(
            select(Report).where(Report.team_id == team_id, Report.year == year, Report.number == number)
        )


class DraftRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, draft: ReportDraft) -> ReportDraft:
        self.session.add(draft)
        self.session.flush()
        return draft

    def take(self, team_id: str, user_id: str, draft_id: int) -> ReportDraft | None:
        """The user's own draft, removed from the table (it becomes part of the report)."""
        draft = self.session.get(ReportDraft, draft_id)
        if draft is None or draft.team_id != team_id or draft.user_id != user_id:
            return None
        self.session.delete(draft)
        return draft

    def purge_created_before(self, instant: datetime) -> int:
        result = self.session.execute(delete(ReportDraft).where(ReportDraft.created_at < instant))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        *,
        team_id: str,
        key: str,
        kind: str,
        channel: str,
        payload: dict[str, Any],
        not_before: datetime,
        now: datetime,
    ) -> bool:
        """Queue a message; False when one with the same key already exists (nothing is added)."""
        result = self.session.execute(
            _insert(self.session, OutboxMessage)
            .values(
                team_id=team_id,
                key=key,
                kind=kind,
                channel=channel,
                payload=payload,
                status="pending",
                attempts=0,
                not_before=not_before,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["team_id", "key"])
            .returning(OutboxMessage.id)
        )
        return result.scalar_one_or_none() is not None

    def claim_due(
        self,
        now: datetime,
        *,
        lease: timedelta,
        limit: int = 50,
        keys: Iterable[tuple[str, str]] | None = None,
    ) -> list[OutboxMessage]:
        """Claim due messages for this process. A claim older than ``lease`` is taken as abandoned
        (its process died) and claimed again. Each claim is a compare-and-set on the row, so two
        processes never hold the same message, on SQLite as well as on PostgreSQL."""
        due = or_(
            (OutboxMessage.status == "pending") & (OutboxMessage.not_before <= now),
            (OutboxMessage.status == "claimed") & (OutboxMessage.claimed_at < now - lease),
        )
        query = (
            select(OutboxMessage).where(due).order_by(OutboxMessage.not_before, OutboxMessage.id).limit(limit)
        )
        if keys is not None:
            wanted = list(keys)
            if not wanted:
                return []
            query = query.where(
                or_(*((OutboxMessage.team_id == team) & (OutboxMessage.key == key) for team, key in wanted))
            )
        candidates = self.session.scalars(query.with_for_update(skip_locked=True)).all()
        claimed = []
        for message in candidates:
            result = self.session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == message.id,
                    OutboxMessage.status == message.status,
                    OutboxMessage.attempts == message.attempts,
                )
                .values(status="claimed", claimed_at=now, attempts=OutboxMessage.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(message)
        for message in claimed:
            self.session.refresh(message)
        return claimed

    def mark_sent(self, message_id: int, *, channel: str, ts: str, now: datetime) -> None:
        self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            # The rendered text is not kept once delivered: fewer copies of report text.
            .values(
                status="sent", sent_at=now, slack_channel=channel, slack_ts=ts, last_error=None, payload={}
            )
        )

    def mark_retry(self, message_id: int, *, not_before: datetime, error: str) -> None:
        self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(status="pending", not_before=not_before, claimed_at=None, last_error=error[:200])
        )

    def mark_failed(self, message_id: int, *, error: str) -> None:
        self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(status="failed", claimed_at=None, last_error=error[:200])
        )

    def count_by_status(self) -> dict[str, int]:
        rows = self.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
        return {status: count for status, count in rows}


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        *,
        team_id: str,
        at: datetime,
        actor_user_id: str | None,
        event: str,
        subject_type: str,
        subject_id: int,
        surface: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            AuditEvent(
                team_id=team_id,
                at=at,
                actor_user_id=actor_user_id,
                event=event,
                subject_type=subject_type,
                subject_id=subject_id,
                surface=surface,
                details=details or {},
            )
        )
