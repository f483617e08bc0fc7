"""When and where things happen: a weekday × hour count per category and the hot spots of a period,
what a police patrol plan and the steering group's lägesbild ask for.

Counted per *happening*: every report, and every occurrence added to an earlier report ("Lägg till
som nytt tillfälle": the same problem again, with its own day, time and place). The report and
category totals of ``bot.domain.statistics`` count occurrences apart, so that a report is one
report; here they count, because a fire at the bike shed on Saturday night and another there on
Sunday night are two nights a patrol should know about, and the duplicate check turns exactly such
repeats into occurrences.

The weekday is that of the day as reported (``occurred_on`` is the local day in Stockholm), the hour
that of the reported time of day. A happening without a time of day has no hour: it is counted apart
(``untimed``) and left out of the grid, never guessed. Hot spots match places as the repeat places
do (the school, and the place typed, normalised by ``bot.domain.places``); a place replaced by
retention (gallring) is gone, so it never shows.

Pure: no I/O, no clock. Imports nothing of ``bot.domain.statistics`` (which holds the result), so
the facts come in as anything with the fields of ``Happening``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Protocol

from bot.domain.places import normalise_place
from bot.domain.vocabulary import CATEGORY, MALMO

HOURS = 24
WEEKDAYS = 7  # Monday 0 … Sunday 6, as ``date.weekday``
# Hours grouped as a patrol plan is: night, morning, school day in three, after school, evening, late.
# The grid keeps every hour; only the chart and the summary show these bands.
BANDS: tuple[tuple[int, int], ...] = ((0, 6), (6, 9), (9, 12), (12, 15), (15, 18), (18, 21), (21, 24))
HOT_SPOT_AT_LEAST = 2  # as ``REPEAT_AT_LEAST``: two happenings at one spot in a period is a pattern
ALL = ""  # the category of the grid of all categories together


class Happening(Protocol):
    """A report or an occurrence, as ``bot.domain.statistics.ReportFact`` carries it."""

    @property
    def occurred_on(self) -> date: ...
    @property
    def occurred_time(self) -> time | None: ...
    @property
    def category(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def place(self) -> str | None: ...


class Span(Protocol):
    def __contains__(self, day: object) -> bool: ...


@dataclass(frozen=True)
class WeekdayHours:
    """Happenings of one category (ALL: every category) by weekday and hour of the day."""

    category: str
    cells: tuple[tuple[int, ...], ...]  # [weekday 0 = Monday][hour 0–23]
    untimed: int = 0  # happenings without a time of day: not in ``cells``

    @property
    def timed(self) -> int:
        return sum(map(sum, self.cells))

    def at(self, weekday: int, hour: int) -> int:
        return self.cells[weekday][hour]

    def banded(self) -> tuple[tuple[int, ...], ...]:
        """[weekday][band]: the hours summed into ``BANDS``."""
        return tuple(tuple(sum(row[start:end]) for start, end in BANDS) for row in self.cells)


@dataclass(frozen=True)
class Busiest:
    """One weekday's time band and how many happenings it had."""

    weekday: int
    band: int  # index into BANDS
    n: int


@dataclass(frozen=True)
class HotSpot:
    """A place of a school with at least HOT_SPOT_AT_LEAST happenings in the period."""

    unit: str
    area: str
    place: str  # as first written in the period
    current: int  # happenings in the period
    previous: int  # ... in the period before, at the same place
    categories: tuple[str, ...]  # in Category order
    first: date
    last: date  # the last happening ...
    last_category: str  # ... and what it was

    @property
    def change(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True)
class Patterns:
    everything: WeekdayHours  # every category together
    by_category: tuple[WeekdayHours, ...]  # the categories with happenings, in Category order
    happenings: int  # reports and occurrences in the period
    occurrences: int  # ... of which occurrences
    hot_spots: tuple[HotSpot, ...]  # most happenings first

    @property
    def timed(self) -> int:
        return self.everything.timed

    @property
    def untimed(self) -> int:
        return self.everything.untimed

    def busiest(self, n: int = 3) -> tuple[Busiest, ...]:
        """The ``n`` weekday time bands with the most happenings (ties: the earlier in the week)."""
        cells = [
            Busiest(day, band, count)
            for day, row in enumerate(self.everything.banded())
            for band, count in enumerate(row)
            if count
        ]
        cells.sort(key=lambda b: (-b.n, b.weekday, b.band))
        return tuple(cells[:n])


def empty_grid(category: str = ALL) -> WeekdayHours:
    return WeekdayHours(category, tuple((0,) * HOURS for _ in range(WEEKDAYS)))


NO_PATTERNS = Patterns(empty_grid(), (), 0, 0, ())


def band_label(band: int) -> str:
    """``18–21``: the band's hours, as a timetable writes them."""
    start, end = BANDS[band]
    return f"{start:02d}–{end:02d}"


def weekday_hours(
    happenings: Iterable[tuple[Happening, bool]], order: Mapping[str, int] | None = None
) -> tuple[WeekdayHours, tuple[WeekdayHours, ...]]:
    """All categories together and each category with happenings (``(fact, is occurrence)``)."""
    grids: dict[str, list[list[int]]] = defaultdict(lambda: [[0] * HOURS for _ in range(WEEKDAYS)])
    untimed: dict[str, int] = defaultdict(int)
    for fact, _ in happenings:
        for key in (ALL, fact.category):
            grid = grids[key]  # a category without a time of day still gets its (empty) grid
            if fact.occurred_time is None:
                untimed[key] += 1
            else:
                grid[fact.occurred_on.weekday()][fact.occurred_time.hour] += 1

    def frozen(key: str) -> WeekdayHours:
        return WeekdayHours(key, tuple(map(tuple, grids[key])), untimed[key])

    everything = frozen(ALL) if ALL in grids else empty_grid()
    order = MALMO.order(CATEGORY) if order is None else order  # the workspace's category order
    categories = sorted((k for k in grids if k != ALL), key=lambda k: (order.get(k, len(order)), k))
    return everything, tuple(frozen(k) for k in categories)


def hot_spots(
    happenings: Iterable[Happening],
    period: Span,
    previous: Span,
    at_least: int = HOT_SPOT_AT_LEAST,
    order: Mapping[str, int] | None = None,
) -> tuple[HotSpot, ...]:
    """Places of a school with at least ``at_least`` happenings in ``period``, their count in
    ``previous`` at the same place, and their last happening. ``order``: the workspace's categories."""
    order = MALMO.order(CATEGORY) if order is None else order
    now: dict[tuple[str, str], list[Happening]] = defaultdict(list)
    before: dict[tuple[str, str], int] = defaultdict(int)
    for fact in happenings:
        key = normalise_place(fact.place) if fact.place else ""
        if not key:  # anonymised (retention), or only punctuation
            continue
        if fact.occurred_on in period:
            now[(fact.unit, key)].append(fact)
        elif fact.occurred_on in previous:
            before[(fact.unit, key)] += 1
    found = []
    for (unit, key), group in now.items():
        if len(group) < at_least:
            continue
        # By day, then time of day (a day's untimed happening counts as its earliest).
        group.sort(key=lambda f: (f.occurred_on, f.occurred_time or time(0)))
        found.append(
            HotSpot(
                unit=unit,
                area=group[0].area,
                place=group[0].place or "",
                current=len(group),
                previous=before[(unit, key)],
                categories=tuple(
                    sorted({f.category for f in group}, key=lambda c: (order.get(c, len(order)), c))
                ),
                first=group[0].occurred_on,
                last=group[-1].occurred_on,
                last_category=group[-1].category,
            )
        )
    found.sort(key=lambda h: (-h.current, -h.change, -h.last.toordinal(), h.unit, h.place))
    return tuple(found)


def patterns(
    facts: Iterable[tuple[Happening, bool]],
    period: Span,
    previous: Span,
    at_least: int = HOT_SPOT_AT_LEAST,
    order: Mapping[str, int] | None = None,
) -> Patterns:
    """The patterns of ``period`` from ``(fact, is occurrence)`` pairs that may reach into
    ``previous`` (for the hot spots' trend) or beyond (ignored)."""
    facts = list(facts)
    in_period = [(f, occurrence) for f, occurrence in facts if f.occurred_on in period]
    everything, by_category = weekday_hours(in_period, order)
    return Patterns(
        everything=everything,
        by_category=by_category,
        happenings=len(in_period),
        occurrences=sum(1 for _, occurrence in in_period if occurrence),
        hot_spots=hot_spots((f for f, _ in facts), period, previous, at_least, order),
    )
