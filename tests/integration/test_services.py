"""Services with a fake Notifier, on SQLite and PostgreSQL."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.app import build_runtime
from bot.config import Settings
from bot.domain.organisation import SeedError, parse_seed
from bot.notifier import DeliveryError, Posted
from storage.models import Member, OutboxMessage, Unit
from storage.uow import session_factory, unit_of_work
from tests.support.db import all_rows

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "malmo.toml"


class FakeNotifier:
    """Answers each post with the next scripted outcome (an exception to raise, or success). An
    ambiguous error is raised *after* the post was accepted, as when the connection drops."""

    def __init__(self, *outcomes: DeliveryError | None) -> None:
        self.outcomes = list(outcomes)
        self.posts: list[tuple[str, str]] = []  # every attempt
        self.accepted: dict[str, Posted] = {}  # idempotency key → what Slack has
        self.lookups = 0

    def post(
        self,
        channel: str,
        text: str,
        blocks: list | None = None,
        *,
        thread_ts: str | None = None,
        idempotency_key: str | None = None,
    ) -> Posted:
        self.posts.append((channel, text))
        outcome = self.outcomes.pop(0) if self.outcomes else None
        posted = Posted(channel="D" + channel[1:], ts=f"1700000000.{len(self.posts):06d}")
        if outcome is not None and not outcome.ambiguous:
            raise outcome
        if idempotency_key is not None:
            self.accepted[idempotency_key] = posted
        if outcome is not None:
            raise outcome
        return posted

    def update(self, channel: str, ts: str, text: str, blocks: list | None = None) -> Posted:
        self.posts.append((channel, text))
        return Posted(channel=channel, ts=ts)

    def find_posted(self, channel: str, idempotency_key: str, since: datetime) -> Posted | None:
        self.lookups += 1
        return self.accepted.get(idempotency_key)


def services_with(engine: Engine, database_url: str, notifier: FakeNotifier, chairs: tuple[str, ...] = ()):
    settings = Settings(database_url=database_url, chairs=chairs)
    return build_runtime(settings, engine=engine, notifier=notifier, clock=lambda: NOW).services


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


def test_server_errors_back_off_within_five_minutes_and_give_up_after_the_horizon(
    engine: Engine, database_url: str
):
    notifier = FakeNotifier(*[DeliveryError("internal_error", permanent=False)] * 400)
    services = services_with(engine, database_url, notifier, chairs=("UCHAIR1",))
    queue(engine)
    at, delays = NOW, []
    while at < NOW + timedelta(hours=25):
        services.tick(at)
        [message, *_] = all_rows(engine, OutboxMessage)
        if message.status == "failed":
            break
        delays.append(int((message.not_before - at).total_seconds()))
        at = message.not_before
    # Tried all day, at most five minutes apart: Slack back after an outage is used at once.
    assert delays[:6] == [30, 60, 120, 240, 300, 300] and max(delays) == 300
    assert at >= NOW + timedelta(hours=24) and 280 < message.attempts < 300
    assert message.status == "failed" and message.last_error == "horizon:internal_error"
    # The chairs are told, once, in a summary that waits for Slack like any message.
    summary = [m for m in all_rows(engine, OutboxMessage) if m.kind == "undelivered"]
    assert [(m.channel, m.status) for m in summary] == [("UCHAIR1", "pending")]
    assert message.noticed_at is not None
    services.tick(at + timedelta(minutes=10))
    assert len([m for m in all_rows(engine, OutboxMessage) if m.kind == "undelivered"]) == 1


def test_a_permanent_error_is_not_retried_and_the_chairs_hear_of_it_once(engine: Engine, database_url: str):
    notifier = FakeNotifier(DeliveryError("invalid_blocks", permanent=True))
    services = services_with(engine, database_url, notifier, chairs=("UCHAIR1",))
    queue(engine)
    first = services.tick(NOW)
    assert (first["failed"], first["undelivered_noticed"], first["sent"]) == (1, 1, 1)  # the summary
    later = services.tick(NOW + timedelta(days=1))
    assert (later["sent"], later["retried"], later["failed"], later["undelivered_noticed"]) == (0, 0, 0, 0)
    assert [channel for channel, _ in notifier.posts] == ["U1", "UCHAIR1"]
    assert "inte kom fram" in notifier.posts[1][1]


def test_a_rate_limit_pauses_the_whole_workspace(engine: Engine, database_url: str):
    notifier = FakeNotifier(DeliveryError("ratelimited", permanent=False, retry_after=30))
    services = services_with(engine, database_url, notifier)
    for n in range(5):
        queue(engine, f"k{n}")

    first = services.tick(NOW)
    assert (first["sent"], first["retried"]) == (0, 1)
    assert len(notifier.posts) == 1  # nothing more asked of Slack inside Retry-After
    assert services.tick(NOW + timedelta(seconds=29))["sent"] == 0 and len(notifier.posts) == 1
    assert services.tick(NOW + timedelta(seconds=30))["sent"] == 5
    assert [m.attempts for m in all_rows(engine, OutboxMessage)] == [2, 1, 1, 1, 1]


def test_an_ambiguous_failure_is_looked_up_not_posted_again(engine: Engine, database_url: str):
    notifier = FakeNotifier(DeliveryError("RemoteDisconnected", permanent=False, ambiguous=True))
    services = services_with(engine, database_url, notifier)
    queue(engine)

    assert services.tick(NOW)["retried"] == 1
    assert services.tick(NOW + timedelta(minutes=1))["sent"] == 1
    assert len(notifier.posts) == 1 and notifier.lookups == 1
    [message] = all_rows(engine, OutboxMessage)
    assert (message.status, message.slack_ts, message.ambiguous_since) == ("sent", "1700000000.000001", None)


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
