"""Roles as users meet them, end to end: a public meeting channel refused, /orat rapport and
/orat logg for the right people only, /orat admin's modals, and someone deleted from Slack
pseudonymised by the weekly retention run."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.ids import ADMIN_BLOCKS, ADMIN_MEMBER, ADMIN_UNIT_NEW, VALUE
from storage.models import AuditEvent, Member, Report, Unit
from tests.conftest import STOCKHOLM, RunningApp
from tests.e2e.test_agenda_flow import PUBLISH_TIME, SCHOOLS, file_over_http, seed
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack

CHAIR, HEAD, OUTSIDER = "UCHAIR1", "UHEAD1", "UOUTSIDER"


def replies(fake: FakeSlack, count: int) -> list[str]:
    return [c.args["text"] for c in fake.wait_for("response_url", count)]


def ask(app: RunningApp, fake: FakeSlack, text: str, user: str):
    """``/orat text`` and its answer (one at a time: answers come after the ack, in any order)."""
    before = len(fake.calls_to("response_url"))
    app.slack.command("/orat", text, user=user)
    return fake.wait_for("response_url", before + 1)[-1]


def test_report_contents_are_not_posted_in_a_public_channel(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed(app_server)
    file_over_http(app_server, fake_slack, HEAD, unit_id=units["Rosengårdsskolan"])
    fake_slack.public_channels.add("C0MEETING")

    app_server.runtime.services.tick(PUBLISH_TIME)
    wait_until_delivered(app_server.runtime.engine, now=PUBLISH_TIME)

    posts = fake_slack.calls_to("chat.postMessage")
    assert [c for c in posts if c.args["channel"] == "C0MEETING"] == []
    to_chair = [c for c in posts if c.args["channel"] == CHAIR]
    notice, agenda, missed = to_chair
    assert "Dagordningen för tisdag 24 november kl. 09:00 gick aldrig ut" in missed.args["text"]
    assert "publicerade *inte* rapporternas innehåll i <#C0MEETING>" in notice.args["text"]
    assert "kanalen är offentlig" in notice.args["text"]
    assert "Dagordning" in json.dumps(agenda.args["blocks"], ensure_ascii=False)
    assert "ÖMM-2026-0001" in json.dumps(agenda.args["blocks"], ensure_ascii=False)
    with Session(app_server.runtime.engine) as session:
        refused = session.scalars(select(AuditEvent).where(AuditEvent.event == "channel.refused")).one()
    assert refused.details["reason"] == "public"


def test_a_shared_channel_is_refused_too(app_server: RunningApp, fake_slack: FakeSlack):
    units = seed(app_server)
    file_over_http(app_server, fake_slack, HEAD, unit_id=units["Holmaskolan"])
    fake_slack.shared_channels.add("C0MEETING")
    app_server.runtime.services.tick(PUBLISH_TIME)
    wait_until_delivered(app_server.runtime.engine, now=PUBLISH_TIME)
    assert [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "C0MEETING"] == []
    notice = next(c for c in fake_slack.calls_to("chat.postMessage") if "Slack Connect" in c.args["text"])
    assert notice.args["channel"] == CHAIR


def test_rapport_and_logg_show_only_to_those_allowed(app_server: RunningApp, fake_slack: FakeSlack):
    units = seed(app_server)
    reference = file_over_http(app_server, fake_slack, HEAD, unit_id=units["Rosengårdsskolan"])

    own = ask(app_server, fake_slack, f"rapport {reference}", HEAD)
    refused = ask(app_server, fake_slack, f"rapport {reference}", OUTSIDER).args["text"]
    usage = ask(app_server, fake_slack, "rapport", HEAD).args["text"]
    assert own.args["text"] == f"Rapport {reference}"
    assert refused.startswith("Du har inte behörighet att se den rapporten.")
    assert usage == "Skriv rapportens referens, t.ex. `/orat rapport ÖMM-2026-0001`."
    assert "Brand i en papperskorg" in json.dumps(own.args["blocks"], ensure_ascii=False)

    denied = ask(app_server, fake_slack, f"logg {reference}", HEAD).args["text"]
    log = ask(app_server, fake_slack, f"logg {reference.lower()}", CHAIR)
    assert denied == "Det här kan bara mötets ordförande och administratörer göra."
    assert log.args["text"] == f"Logg för {reference}"
    shown = json.dumps(log.args["blocks"], ensure_ascii=False)
    assert "<@UHEAD1> – skapade rapporten (formulär)" in shown
    assert "<@UHEAD1> – tittade på rapporten (kommando)" in shown
    assert "Brand" not in shown and "Cykelparkeringen" not in shown  # no report text in the log
    with Session(app_server.runtime.engine) as session:
        events = [e.event for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert events == ["report.created", "report.viewed", "audit.read"]


def test_admin_adds_a_unit_and_makes_someone_a_participant(app_server: RunningApp, fake_slack: FakeSlack):
    seed(app_server, SCHOOLS[:1])
    app_server.slack.command("/orat", "admin", user=HEAD)
    assert replies(fake_slack, 1) == ["Det här kan bara mötets ordförande och administratörer göra."]

    app_server.slack.command("/orat", "admin", user=CHAIR)
    home = fake_slack.wait_for("views.open")[0].args["view"]
    assert home["title"]["text"] == "Administrera Örat"
    assert "*Rosengårdsskolan* · Skola · Öster" in json.dumps(home["blocks"], ensure_ascii=False)

    def click(action_id: str) -> dict:
        before = len(fake_slack.calls_to("views.push"))
        app_server.slack.interactive(
            {
                "type": "block_actions",
                "team": {"id": TEAM_ID},
                "user": {"id": CHAIR, "team_id": TEAM_ID},
                "trigger_id": "9.9.9",
                "view": {**home, "id": "V0HOME", "root_view_id": "V0HOME"},
                "actions": [{"action_id": action_id, "block_id": "admin_actions", "value": "x"}],
            }
        )
        return fake_slack.wait_for("views.push", before + 1)[-1].args["view"]

    form = click(ADMIN_UNIT_NEW)
    assert form["callback_id"] == "admin_unit_submit"
    unit_state = {
        ADMIN_BLOCKS["name"]: {VALUE: {"type": "plain_text_input", "value": "Polisen – Polisområde Malmö"}},
        ADMIN_BLOCKS["kind"]: {VALUE: {"type": "static_select", "selected_option": None}},
    }
    submitted = {**form, "root_view_id": "V0HOME"}
    bad = app_server.slack.view_submission(submitted, unit_state, user=CHAIR)
    assert bad.json() == {
        "response_action": "errors",
        "errors": {ADMIN_BLOCKS["kind"]: "Välj vilken sorts enhet det är."},
    }
    unit_state[ADMIN_BLOCKS["kind"]] = {
        VALUE: {"type": "static_select", "selected_option": {"value": "actor"}}
    }
    unit_state[ADMIN_BLOCKS["reviewer"]] = {VALUE: {"type": "users_select", "selected_user": None}}
    unit_state[ADMIN_BLOCKS["active"]] = {
        VALUE: {"type": "checkboxes", "selected_options": [{"value": "yes"}]}
    }
    good = app_server.slack.view_submission(submitted, unit_state, user=CHAIR)
    assert good.status == 200 and good.body == ""
    police = next(u for u in all_rows(app_server.runtime.engine, Unit) if u.kind == "actor")
    assert (police.name, police.active) == ("Polisen – Polisområde Malmö", True)
    refreshed = fake_slack.wait_for("views.update")[0].args
    assert refreshed["view_id"] == "V0HOME"
    assert "Polisen – Polisområde Malmö" in json.dumps(refreshed["view"]["blocks"], ensure_ascii=False)

    member_form = click(ADMIN_MEMBER)
    role_values = [
        o["value"]
        for b in member_form["blocks"]
        if b.get("block_id") == ADMIN_BLOCKS["roles"]
        for o in b["element"]["options"]
    ]
    assert role_values == ["participant", "chair", "admin"]
    member_state = {
        ADMIN_BLOCKS["user"]: {VALUE: {"type": "users_select", "selected_user": "UCOP1"}},
        ADMIN_BLOCKS["unit"]: {
            VALUE: {"type": "static_select", "selected_option": {"value": str(police.id)}}
        },
        ADMIN_BLOCKS["roles"]: {
            VALUE: {"type": "checkboxes", "selected_options": [{"value": "participant"}]}
        },
    }
    saved = app_server.slack.view_submission(
        {**member_form, "root_view_id": "V0HOME"}, member_state, user=CHAIR
    )
    assert saved.status == 200 and saved.body == ""
    [cop] = [m for m in all_rows(app_server.runtime.engine, Member) if m.user_id == "UCOP1"]
    assert cop.unit_id == police.id
    with Session(app_server.runtime.engine) as session:
        roles = [r.role for r in session.get(Member, cop.id).roles]
        changes = [e.event for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert roles == ["participant"]
    assert changes == ["unit.created", "member.changed"]


def test_a_unit_name_already_taken_is_told_with_the_other_errors(
    app_server: RunningApp, fake_slack: FakeSlack
):
    # Issue 16: every problem of the form in one answer, the one found in the database included.
    seed(app_server, SCHOOLS[:1])
    app_server.slack.command("/orat", "admin", user=CHAIR)
    home = fake_slack.wait_for("views.open")[0].args["view"]
    app_server.slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": CHAIR, "team_id": TEAM_ID},
            "trigger_id": "9.9.9",
            "view": {**home, "id": "V0HOME", "root_view_id": "V0HOME"},
            "actions": [{"action_id": ADMIN_UNIT_NEW, "block_id": "admin_actions", "value": "x"}],
        }
    )
    form = fake_slack.wait_for("views.push")[0].args["view"]
    taken = {
        ADMIN_BLOCKS["name"]: {VALUE: {"type": "plain_text_input", "value": "Rosengårdsskolan"}},
        ADMIN_BLOCKS["kind"]: {VALUE: {"type": "static_select", "selected_option": {"value": "school"}}},
    }

    answer = app_server.slack.view_submission({**form, "root_view_id": "V0HOME"}, taken, user=CHAIR)

    assert answer.json() == {
        "response_action": "errors",
        "errors": {
            ADMIN_BLOCKS["name"]: "Det finns redan en enhet med det namnet.",
            ADMIN_BLOCKS["area"]: "Välj stadsområde för den nya enheten.",
        },
    }
    assert [u.name for u in all_rows(app_server.runtime.engine, Unit)] == ["Rosengårdsskolan"]


def test_someone_deleted_from_slack_is_pseudonymised_everywhere(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed(app_server)
    reference = file_over_http(app_server, fake_slack, HEAD, unit_id=units["Rosengårdsskolan"])
    fake_slack.deleted_users.add(HEAD)
    asked_before = len(fake_slack.calls_to("users.info"))  # reporting asked whether HEAD is a guest
    monday_night = datetime(2026, 11, 23, 2, 0, tzinfo=STOCKHOLM)

    result = app_server.runtime.services.tick(monday_night)
    again = app_server.runtime.services.tick(monday_night)

    assert (result["retention_runs"], again["retention_runs"]) == (1, 0)
    engine = app_server.runtime.engine
    [report] = all_rows(engine, Report)
    assert report.reference == reference and report.reporter_user_id.startswith("X")
    pseudonym = report.reporter_user_id
    assert [m.user_id for m in all_rows(engine, Member)] == [pseudonym]
    with Session(engine) as session:
        actors = {e.actor_user_id for e in session.scalars(select(AuditEvent))}
    assert HEAD not in actors and pseudonym in actors
    checked = [c.args["user"] for c in fake_slack.calls_to("users.info")[asked_before:]]
    assert checked == [HEAD]
