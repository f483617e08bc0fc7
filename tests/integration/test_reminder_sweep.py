"""The reminder sweep's batched writes, on SQLite and PostgreSQL: each reminder queued exactly once
however often the sweep runs, and what the batch insert stores is what a single insert stores."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from bot.app import build_runtime
from bot.config import Settings
from storage.models import Action, OutboxMessage
from storage.uow import session_factory, unit_of_work
from tests.bench import dataset
from tests.support.quiet import QuietNotifier

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _outbox_keys(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(select(OutboxMessage.key)))


def test_the_sweep_run_twice_queues_each_reminder_once(engine: Engine, database_url: str):
    dataset.build(engine, reports=60, open_actions=400)
    services = build_runtime(
        Settings(database_url=database_url, chairs=("UCHAIR1", "UCHAIR2")),
        engine=engine,
        notifier=QuietNotifier(),
    ).services
    morning = (dataset.NOW + timedelta(days=1)).astimezone(dataset.TZ).replace(hour=8, minute=0)

    first = services.actions.remind(dataset.TEAM, morning)
    after_first = _outbox_keys(engine)
    again = services.actions.remind(dataset.TEAM, morning)
    a_minute_later = services.actions.remind(dataset.TEAM, morning + timedelta(minutes=1))
    after_all = _outbox_keys(engine)

    assert first["reminders"] > 0 and first["escalations"] > 0
    assert len(after_first) == first["reminders"] + first["escalations"]
    assert again == a_minute_later == {"reminders": 0, "escalations": 0}
    assert Counter(after_all) == Counter(after_first)  # nothing added, nothing twice
    assert max(Counter(after_all).values()) == 1
    # Every action was given its next reminder day, and the escalated ones are flagged.
    with engine.connect() as connection:
        unset = connection.scalar(
            select(Action.id).where(Action.status == "open", Action.next_reminder_on.is_(None))
        )
        flagged = set(connection.scalars(select(Action.id).where(Action.flagged.is_(True))))
    assert unset is None
    escalated = {int(key.split(":")[1]) for key in after_all if key.startswith("escalation:")}
    assert flagged == escalated


def test_a_batch_insert_stores_what_it_is_given_and_skips_queued_keys(engine: Engine):
    sessions = session_factory(engine)
    stale = NOW + timedelta(hours=12)
    with unit_of_work(sessions) as uow:
        assert uow.outbox.add(
            team_id="T1",
            key="k1",
            kind="reminder",
            channel="U1",
            payload={"text": "först"},
            not_before=NOW,
            now=NOW,
        )
    messages = [
        {"key": "k1", "kind": "reminder", "channel": "U1", "payload": {"text": "igen"}},
        {
            "key": "k2",
            "kind": "reminder",
            "channel": "U2",
            "payload": {"text": "Åtgärd ✓", "blocks": [{"a": 1}]},
            "stale_at": stale,
        },
        {"key": "k3", "kind": "digest", "channel": "U3", "payload": {"text": "c"}, "after_key": "k2"},
    ]
    with unit_of_work(sessions) as uow:
        added = uow.outbox.add_many("T1", messages, NOW)
        existing = uow.outbox.existing_keys("T1", ["k1", "k2", "k3", "k4"])
    assert added == {"k2", "k3"}
    assert existing == {"k1", "k2", "k3"}
    with unit_of_work(sessions) as uow:
        assert uow.outbox.add_many("T1", messages, NOW) == set()
        rows = {m.key: m for m in uow.session.scalars(select(OutboxMessage))}
        assert rows["k1"].payload == {"text": "först"}
        assert rows["k2"].payload == {"text": "Åtgärd ✓", "blocks": [{"a": 1}]}
        assert rows["k2"].stale_at == stale and rows["k2"].stale_at.tzinfo is not None
        assert rows["k3"].after_key == "k2" and rows["k3"].stale_at is None
        assert (rows["k3"].status, rows["k3"].attempts, rows["k3"].version) == ("pending", 0, 0)
        assert rows["k3"].not_before == rows["k3"].due_at == rows["k3"].created_at == NOW
