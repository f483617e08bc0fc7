"""What reaches the app: only form-encoded or JSON bodies, read once and handed to Bolt exactly as
checked; only the installed workspace; no bidirectional controls in what is posted."""

from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import urlencode

import pytest

from bot.domain.organisation import parse_seed
from bot.domain.reports import ReportInput
from handlers.ids import REPORT_VIEW
from storage.models import Meeting, Report, Unit
from tests.conftest import STOCKHOLM, RunningApp
from tests.support.db import all_rows, counts, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import report_values

OTHER_TEAM = "T0OTHER"
COMMAND = {
    "command": "/rapportera",
    "text": "Brand vid entrén",
    "user_id": "UHEAD1",
    "team_id": TEAM_ID,
    "trigger_id": "1.2.3",
    "response_url": "http://127.0.0.1:9/unused",
}


def seed(app: RunningApp) -> int:
    services = app.runtime.services
    units = {"enhet": [{"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"}]}
    services.organisation.seed(TEAM_ID, parse_seed(units), services.clock())
    return all_rows(app.runtime.engine, Unit)[0].id


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/xml", "image/png", "multipart/form-data; boundary=x", ""],
)
def test_a_signed_body_of_another_content_type_is_415_and_stores_nothing(
    app_server: RunningApp, fake_slack: FakeSlack, content_type: str
):
    seed(app_server)
    before = counts(app_server.runtime.engine)
    result = app_server.slack.post(urlencode(COMMAND).encode(), content_type=content_type)
    assert result.status == 415
    assert counts(app_server.runtime.engine) == before
    assert fake_slack.calls_to("views.open") == []


def _submission(team: str = TEAM_ID) -> dict:
    return {
        "type": "view_submission",
        "team": {"id": team},
        "user": {"id": "UHEAD1", "team_id": team},
        "view": {"id": "V1", "callback_id": REPORT_VIEW, "state": {"values": []}},  # not what Slack sends
    }


@pytest.mark.parametrize(
    "body",
    [
        # A form as the web layer reads it, JSON as Bolt would have read it: one reading now.
        b'{"type": "view_submission", "view": {"type": "modal", "state": {"values": []}}, '
        b'"user": {"id": "UHEAD1"}, "team": {"id": "T0ORAT"}, "pad": "="}',
        json.dumps(_submission()).encode(),
        b"payload=" + json.dumps(_submission()).encode(),
        # The same field twice: which one counts would be a guess.
        urlencode([*COMMAND.items(), ("user_id", "UADMIN1")]).encode(),
        urlencode([*COMMAND.items(), ("team_id", OTHER_TEAM)]).encode(),
        b"ssl_check=0&token=x",
    ],
)
def test_a_body_read_one_way_by_us_and_another_by_bolt_is_a_4xx(
    app_server: RunningApp, fake_slack: FakeSlack, body: bytes
):
    seed(app_server)
    before = counts(app_server.runtime.engine)
    result = app_server.slack.post(body)
    assert 400 <= result.status < 500, result.body
    assert counts(app_server.runtime.engine) == before
    assert fake_slack.calls_to("views.open") == [] and fake_slack.calls_to("chat.postMessage") == []


def test_a_command_mentioning_payload_is_served(app_server: RunningApp, fake_slack: FakeSlack):
    """Bolt alone reads any form containing "payload" as an interaction (and finds none)."""
    seed(app_server)
    result = app_server.slack.command("/rapportera", "Någon skrev payload på väggen")
    assert result.status == 200
    [opened] = fake_slack.wait_for("views.open")
    assert "Någon skrev payload på väggen" in json.dumps(opened.args["view"], ensure_ascii=False)


def test_another_workspace_is_refused_and_nothing_is_stored_or_posted(
    app_server: RunningApp, fake_slack: FakeSlack
):
    unit_id = seed(app_server)
    before = counts(app_server.runtime.engine)

    command = app_server.slack.command("/rapportera", "Brand", team=OTHER_TEAM)
    assert command.status == 200 and "inte installerat i den här arbetsytan" in command.json()["text"]
    assert app_server.slack.command("/orat", "agenda publicera", team=OTHER_TEAM).status == 200
    submitted = app_server.slack.view_submission(
        {"type": "modal", "callback_id": REPORT_VIEW, "private_metadata": "{}", "blocks": []},
        report_values(unit_id=unit_id),
        team=OTHER_TEAM,
    )
    assert submitted.status == 403
    assert app_server.slack.home_opened("UHEAD1", team=OTHER_TEAM).status == 403

    assert counts(app_server.runtime.engine) == before
    assert all_rows(app_server.runtime.engine, Report) == []
    methods = {c.method for c in fake_slack.calls}
    assert not methods & {"views.open", "views.publish", "chat.postMessage"}, methods

    # The installed workspace is served as before.
    assert app_server.slack.command("/rapportera", "Brand").status == 200
    fake_slack.wait_for("views.open")


def test_bidirectional_controls_never_reach_a_post(app_server: RunningApp, fake_slack: FakeSlack):
    unit_id = seed(app_server)
    assert app_server.slack.command("/rapportera").status == 200
    view = fake_slack.wait_for("views.open")[0].args["view"]
    place = "Entrén \u202etxt.exe\u202c vid \u2066parken\u2069"
    values = report_values(unit_id=unit_id, place=place, description="Brand \u200fi\u200e soptunnan")
    assert app_server.slack.view_submission(view, values).json()["response_action"] == "update"
    wait_until_delivered(app_server.runtime.engine)

    posted = json.dumps([c.args for c in fake_slack.calls], ensure_ascii=False)
    assert "Entrén txt.exe vid parken" in posted
    for control in ("\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\u200e"):
        assert control not in posted


def test_rows_another_workspace_left_get_no_scheduled_work(app_server: RunningApp, fake_slack: FakeSlack):
    """Stored before requests from other workspaces were refused: the scheduler leaves them alone,
    so nothing of theirs is published in this workspace's meeting channel."""
    services = app_server.runtime.services
    units = {"enhet": [{"namn": "Främmande skolan", "typ": "skola", "stadsomrade": "Norr"}]}
    services.organisation.seed(OTHER_TEAM, parse_seed(units), services.clock())
    foreign_unit = all_rows(app_server.runtime.engine, Unit)[0].id
    services.reports.file_report(
        team_id=OTHER_TEAM,
        user_id="UFOREIGN1",
        view_id=None,
        draft_id=None,
        now=services.clock(),
        report=ReportInput(
            "arson",
            foreign_unit,
            None,
            None,
            "Någon annanstans",
            date(2026, 11, 19),
            None,
            "Främmande",
            False,
        ),
    )
    result = services.tick(datetime(2026, 11, 24, 8, 0, tzinfo=STOCKHOLM))

    assert result["agendas_published"] == 1  # this workspace's (empty) agenda
    posted = json.dumps([c.args for c in fake_slack.calls_to("chat.postMessage")], ensure_ascii=False)
    assert "Främmande" not in posted and "Någon annanstans" not in posted
    meetings = {m.team_id: m for m in all_rows(app_server.runtime.engine, Meeting)}
    assert meetings[OTHER_TEAM].agenda_published_at is None
