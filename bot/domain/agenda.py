"""Compiling the agenda (dagordning): a pure function over plain data.

New reports are grouped by city area, then category; a follow-up section (uppföljning) brings back
open actions (overdue first) and items carried over from earlier meetings; a repeat signal marks a
place or school that has had several reports of the same category within six weeks. Item numbers
are stable: numbers already given at this meeting are kept, new items get the next ones.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.domain.places import normalise_place
from bot.domain.rounds import RoundCoverage
from bot.domain.vocabulary import AREA, CATEGORY, MALMO, Vocabulary

REPEAT_WINDOW = timedelta(weeks=6)
CITY_WIDE = "Hela staden"  # units without a city area


@dataclass(frozen=True)
class AgendaReport:
    report_id: int
    reference: str
    category: str
    unit_id: int
    unit_name: str
    area: str | None
    place: str
    occurred_on: date
    occurred_time: time | None
    description: str
    recurring: bool
    created_at: datetime
    reporter_user_id: str
    unreviewed: bool = False  # the education chief had not reviewed it by the cutoff
    merged_references: tuple[str, ...] = ()  # duplicates merged into this one
    occurrences: int = 0  # occurrences added to it (the same event or problem reported again)
    occurrences_since: date | None = None  # the earliest date of it and of them
    photos: int = 0  # images attached in the form (copied into the item's thread when published)


@dataclass(frozen=True)
class PastReport:
    """Enough of an earlier report to count repeats."""

    report_id: int
    unit_id: int
    unit_name: str
    place: str
    category: str
    created_at: datetime


@dataclass(frozen=True)
class PastDecision:
    """What an earlier meeting decided about the item: ``outcome`` tabled | no_action | not_ours
    (``by_user_id`` said so, suggesting ``suggested_unit``) | undecided; ``note`` the reason."""

    meeting_starts_at: datetime
    outcome: str
    note: str | None = None
    by_user_id: str | None = None
    suggested_unit: str | None = None

    @property
    def at(self) -> datetime:
        return self.meeting_starts_at


@dataclass(frozen=True)
class PastAction:
    """An action taken on the item earlier, and how it went."""

    owner_unit: str
    owner_user_id: str | None
    description: str
    due_on: date
    created_at: datetime
    status: str  # open | done | cancelled
    done_at: datetime | None = None
    outcome_note: str | None = None

    @property
    def at(self) -> datetime:
        return self.created_at


@dataclass(frozen=True)
class Reopened:
    """The school answered Nej to "Är problemet löst?" (``reason``: what is still a problem)."""

    at: datetime
    reason: str | None = None


HistoryEntry = PastDecision | PastAction | Reopened
HISTORY_SHOWN = 3  # entries shown on the agenda; older ones are counted


def item_history(
    decisions: Iterable[PastDecision],
    actions: Iterable[PastAction],
    reopenings: Iterable[Reopened] = (),
) -> tuple[HistoryEntry, ...]:
    """Everything that happened to an item before, newest first."""
    entries: list[HistoryEntry] = [*decisions, *actions, *reopenings]
    return tuple(sorted(entries, key=lambda e: e.at, reverse=True))


def recent_history(
    history: Sequence[HistoryEntry], shown: int = HISTORY_SHOWN
) -> tuple[tuple[HistoryEntry, ...], int]:
    """The newest ``shown`` entries, and how many older ones there are besides."""
    return tuple(history[:shown]), max(len(history) - shown, 0)


@dataclass(frozen=True)
class CarriedOver:
    report: AgendaReport
    reason: str  # "tabled" (bordlagd) | "undecided" | "reopened"
    previous_meeting: datetime
    history: tuple[HistoryEntry, ...] = ()  # newest first


@dataclass(frozen=True)
class OpenAction:
    action_id: int
    reference: str
    owner_unit: str
    owner_user_id: str | None
    description: str
    due_on: date
    status_note: str | None = None
    flagged: bool = False  # repeatedly overdue: the chairs were told


@dataclass(frozen=True)
class RepeatSignal:
    ordinal: int  # this is the n:th report
    category: str
    where: str


@dataclass(frozen=True)
class AgendaItem:
    number: int
    report: AgendaReport
    repeat: RepeatSignal | None = None
    carried: CarriedOver | None = None


@dataclass(frozen=True)
class OtherItem:
    """An item of a chair's own, under "Övrigt" (no report behind it)."""

    title: str
    body: str | None
    added_by: str


@dataclass(frozen=True)
class CategoryGroup:
    category: str
    items: tuple[AgendaItem, ...]


@dataclass(frozen=True)
class AreaSection:
    area: str
    groups: tuple[CategoryGroup, ...]


@dataclass(frozen=True)
class Agenda:
    meeting_starts_at: datetime
    today: date
    actions: tuple[OpenAction, ...]  # overdue first, then by due date
    carried: tuple[AgendaItem, ...]
    areas: tuple[AreaSection, ...]
    new_count: int = 0
    overdue_count: int = 0
    numbers: Mapping[int, int] = field(default_factory=dict)  # report id → item number
    other: tuple[OtherItem, ...] = ()  # the chairs' own items, "Övrigt", last
    coverage: RoundCoverage | None = None  # the weekly round's answers, when it went out

    @property
    def items(self) -> list[AgendaItem]:
        """Every numbered item, in the order it is shown."""
        return [*self.carried, *(i for a in self.areas for g in a.groups for i in g.items)]

    @property
    def is_empty(self) -> bool:
        return not self.actions and not self.carried and not self.areas and not self.other


def place_key(text: str) -> str:
    """A place as typed, made comparable: case, punctuation, spacing and the common abbreviations
    do not matter ("Bakom idrottsh." is "bakom idrottshallen"; ``bot.domain.places``)."""
    return normalise_place(text)


def swedish_ordinal(n: int) -> str:
    """2:a, 3:e, 21:a, 11:e — the colon form used in Swedish running text."""
    return f"{n}:a" if n % 10 in (1, 2) and n % 100 not in (11, 12) else f"{n}:e"


class _Timeline:
    """Creation times of past reports per (category, school) and (category, place), sorted, so a
    window is counted by bisection: compiling stays fast with years of history."""

    def __init__(self, history: Sequence[PastReport]) -> None:
        self.by_unit: dict[tuple[str, int], list[datetime]] = {}
        self.by_place: dict[tuple[str, str], list[datetime]] = {}
        self.own: dict[int, tuple[str, int, str, datetime]] = {}
        for past in history:
            key = place_key(past.place)
            self.by_unit.setdefault((past.category, past.unit_id), []).append(past.created_at)
            self.by_place.setdefault((past.category, key), []).append(past.created_at)
            self.own[past.report_id] = (past.category, past.unit_id, key, past.created_at)
        for times in (*self.by_unit.values(), *self.by_place.values()):
            times.sort()

    @staticmethod
    def _within(times: list[datetime], start: datetime, end: datetime) -> int:
        return bisect_right(times, end) - bisect_left(times, start)

    def counts(self, report: AgendaReport, key: str) -> tuple[int, int]:
        """Earlier reports of the same category at the same school, and at the same place, within
        the window that ends when ``report`` was filed (the report itself not counted)."""
        start, end = report.created_at - REPEAT_WINDOW, report.created_at
        same_unit = self._within(self.by_unit.get((report.category, report.unit_id), []), start, end)
        same_place = self._within(self.by_place.get((report.category, key), []), start, end)
        own = self.own.get(report.report_id)
        if own is not None and own[0] == report.category and start <= own[3] <= end:
            same_unit -= own[1] == report.unit_id
            same_place -= own[2] == key
        return same_unit, same_place


def repeat_signals(reports: Iterable[AgendaReport], history: Sequence[PastReport]) -> dict[int, RepeatSignal]:
    """For each report, the repeat signal when it is at least the 2nd of its category at the same
    school or place within six weeks (counting itself)."""
    signals = {}
    timeline = _Timeline(history)
    for report in reports:
        same_unit, same_place = timeline.counts(report, place_key(report.place))
        # The school is the more useful name to the meeting; the place when it is one spot elsewhere.
        if same_unit:
            signals[report.report_id] = RepeatSignal(same_unit + 1, report.category, report.unit_name)
        elif same_place:
            signals[report.report_id] = RepeatSignal(same_place + 1, report.category, report.place)
    return signals


def _position(order: Mapping[str, int], key: str | None) -> int:
    """A term's place in the workspace's list; one not (or no longer) in it comes last."""
    return order.get(key or "", len(order))


def compile_agenda(
    *,
    meeting_starts_at: datetime,
    today: date,
    new_reports: Sequence[AgendaReport],
    carried: Sequence[CarriedOver] = (),
    open_actions: Sequence[OpenAction] = (),
    history: Sequence[PastReport] = (),
    existing_numbers: Mapping[int, int] | None = None,
    other: Sequence[OtherItem] = (),
    vocabulary: Vocabulary = MALMO,
) -> Agenda:
    """The agenda for one meeting. ``existing_numbers`` (report id → number) keeps numbers stable
    between the chairs' draft and the published agenda. New reports are grouped by the workspace's
    areas and categories (``vocabulary``), in its order."""
    area_order, category_order = vocabulary.order(AREA), vocabulary.order(CATEGORY)
    numbers = dict(existing_numbers or {})
    next_number = max(numbers.values(), default=0) + 1

    def number_for(report_id: int) -> int:
        nonlocal next_number
        if report_id not in numbers:
            numbers[report_id] = next_number
            next_number += 1
        return numbers[report_id]

    signals = repeat_signals([*new_reports, *(c.report for c in carried)], history)
    given, unnumbered = dict(numbers), next_number

    def numbered_first(report_id: int) -> int:
        """Within a group, numbered items keep the order of their numbers (a chair may have
        reordered the draft); the unnumbered follow in the default order (the sort is stable)."""
        return given.get(report_id, unnumbered)

    carried_sorted = sorted(
        carried,
        key=lambda c: (
            numbered_first(c.report.report_id),
            c.previous_meeting,
            c.report.created_at,
            c.report.report_id,
        ),
    )
    carried_items = tuple(
        AgendaItem(number_for(c.report.report_id), c.report, signals.get(c.report.report_id), c)
        for c in carried_sorted
    )

    by_area: dict[str, dict[str, list[AgendaReport]]] = {}
    for report in sorted(
        new_reports,
        key=lambda r: (
            _position(area_order, r.area),
            _position(category_order, r.category),
            r.created_at,
            r.report_id,
        ),
    ):
        by_area.setdefault(report.area or CITY_WIDE, {}).setdefault(report.category, []).append(report)
    areas = tuple(
        AreaSection(
            area,
            tuple(
                CategoryGroup(
                    category,
                    tuple(
                        AgendaItem(number_for(r.report_id), r, signals.get(r.report_id))
                        for r in sorted(reports, key=lambda r: numbered_first(r.report_id))
                    ),
                )
                for category, reports in groups.items()
            ),
        )
        for area, groups in by_area.items()
    )
    actions = tuple(sorted(open_actions, key=lambda a: (a.due_on >= today, a.due_on, a.action_id)))
    return Agenda(
        meeting_starts_at=meeting_starts_at,
        today=today,
        actions=actions,
        carried=carried_items,
        areas=areas,
        new_count=len(new_reports),
        overdue_count=sum(a.due_on < today for a in open_actions),
        numbers=numbers,
        other=tuple(other),
    )


# ---------------------------------------------------------------------------------- shaping
SHAPED_AWAY = ("removed", "merged")  # outcomes of items a chair took off the agenda
SHAPING_REASON_MAX = 1000


def shaping_refusal(
    *, published: bool, minutes_posted: bool, moved: bool, outcome: str, has_actions: bool = False
) -> str | None:
    """Why a chair may not remove or merge an item (a ``denied.*`` code), or None when they may:
    on the draft any item still on it; on the published agenda, until the minutes are out, an item
    the meeting has not decided yet."""
    if minutes_posted:
        return "agenda_closed"
    if moved or outcome in SHAPED_AWAY:
        return "item_not_found"
    if published and (has_actions or outcome not in ("pending", "reopened")):
        return "item_already_decided"
    return None


def removal_reason_error(reason: str) -> str | None:
    """The ``error.*`` code of a removal's reason (required: the school is told it), or None."""
    if not reason.strip():
        return "removal_reason_missing"
    if len(reason.strip()) > SHAPING_REASON_MAX:
        return "action_note_too_long"
    return None
