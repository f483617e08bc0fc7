"""The weekly round end to end: ``tick`` at the round's instant sends each unit's reporters one DM,
*Inget nytt* and a report filed with *Rapportera* each count as the unit's answer, a second tick
sends nothing, the cutoff morning's reminder goes only to units that have not answered, and the
agenda tells the coverage (the chairs' draft also who has not answered, the channel not)."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.demo_data import add_demo_history
from bot.domain.organisation import parse_seed
from bot.domain.rounds import RoundRule
from bot.sandbox.server import EXAMPLE
from storage.models import Report, ReportOccurrence, RoundAnswer, Unit
from storage.uow import session_factory
from tests.conftest import STOCKHOLM, RunningApp
from tests.e2e.test_cli import run_bot
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import report_values
from tests.support.slack_requests import SIGNING_SECRET

# The meeting of Tuesday 8 December 2026, 09:00: cutoff Monday 7 December 09:00, so the round asks
# Friday 4 December 09:00 and reminds Monday 08:00; the draft goes Monday 12:00, the agenda Tuesday 08:00.
ROUND = datetime(2026, 12, 4, 9, 0, tzinfo=STOCKHOLM)
REMINDER = datetime(2026, 12, 7, 8, 0, tzinfo=STOCKHOLM)
DRAFT = datetime(2026, 12, 7, 12, 0, tzinfo=STOCKHOLM)
PUBLISH = datetime(2026, 12, 8, 8, 0, tzinfo=STOCKHOLM)
QUESTION = "Inför mötet tisdag 8 december: har *{unit}* något att rapportera?"
ORGANISATION = {
    "enhet": [
        {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
        {"namn": "Kirsebergsskolan", "typ": "skola", "stadsomrade": "Norr"},
        {"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Väster"},  # nobody reports for it
        {"namn": "Polisen", "typ": "aktör"},
    ],
    "medlem": [
        {"slack_id": "UHEAD1", "enhet": "Rosengårdsskolan"},
        {"slack_id": "UHEAD2", "enhet": "Rosengårdsskolan"},
        {"slack_id": "UHEAD3", "enhet": "Kirsebergsskolan"},
        {"slack_id": "UCOP1", "enhet": "Polisen"},
    ],
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The default ORAT_ROUND: one working day before the cutoff, 09:00 (tests/conftest.py has it off)."""
    return replace(settings, weekly_round=RoundRule())


def seed(app: RunningApp) -> dict[str, int]:
    services = app.runtime.services
    services.organisation.seed(TEAM_ID, parse_seed(ORGANISATION), services.clock())
    return {u.name: u.id for u in all_rows(app.runtime.engine, Unit)}


def round_dms(fake: FakeSlack) -> dict[str, list[str]]:
    """user → the texts of the round's DMs (question and reminder) posted to them."""
    found: dict[str, list[str]] = {}
    for call in fake.calls_to("chat.postMessage"):
        text = call.args.get("text", "")
        if "något att rapportera?" in text:
            found.setdefault(call.args["channel"], []).append(text)
    return found


def dm_to(fake: FakeSlack, user: str):
    return next(
        c
        for c in fake.calls_to("chat.postMessage")
        if c.args["channel"] == user and "något att rapportera?" in c.args.get("text", "")
    )


def click(app: RunningApp, fake: FakeSlack, message, action_id: str, user: str):
    button = next(
        e
        for b in message.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    return app.slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "orat-test"},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "A0ORAT",
            "trigger_id": "7.7.7",
            "response_url": fake.response_url,
            "container": {"type": "message", "channel_id": "D" + user[1:], "message_ts": "1"},
            "message": {"ts": "1", "text": message.args.get("text", ""), "blocks": message.args["blocks"]},
            "actions": [
                {"action_id": action_id, "block_id": "b", "value": button["value"], "type": "button"}
            ],
        }
    )


def blocks_of(calls: list) -> str:
    return json.dumps([c.args.get("blocks") for c in calls], ensure_ascii=False)


def test_the_weekly_round_asks_each_unit_once_counts_answers_reminds_and_shows_coverage(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed(app_server)
    services = app_server.runtime.services

    # Thursday: nothing is due yet.
    clock.now = datetime(2026, 12, 3, 9, 0, tzinfo=STOCKHOLM)
    assert services.tick(clock.now)["round_units"] == 0

    # Friday 09:00: one DM per unit, to each of its reporters; Holmaskolan has none and gets none.
    clock.now = ROUND
    first = services.tick(ROUND)
    assert first["round_units"] == 3
    assert round_dms(fake_slack) == {
        "UHEAD1": [QUESTION.format(unit="Rosengårdsskolan")],
        "UHEAD2": [QUESTION.format(unit="Rosengårdsskolan")],
        "UHEAD3": [QUESTION.format(unit="Kirsebergsskolan")],
        "UCOP1": [QUESTION.format(unit="Polisen")],
    }
    posts = len(fake_slack.calls_to("chat.postMessage"))
    again = services.tick(ROUND)  # twice at the same instant, or a second scheduler: nothing new
    assert (again["round_units"], again["sent"]) == (0, 0)
    assert len(fake_slack.calls_to("chat.postMessage")) == posts

    # *Inget nytt* from Rosengårdsskolan: recorded once; both its members' DMs say who answered.
    clock.now = datetime(2026, 12, 4, 10, 15, tzinfo=STOCKHOLM)
    assert (
        click(app_server, fake_slack, dm_to(fake_slack, "UHEAD1"), "round_nothing_new", "UHEAD1").status
        == 200
    )
    updates = fake_slack.wait_for("chat.update", 2)
    assert sorted(u.args["channel"] for u in updates) == ["DHEAD1", "DHEAD2"]
    for update in updates:
        shown = blocks_of([update])
        assert "*Inget nytt* – svar från <@UHEAD1> fre 4 dec. 10:15" in shown
        assert "round_nothing_new" not in shown  # the buttons are gone
    # A second member's click is told the unit already answered; nothing more is stored.
    assert (
        click(app_server, fake_slack, dm_to(fake_slack, "UHEAD2"), "round_nothing_new", "UHEAD2").status
        == 200
    )
    [told] = fake_slack.wait_for("response_url")
    assert told.args["text"].startswith(
        "Enheten har redan svarat. ✅ Rosengårdsskolan: *Inget nytt* – svar från <@UHEAD1>"
    )
    # Someone of another unit cannot answer for it.
    assert (
        click(app_server, fake_slack, dm_to(fake_slack, "UHEAD3"), "round_nothing_new", "UCOP1").status == 200
    )
    refused = fake_slack.wait_for("response_url", 2)[-1]
    assert refused.args["text"].startswith("Du är inte registrerad vid den här enheten")
    [answer] = all_rows(app_server.runtime.engine, RoundAnswer)
    assert (answer.unit_id, answer.kind, answer.user_id) == (
        units["Rosengårdsskolan"],
        "nothing_new",
        "UHEAD1",
    )

    # *Rapportera* from Kirsebergsskolan opens the form with the unit chosen; the report counts.
    assert click(app_server, fake_slack, dm_to(fake_slack, "UHEAD3"), "round_report", "UHEAD3").status == 200
    view = fake_slack.wait_for("views.open")[-1].args["view"]
    assert f'"value": "{units["Kirsebergsskolan"]}"' in json.dumps(
        [b.get("element", {}).get("initial_option") for b in view["blocks"]]
    )
    submitted = app_server.slack.view_submission(
        view, report_values(unit_id=units["Kirsebergsskolan"]), user="UHEAD3", view_id="VROUND1"
    )
    assert submitted.json()["response_action"] == "update"
    wait_until_delivered(app_server.runtime.engine, now=clock.now)
    [report] = all_rows(app_server.runtime.engine, Report)
    assert report.unit_id == units["Kirsebergsskolan"]

    # Monday 08:00: one reminder, to Polisen only (Rosengård said "Inget nytt", Kirseberg reported).
    before = round_dms(fake_slack)
    clock.now = REMINDER
    reminded = services.tick(REMINDER)
    assert reminded["round_reminded_units"] == 1
    after = round_dms(fake_slack)
    assert {u: t[len(before.get(u, [])) :] for u, t in after.items() if len(t) > len(before.get(u, []))} == {
        "UCOP1": [
            "Påminnelse inför mötet tisdag 8 december: har *Polisen* något att rapportera? "
            "Ingen från enheten har svarat ännu."
        ]
    }
    assert services.tick(REMINDER)["round_reminded_units"] == 0

    # The chair's Home tab: the coverage and who has not answered; a reporter's tab shows neither.
    assert app_server.slack.home_opened("UCHAIR1").status == 200
    assert app_server.slack.home_opened("UHEAD1").status == 200
    published = {
        c.args["user_id"]: json.dumps(c.args["view"], ensure_ascii=False)
        for c in fake_slack.wait_for("views.publish", 2)
    }
    assert "2 av 4 enheter har svarat, 1 utan nya händelser" in published["UCHAIR1"]
    assert "Har inte svarat (2 enheter): Holmaskolan, Polisen" in published["UCHAIR1"]
    assert "har svarat" not in published["UHEAD1"]

    # The chairs' draft: the coverage and who has not answered.
    clock.now = DRAFT
    assert services.tick(DRAFT)["agenda_drafts"] == 1
    draft = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "UCHAIR1"]
    shown = blocks_of(draft)
    assert "2 av 4 enheter har svarat, 1 utan nya händelser" in shown
    assert "Har inte svarat (2 enheter): Holmaskolan, Polisen" in shown

    # The published agenda: the coverage line, not the names of those who did not answer.
    clock.now = PUBLISH
    assert services.tick(PUBLISH)["agendas_published"] == 1
    channel = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "C0MEETING"]
    shown = blocks_of(channel)
    assert "2 av 4 enheter har svarat, 1 utan nya händelser" in shown
    assert "Har inte svarat" not in shown


def file_with_rapportera(app: RunningApp, fake: FakeSlack, user: str, unit_id: int, view_id: str) -> None:
    """``user`` presses *Rapportera* in their round DM and files the form."""
    opened = len(fake.calls_to("views.open"))
    assert click(app, fake, dm_to(fake, user), "round_report", user).status == 200
    view = fake.wait_for("views.open", opened + 1)[-1].args["view"]
    # Each its own event (at one place, with one text, the second would be offered as the first).
    category = {"VROUND1": "arson", "VROUND2": "vandalism", "VROUND3": "drug_sales"}.get(view_id, "arson")
    values = report_values(unit_id=unit_id, category=category)
    submitted = app.slack.view_submission(view, values, user=user, view_id=view_id)
    assert submitted.json()["response_action"] == "update"
    assert submitted.json()["view"]["callback_id"] == "report_received"


def test_filing_a_report_changes_the_units_round_dms_in_place(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed(app_server)
    clock.now = ROUND
    assert app_server.runtime.services.tick(ROUND)["round_units"] == 3

    # Rosengårdsskolan reports: both its members' DMs say so, with the reference, who and when.
    clock.now = datetime(2026, 12, 4, 10, 15, tzinfo=STOCKHOLM)
    file_with_rapportera(app_server, fake_slack, "UHEAD1", units["Rosengårdsskolan"], "VROUND1")
    updates = fake_slack.wait_for("chat.update", 2)
    assert sorted(u.args["channel"] for u in updates) == ["DHEAD1", "DHEAD2"]
    for update in updates:
        shown = blocks_of([update])
        assert "✅ Rosengårdsskolan har rapporterat (ÖMM-2026-0001) – <@UHEAD1> fre 4 dec. 10:15." in shown
        assert "round_report" not in shown and "round_nothing_new" not in shown
        assert "har rapporterat (ÖMM-2026-0001)" in update.args["text"]

    # A second report from the unit changes nothing more; *Inget nytt* after it is told the answer.
    clock.now = datetime(2026, 12, 4, 11, 0, tzinfo=STOCKHOLM)
    file_with_rapportera(app_server, fake_slack, "UHEAD2", units["Rosengårdsskolan"], "VROUND2")
    wait_until_delivered(app_server.runtime.engine, now=clock.now)
    assert len(fake_slack.calls_to("chat.update")) == 2
    assert (
        click(app_server, fake_slack, dm_to(fake_slack, "UHEAD2"), "round_nothing_new", "UHEAD2").status
        == 200
    )
    [told] = fake_slack.wait_for("response_url")
    assert told.args["text"].startswith("Enheten har redan svarat. ✅ Rosengårdsskolan har rapporterat")
    assert all_rows(app_server.runtime.engine, RoundAnswer) == []

    # Kirsebergsskolan said *Inget nytt*, then reports after all: its DM now says it reported.
    click(app_server, fake_slack, dm_to(fake_slack, "UHEAD3"), "round_nothing_new", "UHEAD3")
    assert "*Inget nytt*" in blocks_of([fake_slack.wait_for("chat.update", 3)[-1]])
    clock.now = datetime(2026, 12, 4, 13, 30, tzinfo=STOCKHOLM)
    file_with_rapportera(app_server, fake_slack, "UHEAD3", units["Kirsebergsskolan"], "VROUND3")
    last = fake_slack.wait_for("chat.update", 4)[-1]
    assert last.args["channel"] == "DHEAD3"
    assert "✅ Kirsebergsskolan har rapporterat (ÖMM-2026-0003) – <@UHEAD3> fre 4 dec. 13:30." in blocks_of(
        [last]
    )


def test_no_round_for_a_cancelled_meeting(app_server: RunningApp, fake_slack: FakeSlack, clock):
    seed(app_server)
    clock.now = datetime(2026, 12, 2, 10, 0, tzinfo=STOCKHOLM)
    assert app_server.slack.command("/orat", "möte ställ in 8 dec", user="UCHAIR1").status == 200
    fake_slack.wait_for("response_url")
    clock.now = ROUND
    result = app_server.runtime.services.tick(ROUND)
    assert result["round_units"] == 0
    assert round_dms(fake_slack) == {}


def test_the_statistics_csv_and_the_lagesbild_have_the_round_per_week(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    seed(app_server)
    clock.now = ROUND
    assert app_server.runtime.services.tick(ROUND)["round_units"] == 3
    clock.now = datetime(2026, 12, 4, 11, 0, tzinfo=STOCKHOLM)
    click(app_server, fake_slack, dm_to(fake_slack, "UCOP1"), "round_nothing_new", "UCOP1")
    fake_slack.wait_for("chat.update")
    clock.now = datetime(2026, 12, 14, 10, 0, tzinfo=STOCKHOLM)
    fake_slack.reset()

    assert app_server.slack.command("/orat", "statistik 2026-11-30–2026-12-13", user="UCHAIR1").status == 200
    fake_slack.wait_for("files.completeUploadExternal")
    files = fake_slack.uploaded_files()
    rows = files["statistik-2026-11-30--2026-12-13-svar.csv"].decode("utf-8-sig").splitlines()
    assert rows == [
        "Vecka;Möte;Enheter;Har svarat;Inget nytt;Har inte svarat",
        "2026-W50;2026-12-08;4;1;1;3",
    ]

    fake_slack.reset()
    asked = app_server.slack.command("/orat", "lagesbild 2026-11-30–2026-12-13 md", user="UCHAIR1")
    assert asked.status == 200
    fake_slack.wait_for("files.completeUploadExternal")
    markdown = fake_slack.uploaded_files()["lagesbild-2026-11-30--2026-12-13.md"].decode()
    assert "## Veckans runda" in markdown
    assert "| 2026-W50 | 8 dec. 2026 | 4 | 1 | 1 |" in markdown


def test_the_demo_history_has_weekly_round_answers_for_the_statistics(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    """``python -m bot demo-data``: each week's round went out; some units reported, some answered
    *Inget nytt*, some stayed silent – and the statistics' answers CSV shows it."""
    services = app_server.runtime.services
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    services.organisation.seed(TEAM_ID, parse_seed(data), services.clock())
    clock.now = datetime(2026, 12, 14, 10, 0, tzinfo=STOCKHOLM)
    history = add_demo_history(
        session_factory(app_server.runtime.engine), TEAM_ID, weeks=4, today=clock.now.date(), tz=STOCKHOLM
    )
    assert history.round_answers == len(all_rows(app_server.runtime.engine, RoundAnswer)) > 0
    # … and a few events reported again, by the school or another actor: occurrences.
    occurrences = all_rows(app_server.runtime.engine, ReportOccurrence)
    assert history.occurrences == len(occurrences) > 0
    reports = {r.id: r for r in all_rows(app_server.runtime.engine, Report)}
    assert all(o.place == reports[o.report_id].place for o in occurrences)

    assert app_server.slack.command("/orat", "statistik 2026-11-16–2026-12-13", user="UCHAIR1").status == 200
    # The summary has the round per meeting too, and when things happened (the demo has times).
    summary = json.dumps(fake_slack.wait_for("response_url")[0].args["blocks"], ensure_ascii=False)
    assert "*Veckans runda*\\nv. 47 (möte tis 17 nov.): " in summary
    assert "v. 50 (möte tis 8 dec.): " in summary and " av 22 enheter har svarat, " in summary
    assert "*När det händer* (veckodag och tid, flest först)" in summary
    fake_slack.wait_for("files.completeUploadExternal")
    rows = fake_slack.uploaded_files()["statistik-2026-11-16--2026-12-13-svar.csv"].decode("utf-8-sig")
    header, *weeks = [row.split(";") for row in rows.splitlines()]
    assert header == ["Vecka", "Möte", "Enheter", "Har svarat", "Inget nytt", "Har inte svarat"]
    assert [w[:2] for w in weeks] == [
        ["2026-W47", "2026-11-17"],
        ["2026-W48", "2026-11-24"],
        ["2026-W49", "2026-12-01"],
        ["2026-W50", "2026-12-08"],
    ]
    counts = [[int(n) for n in w[2:]] for w in weeks]
    for units, answered, nothing_new, silent in counts:
        assert units == 22 and answered + silent == units
        assert 0 < nothing_new < answered  # some said "Inget nytt", some reported
    assert sum(silent for *_, silent in counts) > 0  # and some units stayed silent


SEED_FILE = """
[[enhet]]
namn = "Rosengårdsskolan"
typ = "skola"
stadsomrade = "Öster"

[[enhet]]
namn = "Kirsebergsskolan"
typ = "skola"
stadsomrade = "Norr"

[[enhet]]
namn = "Polisen"
typ = "aktör"

[[medlem]]
slack_id = "UHEAD1"
enhet = "Rosengårdsskolan"

[[medlem]]
slack_id = "UHEAD3"
enhet = "Kirsebergsskolan"

[[medlem]]
slack_id = "UCOP1"
enhet = "Polisen"
"""


def test_tick_at_the_round_instant_on_the_command_line_sends_the_round_once(
    tmp_path: Path, fake_slack: FakeSlack
):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'orat.db'}",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "ORAT_MEETING_CHANNEL": "C0MEETING",
    }
    seed_file = tmp_path / "organisation.toml"
    seed_file.write_text(SEED_FILE, encoding="utf-8")
    assert run_bot("migrate", env=env).returncode == 0
    assert run_bot("seed", str(seed_file), "--team", TEAM_ID, env=env).returncode == 0
    outputs = []
    for _ in range(2):
        result = run_bot("tick", "--at", "2026-12-04T09:00", env=env)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout.strip())
    assert "round_units=3, round_reminded_units=0," in outputs[0], outputs[0]
    assert "sent=3," in outputs[0]
    assert "round_units=0, round_reminded_units=0," in outputs[1] and "sent=0," in outputs[1]
    assert round_dms(fake_slack) == {
        "UHEAD1": [QUESTION.format(unit="Rosengårdsskolan")],
        "UHEAD3": [QUESTION.format(unit="Kirsebergsskolan")],
        "UCOP1": [QUESTION.format(unit="Polisen")],
    }


def test_an_occurrence_added_after_the_round_is_the_units_answer(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    """Polisen reports the same fire as Rosengårdsskolan, *Lägg till som nytt tillfälle*: no report of
    its own, but Polisen has answered the round all the same."""
    from handlers.ids import REPORT_MATCH_BLOCK
    from tests.support.modal import VALUE

    units = seed(app_server)
    services = app_server.runtime.services
    fire = {
        "category": "arson",
        "place": "Bakom idrottshallen",
        "occurred_on": "2026-12-03",
        "description": "Någon har tänt eld på soptunnan bakom idrottshallen efter skoltid.",
    }

    def submit(user: str, view_id: str, unit: str):
        before = len(fake_slack.calls_to("views.open"))
        assert app_server.slack.command("/rapportera", user=user).status == 200
        view = fake_slack.wait_for("views.open", before + 1)[-1].args["view"]
        values = report_values(unit_id=units[unit], **fire)
        return view, app_server.slack.view_submission(view, values, user=user, view_id=view_id).json()

    clock.now = datetime(2026, 12, 3, 16, 0, tzinfo=STOCKHOLM)  # Thursday, before the round
    _, stored = submit("UHEAD1", "VROUNDFIRE1", "Rosengårdsskolan")
    assert stored["response_action"] == "update"
    clock.now = ROUND
    assert services.tick(ROUND)["round_units"] == 2  # Rosengårdsskolan has reported already
    clock.now = datetime(2026, 12, 4, 11, 0, tzinfo=STOCKHOLM)
    _, offered = submit("UCOP1", "VROUNDFIRE2", "Polisen")
    assert "Samma händelse som" in json.dumps(offered["view"], ensure_ascii=False)
    [report] = all_rows(app_server.runtime.engine, Report)
    choice = {
        REPORT_MATCH_BLOCK: {VALUE: {"type": "radio_buttons", "selected_option": {"value": str(report.id)}}}
    }
    added = app_server.slack.view_submission(offered["view"], choice, user="UCOP1", view_id="VROUNDFIRE2")
    assert "nytt tillfälle" in json.dumps(added.json(), ensure_ascii=False)
    assert len(all_rows(app_server.runtime.engine, Report)) == 1
    [answer] = all_rows(app_server.runtime.engine, RoundAnswer)
    assert (answer.unit_id, answer.kind, answer.user_id) == (units["Polisen"], "reported", "UCOP1")

    clock.now = DRAFT
    assert services.tick(DRAFT)["agenda_drafts"] == 1
    shown = blocks_of([c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "UCHAIR1"])
    assert "2 av 4 enheter har svarat, 0 utan nya händelser" in shown
    assert "Har inte svarat (2 enheter): Holmaskolan, Kirsebergsskolan" in shown
