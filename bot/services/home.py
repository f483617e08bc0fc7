"""The App Home: what each person has on their plate, by role.

A reporter sees their reports and what came of them; an action owner their open actions; a
reviewer the reports waiting for review; a chair the next meeting, the reports waiting for it, the
overdue actions and the review queue. Every list is read one page at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.permissions import Role
from bot.domain.rounds import RoundCoverage
from bot.domain.workspace_settings import Checklist
from bot.results.home import (
    PAGE_SIZES,
    Home,
    NextMeeting,
    Page,
    Unreachable,
    WaitingReport,
)
from bot.results.shaping import ShapingList, item_choice
from bot.services.actions import ActionService
from bot.services.meetings import MeetingService
from bot.services.reports import report_view, reports_as_followed
from bot.services.roles import Roles
from bot.services.rounds import round_coverage
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
        checklist: Callable[[str, str], Checklist | None] | None = None,
    ) -> None:
        """``checklist``: the first-run steps left for this user (``WorkspaceService.checklist``)."""
        self.sessions = sessions
        self.roles = roles
        self.meetings = meetings
        self.tz = tz
        self.checklist = checklist

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
            reports = page_of("reports", total, reports_as_followed(uow, rows, self.tz))

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

            next_meeting = waiting = overdue = shaping = None
            unreachable: tuple[Unreachable, ...] = ()
            if chair or Role.PARTICIPANT in roles:
                next_meeting = self._next_meeting(uow, team_id, now)
            weekly_round = None
            if chair:
                shaping = self._shaping(uow, team_id, now)
                weekly_round = self._round(uow, team_id, now)
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
                        key=lambda u: u.target != self.roles.configured(team_id).meeting_channel,
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
            shaping=shaping,
            round_coverage=weekly_round,
            checklist=self.checklist(team_id, user_id) if self.checklist is not None else None,
        )

    def _day(self, instant: datetime) -> date:
        return instant.astimezone(self.tz).date()

    def _shaping(self, uow: UnitOfWork, team_id: str, now: datetime) -> ShapingList | None:
        """The agenda a chair may still shape: the coming meeting's once its draft is out, or the
        meeting under way (published, no minutes yet)."""
        planned = self.meetings.coming(uow, team_id, now)
        meeting = uow.meetings.by_regular_start(team_id, planned.regular_starts_at) if planned else None
        if meeting is None or meeting.draft_sent_at is None or meeting.status == "cancelled":
            meeting = uow.meetings.latest_published(team_id, now)
        if meeting is None or meeting.minutes_posted_at is not None or meeting.status == "cancelled":
            return None
        items = tuple(item_choice(row) for row in uow.agenda.shaping_lines(meeting.id))
        return ShapingList(meeting.id, items, meeting.agenda_published_at is not None)

    def _round(self, uow: UnitOfWork, team_id: str, now: datetime) -> RoundCoverage | None:
        """The weekly round's answers before the coming meeting, once it went out."""
        planned = self.meetings.coming(uow, team_id, now)
        meeting = uow.meetings.by_regular_start(team_id, planned.regular_starts_at) if planned else None
        return round_coverage(uow, meeting) if meeting is not None else None

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
