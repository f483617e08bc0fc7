"""``/orat mina``'s groups: overdue, this (ISO) week, later, each by date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.due_groups import GROUP_ORDER, DueGroup, due_group, group_by_due, week_end

WEDNESDAY = date(2026, 12, 16)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 12, 15), DueGroup.OVERDUE),  # yesterday
        (date(2025, 1, 1), DueGroup.OVERDUE),
        (WEDNESDAY, DueGroup.THIS_WEEK),  # due today is not late yet
        (date(2026, 12, 20), DueGroup.THIS_WEEK),  # Sunday ends the week
        (date(2026, 12, 21), DueGroup.LATER),  # the next Monday
        (date(2027, 3, 1), DueGroup.LATER),
    ],
)
def test_due_group(due: date, expected: DueGroup):
    assert due_group(due, WEDNESDAY) == expected


def test_the_week_runs_monday_to_sunday_across_the_new_year():
    assert week_end(date(2026, 12, 28)) == date(2027, 1, 3)  # Monday → Sunday of ISO week 53
    assert week_end(date(2027, 1, 3)) == date(2027, 1, 3)  # a Sunday is its own week's end
    assert due_group(date(2027, 1, 3), date(2026, 12, 31)) == DueGroup.THIS_WEEK
    assert due_group(date(2026, 12, 27), date(2026, 12, 28)) == DueGroup.OVERDUE  # Sunday before


def test_groups_come_overdue_first_each_by_date_and_empty_ones_are_left_out():
    dues = [date(2026, 12, 30), date(2026, 12, 18), date(2026, 12, 1), date(2026, 12, 16), date(2026, 11, 20)]
    grouped = group_by_due(dues, lambda d: d, WEDNESDAY)
    assert grouped == [
        (DueGroup.OVERDUE, [date(2026, 11, 20), date(2026, 12, 1)]),
        (DueGroup.THIS_WEEK, [date(2026, 12, 16), date(2026, 12, 18)]),
        (DueGroup.LATER, [date(2026, 12, 30)]),
    ]
    assert group_by_due([date(2027, 1, 1)], lambda d: d, WEDNESDAY) == [(DueGroup.LATER, [date(2027, 1, 1)])]
    assert group_by_due([], lambda d: d, WEDNESDAY) == []


@given(
    today=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    offsets=st.lists(st.integers(-400, 400), max_size=30),
)
def test_every_item_lands_in_exactly_one_group_in_order(today: date, offsets: list[int]):
    dues = [today + timedelta(days=n) for n in offsets]
    grouped = group_by_due(dues, lambda d: d, today)
    flat = [d for _, items in grouped for d in items]
    assert flat == sorted(dues)
    assert [g for g, _ in grouped] == [g for g in GROUP_ORDER if g in {g for g, _ in grouped}]
    for group, items in grouped:
        assert items and all(due_group(d, today) == group for d in items)
        if group == DueGroup.THIS_WEEK:
            assert all(d.isocalendar()[:2] == today.isocalendar()[:2] for d in items)
