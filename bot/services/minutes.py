"""Correcting posted minutes ("Rätta protokollet"): within a day of posting a chair adds a
correction; it is stored, logged, and shown under "Rättelse" at the end of the posted minutes,
which are rewritten in place. A public record is corrected visibly: the original text stays."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.actions import NOTE_MAX
from bot.domain.permissions import Permission
from bot.results.common import Denied, Rejected
from bot.results.responsibility import CorrectionForm, MessageUpdate, Minutes, MinutesCorrected
from bot.services.common import MessageBuilders
from bot.services.responsibility import ResponsibilityService
from bot.services.roles import Roles
from storage.models import Meeting, MinutesCorrection
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

CORRECTION_WINDOW = timedelta(hours=24)  # after the minutes were posted
UPDATE_ATTEMPTS = 5


class MinutesService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        roles: Roles,
        responsibility: ResponsibilityService,
        messages: MessageBuilders,
    ) -> None:
        self.sessions = sessions
        self.roles = roles
        self.responsibility = responsibility
        self.messages = messages

    def correction_form(self, team_id: str, user_id: str, meeting_id: int, now: datetime) -> CorrectionForm:
        """What the "Rätta protokollet" modal offers; refused (explained) for anyone but a chair,
        and once the day for corrections has passed."""
        self._may_correct(team_id, user_id)
        with unit_of_work(self.sessions) as uow:
            meeting = self._correctable(uow, team_id, meeting_id, now)
            minutes = self.responsibility.minutes(uow, meeting.id)
            return CorrectionForm(meeting.id, meeting.starts_at, minutes.points())

    def correct(
        self, team_id: str, user_id: str, meeting_id: int, ref: str | None, text: str, now: datetime
    ) -> MinutesCorrected | Rejected:
        """Store the correction (audit-logged) and rewrite every posted copy of the minutes."""
        self._may_correct(team_id, user_id)
        text = text.strip()
        if not text:
            return Rejected({"text": "correction_empty"})
        if len(text) > NOTE_MAX:
            return Rejected({"text": "action_note_too_long"})
        with unit_of_work(self.sessions) as uow:
            meeting = self._correctable(uow, team_id, meeting_id, now)
            if ref is None or self.responsibility.minutes(uow, meeting.id).point(ref) is None:
                return Rejected({"point": "correction_point_missing"})
            row = uow.minutes.add_correction(
                MinutesCorrection(
                    team_id=team_id,
                    meeting_id=meeting.id,
                    item_ref=ref,
                    text=text,
                    corrected_by_user_id=user_id,
                    corrected_at=now,
                )
            )
            uow.audit.minutes_corrected(
                team_id, meeting.id, by=user_id, at=now, correction_id=row.id, item_ref=ref
            )
            minutes = self.responsibility.minutes(uow, meeting.id)
            updates = self._rewrite(uow, team_id, minutes)
        log.info("minutes of meeting %s corrected: %s messages rewritten", meeting_id, len(updates))
        return MinutesCorrected(tuple(updates))

    def _may_correct(self, team_id: str, user_id: str) -> None:
        try:
            self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        except Denied:
            raise Denied("minutes_correction_chairs_only") from None

    @staticmethod
    def _correctable(uow: UnitOfWork, team_id: str, meeting_id: int, now: datetime) -> Meeting:
        meeting = uow.meetings.get(team_id, meeting_id)
        if meeting is None or meeting.minutes_posted_at is None:
            raise Denied("minutes_not_posted")
        if now > meeting.minutes_posted_at + CORRECTION_WINDOW:
            raise Denied("minutes_correction_closed")
        return meeting

    def _rewrite(self, uow: UnitOfWork, team_id: str, minutes: Minutes) -> list[MessageUpdate]:
        """The first part of each posted copy (channel, or each chair's DM), its kept blocks with
        the "Rättelse" section (re)written at the end. Minutes posted before copies were kept are
        drawn anew from the database."""
        assert minutes.meeting_id is not None
        updates = []
        drawn = None
        for sent in uow.outbox.sent_messages(team_id, f"minutes:{minutes.meeting_id}:"):
            if not sent.key.endswith(":0"):
                continue  # later parts are in the thread; the correction goes where it is seen
            message = sent
            for _ in range(UPDATE_ATTEMPTS):
                text, blocks = str(message.payload.get("text", "")), message.payload.get("blocks")
                if not blocks:
                    drawn = drawn or self.messages.minutes(minutes)[0]
                    text, blocks = drawn.text, drawn.blocks
                new = self.messages.minutes_corrected(blocks, minutes.corrections)
                if uow.outbox.replace_payload(message, {"text": text, "blocks": new}):
                    assert message.slack_channel is not None and message.slack_ts is not None
                    updates.append(MessageUpdate(message.slack_channel, message.slack_ts, text, new))
                    break
                uow.session.expire(message)  # another correction rewrote it meanwhile: read it again
        return updates
