"""Retention (gallring): which reports are anonymised or deleted when, per the city's archive rules.

The default is no rule: everything is kept until the city decides otherwise (its gallringsbeslut).
Rules come from ``ORAT_RETENTION``, e.g. ``alla avslutade 24 anonymisera; arson alla 60 radera``:
category (or ``alla``), which reports (``avslutade``: closed ones, counted from when they were closed;
``alla``: every report, counted from when it was filed), months, and what to do. The first rule that
matches a report decides.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from bot.domain.reports import Category

ANONYMISED = "[gallrad]"


class RetentionScope(StrEnum):
    CLOSED = "closed"
    ALL = "all"


class RetentionAction(StrEnum):
    ANONYMISE = "anonymise"
    DELETE = "delete"


_CATEGORY_WORDS = {
    "gäng": Category.GANGS,
    "skadegörelse": Category.VANDALISM,
    "brand": Category.ARSON,
    "droger": Category.DRUG_SALES,
    "hot": Category.THREATS,
    "otrygg": Category.UNSAFE_ENVIRONMENT,
    "annat": Category.OTHER,
    **{c.value: c for c in Category},
}
_SCOPES = {"avslutade": RetentionScope.CLOSED, "alla": RetentionScope.ALL}
_ACTIONS = {"anonymisera": RetentionAction.ANONYMISE, "radera": RetentionAction.DELETE}


@dataclass(frozen=True)
class RetentionRule:
    # A category's stable key (a shipped one as ``Category``; a workspace's own as its key): a rule
    # keeps working when the category's label changes. None: every category.
    category: str | None
    scope: RetentionScope
    months: int
    action: RetentionAction

    def applies_to(self, category: str) -> bool:
        return self.category is None or self.category == category

    def due(self, *, filed_on: date, closed_on: date | None, today: date) -> bool:
        start = closed_on if self.scope is RetentionScope.CLOSED else filed_on
        return start is not None and start + relativedelta(months=self.months) <= today

    def describe(self) -> str:
        """Swedish, for the privacy report."""
        what = f"kategori {self.category}" if self.category else "alla kategorier"
        when = (
            "efter att ärendet avslutats"
            if self.scope is RetentionScope.CLOSED
            else "efter att rapporten kom in"
        )
        verb = (
            "anonymiseras (fritext, plats och användar-id)"
            if self.action is RetentionAction.ANONYMISE
            else "raderas"
        )
        return f"{what}: {verb} {self.months} månader {when}"


def parse_retention_rules(text: str, categories: Collection[str] = ()) -> tuple[RetentionRule, ...]:
    """``categories``: a workspace's own category keys (bot.domain.vocabulary), besides the shipped
    ones and their Swedish words."""
    known = {key.lower(): key for key in categories}
    rules = []
    for number, part in enumerate((p.strip() for p in text.split(";")), start=1):
        if not part:
            continue
        words = part.lower().replace("månader", "").replace("mån", "").split()
        if len(words) != 4:
            raise ValueError(
                f"regel {number} ({part!r}) ska ha fyra delar: kategori, avslutade|alla, månader, "
                "anonymisera|radera – t.ex. 'alla avslutade 24 anonymisera'"
            )
        category_word, scope_word, months_word, action_word = words
        category: str | None = (
            None
            if category_word == "alla"
            else _CATEGORY_WORDS.get(category_word) or known.get(category_word)
        )
        if category_word != "alla" and category is None:
            raise ValueError(f"regel {number}: okänd kategori {category_word!r}")
        if scope_word not in _SCOPES:
            raise ValueError(f"regel {number}: skriv 'avslutade' eller 'alla', inte {scope_word!r}")
        if not months_word.isdigit() or int(months_word) < 1:
            raise ValueError(f"regel {number}: antalet månader ska vara ett positivt heltal")
        if action_word not in _ACTIONS:
            raise ValueError(f"regel {number}: skriv 'anonymisera' eller 'radera', inte {action_word!r}")
        rules.append(RetentionRule(category, _SCOPES[scope_word], int(months_word), _ACTIONS[action_word]))
    return tuple(rules)


def rule_for(
    rules: tuple[RetentionRule, ...], *, category: str, filed_on: date, closed_on: date | None, today: date
) -> RetentionRule | None:
    """The first rule for the report's category, if it is due today (else None)."""
    rule = next(
        (r for r in rules if r.applies_to(category) and (r.scope is RetentionScope.ALL or closed_on)), None
    )
    if rule is None or not rule.due(filed_on=filed_on, closed_on=closed_on, today=today):
        return None
    return rule


def closed_on(
    *,
    merged_at: datetime | None,
    last_outcome: str | None,
    decided_at: datetime | None,
    actions: list[tuple[str, datetime | None]],
) -> datetime | None:
    """When a report's matter ended: merged into another report; or decided at a meeting and every
    action on it finished (the last one's finishing time). ``None`` while anything is still open."""
    if merged_at is not None:
        return merged_at
    if last_outcome in (None, "pending", "tabled", "reopened"):
        return None
    if any(status == "open" for status, _ in actions):
        return None
    finished = [at for _, at in actions if at is not None]
    if decided_at is not None:
        finished.append(decided_at)
    return max(finished) if finished else None
