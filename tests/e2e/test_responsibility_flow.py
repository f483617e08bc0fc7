"""Deciding items from the published agenda, end to end: buttons → modal → submit → the agenda
message updated in place (chat.update) → the reporter and owners told."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot.domain.organisation import parse_seed
from bot.domain.reports import ReportInput
from handlers.ids import RESPONSIBILITY_BLOCKS
from storage.models import Action, AgendaItem, Unit
from tests.conftest import STOCKHOLM, RunningApp
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack

CHAIR = "UCHAIR1"
COP = "UCOP1"
HEAD = "UHEAD1"
PUBLISH_TIME = datetime(2026, 12, 1, 8, 0, tzinfo=STOCKHOLM)
UNITS = [
    {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
    {"namn": "Polisen", "typ": "aktör"},
    {"namn": "Fastighets- och gatukontoret", "typ": "förvaltning"},
]


def publish_agenda(app: RunningApp, fake: FakeSlack, clock, reports: int = 2) -> tuple[dict[str, int], list]:
    units = file_reports(app, fake, clock, reports)
    app.runtime.services.tick(PUBLISH_TIME)
    wait_until_delivered(app.runtime.engine)
    clock.now = PUBLISH_TIME + timedelta(hours=1, minutes=10)  # during the meeting
    agenda = [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == "C0MEETING"]
    return units, agenda


def file_reports(app: RunningApp, fake: FakeSlack, clock, reports: int) -> dict[str, int]:
    """The meeting's units and members, and ``reports`` reports filed by the school (units by name)."""
    services = app.runtime.services
    members = [{"slack_id": COP, "enhet": "Polisen", "roller": ["deltagare"]}]
    fake.channel_members["C0MEETING"] = [CHAIR, COP, "UFGK1"]  # the meeting channel's members
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": UNITS, "medlem": members}), services.clock())
    units = {u.name: u.id for u in all_rows(app.runtime.engine, Unit)}
    for i in range(reports):
        filed = services.reports.file_report(
            team_id=TEAM_ID,
            user_id=HEAD,
            view_id=None,
            report=ReportInput(
                "arson",
                units["Rosengårdsskolan"],
                None,
                None,
                f"Plats {i}",
                clock().astimezone(STOCKHOLM).date(),
                None,
                f"Brand nummer {i}",
                False,
            ),
            draft_id=None,
            now=services.clock(),
        )
        services.outbox.dispatch(services.clock(), keys=filed.notification_keys)  # as after the ack
    return units


def click(app: RunningApp, fake: FakeSlack, message, action_id: str, user: str, *, option: str | None = None):
    element = next(
        e
        for b in message.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    action = {"action_id": action_id, "block_id": "item_1_actions", "type": element["type"]}
    if option is None:
        action["value"] = element["value"]
    else:
        action["selected_option"] = next(o for o in element["options"] if o["value"].startswith(option))
    return app.slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "orat-test"},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "A0ORAT",
            "trigger_id": "7.7.7",
            "response_url": fake.response_url,
            "container": {"type": "message", "channel_id": "C0MEETING", "message_ts": "1"},
            "actions": [action],
        }
    )


def values(unit_id: int | None, owner: str | None, description: str, due: str | None, note: str = "") -> dict:
    def selected(value: int | None) -> dict:
        return {"type": "static_select", "selected_option": {"value": str(value)} if value else None}

    return {
        RESPONSIBILITY_BLOCKS["unit"]: {"value": selected(unit_id)},
        RESPONSIBILITY_BLOCKS["owner"]: {"value": {"type": "users_select", "selected_user": owner}},
        RESPONSIBILITY_BLOCKS["description"]: {"value": {"type": "plain_text_input", "value": description}},
        RESPONSIBILITY_BLOCKS["due_on"]: {"value": {"type": "datepicker", "selected_date": due}},
        RESPONSIBILITY_BLOCKS["note"]: {"value": {"type": "plain_text_input", "value": note}},
    }


def not_ours_values(suggested_unit_id: int, comment: str) -> dict:
    return {
        RESPONSIBILITY_BLOCKS["suggested_unit"]: {
            "value": {"type": "static_select", "selected_option": {"value": str(suggested_unit_id)}}
        },
        RESPONSIBILITY_BLOCKS["note"]: {"value": {"value": comment}},
    }


def status_text(update) -> str:
    return json.dumps(
        [b for b in update.args["blocks"] if b.get("block_id", "").endswith("_status")], ensure_ascii=False
    )


def test_taking_responsibility_updates_the_agenda_and_tells_the_school(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units, [agenda] = publish_agenda(app_server, fake_slack, clock)
    assert click(app_server, fake_slack, agenda, "item_take", COP).status == 200
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    assert modal["title"]["text"] == "Ta ansvar"
    blocks = {b.get("block_id"): b for b in modal["blocks"]}
    assert blocks[RESPONSIBILITY_BLOCKS["unit"]]["element"]["initial_option"]["value"] == str(
        units["Polisen"]
    )
    # Taking it oneself, one is the owner: no select, a line saying so (a chair's Tilldela chooses).
    assert RESPONSIBILITY_BLOCKS["owner"] not in blocks
    assert "Ansvarig: <@UCOP1> (du)" in json.dumps(modal["blocks"], ensure_ascii=False)
    assert (
        blocks[RESPONSIBILITY_BLOCKS["due_on"]]["element"]["initial_date"] == "2026-12-08"
    )  # the next meeting

    bad = app_server.slack.view_submission(modal, values(units["Polisen"], COP, " ", "2026-11-30"), user=COP)
    assert bad.json() == {
        "response_action": "errors",
        "errors": {
            RESPONSIBILITY_BLOCKS["description"]: "Skriv vad som ska göras.",
            RESPONSIBILITY_BLOCKS["due_on"]: "Datumet har redan passerat.",
        },
    }
    assert all_rows(app_server.runtime.engine, Action) == []

    good = values(units["Polisen"], COP, "Ökad närvaro vid skolan <!here> eftermiddagar", "2026-12-15")
    result = app_server.slack.view_submission(modal, good, user=COP)

    assert result.status == 200 and result.body == ""
    update = fake_slack.wait_for("chat.update")[0]
    assert update.args["channel"] == agenda.args["channel"]
    text = status_text(update)
    expected = "Ansvar: *Polisen* – <@UCOP1>: Ökad närvaro vid skolan &lt;!here&gt; eftermiddagar"
    assert f"{expected} – senast tis 15 dec." in text
    assert "<!here>" not in json.dumps(update.args["blocks"])
    [action] = all_rows(app_server.runtime.engine, Action)
    assert (action.owner_user_id, action.due_on.isoformat(), action.status) == (COP, "2026-12-15", "open")
    # 2 receipts, the agenda, the chair told that 24 November's agenda never went out, then this
    told = fake_slack.wait_for("chat.postMessage", 5)[-1]
    assert told.args["channel"] == HEAD
    assert "*Polisen* har tagit ansvar för din rapport" in told.args["blocks"][0]["text"]["text"]

    # A second actor takes its own action on the same item: both lines, one status block.
    click(app_server, fake_slack, agenda, "item_take", "UFGK1")
    modal = fake_slack.wait_for("views.open", 2)[-1].args["view"]
    fgk = values(units["Fastighets- och gatukontoret"], "UFGK1", "Ny belysning", "2026-12-22")
    app_server.slack.view_submission(modal, fgk, user="UFGK1", view_id="V0FGKTAKE")  # another modal
    second = fake_slack.wait_for("chat.update", 2)[-1]
    assert "*Polisen*" in status_text(second) and "*Fastighets- och gatukontoret*" in status_text(second)
    assert [i.outcome for i in all_rows(app_server.runtime.engine, AgendaItem)][:1] == [
        "responsibility_taken"
    ]


def test_assigning_is_for_chairs_and_tells_the_owner(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units, [agenda] = publish_agenda(app_server, fake_slack, clock)

    click(app_server, fake_slack, agenda, "item_assign", COP)
    assert (
        fake_slack.wait_for("response_url")[0].args["text"].startswith("Det här kan bara mötets ordförande")
    )
    assert fake_slack.calls_to("views.open") == []

    click(app_server, fake_slack, agenda, "item_assign", CHAIR)
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    assert modal["title"]["text"] == "Tilldela ansvar"
    owner = next(b for b in modal["blocks"] if b.get("block_id") == RESPONSIBILITY_BLOCKS["owner"])
    assert "initial_user" not in owner["element"]
    app_server.slack.view_submission(
        modal, values(units["Polisen"], COP, "Samtal med föräldrar", "2026-12-10"), user=CHAIR
    )

    wait_until_delivered(app_server.runtime.engine)
    assigned = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == COP]
    assert (
        len(assigned) == 1
        and "<@UCHAIR1> har gett dig ansvar" in assigned[0].args["blocks"][0]["text"]["text"]
    )


def test_tabled_no_action_and_not_ours(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units, [agenda] = publish_agenda(app_server, fake_slack, clock)

    click(app_server, fake_slack, agenda, "item_outcome", COP, option="tabled")
    assert "ordförande" in fake_slack.wait_for("response_url")[0].args["text"]
    click(app_server, fake_slack, agenda, "item_outcome", CHAIR, option="tabled")
    tabling = fake_slack.wait_for("views.open")[0].args["view"]
    app_server.slack.view_submission(
        tabling, {RESPONSIBILITY_BLOCKS["note"]: {"value": {"value": ""}}}, user=CHAIR
    )
    assert ":hourglass: Bordlagd (<@UCHAIR1>)" in status_text(fake_slack.wait_for("chat.update")[0])
    assert all_rows(app_server.runtime.engine, AgendaItem)[0].outcome == "tabled"

    click(app_server, fake_slack, agenda, "item_outcome", CHAIR, option="no_action")
    modal = fake_slack.wait_for("views.open", 2)[-1].args["view"]
    empty = app_server.slack.view_submission(
        modal, {RESPONSIBILITY_BLOCKS["note"]: {"value": {"value": ""}}}, user=CHAIR
    )
    assert empty.json()["errors"] == {RESPONSIBILITY_BLOCKS["note"]: "Skriv varför ingen åtgärd behövs."}
    app_server.slack.view_submission(
        modal, {RESPONSIBILITY_BLOCKS["note"]: {"value": {"value": "Redan åtgärdat"}}}, user=CHAIR
    )
    assert "Ingen åtgärd (<@UCHAIR1>) – Redan åtgärdat" in status_text(
        fake_slack.wait_for("chat.update", 2)[-1]
    )

    click(app_server, fake_slack, agenda, "item_outcome", COP, option="not_ours")
    modal = fake_slack.wait_for("views.open", 3)[-1].args["view"]
    suggestion = not_ours_values(units["Fastighets- och gatukontoret"], "Gäller belysningen")
    app_server.slack.view_submission(modal, suggestion, user=COP)
    update = fake_slack.wait_for("chat.update", 3)[-1]
    assert "inte vår fråga – föreslår Fastighets- och gatukontoret – Gäller belysningen" in status_text(
        update
    )
    wait_until_delivered(app_server.runtime.engine)
    [chairs] = [
        c
        for c in fake_slack.calls_to("chat.postMessage")
        if c.args["channel"] == CHAIR and "gick aldrig ut" not in c.args["text"]  # 24 November's
    ]
    assert "<@UCOP1> (Polisen) menar att punkt 1" in chairs.args["blocks"][0]["text"]["text"]


def test_the_school_hears_each_decision_without_an_action(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    """Bordlagd (with the meeting it comes back to), Ingen åtgärd (with the reason) and Inte vår
    fråga (with what happens next) each reach the reporter as a DM, text escaped."""
    units, [agenda] = publish_agenda(app_server, fake_slack, clock)

    def school_dms() -> list[str]:
        wait_until_delivered(app_server.runtime.engine)
        return [
            json.dumps(c.args["blocks"], ensure_ascii=False)
            for c in fake_slack.calls_to("chat.postMessage")
            if c.args["channel"] == HEAD
            and "ÖMM-" in c.args["text"]
            and "Rapporten" not in c.args["text"]
            and not c.args["text"].startswith("Tack")
        ]

    before = len(school_dms())
    click(app_server, fake_slack, agenda, "item_outcome", CHAIR, option="tabled")
    tabling = fake_slack.wait_for("views.open")[0].args["view"]
    reason = {RESPONSIBILITY_BLOCKS["note"]: {"value": {"value": "Väntar på fastighetsägaren <b>"}}}
    app_server.slack.view_submission(tabling, reason, user=CHAIR)
    fake_slack.wait_for("chat.update")
    [tabled] = school_dms()[before:]
    # The agenda was published for Tuesday 1 December; the next meeting is Tuesday 8 December 09:00.
    assert "*bordlades* av <@UCHAIR1>" in tabled and "tisdag 8 december kl. 09:00" in tabled
    assert "Skäl:" in tabled and "Väntar på fastighetsägaren &lt;b&gt;" in tabled

    click(app_server, fake_slack, agenda, "item_outcome", CHAIR, option="no_action")
    modal = fake_slack.wait_for("views.open", 2)[-1].args["view"]
    app_server.slack.view_submission(
        modal, {RESPONSIBILITY_BLOCKS["note"]: {"value": {"value": "Redan åtgärdat <b>"}}}, user=CHAIR
    )
    fake_slack.wait_for("chat.update", 2)
    [no_action] = school_dms()[before + 1 :]
    assert "*ingen åtgärd*" in no_action and "Redan åtgärdat &lt;b&gt;" in no_action

    click(app_server, fake_slack, agenda, "item_outcome", COP, option="not_ours")
    modal = fake_slack.wait_for("views.open", 3)[-1].args["view"]
    suggestion = not_ours_values(units["Fastighets- och gatukontoret"], "Gäller belysningen")
    app_server.slack.view_submission(modal, suggestion, user=COP)
    fake_slack.wait_for("chat.update", 3)
    [not_ours] = school_dms()[before + 2 :]
    assert "<@UCOP1> (Polisen) menar att din rapport" in not_ours
    assert "föreslår *Fastighets- och gatukontoret*" in not_ours and "Gäller belysningen" in not_ours
    assert "du får ett meddelande när någon har tagit ansvar" in not_ours


def test_orat_rapport_words_the_status_as_the_home_tab_does(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units, [agenda] = publish_agenda(app_server, fake_slack, clock)
    click(app_server, fake_slack, agenda, "item_take", COP)
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    app_server.slack.view_submission(
        modal, values(units["Polisen"], COP, "Ökad närvaro", "2026-12-15"), user=COP
    )
    fake_slack.wait_for("chat.update")

    app_server.slack.command("/orat", "rapport ÖMM-2026-0001", user=HEAD)
    card = json.dumps(fake_slack.wait_for("response_url")[0].args["blocks"], ensure_ascii=False)
    home = app_server.runtime.services.home.home(TEAM_ID, HEAD, clock())
    [mine] = [r for r in home.reports.items if r.reference == "ÖMM-2026-0001"]
    assert mine.outcome == "responsibility_taken"
    assert "Status: Mötet tis 1 dec.: ansvar taget." in card
    assert "• *Polisen*: Ökad närvaro – senast tis 15 dec." in card
    assert "på dagordningen" not in card


def test_minutes_after_the_meeting(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units, [agenda] = publish_agenda(app_server, fake_slack, clock)
    services = app_server.runtime.services
    click(app_server, fake_slack, agenda, "item_take", COP)
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    app_server.slack.view_submission(
        modal, values(units["Polisen"], COP, "Ökad närvaro", "2026-12-15"), user=COP
    )

    assert services.tick(PUBLISH_TIME + timedelta(hours=3, minutes=59))["minutes"] == 0
    assert services.tick(PUBLISH_TIME + timedelta(hours=4))["minutes"] == 1  # three hours after 09:00
    assert services.tick(PUBLISH_TIME + timedelta(hours=5))["minutes"] == 0
    [minutes] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Protokoll")]
    shown = json.dumps(minutes.args["blocks"], ensure_ascii=False)
    assert "1 beslutad punkt · 1 tas upp igen" in shown
    assert shown.index("*Beslut*") < shown.index(
        "Ansvar: *Polisen* – <@UCOP1>: Ökad närvaro – senast tis 15 dec."
    )
    undecided = "_Ej avgjord – tas upp igen på nästa möte._"
    assert shown.index("*Bordlagda och ej avgjorda") < shown.index(undecided)

    app_server.slack.command("/orat", "protokoll", user=CHAIR)
    assert "redan publicerat" in fake_slack.wait_for("response_url")[0].args["text"]
