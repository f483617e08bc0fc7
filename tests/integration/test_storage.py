"""Storage on SQLite and PostgreSQL: time zones, constraints, migrations, numbering, outbox claims."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from storage.models import AuditEvent, Base, Meeting, Report, Unit
from storage.uow import session_factory, unit_of_work
from tests.support.workspaces import slack_metadata

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_migrations_produce_exactly_the_models(engine: Engine):
    """The models, and slack_sdk's installation and OAuth state tables exactly as its stores define
    them (migration 0017)."""
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), [Base.metadata, slack_metadata()])
    assert diff == []


def test_timestamps_come_back_aware_in_utc(engine: Engine):
    stockholm_winter = datetime(2026, 1, 15, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    with Session(engine) as session:
        session.add(
            Meeting(
                team_id="T1",
                starts_at=stockholm_winter,
                regular_starts_at=stockholm_winter,
                cutoff_at=stockholm_winter,
                created_at=NOW,
            )
        )
        session.commit()
    with Session(engine) as session:
        meeting = session.scalars(select(Meeting)).one()
        assert meeting.starts_at == datetime(2026, 1, 15, 8, 0, tzinfo=UTC)
        assert meeting.starts_at.utcoffset() == timedelta(0)
        # Ordering and comparison in SQL work on the UTC instant.
        later = session.scalar(
            select(Meeting).where(Meeting.starts_at > datetime(2026, 1, 15, 7, 59, tzinfo=UTC))
        )
        assert later is not None


def test_naive_timestamps_are_refused(engine: Engine):
    with Session(engine) as session:
        naive = datetime(2026, 1, 15, 9)
        session.add(
            Meeting(team_id="T1", starts_at=naive, regular_starts_at=NOW, cutoff_at=NOW, created_at=NOW)
        )
        with pytest.raises(StatementError, match="naive datetime refused"):
            session.commit()


def test_foreign_keys_are_enforced(engine: Engine):
    with Session(engine) as session:
        session.add(
            Report(
                team_id="T1",
                year=2026,
                number=1,
                reference="ÖMM-2026-0001",
                reporter_user_id="U1",
                unit_id=999,
                category="arson",
                place="x",
                occurred_on=date(2026, 11, 19),
                description="x",
                status="new",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()


def test_the_unit_of_work_leaves_nothing_half_written(engine: Engine):
    sessions = session_factory(engine)
    with pytest.raises(RuntimeError), unit_of_work(sessions) as uow:
        uow.units.add(Unit(team_id="T1", name="Halv skola", kind="school", area="Norr", created_at=NOW))
        raise RuntimeError("crash after the first write")
    with Session(engine) as session:
        assert session.scalars(select(Unit)).all() == []


def test_audit_events_are_append_only(engine: Engine):
    sessions = session_factory(engine)
    with unit_of_work(sessions) as uow:
        uow.audit.record(
            team_id="T1",
            at=NOW,
            actor_user_id="U1",
            event="report.created",
            subject_type="report",
            subject_id=1,
            surface="modal",
        )
    with pytest.raises(PermissionError), unit_of_work(sessions) as uow:
        event = uow.session.scalars(select(AuditEvent)).one()
        event.event = "report.deleted"
        uow.session.flush()
    with pytest.raises(PermissionError), unit_of_work(sessions) as uow:
        uow.session.delete(uow.session.scalars(select(AuditEvent)).one())
        uow.session.flush()


def test_reference_numbers_are_unique_under_concurrency(engine: Engine):
    sessions = session_factory(engine)
    numbers: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def take(count: int) -> None:
        try:
            for _ in range(count):
                with unit_of_work(sessions) as uow:
                    number = uow.reports.next_number("T1", 2026)
                with lock:
                    numbers.append(number)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=take, args=(10,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 61))
    with unit_of_work(sessions) as uow:
        assert uow.reports.next_number("T1", 2027) == 1  # a new year starts again at 1
        assert uow.reports.next_number("T2", 2026) == 1  # and every workspace has its own series


def test_an_outbox_key_is_queued_once(engine: Engine):
    sessions = session_factory(engine)
    with unit_of_work(sessions) as uow:
        first = uow.outbox.add(
            team_id="T1",
            key="reminder:1:due",
            kind="reminder",
            channel="U1",
            payload={"text": "a"},
            not_before=NOW,
            now=NOW,
        )
        again = uow.outbox.add(
            team_id="T1",
            key="reminder:1:due",
            kind="reminder",
            channel="U1",
            payload={"text": "b"},
            not_before=NOW,
            now=NOW,
        )
        other_team = uow.outbox.add(
            team_id="T2",
            key="reminder:1:due",
            kind="reminder",
            channel="U1",
            payload={"text": "c"},
            not_before=NOW,
            now=NOW,
        )
    assert (first, again, other_team) == (True, False, True)


def test_a_message_is_claimed_by_one_process_and_reclaimed_after_its_lease(engine: Engine):
    sessions = session_factory(engine)
    lease = timedelta(minutes=5)
    with unit_of_work(sessions) as uow:
        uow.outbox.add(team_id="T1", key="k", kind="x", channel="U1", payload={}, not_before=NOW, now=NOW)
        uow.outbox.add(
            team_id="T1",
            key="later",
            kind="x",
            channel="U1",
            payload={},
            not_before=NOW + timedelta(hours=1),
            now=NOW,
        )
    with unit_of_work(sessions) as uow:
        assert [m.key for m in uow.outbox.claim_due(NOW, lease=lease)] == ["k"]
    with unit_of_work(sessions) as uow:
        assert uow.outbox.claim_due(NOW + timedelta(minutes=4), lease=lease) == []
    with unit_of_work(sessions) as uow:
        # The claimer died without recording anything: after the lease the message is due again.
        [again] = uow.outbox.claim_due(NOW + timedelta(minutes=6), lease=lease)
        assert (again.key, again.attempts) == ("k", 2)


def test_concurrent_claimers_never_share_a_message(engine: Engine):
    sessions = session_factory(engine)
    with unit_of_work(sessions) as uow:
        for i in range(40):
            uow.outbox.add(
                team_id="T1", key=f"m{i}", kind="x", channel=f"U{i}", payload={}, not_before=NOW, now=NOW
            )
    claimed: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def claim() -> None:
        barrier.wait()
        while True:
            with unit_of_work(sessions) as uow:
                batch = [m.key for m in uow.outbox.claim_due(NOW, lease=timedelta(minutes=5), limit=3)]
            if not batch:
                return
            with lock:
                claimed.extend(batch)

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(f"m{i}" for i in range(40))


def test_messages_to_one_conversation_are_claimed_in_the_order_they_were_meant(engine: Engine):
    sessions = session_factory(engine)
    lease = timedelta(minutes=5)
    with unit_of_work(sessions) as uow:
        for key, due in (("agenda", NOW), ("minutes", NOW + timedelta(hours=3)), ("other", NOW)):
            channel = "U2" if key == "other" else "C1"
            uow.outbox.add(
                team_id="T1", key=key, kind="x", channel=channel, payload={}, not_before=due, now=NOW
            )
        # The agenda failed and waits for a retry until after the minutes became due.
        agenda, other = uow.outbox.claim_due(NOW, lease=lease)
        assert (agenda.key, other.key) == ("agenda", "other")
        uow.outbox.mark_retry(agenda.id, not_before=NOW + timedelta(hours=4), error="fatal_error")
        uow.outbox.mark_sent(other.id, channel="D2", ts="1.1", now=NOW)
    later = NOW + timedelta(hours=3, minutes=30)
    with unit_of_work(sessions) as uow:
        assert uow.outbox.claim_due(later, lease=lease) == []  # the minutes wait for the agenda
    with unit_of_work(sessions) as uow:
        assert [m.key for m in uow.outbox.claim_due(later + timedelta(hours=1), lease=lease)] == ["agenda"]


def test_the_sandbox_finds_when_held_back_messages_are_due(engine: Engine):
    """``held_until``: the pending messages of one workspace held until a moment in (after, until]."""
    sessions = session_factory(engine)
    with unit_of_work(sessions) as uow:
        queued = (("T1", "now", 0), ("T1", "asked", 48), ("T1", "far", 400), ("T2", "other", 48))
        for team, key, hours in queued:
            uow.outbox.add(
                team_id=team,
                key=key,
                kind="solved_check" if key == "asked" else "x",
                channel="U1",
                payload={},
                not_before=NOW + timedelta(hours=hours),
                now=NOW,
            )
    with unit_of_work(sessions) as uow:
        held = uow.outbox.held_until("T1", NOW, NOW + timedelta(days=14))
        assert held == [(NOW + timedelta(hours=48), "solved_check")]
        assert held[0][0].tzinfo is not None
        assert uow.outbox.held_until("T1", NOW + timedelta(hours=48), NOW + timedelta(days=14)) == []
