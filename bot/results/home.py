"""The App Home's contents: pages of reports and actions, the next meeting, who cannot be reached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from bot.domain.permissions import Role
from bot.domain.rounds import RoundCoverage
from bot.domain.workspace_settings import Checklist
from bot.results.actions import ActionView
from bot.results.common import ReportView
from bot.results.shaping import ShapingList

T = TypeVar("T")


# Items per page of each list. The Block Kit builder's budget (100 blocks) is reckoned from these.
PAGE_SIZES = {"reports": 10, "actions": 10, "review": 5, "waiting": 10, "overdue": 10}


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    offset: int
    total: int
    size: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


@dataclass(frozen=True)
class ActionLine:
    unit: str
    description: str
    due_on: date
    status: str  # open | done
    outcome_note: str | None
    done_on: date | None


@dataclass(frozen=True)
class MyReport:
    report_id: int
    reference: str
    category: str
    school: str
    place: str
    status: str  # bot.domain.reports.ReportStatus
    occurred_on: date
    filed_on: date
    review_question: str | None
    merged_into: str | None  # the reference it was merged into
    meeting_starts_at: datetime | None  # the meeting it was filed for
    outcome: str | None  # its latest agenda item's outcome, if it was on an agenda
    outcome_meeting_starts_at: datetime | None
    actions: tuple[ActionLine, ...]
    photos: int = 0  # images attached in the form


@dataclass(frozen=True)
class WaitingReport:
    reference: str
    category: str
    school: str
    area: str | None
    filed_on: date


@dataclass(frozen=True)
class NextMeeting:
    starts_at: datetime
    regular_starts_at: datetime
    cutoff_at: datetime
    draft_sent: bool
    agenda_published: bool

    @property
    def moved(self) -> bool:
        return self.starts_at != self.regular_starts_at


@dataclass(frozen=True)
class Unreachable:
    """A person or channel Slack says Örat cannot reach (shown to the chairs)."""

    target: str
    reason: str  # Slack's error code, or "refused:<why>" when Örat itself declined to post there
    since: date


@dataclass(frozen=True)
class Home:
    user_id: str
    today: date
    roles: frozenset[Role]  # workspace roles (chair, admin, participant), plus reviewer/owner when they hold
    reports: Page[MyReport]
    actions: Page[ActionView]
    review: Page[ReportView] | None  # None: reviews nothing
    next_meeting: NextMeeting | None  # participants and chairs
    waiting: Page[WaitingReport] | None  # chairs
    overdue: Page[ActionView] | None  # chairs
    unreachable: tuple[Unreachable, ...] = ()  # chairs: the meeting channel first
    shaping: ShapingList | None = None  # chairs: the agenda's items while it may still change
    round_coverage: RoundCoverage | None = None  # chairs: the weekly round before the next meeting
    # Admins and chairs (anyone before the workspace has either): the first-run steps left.
    checklist: Checklist | None = None

    @property
    def offsets(self) -> dict[str, int]:
        pages = {
            "reports": self.reports,
            "actions": self.actions,
            "review": self.review,
            "waiting": self.waiting,
            "overdue": self.overdue,
        }
        return {name: page.offset for name, page in pages.items() if page is not None and page.offset}
