"""A stored lägesbild (snapshot): its figures as canonical JSON and their hash, each counted report's
fingerprint and what changed between two snapshots of a period, places retention anonymised taken
out of stored figures, and when the scheduled lägesbild is due (weekly, and EST's tertial).

Pure: the figures are the JSON ``bot.files.render.encode`` makes; ``now`` is passed in."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.domain.agenda import place_key

# Who (or what) made a snapshot.
BY_COMMAND = "command"  # /orat lagesbild
BY_CLI = "cli"  # python -m bot lagesbild
WEEKLY = "week"  # the schedule: last week's, to the chairs
TERTIAL = "tertial"  # the schedule: the last tertial's, to the chairs and a channel
KINDS = (BY_COMMAND, BY_CLI, WEEKLY, TERTIAL)
SCHEDULED = (WEEKLY, TERTIAL)
# ORAT_LAGESBILD's words.
RHYTHM_WORDS = {"vecka": WEEKLY, "veckovis": WEEKLY, "week": WEEKLY, "tertial": TERTIAL}

# EST's analysis three times a year: January–April, May–August, September–December.
TERTIAL_FIRST_MONTHS = (1, 5, 9)
# A tertial's lägesbild is sent in the first days of the next; switched on later, it waits for the next.
TERTIAL_SEND_WITHIN = timedelta(days=14)


def canonical_json(figures: Any) -> str:
    """One text for the same figures, whatever the order their keys were built in."""
    return json.dumps(figures, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(figures: Any) -> str:
    """sha256 of the canonical figures, hex."""
    return hashlib.sha256(canonical_json(figures).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReportState:
    """What of one report (with its occurrences and actions) the lägesbild's figures count."""

    category: str
    area: str
    unit: str
    occurred_on: date
    occurred_time: time | None
    place: str | None  # None once retention anonymised it
    status: str
    merged_into: int | None
    occurrences: tuple[tuple[str, str, str | None, str | None], ...] = ()  # (day, time, place, unit)
    actions: tuple[tuple[str, str, str, str | None], ...] = ()  # (actor, status, due day, done day)


def fingerprint(state: ReportState) -> str:
    """A short hash of the counted fields: equal states, equal fingerprints."""
    fields = [
        state.category,
        state.area,
        state.unit,
        state.occurred_on.isoformat(),
        state.occurred_time.isoformat() if state.occurred_time else None,
        state.place,
        state.status,
        state.merged_into,
        sorted(state.occurrences, key=lambda o: tuple(str(v) for v in o)),
        sorted(state.actions, key=lambda a: tuple(str(v) for v in a)),
    ]
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Changes:
    """Reports counted differently than in an earlier snapshot of the same period."""

    changed: int = 0
    new: int = 0
    removed: int = 0

    @property
    def any(self) -> bool:
        return bool(self.changed or self.new or self.removed)


def changes(before: Mapping[str, str], after: Mapping[str, str]) -> Changes:
    """Report key → fingerprint, then and now."""
    return Changes(
        changed=sum(1 for key, value in after.items() if key in before and before[key] != value),
        new=sum(1 for key in after if key not in before),
        removed=sum(1 for key in before if key not in after),
    )


def scrub_places(figures: Any, places: Iterable[tuple[str, str]], placeholder: str) -> tuple[Any, int]:
    """The figures with every place of ``places`` ((unit, place) as typed) replaced by
    ``placeholder``, wherever the figures name a unit's place (repeat places, hot spots); and how
    many entries changed. Places compare as the statistics group them (``place_key``)."""
    wanted = {(unit, place_key(place)) for unit, place in places if place}
    found = 0

    def walk(value: Any) -> Any:
        nonlocal found
        if isinstance(value, dict):
            out = {k: walk(v) for k, v in value.items()}
            place = out.get("place")
            if (
                isinstance(place, str)
                and place != placeholder
                and (out.get("unit"), place_key(place)) in wanted
            ):
                out["place"] = placeholder
                found += 1
            return out
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(figures), found


# ------------------------------------------------------------------------------ the rhythm
def parse_rhythm(text: str) -> tuple[str, ...]:
    """``ORAT_LAGESBILD``: "" or "av" (off), "vecka", "tertial", "vecka,tertial"."""
    words = [w.strip().lower() for w in text.replace(";", ",").split(",") if w.strip()]
    if not words or words == ["av"] or words == ["off"]:
        return ()
    unknown = [w for w in words if w not in RHYTHM_WORDS]
    if unknown:
        raise ValueError(f"okänt ord {unknown[0]!r}: skriv vecka, tertial eller vecka,tertial")
    return tuple(k for k in SCHEDULED if k in {RHYTHM_WORDS[w] for w in words})


@dataclass(frozen=True)
class Due:
    """A scheduled lägesbild to make: its kind, the key it is claimed under, its period."""

    kind: str
    key: str  # e.g. 2026-W49 (the week it is sent in), 2026-T3 (the tertial it covers)
    start: date
    end: date


def tertial_of(day: date) -> tuple[date, date]:
    first = max(m for m in TERTIAL_FIRST_MONTHS if m <= day.month)
    start = date(day.year, first, 1)
    end = date(day.year + (first == 9), (first + 4 - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def due(kind: str, local: datetime, at: time) -> Due | None:
    """The lägesbild ``kind`` due at local time ``local``, sent from ``at`` on its day: last week's
    on Monday (any later tick that week still sends it, once), the last tertial's on the first day
    of the next (within TERTIAL_SEND_WITHIN)."""
    today = local.date()
    if kind == WEEKLY:
        monday = today - timedelta(days=today.weekday())
        if (today, local.time()) < (monday, at):
            return None
        year, week, _ = today.isocalendar()
        return Due(WEEKLY, f"{year}-W{week:02d}", monday - timedelta(days=7), monday - timedelta(days=1))
    if kind == TERTIAL:
        current, _ = tertial_of(today)
        if (today, local.time()) < (current, at) or today - current >= TERTIAL_SEND_WITHIN:
            return None
        start, end = tertial_of(current - timedelta(days=1))
        return Due(TERTIAL, f"{start.year}-T{TERTIAL_FIRST_MONTHS.index(start.month) + 1}", start, end)
    raise ValueError(f"no scheduled lägesbild {kind!r}")
