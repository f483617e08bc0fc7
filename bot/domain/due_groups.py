"""``/orat mina`` in the order an owner works: what is overdue first, then what is due this week,
then the rest. A week is the ISO week, Monday to Sunday, of ``today`` – the municipality's date
(Europe/Stockholm), which the caller passes in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")


class DueGroup(StrEnum):
    OVERDUE = "overdue"  # försenade: due before today
    THIS_WEEK = "this_week"  # den här veckan: due today up to and including Sunday
    LATER = "later"  # senare: due after this week's Sunday


GROUP_ORDER = (DueGroup.OVERDUE, DueGroup.THIS_WEEK, DueGroup.LATER)


def week_end(today: date) -> date:
    """The Sunday that ends ``today``'s ISO week (``today`` itself on a Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def due_group(due_on: date, today: date) -> DueGroup:
    if due_on < today:
        return DueGroup.OVERDUE
    if due_on <= week_end(today):
        return DueGroup.THIS_WEEK
    return DueGroup.LATER


def group_by_due(
    items: Iterable[T], due_of: Callable[[T], date], today: date
) -> list[tuple[DueGroup, list[T]]]:
    """The non-empty groups in ``GROUP_ORDER``, each sorted by due date, oldest first (items due the
    same day keep the order they came in)."""
    groups: dict[DueGroup, list[T]] = {group: [] for group in GROUP_ORDER}
    for item in sorted(items, key=due_of):
        groups[due_group(due_of(item), today)].append(item)
    return [(group, found) for group, found in groups.items() if found]
