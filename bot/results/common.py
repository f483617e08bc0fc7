"""Values several use cases share: a built message, a refusal (``Denied``), bad input (``Rejected``),
a report as people are shown it, the receipt, review and meeting notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[dict[str, Any]]
    item_numbers: tuple[int, ...] = ()  # agenda items shown in this message


@dataclass(frozen=True)
class Rejected:
    """Bad input: ``{field: error_code}`` for the modal, nothing stored."""

    errors: dict[str, str] = field(default_factory=dict)


class Denied(Exception):
    """The user may not do this; ``code`` picks the Swedish explanation."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ReportView:
    """A report as people are shown it."""

    report_id: int
    reference: str
    reporter_user_id: str
    category: str
    unit_name: str
    area: str | None
    place: str
    occurred_on: date
    occurred_time: time | None
    recurring: bool
    description: str
    status: str


@dataclass(frozen=True)
class Receipt:
    """What the reporter is told after filing (or resending) a report."""

    report: ReportView
    meeting_starts_at: datetime
    missed_meeting_starts_at: datetime | None
    reviewer_user_id: str | None = None
    resent: bool = False


@dataclass(frozen=True)
class ReviewRequest:
    """What the education chief is asked to review."""

    report: ReportView
    revision: int
    meeting_starts_at: datetime


@dataclass(frozen=True)
class ReviewNotice:
    """What the reporter hears from the review: raised, merged into another report, or a question."""

    report: ReportView
    outcome: str  # raised | merged | returned
    reviewer_user_id: str
    meeting_starts_at: datetime | None = None
    merged_into_reference: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class MissedMeeting:
    """A meeting whose agenda never went out: the chairs are told once."""

    starts_at: datetime
    reports: int  # reports filed for it, now going to the next meeting
    next_starts_at: datetime | None


@dataclass(frozen=True)
class MeetingChange:
    regular_starts_at: datetime
    starts_at: datetime | None  # None: cancelled
    chair_user_id: str
