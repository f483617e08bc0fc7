"""Whether a reporter is a guest is asked of Slack (``users.info``) when the report modal opens, and
the answer travels in the modal's private_metadata: the submit, even when another gunicorn worker
takes it, does not ask Slack again (a burst of submits waits for no Web API call), a guest stays a
guest, and an answer older than the hour the bot keeps it is not trusted (issue 17, item 3)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from wsgiref.simple_server import WSGIServer

import pytest
from werkzeug.serving import make_server

from bot.app import build_runtime
from bot.config import Settings
from storage.models import Report
from tests.conftest import Clock, RunningApp
from tests.e2e.test_guests import GUARD, GUEST, open_form, seed
from tests.support.db import all_rows
from tests.support.fake_slack import FakeSlack
from tests.support.modal import report_values
from tests.support.slack_requests import SlackSender


@pytest.fixture
def other_worker(settings: Settings, engine, clock: Clock, fake_slack: FakeSlack) -> Iterator[RunningApp]:
    """A second app on the same database, as gunicorn's second worker: its own caches."""
    from bot.web import create_wsgi_app

    runtime = build_runtime(settings, clock=clock, engine=engine)
    server: WSGIServer = make_server("127.0.0.1", 0, create_wsgi_app(runtime), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield RunningApp(
            url=url, slack=SlackSender(url, response_url=fake_slack.response_url), runtime=runtime
        )
    finally:
        server.shutdown()
        thread.join(timeout=5)


def asked(fake: FakeSlack, user: str) -> int:
    return sum(1 for c in fake.calls_to("users.info") if c.args.get("user") == user)


def test_the_submit_in_another_worker_does_not_ask_slack_again(
    app_server: RunningApp, other_worker: RunningApp, fake_slack: FakeSlack
):
    units = seed(app_server)
    form = open_form(app_server, fake_slack, GUARD)
    assert asked(fake_slack, GUARD) == 1

    answer = other_worker.slack.view_submission(
        form, report_values(unit_id=units["Securitas"]), user=GUARD, view_id="VCARRIED1"
    )

    assert answer.json()["response_action"] == "update"
    assert [r.slack_view_id for r in all_rows(app_server.runtime.engine, Report)] == ["VCARRIED1"]
    assert asked(fake_slack, GUARD) == 1


def test_a_guest_stays_a_guest_in_the_other_worker(
    app_server: RunningApp, other_worker: RunningApp, fake_slack: FakeSlack
):
    seed(app_server)
    fake_slack.guest_users.add(GUEST)
    form = open_form(app_server, fake_slack, GUEST)
    fake_slack.guest_users.discard(GUEST)  # Slack would now say otherwise: the hour's answer holds

    # A guest names no new unit, whichever worker takes the submit.
    answer = other_worker.slack.view_submission(
        form, report_values(new_unit_name="Nya skolan", new_unit_area="Öster"), user=GUEST, view_id="VG1"
    )

    assert answer.status == 200
    assert answer.json()["response_action"] == "errors"
    assert "bara för sin egen enhet" in answer.json()["errors"]["report_description"]
    assert all_rows(app_server.runtime.engine, Report) == []
    assert asked(fake_slack, GUEST) == 1


def test_an_answer_older_than_the_hour_is_asked_again(
    app_server: RunningApp, other_worker: RunningApp, fake_slack: FakeSlack, clock: Clock
):
    units = seed(app_server)
    form = open_form(app_server, fake_slack, GUARD)
    clock.now += timedelta(hours=1, minutes=1)  # the modal left open over lunch

    answer = other_worker.slack.view_submission(
        form,
        report_values(unit_id=units["Securitas"], occurred_on="2026-11-19"),
        user=GUARD,
        view_id="VLATE1",
    )

    assert answer.json()["response_action"] == "update"
    assert asked(fake_slack, GUARD) == 2


def test_another_users_answer_is_not_taken(
    app_server: RunningApp, other_worker: RunningApp, fake_slack: FakeSlack
):
    """The metadata names whom it was asked for: a modal submitted by someone else (Slack would not
    allow it, but the check does not rely on that) is asked about afresh."""
    units = seed(app_server)
    form = open_form(app_server, fake_slack, GUARD)

    other_worker.slack.view_submission(
        form, report_values(unit_id=units["Rosengårdsskolan"]), user="UHEAD1", view_id="VOTHER1"
    )

    assert asked(fake_slack, "UHEAD1") == 1
