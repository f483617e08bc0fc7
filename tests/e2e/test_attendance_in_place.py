"""Attendance as the meeting sees it, end to end over signed HTTP: one click on "Jag är här" and the
published agenda shows who is present (chat.update in place); the chair's "Närvaro…" list does too;
the item decisions that follow keep that line; the minutes open with "Närvarande"."""

from __future__ import annotations

from datetime import timedelta

from handlers.ids import ATTENDANCE_BLOCK, VALUE
from tests.conftest import RunningApp
from tests.e2e.test_responsibility_flow import CHAIR, COP, PUBLISH_TIME, click, publish_agenda, values
from tests.support.fake_slack import FakeSlack


def attendees_line(update) -> str | None:
    blocks = [b for b in update.args["blocks"] if b.get("block_id") == "agenda_attendees"]
    return blocks[0]["elements"][0]["text"] if blocks else None


def test_the_agenda_shows_who_is_present(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units, [agenda] = publish_agenda(app_server, fake_slack, clock)
    assert attendees_line(agenda) is None

    click(app_server, fake_slack, agenda, "agenda_present", COP)
    [first] = fake_slack.wait_for("chat.update")
    assert (first.args["channel"], first.args["text"]) == ("C0MEETING", agenda.args["text"])
    assert attendees_line(first) == ":raising_hand: 1 närvarande: <@UCOP1> – Polisen"
    ids = [b.get("block_id") for b in first.args["blocks"]]
    assert ids.index("agenda_attendees") == ids.index("agenda_present") + 1

    # Clicking again changes nothing; someone else's click adds them.
    click(app_server, fake_slack, agenda, "agenda_present", COP)
    fake_slack.wait_for("response_url", 2)
    assert len(fake_slack.calls_to("chat.update")) == 1
    click(app_server, fake_slack, agenda, "agenda_present", CHAIR)
    second = fake_slack.wait_for("chat.update", 2)[-1]
    assert attendees_line(second) == ":raising_hand: 2 närvarande: <@UCOP1> – Polisen · <@UCHAIR1>"

    # The chair's list is what counts, and the agenda follows it.
    click(app_server, fake_slack, agenda, "agenda_attendance", CHAIR)
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    chosen = {ATTENDANCE_BLOCK: {VALUE: {"type": "multi_users_select", "selected_users": [CHAIR]}}}
    assert app_server.slack.view_submission(modal, chosen, user=CHAIR).json()["response_action"] == "update"
    third = fake_slack.wait_for("chat.update", 3)[-1]
    assert attendees_line(third) == ":raising_hand: 1 närvarande: <@UCHAIR1>"

    # A decision on an item redraws the same message and keeps the line.
    click(app_server, fake_slack, agenda, "item_take", COP)
    taking = fake_slack.wait_for("views.open", 2)[-1].args["view"]
    app_server.slack.view_submission(
        taking, values(units["Polisen"], COP, "Ökad närvaro", "2026-12-15"), user=COP
    )
    taken = fake_slack.wait_for("chat.update", 4)[-1]
    assert attendees_line(taken) == ":raising_hand: 1 närvarande: <@UCHAIR1>"

    assert app_server.runtime.services.tick(PUBLISH_TIME + timedelta(hours=4))["minutes"] == 1
    [minutes] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Protokoll")]
    assert minutes.args["blocks"][2]["text"]["text"] == "*Närvarande*\n<@UCHAIR1>"
