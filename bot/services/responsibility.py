"""Deciding agenda items at the meeting: someone takes responsibility (or is assigned it), or the
item gets no action, is tabled, or is "not our question". The agenda message shows it in place."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.actions import NOTE_MAX, ActionInput, validate_action
from bot.domain.agenda import SHAPED_AWAY, OtherItem
from bot.domain.meetings import planned_meetings
from bot.domain.permissions import Permission
from bot.domain.reports import ReportStatus
from bot.results.common import Denied, Rejected
from bot.results.reports import UnitChoice
from bot.results.responsibility import (
    AttendanceForm,
    AttendanceSet,
    Attendee,
    Decided,
    DecisionNotice,
    ItemStatus,
    ItemView,
    MessageUpdate,
    Minutes,
    MinutesCorrection,
    MinutesEntry,
    MinutesPoint,
    NotOursNotice,
    OutcomeForm,
    Presence,
    ResponsibilityForm,
    ResponsibilityNotice,
)
from bot.services.common import MessageBuilders, queue_message, queue_to_each
from bot.services.meetings import MeetingService
from bot.services.reports import choice, report_view
from bot.services.roles import Roles, plausible_user_id
from storage.models import Action, AgendaItem, Meeting
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)


class ResponsibilityService:
    UPDATE_ATTEMPTS = 5

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        roles: Roles,
        meetings: MeetingService,
        messages: MessageBuilders,
        tz: ZoneInfo,
    ) -> None:
        self.sessions = sessions
        self.roles = roles
        self.meetings = meetings
        self.messages = messages
        self.tz = tz

    # ------------------------------------------------------------------------------ the modal
    def form(self, team_id: str, user_id: str, meeting_id: int, number: int, *, assign: bool, now: datetime):
        """What the responsibility modal needs: the item, the units, sensible defaults. Taking it
        oneself, the owner is oneself and the unit one's own (any active unit when registered at
        none); a chair assigning chooses any active unit and anyone as owner."""
        self._may_take(team_id, user_id, assign=assign)
        with unit_of_work(self.sessions) as uow:
            item = self._open_item(uow.agenda.item(team_id, meeting_id, number))
            uow.audit.report_viewed(
                team_id=team_id, at=now, user_id=user_id, report_id=item.report_id, surface="modal"
            )
            units, own = self._offered_units(uow, team_id, user_id, assign=assign)
            suggested = item.suggested_unit_id if assign else None  # someone said "Inte vår fråga"
            return ResponsibilityForm(
                item=_item_view(item),
                units=units,
                unit_id=units[0].id if own else next((u.id for u in units if u.id == suggested), None),
                owner_user_id=None if assign else user_id,
                due_on=self._next_meeting_day(uow, team_id, item.meeting.starts_at, now),
                assign=assign,
            )

    def outcome_form(
        self, team_id: str, user_id: str, meeting_id: int, number: int, outcome: str, now: datetime
    ) -> OutcomeForm:
        """The item for "Ingen åtgärd", "Bordlägg" (chairs) or "Inte vår fråga" (participants),
        refused before any modal opens for someone who may not decide it."""
        if outcome not in ("no_action", "tabled", "not_ours"):
            raise Denied("not_allowed")
        self.roles.check(team_id, user_id, _OUTCOME_PERMISSION[outcome])
        with unit_of_work(self.sessions) as uow:
            item = self._open_item(uow.agenda.item(team_id, meeting_id, number))
            uow.audit.report_viewed(
                team_id=team_id, at=now, user_id=user_id, report_id=item.report_id, surface="modal"
            )
            return OutcomeForm(_item_view(item), tuple(choice(u) for u in uow.units.active(team_id)))

    def _may_take(self, team_id: str, user_id: str, *, assign: bool) -> None:
        self.roles.check(
            team_id, user_id, Permission.ASSIGN_ACTION if assign else Permission.TAKE_RESPONSIBILITY
        )

    @staticmethod
    def _open_item(item: AgendaItem | None) -> AgendaItem:
        """An item whose buttons someone was shown: on a published agenda of this workspace (the
        caller found it by team), its report not closed (merged away)."""
        if item is None or item.meeting.agenda_published_at is None:
            raise Denied("item_not_found")
        if item.report.status == ReportStatus.CLOSED:
            raise Denied("item_not_found")
        return item

    @staticmethod
    def _offered_units(
        uow: UnitOfWork, team_id: str, user_id: str, *, assign: bool
    ) -> tuple[tuple[UnitChoice, ...], bool]:
        """The units the modal offers, and whether that is the person's own unit alone: someone
        registered at an active unit takes responsibility for it; anyone else (and a chair
        assigning) chooses among the workspace's active units."""
        if not assign:
            member = uow.members.get(team_id, user_id)
            own = member.unit if member is not None else None
            if own is not None and own.active:
                return (choice(own),), True
        return tuple(choice(u) for u in uow.units.active(team_id)), False

    def _next_meeting_day(self, uow: UnitOfWork, team_id: str, after: datetime, now: datetime) -> date:
        """Default due date: the meeting after this one (a week on if none is planned)."""
        return self._next_meeting_at(uow, team_id, after, now).astimezone(self.tz).date()

    def _next_meeting_at(self, uow: UnitOfWork, team_id: str, after: datetime, now: datetime) -> datetime:
        """When the meeting after ``after`` starts (a week on if none is planned)."""
        start = max(after, now) + timedelta(minutes=1)
        overrides = self.meetings.overrides(uow, team_id, now)
        upcoming = planned_meetings(
            start, start + timedelta(days=120), self.meetings.schedule_for(team_id), self.tz, overrides
        )
        return upcoming[0].starts_at if upcoming else start + timedelta(days=7)

    # ------------------------------------------------------------------------------ deciding
    def take(
        self,
        team_id: str,
        user_id: str,
        item_id: int,
        action: ActionInput,
        *,
        assign: bool,
        now: datetime,
        view_id: str | None = None,
    ) -> Decided | Rejected:
        """Record an action on the item (several actors may each take one). The same modal submitted
        again (``view_id``) records nothing more. Whatever the submission holds, the unit must be one
        the modal offered this person, and someone taking responsibility takes it themself."""
        self._may_take(team_id, user_id, assign=assign)
        if not assign:
            if action.owner_user_id is None:  # the modal shows no owner select: it is oneself
                action = replace(action, owner_user_id=user_id)
            elif action.owner_user_id != user_id:
                raise Denied("take_for_yourself")
        errors = validate_action(action, today=now.astimezone(self.tz).date())
        if "owner" not in errors and not plausible_user_id(action.owner_user_id):
            errors["owner"] = "action_owner_missing"
        if errors:
            return Rejected(errors)
        if view_id is not None and self._taken_by_view(team_id, view_id):
            return Decided(None, ())
        try:
            return self._take(team_id, user_id, item_id, action, assign=assign, now=now, view_id=view_id)
        except IntegrityError:
            if view_id is not None and self._taken_by_view(team_id, view_id):
                return Decided(None, ())  # the same submit, delivered twice at once
            raise

    def _taken_by_view(self, team_id: str, view_id: str) -> bool:
        with unit_of_work(self.sessions) as uow:
            return uow.actions.created_by_view(team_id, view_id) is not None

    def _take(
        self,
        team_id: str,
        user_id: str,
        item_id: int,
        action: ActionInput,
        *,
        assign: bool,
        now: datetime,
        view_id: str | None,
    ) -> Decided | Rejected:
        with unit_of_work(self.sessions) as uow:
            item = self._open_item(uow.agenda.item_by_id(team_id, item_id))
            offered, own = self._offered_units(uow, team_id, user_id, assign=assign)
            unit = (
                uow.units.get(team_id, action.unit_id)
                if any(u.id == action.unit_id for u in offered)
                else None
            )
            if unit is None:
                log.info("action on item %s refused: unit %s was not offered", item.id, action.unit_id)
                return Rejected({"unit": "action_unit_not_yours" if own else "unit_not_offered"})
            assert action.owner_user_id is not None and action.due_on is not None
            stored = uow.agenda.add_action(
                Action(
                    team_id=team_id,
                    report_id=item.report_id,
                    agenda_item_id=item.id,
                    owner_unit_id=unit.id,
                    owner_user_id=action.owner_user_id,
                    description=action.description.strip(),
                    note=action.note.strip() or None,
                    due_on=action.due_on,
                    status="open",
                    created_by_user_id=user_id,
                    created_at=now,
                    updated_at=now,
                    slack_view_id=view_id,
                )
            )
            item.outcome, item.outcome_by_user_id = "responsibility_taken", user_id
            uow.audit.action_created(stored, by=user_id, at=now, item_id=item.id, assigned=assign)
            notice = ResponsibilityNotice(
                report=report_view(item.report),
                unit=unit.name,
                owner_user_id=action.owner_user_id,
                description=stored.description,
                due_on=stored.due_on,
                by_user_id=user_id,
            )
            keys = [
                queue_message(
                    uow,
                    team_id=team_id,
                    key=f"taken:{stored.id}",
                    kind="responsibility_taken",
                    channel=item.report.reporter_user_id,
                    message=self.messages.responsibility_taken(notice),
                    now=now,
                )
            ]
            if action.owner_user_id != user_id:
                keys.append(
                    queue_message(
                        uow,
                        team_id=team_id,
                        key=f"assigned:{stored.id}",
                        kind="action_assigned",
                        channel=action.owner_user_id,
                        message=self.messages.action_assigned(notice),
                        now=now,
                    )
                )
            update = self.refresh(uow, item)
        log.info("action %s taken on agenda item %s", stored.id, item_id)
        return Decided(update, tuple(keys))

    def decide(
        self,
        team_id: str,
        user_id: str,
        item_id: int,
        outcome: str,
        now: datetime,
        *,
        note: str = "",
        suggested_unit_id: int | None = None,
    ) -> Decided | Rejected:
        """ "Ingen åtgärd" (with a reason), "Bordlägg" (chairs), or "Inte vår fråga" (anyone; the
        chairs are told and the item stays open)."""
        if outcome not in ("no_action", "tabled", "not_ours"):
            raise Denied("not_allowed")
        self.roles.check(team_id, user_id, _OUTCOME_PERMISSION[outcome])
        note = note.strip()
        if outcome == "no_action" and not note:
            return Rejected({"note": "outcome_reason_empty"})
        if len(note) > NOTE_MAX:
            return Rejected({"note": "action_note_too_long"})
        keys: list[tuple[str, str]] = []
        with unit_of_work(self.sessions) as uow:
            item = self._open_item(uow.agenda.item_by_id(team_id, item_id))
            if outcome == "not_ours":
                suggested = (
                    uow.units.get(team_id, suggested_unit_id) if suggested_unit_id is not None else None
                )
                if suggested_unit_id is not None and (suggested is None or not suggested.active):
                    return Rejected({"suggested_unit": "unit_not_offered"})  # the modal offers active ones
                member = uow.members.get(team_id, user_id)
                item.suggested_unit_id = suggested.id if suggested is not None else None
                item.not_ours_by_user_id, item.outcome_note = user_id, note or None
                notice = NotOursNotice(
                    item=_item_view(item),
                    by_user_id=user_id,
                    by_unit=member.unit.name if member is not None and member.unit is not None else None,
                    suggested_unit=suggested.name if suggested is not None else None,
                    comment=note or None,
                )
                keys += queue_to_each(
                    uow,
                    self.roles.chairs(team_id),
                    team_id=team_id,
                    key=f"not-ours:{item.id}:{user_id}",
                    kind="not_ours",
                    message=self.messages.not_ours(notice),
                    now=now,
                )
                told = DecisionNotice(
                    report=notice.item.report,
                    outcome=outcome,
                    by_user_id=user_id,
                    by_unit=notice.by_unit,
                    note=note or None,
                    suggested_unit=notice.suggested_unit,
                )
                school_key = f"decided:{item.id}:not_ours:{user_id}"
            else:
                item.outcome, item.outcome_by_user_id, item.outcome_note = outcome, user_id, note or None
                comes_back = (
                    self._next_meeting_at(uow, team_id, item.meeting.starts_at, now)
                    if outcome == "tabled"
                    else None
                )
                told = DecisionNotice(
                    report=report_view(item.report),
                    outcome=outcome,
                    by_user_id=user_id,
                    note=note or None,
                    comes_back_at=comes_back,
                )
                school_key = f"decided:{item.id}:{outcome}"
                if outcome == "tabled":  # tabled again after an undo: the school hears it again
                    school_key = _tabled_key(uow, item)
            # The school hears every decision about its report, not only when someone takes it on.
            keys.append(
                queue_message(
                    uow,
                    team_id=team_id,
                    key=school_key,
                    kind="item_decided",
                    channel=item.report.reporter_user_id,
                    message=self.messages.item_decided(told),
                    now=now,
                )
            )
            uow.audit.item_decided(item, by=user_id, at=now, outcome=outcome)
            update = self.refresh(uow, item)
        return Decided(update, tuple(keys))

    def untable(self, team_id: str, user_id: str, meeting_id: int, number: int, now: datetime) -> Decided:
        """ "Ångra bordläggning" (chairs): the tabling is cleared, as long as the meeting's minutes
        are not out; the item is then undecided again (or stands as taken, if someone took it)."""
        self.roles.check(team_id, user_id, Permission.DECIDE_ITEM)
        with unit_of_work(self.sessions) as uow:
            item = self._open_item(uow.agenda.item(team_id, meeting_id, number))
            if item.meeting.minutes_posted_at is not None:
                raise Denied("untable_after_minutes")
            if item.outcome != "tabled":
                raise Denied("item_not_tabled")
            taken = bool(uow.agenda.actions_for_item(item.id))
            item.outcome = "responsibility_taken" if taken else "pending"
            item.outcome_by_user_id, item.outcome_note = None, None
            keys = self._tell_untabled(uow, item, user_id, now)
            uow.audit.item_untabled(item, by=user_id, at=now)
            update = self.refresh(uow, item)
        log.info("tabling of agenda item %s undone", item.id)
        return Decided(update, keys)

    def _tell_untabled(
        self, uow: UnitOfWork, item: AgendaItem, user_id: str, now: datetime
    ) -> tuple[tuple[str, str], ...]:
        """The school that was told its report was tabled hears that the tabling is undone and the
        item is back on the meeting (once per undo; nothing when no tabling DM was queued)."""
        tabled_key = _tabled_key(uow, item)
        if not uow.outbox.existing_keys(item.team_id, [tabled_key]):
            return ()
        notice = DecisionNotice(
            report=report_view(item.report),
            outcome="untabled",
            by_user_id=user_id,
            comes_back_at=item.meeting.starts_at,
        )
        key = queue_message(
            uow,
            team_id=item.team_id,
            key=f"untabled:{tabled_key}",
            kind="item_decided",
            channel=item.report.reporter_user_id,
            message=self.messages.item_decided(notice),
            now=now,
            after_key=tabled_key,  # never before the news it undoes
        )
        return (key,)

    # ------------------------------------------------------------------------------ minutes
    def minutes(self, uow: UnitOfWork, meeting_id: int) -> Minutes:
        meeting = uow.meetings.get_by_id(meeting_id)
        assert meeting is not None
        decided, carried = [], []
        # Items a chair removed or merged away are not the meeting's decisions; merged reports are
        # named under the item they went into.
        items = [item for item in uow.agenda.items(meeting_id) if item.outcome not in SHAPED_AWAY]
        merged = uow.agenda.merged_references([item.report_id for item in items])
        for item in items:
            entry = MinutesEntry(
                item.number,
                report_view(item.report),
                tuple(self.statuses(uow, item)),
                tuple(merged.get(item.report_id, ())),
            )
            (carried if item.outcome in ("pending", "tabled", "reopened") else decided).append(entry)
        present = tuple(Attendee(user, unit) for user, unit in uow.meetings.attendees(meeting_id))
        other = tuple(
            OtherItem(row.title, row.body, row.added_by_user_id) for row in uow.agenda.other_items(meeting_id)
        )
        minutes = Minutes(
            meeting.starts_at, tuple(decided), tuple(carried), present, other, meeting_id=meeting_id
        )
        corrections = tuple(
            MinutesCorrection(
                minutes.point(row.item_ref) or MinutesPoint(row.item_ref),
                row.text,
                row.corrected_by_user_id,
                row.corrected_at,
            )
            for row in uow.minutes.corrections(meeting_id)
        )
        return replace(minutes, corrections=corrections)

    # ------------------------------------------------------------------------------ attendance
    def mark_present(self, team_id: str, user_id: str, meeting_id: int, now: datetime) -> Presence:
        """ "Jag är här" on the published agenda: the person is noted as present with the actor they
        are registered at, until the minutes are out (they list who attended)."""
        self.roles.check(team_id, user_id, Permission.SEE_AGENDA)
        with unit_of_work(self.sessions) as uow:
            meeting = self._attendance_open(uow, team_id, meeting_id)
            member = uow.members.get(team_id, user_id)
            unit_id = member.unit_id if member is not None else None
            noted = uow.meetings.mark_present(meeting, user_id, unit_id, now)
            updates = self._show_attendees(uow, meeting) if noted else ()
            presence = Presence(meeting.starts_at, already=not noted, updates=updates)
        if noted:
            log.info("attendance noted for meeting %s", meeting_id)
        return presence

    def attendance_form(self, team_id: str, user_id: str, meeting_id: int) -> AttendanceForm:
        """The chair's "Närvaro…": who is noted as present now, to pre-fill the modal."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        with unit_of_work(self.sessions) as uow:
            meeting = self._attendance_open(uow, team_id, meeting_id)
            present = tuple(user for user, _ in uow.meetings.attendees(meeting_id))
            return AttendanceForm(meeting_id, meeting.starts_at, present)

    def set_attendance(
        self, team_id: str, user_id: str, meeting_id: int, users: list[str], now: datetime
    ) -> AttendanceSet:
        """The chair's list becomes exactly who attended (each with the actor they are registered
        at); those already noted stay as they were. Until the minutes are out, like "Jag är här"."""
        self.roles.check(team_id, user_id, Permission.RUN_MEETING)
        chosen = list(dict.fromkeys(u for u in users if plausible_user_id(u)))
        with unit_of_work(self.sessions) as uow:
            meeting = self._attendance_open(uow, team_id, meeting_id)
            units = {}
            for user in chosen:
                member = uow.members.get(team_id, user)
                units[user] = member.unit_id if member is not None else None
            added, removed = uow.meetings.set_attendees(meeting, units, now)
            uow.audit.attendance_set(team_id, meeting_id, by=user_id, at=now, added=added, removed=removed)
            updates = self._show_attendees(uow, meeting) if added or removed else ()
        log.info("attendance of meeting %s set: %s added, %s removed", meeting_id, len(added), len(removed))
        return AttendanceSet(len(chosen), len(added), len(removed), updates)

    def _show_attendees(self, uow: UnitOfWork, meeting: Meeting) -> tuple[MessageUpdate, ...]:
        """The published agenda's first message (in the channel, or each chair's copy), rewritten
        to show who is present now; the caller sends them with chat.update after the commit."""
        present = tuple(Attendee(user, unit) for user, unit in uow.meetings.attendees(meeting.id))
        updates = []
        for message in uow.outbox.sent_messages(meeting.team_id, f"agenda:{meeting.id}:"):
            if not message.key.endswith(":0"):
                continue
            for _ in range(self.UPDATE_ATTEMPTS):
                if not message.payload.get("blocks"):
                    break
                blocks = self.messages.with_attendees(message.payload["blocks"], present)
                text = str(message.payload.get("text", ""))
                if uow.outbox.replace_payload(message, {"text": text, "blocks": blocks}):
                    assert message.slack_channel is not None and message.slack_ts is not None
                    updates.append(MessageUpdate(message.slack_channel, message.slack_ts, text, blocks))
                    break
                uow.session.expire(message)  # someone updated the same message: read it again
        return tuple(updates)

    @staticmethod
    def _attendance_open(uow: UnitOfWork, team_id: str, meeting_id: int) -> Meeting:
        meeting = uow.meetings.get(team_id, meeting_id)
        if meeting is None or meeting.agenda_published_at is None:
            raise Denied("meeting_not_found")
        if meeting.minutes_posted_at is not None:
            raise Denied("attendance_closed")
        return meeting

    # ------------------------------------------------------------------------------ in place
    def statuses(self, uow: UnitOfWork, item: AgendaItem) -> list[ItemStatus]:
        lines = [
            ItemStatus(
                "done" if action.status == "done" else "action",
                unit=unit.name,
                user_id=action.owner_user_id,
                text=action.description,
                due_on=action.due_on,
            )
            for action, unit in uow.agenda.actions_for_item(item.id)
        ]
        if item.outcome in ("no_action", "tabled"):
            lines.append(ItemStatus(item.outcome, user_id=item.outcome_by_user_id, text=item.outcome_note))
        if item.not_ours_by_user_id is not None:
            suggested = (
                uow.units.get(item.team_id, item.suggested_unit_id) if item.suggested_unit_id else None
            )
            lines.append(
                ItemStatus(
                    "not_ours",
                    user_id=item.not_ours_by_user_id,
                    text=item.outcome_note,
                    suggested_unit=suggested.name if suggested else None,
                )
            )
        return lines

    def refresh(self, uow: UnitOfWork, item: AgendaItem) -> MessageUpdate | None:
        """Rewrite the item's lines in the published agenda message it stands in (kept in the
        outbox); the caller sends the result with chat.update after the commit."""
        if item.message_key is None:
            return None  # not published in a channel (a draft, or sent to the chairs' DMs)
        statuses = self.statuses(uow, item)
        for _ in range(self.UPDATE_ATTEMPTS):
            message = uow.outbox.sent_message(item.team_id, item.message_key)
            if message is None or not message.payload.get("blocks"):
                return None
            blocks = self.messages.with_item_status(message.payload["blocks"], item.number, statuses)
            text = str(message.payload.get("text", ""))
            if uow.outbox.replace_payload(message, {"text": text, "blocks": blocks}):
                assert message.slack_channel is not None and message.slack_ts is not None
                return MessageUpdate(message.slack_channel, message.slack_ts, text, blocks)
            uow.session.expire(message)  # someone updated the same message: read it again
        raise RuntimeError("agenda message kept changing under us")


_OUTCOME_PERMISSION = {
    "no_action": Permission.DECIDE_ITEM,
    "tabled": Permission.DECIDE_ITEM,
    "not_ours": Permission.TAKE_RESPONSIBILITY,
}


def _tabled_key(uow: UnitOfWork, item: AgendaItem) -> str:
    """The outbox key of the school's "tabled" DM for the item's current tabling: the first one
    ``decided:{item}:tabled``, after each undo a new one."""
    undone = uow.audit.count(item.team_id, "agenda_item.untabled", "agenda_item", item.id)
    return f"decided:{item.id}:tabled" + (f":{undone}" if undone else "")


def _item_view(item: AgendaItem) -> ItemView:
    return ItemView(item.id, item.meeting_id, item.number, report_view(item.report))
