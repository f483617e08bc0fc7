"""The lägesbild's arithmetic: periods as typed, counts per week/month, trend, repeat places, and
the follow-up per actor — against small datasets counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.parsing import parse_period
from bot.domain.statistics import (
    MONTH,
    NO_AREA,
    WEEK,
    ActionFact,
    Period,
    ReportFact,
    buckets,
    compute,
    situation,
)

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("", date(2026, 9, 7), TODAY, WEEK),  # 12 weeks: this one and the 11 before
        ("4 veckor", date(2026, 11, 2), TODAY, WEEK),
        ("senaste 30 dagar", date(2026, 10, 25), TODAY, WEEK),
        ("6 mån", date(2026, 6, 1), TODAY, MONTH),
        ("vecka 47", date(2026, 11, 16), date(2026, 11, 22), WEEK),
        ("v1", date(2025, 12, 29), date(2026, 1, 4), WEEK),  # ISO week 1 of 2026 starts in 2025
        ("v 50", date(2025, 12, 8), date(2025, 12, 14), WEEK),  # not yet this year: last year's
        ("november", date(2026, 11, 1), TODAY, WEEK),  # never past today
        ("December", date(2025, 12, 1), date(2025, 12, 31), WEEK),
        ("2026-10", date(2026, 10, 1), date(2026, 10, 31), WEEK),
        ("2025", date(2025, 1, 1), date(2025, 12, 31), MONTH),
        ("i år", date(2026, 1, 1), TODAY, MONTH),
        ("q3", date(2026, 7, 1), date(2026, 9, 30), WEEK),
        ("kvartal 4 2025", date(2025, 10, 1), date(2025, 12, 31), WEEK),
        ("ht 2025", date(2025, 8, 1), date(2025, 12, 31), MONTH),
        ("vt", date(2026, 1, 1), date(2026, 6, 30), MONTH),
        ("2026-09-01–2026-10-31", date(2026, 9, 1), date(2026, 10, 31), WEEK),
        ("2026-01-01 till 2026-11-30", date(2026, 1, 1), TODAY, MONTH),
    ],
)
def test_periods_as_people_type_them(text: str, start: date, end: date, granularity: str):
    assert parse_period(text, TODAY) == Period(start, end, granularity)


@pytest.mark.parametrize(
    "text", ["förra sommaren", "v60", "2026-13", "0 veckor", "2026-12-01–2026-11-01", "q5"]
)
def test_what_is_not_a_period(text: str):
    assert parse_period(text, TODAY) is None


def test_weeks_and_months_are_clipped_to_the_period():
    weeks = buckets(Period(date(2026, 10, 28), date(2026, 11, 10), WEEK))
    assert [(b.key, b.start, b.end) for b in weeks] == [
        ("2026-W44", date(2026, 10, 28), date(2026, 11, 1)),
        ("2026-W45", date(2026, 11, 2), date(2026, 11, 8)),
        ("2026-W46", date(2026, 11, 9), date(2026, 11, 10)),
    ]
    months = buckets(Period(date(2025, 12, 15), date(2026, 2, 3), MONTH))
    assert [b.key for b in months] == ["2025-12", "2026-01", "2026-02"]
    assert Period(date(2026, 11, 1), date(2026, 11, 30)).previous() == Period(
        date(2026, 10, 2), date(2026, 10, 31)
    )


def fact(
    day: date,
    category: str = "arson",
    area: str = "Öster",
    unit: str = "Rosengård",
    place: str | None = "Entrén",
):
    return ReportFact(day, category, area, unit, place)


def test_counts_trend_cross_table_and_repeat_places():
    period = Period(date(2026, 11, 2), date(2026, 11, 15), WEEK)  # weeks 45 and 46; before: 19 Oct–1 Nov
    facts = [
        fact(date(2026, 11, 2)),
        fact(date(2026, 11, 3), place="entrén!"),  # the same place, typed otherwise
        fact(date(2026, 11, 9), place=" ENTRÉN "),
        fact(date(2026, 11, 10), category="gangs", area="Söder", unit="Holma", place="Parken"),
        fact(date(2026, 11, 11), category="gangs", area=NO_AREA, unit="Fritid", place=None),  # anonymised
        fact(date(2026, 10, 20)),  # the period before
        fact(date(2026, 10, 21), category="gangs", area="Söder", unit="Holma"),
        fact(date(2026, 10, 18)),  # before both: not counted
        fact(date(2026, 11, 16)),  # after: not counted
    ]
    stats = compute(facts, period)
    assert (stats.total, stats.previous_total) == (5, 2)
    assert stats.cell("2026-W45", "arson", "Öster") == 2 and stats.cell("2026-W46", "arson") == 1
    assert stats.cell("2026-W46", "gangs") == 2 and stats.cell("2026-W46", "gangs", "Söder") == 1
    assert sum(c.n for c in stats.counts) == 5
    arson = next(t for t in stats.by_category if t.key == "arson")
    assert (arson.current, arson.previous, arson.change, arson.percent) == (3, 1, 2, 200.0)
    assert [t.key for t in stats.by_area] == ["Norr", "Öster", "Söder", "Väster", "Innerstaden", NO_AREA]
    assert stats.by_category_and_area[("arson", "Öster")].change == 2
    assert stats.by_category_and_area[("gangs", "Söder")].change == 0
    [repeat] = stats.repeat_places
    assert (repeat.unit, repeat.place, repeat.reports, repeat.first, repeat.last) == (
        "Rosengård",
        "Entrén",
        3,
        date(2026, 11, 2),
        date(2026, 11, 9),
    )


def test_follow_up_per_actor_counted_on_the_last_day():
    period = Period(date(2026, 11, 1), date(2026, 11, 30), WEEK)
    actions = [
        ActionFact("Polisen", date(2026, 11, 3), date(2026, 11, 10), "done", date(2026, 11, 10)),  # on time
        ActionFact("Polisen", date(2026, 11, 3), date(2026, 11, 10), "done", date(2026, 11, 12)),  # late
        ActionFact("Polisen", date(2026, 11, 3), date(2026, 11, 20), "open", None),  # overdue on the 23rd
        ActionFact("Polisen", date(2026, 10, 6), date(2026, 12, 1), "open", None),  # open, older, not due
        ActionFact("FGK", date(2026, 11, 17), date(2026, 11, 24), "done", date(2026, 11, 24)),  # after as_of
        ActionFact("FGK", date(2026, 10, 1), date(2026, 10, 8), "cancelled", None),
    ]
    picture = situation([], actions, period, TODAY)
    assert picture.as_of == TODAY  # the period reaches past today
    police = next(a for a in picture.actors if a.unit == "Polisen")
    assert (police.taken, police.done, police.done_on_time, police.open, police.overdue) == (3, 2, 1, 2, 1)
    assert police.on_time_share == 0.5
    roads = next(a for a in picture.actors if a.unit == "FGK")
    assert (roads.taken, roads.done, roads.open, roads.overdue) == (1, 1, 1, 0)  # done tomorrow: open today
    assert (picture.taken, picture.done, picture.open, picture.overdue) == (4, 3, 3, 1)
