"""Filing a report straight through the service, for tests whose subject comes after the filing."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from bot.domain.reports import ReportInput
from tests.support.fake_slack import TEAM_ID


def file_directly(
    services: Any,
    *,
    user: str,
    unit_id: int,
    category: str,
    place: str,
    occurred_on: date,
    description: str,
    occurred_time: time | None = None,
) -> None:
    """File a valid report as ``user`` at the services' clock, and send its receipt as the web
    worker does after its ack; fails the test if it is refused."""
    result = services.reports.file_report(
        team_id=TEAM_ID,
        user_id=user,
        view_id=None,
        draft_id=None,
        now=services.clock(),
        report=ReportInput(
            category, unit_id, None, None, place, occurred_on, occurred_time, description, False
        ),
    )
    assert not hasattr(result, "errors"), result
    services.outbox.dispatch(services.clock(), keys=result.notification_keys)
