"""The situational picture (lägesbild): reports counted by category, city area and week or month,
the trend against the period before, repeat places, and how the actors followed up their actions.

Pure: the service hands in plain facts read from the database and the day it is.
Reports count by the day the problem happened (``occurred_on``), not the day it was filed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from dateutil.relativedelta import relativedelta

from bot.domain.agenda import place_key
from bot.domain.patterns import NO_PATTERNS, Patterns, patterns
from bot.domain.rounds import WeekCoverage
from bot.domain.vocabulary import AREA, CATEGORY, MALMO, Vocabulary

WEEK = "week"
MONTH = "month"
WEEKLY_UP_TO_DAYS = 92  # longer periods are counted by month
REPEAT_AT_LEAST = 2  # reports at the same place of the same school
# Bumped whenever a figure is counted differently: a stored lägesbild says which counting it used.
DEFINITIONS_VERSION = 1
NO_AREA = ""  # a unit without city area (the whole city)
# Bumped whenever a figure is counted differently: a filed lägesbild states the version it used.
DEFINITIONS_VERSION = 1


@dataclass(frozen=True)
class Period:
    """``start`` to ``end``, both days included, counted in weeks or months."""

    start: date
    end: date
    granularity: str = WEEK

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(
            self.start - timedelta(days=self.days), self.start - timedelta(days=1), self.granularity
        )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def period_for(start: date, end: date) -> Period:
    """A period with the granularity its length calls for."""
    return Period(start, end, WEEK if (end - start).days + 1 <= WEEKLY_UP_TO_DAYS else MONTH)


@dataclass(frozen=True)
class Bucket:
    """One week (ISO) or month of a period, clipped to the period."""

    key: str  # 2026-W47 | 2026-11
    start: date
    end: date
    year: int
    number: int  # ISO week number or month number


@dataclass(frozen=True)
class ReportFact:
    occurred_on: date
    category: str
    area: str  # NO_AREA when the unit has none
    unit: str  # the school (or unit) reported for
    place: str | None  # None once retention replaced the free text
    # An occurrence added to an earlier report (the same event reported again): counted apart,
    # not as a report.
    occurrence: bool = False
    occurred_time: time | None = None  # the local time of day, when the reporter gave one


@dataclass(frozen=True)
class ActionFact:
    unit: str  # the actor responsible
    created_on: date  # local day the meeting gave it out
    due_on: date
    status: str  # open | done | cancelled
    done_on: date | None  # local day it was marked done


@dataclass(frozen=True)
class Count:
    bucket: str  # Bucket.key
    category: str
    area: str
    n: int


@dataclass(frozen=True)
class Trend:
    key: str  # a category or an area
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def percent(self) -> float | None:
        """The change in per cent of the previous period; None when the previous had none."""
        return None if self.previous == 0 else 100.0 * self.change / self.previous


@dataclass(frozen=True)
class RepeatPlace:
    unit: str
    area: str
    place: str  # as first written in the period
    reports: int
    categories: tuple[str, ...]  # in Category order
    first: date
    last: date


@dataclass(frozen=True)
class Statistics:
    period: Period
    previous: Period
    buckets: tuple[Bucket, ...]
    counts: tuple[Count, ...]  # non-zero cells only, by bucket, category, area
    total: int
    previous_total: int
    by_category: tuple[Trend, ...]  # every category, in Category order
    by_area: tuple[Trend, ...]  # every area (NO_AREA last, only when it has reports)
    repeat_places: tuple[RepeatPlace, ...]  # most reports first
    # (category, area) → this period and the one before: "is arson rising in Öster?"
    by_category_and_area: dict[tuple[str, str], Trend]
    # The weekly round per meeting of the period (filled in by the service; empty without rounds).
    round_weeks: tuple[WeekCoverage, ...] = ()
    occurrences: int = 0  # occurrences added to earlier reports in the period (not in ``total``)
    # When and where things happen: weekday × hour, hot spots (``bot.domain.patterns``).
    patterns: Patterns = NO_PATTERNS

    def cell(self, bucket: str, category: str, area: str | None = None) -> int:
        return sum(
            c.n
            for c in self.counts
            if c.bucket == bucket and c.category == category and (area is None or c.area == area)
        )


@dataclass(frozen=True)
class ActorSummary:
    unit: str
    taken: int  # actions given out in the period
    done: int  # actions done in the period
    done_on_time: int  # ... of which by their due date
    open: int  # open at the end of the period
    overdue: int  # ... of which past their due date

    @property
    def on_time_share(self) -> float | None:
        return None if self.done == 0 else self.done_on_time / self.done


@dataclass(frozen=True)
class Situation:
    """The steering group's lägesbild: the statistics and the follow-up of actions."""

    statistics: Statistics
    as_of: date  # the day open and overdue are counted at: the period's end, or today if earlier
    actors: tuple[ActorSummary, ...]  # most actions taken first
    taken: int
    done: int
    done_on_time: int
    open: int
    overdue: int

    @property
    def on_time_share(self) -> float | None:
        return None if self.done == 0 else self.done_on_time / self.done


# ---------------------------------------------------------------------------------------- periods
def buckets(period: Period) -> tuple[Bucket, ...]:
    found: list[Bucket] = []
    if period.granularity == WEEK:
        monday = period.start - timedelta(days=period.start.weekday())
        while monday <= period.end:
            year, week, _ = monday.isocalendar()
            found.append(
                Bucket(
                    f"{year}-W{week:02d}",
                    max(monday, period.start),
                    min(monday + timedelta(days=6), period.end),
                    year,
                    week,
                )
            )
            monday += timedelta(days=7)
    else:
        first = period.start.replace(day=1)
        while first <= period.end:
            last = first + relativedelta(months=1) - timedelta(days=1)
            found.append(
                Bucket(
                    f"{first.year}-{first.month:02d}",
                    max(first, period.start),
                    min(last, period.end),
                    first.year,
                    first.month,
                )
            )
            first += relativedelta(months=1)
    return tuple(found)


def bucket_key(day: date, granularity: str) -> str:
    if granularity == WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


# ---------------------------------------------------------------------------------------- counting
def compute(facts: Iterable[ReportFact], period: Period, vocabulary: Vocabulary = MALMO) -> Statistics:
    """Count ``facts`` (which may reach into the previous period; others are ignored). Occurrences
    are counted apart (``occurrences``), not as reports. Categories and areas are the workspace's
    (``vocabulary``): every active one, in its order, and a retired one where it has reports."""
    previous = period.previous()
    facts = list(facts)
    occurrences = sum(1 for f in facts if f.occurrence and f.occurred_on in period)
    current = [
        f for f in facts if not f.occurrence and (f.occurred_on in period or f.occurred_on in previous)
    ]
    now_facts = [f for f in current if f.occurred_on in period]
    before = [f for f in current if f.occurred_on in previous]
    cells = Counter((bucket_key(f.occurred_on, period.granularity), f.category, f.area) for f in now_facts)
    bucket_order = {b.key: i for i, b in enumerate(buckets(period))}
    category_order = vocabulary.order(CATEGORY)
    area_order = _area_order(vocabulary)
    counts = tuple(
        Count(bucket, category, area, n)
        for (bucket, category, area), n in sorted(
            cells.items(),
            key=lambda kv: (
                bucket_order[kv[0][0]],
                category_order.get(kv[0][1], 99),
                area_order.get(kv[0][2], 99),
            ),
        )
    )
    return Statistics(
        period=period,
        previous=previous,
        buckets=buckets(period),
        counts=counts,
        total=len(now_facts),
        previous_total=len(before),
        by_category=_trends(_listed(vocabulary, CATEGORY, current), now_facts, before, lambda f: f.category),
        by_area=_area_trends(now_facts, before, _listed(vocabulary, AREA, current)),
        repeat_places=repeat_places(now_facts, vocabulary),
        by_category_and_area=_cross(now_facts, before),
        occurrences=occurrences,
        patterns=patterns(((f, f.occurrence) for f in facts), period, previous, order=category_order),
    )


def _cross(now: Sequence[ReportFact], before: Sequence[ReportFact]) -> dict[tuple[str, str], Trend]:
    current = Counter((f.category, f.area) for f in now)
    previous = Counter((f.category, f.area) for f in before)
    return {
        key: Trend(f"{key[0]}/{key[1]}", current[key], previous[key])
        for key in sorted(set(current) | set(previous))
    }


def _listed(vocabulary: Vocabulary, kind: str, facts: Sequence[ReportFact]) -> list[str]:
    """The keys statistics list: the active ones, and the retired ones that have reports."""
    used = {f.category if kind == CATEGORY else f.area for f in facts}
    return [t.key for t in vocabulary.terms(kind) if not t.retired or t.key in used]


def _area_order(vocabulary: Vocabulary = MALMO) -> dict[str, int]:
    order = dict(vocabulary.order(AREA))
    order[NO_AREA] = len(order)
    return order


def _trends(
    keys: Sequence[str],
    now: Sequence[ReportFact],
    before: Sequence[ReportFact],
    key: Callable[[ReportFact], str],
) -> tuple[Trend, ...]:
    current, previous = Counter(map(key, now)), Counter(map(key, before))
    extra = sorted((set(current) | set(previous)) - set(keys))  # e.g. a category no longer offered
    return tuple(Trend(k, current[k], previous[k]) for k in [*keys, *extra])


def _area_trends(
    now: Sequence[ReportFact], before: Sequence[ReportFact], listed: Sequence[str]
) -> tuple[Trend, ...]:
    keys = list(listed)
    if any(f.area == NO_AREA for f in [*now, *before]):
        keys.append(NO_AREA)
    return _trends(keys, now, before, lambda f: f.area)


def repeat_places(facts: Iterable[ReportFact], vocabulary: Vocabulary = MALMO) -> tuple[RepeatPlace, ...]:
    """Places of the same school reported at least twice (case and punctuation aside)."""
    groups: dict[tuple[str, str], list[ReportFact]] = defaultdict(list)
    for fact in facts:
        if fact.place and place_key(fact.place):
            groups[(fact.unit, place_key(fact.place))].append(fact)
    category_order = vocabulary.order(CATEGORY)
    found = []
    by_order = lambda c: category_order.get(c, 99)  # noqa: E731
    for (unit, _), group in groups.items():
        if len(group) < REPEAT_AT_LEAST:
            continue
        group.sort(key=lambda f: f.occurred_on)
        found.append(
            RepeatPlace(
                unit=unit,
                area=group[0].area,
                place=group[0].place or "",
                reports=len(group),
                categories=tuple(sorted({f.category for f in group}, key=by_order)),
                first=group[0].occurred_on,
                last=group[-1].occurred_on,
            )
        )
    found.sort(key=lambda r: (-r.reports, -r.last.toordinal(), r.unit, r.place))
    return tuple(found)


# ---------------------------------------------------------------------------------------- actions
def situation(
    report_facts: Iterable[ReportFact],
    action_facts: Iterable[ActionFact],
    period: Period,
    today: date,
    vocabulary: Vocabulary = MALMO,
) -> Situation:
    as_of = min(period.end, today)
    per_unit: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for action in action_facts:
        row = per_unit[action.unit]
        if action.created_on in period:
            row[0] += 1
        if action.done_on is not None and action.done_on in period:
            row[1] += 1
            row[2] += action.done_on <= action.due_on
        open_then = (
            action.created_on <= as_of
            and action.status != "cancelled"
            and (action.done_on is None or action.done_on > as_of)
        )
        if open_then:
            row[3] += 1
            row[4] += action.due_on < as_of
    actors = tuple(
        ActorSummary(unit, *row)
        for unit, row in sorted(per_unit.items(), key=lambda kv: (-kv[1][0], -kv[1][3], kv[0]))
        if any(row)
    )
    return Situation(
        statistics=compute(report_facts, period, vocabulary),
        as_of=as_of,
        actors=actors,
        taken=sum(a.taken for a in actors),
        done=sum(a.done for a in actors),
        done_on_time=sum(a.done_on_time for a in actors),
        open=sum(a.open for a in actors),
        overdue=sum(a.overdue for a in actors),
    )
