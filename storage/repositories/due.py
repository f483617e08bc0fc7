"""What the scheduler's minute tick reads for all workspaces at once (``bot.services.due``).

Each query covers every scheduled team in one statement, so a minute with nothing due costs a
handful of queries, not a handful per workspace. They read only; the services that then run for a
team with something due claim their rows as before."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, and_, exists, literal, or_, select, tuple_
from sqlalchemy.orm import Session

from storage.models import Action, JobRun, Meeting, OutboxMessage

# The columns of a meeting the due checks read (a row, not an entity: nothing to load or expire).
MEETING_COLUMNS = (
    Meeting.team_id,
    Meeting.starts_at,
    Meeting.regular_starts_at,
    Meeting.cutoff_at,
    Meeting.status,
    Meeting.draft_sent_at,
    Meeting.agenda_published_at,
    Meeting.minutes_posted_at,
    Meeting.missed_noticed_at,
    Meeting.round_sent_at,
    Meeting.round_reminded_at,
)


class DueRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def meetings_near(
        self, team_ids: Sequence[str], *, changed_since: datetime, since: datetime
    ) -> Sequence[Row[Any]]:
        """The teams' meetings a chair moved or cancelled (regular slot after ``changed_since``)
        and every meeting from ``since`` on (by start or by regular slot)."""
        if not team_ids:
            return []
        return self.session.execute(
            select(*MEETING_COLUMNS).where(
                Meeting.team_id.in_(team_ids),
                or_(
                    and_(
                        Meeting.status.in_(("moved", "cancelled")),
                        Meeting.regular_starts_at >= changed_since,
                    ),
                    Meeting.starts_at >= since,
                    Meeting.regular_starts_at >= since,
                ),
            )
        ).all()

    def teams_with_reminders_due(self, team_ids: Sequence[str], day: date) -> set[str]:
        """The teams with an open action whose reminder day is ``day`` or earlier (or unset): what
        ``ActionRepository.reminders_due`` would find."""
        if not team_ids:
            return set()
        return set(
            self.session.scalars(
                select(Action.team_id)
                .where(
                    Action.team_id.in_(team_ids),
                    Action.status == "open",
                    or_(Action.next_reminder_on.is_(None), Action.next_reminder_on <= day),
                )
                .distinct()
            )
        )

    def teams_with_owner_lacking(self, team_ids: Sequence[str], prefix: str, suffix: str) -> set[str]:
        """The teams where an owner of an open action has no outbox message keyed
        ``prefix + owner + suffix`` (e.g. this week's digest)."""
        if not team_ids:
            return set()
        key = literal(prefix) + Action.owner_user_id + literal(suffix)
        queued = exists().where(OutboxMessage.team_id == Action.team_id, OutboxMessage.key == key)
        return set(
            self.session.scalars(
                select(Action.team_id)
                .where(
                    Action.team_id.in_(team_ids),
                    Action.status == "open",
                    Action.owner_user_id.is_not(None),
                    ~queued,
                )
                .distinct()
            )
        )

    def jobs_run(self, team_ids: Sequence[str], jobs: Iterable[tuple[str, str]]) -> set[tuple[str, str, str]]:
        """Which of the periodic ``(job, period)`` claims each team has: ``(team, job, period)``."""
        wanted = sorted(set(jobs))
        if not team_ids or not wanted:
            return set()
        return {
            (row.team_id, row.job, row.period)
            for row in self.session.execute(
                select(JobRun.team_id, JobRun.job, JobRun.period).where(
                    JobRun.team_id.in_(team_ids), tuple_(JobRun.job, JobRun.period).in_(wanted)
                )
            )
        }
