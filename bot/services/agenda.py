"""The agenda: compiled from the database, sent as a draft to the chairs, published in the channel.

APScheduler only decides when to look; whether a draft or an agenda is due is decided here from
the tables: a meeting's ``draft_sent_at`` / ``agenda_published_at`` is claimed by one process in
the same transaction that numbers the items and queues the messages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.actions import NOTE_MAX
from bot.domain.agenda import (
    REPEAT_WINDOW,
    SHAPED_AWAY,
    Agenda,
    AgendaReport,
    CarriedOver,
    HistoryEntry,
    OpenAction,
    OtherItem,
    PastAction,
    PastDecision,
    PastReport,
    Reopened,
    compile_agenda,
    item_history,
    removal_reason_error,
    shaping_refusal,
)
from bot.domain.meetings import CATCH_UP_WINDOW, PlannedMeeting
from bot.domain.permissions import Permission
from bot.domain.reports import ReportStatus
from bot.results.common import Denied, Message, MissedMeeting, Rejected
from bot.results.responsibility import DecisionNotice, MessageUpdate, MovedItem, Shaped
from bot.results.shaping import ShapingForm, item_choice
from bot.services.common import MessageBuilders, queue_message, queue_to_each
from bot.services.meetings import MeetingService, overrides_from
from bot.services.outbox import UPDATE_TS
from bot.services.photos import queue_photo_copies
from bot.services.reports import report_view
from bot.services.responsibility import ResponsibilityService
from bot.services.roles import Roles
from bot.services.rounds import round_coverage
from bot.services.vocabulary import VocabularyService
from storage.models import AgendaItem, Meeting
from storage.models import OtherItem as OtherItemRow
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AgendaDelivery:
    meeting_id: int
    messages: int
    items: int
    notification_keys: tuple[tuple[str, str], ...]


def _agenda_report(
    report: Any,
    merged: dict[int, list[str]],
    occurrences: dict[int, tuple[int, date]] | None = None,
    photos: dict[int, int] | None = None,
) -> AgendaReport:
    """An agenda report from a ``storage.repositories.REPORT_COLUMNS`` row (``occurrences``: the
    count and earliest date of those added to each report; ``photos``: how many images each has)."""
    added, earliest = (occurrences or {}).get(report.id, (0, report.occurred_on))
    return AgendaReport(
        report_id=report.id,
        reference=report.reference,
        category=report.category,
        unit_id=report.unit_id,
        unit_name=report.unit_name,
        area=report.area,
        place=report.place,
        occurred_on=report.occurred_on,
        occurred_time=report.occurred_time,
        description=report.description,
        recurring=report.recurring,
        created_at=report.created_at,
        reporter_user_id=report.reporter_user_id,
        unreviewed=report.status in (ReportStatus.IN_REVIEW, ReportStatus.RETURNED),
        merged_references=tuple(merged.get(report.id, ())),
        occurrences=added,
        occurrences_since=min(earliest, report.occurred_on),
        photos=(photos or {}).get(report.id, 0),
    )


OTHER_TITLE_MAX, OTHER_BODY_MAX = 150, 2000  # an item of the chairs' own ("Övrigt")
MISSED_LOOKBACK = timedelta(days=14)  # how far back a missed meeting is still worth telling
REFUSED = "refused:"  # an unreachable target's reason when Örat itself declined to post there


def _carried_reason(outcome: str) -> str:
    return {"tabled": "tabled", "reopened": "reopened"}.get(outcome, "undecided")


def _past_decision(row: Any) -> PastDecision | None:
    """An earlier meeting's decision as the item's history tells it; None when an action (which
    the history shows itself) was the decision."""
    if row.outcome in ("tabled", "no_action"):
        return PastDecision(row.meeting_starts_at, row.outcome, row.note)
    if row.outcome != "pending":
        return None
    if row.not_ours_by_user_id is not None:
        return PastDecision(
            row.meeting_starts_at, "not_ours", row.note, row.not_ours_by_user_id, row.suggested_unit
        )
    return PastDecision(row.meeting_starts_at, "undecided")


def _histories(
    uow: UnitOfWork, meeting: Meeting, report_ids: list[int]
) -> dict[int, tuple[HistoryEntry, ...]]:
    """Each carried report's history (earlier decisions, actions, the school's Nej), two queries."""
    decisions: dict[int, list[PastDecision]] = {}
    for row in uow.agenda.past_decisions(report_ids, meeting.starts_at):
        decision = _past_decision(row)
        if decision is not None:
            decisions.setdefault(row.report_id, []).append(decision)
    actions: dict[int, list[PastAction]] = {}
    reopenings: dict[int, list[Reopened]] = {}
    for row in uow.agenda.past_actions(report_ids):
        actions.setdefault(row.report_id, []).append(
            PastAction(
                row.owner_unit,
                row.owner_user_id,
                row.description,
                row.due_on,
                row.created_at,
                row.status,
                row.done_at,
                row.outcome_note,
            )
        )
        if row.solved is False:
            reopenings.setdefault(row.report_id, []).append(Reopened(row.updated_at, row.unsolved_reason))
    return {
        report_id: item_history(
            decisions.get(report_id, ()), actions.get(report_id, ()), reopenings.get(report_id, ())
        )
        for report_id in report_ids
    }


class AgendaService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        meetings: MeetingService,
        responsibility: ResponsibilityService,
        roles: Roles,
        messages: MessageBuilders,
        tz: ZoneInfo,
        vocabulary: VocabularyService | None = None,
    ) -> None:
        """The meeting channel is each workspace's (``roles.configured``)."""
        self.sessions = sessions
        self.vocabulary = vocabulary or VocabularyService(sessions)
        self.meetings = meetings
        self.responsibility = responsibility
        self.roles = roles
        self.messages = messages
        self.tz = tz

    # ------------------------------------------------------------------------------ compiling
    def compile(self, uow: UnitOfWork, meeting: Meeting, now: datetime) -> Agenda:
        """The agenda for ``meeting`` as the database stands (a fixed number of queries)."""
        rows = uow.agenda.items(meeting.id, with_moved=True)
        existing = {item.report_id: item.number for item in rows}
        moved = {item.report_id for item in rows if item.moved_at is not None}  # to the next meeting
        reports = [r for r in uow.agenda.new_reports(meeting) if r.id not in moved]
        carried_rows = [r for r in uow.agenda.carried(meeting) if r.id not in moved]
        extras = uow.agenda.report_extras([r.id for r in [*reports, *carried_rows]])
        merged, seen, photos = extras.merged, extras.occurrences, extras.photos
        new_reports = [_agenda_report(r, merged, seen, photos) for r in reports]
        histories = _histories(uow, meeting, [r.id for r in carried_rows])
        carried = [
            CarriedOver(
                _agenda_report(r, merged, seen, photos),
                _carried_reason(r.outcome),
                r.previous_meeting,
                histories[r.id],
            )
            for r in carried_rows
        ]
        earliest = min((r.created_at for r in [*reports, *carried_rows]), default=now)
        history = [PastReport(*row) for row in uow.agenda.history(meeting.team_id, earliest - REPEAT_WINDOW)]
        actions = [OpenAction(**row._mapping) for row in uow.agenda.open_actions(meeting.team_id)]
        agenda = compile_agenda(
            meeting_starts_at=meeting.starts_at,
            today=now.astimezone(self.tz).date(),
            new_reports=new_reports,
            carried=carried,
            open_actions=actions,
            history=history,
            existing_numbers=existing,
            other=[
                OtherItem(r.title, r.body, r.added_by_user_id) for r in uow.agenda.other_items(meeting.id)
            ],
            vocabulary=self.vocabulary.load(meeting.team_id, uow),
        )
        coverage = round_coverage(uow, meeting)
        return agenda if coverage is None else replace(agenda, coverage=coverage)

    def _persist_numbers(
        self, uow: UnitOfWork, meeting: Meeting, agenda: Agenda, now: datetime
    ) -> dict[int, AgendaItem]:
        """Give every item of ``agenda`` its row at this meeting (numbers stay as they are)."""
        rows = {item.report_id: item for item in uow.agenda.items(meeting.id)}
        previous = {c.report.report_id: c for c in (i.carried for i in agenda.carried) if c is not None}
        new_rows = []
        for item in agenda.items:
            if item.report.report_id in rows:
                continue
            row = AgendaItem(
                team_id=meeting.team_id,
                meeting_id=meeting.id,
                report_id=item.report.report_id,
                number=item.number,
                kind="carried" if item.report.report_id in previous else "new",
                unreviewed=item.report.unreviewed,
                outcome="pending",
                created_at=now,
            )
            rows[item.report.report_id] = row
            new_rows.append(row)
        uow.agenda.add_items(new_rows)
        return rows

    # ------------------------------------------------------------------------------ scheduled work
    def run_due(self, team_id: str, at: datetime) -> dict[str, int]:
        """Send the chairs' drafts and publish the agendas that are due at ``at``, once each."""
        drafts = published = 0
        with unit_of_work(self.sessions) as uow:
            due = [
                m
                for m in self.meetings.around(uow, team_id, at)
                if m.draft_at <= at < m.starts_at + CATCH_UP_WINDOW
            ]
        for planned in due:
            if at >= planned.publish_at:
                published += self._publish(team_id, planned, at, by_user=None) is not None
            else:
                drafts += self._draft(team_id, planned, at)
        return {"drafts": drafts, "published": published}

    def may_be_due(self, team_id: str, at: datetime, meetings: list[Any]) -> bool:
        """Whether ``run_due``, ``notice_missed`` or ``post_due_minutes`` may find work at ``at``,
        judged from the team's meetings (rows read for all teams at once, ``uow.due.meetings_near``
        from ``at - MISSED_LOOKBACK`` and the chairs' changes): False only when each of them
        would do nothing."""
        slots = {m.regular_starts_at: m for m in meetings}
        for planned in self.meetings.around_given(team_id, at, overrides_from(meetings, at)):
            if not planned.draft_at <= at < planned.starts_at + CATCH_UP_WINDOW:
                continue
            row = slots.get(planned.regular_starts_at)
            if row is None or (
                row.agenda_published_at is None and (at >= planned.publish_at or row.draft_sent_at is None)
            ):
                return True  # a draft or the agenda not yet claimed (or a row still to make)
        minutes_by = at - self.meetings.schedule_for(team_id).minutes_after
        for m in meetings:
            if (
                m.status != "cancelled"
                and m.agenda_published_at is None
                and m.missed_noticed_at is None
                and at - MISSED_LOOKBACK <= m.starts_at < at - CATCH_UP_WINDOW
            ):
                return True  # a missed meeting the chairs are not told of yet
            if (
                m.agenda_published_at is not None
                and m.minutes_posted_at is None
                and at - timedelta(days=7) <= m.starts_at <= minutes_by
            ):
                return True  # minutes due
        return False

    def notice_missed(self, team_id: str, at: datetime) -> int:
        """Meetings whose agenda never went out (the bot was down past the catch-up window): their
        reports roll into the next agenda, and the chairs are told so, once per meeting."""
        chairs = self.roles.chairs(team_id)
        told = 0
        with unit_of_work(self.sessions) as uow:
            missed = uow.meetings.missed(
                team_id, started_before=at - CATCH_UP_WINDOW, since=at - MISSED_LOOKBACK
            )
            if not missed:
                return 0
            upcoming = self.meetings.coming(uow, team_id, at)
            for meeting in missed:
                if not uow.meetings.claim(meeting.id, "missed_noticed_at", at):
                    continue  # another scheduler told them
                notice = self.messages.meeting_missed(
                    MissedMeeting(
                        starts_at=meeting.starts_at,
                        reports=uow.reports.count_for_meeting(team_id, meeting.id),
                        next_starts_at=upcoming.starts_at if upcoming is not None else None,
                    )
                )
                queue_to_each(
                    uow,
                    chairs,
                    team_id=team_id,
                    key=f"agenda-missed:{meeting.id}",
                    kind="agenda_missed",
                    message=notice,
                    now=at,
                )
                uow.audit.agenda_missed(meeting, at=at)
                told += 1
        if told:
            log.warning("%s meetings whose agenda never went out: the chairs are told", told)
        return told

    def _meeting_row(self, uow: UnitOfWork, team_id: str, planned: PlannedMeeting, now: datetime) -> Meeting:
        return uow.meetings.get_or_create(
            team_id, planned.starts_at, planned.cutoff_at, now, planned.regular_starts_at
        )

    def _draft(self, team_id: str, planned: PlannedMeeting, at: datetime) -> int:
        chairs = self.roles.chairs(team_id)
        with unit_of_work(self.sessions) as uow:
            meeting = self._meeting_row(uow, team_id, planned, at)
            if meeting.agenda_published_at is not None or not uow.meetings.claim(
                meeting.id, "draft_sent_at", at
            ):
                return 0
            agenda = self.compile(uow, meeting, at)
            self._persist_numbers(uow, meeting, agenda, at)
            messages = self.messages.agenda(agenda, mode="draft", meeting_id=meeting.id)
            for chair in chairs:
                # A draft still unsent when the agenda itself goes out has lost its use.
                self._queue_parts(
                    uow,
                    team_id,
                    chair,
                    f"agenda-draft:{meeting.id}:{chair}",
                    messages,
                    at,
                    stale_at=planned.publish_at,
                )
            if not chairs:
                log.warning("agenda draft for meeting %s: no chairs configured (ORAT_CHAIRS)", meeting.id)
        log.info("agenda draft for meeting %s queued: %s items", meeting.id, len(agenda.items))
        return 1

    def _publish(
        self, team_id: str, planned: PlannedMeeting, at: datetime, *, by_user: str | None
    ) -> AgendaDelivery | None:
        chairs = self.roles.chairs(team_id)
        with unit_of_work(self.sessions) as uow:
            meeting = self._meeting_row(uow, team_id, planned, at)
            if not uow.meetings.claim(meeting.id, "agenda_published_at", at):
                return None
            uow.meetings.claim(meeting.id, "draft_sent_at", at)  # too late for a draft now
            agenda = self.compile(uow, meeting, at)
            rows = self._persist_numbers(uow, meeting, agenda, at)
            messages = self.messages.agenda(agenda, mode="channel", meeting_id=meeting.id)
            keys: list[tuple[str, str]] = []
            channel = self._channel_for_contents(uow, team_id, chairs, f"agenda:{meeting.id}", at)
            if channel is not None:
                keys += self._queue_parts(uow, team_id, channel, f"agenda:{meeting.id}", messages, at)
                self._remember_message_keys(rows, agenda, messages, f"agenda:{meeting.id}")
                keys += queue_photo_copies(uow, team_id, channel, meeting.id, rows, self.messages, at)
            else:
                # Nothing is lost without a (safe) channel: the chairs get the agenda itself.
                log.warning("meeting %s: agenda sent to the chairs, not to a channel", meeting.id)
                for chair in chairs:
                    keys += self._queue_parts(
                        uow, team_id, chair, f"agenda:{meeting.id}:{chair}", messages, at
                    )
            uow.agenda.mark_reports_on_agenda(meeting.id, list(rows))
            keys += self._retire_messages(
                uow, team_id, f"agenda-draft:{meeting.id}:", "agenda.draft_published", at
            )
            uow.audit.agenda_published(
                meeting, by=by_user, at=at, items=len(agenda.items), messages=len(messages)
            )
            delivery = AgendaDelivery(meeting.id, len(messages), len(agenda.items), tuple(keys))
        log.info(
            "agenda for meeting %s published: %s items in %s messages",
            meeting.id,
            delivery.items,
            delivery.messages,
        )
        return delivery

    def _retire_messages(
        self, uow: UnitOfWork, team_id: str, prefix: str, key: str, at: datetime
    ) -> list[tuple[str, str]]:
        """The sent agenda messages under ``prefix`` lose their buttons (see the builder's
        ``agenda_retired``): their kept copy is rewritten, and a chat.update of each is queued."""
        keys = []
        for message in uow.outbox.sent_messages(team_id, prefix):
            blocks = message.payload.get("blocks")
            if not blocks or message.slack_channel is None or message.slack_ts is None:
                continue
            text = str(message.payload.get("text", ""))
            retired = {"text": text, "blocks": self.messages.agenda_retired(blocks, key, at)}
            if not uow.outbox.replace_payload(message, retired):
                continue  # a click changed it this instant; its buttons are refused from now on anyway
            update_key = f"retired:{message.key}"
            uow.outbox.add(
                team_id=team_id,
                key=update_key,
                kind="agenda_update",
                channel=message.slack_channel,
                payload={**retired, UPDATE_TS: message.slack_ts},
                not_before=at,
                now=at,
            )
            keys.append((team_id, update_key))
        return keys

    def _channel_for_contents(
        self, uow: UnitOfWork, team_id: str, chairs: list[str], what: str, at: datetime
    ) -> str | None:
        """The meeting channel, when report contents may be posted there; otherwise None, and the
        chairs are told why (a public channel, or one shared with another organisation)."""
        channel = self.meetings.channel_for(team_id)
        if channel is None:
            return None
        known = uow.delivery.unreachable(team_id, channel)
        # Known to fail: only a fresh answer from Slack may say it works again.
        refusal = self.roles.meeting_channel_refusal(team_id, fresh=known is not None)
        if refusal is None:
            if known is not None:
                uow.delivery.forget_unreachable(team_id, channel)  # Slack says it is fine now
            return channel
        if refusal == "unchecked" and known is not None:
            return None  # a post there already failed: nothing new to tell
        log.warning("report contents not posted in the meeting channel: %s", refusal)
        # The chairs are told once per reason, not at every agenda and minutes (an archived
        # channel is the same news as a post refused with is_archived).
        reason = "is_archived" if refusal == "archived" else REFUSED + refusal
        if uow.delivery.remember_unreachable(team_id, channel, reason, at):
            queue_to_each(
                uow,
                chairs,
                team_id=team_id,
                key=f"channel-refused:{what}",
                kind="channel_refused",
                message=self.messages.channel_refused(channel, refusal),
                now=at,
            )
        uow.audit.channel_refused(team_id, at=at, channel=channel, reason=refusal, what=what)
        return None

    @staticmethod
    def _remember_message_keys(
        rows: dict[int, AgendaItem], agenda: Agenda, messages: list[Message], prefix: str
    ) -> None:
        by_number = {item.number: item.report.report_id for item in agenda.items}
        for index, message in enumerate(messages):
            for number in message.item_numbers:
                rows[by_number[number]].message_key = f"{prefix}:{index}"

    def _queue_parts(
        self,
        uow: UnitOfWork,
        team_id: str,
        channel: str,
        prefix: str,
        messages: list[Message],
        now: datetime,
        kind: str = "agenda",
        stale_at: datetime | None = None,
    ) -> list[tuple[str, str]]:
        """Part 0 in the channel; the rest in its thread, each after the one before."""
        return [
            queue_message(
                uow,
                team_id=team_id,
                key=f"{prefix}:{index}",
                kind=kind,
                channel=channel,
                message=message,
                now=now,
                after_key=f"{prefix}:{index - 1}" if index else None,
                thread_key=f"{prefix}:0" if index else None,
                stale_at=stale_at,
            )
            for index, message in enumerate(messages)
        ]

    # ------------------------------------------------------------------------------ minutes
    def post_due_minutes(self, team_id: str, at: datetime) -> int:
        """Minutes for meetings that started ``minutes_after`` ago (a week's catch-up at most)."""
        with unit_of_work(self.sessions) as uow:
            due = [
                m.id
                for m in uow.meetings.awaiting_minutes(
                    team_id, at - self.meetings.schedule_for(team_id).minutes_after, at - timedelta(days=7)
                )
            ]
        return sum(
            self._post_minutes(team_id, meeting_id, at, by_user=None) is not None for meeting_id in due
        )

    def post_minutes_now(self, team_id: str, user_id: str, now: datetime) -> AgendaDelivery:
        """``/orat protokoll``: a chair posts the minutes of the latest meeting now."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        with unit_of_work(self.sessions) as uow:
            meeting = uow.meetings.latest_published(team_id, now)
            meeting_id = meeting.id if meeting is not None else None
        if meeting_id is None:
            raise Denied("no_meeting_held")
        delivery = self._post_minutes(team_id, meeting_id, now, by_user=user_id)
        if delivery is None:
            raise Denied("minutes_already_posted")
        return delivery

    def _post_minutes(
        self, team_id: str, meeting_id: int, at: datetime, *, by_user: str | None
    ) -> AgendaDelivery | None:
        chairs = self.roles.chairs(team_id)
        with unit_of_work(self.sessions) as uow:
            if not uow.meetings.claim(meeting_id, "minutes_posted_at", at):
                return None
            channel = self._channel_for_contents(uow, team_id, chairs, f"minutes:{meeting_id}", at)
            channels = [channel] if channel is not None else chairs
            minutes = self.responsibility.minutes(uow, meeting_id)
            messages = self.messages.minutes(minutes)
            keys = []
            for channel in channels:
                prefix = f"minutes:{meeting_id}:{channel}"
                keys += self._queue_parts(uow, team_id, channel, prefix, messages, at, kind="minutes")
            # The published agenda (the channel's parts, or each chair's copy): its buttons are done.
            keys += self._retire_messages(uow, team_id, f"agenda:{meeting_id}:", "agenda.closed", at)
            uow.audit.minutes_posted(team_id, meeting_id, by=by_user, at=at)
            items = len(minutes.decided) + len(minutes.carried)
        return AgendaDelivery(meeting_id, len(messages), items, tuple(keys))

    # ------------------------------------------------------------------------------ shaping the draft
    def movable(self, team_id: str, user_id: str, meeting_id: int, number: int) -> str:
        """The reference of the draft item a chair is about to move (refused as the move would be)."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        with unit_of_work(self.sessions) as uow:
            return self._movable_item(uow, team_id, meeting_id, number).report.reference

    def can_add_other(self, team_id: str, user_id: str, meeting_id: int) -> None:
        """Refused as adding an item of one's own ("Övrigt") would be."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        with unit_of_work(self.sessions) as uow:
            self._open_for_shaping(uow, team_id, meeting_id)

    def add_other(
        self, team_id: str, user_id: str, meeting_id: int, title: str, body: str, now: datetime
    ) -> Shaped | Rejected:
        """A chair's own item under "Övrigt": on the draft (every chair's draft is drawn anew, and
        the published agenda has it), or on the published agenda until the minutes are out (added
        in place at its end; the minutes have it)."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        title, body = " ".join(title.split()), body.strip()
        errors = {}
        if not title:
            errors["title"] = "other_title_missing"
        elif len(title) > OTHER_TITLE_MAX:
            errors["title"] = "other_title_too_long"
        if len(body) > OTHER_BODY_MAX:
            errors["body"] = "other_body_too_long"
        if errors:
            return Rejected(errors)
        chairs = self.roles.chairs(team_id)
        with unit_of_work(self.sessions) as uow:
            meeting = self._open_for_shaping(uow, team_id, meeting_id)
            row = uow.agenda.add_other_item(
                OtherItemRow(
                    team_id=team_id,
                    meeting_id=meeting_id,
                    title=title,
                    body=body or None,
                    added_by_user_id=user_id,
                    created_at=now,
                )
            )
            uow.audit.other_item_added(row, by=user_id, at=now)
            if meeting.agenda_published_at is not None:
                other = OtherItem(row.title, row.body, row.added_by_user_id)
                updates, keys = self._published_with_other(
                    uow, team_id, chairs, meeting_id, row.id, other, now
                )
                shaped = Shaped(None, tuple(updates), tuple(keys))
            else:
                agenda = self.compile(uow, meeting, now)
                shaped = Shaped(None, tuple(self._redrawn_drafts(uow, team_id, chairs, meeting_id, agenda)))
        log.info("an item of the chairs' own added to the agenda of meeting %s", meeting_id)
        return shaped

    @staticmethod
    def _held_meeting(uow: UnitOfWork, team_id: str, meeting_id: int) -> Meeting:
        meeting = uow.meetings.get(team_id, meeting_id)
        if meeting is None or meeting.status == "cancelled":
            raise Denied("meeting_not_found")
        return meeting

    @classmethod
    def _open_for_shaping(cls, uow: UnitOfWork, team_id: str, meeting_id: int) -> Meeting:
        """The meeting, while its agenda may still change: a draft, or published but no minutes yet."""
        meeting = cls._held_meeting(uow, team_id, meeting_id)
        if meeting.minutes_posted_at is not None:
            raise Denied("agenda_closed")
        return meeting

    @classmethod
    def _unpublished(cls, uow: UnitOfWork, team_id: str, meeting_id: int) -> Meeting:
        meeting = cls._held_meeting(uow, team_id, meeting_id)
        if meeting.agenda_published_at is not None:
            raise Denied("agenda_already_published")
        return meeting

    @classmethod
    def _movable_item(cls, uow: UnitOfWork, team_id: str, meeting_id: int, number: int) -> AgendaItem:
        cls._unpublished(uow, team_id, meeting_id)
        item = uow.agenda.item(team_id, meeting_id, number)
        if item is None or item.outcome in SHAPED_AWAY:  # removed or merged by a chair
            raise Denied("item_not_found")
        if item.moved_at is not None:
            raise Denied("item_already_moved")
        return item

    def move_to_next_meeting(
        self, team_id: str, user_id: str, meeting_id: int, number: int, reason: str, now: datetime
    ) -> MovedItem | Rejected:
        """ "Flytta till nästa möte" on the chairs' draft: the item is left off this meeting's
        agenda (its number stays taken) and the report comes back at the next meeting. The reason
        is kept on the item and in the audit log; every chair's draft shows the move."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        reason = reason.strip()
        if len(reason) > NOTE_MAX:
            return Rejected({"reason": "action_note_too_long"})
        chairs = self.roles.chairs(team_id)
        with unit_of_work(self.sessions) as uow:
            item = self._movable_item(uow, team_id, meeting_id, number)
            item.moved_at, item.moved_by_user_id, item.moved_reason = now, user_id, reason or None
            uow.audit.item_moved_to_next_meeting(item, by=user_id, at=now, reason=reason)
            updates = self._drafts_without(uow, chairs, item, user_id, reason)
        log.info("agenda item %s moved to the next meeting", number)
        return MovedItem(number, tuple(updates))

    def reorder(
        self, team_id: str, user_id: str, meeting_id: int, number: int, step: int, now: datetime
    ) -> list[MessageUpdate]:
        """▲/▼ on the chairs' draft: the item changes places (and numbers) with its neighbour in
        its group (follow-up, or a category within a city area); the published agenda keeps that
        order. Every chair's draft is rewritten."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        chairs = self.roles.chairs(team_id)
        with unit_of_work(self.sessions) as uow:
            item = self._movable_item(uow, team_id, meeting_id, number)
            agenda = self.compile(uow, item.meeting, now)
            self._persist_numbers(uow, item.meeting, agenda, now)  # any item new since the draft
            groups = [agenda.carried, *(g.items for a in agenda.areas for g in a.groups)]
            numbers = next(([i.number for i in g] for g in groups if any(i.number == number for i in g)), [])
            index = numbers.index(number) + step if number in numbers else -1
            other = (
                uow.agenda.item(team_id, meeting_id, numbers[index]) if 0 <= index < len(numbers) else None
            )
            if other is None:
                raise Denied("item_cannot_move")
            uow.agenda.swap_numbers(item, other)
            uow.audit.item_reordered(item, by=user_id, at=now, step=step)
            agenda = self.compile(uow, item.meeting, now)
            updates = self._redrawn_drafts(uow, team_id, chairs, meeting_id, agenda)
        log.info("agenda item %s moved %s on the draft", number, "up" if step < 0 else "down")
        return updates

    def _redrawn_drafts(
        self, uow: UnitOfWork, team_id: str, chairs: list[str], meeting_id: int, agenda: Agenda
    ) -> list[MessageUpdate]:
        """Each chair's sent draft parts drawn anew from ``agenda``."""
        messages = self.messages.agenda(agenda, mode="draft", meeting_id=meeting_id)
        updates = []
        for chair in chairs:
            for index, message in enumerate(messages):
                stored = uow.outbox.sent_message(team_id, f"agenda-draft:{meeting_id}:{chair}:{index}")
                payload = {"text": message.text, "blocks": message.blocks}
                if stored is not None and uow.outbox.replace_payload(stored, payload):
                    assert stored.slack_channel is not None and stored.slack_ts is not None
                    updates.append(
                        MessageUpdate(stored.slack_channel, stored.slack_ts, message.text, message.blocks)
                    )
        return updates

    def _drafts_without(
        self, uow: UnitOfWork, chairs: list[str], item: AgendaItem, user_id: str, reason: str
    ) -> list[MessageUpdate]:
        """Each chair's sent draft part that shows the item, rewritten to say it was moved."""
        prefixes = [f"agenda-draft:{item.meeting_id}:{chair}" for chair in chairs]
        return self._rewritten(
            uow,
            item.team_id,
            prefixes,
            item.number,
            lambda blocks: self.messages.draft_item_moved(
                blocks, item.number, item.report.reference, user_id, reason
            ),
        )

    @staticmethod
    def _sent_parts(uow: UnitOfWork, team_id: str, prefix: str) -> list[Any]:
        """The sent parts ``prefix:0``, ``prefix:1``, … of an agenda, in order."""
        parts, index = [], 0
        while (message := uow.outbox.sent_message(team_id, f"{prefix}:{index}")) is not None:
            parts.append(message)
            index += 1
        return parts

    def _rewritten(
        self,
        uow: UnitOfWork,
        team_id: str,
        prefixes: list[str],
        number: int,
        rewrite: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
    ) -> list[MessageUpdate]:
        """Every sent part (under ``prefixes``) that shows item ``number``, rewritten in place."""
        updates = []
        for prefix in prefixes:
            for message in self._sent_parts(uow, team_id, prefix):
                blocks = message.payload.get("blocks") or []
                if not any(b.get("block_id") == f"item_{number}" for b in blocks):
                    continue
                new = rewrite(blocks)
                text = str(message.payload.get("text", ""))
                if uow.outbox.replace_payload(message, {"text": text, "blocks": new}):
                    assert message.slack_channel is not None and message.slack_ts is not None
                    updates.append(MessageUpdate(message.slack_channel, message.slack_ts, text, new))
        return updates

    @staticmethod
    def _published_prefixes(meeting_id: int, chairs: list[str]) -> list[str]:
        """Where a published agenda went: the channel's parts, or each chair's copy."""
        return [f"agenda:{meeting_id}", *(f"agenda:{meeting_id}:{chair}" for chair in chairs)]

    def _published_with_other(
        self,
        uow: UnitOfWork,
        team_id: str,
        chairs: list[str],
        meeting_id: int,
        row_id: int,
        other: OtherItem,
        now: datetime,
    ) -> tuple[list[MessageUpdate], list[tuple[str, str]]]:
        """The chairs' new item at the end of the published agenda's last part, or in its thread
        when that part is full."""
        updates, keys = [], []
        for prefix in self._published_prefixes(meeting_id, chairs):
            parts = self._sent_parts(uow, team_id, prefix)
            if not parts:
                continue
            last = parts[-1]
            new = self.messages.agenda_with_other(last.payload.get("blocks") or [], other)
            text = str(last.payload.get("text", ""))
            if new is None:
                keys.append(
                    queue_message(
                        uow,
                        team_id=team_id,
                        key=f"{prefix}:other:{row_id}",
                        kind="agenda",
                        channel=str(last.channel),
                        message=self.messages.agenda_other(other),
                        now=now,
                        thread_key=f"{prefix}:0",
                    )
                )
            elif uow.outbox.replace_payload(last, {"text": text, "blocks": new}):
                assert last.slack_channel is not None and last.slack_ts is not None
                updates.append(MessageUpdate(last.slack_channel, last.slack_ts, text, new))
        return updates, keys

    # ------------------------------------------------------------------------------ removing, merging
    def shaping_form(self, team_id: str, user_id: str, meeting_id: int, number: int) -> ShapingForm:
        """The item a chair is about to remove or merge, and the items it may be merged into;
        refused as the change itself would be."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        with unit_of_work(self.sessions) as uow:
            meeting, _ = self._shapeable(uow, team_id, meeting_id, number)
            lines = [item_choice(row) for row in uow.agenda.shaping_lines(meeting_id)]
            return ShapingForm(
                meeting_id,
                next(line for line in lines if line.number == number),
                tuple(line for line in lines if line.number != number),
                meeting.agenda_published_at is not None,
            )

    @staticmethod
    def _shapeable(uow: UnitOfWork, team_id: str, meeting_id: int, number: int) -> tuple[Meeting, AgendaItem]:
        meeting = uow.meetings.get(team_id, meeting_id)
        if meeting is None or meeting.status == "cancelled":
            raise Denied("meeting_not_found")
        item = uow.agenda.item(team_id, meeting_id, number)
        if item is None:
            raise Denied("item_not_found")
        refusal = shaping_refusal(
            published=meeting.agenda_published_at is not None,
            minutes_posted=meeting.minutes_posted_at is not None,
            moved=item.moved_at is not None,
            outcome=item.outcome,
            has_actions=bool(uow.agenda.actions_for_item(item.id)),
        )
        if refusal is not None:
            raise Denied(refusal)
        return meeting, item

    def remove_item(
        self, team_id: str, user_id: str, meeting_id: int, number: int, reason: str, now: datetime
    ) -> Shaped | Rejected:
        """ "Ta bort från dagordningen": the item leaves this agenda and the report is closed
        ("tas inte upp" by this meeting group); the school is told why. The reason stays on the
        item (free text is kept out of the audit log, which notes who removed which item)."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        error = removal_reason_error(reason)
        if error is not None:
            return Rejected({"reason": error})
        reason = reason.strip()
        chairs = self.roles.chairs(team_id)
        with unit_of_work(self.sessions) as uow:
            meeting, item = self._shapeable(uow, team_id, meeting_id, number)
            item.outcome, item.outcome_by_user_id, item.outcome_note = "removed", user_id, reason
            report = item.report
            report.status, report.updated_at = ReportStatus.CLOSED, now
            uow.audit.item_removed(item, by=user_id, at=now)
            notice = DecisionNotice(report_view(report), "removed", user_id, note=reason)
            key = self._tell_school(uow, item, notice, now)
            reference = report.reference
            updates = self._after_shaping(
                uow,
                team_id,
                chairs,
                meeting,
                now,
                number,
                lambda blocks: self.messages.agenda_item_struck(
                    blocks, number, "removed", reference, user_id, reason
                ),
            )
        log.info("agenda item %s of meeting %s removed", number, meeting_id)
        return Shaped(number, tuple(updates), (key,))

    def merge_items(
        self, team_id: str, user_id: str, meeting_id: int, number: int, into: int | None, now: datetime
    ) -> Shaped | Rejected:
        """ "Slå ihop med …": the item's report is merged into another item's on the same agenda
        (as a reviewer's merge: listed under it as "sammanslagen med …", its school told); the
        item leaves the agenda."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        if into is None:
            return Rejected({"merge_into": "agenda_merge_target_missing"})
        if into == number:
            return Rejected({"merge_into": "agenda_merge_target_not_offered"})
        chairs = self.roles.chairs(team_id)
        with unit_of_work(self.sessions) as uow:
            meeting, item = self._shapeable(uow, team_id, meeting_id, number)
            target = uow.agenda.item(team_id, meeting_id, into)
            if target is None or target.moved_at is not None or target.outcome in SHAPED_AWAY:
                return Rejected({"merge_into": "agenda_merge_target_not_offered"})
            report, main = item.report, target.report
            report.merged_into_id, report.status, report.updated_at = main.id, ReportStatus.CLOSED, now
            for earlier in uow.reports.merged_into(team_id, report.id):
                earlier.merged_into_id = main.id
            item.outcome, item.outcome_by_user_id = "merged", user_id
            uow.audit.items_merged(item, target, by=user_id, at=now)
            notice = DecisionNotice(report_view(report), "merged", user_id, merged_into=main.reference)
            key = self._tell_school(uow, item, notice, now)
            reference = report.reference
            updates = self._after_shaping(
                uow,
                team_id,
                chairs,
                meeting,
                now,
                number,
                lambda blocks: self.messages.agenda_item_struck(
                    blocks, number, "merged", reference, user_id, f"{into}"
                ),
                main=into,
            )
        log.info("agenda item %s of meeting %s merged into item %s", number, meeting_id, into)
        return Shaped(number, tuple(updates), (key,))

    def _tell_school(
        self, uow: UnitOfWork, item: AgendaItem, notice: DecisionNotice, now: datetime
    ) -> tuple[str, str]:
        return queue_message(
            uow,
            team_id=item.team_id,
            key=f"decided:{item.id}:{notice.outcome}",
            kind="item_decided",
            channel=item.report.reporter_user_id,
            message=self.messages.item_decided(notice),
            now=now,
        )

    def _after_shaping(
        self,
        uow: UnitOfWork,
        team_id: str,
        chairs: list[str],
        meeting: Meeting,
        now: datetime,
        number: int,
        strike: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
        main: int | None = None,
    ) -> list[MessageUpdate]:
        """The chairs' drafts drawn anew; or, once published, the item struck from the agenda in
        place (and the main item of a merge redrawn, naming the merged report)."""
        uow.session.flush()
        agenda = self.compile(uow, meeting, now)
        if meeting.agenda_published_at is None:
            return self._redrawn_drafts(uow, team_id, chairs, meeting.id, agenda)
        prefixes = self._published_prefixes(meeting.id, chairs)
        updates = self._rewritten(uow, team_id, prefixes, number, strike)
        shown = next((i for i in agenda.items if i.number == main), None)
        if shown is not None:
            updates += self._rewritten(
                uow, team_id, prefixes, shown.number, lambda b: self.messages.agenda_item_redrawn(b, shown)
            )
        return updates

    # ------------------------------------------------------------------------------ on request
    def preview(
        self, team_id: str, user_id: str, now: datetime, *, surface: str = "command"
    ) -> tuple[Agenda, int]:
        """The coming meeting's agenda as it stands now, for participants and chairs; nothing is
        numbered or stored, but who looked at which reports is (audit)."""
        with unit_of_work(self.sessions) as uow:
            self.roles.require(uow.session, team_id, user_id, Permission.SEE_AGENDA)
            planned = self.meetings.coming(uow, team_id, now)
            if planned is None:
                raise Denied("meeting_not_found")
            # Looking changes nothing: an unsaved row stands in for a meeting not yet stored.
            meeting = uow.meetings.by_regular_start(team_id, planned.regular_starts_at) or Meeting(
                id=0,
                team_id=team_id,
                starts_at=planned.starts_at,
                regular_starts_at=planned.regular_starts_at,
                cutoff_at=planned.cutoff_at,
            )
            agenda = self.compile(uow, meeting, now)
            meeting_id = meeting.id
            for item in agenda.items:
                uow.audit.report_viewed(
                    team_id=team_id,
                    at=now,
                    user_id=user_id,
                    report_id=item.report.report_id,
                    surface=surface,
                    via="agenda",
                )
        return agenda, meeting_id

    def publish_now(
        self, team_id: str, user_id: str, now: datetime, meeting_id: int | None = None
    ) -> AgendaDelivery:
        """A chair publishes the coming agenda (or the one of ``meeting_id``) ahead of time."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        with unit_of_work(self.sessions) as uow:
            planned = self.meetings.coming(uow, team_id, now)
            if meeting_id is not None:
                row = uow.meetings.get(team_id, meeting_id)
                if row is None or row.status == "cancelled" or row.starts_at + CATCH_UP_WINDOW < now:
                    raise Denied("meeting_not_found")
                planned = self.meetings.plan(row)
            if planned is None:
                raise Denied("meeting_not_found")
        delivery = self._publish(team_id, planned, now, by_user=user_id)
        if delivery is None:
            raise Denied("agenda_already_published")
        return delivery
