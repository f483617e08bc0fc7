"""A stored lägesbild as the services hand it out: a line of the archive, a page of it, one just made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.snapshots import Changes
from bot.domain.statistics import Situation


@dataclass(frozen=True)
class SnapshotLine:
    """A snapshot as the archive lists it."""

    number: int
    start: date
    end: date
    kind: str
    made_by_user_id: str | None
    made_at: datetime
    anonymised: bool


@dataclass(frozen=True)
class Made:
    line: SnapshotLine
    situation: Situation
    files: list[tuple[str, bytes]]
    since: SnapshotLine | None  # the latest earlier snapshot of the same period
    changes: Changes | None  # against ``since``


@dataclass(frozen=True)
class ArchivePage:
    total: int
    page: int  # from 0
    pages: int
    lines: tuple[SnapshotLine, ...]
