"""``/rapportera`` end to end: signed HTTP into the real Bolt app, Web API calls into the fake Slack."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from bot.domain.organisation import parse_seed
from handlers.ids import REPORT_BLOCKS, REPORT_UNIT_ACTION, REPORT_VIEW
from storage.models import Member, OutboxMessage, Report, ReportDraft, Unit
from tests.conftest import STOCKHOLM, RunningApp
from tests.support.db import all_rows, counts, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import block, report_values


def seed_units(
    app: RunningApp, units: list[dict[str, str]], members: list[dict[str, object]] = ()
) -> dict[str, int]:
    services = app.runtime.services
    services.organisation.seed(
        TEAM_ID, parse_seed({"enhet": units, "medlem": list(members)}), services.clock()
    )
    return {u.name: u.id for u in all_rows(app.runtime.engine, Unit)}


def open_modal(app: RunningApp, fake: FakeSlack, text: str = "", user: str = "UHEAD1") -> dict:
    before = len(fake.calls_to("views.open"))
    result = app.slack.command("/rapportera", text, user=user)
    assert result.status == 200, result.body
    return fake.wait_for("views.open", before + 1)[-1].args["view"]


SCHOOL = {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"}
POLICE = {"namn": "Polisen", "typ": "aktör"}
PIN_WARNING = (
    "Texten ser ut att innehålla ett personnummer. Ta bort det, eller skicka igen så döljs numret "
    "i rapporten."
)


def test_command_opens_the_report_modal_with_the_command_text(app_server: RunningApp, fake_slack: FakeSlack):
    seed_units(app_server, [SCHOOL, POLICE])
    result = app_server.slack.command("/rapportera", "Gäng samlas vid entrén varje eftermiddag")

    assert result.status == 200 and result.body == ""
    call = fake_slack.wait_for("views.open")[0]
    assert call.args["trigger_id"]
    view = call.args["view"]
    assert view["callback_id"] == REPORT_VIEW
    assert view["title"]["text"] == "Rapportera"
    everything = json.dumps(view, ensure_ascii=False)
    assert "Vid akut fara – ring 112" in everything
    assert "tisdag 24 november kl. 09:00" in everything
    category = block(view, REPORT_BLOCKS["category"])["element"]
    assert [o["text"]["text"] for o in category["options"]] == [
        "Störande gäng/grupper",
        "Skadegörelse",
        "Anlagd brand",
        "Drogförsäljning",
        "Hot och våld",
        "Otrygg miljö",
        "Annat",
    ]
    description = block(view, REPORT_BLOCKS["description"])["element"]
    assert description["initial_value"] == "Gäng samlas vid entrén varje eftermiddag"
    assert block(view, REPORT_BLOCKS["occurred_on"])["element"]["initial_date"] == "2026-11-20"
    unit = block(view, REPORT_BLOCKS["unit"])
    groups = [g["label"]["text"] for g in unit["element"]["option_groups"]]
    assert groups == ["Skolor – Öster", "Andra aktörer"]
    assert "initial_option" not in unit["element"]
    # Not yet known to the bot: the reporter may also name a school that is not listed.
    assert block(view, REPORT_BLOCKS["new_unit_name"])["optional"] is True


def test_submit_stores_the_report_and_sends_a_receipt(app_server: RunningApp, fake_slack: FakeSlack):
    units = seed_units(app_server, [SCHOOL, POLICE])
    view = open_modal(app_server, fake_slack)

    result = app_server.slack.view_submission(
        view,
        report_values(unit_id=units["Rosengårdsskolan"], occurred_time="15:30", recurring=True),
        view_id="V0000FIRST",
    )

    assert result.status == 200
    answer = result.json()
    assert answer["response_action"] == "update"
    assert "ÖMM-2026-0001" in json.dumps(answer, ensure_ascii=False)
    dm = fake_slack.wait_for("chat.postMessage")[0]
    assert dm.args["channel"] == "UHEAD1"
    assert dm.args["text"] == "Rapport ÖMM-2026-0001 mottagen – tas upp tisdag 24 november kl. 09:00"
    shown = json.dumps(dm.args["blocks"], ensure_ascii=False)
    for expected in (
        "ÖMM-2026-0001",
        "Anlagd brand",
        "Rosengårdsskolan",
        "Cykelparkeringen vid entrén",
        "torsdag 19 november 15:30 (återkommande)",
        "Brand i en papperskorg",
    ):
        assert expected in shown

    [report] = all_rows(app_server.runtime.engine, Report)
    assert (report.reference, report.category, report.reporter_user_id) == (
        "ÖMM-2026-0001",
        "arson",
        "UHEAD1",
    )
    assert report.team_id == TEAM_ID and report.recurring is True
    assert report.occurred_on.isoformat() == "2026-11-19" and report.occurred_time.isoformat() == "15:30:00"
    assert report.created_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    with Session(app_server.runtime.engine) as session:
        meeting = session.get(Report, report.id).meeting
        assert meeting.starts_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm
    message = _wait_for_status(app_server, "sent")
    assert message.slack_channel == "DHEAD1" and message.slack_ts
    assert message.payload == {}  # report text is not kept in the outbox once delivered


def test_the_unit_is_remembered_for_the_next_report(app_server: RunningApp, fake_slack: FakeSlack):
    units = seed_units(app_server, [SCHOOL, POLICE])
    view = open_modal(app_server, fake_slack)
    app_server.slack.view_submission(view, report_values(unit_id=units["Rosengårdsskolan"]), view_id="V1")

    second = open_modal(app_server, fake_slack)

    unit = block(second, REPORT_BLOCKS["unit"])
    assert unit["element"]["initial_option"]["value"] == str(units["Rosengårdsskolan"])
    assert unit["optional"] is False
    assert block(second, REPORT_BLOCKS["new_unit_name"]) is None


def test_a_fresh_database_lets_the_reporter_name_their_school(app_server: RunningApp, fake_slack: FakeSlack):
    view = open_modal(app_server, fake_slack)
    assert block(view, REPORT_BLOCKS["unit"]) is None
    assert block(view, REPORT_BLOCKS["new_unit_name"])["optional"] is False
    assert block(view, REPORT_BLOCKS["new_unit_area"])["optional"] is False

    result = app_server.slack.view_submission(
        view, report_values(new_unit_name="Kroksbäcksskolan", new_unit_area="Söder"), view_id="V2"
    )

    assert result.json()["response_action"] == "update"
    [unit] = all_rows(app_server.runtime.engine, Unit)
    assert (unit.name, unit.kind, unit.area, unit.team_id) == ("Kroksbäcksskolan", "school", "Söder", TEAM_ID)
    [member] = all_rows(app_server.runtime.engine, Member)
    assert (member.user_id, member.unit_id) == ("UHEAD1", unit.id)
    again = open_modal(app_server, fake_slack)
    assert block(again, REPORT_BLOCKS["unit"])["element"]["initial_option"]["value"] == str(unit.id)


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        (
            {"place": "   "},
            {REPORT_BLOCKS["place"]: "Skriv var det hände, t.ex. skolgården eller en gata."},
        ),
        (
            {"occurred_on": "2026-11-21"},
            {REPORT_BLOCKS["occurred_on"]: "Datumet kan inte ligga i framtiden."},
        ),
        (
            {"occurred_on": "2026-11-20", "occurred_time": "10:30"},
            {REPORT_BLOCKS["occurred_time"]: "Tiden kan inte ligga i framtiden."},
        ),
        (
            {"description": "x" * 3001},
            {REPORT_BLOCKS["description"]: "Beskrivningen får vara högst 3000 tecken (nu 3001)."},
        ),
        (
            {"unit_id": None, "category": None, "description": " "},
            {
                REPORT_BLOCKS["unit"]: "Välj din skola eller enhet, eller skriv dess namn nedan.",
                REPORT_BLOCKS["category"]: "Välj vad rapporten gäller.",
                REPORT_BLOCKS["description"]: "Beskriv kort vad som har hänt.",
            },
        ),
        (
            {"unit_id": None, "new_unit_name": "Ny skola"},
            {REPORT_BLOCKS["new_unit_area"]: "Välj stadsområde för den nya enheten."},
        ),
    ],
)
def test_invalid_input_gets_inline_errors_and_stores_nothing(
    app_server: RunningApp, fake_slack: FakeSlack, values: dict, errors: dict
):
    units = seed_units(app_server, [SCHOOL])
    view = open_modal(app_server, fake_slack)
    before = counts(app_server.runtime.engine)

    result = app_server.slack.view_submission(
        view, report_values(**{"unit_id": units["Rosengårdsskolan"], **values})
    )

    assert result.status == 200
    assert result.json() == {"response_action": "errors", "errors": errors}
    assert counts(app_server.runtime.engine) == before
    assert fake_slack.calls_to("chat.postMessage") == []


PNR = "120315-2382"  # Luhn-valid: a child born 15 March 2012


def test_one_submit_answers_every_problem_and_sending_again_masks_the_number(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    # Issue 16: an empty place, a date in the future and a personnummer, all in the first answer.
    units = seed_units(app_server, [SCHOOL])
    engine = app_server.runtime.engine
    today = clock().astimezone(STOCKHOLM).date()
    description = f"Eleven ({PNR}) blev hotad vid busshållplatsen efter skolan."
    view = open_modal(app_server, fake_slack)
    filled = {"unit_id": units["Rosengårdsskolan"], "description": description}
    wrong = report_values(**filled, place=" ", occurred_on=(today + timedelta(days=3)).isoformat())

    first = app_server.slack.view_submission(view, wrong, view_id="V0ALL")

    assert first.json() == {
        "response_action": "errors",
        "errors": {
            REPORT_BLOCKS["place"]: "Skriv var det hände, t.ex. skolgården eller en gata.",
            REPORT_BLOCKS["occurred_on"]: "Datumet kan inte ligga i framtiden.",
            REPORT_BLOCKS["description"]: PIN_WARNING,
        },
    }
    assert all_rows(engine, Report) == []

    # Place and date fixed, the number left in: the reporter was told once, so it goes, masked.
    fixed = report_values(
        **filled, place="Busshållplatsen", occurred_on=(today - timedelta(days=1)).isoformat()
    )
    second = app_server.slack.view_submission(view, fixed, view_id="V0ALL")

    answer = second.json()
    assert answer["response_action"] == "update"
    assert "ÖMM-2026-0001" in json.dumps(answer, ensure_ascii=False)
    [report] = all_rows(engine, Report)
    assert report.description == "Eleven ([personnummer]) blev hotad vid busshållplatsen efter skolan."
    wait_until_delivered(engine, now=clock())  # the receipt, sent after the ack
    app_server.runtime.services.tick(datetime(2026, 11, 24, 8, 0, tzinfo=STOCKHOLM))  # the agenda
    wait_until_delivered(engine)
    posts = fake_slack.calls_to("chat.postMessage")
    assert {p.args["channel"] for p in posts} == {"UHEAD1", "C0MEETING"}  # the receipt, the agenda
    posted = json.dumps([c.args for c in fake_slack.calls], ensure_ascii=False)
    assert "[personnummer]" in posted
    for digits in ("120315", "2382"):
        assert digits not in posted, digits


def test_the_personnummer_warning_is_not_repeated_while_other_errors_are(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed_units(app_server, [SCHOOL])
    engine = app_server.runtime.engine
    future = (clock().astimezone(STOCKHOLM).date() + timedelta(days=1)).isoformat()
    view = open_modal(app_server, fake_slack)
    filled = {"unit_id": units["Rosengårdsskolan"], "description": f"Pojken {PNR} hotades."}

    first = app_server.slack.view_submission(
        view, report_values(**filled, occurred_on=future), view_id="V0TWICE"
    )
    assert set(first.json()["errors"]) == {REPORT_BLOCKS["occurred_on"], REPORT_BLOCKS["description"]}

    # The number kept, the date not yet fixed: only the date is in the way now.
    again = app_server.slack.view_submission(
        view, report_values(**filled, occurred_on=future), view_id="V0TWICE"
    )
    assert again.json() == {
        "response_action": "errors",
        "errors": {REPORT_BLOCKS["occurred_on"]: "Datumet kan inte ligga i framtiden."},
    }
    # A number pasted into the place now is pointed out there, once, with the date's error.
    place = f"Vid entrén, pnr {PNR}"
    third = app_server.slack.view_submission(
        view, report_values(**filled, place=place, occurred_on=future), view_id="V0TWICE"
    )
    assert third.json()["errors"] == {
        REPORT_BLOCKS["occurred_on"]: "Datumet kan inte ligga i framtiden.",
        REPORT_BLOCKS["place"]: PIN_WARNING,
    }
    assert all_rows(engine, Report) == []

    done = app_server.slack.view_submission(view, report_values(**filled, place=place), view_id="V0TWICE")
    assert done.json()["response_action"] == "update"
    [report] = all_rows(engine, Report)
    assert (report.place, report.description) == (
        "Vid entrén, pnr [personnummer]",
        "Pojken [personnummer] hotades.",
    )
    # Another modal is asked afresh.
    other = open_modal(app_server, fake_slack)
    fresh = app_server.slack.view_submission(other, report_values(**filled), view_id="V0OTHER")
    assert fresh.json() == {
        "response_action": "errors",
        "errors": {REPORT_BLOCKS["description"]: PIN_WARNING},
    }


def test_user_text_is_escaped_in_everything_the_bot_posts(app_server: RunningApp, fake_slack: FakeSlack):
    view = open_modal(app_server, fake_slack)
    hostile = "<!channel> & <https://evil.example|Klicka här> <@U0OTHER>"
    app_server.slack.view_submission(
        view,
        report_values(
            new_unit_name="Skola <!here>", new_unit_area="Norr", place=hostile, description=hostile
        ),
        view_id="V3",
    )

    dm = fake_slack.wait_for("chat.postMessage")[0]
    posted = json.dumps(dm.args, ensure_ascii=False)
    for live in ("<!channel>", "<!here>", "<https://", "<@U0OTHER>"):
        assert live not in posted
    assert "&lt;!channel&gt; &amp; &lt;https://evil.example|Klicka här&gt; &lt;@U0OTHER&gt;" in posted
    assert "Skola &lt;!here&gt;" in posted


def test_help_explains_usage_without_opening_a_modal(app_server: RunningApp, fake_slack: FakeSlack):
    result = app_server.slack.command("/rapportera", "hjälp")

    answer = result.json()
    assert answer["response_type"] == "ephemeral"
    assert "`/rapportera <text>`" in answer["text"] and "ring 112" in answer["text"]
    assert fake_slack.calls_to("views.open") == []


def test_command_text_longer_than_the_field_is_kept_whole(app_server: RunningApp, fake_slack: FakeSlack):
    units = seed_units(app_server, [SCHOOL])
    long_text = ("Stenkastning mot fönster i matsalen. " * 100).strip()
    assert len(long_text) > 3000

    view = open_modal(app_server, fake_slack, long_text)

    description = block(view, REPORT_BLOCKS["description"])["element"]
    assert description["initial_value"] == long_text[:3000]
    assert f"var {len(long_text)} tecken" in json.dumps(view, ensure_ascii=False)
    assert view["notify_on_close"] is True
    app_server.slack.view_submission(
        view, report_values(unit_id=units["Rosengårdsskolan"], description=long_text[:3000]), view_id="V4"
    )
    [report] = all_rows(app_server.runtime.engine, Report)
    assert report.command_text == long_text
    assert report.description == long_text[:3000]
    assert all_rows(app_server.runtime.engine, ReportDraft) == []


def test_closing_the_modal_discards_the_kept_text(app_server: RunningApp, fake_slack: FakeSlack):
    view = open_modal(app_server, fake_slack, "x" * 3500)
    assert len(all_rows(app_server.runtime.engine, ReportDraft)) == 1

    result = app_server.slack.view_closed(view)

    assert result.status == 200
    # The listener acks first and discards after: wait for it rather than race it.
    deadline = time.monotonic() + 5
    while all_rows(app_server.runtime.engine, ReportDraft) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert all_rows(app_server.runtime.engine, ReportDraft) == []


def test_a_repeated_submit_stores_one_report(app_server: RunningApp, fake_slack: FakeSlack):
    units = seed_units(app_server, [SCHOOL])
    view = open_modal(app_server, fake_slack)
    values = report_values(unit_id=units["Rosengårdsskolan"])

    first = app_server.slack.view_submission(view, values, view_id="V0000SAME")
    second = app_server.slack.view_submission(view, values, view_id="V0000SAME")

    assert first.json() == second.json()
    assert len(all_rows(app_server.runtime.engine, Report)) == 1
    fake_slack.wait_for("chat.postMessage")
    _wait_for_status(app_server, "sent")
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_report_after_the_cutoff_goes_to_the_following_meeting(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=STOCKHOLM)  # Monday, after Tuesday's 24-hour cutoff
    units = seed_units(app_server, [SCHOOL])
    view = open_modal(app_server, fake_slack)

    app_server.slack.view_submission(view, report_values(unit_id=units["Rosengårdsskolan"]), view_id="V5")

    dm = fake_slack.wait_for("chat.postMessage")[0]
    assert "tisdag 1 december kl. 09:00" in dm.args["text"]
    late = "efter sista tid för rapporter till mötet tisdag 24 november"
    assert late in json.dumps(dm.args["blocks"], ensure_ascii=False)


def test_many_units_use_a_type_ahead_select(app_server: RunningApp, fake_slack: FakeSlack):
    schools = [{"namn": f"Skola {i:03d}", "typ": "skola", "stadsomrade": "Söder"} for i in range(150)]
    seed_units(app_server, schools)
    view = open_modal(app_server, fake_slack)

    element = block(view, REPORT_BLOCKS["unit"])["element"]
    assert element["type"] == "external_select" and "option_groups" not in element
    result = app_server.slack.block_suggestion(view, REPORT_UNIT_ACTION, REPORT_BLOCKS["unit"], "skola 14")

    groups = result.json()["option_groups"]
    names = [o["text"]["text"] for g in groups for o in g["options"]]
    assert names == [f"Skola {i}" for i in range(140, 150)]


def test_the_receipt_survives_a_slack_outage(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units = seed_units(app_server, [SCHOOL])
    view = open_modal(app_server, fake_slack)
    fake_slack.script("chat.postMessage", status=503, body={"ok": False, "error": "service_unavailable"})

    result = app_server.slack.view_submission(
        view, report_values(unit_id=units["Rosengårdsskolan"]), view_id="V6"
    )

    assert result.json()["response_action"] == "update"
    fake_slack.wait_for("chat.postMessage")
    message = _wait_for_status(app_server, "pending")
    assert message.attempts == 1 and message.last_error == "service_unavailable"
    assert message.not_before == clock().astimezone(UTC) + timedelta(seconds=30)

    services = app_server.runtime.services
    assert services.tick(clock() + timedelta(seconds=10))["sent"] == 0  # not yet due again
    assert services.tick(clock() + timedelta(seconds=31))["sent"] == 1
    assert services.tick(clock() + timedelta(seconds=31))["sent"] == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    assert all_rows(app_server.runtime.engine, OutboxMessage)[0].status == "sent"


def _wait_for_status(app: RunningApp, status: str, timeout: float = 5.0) -> OutboxMessage:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = all_rows(app.runtime.engine, OutboxMessage)
        if rows and rows[0].status == status:
            return rows[0]
        time.sleep(0.02)
    raise AssertionError(f"outbox message never reached {status}")


def test_orat_help_and_unknown_subcommands(app_server: RunningApp, fake_slack: FakeSlack):
    # The help is looked up for the user's roles after the ack and comes by the response_url.
    assert app_server.slack.command("/orat", "hjälp").status == 200
    [help_answer] = [c.args for c in fake_slack.wait_for("response_url")]
    assert "/rapportera" in help_answer["text"] and help_answer["response_type"] == "ephemeral"

    unknown = app_server.slack.command("/orat", "<!channel>").json()
    assert "Okänt kommando `&lt;!channel&gt;`" in unknown["text"]


def test_a_modal_that_cannot_open_is_explained_to_the_user(app_server: RunningApp, fake_slack: FakeSlack):
    fake_slack.script("views.open", body={"ok": False, "error": "expired_trigger_id"})

    result = app_server.slack.command("/rapportera", "Klotter")

    assert result.status == 200
    [told] = fake_slack.wait_for("response_url")
    assert told.args["response_type"] == "ephemeral"
    assert told.args["text"].startswith("Något gick fel hos Örat. Försök igen om en stund")
