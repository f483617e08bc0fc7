"""Following up actions: reminders until done, new deadlines, handovers, the weekly digest, and
the answer back to the school (done, and two weeks later: is the problem solved?)."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.actions import NOTE_MAX, UNSOLVED_REASON_MAX
from bot.domain.permissions import Permission
from bot.domain.reminders import (
    DigestSettings,
    Reminder,
    ReminderRules,
    current_reminder,
    next_reminder_day,
    should_escalate,
    solved_check_at,
)
from bot.domain.reports import ReportStatus
from bot.results.actions import ActionEvent, ActionView, ReminderNotice
from bot.results.common import Denied, Message, Rejected
from bot.results.responsibility import Decided
from bot.services.common import MessageBuilders, end_of_day, queue_message, queue_to_each
from bot.services.outbox import Claimed, Rewritten
from bot.services.reports import choice
from bot.services.responsibility import ResponsibilityService
from bot.services.roles import Roles, plausible_user_id
from storage.models import Action, AgendaItem, Unit
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

LISTED_MAX = 25  # cards in a list message drawn again (a digest or /orat mina shows at most 20)


ACTION_VIEW_FIELDS = tuple(ActionView.__dataclass_fields__)


class ActionService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        roles: Roles,
        responsibility: ResponsibilityService,
        messages: MessageBuilders,
        tz: ZoneInfo,
        rules: ReminderRules,
        digest: DigestSettings,
    ) -> None:
        self.sessions = sessions
        self.roles = roles
        self.responsibility = responsibility
        self.messages = messages
        self.tz = tz
        # The environment's (ORAT_REMIND_*, ORAT_DIGEST); each workspace may have its own.
        self.rules = rules
        self.digest_settings = digest

    def rules_for(self, team_id: str) -> ReminderRules:
        """The workspace's reminder rules (the environment's unless it set its own)."""
        return self.roles.configured(team_id).reminders

    def digest_for(self, team_id: str) -> DigestSettings:
        return self.roles.configured(team_id).digest

    # ------------------------------------------------------------------------------ reading
    @staticmethod
    def view(action: Action, unit: Unit) -> ActionView:
        report = action.report
        return ActionView(
            action_id=action.id,
            reference=report.reference,
            unit=unit.name,
            owner_user_id=action.owner_user_id,
            description=action.description,
            due_on=action.due_on,
            status=action.status,
            place=report.place,
            school=report.unit.name,
            reporter_user_id=report.reporter_user_id,
            flagged=action.flagged,
            outcome_note=action.outcome_note,
            handover_to_user_id=action.handover_to_user_id,
        )

    def for_owner(self, team_id: str, user_id: str, action_id: int) -> tuple[ActionView, tuple]:
        """The action (for its owner or a chair) and the units it could be handed over to."""
        with unit_of_work(self.sessions) as uow:
            action, unit = self._own(uow, team_id, user_id, action_id)
            return self.view(action, unit), tuple(choice(u) for u in uow.units.active(team_id))

    def mine(self, team_id: str, user_id: str) -> list[ActionView]:
        """``/orat mina``: my open actions, soonest due first."""
        with unit_of_work(self.sessions) as uow:
            return [self.view(a, u) for a, u in uow.actions.open_for_owner(team_id, user_id)]

    def as_changed(self, team_id: str, action_id: int) -> ActionView | None:
        """The action as it is now, to show in the message a change was just made from (the
        change itself checked who may make it)."""
        with unit_of_work(self.sessions) as uow:
            found = uow.actions.get(team_id, action_id)
            return self.view(*found) if found is not None else None

    def as_listed(self, team_id: str, action_ids: list[int]) -> dict[int, ActionView | None]:
        """The actions of a list message (a digest, ``/orat mina``) as they are now, to draw it
        again after one of them was changed from it; at most ``LISTED_MAX``."""
        with unit_of_work(self.sessions) as uow:
            found = {n: uow.actions.get(team_id, n) for n in dict.fromkeys(action_ids[:LISTED_MAX])}
            return {n: self.view(*row) if row is not None else None for n, row in found.items()}

    # ------------------------------------------------------------------------------ scheduled
    def remind(self, team_id: str, at: datetime) -> dict[str, int]:
        """Queue each open action's current reminder (once per action, due date and round) and tell
        the chairs about actions still overdue after repeated reminders.

        Only actions whose ``next_reminder_on`` has come are read, and each gets its next day
        back: a minute with nothing due costs one indexed query, whatever the number of actions."""
        today = self._reminder_day(team_id, at)
        rules = self.rules_for(team_id)
        with unit_of_work(self.sessions) as uow:
            due = uow.actions.reminders_due(team_id, today)
            if not due:
                return {"reminders": 0, "escalations": 0}
            chairs = self.roles.chairs(team_id)
            next_days: dict[int, date] = {}
            wanted: list[tuple[str, str, str, ActionView, Reminder, bool]] = []
            # Many actions share a due date and a creation day: each pair's days are worked out once.
            days_for: dict[tuple[date, date], tuple[date, Reminder | None]] = {}
            for row in due:
                created_on = row.created_at.astimezone(self.tz).date()
                pair = (row.due_on, created_on)
                if pair not in days_for:
                    days_for[pair] = (
                        next_reminder_day(row.due_on, created_on, today, rules),
                        current_reminder(row.due_on, created_on, today, rules),
                    )
                next_days[row.action_id], reminder = days_for[pair]
                if reminder is None or row.owner_user_id is None:
                    continue
                mapping = row._mapping  # built anew on each access
                view = ActionView(**{name: mapping[name] for name in ACTION_VIEW_FIELDS})
                key = reminder.key(row.action_id, row.due_on)
                wanted.append((key, "reminder", row.owner_user_id, view, reminder, False))
                if should_escalate(reminder, rules):
                    for chair in chairs:
                        key = f"escalation:{row.action_id}:{row.due_on.isoformat()}:{chair}"
                        wanted.append((key, "escalation", chair, view, reminder, True))
            uow.actions.set_next_reminders(next_days)
            existing = uow.outbox.existing_keys(team_id, [w[0] for w in wanted])
            # A reminder is worded when it is sent, from the action as it is then (``refresh_reminder``,
            # as for one sent a day late): the sweep only claims it, and a Monday with thousands of
            # reminders builds no Block Kit while it holds the actions' rows.
            messages = [
                {
                    "key": key,
                    "kind": kind,
                    "channel": channel,
                    "payload": _payload(self.messages.action_event(ActionEvent(view, "escalated")))
                    if escalation
                    else {"text": ""},
                    "stale_at": None if escalation else at,
                }
                for key, kind, channel, view, reminder, escalation in wanted
                if key not in existing
            ]
            added = uow.outbox.add_many(team_id, messages, at)
            escalated = {
                view.action_id for key, _, _, view, _, escalation in wanted if escalation and key in added
            }
            uow.actions.flag_many(sorted(escalated))
            reminders = sum(1 for key, *_, escalation in wanted if not escalation and key in added)
            escalations = sum(1 for key, *_, escalation in wanted if escalation and key in added)
        return {"reminders": reminders, "escalations": escalations}

    def _reminder_day(self, team_id: str, at: datetime) -> date:
        """The day whose reminders are due at ``at``: before the reminder time, still yesterday's."""
        local = at.astimezone(self.tz)
        at_time = self.rules_for(team_id).at
        return local.date() if local.time() >= at_time else local.date() - timedelta(days=1)

    def reminder_day(self, team_id: str, at: datetime) -> date:
        """The day whose reminders ``remind`` looks for at ``at`` (for the scheduler's look at all teams)."""
        return self._reminder_day(team_id, at)

    def digest_week(self, team_id: str, at: datetime) -> tuple[int, int] | None:
        """The ISO (year, week) whose digests are due at ``at``; None when it is not digest day."""
        local = at.astimezone(self.tz)
        weekly = self.digest_for(team_id)
        if local.weekday() != weekly.weekday or local.time() < weekly.at:
            return None
        year, week, _ = local.isocalendar()
        return year, week

    def send_digests(self, team_id: str, at: datetime) -> int:
        """The weekly personal list of open actions (default Monday 08:00), once per person and week.
        Only on that day: a digest caught up on Thursday would list what the reminders already said."""
        local = at.astimezone(self.tz)
        due_week = self.digest_week(team_id, at)
        if due_week is None:
            return 0
        year, week = due_week
        with unit_of_work(self.sessions) as uow:
            # The rest of the day's minutes find every owner's digest queued and read no actions.
            keys = {
                owner: digest_key(owner, year, week)
                for owner in uow.actions.owners_with_open_actions(team_id)
            }
            existing = uow.outbox.existing_keys(team_id, list(keys.values()))
            waiting = sorted(owner for owner, key in keys.items() if key not in existing)
            by_owner: dict[str, list[ActionView]] = {}
            for action, unit in uow.actions.open_for_owners(team_id, waiting):
                by_owner.setdefault(action.owner_user_id or "", []).append(self.view(action, unit))
            digests = [
                {
                    "key": keys[owner],
                    "kind": "digest",
                    "channel": owner,
                    "payload": _payload(
                        self.messages.digest(
                            sorted(actions, key=lambda a: (a.due_on, a.action_id)), local.date()
                        )
                    ),
                    "stale_at": end_of_day(local.date(), self.tz),
                }
                for owner, actions in sorted(by_owner.items())
            ]
            # Counted only when this process queued it: another scheduler may have been first.
            return len(uow.outbox.add_many(team_id, digests, at))

    # ------------------------------------------------------------------------------ the owner's buttons
    def _own(
        self,
        uow: UnitOfWork,
        team_id: str,
        user_id: str,
        action_id: int,
        permission: Permission = Permission.CHANGE_ACTION,
    ) -> tuple[Action, Unit]:
        found = uow.actions.get(team_id, action_id)
        if found is None:
            raise Denied("action_not_found")
        action, unit = found
        if action.status != "open":
            raise Denied("action_closed")
        self.roles.require(uow.session, team_id, user_id, permission, action=action)
        return action, unit

    def done(
        self, team_id: str, user_id: str, action_id: int, note: str, now: datetime
    ) -> Decided | Rejected:
        """Klar: the outcome note is required; the school is told, and asked in two weeks."""
        note = note.strip()
        if not note:
            return Rejected({"note": "done_note_empty"})
        if len(note) > NOTE_MAX:
            return Rejected({"note": "action_note_too_long"})
        with unit_of_work(self.sessions) as uow:
            action, unit = self._own(uow, team_id, user_id, action_id, Permission.CLOSE_ACTION)
            action.status, action.outcome_note, action.done_at, action.updated_at = "done", note, now, now
            action.handover_to_user_id = action.handover_unit_id = action.handover_note = None
            _drop_waiting_reminders(uow, team_id, action.id)
            view = self.view(action, unit)
            keys = [
                queue_message(
                    uow,
                    team_id=team_id,
                    key=f"done:{action.id}",
                    kind="action_done",
                    channel=view.reporter_user_id,
                    message=self.messages.action_event(ActionEvent(view, "done", user_id, note=note)),
                    now=now,
                ),
                self._solved_check(uow, team_id, view, now),
            ]
            uow.audit.action_done(action, by=user_id, at=now)
            update = self._refresh(uow, action)
        return Decided(update, tuple(keys))

    def _solved_check(
        self, uow: UnitOfWork, team_id: str, view: ActionView, now: datetime
    ) -> tuple[str, str]:
        key = f"solved-check:{view.action_id}"
        uow.outbox.add(
            team_id=team_id,
            key=key,
            kind="solved_check",
            channel=view.reporter_user_id,
            payload=_payload(self.messages.solved_check(view)),
            not_before=solved_check_at(now, self.tz, self.rules_for(team_id)),
            now=now,
        )
        return (team_id, key)

    def new_deadline(self, team_id: str, user_id: str, action_id: int, due_on: date | None, now: datetime):
        if due_on is None:
            return Rejected({"due_on": "action_due_missing"})
        if due_on < now.astimezone(self.tz).date():
            return Rejected({"due_on": "action_due_in_past"})
        with unit_of_work(self.sessions) as uow:
            action, unit = self._own(uow, team_id, user_id, action_id)
            previous = action.due_on
            action.due_on, action.flagged, action.updated_at = due_on, False, now
            _drop_waiting_reminders(uow, team_id, action.id)
            view = self.view(action, unit)
            message = self.messages.action_event(
                ActionEvent(view, "deadline", user_id, previous_due_on=previous)
            )
            keys = queue_to_each(
                uow,
                self.roles.chairs(team_id),
                team_id=team_id,
                key=f"deadline:{action.id}:{due_on.isoformat()}",
                kind="deadline_changed",
                message=message,
                now=now,
            )
            uow.audit.deadline_changed(action, by=user_id, at=now)
            update = self._refresh(uow, action)
        return Decided(update, tuple(keys))

    def hand_over(
        self,
        team_id: str,
        user_id: str,
        action_id: int,
        to_user_id: str | None,
        to_unit_id: int | None,
        note: str,
        now: datetime,
    ) -> Decided | Rejected:
        """Lämna över: the receiver gets the action only when they accept it."""
        if not plausible_user_id(to_user_id):
            return Rejected({"to_user": "handover_user_missing"})
        with unit_of_work(self.sessions) as uow:
            action, unit = self._own(uow, team_id, user_id, action_id)
            if to_user_id == action.owner_user_id:
                return Rejected({"to_user": "handover_same_owner"})
            to_unit = uow.units.get(team_id, to_unit_id) if to_unit_id is not None else None
            if to_unit_id is not None and (to_unit is None or not to_unit.active):
                return Rejected({"to_unit": "unit_not_offered"})  # the modal offers the active units
            if (action.handover_to_user_id, action.handover_unit_id) == (
                to_user_id,
                to_unit.id if to_unit else None,
            ):
                return Decided(None, ())  # the same request, delivered again: it is already sent
            round_ = uow.audit.handover_requests(action) + 1
            action.handover_to_user_id, action.handover_unit_id = to_user_id, to_unit.id if to_unit else None
            action.handover_note, action.updated_at = note.strip() or None, now
            view = self.view(action, unit)
            event = ActionEvent(
                view,
                "handover_request",
                user_id,
                to_unit=to_unit.name if to_unit else None,
                note=action.handover_note,
            )
            key = queue_message(
                uow,
                team_id=team_id,
                # One message per request: the same submit delivered again finds it queued.
                key=f"handover:{action.id}:{to_user_id}:{round_}",
                kind="handover_request",
                channel=to_user_id,
                message=self.messages.action_event(event),
                now=now,
            )
            uow.audit.handover_requested(action, by=user_id, at=now)
        return Decided(None, (key,))

    def answer_handover(
        self, team_id: str, user_id: str, action_id: int, accept: bool, now: datetime
    ) -> Decided:
        with unit_of_work(self.sessions) as uow:
            found = uow.actions.get(team_id, action_id)
            if found is None or found[0].handover_to_user_id != user_id or found[0].status != "open":
                raise Denied("handover_not_yours")
            action, unit = found
            previous_owner = action.owner_user_id
            if accept:
                _drop_waiting_reminders(uow, team_id, action.id)
                if action.handover_unit_id is not None:
                    new_unit = uow.units.get(team_id, action.handover_unit_id)
                    if new_unit is not None:
                        action.owner_unit_id, unit = new_unit.id, new_unit
                action.owner_user_id, action.flagged = user_id, False
            action.handover_to_user_id = action.handover_unit_id = action.handover_note = None
            action.updated_at = now
            view = self.view(action, unit)
            kind = "handover_accepted" if accept else "handover_declined"
            keys = []
            if previous_owner is not None:
                keys.append(
                    queue_message(
                        uow,
                        team_id=team_id,
                        key=f"{kind}:{action.id}:{now.isoformat()}",
                        kind=kind,
                        channel=previous_owner,
                        message=self.messages.action_event(ActionEvent(view, kind, user_id)),
                        now=now,
                    )
                )
            uow.audit.handover_answered(action, by=user_id, at=now, accepted=accept)
            update = self._refresh(uow, action) if accept else None
        return Decided(update, tuple(keys))

    # ------------------------------------------------------------------------------ the school's answer
    def _to_answer(self, uow: UnitOfWork, team_id: str, user_id: str, action_id: int) -> tuple[Action, Unit]:
        """The action whose "Är problemet löst?" ``user_id`` may answer now."""
        found = uow.actions.get(team_id, action_id)
        if found is None:
            raise Denied("action_not_found")
        action, unit = found
        self.roles.require(uow.session, team_id, user_id, Permission.ANSWER_SOLVED, action=action)
        if action.solved is not None:
            raise Denied("already_answered")
        if action.status != "done":
            raise Denied("not_asked_yet")  # the question comes two weeks after Klar
        return action, unit

    def solved_question(self, team_id: str, user_id: str, action_id: int) -> ActionView:
        """The action whose "Är problemet löst?" ``user_id`` is about to answer Nej to (nothing changes)."""
        with unit_of_work(self.sessions) as uow:
            return self.view(*self._to_answer(uow, team_id, user_id, action_id))

    def answer_solved(
        self, team_id: str, user_id: str, action_id: int, solved: bool, now: datetime, reason: str = ""
    ) -> ActionView:
        """Ja: noted. Nej: the item comes back on the next agenda (as reopened), with the school's
        optional ``reason`` in its history."""
        reason = reason.strip()
        if len(reason) > UNSOLVED_REASON_MAX:
            raise Denied("solved_reason_too_long")
        with unit_of_work(self.sessions) as uow:
            action, unit = self._to_answer(uow, team_id, user_id, action_id)
            action.solved, action.updated_at = solved, now
            if not solved:
                action.unsolved_reason = reason or None
                item: AgendaItem | None = uow.agenda.latest_item(action.report_id)
                if item is not None:
                    item.outcome = "reopened"
                action.report.status = ReportStatus.ON_AGENDA
            uow.audit.solved_answered(action, by=user_id, at=now, solved=solved)
            return self.view(action, unit)

    def heard_again_at(self, team_id: str, now: datetime) -> datetime:
        """The meeting a report reopened ``now`` comes up at: the one a report filed now would."""
        with unit_of_work(self.sessions) as uow:
            return self.responsibility.meetings.slot(uow, team_id, now).starts_at

    # ------------------------------------------------------------------------------ sent late
    def refresh_reminder(self, uow: UnitOfWork, message: Claimed, now: datetime) -> Rewritten | None:
        """A reminder that could not go out on its day, worded as of ``now``; None when it is moot
        (the action is done, has another date or owner)."""
        found = uow.actions.get(message.team_id, int(message.key.split(":")[1]))
        if found is None:
            return None
        action, unit = found
        today = self._reminder_day(message.team_id, now)
        created_on = action.created_at.astimezone(self.tz).date()
        current = current_reminder(action.due_on, created_on, today, self.rules_for(message.team_id))
        if (
            action.status != "open"
            or action.owner_user_id != message.channel
            or current is None
            or current.key(action.id, action.due_on) != message.key
        ):
            # Moot, or another reminder is the one that matters now: the sweep sends that one.
            return None
        notice = ReminderNotice(self.view(action, unit), current.kind, current.sequence, today)
        return Rewritten(self.messages.reminder(notice), stale_at=end_of_day(today, self.tz))

    def refresh_digest(self, uow: UnitOfWork, message: Claimed, now: datetime) -> Rewritten | None:
        """A weekly digest that could not go out on its day: the open actions as of ``now``; None
        when there are none, or when a newer week's digest is already there."""
        local = now.astimezone(self.tz)
        today = local.date()
        year, week, _ = local.isocalendar()
        this_week = digest_key(message.channel, year, week)
        if this_week != message.key and uow.outbox.existing_keys(message.team_id, [this_week]):
            return None
        views = sorted(
            (self.view(a, u) for a, u in uow.actions.open_for_owner(message.team_id, message.channel)),
            key=lambda a: (a.due_on, a.action_id),
        )
        if not views:
            return None
        late_from = message.due_at.astimezone(self.tz).date()
        digest = self.messages.digest(views, today, late_from=late_from)
        return Rewritten(digest, stale_at=end_of_day(today, self.tz))

    # ------------------------------------------------------------------------------ helpers
    def _refresh(self, uow: UnitOfWork, action: Action):
        if action.agenda_item_id is None:
            return None
        item = uow.agenda.item_by_id(action.team_id, action.agenda_item_id)
        return self.responsibility.refresh(uow, item) if item is not None else None


def digest_key(owner: str, year: int, week: int) -> str:
    """One digest per person and ISO week."""
    return f"digest:{owner}:{year}-W{week:02d}"


def _drop_waiting_reminders(uow: UnitOfWork, team_id: str, action_id: int) -> None:
    """Reminders and escalations of the action still waiting to be sent (Slack was down) no longer
    say what is true once it is done, has a new date or a new owner."""
    for prefix in (f"reminder:{action_id}:", f"escalation:{action_id}:"):
        uow.outbox.drop_pending(team_id, prefix, reason="superseded")


def _payload(message: Message) -> dict:
    return {"text": message.text, "blocks": message.blocks}
