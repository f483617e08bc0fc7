"""Reading the database in tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from storage.models import AuditEvent, Member, OutboxMessage, Report, ReportDraft, Unit


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Report, OutboxMessage, AuditEvent, Unit, Member, ReportDraft)
        }


def all_rows(engine: Engine, model: type) -> list[Any]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(model).order_by(model.id)).all())


def wait_until_delivered(engine: Engine, timeout: float = 5.0, *, now: datetime | None = None) -> None:
    """Wait for the outbox to be empty of pending and claimed messages (posts made after an ack
    run in Bolt's listener thread, after the HTTP answer). With ``now``, messages not due before a
    later time (a question in two weeks) do not count."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy_filter = OutboxMessage.status.in_(("pending", "claimed"))
        if now is not None:
            busy_filter = busy_filter & (OutboxMessage.not_before <= now)
        with Session(engine) as session:
            busy = session.scalar(select(func.count()).select_from(OutboxMessage).where(busy_filter))
        if not busy:
            return
        time.sleep(0.02)
    raise AssertionError("outbox messages still undelivered")
