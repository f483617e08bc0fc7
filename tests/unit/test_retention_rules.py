"""Retention rules as the city writes them in ORAT_RETENTION, and when each is due."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.config import ConfigError, Settings
from bot.domain.reports import Category
from bot.domain.retention import (
    RetentionAction,
    RetentionRule,
    RetentionScope,
    closed_on,
    parse_retention_rules,
    rule_for,
)

RULES = parse_retention_rules("arson alla 60 radera; alla avslutade 24 månader anonymisera")


def test_rules_read_as_written():
    assert RULES == (
        RetentionRule(Category.ARSON, RetentionScope.ALL, 60, RetentionAction.DELETE),
        RetentionRule(None, RetentionScope.CLOSED, 24, RetentionAction.ANONYMISE),
    )
    assert parse_retention_rules("brand avslutade 12 anonymisera")[0].category is Category.ARSON
    assert parse_retention_rules("") == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("alla avslutade anonymisera", "fyra delar"),
        ("cykelstöld alla 12 radera", "okänd kategori"),
        ("alla öppna 12 radera", "'avslutade' eller 'alla'"),
        ("alla alla noll radera", "positivt heltal"),
        ("alla alla 12 bränn", "'anonymisera' eller 'radera'"),
    ],
)
def test_a_wrong_rule_says_what_is_wrong(text: str, message: str):
    with pytest.raises(ValueError, match=message):
        parse_retention_rules(text)
    with pytest.raises(ConfigError, match="ORAT_RETENTION"):
        Settings.from_env({"ORAT_RETENTION": text})


def test_the_first_matching_rule_decides_and_only_when_due():
    filed, closed = date(2024, 1, 10), date(2024, 3, 1)
    arson = {"category": "arson", "filed_on": filed, "closed_on": closed}
    assert rule_for(RULES, **arson, today=date(2029, 1, 9)) is None
    assert rule_for(RULES, **arson, today=date(2029, 1, 10)).action is RetentionAction.DELETE
    gangs = {"category": "gangs", "filed_on": filed}
    assert rule_for(RULES, **gangs, closed_on=closed, today=date(2026, 2, 28)) is None
    assert (
        rule_for(RULES, **gangs, closed_on=closed, today=date(2026, 3, 1)).action is RetentionAction.ANONYMISE
    )
    assert rule_for(RULES, **gangs, closed_on=None, today=date(2040, 1, 1)) is None  # still open: kept


def test_a_matter_is_closed_when_decided_and_every_action_is_done():
    meeting = datetime(2026, 1, 13, 8, 0, tzinfo=UTC)
    done = datetime(2026, 2, 2, 15, 0, tzinfo=UTC)
    assert closed_on(merged_at=None, last_outcome="pending", decided_at=meeting, actions=[]) is None
    assert closed_on(merged_at=None, last_outcome="no_action", decided_at=meeting, actions=[]) == meeting
    assert (
        closed_on(
            merged_at=None, last_outcome="responsibility_taken", decided_at=meeting, actions=[("open", None)]
        )
        is None
    )
    taken = [("done", done), ("done", meeting)]
    assert (
        closed_on(merged_at=None, last_outcome="responsibility_taken", decided_at=meeting, actions=taken)
        == done
    )
    assert closed_on(merged_at=meeting, last_outcome=None, decided_at=None, actions=[]) == meeting


def test_access_settings_from_the_environment():
    settings = Settings.from_env(
        {"ORAT_ADMINS": "UADMIN1, UADMIN2", "ORAT_REPORTERS": "enheter", "ORAT_ALLOW_OPEN_CHANNEL": "on"}
    )
    assert (settings.admins, settings.reporters, settings.allow_open_channel) == (
        ("UADMIN1", "UADMIN2"),
        "enheter",
        True,
    )
    for name, value in (
        ("ORAT_ADMINS", "Anna"),
        ("ORAT_REPORTERS", "några"),
        ("ORAT_ALLOW_OPEN_CHANNEL", "ja"),
    ):
        with pytest.raises(ConfigError, match=name):
            Settings.from_env({name: value})
