"""The duplicate matcher's figures on the hand-written report pairs (``tests/data/duplicate_pairs.json``):
``python -m tests.bench.duplicates`` (``-v`` lists each pair the matcher gets wrong).

Each pair is an open report ("old", filed the day after it happened) and a new one filed the day
after it happened; "same" says whether a person would call the new one another occurrence of the old.
Counted: matches offered right (same, offered), offered wrong (different, offered), misses (same,
not offered) and rightly not offered."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.domain.duplicates import OpenReport, ReportFacts, candidates

PAIRS = Path(__file__).resolve().parent.parent / "data" / "duplicate_pairs.json"


@dataclass
class Figures:
    pairs: int = 0
    same: int = 0
    offered_right: int = 0
    offered_wrong: int = 0
    missed: int = 0
    rightly_not_offered: int = 0
    wrong: list[tuple[int, str]] = field(default_factory=list)


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["pairs"]


def _facts(side: dict[str, Any], units: dict[str, int]) -> ReportFacts:
    unit = units.setdefault(side["unit"], len(units) + 1)
    return ReportFacts(
        unit, side["category"], side["place"], date.fromisoformat(side["occurred_on"]), side["description"]
    )


def _filed(side: dict[str, Any]) -> datetime:
    return datetime.combine(date.fromisoformat(side["occurred_on"]) + timedelta(days=1), time(9), UTC)


def evaluate(pairs: list[dict[str, Any]]) -> Figures:
    figures = Figures(pairs=len(pairs))
    for number, pair in enumerate(pairs, start=1):
        units: dict[str, int] = {}
        old, new = _facts(pair["old"], units), _facts(pair["new"], units)
        offered = bool(candidates(new, [OpenReport(1, old, _filed(pair["old"]))], _filed(pair["new"])))
        figures.same += pair["same"]
        if pair["same"] and offered:
            figures.offered_right += 1
        elif pair["same"]:
            figures.missed += 1
            figures.wrong.append((number, "missed"))
        elif offered:
            figures.offered_wrong += 1
            figures.wrong.append((number, "offered wrong"))
        else:
            figures.rightly_not_offered += 1
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the pairs it gets wrong")
    args = parser.parse_args()
    pairs = load_pairs()
    f = evaluate(pairs)
    print(f"pairs: {f.pairs} ({f.same} same event, {f.pairs - f.same} different)")
    print(f"matches offered right: {f.offered_right} of {f.same}")
    print(f"matches offered wrong: {f.offered_wrong} of {f.pairs - f.same}")
    print(f"misses (same event, nothing offered): {f.missed}")
    print(f"right in all: {f.offered_right + f.rightly_not_offered} of {f.pairs}")
    if args.verbose:
        for number, what in f.wrong:
            pair = pairs[number - 1]
            print(f"  #{number} {what}: {pair['old']['place']!r} / {pair['new']['place']!r}")


if __name__ == "__main__":
    main()
