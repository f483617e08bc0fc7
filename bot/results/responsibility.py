"""Deciding agenda items: the item and its modals, each item's status line, the minutes, and who
is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.domain.agenda import OtherItem
from bot.results.common import ReportView
from bot.results.reports import UnitChoice


@dataclass(frozen=True)
class ItemView:
    item_id: int
    meeting_id: int
    number: int
    report: ReportView


@dataclass(frozen=True)
class ResponsibilityForm:
    item: ItemView
    units: tuple[UnitChoice, ...]
    unit_id: int | None
    owner_user_id: str | None
    due_on: date
    assign: bool


@dataclass(frozen=True)
class OutcomeForm:
    """What the "Ingen åtgärd" and "Inte vår fråga" modals need: the item and the units a better
    actor may be suggested from."""

    item: ItemView
    units: tuple[UnitChoice, ...]


@dataclass(frozen=True)
class ItemStatus:
    """One line under an agenda item: an action taken, or what else the meeting decided."""

    kind: str  # action | no_action | tabled | not_ours
    unit: str | None = None
    user_id: str | None = None
    text: str | None = None
    due_on: date | None = None
    suggested_unit: str | None = None


@dataclass(frozen=True)
class MinutesEntry:
    number: int
    report: ReportView
    statuses: tuple[ItemStatus, ...]
    merged_references: tuple[str, ...] = ()  # reports merged into this one (by a reviewer or a chair)


@dataclass(frozen=True)
class Attendee:
    """Someone present at the meeting, and the actor they are registered at (None: none)."""

    user_id: str
    unit: str | None


@dataclass(frozen=True)
class Presence:
    """The answer to "Jag är här": noted now, or already noted earlier."""

    meeting_starts_at: datetime
    already: bool
    updates: tuple[MessageUpdate, ...] = ()  # the published agenda, showing who is present


@dataclass(frozen=True)
class AttendanceForm:
    """The chair's "Närvaro…" modal: who is noted as present at the meeting now."""

    meeting_id: int
    meeting_starts_at: datetime
    present: tuple[str, ...]


@dataclass(frozen=True)
class AttendanceSet:
    """What the chair's attendance list changed: how many are present now, added and removed."""

    present: int
    added: int
    removed: int
    updates: tuple[MessageUpdate, ...] = ()  # the published agenda, showing who is present


@dataclass(frozen=True)
class MinutesPoint:
    """What a correction of the minutes concerns: ``ref`` "general" (Allmänt), "present"
    (Närvarande), "other" (Övrigt) or "item:<number>" (an item, with its report's reference)."""

    ref: str
    number: int | None = None
    reference: str | None = None


@dataclass(frozen=True)
class MinutesCorrection:
    """A chair's correction of posted minutes, shown under "Rättelse"; the original stays."""

    point: MinutesPoint
    text: str
    by_user_id: str
    at: datetime


@dataclass(frozen=True)
class Minutes:
    meeting_starts_at: datetime
    decided: tuple[MinutesEntry, ...]
    carried: tuple[MinutesEntry, ...]  # no decision, or tabled: back on the next agenda
    present: tuple[Attendee, ...] = ()  # "Närvarande", in the order they marked it
    other: tuple[OtherItem, ...] = ()  # the chairs' own items, "Övrigt"
    meeting_id: int | None = None  # None: no "Rätta protokollet" button
    corrections: tuple[MinutesCorrection, ...] = ()  # "Rättelse", oldest first

    def points(self) -> tuple[MinutesPoint, ...]:
        """What a correction may concern, in the order the minutes show it."""
        items = sorted([*self.decided, *self.carried], key=lambda e: e.number)
        return (
            MinutesPoint("general"),
            MinutesPoint("present"),
            *(MinutesPoint(f"item:{e.number}", e.number, e.report.reference) for e in items),
            MinutesPoint("other"),
        )

    def point(self, ref: str) -> MinutesPoint | None:
        return next((p for p in self.points() if p.ref == ref), None)


@dataclass(frozen=True)
class CorrectionForm:
    """The "Rätta protokollet" modal: the meeting and the points a correction may concern."""

    meeting_id: int
    meeting_starts_at: datetime
    points: tuple[MinutesPoint, ...]


@dataclass(frozen=True)
class MinutesCorrected:
    """A correction stored: the posted minutes, rewritten with it (chat.update after the commit)."""

    updates: tuple[MessageUpdate, ...]


@dataclass(frozen=True)
class MessageUpdate:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]


@dataclass(frozen=True)
class MovedItem:
    """An item a chair moved off the draft to the next meeting, and the chairs' drafts rewritten."""

    number: int
    updates: tuple[MessageUpdate, ...]


@dataclass(frozen=True)
class Shaped:
    """An agenda a chair changed (an item removed, merged, or added under "Övrigt"): every chair's
    draft, or the published agenda, rewritten in place; and whoever is told (outbox keys)."""

    number: int | None
    updates: tuple[MessageUpdate, ...]
    notification_keys: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ResponsibilityNotice:
    """The reporter's (or an assigned owner's) message about an action."""

    report: ReportView
    unit: str
    owner_user_id: str
    description: str
    due_on: date
    by_user_id: str


@dataclass(frozen=True)
class NotOursNotice:
    item: ItemView
    by_user_id: str
    by_unit: str | None
    suggested_unit: str | None
    comment: str | None


@dataclass(frozen=True)
class DecisionNotice:
    """What the school is told when the meeting decides its report without an action: no action
    (with the reason), tabled (and when it comes back), or an actor saying it is not theirs."""

    report: ReportView
    outcome: str  # no_action | tabled | not_ours
    by_user_id: str
    by_unit: str | None = None
    note: str | None = None
    comes_back_at: datetime | None = None  # tabled: the meeting it is heard at next
    suggested_unit: str | None = None  # not_ours
    merged_into: str | None = None  # merged (by a chair): the main report's reference


@dataclass(frozen=True)
class Decided:
    update: MessageUpdate | None
    notification_keys: tuple[tuple[str, str], ...]
