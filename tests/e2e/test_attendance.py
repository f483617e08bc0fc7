"""The chair's attendance list, end to end over signed HTTP: "Närvaro…" on the published agenda opens
a modal pre-filled with who marked themselves present; saving makes the minutes list exactly them."""

from __future__ import annotations

from datetime import timedelta

from handlers.ids import ATTENDANCE_BLOCK, VALUE
from storage.models import Attendance, AuditEvent
from tests.conftest import RunningApp
from tests.e2e.test_responsibility_flow import CHAIR, COP, HEAD, PUBLISH_TIME, click, publish_agenda
from tests.support.db import all_rows
from tests.support.fake_slack import FakeSlack

SCHOOL = "UFGK1"


def chosen(*users: str) -> dict:
    return {ATTENDANCE_BLOCK: {VALUE: {"type": "multi_users_select", "selected_users": list(users)}}}


def answer(fake: FakeSlack) -> str:
    return fake.calls_to("response_url")[-1].args["text"]


def minutes_present(app: RunningApp, fake: FakeSlack) -> str:
    assert app.runtime.services.tick(PUBLISH_TIME + timedelta(hours=4))["minutes"] == 1
    [minutes] = [c for c in fake.calls_to("chat.postMessage") if c.args["text"].startswith("Protokoll")]
    return minutes.args["blocks"][2]["text"]["text"]


def test_the_chair_sets_who_attended(app_server: RunningApp, fake_slack: FakeSlack, clock):
    _, [agenda] = publish_agenda(app_server, fake_slack, clock)
    [present, chair, _other] = [
        e for b in agenda.args["blocks"] if b.get("block_id") == "agenda_present" for e in b["elements"]
    ]
    assert (present["text"]["text"], chair["text"]["text"]) == ("Jag är här", "Närvaro…")
    click(app_server, fake_slack, agenda, "agenda_present", COP)
    fake_slack.wait_for("response_url")

    click(app_server, fake_slack, agenda, "agenda_attendance", CHAIR)
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    [field] = [b for b in modal["blocks"] if b.get("block_id") == ATTENDANCE_BLOCK]
    assert field["element"]["initial_users"] == [COP]
    assert modal["title"]["text"] == "Närvaro"

    # The chair adds themselves and the school's head, and takes the police off again.
    saved = app_server.slack.view_submission(modal, chosen(CHAIR, SCHOOL, CHAIR), user=CHAIR).json()
    assert saved["response_action"] == "update"
    assert saved["view"]["blocks"][0]["text"]["text"] == (
        "Närvaron är sparad: 2 personer är antecknade som närvarande."
    )
    assert sorted(a.user_id for a in all_rows(app_server.runtime.engine, Attendance)) == [CHAIR, SCHOOL]
    [event] = [
        e for e in all_rows(app_server.runtime.engine, AuditEvent) if e.event == "meeting.attendance_set"
    ]
    assert (event.actor_user_id, event.surface) == (CHAIR, "modal")
    assert event.details == {"added": [CHAIR, SCHOOL], "removed": [COP]}

    shown = minutes_present(app_server, fake_slack)
    assert shown.startswith("*Närvarande*\n<@UCHAIR1>")
    assert "<@UFGK1>" in shown and "<@UCOP1>" not in shown

    # Once the minutes are out, the list is closed (like "Jag är här").
    click(app_server, fake_slack, agenda, "agenda_attendance", CHAIR)
    assert answer(fake_slack).startswith("Mötets protokoll är redan publicerat")
    late = app_server.slack.view_submission(modal, chosen(COP), user=CHAIR).json()
    assert late["errors"][ATTENDANCE_BLOCK].startswith("Mötets protokoll är redan publicerat")
    assert sorted(a.user_id for a in all_rows(app_server.runtime.engine, Attendance)) == [CHAIR, SCHOOL]


def test_an_empty_list_leaves_nobody_present(app_server: RunningApp, fake_slack: FakeSlack, clock):
    _, [agenda] = publish_agenda(app_server, fake_slack, clock)
    click(app_server, fake_slack, agenda, "agenda_present", COP)
    fake_slack.wait_for("response_url")
    click(app_server, fake_slack, agenda, "agenda_attendance", CHAIR)
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    saved = app_server.slack.view_submission(modal, {}, user=CHAIR).json()
    assert (
        saved["view"]["blocks"][0]["text"]["text"] == "Närvaron är sparad: ingen är antecknad som närvarande."
    )
    assert minutes_present(app_server, fake_slack) == "*Närvarande*\n_Ingen antecknade sig som närvarande._"


def test_only_chairs_set_attendance(app_server: RunningApp, fake_slack: FakeSlack, clock):
    _, [agenda] = publish_agenda(app_server, fake_slack, clock)
    for user in (COP, HEAD):
        before = len(fake_slack.calls_to("response_url"))
        click(app_server, fake_slack, agenda, "agenda_attendance", user)
        fake_slack.wait_for("response_url", before + 1)
        assert answer(fake_slack).startswith("Det här kan bara"), answer(fake_slack)
    assert not fake_slack.calls_to("views.open")

    # A forged submission is refused under the field too.
    click(app_server, fake_slack, agenda, "agenda_attendance", CHAIR)
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    forged = app_server.slack.view_submission(modal, chosen(COP), user=COP).json()
    assert forged["errors"][ATTENDANCE_BLOCK].startswith("Det här kan bara")
    assert all_rows(app_server.runtime.engine, Attendance) == []
