"""Posted minutes corrected by a chair within a day, end to end over signed HTTP: "Rätta protokollet"
→ modal → the correction stored and logged → the posted minutes updated in place (chat.update) with
a "Rättelse" section, the original text left as it was. Also: undoing a tabling tells the school."""

from __future__ import annotations

import json
from datetime import timedelta

from handlers.ids import MINUTES_CORRECTION_BLOCKS
from storage.models import AuditEvent, MinutesCorrection, OutboxMessage
from tests.conftest import RunningApp
from tests.e2e.test_chairing_items import table
from tests.e2e.test_responsibility_flow import (
    CHAIR,
    COP,
    HEAD,
    PUBLISH_TIME,
    click,
    publish_agenda,
    values,
)
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import FakeSlack

MINUTES_AT = PUBLISH_TIME + timedelta(hours=4)  # three hours after the meeting's start
POINT, TEXT = MINUTES_CORRECTION_BLOCKS["point"], MINUTES_CORRECTION_BLOCKS["text"]


def correction(point: str | None, text: str) -> dict:
    return {
        POINT: {"value": {"type": "static_select", "selected_option": {"value": point} if point else None}},
        TEXT: {"value": {"type": "plain_text_input", "value": text}},
    }


def posted_minutes(app: RunningApp, fake: FakeSlack, clock):
    units, [agenda] = publish_agenda(app, fake, clock)
    click(app, fake, agenda, "item_take", COP)
    modal = fake.wait_for("views.open")[0].args["view"]
    app.slack.view_submission(modal, values(units["Polisen"], COP, "Ökad närvaro", "2026-12-15"), user=COP)
    assert app.runtime.services.tick(MINUTES_AT)["minutes"] == 1
    wait_until_delivered(app.runtime.engine)
    [minutes] = [c for c in fake.calls_to("chat.postMessage") if c.args["text"].startswith("Protokoll")]
    return minutes


def minutes_updates(fake: FakeSlack, count: int = 0) -> list:
    """The chat.update calls that rewrote the minutes (waiting for ``count`` of them)."""

    def is_minutes(call) -> bool:
        return call.args["text"].startswith("Protokoll")

    if count:
        return fake.wait_for_matching("chat.update", is_minutes, count)
    return [c for c in fake.calls_to("chat.update") if is_minutes(c)]


def answer(fake: FakeSlack, count: int) -> str:
    return fake.wait_for("response_url", count)[-1].args["text"]


def test_a_chair_corrects_the_minutes_within_a_day(app_server: RunningApp, fake_slack: FakeSlack, clock):
    minutes = posted_minutes(app_server, fake_slack, clock)
    assert minutes.args["blocks"][-1]["elements"][0]["text"]["text"] == "Rätta protokollet"
    assert "Rättelse" not in json.dumps(minutes.args["blocks"], ensure_ascii=False)

    # Someone else is told who can, and what to do instead; no modal opens.
    clock.now = MINUTES_AT + timedelta(hours=2)
    click(app_server, fake_slack, minutes, "minutes_correct", COP)
    assert answer(fake_slack, 1).startswith("Bara mötets ordförande kan rätta protokollet. Ser du något")
    assert len(fake_slack.calls_to("views.open")) == 1  # the responsibility modal only

    click(app_server, fake_slack, minutes, "minutes_correct", CHAIR)
    modal = fake_slack.wait_for("views.open", 2)[-1].args["view"]
    assert modal["title"]["text"] == "Rätta protokollet"
    [point] = [b for b in modal["blocks"] if b.get("block_id") == POINT]
    labels = [o["text"]["text"] for o in point["element"]["options"]]
    assert labels == ["Allmänt", "Närvarande", "Punkt 1 (ÖMM-2026-0001)", "Punkt 2 (ÖMM-2026-0002)", "Övrigt"]

    # The correction is required, and said so under the field.
    empty = app_server.slack.view_submission(modal, correction("item:1", "  "), user=CHAIR).json()
    assert empty == {"response_action": "errors", "errors": {TEXT: "Skriv rättelsen."}}
    assert not minutes_updates(fake_slack)

    done = app_server.slack.view_submission(
        modal, correction("item:1", "Ansvarig är *Polisen Öster*, inte <!here>"), user=CHAIR
    )
    assert done.status == 200 and done.body == ""
    [update] = minutes_updates(fake_slack, 1)
    [posted] = [
        m for m in all_rows(app_server.runtime.engine, OutboxMessage) if m.key.endswith("C0MEETING:0")
    ]
    assert posted.key.startswith("minutes:")
    assert (update.args["channel"], update.args["ts"]) == ("C0MEETING", posted.slack_ts)
    # Everything posted stays as it was; the correction follows it, above the button.
    blocks = update.args["blocks"]
    assert blocks[:-3] == minutes.args["blocks"][:-1] and blocks[-1] == minutes.args["blocks"][-1]
    assert [b.get("block_id") for b in blocks[-3:]] == [
        "minutes_corrections_divider",
        "minutes_corrections",
        "minutes_actions",
    ]
    section = blocks[-2]
    assert section["text"]["text"] == (
        "*Rättelse*\nRättat tisdag 1 december kl. 14:00 av <@UCHAIR1> – Punkt 1 (ÖMM-2026-0001):"
        " Ansvarig är *Polisen Öster*, inte &lt;!here&gt;"
    )
    [row] = all_rows(app_server.runtime.engine, MinutesCorrection)
    assert (row.item_ref, row.corrected_by_user_id) == ("item:1", CHAIR)
    [event] = [e for e in all_rows(app_server.runtime.engine, AuditEvent) if e.event == "minutes.corrected"]
    assert (event.actor_user_id, event.surface, event.details) == (
        CHAIR,
        "modal",
        {"correction_id": row.id, "item": "item:1"},
    )
    assert "Polisen Öster" not in json.dumps(event.details)  # the text stays out of the log

    # A second correction: both are listed, oldest first, in the one section.
    clock.now = MINUTES_AT + timedelta(hours=23, minutes=59)
    app_server.slack.view_submission(modal, correction("present", "Även <@UHEAD1> var där."), user=CHAIR)
    again = minutes_updates(fake_slack, 2)[-1]
    [section] = [b for b in again.args["blocks"] if b.get("block_id") == "minutes_corrections"]
    lines = section["text"]["text"].split("\n")
    assert lines[0] == "*Rättelse*" and len(lines) == 3
    assert (
        lines[2]
        == "Rättat onsdag 2 december kl. 11:59 av <@UCHAIR1> – Närvarande: Även &lt;@UHEAD1&gt; var där."
    )
    assert again.args["blocks"][:-3] == minutes.args["blocks"][:-1]


def test_after_a_day_the_correction_is_explained(app_server: RunningApp, fake_slack: FakeSlack, clock):
    minutes = posted_minutes(app_server, fake_slack, clock)
    clock.now = MINUTES_AT + timedelta(hours=23)
    click(app_server, fake_slack, minutes, "minutes_correct", CHAIR)
    modal = fake_slack.wait_for("views.open", 2)[-1].args["view"]

    clock.now = MINUTES_AT + timedelta(hours=24, minutes=1)
    click(app_server, fake_slack, minutes, "minutes_correct", CHAIR)
    told = answer(fake_slack, 1)
    assert told.startswith("Protokollet publicerades för mer än ett dygn sedan")
    assert "Ta upp rättelsen på nästa möte" in told
    assert len(fake_slack.calls_to("views.open")) == 2

    late = app_server.slack.view_submission(modal, correction("general", "För sent"), user=CHAIR).json()
    assert late["errors"][TEXT].startswith("Protokollet publicerades för mer än ett dygn sedan")
    assert all_rows(app_server.runtime.engine, MinutesCorrection) == []
    assert not minutes_updates(fake_slack)


def test_undoing_a_tabling_tells_the_school_once(app_server: RunningApp, fake_slack: FakeSlack, clock):
    _, [agenda] = publish_agenda(app_server, fake_slack, clock)

    def school() -> list[str]:
        wait_until_delivered(app_server.runtime.engine)
        return [
            c.args["text"]
            for c in fake_slack.calls_to("chat.postMessage")
            if c.args["channel"] == HEAD and "ÖMM-2026-0001" in c.args["text"]
        ]

    before = school()
    table(app_server, fake_slack, agenda, "Väntar på besked")
    tabled = fake_slack.wait_for("chat.update")[0]
    click(app_server, fake_slack, tabled, "item_outcome", CHAIR, option="untable")
    undone = fake_slack.wait_for("chat.update", 2)[-1]
    assert school()[len(before) :] == [
        "Din rapport ÖMM-2026-0001 bordlades",
        "Din rapport ÖMM-2026-0001 är inte längre bordlagd",
    ]
    [dm] = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].endswith("inte längre bordlagd")
    ]
    assert dm.args["blocks"][0]["text"]["text"] == (
        ":leftwards_arrow_with_hook: <@UCHAIR1> har ångrat bordläggningen av din rapport *ÖMM-2026-0001*"
        " (Plats 0). Punkten är tillbaka på mötet tisdag 1 december kl. 09:00; du får ett meddelande om"
        " vad mötet beslutar."
    )

    # Undone again from a stale menu: refused, nothing more to the school.
    click(app_server, fake_slack, tabled, "item_outcome", CHAIR, option="untable")
    assert "inte bordlagd" in fake_slack.wait_for("response_url")[0].args["text"]
    assert len(school()) == len(before) + 2

    # Tabled and undone once more: the school hears both again, each once.
    table(app_server, fake_slack, undone, "", opened=2)
    again = fake_slack.wait_for("chat.update", 3)[-1]
    click(app_server, fake_slack, again, "item_outcome", CHAIR, option="untable")
    fake_slack.wait_for("chat.update", 4)
    assert school()[len(before) + 2 :] == [
        "Din rapport ÖMM-2026-0001 bordlades",
        "Din rapport ÖMM-2026-0001 är inte längre bordlagd",
    ]
