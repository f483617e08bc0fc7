"""Actions (åtgärder): what an actor committed to at the meeting, with a due date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ACTION_MAX = 1000
NOTE_MAX = 1000
UNSOLVED_REASON_MAX = 300  # the school's answer to "Vad är fortfarande ett problem?"
_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")

# What a meeting can decide about an item (besides someone taking responsibility).
OUTCOMES = ("no_action", "tabled", "not_ours")


@dataclass(frozen=True)
class ActionInput:
    unit_id: int | None
    owner_user_id: str | None
    description: str
    due_on: date | None
    note: str


def validate_action(action: ActionInput, *, today: date) -> dict[str, str]:
    """``{field: error_code}``; empty when the action may be stored."""
    errors: dict[str, str] = {}
    if action.unit_id is None:
        errors["unit"] = "action_unit_missing"
    if action.owner_user_id is None or not _USER.match(action.owner_user_id):
        errors["owner"] = "action_owner_missing"
    if not action.description.strip():
        errors["description"] = "action_description_empty"
    elif len(action.description) > ACTION_MAX:
        errors["description"] = "action_description_too_long"
    if action.due_on is None:
        errors["due_on"] = "action_due_missing"
    elif action.due_on < today:
        errors["due_on"] = "action_due_in_past"
    if len(action.note) > NOTE_MAX:
        errors["note"] = "action_note_too_long"
    return errors
