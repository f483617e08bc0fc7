"""Does a new report tell of something already reported? The open reports of the last six weeks
are compared with it while the person reports, so that the same fire behind the same sports hall
becomes one agenda item with several occurrences instead of three items.

A candidate has the same category and the same place (normalised, or nearly the same words; within
one unit a little less alike will do, across units not); its score (0–100) weighs how alike the
descriptions and the places are, with the same unit counting a little and events far apart in time
counting less. ``rapidfuzz`` does the string comparison (C-backed, no model, no download). The
figures on the hand-written pairs in ``tests/data/duplicate_pairs.json``:
``python -m tests.bench.duplicates``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz

from bot.domain.places import normalise_place

WINDOW = timedelta(weeks=6)  # open reports filed this long ago or later are compared
SAME_PLACE = 75  # place similarity from which two units' places count as the same spot
NEAR_PLACE = 65  # ... and one unit's (a school's "matsalen" and "matsalens entré")
OFFER_FROM = 58  # the score from which a candidate is offered
MOST = 3  # candidates offered at most

_WORD = re.compile(r"\w+", re.UNICODE)
# Words that say nothing about which event it was.
_FILLER = frozenset(
    "och i på vid av en ett att det som har är var med till för om de den efter under igen också "
    "samma nytt ny nya fler mer än från där så sig hen man".split()
)


@dataclass(frozen=True)
class ReportFacts:
    """What is compared of a report."""

    unit_id: int
    category: str
    place: str
    occurred_on: date
    description: str


@dataclass(frozen=True)
class OpenReport:
    report_id: int
    facts: ReportFacts
    filed_at: datetime


@dataclass(frozen=True)
class Candidate:
    report_id: int
    score: int  # 0–100


def _words(text: str) -> str:
    return " ".join(w for w in _WORD.findall(text.casefold()) if w not in _FILLER)


def place_similarity(a: str, b: str) -> float:
    """0–100: how alike two places are once normalised (word order and extra words count little)."""
    first, second = normalise_place(a), normalise_place(b)
    if not first or not second:
        return 0.0
    if first == second:
        return 100.0
    return max(fuzz.token_set_ratio(first, second), fuzz.ratio(first, second))


def text_similarity(a: str, b: str) -> float:
    """0–100: how alike two descriptions are (filler words left out, word order free)."""
    first, second = _words(a), _words(b)
    if not first or not second:
        return 0.0
    return 0.5 * fuzz.token_set_ratio(first, second) + 0.5 * fuzz.token_sort_ratio(first, second)


def score(new: ReportFacts, old: ReportFacts) -> float | None:
    """How likely ``new`` tells of the same event or problem as ``old`` (0–100); None when it
    cannot be: another category, or another place (within one unit, a nearly alike place is
    enough: the same fire by the bike stands and behind the sports hall are two fires)."""
    if new.category != old.category:
        return None
    place = place_similarity(new.place, old.place)
    same_unit = new.unit_id == old.unit_id
    if place < (NEAR_PLACE if same_unit else SAME_PLACE):
        return None
    text = text_similarity(new.description, old.description)
    apart = abs((new.occurred_on - old.occurred_on).days)
    # A week or two apart is the same problem coming back; a month apart less likely.
    time_penalty = max(0, apart - 14) * 0.5
    return 0.55 * text + 0.35 * place + (10 if same_unit else 0) - time_penalty


def candidates(
    new: ReportFacts, open_reports: Iterable[OpenReport], now: datetime, *, most: int = MOST
) -> list[Candidate]:
    """The open reports of the last six weeks ``new`` may be another occurrence of, best first."""
    found = []
    for report in open_reports:
        if report.filed_at < now - WINDOW:
            continue
        value = score(new, report.facts)
        if value is not None and value >= OFFER_FROM:
            found.append(Candidate(report.report_id, round(min(value, 100.0))))
    found.sort(key=lambda c: (-c.score, -c.report_id))
    return found[:most]
