"""What following up actions returns: an action as its owner sees it, a reminder, an event the
school is told of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ActionView:
    action_id: int
    reference: str
    unit: str
    owner_user_id: str | None
    description: str
    due_on: date
    status: str
    place: str
    school: str
    reporter_user_id: str
    flagged: bool = False
    outcome_note: str | None = None
    handover_to_user_id: str | None = None


@dataclass(frozen=True)
class ReminderNotice:
    action: ActionView
    kind: str  # before | due | overdue
    sequence: int
    today: date


@dataclass(frozen=True)
class ActionEvent:
    """Something that happened to an action, for whoever must hear of it."""

    action: ActionView
    kind: str  # done | deadline | handover_request | handover_accepted | handover_declined | escalated
    by_user_id: str | None = None
    previous_due_on: date | None = None
    to_unit: str | None = None
    note: str | None = None
