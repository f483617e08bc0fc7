"""The App Home: what each person has on their plate, by role.

A reporter sees their reports and what came of them; an action owner their open actions; a
reviewer the reports waiting for review; a chair the next meeting, the reports waiting for it, the
overdue actions and the review queue. Every list is read one page at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.permissions import Role
from bot.results.home import (
    PAGE_SIZES,
    ActionLine,
    Home,
    MyReport,
    NextMeeting,
    Page,
    Unreachable,
    WaitingReport,
)
from bot.services.actions import ActionService
from bot.services.meetings import MeetingService
from bot.services.reports import report_view
from bot.services.roles import Roles
from storage.uow import UnitOfWork, unit_of_work

T = TypeVar("T")


def clamp_offsets(offsets: dict[str, object]) -> dict[str, int]:
    """Offsets as they came back from the view's private_metadata; anything odd reads as 0."""
    clean = {}
    for name in PAGE_SIZES:
        value = offsets.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100_000:
            clean[name] = value - value % PAGE_SIZES[name]
    return clean


class HomeService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        roles: Roles,
        meetings: MeetingService,
        tz: ZoneInfo,
    ) -> None:
        self.sessions = sessions
        self.roles = roles
        self.meetings = meetings
        self.tz = tz

    def home(self, team_id: str, user_id: str, now: datetime, offsets: dict[str, int] | None = None) -> Home:
        offsets = clamp_offsets(dict(offsets or {}))
        today = now.astimezone(self.tz).date()
        with unit_of_work(self.sessions) as uow:
            overview = uow.overview
            roles = set(self.roles.workspace_roles(uow.session, team_id, user_id))
            chair = Role.CHAIR in roles

            def page_of(name: str, total: int, items: list[T]) -> Page[T]:
                return Page(tuple(items), offsets.get(name, 0), total, PAGE_SIZES[name])

            total, rows = overview.reports_by(
                team_id, user_id, offset=offsets.get("reports", 0), limit=PAGE_SIZES["reports"]
            )
            reports = page_of("reports", total, self._my_reports(uow, rows))

            mine = [ActionService.view(a, u) for a, u in uow.actions.open_for_owner(team_id, user_id)]
            start = offsets.get("actions", 0)
            actions = page_of("actions", len(mine), mine[start : start + PAGE_SIZES["actions"]])
            if mine:
                roles.add(Role.OWNER)

            review = None
            if chair or overview.reviews_units(team_id, user_id):
                roles.add(Role.REVIEWER)
                total, queue = overview.review_queue(
                    team_id,
                    None if chair else user_id,
                    offset=offsets.get("review", 0),
                    limit=PAGE_SIZES["review"],
                )
                review = page_of("review", total, [report_view(r) for r in queue])

            next_meeting = waiting = overdue = None
            unreachable: tuple[Unreachable, ...] = ()
            if chair or Role.PARTICIPANT in roles:
                next_meeting = self._next_meeting(uow, team_id, now)
            if chair:
                total, rows = overview.waiting_reports(
                    team_id, offset=offsets.get("waiting", 0), limit=PAGE_SIZES["waiting"]
                )
                waiting = page_of(
                    "waiting",
                    total,
                    [
                        WaitingReport(r.reference, r.category, r.school, r.area, self._day(r.created_at))
                        for r in rows
                    ],
                )
                total, late = overview.overdue_actions(
                    team_id, today, offset=offsets.get("overdue", 0), limit=PAGE_SIZES["overdue"]
                )
                overdue = page_of("overdue", total, [ActionService.view(a, u) for a, u in late])
                unreachable = tuple(
                    sorted(
                        (
                            Unreachable(t.target, t.reason, self._day(t.since))
                            for t in uow.delivery.unreachable_targets(team_id)
                        ),
                        key=lambda u: u.target != self.roles.settings.meeting_channel,
                    )
                )
        return Home(
            user_id=user_id,
            today=today,
            roles=frozenset(roles),
            reports=reports,
            actions=actions,
            review=review,
            next_meeting=next_meeting,
            waiting=waiting,
            overdue=overdue,
            unreachable=unreachable,
        )

    def _day(self, instant: datetime) -> date:
        return instant.astimezone(self.tz).date()

    def _my_reports(self, uow: UnitOfWork, rows: Sequence[Any]) -> list[MyReport]:
        """``rows``: ``uow.overview.reports_by``'s page."""
        ids = [r.id for r in rows]
        outcomes = uow.overview.latest_outcomes(ids)
        actions: dict[int, list[ActionLine]] = {}
        for a in uow.overview.actions_of_reports(ids):
            actions.setdefault(a.report_id, []).append(
                ActionLine(
                    unit=a.unit,
                    description=a.description,
                    due_on=a.due_on,
                    status=a.status,
                    outcome_note=a.outcome_note,
                    done_on=self._day(a.done_at) if a.done_at else None,
                )
            )
        found = []
        for r in rows:
            outcome, outcome_meeting = outcomes.get(r.id, (None, None))
            found.append(
                MyReport(
                    report_id=r.id,
                    reference=r.reference,
                    category=r.category,
                    school=r.school,
                    place=r.place,
                    status=r.status,
                    occurred_on=r.occurred_on,
                    filed_on=self._day(r.created_at),
                    review_question=r.review_question,
                    merged_into=r.merged_into,
                    meeting_starts_at=r.meeting_starts_at,
                    outcome=outcome,
                    outcome_meeting_starts_at=outcome_meeting,
                    actions=tuple(actions.get(r.id, ())),
                )
            )
        return found

    def _next_meeting(self, uow: UnitOfWork, team_id: str, now: datetime) -> NextMeeting | None:
        planned = self.meetings.coming(uow, team_id, now)
        if planned is None:
            return None
        row = uow.meetings.by_regular_start(team_id, planned.regular_starts_at)
        return NextMeeting(
            starts_at=planned.starts_at,
            regular_starts_at=planned.regular_starts_at,
            cutoff_at=planned.cutoff_at,
            draft_sent=row is not None and row.draft_sent_at is not None,
            agenda_published=row is not None and row.agenda_published_at is not None,
        )
