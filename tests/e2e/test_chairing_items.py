"""The chair at the meeting, end to end over signed HTTP: Bordlägg asks for a reason and can be
undone until the minutes are out; Tilldela pre-fills the actor someone suggested."""

from __future__ import annotations

import json
from datetime import timedelta

from handlers.ids import RESPONSIBILITY_BLOCKS
from storage.models import AgendaItem, Attendance, AuditEvent
from tests.conftest import RunningApp
from tests.e2e.test_responsibility_flow import (
    CHAIR,
    COP,
    HEAD,
    PUBLISH_TIME,
    click,
    publish_agenda,
    status_text,
)
from tests.support.db import all_rows
from tests.support.fake_slack import FakeSlack

NOTE = RESPONSIBILITY_BLOCKS["note"]


def menu(message) -> list[str]:
    """The option texts of item 1's outcome menu."""
    [element] = [
        e
        for b in message.args["blocks"]
        if b.get("block_id") == "item_1_actions"
        for e in b["elements"]
        if e["action_id"] == "item_outcome"
    ]
    return [o["text"]["text"] for o in element["options"]]


def table(app: RunningApp, fake: FakeSlack, message, reason: str, opened: int = 1):
    click(app, fake, message, "item_outcome", CHAIR, option="tabled")
    modal = fake.wait_for("views.open", opened)[-1].args["view"]
    assert modal["title"]["text"] == "Bordlägg"
    [note] = [b for b in modal["blocks"] if b.get("block_id") == NOTE]
    assert note["optional"] is True and note["label"]["text"] == "Varför bordläggs punkten?"
    assert "Skolan som rapporterade får skälet" in note["hint"]["text"]
    result = app.slack.view_submission(modal, {NOTE: {"value": {"value": reason}}}, user=CHAIR)
    assert result.status == 200 and result.body == ""


def test_tabling_asks_for_a_reason_and_can_be_undone_until_the_minutes(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    _, [agenda] = publish_agenda(app_server, fake_slack, clock)
    assert menu(agenda)[:3] == ["Ingen åtgärd", "Bordlägg", "Inte vår fråga"]
    assert menu(agenda)[3:] == ["Slå ihop med …", "Ta bort från dagordningen"]  # chairs shape it

    table(app_server, fake_slack, agenda, "Väntar på besked från fastighetsägaren")
    tabled = fake_slack.wait_for("chat.update")[0]
    assert (
        ":hourglass: Bordlagd (<@UCHAIR1>) – tas upp igen på nästa möte"
        " – Väntar på besked från fastighetsägaren" in status_text(tabled)
    )
    assert menu(tabled)[:3] == ["Ingen åtgärd", "Ångra bordläggning", "Inte vår fråga"]

    # A participant may not undo it; the chair may, and the item is open again in place.
    click(app_server, fake_slack, tabled, "item_outcome", COP, option="untable")
    assert "ordförande" in fake_slack.wait_for("response_url")[0].args["text"]
    click(app_server, fake_slack, tabled, "item_outcome", CHAIR, option="untable")
    undone = fake_slack.wait_for("chat.update", 2)[-1]
    assert status_text(undone) == "[]" and menu(undone)[:3] == ["Ingen åtgärd", "Bordlägg", "Inte vår fråga"]
    item = all_rows(app_server.runtime.engine, AgendaItem)[0]
    assert (item.outcome, item.outcome_note, item.outcome_by_user_id) == ("pending", None, None)
    events = [
        e.event for e in all_rows(app_server.runtime.engine, AuditEvent) if e.subject_type == "agenda_item"
    ]
    assert events == ["agenda_item.tabled", "agenda_item.untabled"]

    # Undoing twice (a stale menu) explains itself.
    click(app_server, fake_slack, tabled, "item_outcome", CHAIR, option="untable")
    assert "inte bordlagd" in fake_slack.wait_for("response_url", 2)[-1].args["text"]

    # Tabled again, then the minutes go out: the undo is refused, and nothing changes.
    table(app_server, fake_slack, undone, "", opened=2)
    again = fake_slack.wait_for("chat.update", 3)[-1]
    assert "Bordlagd (<@UCHAIR1>)" in status_text(again) and "Väntar" not in status_text(again)
    assert app_server.runtime.services.tick(PUBLISH_TIME + timedelta(hours=4))["minutes"] == 1
    click(app_server, fake_slack, again, "item_outcome", CHAIR, option="untable")
    refusal = fake_slack.wait_for("response_url", 3)[-1].args["text"]
    assert refusal.startswith(
        "Mötets protokoll är redan publicerat, så bordläggningen kan inte längre ångras."
    )
    # The one change since: the agenda closed when the minutes went out (no buttons left).
    *_, closed = fake_slack.wait_for("chat.update", 4)
    assert len(fake_slack.calls_to("chat.update")) == 4
    assert "dagordningen är stängd" in str(closed.args["blocks"])
    assert "Bordlagd (<@UCHAIR1>)" in status_text(closed)
    assert not [b for b in closed.args["blocks"] if b.get("type") == "actions"]
    assert all_rows(app_server.runtime.engine, AgendaItem)[0].outcome == "tabled"


def test_assigning_pre_fills_the_actor_someone_suggested(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units, [agenda] = publish_agenda(app_server, fake_slack, clock)
    click(app_server, fake_slack, agenda, "item_assign", CHAIR)
    [unit] = [
        b
        for b in fake_slack.wait_for("views.open")[0].args["view"]["blocks"]
        if b.get("block_id") == RESPONSIBILITY_BLOCKS["unit"]
    ]
    assert "initial_option" not in unit["element"]  # nobody suggested anyone yet

    click(app_server, fake_slack, agenda, "item_outcome", COP, option="not_ours")
    modal = fake_slack.wait_for("views.open", 2)[-1].args["view"]
    fgk = str(units["Fastighets- och gatukontoret"])
    suggestion = {
        RESPONSIBILITY_BLOCKS["suggested_unit"]: {
            "value": {"type": "static_select", "selected_option": {"value": fgk}}
        },
        NOTE: {"value": {"value": ""}},
    }
    app_server.slack.view_submission(modal, suggestion, user=COP)
    fake_slack.wait_for("chat.update")

    click(app_server, fake_slack, agenda, "item_assign", CHAIR)
    view = fake_slack.wait_for("views.open", 3)[-1].args["view"]
    [unit] = [b for b in view["blocks"] if b.get("block_id") == RESPONSIBILITY_BLOCKS["unit"]]
    assert unit["element"]["initial_option"]["value"] == fgk
    assert "Fastighets- och gatukontoret" in json.dumps(unit["element"]["initial_option"], ensure_ascii=False)

    # Taking it oneself still offers one's own unit, not the suggestion.
    click(app_server, fake_slack, agenda, "item_take", COP)
    own = fake_slack.wait_for("views.open", 4)[-1].args["view"]
    [unit] = [b for b in own["blocks"] if b.get("block_id") == RESPONSIBILITY_BLOCKS["unit"]]
    assert unit["element"]["initial_option"]["value"] == str(units["Polisen"])


def test_attendance_marked_on_the_agenda_opens_the_minutes(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    _, [agenda] = publish_agenda(app_server, fake_slack, clock)
    [button, _chairs, _other] = [
        e for b in agenda.args["blocks"] if b.get("block_id") == "agenda_present" for e in b["elements"]
    ]
    assert button["text"]["text"] == "Jag är här"

    def present(user: str) -> str:
        before = len(fake_slack.calls_to("response_url"))
        assert click(app_server, fake_slack, agenda, "agenda_present", user).status == 200
        return fake_slack.wait_for("response_url", before + 1)[-1].args["text"]

    assert present(COP) == (
        ":wave: Du är antecknad som närvarande på mötet tisdag 1 december kl. 09:00. "
        "Protokollet listar dig under *Närvarande*."
    )
    assert present(COP).startswith("Du är redan antecknad som närvarande")
    assert present(CHAIR).startswith(":wave: Du är antecknad")
    assert present(HEAD).startswith("Det här kan bara mötets deltagare göra")  # not at the meeting
    assert [(a.user_id, a.unit_id is not None) for a in all_rows(app_server.runtime.engine, Attendance)] == [
        (COP, True),
        (CHAIR, False),
    ]

    assert app_server.runtime.services.tick(PUBLISH_TIME + timedelta(hours=4))["minutes"] == 1
    [minutes] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Protokoll")]
    blocks = minutes.args["blocks"]
    assert blocks[0]["type"] == "header"
    assert blocks[2]["text"]["text"] == "*Närvarande*\n<@UCOP1> – Polisen\n<@UCHAIR1>"
    assert present("UFGK1").startswith("Mötets protokoll är redan publicerat, så närvaron kan inte längre")


def test_minutes_say_when_nobody_marked_themselves_present(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    publish_agenda(app_server, fake_slack, clock)
    assert app_server.runtime.services.tick(PUBLISH_TIME + timedelta(hours=4))["minutes"] == 1
    [minutes] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Protokoll")]
    assert minutes.args["blocks"][2]["text"]["text"] == "*Närvarande*\n_Ingen antecknade sig som närvarande._"
