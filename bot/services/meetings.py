"""The meeting calendar: which meeting hears a report, and chairs moving or cancelling one."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.meetings import (
    CATCH_UP_WINDOW,
    CalendarEntry,
    MeetingOverride,
    MeetingSchedule,
    MeetingSlot,
    PlannedMeeting,
    meeting_calendar,
    meeting_for_report,
    plan_for,
    planned_meetings,
)
from bot.domain.permissions import Permission
from bot.files.calendar import FILE_NAME, CalendarFile, Deadline, calendar_file
from bot.results.common import Denied, MeetingChange
from bot.services.common import MessageBuilders, queue_message
from bot.services.roles import Roles
from bot.texts import Texts
from storage.models import Action, Meeting, Unit
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

# Overrides older than this no longer affect anything we compute.
OVERRIDE_LOOKBACK = timedelta(days=62)


@dataclass(frozen=True)
class MeetingChanged:
    change: MeetingChange
    notification_keys: tuple[tuple[str, str], ...]


class MeetingService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        tz: ZoneInfo,
        roles: Roles,
        messages: MessageBuilders,
        texts: Texts,
    ) -> None:
        """The weekly rule and the meeting channel are each workspace's (``roles.configured``)."""
        self.sessions = sessions
        self.tz = tz
        self.roles = roles
        self.messages = messages
        self.texts = texts  # the calendar file's language

    @property
    def schedule(self) -> MeetingSchedule:
        """The environment's rule (the one workspace of the sandbox); services ask ``schedule_for``."""
        return self.roles.workspaces.defaults.meeting

    def schedule_for(self, team_id: str) -> MeetingSchedule:
        """The workspace's weekly rule and the times around it (``ORAT_MEETING`` unless it set its own)."""
        return self.roles.configured(team_id).meeting

    def channel_for(self, team_id: str) -> str | None:
        return self.roles.configured(team_id).meeting_channel

    # -------------------------------------------------------------------------- reading
    def overrides(self, uow: UnitOfWork, team_id: str, now: datetime) -> list[MeetingOverride]:
        return overrides_from(uow.meetings.changed(team_id, now - OVERRIDE_LOOKBACK), now)

    def slot(self, uow: UnitOfWork, team_id: str, now: datetime) -> MeetingSlot:
        """The meeting that will hear a report filed ``now`` (nothing is written)."""
        return meeting_for_report(now, self.schedule_for(team_id), self.tz, self.overrides(uow, team_id, now))

    def slot_for_report(self, uow: UnitOfWork, team_id: str, now: datetime) -> tuple[MeetingSlot, Meeting]:
        """The meeting that will hear a report filed ``now``, and its row."""
        slot = self.slot(uow, team_id, now)
        meeting = uow.meetings.get_or_create(
            team_id, slot.starts_at, slot.cutoff_at, now, slot.regular_starts_at
        )
        return slot, meeting

    def around(self, uow: UnitOfWork, team_id: str, at: datetime) -> list[PlannedMeeting]:
        """Meetings whose draft or publication may be due at ``at``."""
        return self.around_given(team_id, at, self.overrides(uow, team_id, at))

    def around_given(
        self, team_id: str, at: datetime, overrides: list[MeetingOverride]
    ) -> list[PlannedMeeting]:
        """``around`` with the team's overrides already read (the scheduler reads all teams' at once)."""
        schedule = self.schedule_for(team_id)
        span = timedelta(days=schedule.draft_days_before + 8)
        return planned_meetings(at - CATCH_UP_WINDOW, at + span, schedule, self.tz, overrides)

    def coming(self, uow: UnitOfWork, team_id: str, now: datetime) -> PlannedMeeting | None:
        """The meeting the next agenda is for: the first not yet over (catch-up window included)."""
        overrides = self.overrides(uow, team_id, now)
        meetings = planned_meetings(
            now - CATCH_UP_WINDOW, now + timedelta(days=400), self.schedule_for(team_id), self.tz, overrides
        )
        return meetings[0] if meetings else None

    def plan(self, meeting: Meeting) -> PlannedMeeting:
        schedule = self.schedule_for(meeting.team_id)
        return plan_for(meeting.starts_at, schedule, self.tz, meeting.regular_starts_at)

    def calendar(self, team_id: str, now: datetime, weeks: int = 6) -> list[CalendarEntry]:
        with unit_of_work(self.sessions) as uow:
            overrides = self.overrides(uow, team_id, now)
        return meeting_calendar(now, weeks, self.schedule_for(team_id), self.tz, overrides)

    def calendar_file(self, team_id: str, user_id: str, now: datetime, weeks: int) -> CalendarFile:
        """``/orat kalender``: the next ``weeks`` of meetings and the user's own open actions, as
        an ``.ics`` file."""
        meetings = self.calendar(team_id, now, weeks)
        with unit_of_work(self.sessions) as uow:
            deadlines = [_deadline(a, u) for a, u in uow.actions.open_for_owner(team_id, user_id)]
        content = calendar_file(
            team_id=team_id, meetings=meetings, deadlines=deadlines, now=now, tz=self.tz, texts=self.texts
        )
        held = sum(1 for m in meetings if m.starts_at is not None)
        return CalendarFile(FILE_NAME, content, meetings=held, deadlines=len(deadlines))

    # -------------------------------------------------------------------------- changing
    def move(
        self, team_id: str, user_id: str, *, day: date | None, to_day: date, to_time: time, now: datetime
    ) -> MeetingChanged:
        """Move the meeting on ``day`` (the next meeting when None) to ``to_day`` ``to_time``."""
        self._require_chair(team_id, user_id)
        new_start = datetime.combine(to_day, to_time, tzinfo=self.tz).astimezone(now.tzinfo)
        if new_start <= now:
            raise Denied("meeting_in_past")
        with unit_of_work(self.sessions) as uow:
            target = self._find(uow, team_id, day, now)
            clash = [m for m in self.around(uow, team_id, new_start) if m.starts_at == new_start]
            if clash and clash[0].regular_starts_at != target.regular_starts_at:
                raise Denied("meeting_clash")
            row = uow.meetings.get_or_create(
                team_id, target.starts_at, target.cutoff_at, now, target.regular_starts_at
            )
            if row.agenda_published_at is not None:
                raise Denied("meeting_already_published")
            row.starts_at, row.cutoff_at = new_start, new_start - self.schedule_for(team_id).cutoff
            row.status = "planned" if new_start == row.regular_starts_at else "moved"
            row.changed_by_user_id = user_id
            row.draft_sent_at = None  # the chairs get a fresh draft for the new time
            change = MeetingChange(target.regular_starts_at, new_start, user_id)
            keys = self._announce(
                uow, team_id, change, f"meeting-change:{row.id}:{new_start.isoformat()}", now
            )
            uow.audit.meeting_moved(row, by=user_id, at=now)
        return MeetingChanged(change, keys)

    def cancel(self, team_id: str, user_id: str, *, day: date, now: datetime) -> MeetingChanged:
        self._require_chair(team_id, user_id)
        with unit_of_work(self.sessions) as uow:
            target = self._find(uow, team_id, day, now)
            row = uow.meetings.get_or_create(
                team_id, target.starts_at, target.cutoff_at, now, target.regular_starts_at
            )
            if row.agenda_published_at is not None:
                raise Denied("meeting_already_published")
            row.status, row.changed_by_user_id = "cancelled", user_id
            change = MeetingChange(target.regular_starts_at, None, user_id)
            keys = self._announce(uow, team_id, change, f"meeting-change:{row.id}:cancelled", now)
            uow.audit.meeting_cancelled(row, by=user_id, at=now)
        return MeetingChanged(change, keys)

    def _find(self, uow: UnitOfWork, team_id: str, day: date | None, now: datetime) -> PlannedMeeting:
        overrides = self.overrides(uow, team_id, now)
        schedule = self.schedule_for(team_id)
        upcoming = planned_meetings(now, now + timedelta(days=400), schedule, self.tz, overrides)
        if day is None:
            if not upcoming:
                raise Denied("meeting_not_found")
            return upcoming[0]
        for meeting in upcoming:
            if day in (
                meeting.starts_at.astimezone(self.tz).date(),
                meeting.regular_starts_at.astimezone(self.tz).date(),
            ):
                return meeting
        raise Denied("meeting_not_found")

    def _require_chair(self, team_id: str, user_id: str) -> None:
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)

    def _announce(
        self, uow: UnitOfWork, team_id: str, change: MeetingChange, key: str, now: datetime
    ) -> tuple[tuple[str, str], ...]:
        channel = self.channel_for(team_id)
        if channel is None:
            return ()
        message = self.messages.meeting_change(change)
        return (
            queue_message(
                uow,
                team_id=team_id,
                key=key,
                kind="meeting_change",
                channel=channel,
                message=message,
                now=now,
                # News about a meeting that has begun (or was cancelled) is moot by then.
                stale_at=change.starts_at or change.regular_starts_at,
            ),
        )


def overrides_from(meetings: Iterable[Any], now: datetime) -> list[MeetingOverride]:
    """The chairs' changes among ``meetings`` (rows or entities) that still affect what is
    computed at ``now``: moved or cancelled, their regular slot within ``OVERRIDE_LOOKBACK``."""
    return [
        MeetingOverride(m.regular_starts_at, None if m.status == "cancelled" else m.starts_at)
        for m in meetings
        if m.status in ("moved", "cancelled") and m.regular_starts_at >= now - OVERRIDE_LOOKBACK
    ]


def _deadline(action: Action, unit: Unit) -> Deadline:
    """An open action as its owner's calendar shows it (``unit``: the actor responsible)."""
    report = action.report
    return Deadline(
        action_id=action.id,
        reference=report.reference,
        description=action.description,
        unit=unit.name,
        school=report.unit.name,
        place=report.place,
        due_on=action.due_on,
    )
