"""What every service shares: the clock, queueing messages, the message-builder port."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from bot.domain.agenda import Agenda, AgendaItem, OtherItem
from bot.results.actions import ActionEvent, ActionView, ReminderNotice
from bot.results.common import MeetingChange, Message, MissedMeeting, Receipt, ReviewNotice, ReviewRequest
from bot.results.occurrences import OccurrenceNotice, OccurrenceView
from bot.results.responsibility import (
    Attendee,
    DecisionNotice,
    ItemStatus,
    Minutes,
    MinutesCorrection,
    NotOursNotice,
    ResponsibilityNotice,
)

if TYPE_CHECKING:
    from storage.uow import UnitOfWork

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The instant ``day`` ends in ``tz`` (midnight after it, local), in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)


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


class MessageBuilders(Protocol):
    """The Block Kit builders the services need for what they queue in the outbox."""

    def report_receipt(self, receipt: Receipt) -> Message: ...

    def review_request(self, request: ReviewRequest) -> Message: ...

    def review_notice(self, notice: ReviewNotice) -> Message: ...

    def meeting_change(self, change: MeetingChange) -> Message: ...

    def agenda(self, agenda: Agenda, *, mode: str, meeting_id: int) -> list[Message]: ...

    def with_item_status(
        self, blocks: list[dict[str, Any]], number: int, statuses: list[ItemStatus]
    ) -> list[dict[str, Any]]: ...

    def with_attendees(
        self, blocks: list[dict[str, Any]], present: tuple[Attendee, ...]
    ) -> list[dict[str, Any]]: ...

    def agenda_retired(
        self, blocks: list[dict[str, Any]], key: str, at: datetime
    ) -> list[dict[str, Any]]: ...

    def draft_item_moved(
        self, blocks: list[dict[str, Any]], number: int, reference: str, by: str, reason: str
    ) -> list[dict[str, Any]]: ...

    def agenda_item_struck(
        self, blocks: list[dict[str, Any]], number: int, kind: str, reference: str, by: str, detail: str
    ) -> list[dict[str, Any]]: ...

    def agenda_item_redrawn(self, blocks: list[dict[str, Any]], item: AgendaItem) -> list[dict[str, Any]]: ...

    def agenda_with_other(
        self, blocks: list[dict[str, Any]], other: OtherItem
    ) -> list[dict[str, Any]] | None: ...

    def agenda_other(self, other: OtherItem) -> Message: ...

    def responsibility_taken(self, notice: ResponsibilityNotice) -> Message: ...

    def action_assigned(self, notice: ResponsibilityNotice) -> Message: ...

    def not_ours(self, notice: NotOursNotice) -> Message: ...

    def item_decided(self, notice: DecisionNotice) -> Message: ...

    def reminder(self, notice: ReminderNotice) -> Message: ...

    def action_event(self, event: ActionEvent) -> Message: ...

    def solved_check(self, action: ActionView) -> Message: ...

    def digest(self, actions: list[ActionView], today: date, *, late_from: date | None = None) -> Message: ...

    def minutes(self, minutes: Minutes) -> list[Message]: ...

    def minutes_corrected(
        self, blocks: list[dict[str, Any]], corrections: tuple[MinutesCorrection, ...]
    ) -> list[dict[str, Any]]: ...

    def channel_refused(self, channel: str, reason: str) -> Message: ...

    def meeting_missed(self, missed: MissedMeeting) -> Message: ...

    def occurrence_receipt(self, occurrence: OccurrenceView) -> Message: ...

    def occurrence_notice(self, notice: OccurrenceNotice) -> Message: ...
    def photo_copy_text(self, reference: str) -> str: ...
