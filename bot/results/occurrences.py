"""What duplicate suggestions and occurrences hand to the builders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True)
class MatchCandidate:
    """An open report the new one may be another occurrence of (shown without its text)."""

    report_id: int
    reference: str
    category: str
    place: str
    occurred_on: date
    score: int  # 0–100


@dataclass(frozen=True)
class MatchOffer:
    """The filled-in report is kept (``pending_id``) while the person answers "Samma händelse som …?"."""

    pending_id: int
    candidates: tuple[MatchCandidate, ...]


@dataclass(frozen=True)
class OccurrenceView:
    """An occurrence added to a report, with the report's count of occurrences so far."""

    reference: str
    category: str
    unit_name: str
    place: str
    occurred_on: date
    occurred_time: time | None
    description: str
    occurrences: int  # the report itself and every occurrence added to it
    since: date  # the earliest of them


@dataclass(frozen=True)
class AddedOccurrence:
    occurrence: OccurrenceView
    notification_keys: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OccurrenceNotice:
    """To the owner of an action on the report: it happened again."""

    occurrence: OccurrenceView
    reporter_user_id: str
