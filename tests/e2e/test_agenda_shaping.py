"""The chairs shape the meeting before publication: "Flytta till nästa möte" on the draft leaves an
item off the published agenda (the reason in the audit log) and brings it back the next week."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.organisation import parse_seed
from handlers.ids import ITEM_MOVE_REASON, VALUE
from storage.models import AgendaItem, AuditEvent, Report
from tests.conftest import STOCKHOLM, RunningApp
from tests.e2e.test_agenda_flow import (
    CHAIR,
    DRAFT_TIME,
    PUBLISH_TIME,
    SCHOOLS,
    _click,
    file_over_http,
    posts_to,
    shown,
)
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack


def _seed(app: RunningApp) -> dict[str, int]:
    services = app.runtime.services
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": SCHOOLS}), services.clock())
    from storage.models import Unit

    return {u.name: u.id for u in all_rows(app.runtime.engine, Unit)}


def _move_button(draft_blocks: list[dict], number: int) -> dict:
    """ "Flytta till nästa möte" in the item's "⋯" menu, as the chosen option's click carries it."""
    menu = next(
        e
        for b in draft_blocks
        if b["type"] == "actions" and b.get("block_id") == f"item_{number}_draft"
        for e in b["elements"]
        if e["action_id"] == "item_more"
    )
    value = next(o["value"] for o in menu["options"] if o["value"].startswith("move:"))
    return {"action_id": "item_more", "value": value}


def test_a_chair_moves_a_draft_item_to_the_next_meeting(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units = _seed(app_server)
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)  # Friday, before the cutoff
    refs = [
        file_over_http(app_server, fake_slack, "UHEAD1", unit_id=units["Rosengårdsskolan"], category="arson"),
        file_over_http(app_server, fake_slack, "UHEAD2", unit_id=units["Kirsebergsskolan"], category="gangs"),
    ]
    services, engine = app_server.runtime.services, app_server.runtime.engine
    services.tick(DRAFT_TIME)
    [draft] = posts_to(fake_slack, CHAIR)
    assert shown([draft]).count("Flytta till nästa möte") == 2  # in each item's "⋯"
    [first] = [i for i in all_rows(engine, AgendaItem) if i.number == 1]
    moved_ref = next(r.reference for r in all_rows(engine, Report) if r.id == first.report_id)
    kept_ref = next(ref for ref in refs if ref != moved_ref)
    button = _move_button(draft.args["blocks"], 1)
    clock.now = DRAFT_TIME + timedelta(minutes=5)

    # Only a chair may move an item.
    assert app_server.slack.interactive(_click(button, "UHEAD1", fake_slack.response_url)).status == 200
    refusal = fake_slack.wait_for("response_url")[0]
    assert refusal.args["text"] == "Det här kan bara mötets ordförande och samordnare göra."
    opened = len(fake_slack.calls_to("views.open"))

    assert app_server.slack.interactive(_click(button, CHAIR, fake_slack.response_url)).status == 200
    modal = fake_slack.wait_for("views.open", opened + 1)[-1].args["view"]
    assert modal["callback_id"] == "item_move_submit"
    assert f"Punkt 1 ({moved_ref}) tas bort från det här mötets dagordning" in json_of(modal)
    values = {
        ITEM_MOVE_REASON: {VALUE: {"type": "plain_text_input", "value": "Vi väntar på <!channel> polisen"}}
    }

    # A non-chair submitting the same modal is refused too, under the field.
    outsider = app_server.slack.view_submission(modal, values, user="UHEAD1").json()
    assert outsider["response_action"] == "errors"
    assert all(i.moved_at is None for i in all_rows(engine, AgendaItem))

    result = app_server.slack.view_submission(modal, values, user=CHAIR)
    assert result.status == 200 and result.json() is None
    [update] = fake_slack.wait_for("chat.update")
    line = next(b for b in update.args["blocks"] if b.get("block_id") == "item_1")["elements"][0]["text"]
    assert line == (
        f":arrow_right: *1.* {moved_ref} flyttad till nästa möte av <@UCHAIR1>."
        " Skäl: _Vi väntar på &lt;!channel&gt; polisen_"
    )
    updated = json_of(update.args["blocks"])
    assert "item_1_draft" not in updated and "item_2_draft" in updated

    [moved] = [i for i in all_rows(engine, AgendaItem) if i.number == 1]
    assert (moved.moved_by_user_id, moved.moved_reason) == (CHAIR, "Vi väntar på <!channel> polisen")
    [event] = [e for e in all_rows(engine, AuditEvent) if e.event == "agenda_item.moved_to_next_meeting"]
    assert (event.actor_user_id, event.details["with_reason"]) == (CHAIR, True)

    # Moving it again is refused.
    again = app_server.slack.view_submission(modal, values, user=CHAIR).json()
    assert again["response_action"] == "errors"
    assert "redan flyttad" in json_of(again)

    # The published agenda leaves it out; the report is not marked as having been on it.
    services.tick(PUBLISH_TIME)
    published = shown(posts_to(fake_slack, "C0MEETING"))
    assert kept_ref in published and moved_ref not in published
    assert published.count("Ta ansvar") == 1
    statuses = {r.reference: r.status for r in all_rows(engine, Report)}
    assert statuses[kept_ref] == "on_agenda" and statuses[moved_ref] != "on_agenda"

    # ...and it comes back the next week as a report of its own, not as an undecided item.
    services.tick(datetime(2026, 12, 8, 8, 0, tzinfo=STOCKHOLM))
    wait_until_delivered(engine)
    next_week = shown(posts_to(fake_slack, "C0MEETING")[1:])
    assert moved_ref in next_week
    assert "Ta ansvar" in next_week


def json_of(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _button(draft_blocks: list[dict], number: int, action_id: str) -> dict:
    return next(
        e
        for b in draft_blocks
        if b["type"] == "actions" and b.get("block_id") == f"item_{number}_draft"
        for e in b["elements"]
        if e["action_id"] == action_id
    )


def test_a_chair_reorders_the_draft_and_the_published_agenda_follows(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = _seed(app_server)
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)
    rosengard = units["Rosengårdsskolan"]
    gangs = file_over_http(
        app_server, fake_slack, "UHEAD2", unit_id=units["Kirsebergsskolan"], category="gangs"
    )
    early = file_over_http(
        app_server, fake_slack, "UHEAD1", unit_id=rosengard, category="arson", place="Gården"
    )
    late = file_over_http(
        app_server, fake_slack, "UHEAD1", unit_id=rosengard, category="arson", place="Hallen"
    )
    services, engine = app_server.runtime.services, app_server.runtime.engine
    services.tick(DRAFT_TIME)
    [draft] = posts_to(fake_slack, CHAIR)
    text = shown([draft])
    assert text.index(gangs) < text.index(early) < text.index(late)  # Norr, then Öster's two arsons
    clock.now = DRAFT_TIME + timedelta(minutes=5)
    down = _button(draft.args["blocks"], 2, "item_down")

    assert app_server.slack.interactive(_click(down, "UHEAD1", fake_slack.response_url)).status == 200
    refused = fake_slack.wait_for("response_url")[-1]
    assert refused.args["text"] == "Det här kan bara mötets ordförande och samordnare göra."
    up_first = _button(draft.args["blocks"], 1, "item_up")  # alone in its group
    assert app_server.slack.interactive(_click(up_first, CHAIR, fake_slack.response_url)).status == 200
    edge = fake_slack.wait_for("response_url", 2)[-1]
    assert edge.args["text"] == "Punkten står redan först eller sist i sin grupp."
    assert fake_slack.calls_to("chat.update") == []

    assert app_server.slack.interactive(_click(down, CHAIR, fake_slack.response_url)).status == 200
    [update] = fake_slack.wait_for("chat.update")
    redrawn = shown([update])
    assert redrawn.index(late) < redrawn.index(early)
    numbers = {
        r.reference: i.number
        for i in all_rows(engine, AgendaItem)
        for r in all_rows(engine, Report)
        if r.id == i.report_id
    }
    assert numbers == {gangs: 1, late: 2, early: 3}
    assert [
        e.details["step"] for e in all_rows(engine, AuditEvent) if e.event == "agenda_item.reordered"
    ] == [1]

    services.tick(PUBLISH_TIME)
    published = shown(posts_to(fake_slack, "C0MEETING"))
    assert published.index(gangs) < published.index(late) < published.index(early)
    assert '"*2.* :fire:' in published

    # The minutes follow the chairs' order too.
    assert services.tick(datetime(2026, 12, 1, 12, 0, tzinfo=STOCKHOLM))["minutes"] == 1
    minutes = shown(
        [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Protokoll")]
    )
    assert minutes.index(gangs) < minutes.index(late) < minutes.index(early)


def test_a_chair_adds_an_item_of_their_own_under_ovrigt(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units = _seed(app_server)
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)
    ref = file_over_http(app_server, fake_slack, "UHEAD1", unit_id=units["Holmaskolan"], category="vandalism")
    services, engine = app_server.runtime.services, app_server.runtime.engine
    services.tick(DRAFT_TIME)
    [draft] = posts_to(fake_slack, CHAIR)
    add = next(
        e
        for b in draft.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "agenda_add_other"
    )
    clock.now = DRAFT_TIME + timedelta(minutes=5)

    assert app_server.slack.interactive(_click(add, "UHEAD1", fake_slack.response_url)).status == 200
    assert fake_slack.wait_for("response_url")[-1].args["text"].startswith("Det här kan bara")
    opened = len(fake_slack.calls_to("views.open"))
    assert app_server.slack.interactive(_click(add, CHAIR, fake_slack.response_url)).status == 200
    modal = fake_slack.wait_for("views.open", opened + 1)[-1].args["view"]
    assert modal["callback_id"] == "agenda_other_submit"

    blank = {"other_title": {VALUE: {"type": "plain_text_input", "value": "  "}}}
    missing = app_server.slack.view_submission(modal, blank, user=CHAIR).json()
    assert missing == {"response_action": "errors", "errors": {"other_title": "Skriv en rubrik."}}
    values = {
        "other_title": {VALUE: {"type": "plain_text_input", "value": "Sommarlovet <!here>"}},
        "other_body": {VALUE: {"type": "plain_text_input", "value": "Planering av kvällsvandringar."}},
    }
    assert (
        app_server.slack.view_submission(modal, values, user="UHEAD1").json()["response_action"] == "errors"
    )
    result = app_server.slack.view_submission(modal, values, user=CHAIR)
    assert result.status == 200 and result.json() is None
    [update] = fake_slack.wait_for("chat.update")
    redrawn = shown([update])
    assert "*Övrigt*" in redrawn and "Sommarlovet &lt;!here&gt;" in redrawn and ref in redrawn
    assert [
        e.actor_user_id for e in all_rows(engine, AuditEvent) if e.event == "agenda.other_item_added"
    ] == [CHAIR]

    services.tick(PUBLISH_TIME)
    published = shown(posts_to(fake_slack, "C0MEETING"))
    assert published.index(ref) < published.index("*Övrigt*") < published.index("Sommarlovet &lt;!here&gt;")
    assert "Planering av kvällsvandringar." in published and "tillagd av <@UCHAIR1>" in published

    # The minutes (12:00, three hours after the meeting) keep the chairs' own item too.
    assert services.tick(datetime(2026, 12, 1, 12, 0, tzinfo=STOCKHOLM))["minutes"] == 1
    minutes = shown(
        [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Protokoll")]
    )
    assert minutes.index("*Övrigt*") < minutes.index("Sommarlovet &lt;!here&gt;")
