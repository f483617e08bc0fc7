"""A report written to do harm (mentions, a disguised link, a child's personnummer) goes the whole way
– modal, agenda, responsibility, done, minutes, preview, export, /orat rapport – and no post carries a
live mention, a link or the number, and none of its text reaches the logs (captured at DEBUG)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.cli import configure_logging
from handlers.ids import REPORT_BLOCKS
from storage.models import Action, AgendaItem, Report
from tests.conftest import STOCKHOLM, RunningApp
from tests.e2e.test_report_flow import PIN_WARNING, POLICE, SCHOOL, open_modal, seed_units
from tests.e2e.test_responsibility_flow import click, values
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import FakeSlack
from tests.support.modal import report_values

CHAIR, COP, HEAD = "UCHAIR1", "UCOP1", "UHEAD1"
PNR = "120315-2382"  # Luhn-valid: a child born 15 March 2012
PNR_DIGITS = ("120315", "2382", "1203152382")
SAMORDNING = "100764-1234"  # samordningsnummer: day 04 + 60
HARM = (
    f"<!channel> Pojken ({PNR}) och <@UEVIL1> syns på "
    "<https://evil.example/login|skolans schema>, se även https://evil.example/x"
)
PLACE = f"Bakom idrottshallen, samordningsnr {SAMORDNING}"
PUBLISH = datetime(2026, 11, 24, 8, 0, tzinfo=STOCKHOLM)
FRAGMENTS = (
    "Pojken",
    "evil.example",
    "UEVIL1",
    "idrottshallen",
    "Stoppa <!here>",
    "Gruppen skingrad",
    *PNR_DIGITS,
)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The bot's own logging set-up at its most talkative level, captured."""
    names = ("slack_sdk", "slack_bolt", "urllib3", "werkzeug", "websocket", "sqlalchemy", "apscheduler")
    before = {name: logging.getLogger(name).level for name in names}
    configure_logging("DEBUG")
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog
    finally:
        for name, level in before.items():
            logging.getLogger(name).setLevel(level)


def _mrkdwn_objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            yield node
        for value in node.values():
            yield from _mrkdwn_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _mrkdwn_objects(value)


def test_a_harmful_report_leaves_no_live_mention_link_or_number_anywhere(
    app_server: RunningApp, fake_slack: FakeSlack, clock, debug_logs
):
    units = seed_units(app_server, [SCHOOL, POLICE], [{"slack_id": COP, "enhet": "Polisen"}])
    engine = app_server.runtime.engine

    # The modal: the number is pointed out under each field that holds one; the reporter sends again.
    modal = open_modal(app_server, fake_slack)
    state = report_values(unit_id=units["Rosengårdsskolan"], place=PLACE, description=HARM)
    first = app_server.slack.view_submission(modal, state, view_id="V0PIN")
    assert first.json() == {
        "response_action": "errors",
        "errors": {REPORT_BLOCKS["place"]: PIN_WARNING, REPORT_BLOCKS["description"]: PIN_WARNING},
    }
    assert all_rows(engine, Report) == []

    second = app_server.slack.view_submission(modal, state, view_id="V0PIN")
    assert second.json()["response_action"] == "update"  # the reference
    [report] = all_rows(engine, Report)
    assert PNR not in report.description and SAMORDNING not in report.place
    assert "[personnummer]" in report.description and "[personnummer]" in report.place
    assert "<!channel>" in report.description  # stored as typed otherwise; escaped when posted
    wait_until_delivered(engine, now=clock())  # the receipt, sent after the ack

    # The meeting: agenda, responsibility with a careless action text, done, minutes.
    app_server.runtime.services.tick(PUBLISH)
    wait_until_delivered(engine)
    clock.now = PUBLISH + timedelta(hours=1, minutes=10)
    [agenda] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "C0MEETING"]
    click(app_server, fake_slack, agenda, "item_take", COP)
    take = fake_slack.wait_for("views.open", 2)[-1].args["view"]
    action_text = f"Stoppa <!here> gruppen, kontakta vårdnadshavare till {PNR}"
    app_server.slack.view_submission(take, values(units["Polisen"], COP, action_text, "2026-12-15"), user=COP)
    fake_slack.wait_for("chat.update")
    [action] = all_rows(engine, Action)
    assert PNR not in action.description
    done = app_server.runtime.services.actions.done(
        "T0ORAT", COP, action.id, f"Gruppen skingrad, {PNR} pratat med", clock()
    )
    app_server.runtime.services.outbox.dispatch(clock(), keys=done.notification_keys)
    app_server.slack.command("/orat", "protokoll", user=CHAIR)
    app_server.slack.command("/orat", "agenda", user=CHAIR)
    app_server.slack.command("/orat", "agenda export", user=CHAIR)
    app_server.slack.command("/orat", f"rapport {report.reference}", user=HEAD)
    fake_slack.wait_for("response_url", 4)
    wait_until_delivered(engine, now=clock())

    # Every call the bot made to Slack, every uploaded file.
    calls = [c for c in fake_slack.calls if not c.method.startswith("upload/")]
    posted = json.dumps([c.args for c in calls], ensure_ascii=False)
    files = "\n".join(fake_slack.uploaded())
    assert "Pojken" in posted and "evil.example" in posted  # the report did go out…
    for everything in (posted, files):
        for live in ("<!channel>", "<!here>", "<@UEVIL1>", "<https://evil", "<http"):
            assert live not in everything.replace("\\<", ""), live  # Markdown's escaped \<…\> is inert
        for digits in PNR_DIGITS:
            assert digits not in everything, digits
        assert SAMORDNING not in everything
    # … and Slack is told not to turn bare URLs in it into links.
    for call in calls:
        for text in _mrkdwn_objects(call.args.get("blocks") or call.args.get("view") or []):
            if "evil.example" in text["text"]:
                assert text.get("verbatim") is True, text
        assert "evil.example" not in str(call.args.get("text", "")), call.method  # notification text

    # Nothing of it in the logs, at DEBUG.
    logged = "\n".join(r.getMessage() for r in debug_logs.records)
    assert logged, "the logs were captured"
    leaked = [f for f in FRAGMENTS if f in logged]
    assert leaked == []
    assert all_rows(engine, AgendaItem)


def test_numbers_pasted_from_word_are_pointed_out_and_masked_but_a_future_date_is_not(
    app_server: RunningApp, fake_slack: FakeSlack
):
    # Issue 14, defect 11: a no-break space and an en dash (pasted from Word or a PDF), an unformatted
    # number after "ringde om", and in the place a case number dated after today (20 November 2026).
    units = seed_units(app_server, [SCHOOL, POLICE])
    engine = app_server.runtime.engine
    pasted = ("0503121238", "120315\u00a02382", "811218\u20139876")
    description = (
        f"Mamma ringde om {pasted[0]} i morse. Hans bror ({pasted[1]}) och en kompis, {pasted[2]}, "
        "kastade sten mot bussen."
    )
    place = "Busshållplatsen, ärende 20270115-0043 hos Skånetrafiken"
    modal = open_modal(app_server, fake_slack)
    state = report_values(unit_id=units["Rosengårdsskolan"], place=place, description=description)

    first = app_server.slack.view_submission(modal, state, view_id="V0PASTED")
    errors = {REPORT_BLOCKS["description"]: PIN_WARNING}
    assert first.json() == {"response_action": "errors", "errors": errors}
    assert all_rows(engine, Report) == []

    second = app_server.slack.view_submission(modal, state, view_id="V0PASTED")
    assert second.json()["response_action"] == "update"
    [report] = all_rows(engine, Report)
    assert report.description == (
        "Mamma ringde om [personnummer] i morse. Hans bror ([personnummer]) och en kompis, "
        "[personnummer], kastade sten mot bussen."
    )
    assert report.place == place  # no one is born in 2027: kept as typed
    wait_until_delivered(engine)
    posted = json.dumps([c.args for c in fake_slack.calls], ensure_ascii=False)
    for digits in (*pasted, "120315", "811218", "9876"):
        assert digits not in posted, digits
