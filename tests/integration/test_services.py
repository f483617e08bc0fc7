"""Services with a fake Notifier, on SQLite and PostgreSQL."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.app import build_services
from bot.config import Settings
from bot.domain.organisation import SeedError, parse_seed
from bot.notifier import DeliveryError, Posted
from storage.models import Member, OutboxMessage, Unit
from storage.uow import session_factory, unit_of_work
from tests.support.db import all_rows

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "malmo.toml"


class FakeNotifier:
    """Answers each post with the next scripted outcome (an exception to raise, or success)."""

    def __init__(self, *outcomes: DeliveryError | None) -> None:
        self.outcomes = list(outcomes)
        self.posts: list[tuple[str, str]] = []

    def post(
        self, channel: str, text: str, blocks: list | None = None, *, thread_ts: str | None = None
    ) -> Posted:
        self.posts.append((channel, text))
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        return Posted(channel="D" + channel[1:], ts=f"1700000000.{len(self.posts):06d}")


def services_with(engine: Engine, database_url: str, notifier: FakeNotifier):
    settings = Settings(database_url=database_url)
    services, _ = build_services(settings, engine=engine, notifier=notifier, clock=lambda: NOW)
    return services


def queue(engine: Engine, key: str = "k1", not_before: datetime = NOW) -> None:
    with unit_of_work(session_factory(engine)) as uow:
        uow.outbox.add(
            team_id="T1",
            key=key,
            kind="test",
            channel="U1",
            payload={"text": "hej"},
            not_before=not_before,
            now=NOW,
        )


def test_dispatch_sends_once_and_records_the_ts(engine: Engine, database_url: str):
    notifier = FakeNotifier()
    services = services_with(engine, database_url, notifier)
    queue(engine)
    queue(engine, "future", NOW + timedelta(hours=1))

    assert services.tick(NOW)["sent"] == 1
    assert services.tick(NOW)["sent"] == 0
    assert notifier.posts == [("U1", "hej")]
    sent = next(m for m in all_rows(engine, OutboxMessage) if m.key == "k1")
    assert (sent.status, sent.slack_channel, sent.slack_ts, sent.sent_at) == (
        "sent",
        "D1",
        "1700000000.000001",
        NOW,
    )


def test_rate_limit_honours_retry_after(engine: Engine, database_url: str):
    notifier = FakeNotifier(DeliveryError("ratelimited", permanent=False, retry_after=42))
    services = services_with(engine, database_url, notifier)
    queue(engine)

    first = services.tick(NOW)
    assert (first["sent"], first["retried"], first["failed"]) == (0, 1, 0)
    [message] = all_rows(engine, OutboxMessage)
    assert message.not_before == NOW + timedelta(seconds=42) and message.status == "pending"
    assert services.tick(NOW + timedelta(seconds=41))["sent"] == 0
    assert services.tick(NOW + timedelta(seconds=42))["sent"] == 1
    assert len(notifier.posts) == 2


def test_server_errors_back_off_and_give_up_after_the_last_attempt(engine: Engine, database_url: str):
    notifier = FakeNotifier(*[DeliveryError("internal_error", permanent=False)] * 20)
    services = services_with(engine, database_url, notifier)
    queue(engine)
    at, delays = NOW, []
    for _ in range(8):
        services.tick(at)
        [message] = all_rows(engine, OutboxMessage)
        if message.status == "failed":
            break
        delays.append(int((message.not_before - at).total_seconds()))
        at = message.not_before
    assert delays == [30, 60, 120, 240, 480, 960, 1920]
    assert message.status == "failed" and message.attempts == 8 and message.last_error == "internal_error"


def test_a_permanent_error_is_not_retried(engine: Engine, database_url: str):
    notifier = FakeNotifier(DeliveryError("account_inactive", permanent=True))
    services = services_with(engine, database_url, notifier)
    queue(engine)
    assert services.tick(NOW)["failed"] == 1
    later = services.tick(NOW + timedelta(days=1))
    assert (later["sent"], later["retried"], later["failed"]) == (0, 0, 0)
    assert len(notifier.posts) == 1


def test_the_example_organisation_seeds_idempotently(engine: Engine, database_url: str):
    services = services_with(engine, database_url, FakeNotifier())
    seed = parse_seed(tomllib.loads(EXAMPLE.read_text(encoding="utf-8")))

    first = services.organisation.seed("T1", seed, NOW)
    second = services.organisation.seed("T1", seed, NOW)

    assert first.units_added == len(seed.units) > 10 and first.units_updated == 0
    assert (second.units_added, second.units_updated) == (0, 0)
    units = all_rows(engine, Unit)
    names = {u.name for u in units}
    for actor in (
        "Polisen",
        "Räddningstjänsten Syd",
        "Fastighets- och gatukontoret",
        "Arbetsmarknads- och socialförvaltningen",
        "Fritidsförvaltningen",
        "Grundskoleförvaltningen",
        "Gymnasie- och vuxenutbildningsförvaltningen",
        "Miljöförvaltningen",
        "Trygghetspatrullerna",
    ):
        assert any(name.startswith(actor) for name in names), actor
    assert {u.area for u in units if u.kind == "school"} == {
        "Norr",
        "Öster",
        "Söder",
        "Väster",
        "Innerstaden",
    }
    assert all(u.team_id == "T1" for u in units)


def test_members_get_their_unit_and_roles(engine: Engine, database_url: str):
    services = services_with(engine, database_url, FakeNotifier())
    document = {
        "enhet": [
            {"namn": "Polisen", "typ": "aktör"},
            {"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Väster", "granskare": "U0CHIEF"},
        ],
        "medlem": [
            {"slack_id": "U0COP", "enhet": "Polisen", "roller": ["deltagare"]},
            {"slack_id": "U0CHAIR", "roller": ["ordförande", "admin"]},
        ],
    }
    services.organisation.seed("T1", parse_seed(document), NOW)
    services.organisation.seed("T1", parse_seed(document), NOW)

    with unit_of_work(session_factory(engine)) as uow:
        cop = uow.members.get("T1", "U0COP")
        chair = uow.members.get("T1", "U0CHAIR")
        assert cop.unit.name == "Polisen" and [r.role for r in cop.roles] == ["participant"]
        assert chair.unit is None and sorted(r.role for r in chair.roles) == ["admin", "chair"]
        assert uow.units.by_name("T1", "holmaskolan").reviewer_user_id == "U0CHIEF"
    assert len(all_rows(engine, Member)) == 2


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"enhet": [{"namn": "X", "typ": "skola"}]}, "en skola behöver 'stadsomrade'"),
        ({"enhet": [{"namn": "X", "typ": "kiosk"}]}, "'typ' ska vara en av"),
        ({"enhet": [{"namn": "X", "typ": "aktör", "stadsomrade": "Mars"}]}, "'stadsomrade' ska vara en av"),
        ({"enhet": [{"namn": "X", "typ": "aktör"}, {"namn": "x", "typ": "aktör"}]}, "finns redan"),
        ({"medlem": [{"slack_id": "anna"}]}, "'slack_id'"),
        ({"medlem": [{"slack_id": "U0AB", "enhet": "Okänd"}]}, "finns inte bland filens"),
        ({"medlem": [{"slack_id": "U0AB", "roller": ["kung"]}]}, "okänd roll"),
    ],
)
def test_seed_errors_say_where(document: dict, message: str):
    with pytest.raises(SeedError, match=message):
        parse_seed(document)
