"""Agenda messages whose buttons no longer apply lose them, in place, through the outbox (so a Slack
outage only delays it): the published agenda once the minutes are out, each chair's draft once the
agenda is published. What the items say stays; a line says why the buttons went and since when."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import RunningApp
from tests.e2e.test_responsibility_flow import (
    COP,
    PUBLISH_TIME,
    click,
    file_reports,
    publish_agenda,
    values,
)
from tests.support.db import wait_until_delivered
from tests.support.fake_slack import FakeSlack


def buttons(blocks: list[dict]) -> list[dict]:
    return [b for b in blocks if b.get("type") == "actions"]


def test_the_agenda_closes_in_place_when_the_minutes_are_out(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units, [agenda] = publish_agenda(app_server, fake_slack, clock)
    assert buttons(agenda.args["blocks"])
    click(app_server, fake_slack, agenda, "item_take", COP)
    modal = fake_slack.wait_for("views.open")[-1].args["view"]
    taking = values(units["Polisen"], COP, "Ökad närvaro", "2026-12-15")
    app_server.slack.view_submission(modal, taking, user=COP)
    taken = fake_slack.wait_for("chat.update")[-1]
    assert buttons(taken.args["blocks"])  # the meeting goes on: the buttons are still there

    minutes_at = PUBLISH_TIME + timedelta(hours=4)
    assert app_server.runtime.services.tick(minutes_at)["minutes"] == 1
    wait_until_delivered(app_server.runtime.engine, now=minutes_at)
    closed = [
        c
        for c in fake_slack.calls_to("chat.update")
        if c.args["ts"] == taken.args["ts"] and "dagordningen är stängd" in str(c.args["blocks"])
    ]
    assert len(closed) == 1
    blocks = closed[0].args["blocks"]
    assert buttons(blocks) == []
    shown = str(blocks)
    assert "Protokollet är publicerat tisdag 1 december kl. 12:00" in shown
    assert "Ökad närvaro" in shown and "Brand nummer 0" in shown  # the items and what was decided stay

    # The next tick sends nothing again: the change went once.
    app_server.runtime.services.tick(minutes_at + timedelta(minutes=5))
    wait_until_delivered(app_server.runtime.engine, now=minutes_at + timedelta(minutes=5))
    assert len([c for c in fake_slack.calls_to("chat.update") if "stängd" in str(c.args["blocks"])]) == 1


def test_a_chairs_draft_loses_its_buttons_when_the_agenda_is_published(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    services = app_server.runtime.services
    draft_at = PUBLISH_TIME - timedelta(hours=20)  # Monday 12:00, the day before
    clock.now = draft_at - timedelta(hours=2)
    file_reports(app_server, fake_slack, clock, 1)
    services.tick(draft_at)
    wait_until_delivered(app_server.runtime.engine, now=draft_at)
    posted = fake_slack.calls_to("chat.postMessage")
    [draft] = [c for c in posted if "Utkast till ordförandena" in str(c.args)]
    assert buttons(draft.args["blocks"])

    services.tick(PUBLISH_TIME)
    wait_until_delivered(app_server.runtime.engine, now=PUBLISH_TIME)
    [retired] = [c for c in fake_slack.calls_to("chat.update") if "publicerades" in str(c.args["blocks"])]
    assert retired.args["channel"].startswith("D") and buttons(retired.args["blocks"]) == []
    assert "dagordningen publicerades tisdag 1 december kl. 08:00" in str(retired.args["blocks"])
    assert "eller nu, med knappen" not in str(retired.args["blocks"])  # the intro that offered it is gone
