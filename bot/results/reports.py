"""What the report modal is built from: the units to choose among and the form's contents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.meetings import MeetingSlot
from bot.domain.permissions import GuestCheck
from bot.domain.vocabulary import MALMO, Vocabulary
from bot.results.common import ReportView
from bot.results.home import MyReport


@dataclass(frozen=True)
class UnitChoice:
    id: int
    name: str
    kind: str
    area: str | None


@dataclass(frozen=True)
class ReportForm:
    """Everything the report modal needs, so the handler does no lookups of its own."""

    units: tuple[UnitChoice, ...]
    remembered_unit: UnitChoice | None
    meeting: MeetingSlot
    today: date
    description: str
    draft_id: int | None = None
    overflow_length: int | None = None
    # When editing a returned report: its id, current values and the reviewer's question.
    editing: ReportView | None = None
    question: str | None = None
    category: str | None = None
    # The reporter's unit (or its area) has reported places before: the form offers them.
    earlier_places: bool = False
    guest_check: GuestCheck | None = None  # carried to the submit (``Roles.recall``)
    # The workspace's areas and categories: the active ones are offered.
    vocabulary: Vocabulary = MALMO


@dataclass(frozen=True)
class PhotoLine:
    """A photo on a report as ``/orat rapport`` lists it: its name and, once the bot has copied it
    into the meeting channel, the copy's link."""

    name: str
    link: str | None = None


@dataclass(frozen=True)
class ReportCard:
    """``/orat rapport``: the report, and where it stands in the same words as the Home tab."""

    report: ReportView
    followed: MyReport
    photos: tuple[PhotoLine, ...] = ()
