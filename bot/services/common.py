"""What every service shares: the clock, plain result values, the message-builder port, roles."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from storage.uow import UnitOfWork

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The instant ``day`` ends in ``tz`` (midnight after it, local), in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[dict[str, Any]]
    item_numbers: tuple[int, ...] = ()  # agenda items shown in this message


@dataclass(frozen=True)
class Rejected:
    """Bad input: ``{field: error_code}`` for the modal, nothing stored."""

    errors: dict[str, str] = field(default_factory=dict)


def queue_message(
    uow: UnitOfWork,
    *,
    team_id: str,
    key: str,
    kind: str,
    channel: str,
    message: Message,
    now: datetime,
    after_key: str | None = None,
    thread_key: str | None = None,
    stale_at: datetime | None = None,
) -> tuple[str, str]:
    """Put ``message`` in the outbox under ``key`` (once: a second call with the same key adds
    nothing) and return the ``(team, key)`` to dispatch it by. ``stale_at``: when its content has
    aged past use (``bot.services.outbox``)."""
    uow.outbox.add(
        team_id=team_id,
        key=key,
        kind=kind,
        channel=channel,
        payload={"text": message.text, "blocks": message.blocks},
        not_before=now,
        now=now,
        after_key=after_key,
        thread_key=thread_key,
        stale_at=stale_at,
    )
    return (team_id, key)


def queue_to_each(
    uow: UnitOfWork,
    recipients: Iterable[str],
    *,
    team_id: str,
    key: str,
    kind: str,
    message: Message,
    now: datetime,
) -> list[tuple[str, str]]:
    """``message`` to each of ``recipients`` (the chairs, usually), keyed ``{key}:{recipient}``."""
    return [
        queue_message(
            uow,
            team_id=team_id,
            key=f"{key}:{recipient}",
            kind=kind,
            channel=recipient,
            message=message,
            now=now,
        )
        for recipient in recipients
    ]


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


class MessageBuilders(Protocol):
    """The Block Kit builders the services need for what they queue in the outbox."""

    def report_receipt(self, receipt: Receipt) -> Message: ...

    def review_request(self, request: ReviewRequest) -> Message: ...

    def review_notice(self, notice: ReviewNotice) -> Message: ...

    def meeting_change(self, change: MeetingChange) -> Message: ...

    def agenda(self, agenda: Any, *, mode: str, meeting_id: int) -> list[Message]: ...

    def with_item_status(
        self, blocks: list[dict[str, Any]], number: int, statuses: list[Any]
    ) -> list[dict[str, Any]]: ...

    def responsibility_taken(self, notice: Any) -> Message: ...

    def action_assigned(self, notice: Any) -> Message: ...

    def not_ours(self, notice: Any) -> Message: ...

    def reminder(self, notice: Any) -> Message: ...

    def action_event(self, event: Any) -> Message: ...

    def solved_check(self, action: Any) -> Message: ...

    def digest(self, actions: list[Any], today: Any, *, late_from: Any = None) -> Message: ...

    def minutes(self, minutes: Any) -> list[Message]: ...

    def channel_refused(self, channel: str, reason: str) -> Message: ...

    def meeting_missed(self, missed: MissedMeeting) -> Message: ...
