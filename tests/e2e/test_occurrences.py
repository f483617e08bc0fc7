"""Duplicate suggestions while reporting, end to end: a report like an open one is offered the
match before anything is stored ("Samma händelse som ÖMM-…?"); *Lägg till som nytt tillfälle* adds an
occurrence (one agenda item with its count, the action's owner told), *Nej, ny rapport* stores a new
report as without the question, and a report like nothing open goes straight through."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from bot.domain.actions import ActionInput
from bot.domain.organisation import parse_seed
from handlers.ids import REPORT_MATCH_BLOCK, REPORT_MATCH_VIEW, REPORT_RECEIVED_VIEW, VALUE
from storage.models import AgendaItem, AuditEvent, Report, ReportDraft, ReportOccurrence, Unit
from tests.conftest import STOCKHOLM, RunningApp
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import report_values

HEAD, HEAD2, COP = "UHEAD1", "UHEAD2", "UCOP1"
FIRE = {
    "category": "arson",
    "place": "Bakom idrottshallen",
    "occurred_on": "2026-11-26",
    "description": "Någon har tänt eld på en container bakom idrottshallen. Räddningstjänsten släckte.",
}
AGAIN = {
    "category": "arson",
    "place": "bakom idrottsh.",
    "occurred_on": "2026-11-28",
    "occurred_time": "21:15",
    "description": "Ny brand i containern bakom idrottshallen, samma ställe som i torsdags.",
}


def seed(app: RunningApp) -> dict[str, int]:
    services = app.runtime.services
    units = [
        {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
        {"namn": "Polisen", "typ": "aktör"},
    ]
    members = [{"slack_id": COP, "enhet": "Polisen"}]
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": units, "medlem": members}), services.clock())
    return {u.name: u.id for u in all_rows(app.runtime.engine, Unit)}


def submit(app: RunningApp, fake: FakeSlack, user: str, view_id: str, **values: Any) -> dict[str, Any]:
    """``/rapportera``, the modal filled in and sent; Slack's answer to the submit."""
    before = len(fake.calls_to("views.open"))
    assert app.slack.command("/rapportera", user=user).status == 200
    view = fake.wait_for("views.open", before + 1)[-1].args["view"]
    result = app.slack.view_submission(view, report_values(**values), user=user, view_id=view_id)
    assert result.status == 200, result.body
    return result.json()


def choose(app: RunningApp, offered: dict[str, Any], value: str, user: str, view_id: str) -> dict[str, Any]:
    """The answer to "Samma händelse som …?" sent from the updated modal (same view id)."""
    values = {REPORT_MATCH_BLOCK: {VALUE: {"type": "radio_buttons", "selected_option": {"value": value}}}}
    result = app.slack.view_submission(offered, values, user=user, view_id=view_id)
    assert result.status == 200, result.body
    return result.json()


def text_of(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def dms_to(fake: FakeSlack, user: str) -> list[str]:
    return [c.args["text"] for c in fake.calls_to("chat.postMessage") if c.args["channel"] == user]


def first_report(app: RunningApp, fake: FakeSlack, unit_id: int) -> Report:
    answer = submit(app, fake, HEAD, "V0000FIRST", unit_id=unit_id, **FIRE)
    assert answer["view"]["callback_id"] == REPORT_RECEIVED_VIEW
    [report] = all_rows(app.runtime.engine, Report)
    return report


def test_a_similar_report_is_offered_the_match_and_added_as_an_occurrence(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed(app_server)
    engine, services = app_server.runtime.engine, app_server.runtime.services
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)
    report = first_report(app_server, fake_slack, units["Rosengårdsskolan"])

    clock.now = datetime(2026, 11, 29, 11, 0, tzinfo=STOCKHOLM)  # Sunday, before the cutoff
    answer = submit(app_server, fake_slack, HEAD2, "V0000SECOND", unit_id=units["Rosengårdsskolan"], **AGAIN)

    assert answer["response_action"] == "update"
    offered = answer["view"]
    assert offered["callback_id"] == REPORT_MATCH_VIEW
    assert "Samma händelse som *ÖMM-2026-0001* (anlagd brand, Bakom idrottshallen, torsdag)?" in text_of(
        offered
    )
    [choice] = [b for b in offered["blocks"] if b.get("block_id") == REPORT_MATCH_BLOCK]
    assert [o["text"]["text"] for o in choice["element"]["options"]] == [
        "Lägg till som nytt tillfälle",
        "Nej, ny rapport",
    ]
    # Nothing stored yet but the filled-in report, kept while the person answers.
    assert len(all_rows(engine, Report)) == 1 and all_rows(engine, ReportOccurrence) == []
    assert len(all_rows(engine, ReportDraft)) == 1 and len(offered["private_metadata"]) < 100

    added = choose(app_server, offered, str(report.id), HEAD2, "V0000SECOND")

    assert added["response_action"] == "update"
    assert "Tillagt som nytt tillfälle i *ÖMM-2026-0001* (nu 2 tillfällen sedan 26 nov.). Du får" in text_of(
        added["view"]
    )
    [occurrence] = all_rows(engine, ReportOccurrence)
    assert (occurrence.report_id, occurrence.reporter_user_id, occurrence.place) == (
        report.id,
        HEAD2,
        "bakom idrottsh.",
    )
    assert occurrence.occurred_on == date(2026, 11, 28) and occurrence.occurred_time.isoformat() == "21:15:00"
    assert occurrence.description.startswith("Ny brand i containern")
    assert len(all_rows(engine, Report)) == 1 and all_rows(engine, ReportDraft) == []
    assert any(e.event == "occurrence.added" for e in all_rows(engine, AuditEvent))
    wait_until_delivered(engine, now=clock.now)
    assert "Tillagt som nytt tillfälle i ÖMM-2026-0001" in dms_to(fake_slack, HEAD2)
    # The same submit delivered again adds nothing more.
    choose(app_server, offered, str(report.id), HEAD2, "V0000SECOND")
    assert len(all_rows(engine, ReportOccurrence)) == 1

    # One item on the published agenda, with its count.
    services.tick(datetime(2026, 12, 1, 8, 0, tzinfo=STOCKHOLM))
    [item] = all_rows(engine, AgendaItem)
    posted = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "C0MEETING"]
    agenda = json.dumps([c.args["blocks"] for c in posted], ensure_ascii=False)
    assert agenda.count("ÖMM-2026-0001") == 1 and "2 tillfällen sedan 26 nov." in agenda

    # The police take responsibility; another occurrence tells them.
    clock.now = datetime(2026, 12, 1, 9, 30, tzinfo=STOCKHOLM)
    action = ActionInput(units["Polisen"], COP, "Patrullera kvällstid", date(2026, 12, 15), "")
    assert not hasattr(
        services.responsibility.take(TEAM_ID, COP, item.id, action, assign=False, now=clock()), "errors"
    )
    clock.now = datetime(2026, 12, 2, 10, 0, tzinfo=STOCKHOLM)
    third = {**AGAIN, "occurred_on": "2026-12-01", "occurred_time": None}
    offered = submit(app_server, fake_slack, HEAD, "V0000THIRD", unit_id=units["Rosengårdsskolan"], **third)[
        "view"
    ]
    assert offered["callback_id"] == REPORT_MATCH_VIEW
    added = choose(app_server, offered, str(report.id), HEAD, "V0000THIRD")
    assert "nu 3 tillfällen sedan 26 nov." in text_of(added["view"])
    wait_until_delivered(engine, now=clock.now)
    [told] = [
        c
        for c in fake_slack.calls_to("chat.postMessage")
        if c.args["channel"] == COP and "hänt igen" in c.args["text"]
    ]
    assert told.args["text"] == "Det har hänt igen: nytt tillfälle i ÖMM-2026-0001 (anlagd brand)"
    assert "<@UHEAD1> har lagt till ett nytt tillfälle i *ÖMM-2026-0001*" in json.dumps(
        told.args["blocks"], ensure_ascii=False
    )


def test_no_new_report_stores_a_new_report_as_without_the_question(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed(app_server)
    engine = app_server.runtime.engine
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)
    first_report(app_server, fake_slack, units["Rosengårdsskolan"])
    clock.now = datetime(2026, 11, 29, 11, 0, tzinfo=STOCKHOLM)
    offered = submit(
        app_server, fake_slack, HEAD2, "V0000SECOND", unit_id=units["Rosengårdsskolan"], **AGAIN
    )["view"]
    assert offered["callback_id"] == REPORT_MATCH_VIEW

    answer = choose(app_server, offered, "new", HEAD2, "V0000SECOND")

    assert answer["response_action"] == "update" and answer["view"]["callback_id"] == REPORT_RECEIVED_VIEW
    assert "ÖMM-2026-0002" in text_of(answer["view"])
    reports = sorted(all_rows(engine, Report), key=lambda r: r.id)
    assert [r.reference for r in reports] == ["ÖMM-2026-0001", "ÖMM-2026-0002"]
    second = reports[1]
    assert (second.reporter_user_id, second.place, second.slack_view_id) == (
        HEAD2,
        "bakom idrottsh.",
        "V0000SECOND",
    )
    assert second.description == AGAIN["description"] and second.occurred_time.isoformat() == "21:15:00"
    assert all_rows(engine, ReportOccurrence) == [] and all_rows(engine, ReportDraft) == []
    wait_until_delivered(engine, now=clock.now)
    assert any(t.startswith("Rapport ÖMM-2026-0002 mottagen") for t in dms_to(fake_slack, HEAD2))
    # Sent again: the same report, not a third.
    choose(app_server, offered, "new", HEAD2, "V0000SECOND")
    assert len(all_rows(engine, Report)) == 2


def test_a_report_like_nothing_open_goes_straight_through(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed(app_server)
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)
    first_report(app_server, fake_slack, units["Rosengårdsskolan"])
    elsewhere = {**AGAIN, "place": "Kemisalen", "description": "Elev tände eld på papper under lektionen."}
    clock.now = datetime(2026, 11, 29, 11, 0, tzinfo=STOCKHOLM)

    answer = submit(
        app_server, fake_slack, HEAD2, "V0000SECOND", unit_id=units["Rosengårdsskolan"], **elsewhere
    )

    assert answer["view"]["callback_id"] == REPORT_RECEIVED_VIEW and "ÖMM-2026-0002" in text_of(
        answer["view"]
    )
    assert all_rows(app_server.runtime.engine, ReportDraft) == []


def test_a_choice_whose_kept_report_is_gone_is_told_under_the_choice(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed(app_server)
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)
    report = first_report(app_server, fake_slack, units["Rosengårdsskolan"])
    clock.now = datetime(2026, 11, 29, 11, 0, tzinfo=STOCKHOLM)
    offered = submit(
        app_server, fake_slack, HEAD2, "V0000SECOND", unit_id=units["Rosengårdsskolan"], **AGAIN
    )["view"]
    # A day later the kept report has been cleared away with the other stale drafts.
    app_server.runtime.services.reports.purge_stale_drafts(datetime(2026, 11, 30, 12, 0, tzinfo=STOCKHOLM))

    answer = choose(app_server, offered, str(report.id), HEAD2, "V0000SECOND")

    assert answer["response_action"] == "errors"
    assert "fyll i den igen" in answer["errors"][REPORT_MATCH_BLOCK]
    assert all_rows(app_server.runtime.engine, ReportOccurrence) == []


def test_statistics_count_an_occurrence_apart_from_the_reports(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed(app_server)
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)
    report = first_report(app_server, fake_slack, units["Rosengårdsskolan"])
    clock.now = datetime(2026, 11, 29, 11, 0, tzinfo=STOCKHOLM)
    offered = submit(
        app_server, fake_slack, HEAD2, "V0000SECOND", unit_id=units["Rosengårdsskolan"], **AGAIN
    )["view"]
    choose(app_server, offered, str(report.id), HEAD2, "V0000SECOND")
    fake_slack.reset()

    assert app_server.slack.command("/orat", "statistik 2026-11-23–2026-11-29", user=COP).status == 200

    summary = json.dumps(fake_slack.wait_for("response_url")[0].args["blocks"], ensure_ascii=False)
    assert "– 1 rapport (" in summary
    assert "Dessutom 1 tillfälle som lagts till en tidigare rapport" in summary


def test_only_an_offered_report_can_get_the_occurrence(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units = seed(app_server)
    engine = app_server.runtime.engine
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)
    report = first_report(app_server, fake_slack, units["Rosengårdsskolan"])
    other = {"category": "vandalism", "place": "Kemisalen", "description": "Bänkar sönderskurna."}
    submit(app_server, fake_slack, HEAD, "V0000OTHER", unit_id=units["Rosengårdsskolan"], **other)
    [elsewhere] = [r for r in all_rows(engine, Report) if r.id != report.id]
    clock.now = datetime(2026, 11, 29, 11, 0, tzinfo=STOCKHOLM)
    offered = submit(
        app_server, fake_slack, HEAD2, "V0000SECOND", unit_id=units["Rosengårdsskolan"], **AGAIN
    )["view"]

    forged = choose(app_server, offered, str(elsewhere.id), HEAD2, "V0000SECOND")

    assert forged["response_action"] == "errors" and "Nej, ny rapport" in forged["errors"][REPORT_MATCH_BLOCK]
    assert all_rows(engine, ReportOccurrence) == []
    # The kept report is still there: the offered one can still be chosen.
    assert choose(app_server, offered, str(report.id), HEAD2, "V0000SECOND")["response_action"] == "update"
    [occurrence] = all_rows(engine, ReportOccurrence)
    assert occurrence.report_id == report.id
