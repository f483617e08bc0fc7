"""The weekly round: before each meeting's cutoff every active unit's reporters are asked whether
the unit has anything to report, the units that have not answered are reminded once on the
cutoff's morning, and the agenda tells the coverage.

What is due is decided by the tables: the meeting's ``round_sent_at`` / ``round_reminded_at`` is
claimed by one process in the transaction that queues the DMs (outbox keys are unique too)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.meetings import MeetingOverride, PlannedMeeting, planned_meetings
from bot.domain.rounds import (
    NOTHING_NEW,
    REPORTED,
    RoundCoverage,
    RoundRule,
    RoundTimes,
    coverage,
    round_times,
)
from bot.results.common import Denied, Message
from bot.results.rounds import RoundAnswer, RoundAnswered, RoundQuestion
from bot.services.common import queue_message
from bot.services.meetings import MeetingService, overrides_from
from bot.services.outbox import UPDATE_TS
from storage.models import Meeting, Report, Unit
from storage.repositories.rounds import RoundRepository
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

KIND = "round"  # the outbox kind of the round's DMs (dropped, not noted, once the cutoff passed)
LOOKAHEAD = timedelta(days=28)  # how far ahead a meeting's round may be due (10 working days + cutoff)


@dataclass(frozen=True)
class RoundBuilders:
    """The Block Kit builders the round's DMs are made with (injected: services build no blocks)."""

    question: Callable[[RoundQuestion], Message]
    answered: Callable[[RoundAnswered], Message]


def round_coverage(uow: UnitOfWork, meeting: Meeting) -> RoundCoverage | None:
    """How the units answered the round for ``meeting``; None when no round went out for it."""
    if meeting.round_sent_at is None:
        return None
    rounds = RoundRepository(uow.session)
    units = [(u.id, u.name) for u in uow.units.active(meeting.team_id)]
    quiet = [a.unit_id for a in rounds.answers([meeting.id]) if a.kind == NOTHING_NEW]
    reported = [unit_id for _, unit_id in rounds.reported_units([meeting.id])]
    return coverage(units, quiet, reported)


def coverage_by_meeting(
    uow: UnitOfWork, team_id: str, since: datetime, until: datetime
) -> dict[datetime, RoundCoverage]:
    """Each meeting starting in ``[since, until)`` whose round went out: its start → coverage
    (units counted as they are active now)."""
    rounds = RoundRepository(uow.session)
    meetings = rounds.asked(team_id, since, until)
    ids = [m.id for m in meetings]
    units = [(u.id, u.name) for u in uow.units.active(team_id)]
    quiet: dict[int, list[int]] = {}
    for answer in rounds.answers(ids):
        if answer.kind == NOTHING_NEW:
            quiet.setdefault(answer.meeting_id, []).append(answer.unit_id)
    reported: dict[int, list[int]] = {}
    for meeting_id, unit_id in rounds.reported_units(ids):
        reported.setdefault(meeting_id, []).append(unit_id)
    return {m.starts_at: coverage(units, quiet.get(m.id, ()), reported.get(m.id, ())) for m in meetings}


class RoundService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        meetings: MeetingService,
        builders: RoundBuilders,
        rule: RoundRule | None,
        reminder_at: time,
        tz: ZoneInfo,
    ) -> None:
        self.sessions = sessions
        self.meetings = meetings
        self.builders = builders
        self.rule = rule
        self.reminder_at = reminder_at
        self.tz = tz

    # ------------------------------------------------------------------------------ scheduled work
    def run_due(self, team_id: str, at: datetime) -> dict[str, int]:
        """Send the round and its reminder where due at ``at``, once each (cancelled meetings and
        holiday weeks have no planned meeting, so no round)."""
        asked = reminded = 0
        if self.rule is None:
            return {"round_units": 0, "round_reminded_units": 0}
        with unit_of_work(self.sessions) as uow:
            overrides = self.meetings.overrides(uow, team_id, at)
        for meeting, times in self._open_rounds(team_id, at, overrides):
            asked += self._ask(team_id, meeting, times, at)
            if times.reminder_at is not None and at >= times.reminder_at:
                reminded += self._remind(team_id, meeting, at)
        return {"round_units": asked, "round_reminded_units": reminded}

    def _open_rounds(
        self, team_id: str, at: datetime, overrides: list[MeetingOverride]
    ) -> list[tuple[PlannedMeeting, RoundTimes]]:
        """The planned meetings whose round is open at ``at`` (asked, cutoff not yet passed)."""
        if self.rule is None:
            return []
        found = []
        schedule = self.meetings.schedule_for(team_id)
        # The workspace's reminder time (``reminder_at`` is the environment's, for the sandbox).
        reminder_at = self.meetings.roles.configured(team_id).reminders.at
        for meeting in planned_meetings(at, at + LOOKAHEAD, schedule, self.tz, overrides):
            times = round_times(meeting.cutoff_at, self.rule, reminder_at, self.tz)
            if times is not None and times.asked_at <= at < times.cutoff_at:
                found.append((meeting, times))
        return found

    def may_be_due(self, team_id: str, at: datetime, meetings: list[Any]) -> bool:
        """Whether ``run_due`` may find work at ``at``, judged from the team's meetings (rows read
        for all teams at once): False only when every open round was sent (and reminded, if due)."""
        slots = {m.regular_starts_at: m for m in meetings}
        for meeting, times in self._open_rounds(team_id, at, overrides_from(meetings, at)):
            row = slots.get(meeting.regular_starts_at)
            if row is None or (row.status != "cancelled" and row.round_sent_at is None):
                return True
            if (
                times.reminder_at is not None
                and at >= times.reminder_at
                and row.round_sent_at is not None
                and row.round_reminded_at is None
            ):
                return True
        return False

    def _ask(self, team_id: str, planned: PlannedMeeting, times: RoundTimes, at: datetime) -> int:
        with unit_of_work(self.sessions) as uow:
            meeting = uow.meetings.get_or_create(
                team_id, planned.starts_at, planned.cutoff_at, at, planned.regular_starts_at
            )
            if meeting.status == "cancelled" or not uow.meetings.claim(meeting.id, "round_sent_at", at):
                return 0
            if times.reminder_at is not None and at >= times.reminder_at:
                # Sent this late (the bot was down), the question is the reminder: one DM, not two.
                uow.meetings.claim(meeting.id, "round_reminded_at", at)
            units = self._queue(uow, team_id, meeting, at, reminder=False)
        log.info("weekly round for meeting %s: %s units asked", meeting.id, units)
        return units

    def _remind(self, team_id: str, planned: PlannedMeeting, at: datetime) -> int:
        with unit_of_work(self.sessions) as uow:
            meeting = uow.meetings.get_or_create(
                team_id, planned.starts_at, planned.cutoff_at, at, planned.regular_starts_at
            )
            if meeting.round_sent_at is None or not uow.meetings.claim(meeting.id, "round_reminded_at", at):
                return 0
            units = self._queue(uow, team_id, meeting, at, reminder=True)
        log.info("weekly round for meeting %s: %s units reminded", meeting.id, units)
        return units

    def _queue(self, uow: UnitOfWork, team_id: str, meeting: Meeting, at: datetime, *, reminder: bool) -> int:
        """The question (or the reminder) to each reporter of each unit that has not answered."""
        rounds = RoundRepository(uow.session)
        answered = {a.unit_id for a in rounds.answers([meeting.id])}
        answered |= {unit_id for _, unit_id in rounds.reported_units([meeting.id])}
        reporters = rounds.reporters(team_id)
        prefix = "round-reminder" if reminder else "round"
        units = 0
        for unit in uow.units.active(team_id):
            if unit.id in answered:
                continue
            members = reporters.get(unit.id, [])
            if not members:
                continue  # nobody reports for it: no DM, and it counts as not answered
            message = self.builders.question(
                RoundQuestion(meeting.id, meeting.starts_at, meeting.cutoff_at, unit.id, unit.name, reminder)
            )
            for user_id in members:
                queue_message(
                    uow,
                    team_id=team_id,
                    key=f"{prefix}:{meeting.id}:{unit.id}:{user_id}",
                    kind=KIND,
                    channel=user_id,
                    message=message,
                    now=at,
                    stale_at=meeting.cutoff_at,
                )
            units += 1
        return units

    # ------------------------------------------------------------------------------ answering
    def nothing_new(
        self, team_id: str, user_id: str, meeting_id: int, unit_id: int, now: datetime
    ) -> RoundAnswer:
        """*Inget nytt* for the unit: recorded once per meeting and unit; the unit's round DMs then
        say who answered and when. A unit that answered already (or filed a report) is told so."""
        with unit_of_work(self.sessions) as uow:
            meeting = uow.meetings.get(team_id, meeting_id)
            unit = uow.units.get(team_id, unit_id)
            if meeting is None or unit is None:
                raise Denied("round_unknown")
            if uow.members.unit_of(team_id, user_id) != unit.id:
                raise Denied("round_not_your_unit")
            rounds = RoundRepository(uow.session)
            already = self._answer_of(rounds, meeting, unit)
            if already is not None:
                return RoundAnswer(already, already=True)
            if now >= meeting.cutoff_at or meeting.status == "cancelled":
                raise Denied("round_closed")
            rounds.answer(team_id, meeting.id, unit.id, NOTHING_NEW, user_id, now)
            answered = RoundAnswered(meeting.starts_at, unit.name, NOTHING_NEW, user_id, now)
            keys = self._show_answer(uow, team_id, meeting, unit, answered, now)
        return RoundAnswer(answered, already=False, notification_keys=tuple(keys))

    def show_report(self, uow: UnitOfWork, report: Report, now: datetime) -> list[tuple[str, str]]:
        """A report just stored (in ``uow``): the unit's round DMs for its meeting, if sent, say the
        unit reported (the first report only; a unit that said *Inget nytt* before is shown as
        reported). Returns the outbox keys to deliver."""
        meeting = uow.meetings.get(report.team_id, report.meeting_id) if report.meeting_id else None
        if meeting is None or meeting.round_sent_at is None:
            return []
        unit = report.unit
        answered = RoundAnswered(
            meeting.starts_at, unit.name, REPORTED, report.reporter_user_id, now, report.reference
        )
        return self._show_answer(uow, report.team_id, meeting, unit, answered, now, "round-reported")

    @staticmethod
    def _answer_of(rounds: RoundRepository, meeting: Meeting, unit: Unit) -> RoundAnswered | None:
        row = rounds.answer_of(meeting.id, unit.id)
        if row is not None:
            return RoundAnswered(meeting.starts_at, unit.name, row.kind, row.user_id, row.answered_at)
        if rounds.has_reported(meeting.id, unit.id):
            return RoundAnswered(meeting.starts_at, unit.name, REPORTED, None, None)
        return None

    def _show_answer(
        self,
        uow: UnitOfWork,
        team_id: str,
        meeting: Meeting,
        unit: Unit,
        answered: RoundAnswered,
        now: datetime,
        prefix: str = "round-answered",
    ) -> list[tuple[str, str]]:
        """Every round DM of the unit for the meeting, changed in place to say who answered (once
        per ``prefix``: a key already queued is left as it is)."""
        message = self.builders.answered(answered)
        payload: dict[str, Any] = {"text": message.text, "blocks": message.blocks}
        keys = []
        for kind in ("round", "round-reminder"):
            for sent in uow.outbox.sent_messages(team_id, f"{kind}:{meeting.id}:{unit.id}:"):
                if sent.slack_channel is None or sent.slack_ts is None:
                    continue
                key = f"{prefix}:{sent.key}"
                uow.outbox.add(
                    team_id=team_id,
                    key=key,
                    kind="round_update",
                    channel=sent.slack_channel,
                    payload={**payload, UPDATE_TS: sent.slack_ts},
                    not_before=now,
                    now=now,
                )
                keys.append((team_id, key))
        return keys
