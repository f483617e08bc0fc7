"""The message builders the services use (``bot.services.common.MessageBuilders``)."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.agenda import Agenda
from bot.services.actions import ActionEvent, ActionView, ReminderNotice
from bot.services.common import MeetingChange, Message, Receipt, ReviewNotice, ReviewRequest
from bot.services.responsibility import ItemStatus, Minutes, NotOursNotice, ResponsibilityNotice
from bot.texts import Texts
from handlers.blocks import actions, meetings, report, responsibility, review
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

    def responsibility_taken(self, notice: ResponsibilityNotice) -> Message:
        return responsibility.responsibility_taken(notice, self.texts, self.tz)

    def action_assigned(self, notice: ResponsibilityNotice) -> Message:
        return responsibility.action_assigned(notice, self.texts, self.tz)

    def not_ours(self, notice: NotOursNotice) -> Message:
        return responsibility.not_ours(notice, self.texts)

    def reminder(self, notice: ReminderNotice) -> Message:
        return actions.reminder(notice, self.texts, self.tz)

    def action_event(self, event: ActionEvent) -> Message:
        return actions.action_event(event, self.texts, self.tz)

    def solved_check(self, action: ActionView) -> Message:
        return actions.solved_check(action, self.texts)

    def digest(self, items: list[ActionView], today: date) -> Message:
        return actions.digest(items, today, self.texts)

    def minutes(self, minutes: Minutes) -> list[Message]:
        return self.agendas.minutes(minutes)

    def channel_refused(self, channel: str, reason: str) -> Message:
        text = self.texts("channel.refused", channel=f"<#{channel}>", reason=self.texts(f"channel.{reason}"))
        return Message(text=text, blocks=[section(text)])
