"""Places remembered (issue 18, item 4): the report form offers the places the reporter's unit and its
area reported before, as a type-ahead over ``block_suggestion``; free text stays possible."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.organisation import parse_seed
from bot.domain.reports import ReportInput
from handlers.ids import REPORT_BLOCKS, REPORT_PLACE_ACTION
from storage.models import Report, Unit
from tests.conftest import RunningApp
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import block, report_values

OTHER_TEAM = "T0OTHER"
HEAD, NEIGHBOUR, WEST, STRANGER, GUEST = "UHEAD1", "UHEAD2", "UHEAD3", "USTRANGER1", "UGUEST1"
UNITS = [
    {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
    {"namn": "Sofielundsskolan", "typ": "skola", "stadsomrade": "Öster"},
    {"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Väster"},
    {"namn": "MKB Fastighets AB", "typ": "aktör"},
]


def file(app: RunningApp, team: str, user: str, unit: int, place: str) -> None:
    services = app.runtime.services
    report = ReportInput("arson", unit, None, None, place, date(2026, 11, 19), None, "Brand.", False)
    result = services.reports.file_report(
        team_id=team, user_id=user, view_id=None, report=report, draft_id=None, now=services.clock()
    )
    assert not hasattr(result, "errors"), result
    services.outbox.dispatch(services.clock(), keys=result.notification_keys)


def world(app: RunningApp) -> dict[str, int]:
    services = app.runtime.services
    for team in (TEAM_ID, OTHER_TEAM):
        services.organisation.seed(team, parse_seed({"enhet": UNITS}), services.clock())
    units = {(u.team_id, u.name): u.id for u in all_rows(app.runtime.engine, Unit)}
    ours = {name: units[(TEAM_ID, name)] for _, name in units if (TEAM_ID, name) in units}
    file(app, TEAM_ID, HEAD, ours["Rosengårdsskolan"], "Skolgården")
    file(app, TEAM_ID, HEAD, ours["Rosengårdsskolan"], "skolgården ")
    file(app, TEAM_ID, HEAD, ours["Rosengårdsskolan"], "Skolg.")
    file(app, TEAM_ID, HEAD, ours["Rosengårdsskolan"], "Cykelparkeringen vid entrén")
    file(app, TEAM_ID, NEIGHBOUR, ours["Sofielundsskolan"], "Bakom idrottshallen")
    file(app, TEAM_ID, NEIGHBOUR, ours["Sofielundsskolan"], "Bakom idrottshallen")
    file(app, TEAM_ID, WEST, ours["Holmaskolan"], "Holmaparken")  # another area
    # Another workspace: the same unit name and the same user id, its own places.
    file(app, OTHER_TEAM, HEAD, units[(OTHER_TEAM, "Rosengårdsskolan")], "Hemliga gången")
    return ours


def open_form(app: RunningApp, fake: FakeSlack, user: str) -> dict[str, Any]:
    before = len(fake.calls_to("views.open"))
    assert app.slack.command("/rapportera", user=user).status == 200
    return fake.wait_for("views.open", before + 1)[-1].args["view"]


def suggested(app: RunningApp, view: dict[str, Any], typed: str, user: str = HEAD) -> list[tuple[str, str]]:
    answer = app.slack.block_suggestion(
        view, REPORT_PLACE_ACTION, REPORT_BLOCKS["earlier_place"], typed, user=user
    )
    assert answer.status == 200
    return [(o["text"]["text"], o["value"]) for o in answer.json()["options"]]


def test_the_form_offers_the_units_and_areas_earlier_places(app_server: RunningApp, fake_slack: FakeSlack):
    world(app_server)
    form = open_form(app_server, fake_slack, HEAD)
    earlier = block(form, REPORT_BLOCKS["earlier_place"])
    assert earlier is not None and earlier["optional"] is True
    assert earlier["element"]["type"] == "external_select"
    assert earlier["element"]["min_query_length"] == 0
    assert block(form, REPORT_BLOCKS["place"])["optional"] is True  # type: ignore[index]

    # The unit's own places first (three spellings of the schoolyard are one, written the usual way),
    # then its area's; not another area's, not another workspace's.
    assert suggested(app_server, form, "") == [
        ("Skolgården", "Skolgården"),
        ("Cykelparkeringen vid entrén", "Cykelparkeringen vid entrén"),
        ("Bakom idrottshallen", "Bakom idrottshallen"),
    ]
    # What is typed comes first; matching ignores case, spacing and common abbreviations.
    assert suggested(app_server, form, "SKOLG.") == [
        ("Använd ”SKOLG.”", "SKOLG."),
        ("Skolgården", "Skolgården"),
    ]
    assert suggested(app_server, form, "  idrottsh ") == [
        ("Använd ”idrottsh”", "idrottsh"),
        ("Bakom idrottshallen", "Bakom idrottshallen"),
    ]
    assert suggested(app_server, form, "Holma") == [("Använd ”Holma”", "Holma")]
    assert suggested(app_server, form, "Hemliga") == [("Använd ”Hemliga”", "Hemliga")]


def test_a_chosen_earlier_place_is_filed_and_typed_text_wins(app_server: RunningApp, fake_slack: FakeSlack):
    units = world(app_server)
    form = open_form(app_server, fake_slack, HEAD)

    def submit(view_id: str, typed: str, chosen: str | None) -> str:
        # Not the event already reported there (that would be offered as the same event first).
        values = report_values(
            unit_id=units["Rosengårdsskolan"],
            place=typed,
            category="vandalism",
            description=f"Nytt klotter på cykelstället ({view_id}), upptäckt i morse.",
        )
        if chosen is not None:
            selected = {"type": "external_select", "selected_option": {"value": chosen}}
            values[REPORT_BLOCKS["earlier_place"]] = {REPORT_PLACE_ACTION: selected}
        answer = app_server.slack.view_submission(form, values, user=HEAD, view_id=view_id).json()
        assert answer["response_action"] == "update", answer
        wait_until_delivered(app_server.runtime.engine, now=app_server.runtime.services.clock())
        return next(
            r.place for r in all_rows(app_server.runtime.engine, Report) if r.slack_view_id == view_id
        )

    assert submit("VCHOSEN", "", "Cykelparkeringen vid entrén") == "Cykelparkeringen vid entrén"
    assert submit("VTYPED", "Matsalen", "Skolgården") == "Matsalen"

    neither = report_values(unit_id=units["Rosengårdsskolan"], place="")
    answer = app_server.slack.view_submission(form, neither, user=HEAD, view_id="VNEITHER").json()
    assert answer["response_action"] == "errors" and REPORT_BLOCKS["place"] in answer["errors"]


def test_no_earlier_places_without_a_unit_of_ones_own(app_server: RunningApp, fake_slack: FakeSlack):
    world(app_server)
    form = open_form(app_server, fake_slack, STRANGER)
    assert block(form, REPORT_BLOCKS["earlier_place"]) is None
    assert block(form, REPORT_BLOCKS["place"])["optional"] is False  # type: ignore[index]
    # Asked anyway (a forged request): nothing of anyone's, only the typed text back.
    assert suggested(app_server, form, "", user=STRANGER) == []
    assert suggested(app_server, form, "Skol", user=STRANGER) == [("Använd ”Skol”", "Skol")]


def test_a_guest_gets_only_their_own_actors_places(app_server: RunningApp, fake_slack: FakeSlack):
    units = world(app_server)
    services = app_server.runtime.services
    services.organisation.seed(
        TEAM_ID,
        parse_seed({"enhet": UNITS, "medlem": [{"slack_id": GUEST, "enhet": "MKB Fastighets AB"}]}),
        services.clock(),
    )
    fake_slack.guest_users.add(GUEST)
    file(app_server, TEAM_ID, GUEST, units["MKB Fastighets AB"], "Trapphuset Ystadvägen 12")
    form = open_form(app_server, fake_slack, GUEST)
    assert block(form, REPORT_BLOCKS["earlier_place"]) is not None
    assert suggested(app_server, form, "", user=GUEST) == [
        ("Trapphuset Ystadvägen 12", "Trapphuset Ystadvägen 12")
    ]
