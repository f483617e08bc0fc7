"""Reading the database in tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url
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


@contextmanager
def postgres_schema(base_url: str, prefix: str = "orat_test") -> Iterator[str]:
    """A PostgreSQL schema of its own (the database is shared), as a URL whose connections use it;
    dropped with everything in it afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(base_url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
