"""A municipality's own words (issue 20, item 3), end to end: a second workspace – Lund, with its own
areas and an extra category, served by a second runtime on the same database and fake Slack –
files reports, gets its agenda grouped by its areas and its statistics by its categories, while
Malmö's workspace on the same database keeps Malmö's lists exactly. And the admin modal
"Områden och kategorier": add, rename, retire, bring back; never delete."""

from __future__ import annotations

import csv
import io
import json
import threading
import tomllib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from bot.app import build_runtime
from bot.config import Settings
from bot.domain.organisation import parse_seed
from bot.domain.reports import ReportInput
from bot.web import create_wsgi_app
from handlers.ids import ADMIN_TERM_BLOCKS, ADMIN_TERMS, REPORT_BLOCKS, VALUE
from storage.models import AuditEvent, Report, Unit, VocabularyTerm
from tests.conftest import STOCKHOLM, Clock, RunningApp
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import block, report_values
from tests.support.slack_requests import SIGNING_SECRET, SlackSender

LUND = "T2LUND"
LUND_CHAIR, LUND_HEAD = "UCHAIRL", "UHEADL"
CHAIR, HEAD = "UCHAIR1", "UHEAD1"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MALMO_CATEGORIES = [
    "Störande gäng/grupper",
    "Skadegörelse",
    "Anlagd brand",
    "Drogförsäljning",
    "Hot och våld",
    "Otrygg miljö",
    "Annat",
]
LUND_CATEGORIES = [
    "Störande gäng/grupper",
    "Skadegörelse",
    "Klotter",
    "Anlagd brand",
    "Drogförsäljning",
    "Hot och våld",
    "Otrygg miljö",
    "Nedskräpning",
    "Annat",
]
LUND_AREAS = ["Centrum", "Norr", "Öster", "Söder", "Väster", "Dalby/Södra Sandby"]
MALMO_SCHOOLS = [
    {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
    {"namn": "Kirsebergsskolan", "typ": "skola", "stadsomrade": "Norr"},
]
# The meeting of Tuesday 24 November 2026: its draft goes to the chairs on Monday at 12:00.
DRAFT_TIME = datetime(2026, 11, 23, 12, 0, tzinfo=STOCKHOLM)
WEEK_46 = "2026-11-09–2026-11-15"


@pytest.fixture
def lund(database_url: str, engine: Engine, fake_slack: FakeSlack, clock: Clock) -> Iterator[RunningApp]:
    """Lund's workspace: a runtime of its own (SLACK_TEAM_ID=T2LUND) on Malmö's database and fake Slack."""
    settings = Settings(
        bot_token="xoxb-lund-token",
        signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack.url,
        database_url=database_url,
        meeting_channel="C0LUNDMEET",
        chairs=(LUND_CHAIR,),
        weekly_round=None,
        team_id=LUND,
    )
    runtime = build_runtime(settings, clock=clock, engine=engine)
    server = make_server("127.0.0.1", 0, create_wsgi_app(runtime), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield RunningApp(
            url=url, slack=SlackSender(url, response_url=fake_slack.response_url), runtime=runtime
        )
    finally:
        server.shutdown()
        thread.join(timeout=5)


def seed_both(malmo: RunningApp, lund: RunningApp) -> tuple[dict[str, int], dict[str, int]]:
    services = malmo.runtime.services
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": MALMO_SCHOOLS}), services.clock())
    lund_seed = parse_seed(tomllib.loads((EXAMPLES / "lund.toml").read_text(encoding="utf-8")))
    lund.runtime.services.organisation.seed(LUND, lund_seed, services.clock())
    units = all_rows(malmo.runtime.engine, Unit)
    return (
        {u.name: u.id for u in units if u.team_id == TEAM_ID},
        {u.name: u.id for u in units if u.team_id == LUND},
    )


def open_report_modal(app: RunningApp, fake: FakeSlack, *, user: str, team: str) -> dict:
    before = len(fake.calls_to("views.open"))
    assert app.slack.command("/rapportera", user=user, team=team).status == 200
    return fake.wait_for("views.open", before + 1)[-1].args["view"]


def option_texts(element: dict) -> list[str]:
    return [o["text"]["text"] for o in element["options"]]


def file_over_http(app: RunningApp, fake: FakeSlack, *, user: str, team: str, view_id: str, **values) -> dict:
    view = open_report_modal(app, fake, user=user, team=team)
    answer = app.slack.view_submission(view, report_values(**values), user=user, team=team, view_id=view_id)
    wait_until_delivered(app.runtime.engine, now=app.runtime.services.clock())
    return answer.json()


def file_directly(app: RunningApp, team: str, unit_id: int, category: str, day: date, place: str) -> None:
    services = app.runtime.services
    result = services.reports.file_report(
        team_id=team,
        user_id=HEAD if team == TEAM_ID else LUND_HEAD,
        view_id=None,
        draft_id=None,
        now=services.clock(),
        report=ReportInput(category, unit_id, None, None, place, day, None, "Beskrivning", False),
    )
    assert not hasattr(result, "errors"), result
    services.outbox.dispatch(services.clock(), keys=result.notification_keys)  # the receipt


# ------------------------------------------------------------------------------ reports
def test_each_workspace_files_reports_with_its_own_areas_and_categories(
    app_server: RunningApp, lund: RunningApp, fake_slack: FakeSlack
):
    _, lund_units = seed_both(app_server, lund)

    lund_view = open_report_modal(lund, fake_slack, user=LUND_HEAD, team=LUND)
    assert option_texts(block(lund_view, REPORT_BLOCKS["category"])["element"]) == LUND_CATEGORIES
    assert option_texts(block(lund_view, REPORT_BLOCKS["new_unit_area"])["element"]) == LUND_AREAS
    groups = [g["label"]["text"] for g in block(lund_view, REPORT_BLOCKS["unit"])["element"]["option_groups"]]
    assert groups[:3] == ["Skolor – Centrum", "Skolor – Norr", "Skolor – Öster"]
    assert "Skolor – Dalby/Södra Sandby" in groups

    malmo_view = open_report_modal(app_server, fake_slack, user=HEAD, team=TEAM_ID)
    assert option_texts(block(malmo_view, REPORT_BLOCKS["category"])["element"]) == MALMO_CATEGORIES
    malmo_areas = option_texts(block(malmo_view, REPORT_BLOCKS["new_unit_area"])["element"])
    assert malmo_areas == ["Norr", "Öster", "Söder", "Väster", "Innerstaden"]
    assert "Klotter" not in json.dumps(malmo_view, ensure_ascii=False)

    filed = file_over_http(
        lund,
        fake_slack,
        user=LUND_HEAD,
        team=LUND,
        view_id="V0LUND1",
        unit_id=lund_units["Katedralskolan"],
        category="klotter",
    )
    assert filed["response_action"] == "update", filed
    # A new school in one of Lund's areas; a Malmö area is no area in Lund.
    wrong_area = file_over_http(
        lund,
        fake_slack,
        user=LUND_HEAD,
        team=LUND,
        view_id="V0LUND2",
        new_unit_name="Ny skola",
        new_unit_area="Innerstaden",
    )
    assert wrong_area == {
        "response_action": "errors",
        "errors": {REPORT_BLOCKS["new_unit_area"]: "Välj stadsområde för den nya enheten."},
    }
    # Lund's category is not Malmö's.
    in_malmo = file_over_http(
        app_server,
        fake_slack,
        user=HEAD,
        team=TEAM_ID,
        view_id="V0MALMO1",
        new_unit_name="X",
        new_unit_area="Öster",
        category="klotter",
    )
    assert list(in_malmo["errors"]) == [REPORT_BLOCKS["category"]]

    [report] = all_rows(app_server.runtime.engine, Report)
    assert (report.team_id, report.category) == (LUND, "klotter")
    receipt = next(c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == LUND_HEAD)
    assert "Klotter" in json.dumps(receipt.args["blocks"], ensure_ascii=False)


def test_each_workspace_gets_its_agenda_grouped_by_its_own_areas(
    app_server: RunningApp, lund: RunningApp, fake_slack: FakeSlack
):
    malmo_units, lund_units = seed_both(app_server, lund)
    for name, category in [
        ("Hällestrandsskolan", "nedskrapning"),
        ("Katedralskolan", "klotter"),
        ("Vipeholmsskolan", "arson"),
    ]:
        file_directly(lund, LUND, lund_units[name], category, date(2026, 11, 18), "Skolgården")
    file_directly(
        app_server, TEAM_ID, malmo_units["Rosengårdsskolan"], "arson", date(2026, 11, 18), "Cykelstället"
    )
    file_directly(app_server, TEAM_ID, malmo_units["Kirsebergsskolan"], "gangs", date(2026, 11, 18), "Entrén")
    wait_until_delivered(app_server.runtime.engine)

    assert lund.runtime.services.tick(DRAFT_TIME)["agenda_drafts"] == 1
    assert app_server.runtime.services.tick(DRAFT_TIME)["agenda_drafts"] == 1

    drafts = {
        c.args["channel"]: c
        for c in fake_slack.calls_to("chat.postMessage")
        if c.args["text"].startswith("Dagordning")
    }
    lund_text = json.dumps(drafts[LUND_CHAIR].args["blocks"], ensure_ascii=False)
    positions = [lund_text.index(f"*{area}* – 1 st") for area in ("Centrum", "Öster", "Dalby/Södra Sandby")]
    assert positions == sorted(positions)  # the file's order, not alphabetical nor Malmö's
    assert "Klotter" in lund_text and "Nedskräpning" in lund_text and "Anlagd brand" in lund_text
    assert "Rosengårdsskolan" not in lund_text

    malmo_text = json.dumps(drafts[CHAIR].args["blocks"], ensure_ascii=False)
    assert malmo_text.index("*Norr* – 1 st") < malmo_text.index("*Öster* – 1 st")
    assert "Störande gäng/grupper" in malmo_text and "Katedralskolan" not in malmo_text


# ------------------------------------------------------------------------------ statistics
def statistics_csv(app: RunningApp, fake: FakeSlack, *, user: str, team: str) -> tuple[str, list[list[str]]]:
    fake.reset()
    assert app.slack.command("/orat", f"statistik {WEEK_46}", user=user, team=team).status == 200
    summary = json.dumps(fake.wait_for("response_url")[0].args["blocks"], ensure_ascii=False)
    fake.wait_for("files.completeUploadExternal")
    raw = fake.uploaded_files()["statistik-2026-11-09--2026-11-15.csv"]
    return summary, list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_each_workspace_counts_by_its_own_categories(
    app_server: RunningApp, lund: RunningApp, fake_slack: FakeSlack
):
    malmo_units, lund_units = seed_both(app_server, lund)
    for name, category, day in [
        ("Katedralskolan", "klotter", date(2026, 11, 10)),
        ("Fågelsångsskolan", "klotter", date(2026, 11, 11)),
        ("Fäladsskolan", "arson", date(2026, 11, 12)),
    ]:
        file_directly(lund, LUND, lund_units[name], category, day, "Skolgården")
    file_directly(
        app_server, TEAM_ID, malmo_units["Rosengårdsskolan"], "arson", date(2026, 11, 10), "Cykelstället"
    )

    summary, rows = statistics_csv(lund, fake_slack, user=LUND_CHAIR, team=LUND)
    assert "Klotter: *2* (+2)" in summary and "Dalby/Södra Sandby: *1* (+1)" in summary
    body = rows[1:]
    assert [c for c in dict.fromkeys(r[3] for r in body)] == LUND_CATEGORIES  # every category, in order
    assert [a for a in dict.fromkeys(r[4] for r in body)] == LUND_AREAS
    counted = {(r[3], r[4]): int(r[5]) for r in body if int(r[5])}
    assert counted == {
        ("Klotter", "Centrum"): 1,
        ("Klotter", "Dalby/Södra Sandby"): 1,
        ("Anlagd brand", "Norr"): 1,
    }

    summary, rows = statistics_csv(app_server, fake_slack, user=CHAIR, team=TEAM_ID)
    body = rows[1:]
    assert len(body) == 7 * 5  # Malmö's seven categories × five areas, as before
    assert [c for c in dict.fromkeys(r[3] for r in body)] == MALMO_CATEGORIES
    assert {(r[3], r[4]): int(r[5]) for r in body if int(r[5])} == {("Anlagd brand", "Öster"): 1}
    assert "Klotter" not in summary


# ------------------------------------------------------------------------------ the admin modal
def open_terms(app: RunningApp, fake: FakeSlack, user: str = CHAIR) -> dict:
    app.slack.command("/orat", "admin", user=user)
    home = fake.wait_for("views.open")[-1].args["view"]
    before = len(fake.calls_to("views.push"))
    app.slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": user, "team_id": TEAM_ID},
            "trigger_id": "9.9.9",
            "view": {**home, "id": "V0HOME", "root_view_id": "V0HOME"},
            "actions": [{"action_id": ADMIN_TERMS, "block_id": "admin_actions", "value": "terms"}],
        }
    )
    return fake.wait_for("views.push", before + 1)[-1].args["view"]


def terms_state(action: str, *, kind: str | None = None, term: str | None = None, label: str = "") -> dict:
    def selected(value: str | None) -> dict:
        return {"type": "static_select", "selected_option": {"value": value} if value else None}

    return {
        ADMIN_TERM_BLOCKS["action"]: {VALUE: {"type": "radio_buttons", "selected_option": {"value": action}}},
        ADMIN_TERM_BLOCKS["kind"]: {VALUE: selected(kind)},
        ADMIN_TERM_BLOCKS["term"]: {VALUE: selected(term)},
        ADMIN_TERM_BLOCKS["label"]: {VALUE: {"type": "plain_text_input", "value": label}},
    }


def test_an_admin_adds_renames_retires_and_brings_back_a_term(app_server: RunningApp, fake_slack: FakeSlack):
    services = app_server.runtime.services
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": MALMO_SCHOOLS}), services.clock())
    units = {u.name: u.id for u in all_rows(app_server.runtime.engine, Unit)}
    file_directly(app_server, TEAM_ID, units["Rosengårdsskolan"], "arson", date(2026, 11, 18), "Cykelstället")
    [old] = all_rows(app_server.runtime.engine, Report)

    form = open_terms(app_server, fake_slack)
    assert form["callback_id"] == "admin_terms_submit"
    shown = json.dumps(form["blocks"], ensure_ascii=False)
    assert "*Områden:* Norr · Öster · Söder · Väster · Innerstaden" in shown
    assert "*Kategorier:* Störande gäng/grupper · Skadegörelse · Anlagd brand" in shown
    actions = [o["value"] for o in block(form, ADMIN_TERM_BLOCKS["action"])["element"]["options"]]
    assert actions == ["add", "rename", "retire", "restore"]  # and no deleting

    def submit(state: dict) -> dict:
        return app_server.slack.view_submission(form, state, user=CHAIR).json()

    assert submit(terms_state("add", kind="category", label="  ")) == {
        "response_action": "errors",
        "errors": {ADMIN_TERM_BLOCKS["label"]: "Skriv ett namn."},
    }
    assert submit(terms_state("add", kind="category", label="anlagd BRAND")) == {
        "response_action": "errors",
        "errors": {ADMIN_TERM_BLOCKS["label"]: "Det namnet finns redan i listan."},
    }
    assert submit(terms_state("rename")) == {
        "response_action": "errors",
        "errors": {ADMIN_TERM_BLOCKS["term"]: "Välj vilket område eller vilken kategori som ska ändras."},
    }

    added = submit(terms_state("add", kind="category", label="Klotter"))
    assert added["response_action"] == "update"
    assert "Annat · Klotter" in json.dumps(added["view"]["blocks"], ensure_ascii=False)
    renamed = submit(terms_state("rename", term="category:klotter", label="Klotter och tags"))
    assert "✅ Namnet är bytt." in json.dumps(renamed["view"]["blocks"], ensure_ascii=False)
    retired = submit(terms_state("retire", term="category:arson"))
    assert "Anlagd brand _ur bruk_" in json.dumps(retired["view"]["blocks"], ensure_ascii=False)

    with Session(app_server.runtime.engine) as session:
        rows = {
            r.key: r for r in session.scalars(select(VocabularyTerm).where(VocabularyTerm.kind == "category"))
        }
        events = [
            e.event
            for e in session.scalars(
                select(AuditEvent).where(AuditEvent.subject_type == "vocabulary").order_by(AuditEvent.id)
            )
        ]
    assert (rows["klotter"].label, rows["klotter"].retired_at) == ("Klotter och tags", None)
    assert rows["arson"].retired_at is not None and rows["arson"].label is None  # still the catalogue's name
    assert events == ["vocabulary.added", "vocabulary.renamed", "vocabulary.retired"]

    # A retired category is not offered for a new report, and cannot be filed …
    view = open_report_modal(app_server, fake_slack, user=HEAD, team=TEAM_ID)
    offered = option_texts(block(view, REPORT_BLOCKS["category"])["element"])
    assert "Anlagd brand" not in offered and offered[-1] == "Klotter och tags"
    refused = app_server.slack.view_submission(
        view, report_values(unit_id=units["Rosengårdsskolan"], category="arson"), view_id="V0RETIRED"
    ).json()
    assert list(refused["errors"]) == [REPORT_BLOCKS["category"]]
    # … but the old report keeps its name, and the report stays where it was.
    fake_slack.reset()
    app_server.slack.command("/orat", f"rapport {old.reference}", user=HEAD)
    card = json.dumps(fake_slack.wait_for("response_url")[0].args, ensure_ascii=False)
    assert "Anlagd brand" in card
    assert [r.category for r in all_rows(app_server.runtime.engine, Report)] == ["arson"]

    back = submit(terms_state("restore", term="category:arson"))
    assert "Anlagd brand _ur bruk_" not in json.dumps(back["view"]["blocks"], ensure_ascii=False)
    view = open_report_modal(app_server, fake_slack, user=HEAD, team=TEAM_ID)
    assert "Anlagd brand" in option_texts(block(view, REPORT_BLOCKS["category"])["element"])


def test_someone_who_is_not_an_admin_is_refused_politely(app_server: RunningApp, fake_slack: FakeSlack):
    services = app_server.runtime.services
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": MALMO_SCHOOLS}), services.clock())
    form = open_terms(app_server, fake_slack)  # the modal a chair opened …

    answer = app_server.slack.view_submission(
        form, terms_state("add", kind="area", label="Limhamn"), user=HEAD
    )

    # … submitted by someone else: refused under the form, nothing stored.
    assert answer.json() == {
        "response_action": "errors",
        "errors": {
            ADMIN_TERM_BLOCKS["action"]: "Det här kan bara mötets ordförande och administratörer göra."
        },
    }
    assert all_rows(app_server.runtime.engine, VocabularyTerm) == []
    app_server.slack.command("/orat", "admin", user=HEAD)
    assert "kan bara mötets ordförande" in json.dumps(
        fake_slack.wait_for("response_url")[-1].args, ensure_ascii=False
    )
