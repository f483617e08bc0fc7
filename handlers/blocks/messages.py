"""The message builders the services use (``bot.services.common.MessageBuilders``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.agenda import Agenda, AgendaItem, OtherItem
from bot.results.actions import ActionEvent, ActionView, ReminderNotice
from bot.results.common import MeetingChange, Message, MissedMeeting, Receipt, ReviewNotice, ReviewRequest
from bot.results.occurrences import OccurrenceNotice, OccurrenceView
from bot.results.outbox import Undelivered
from bot.results.responsibility import (
    Attendee,
    DecisionNotice,
    ItemStatus,
    Minutes,
    MinutesCorrection,
    NotOursNotice,
    ResponsibilityNotice,
)
from bot.texts import Texts
from handlers.blocks import actions, delivery, meetings, occurrences, report, responsibility, review
from handlers.blocks.agenda import AgendaRenderer
from handlers.blocks.common import section


class SlackMessages:
    def __init__(self, texts: Texts, tz: ZoneInfo) -> None:
        self.texts = texts
        self.tz = tz
        self.agendas = AgendaRenderer(texts, tz)

    def report_receipt(self, receipt: Receipt) -> Message:
        return report.report_receipt(receipt, self.texts, self.tz)

    def review_request(self, request: ReviewRequest) -> Message:
        return review.review_request(request, self.texts, self.tz)

    def review_notice(self, notice: ReviewNotice) -> Message:
        return review.review_notice(notice, self.texts, self.tz)

    def meeting_change(self, change: MeetingChange) -> Message:
        return meetings.meeting_change(change, self.texts, self.tz)

    def agenda(self, agenda: Agenda, *, mode: str, meeting_id: int) -> list[Message]:
        return self.agendas.messages(agenda, mode=mode, meeting_id=meeting_id)

    def with_item_status(
        self, blocks: list[dict[str, Any]], number: int, statuses: list[ItemStatus]
    ) -> list[dict[str, Any]]:
        return self.agendas.with_item_status(blocks, number, statuses)

    def with_attendees(
        self, blocks: list[dict[str, Any]], present: tuple[Attendee, ...]
    ) -> list[dict[str, Any]]:
        return self.agendas.with_attendees(blocks, present)

    def agenda_retired(self, blocks: list[dict[str, Any]], key: str, at: datetime) -> list[dict[str, Any]]:
        return self.agendas.retired(blocks, key, at)

    def draft_item_moved(
        self, blocks: list[dict[str, Any]], number: int, reference: str, by: str, reason: str
    ) -> list[dict[str, Any]]:
        return self.agendas.draft_item_moved(blocks, number, reference, by, reason)

    def agenda_item_struck(
        self, blocks: list[dict[str, Any]], number: int, kind: str, reference: str, by: str, detail: str
    ) -> list[dict[str, Any]]:
        return self.agendas.item_struck(blocks, number, kind, reference, by, detail)

    def agenda_item_redrawn(self, blocks: list[dict[str, Any]], item: AgendaItem) -> list[dict[str, Any]]:
        return self.agendas.item_redrawn(blocks, item)

    def agenda_with_other(
        self, blocks: list[dict[str, Any]], other: OtherItem
    ) -> list[dict[str, Any]] | None:
        return self.agendas.with_other(blocks, other)

    def agenda_other(self, other: OtherItem) -> Message:
        return self.agendas.other_message(other)

    def responsibility_taken(self, notice: ResponsibilityNotice) -> Message:
        return responsibility.responsibility_taken(notice, self.texts, self.tz)

    def action_assigned(self, notice: ResponsibilityNotice) -> Message:
        return responsibility.action_assigned(notice, self.texts, self.tz)

    def not_ours(self, notice: NotOursNotice) -> Message:
        return responsibility.not_ours(notice, self.texts)

    def item_decided(self, notice: DecisionNotice) -> Message:
        return responsibility.school_told(notice, self.texts, self.tz)

    def reminder(self, notice: ReminderNotice) -> Message:
        return actions.reminder(notice, self.texts, self.tz)

    def action_event(self, event: ActionEvent) -> Message:
        return actions.action_event(event, self.texts, self.tz)

    def solved_check(self, action: ActionView) -> Message:
        return actions.solved_check(action, self.texts)

    def digest(self, items: list[ActionView], today: date, *, late_from: date | None = None) -> Message:
        return actions.digest(items, today, self.texts, late_from=late_from)

    def minutes(self, minutes: Minutes) -> list[Message]:
        return self.agendas.minutes(minutes)

    def minutes_corrected(
        self, blocks: list[dict[str, Any]], corrections: tuple[MinutesCorrection, ...]
    ) -> list[dict[str, Any]]:
        return self.agendas.minutes_corrected(blocks, corrections)

    def channel_refused(self, channel: str, reason: str) -> Message:
        fix = self.texts("channel.fix_archived" if reason == "archived" else "channel.fix")
        text = self.texts(
            "channel.refused", channel=f"<#{channel}>", reason=self.texts(f"channel.{reason}"), fix=fix
        )
        return Message(text=text, blocks=[section(text)])

    def meeting_missed(self, missed: MissedMeeting) -> Message:
        return meetings.meeting_missed(missed, self.texts, self.tz)

    def photo_copy_text(self, reference: str) -> str:
        return self.texts("photos.copy_text", reference=reference)

    # ------------------------------------------------------------------------------ delivery
    def late(self, payload: dict[str, Any], due_at: datetime) -> dict[str, Any]:
        return delivery.with_late_notice(payload, due_at, self.texts, self.tz)

    def stale_note(self, target: str, text: str, due_at: datetime) -> Message:
        note, blocks = delivery.stale_note(target, text, due_at, self.texts, self.tz)
        return Message(text=note, blocks=blocks)

    def rerouted(self, target: str, code: str, payload: dict[str, Any]) -> Message:
        text, blocks = delivery.rerouted(target, code, payload, self.texts)
        return Message(text=text, blocks=blocks)

    def undelivered(self, failures: list[Undelivered], horizon: timedelta) -> Message:
        text, blocks = delivery.undelivered(failures, horizon, self.texts, self.tz)
        return Message(text=text, blocks=blocks)

    # ------------------------------------------------------------------------------ occurrences
    def occurrence_receipt(self, occurrence: OccurrenceView) -> Message:
        return occurrences.occurrence_receipt(occurrence, self.texts, self.tz)

    def occurrence_notice(self, notice: OccurrenceNotice) -> Message:
        return occurrences.occurrence_notice(notice, self.texts, self.tz)
