"""What the weekly round's service hands to the builders: plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RoundQuestion:
    """One DM of the round: the question, or the cutoff morning's reminder."""

    meeting_id: int
    meeting_starts_at: datetime
    cutoff_at: datetime
    unit_id: int
    unit_name: str
    reminder: bool = False


@dataclass(frozen=True)
class RoundAnswered:
    """A unit's answer as its members' DMs show it once given."""

    meeting_starts_at: datetime
    unit_name: str
    kind: str  # bot.domain.rounds.NOTHING_NEW or REPORTED
    user_id: str | None  # who answered (None: a report, whoever filed it)
    at: datetime | None
    reference: str | None = None  # the report's reference, when the unit answered with one


@dataclass(frozen=True)
class RoundAnswer:
    """The outcome of a click on *Inget nytt*: recorded now, or the unit had already answered."""

    answered: RoundAnswered
    already: bool
    notification_keys: tuple[tuple[str, str], ...] = ()
