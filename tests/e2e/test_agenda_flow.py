"""The weekly agenda end to end: reports filed over signed HTTP, ``tick`` at chosen instants, the
chairs' draft and the channel's agenda recorded by the fake Slack Web API."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.app import build_runtime
from bot.domain.organisation import parse_seed
from bot.domain.reports import ReportInput
from storage.models import AgendaItem, Meeting, OutboxMessage, Report
from tests.conftest import STOCKHOLM, RunningApp
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import report_values

CHAIR = "UCHAIR1"
SCHOOLS = [
    {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
    {"namn": "Kirsebergsskolan", "typ": "skola", "stadsomrade": "Norr"},
    {"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Väster"},
]
# The meeting of Tuesday 1 December 2026, 09:00: cutoff Monday 09:00, draft Monday 12:00,
# published Tuesday 08:00.
DRAFT_TIME = datetime(2026, 11, 30, 12, 0, tzinfo=STOCKHOLM)
PUBLISH_TIME = datetime(2026, 12, 1, 8, 0, tzinfo=STOCKHOLM)


def seed(app: RunningApp, units: list[dict] = SCHOOLS) -> dict[str, int]:
    services = app.runtime.services
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": units}), services.clock())
    with Session(app.runtime.engine) as session:
        from storage.models import Unit

        return {u.name: u.id for u in session.query(Unit).all()}


def file_over_http(app: RunningApp, fake: FakeSlack, user: str, **values: object) -> str:
    before = len(fake.calls_to("views.open"))
    assert app.slack.command("/rapportera", user=user).status == 200
    view = fake.wait_for("views.open", before + 1)[-1].args["view"]
    result = app.slack.view_submission(view, report_values(**values), user=user, view_id=f"V{user}{before}")
    answer = result.json()
    assert answer["response_action"] == "update", answer
    # The receipt goes out after the ack, at the time of filing (not at a later tick).
    wait_until_delivered(app.runtime.engine, now=app.runtime.services.clock())
    return next(
        r for r in all_rows(app.runtime.engine, Report) if r.slack_view_id == f"V{user}{before}"
    ).reference


def posts_to(fake: FakeSlack, channel: str) -> list:
    """Agenda posts (drafts included) to ``channel``; minutes and notices are left out."""
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.args["channel"] == channel and c.args["text"].startswith("Dagordning")
    ]


def shown(calls: list) -> str:
    return json.dumps([c.args.get("blocks") for c in calls], ensure_ascii=False)


def test_filed_reports_reach_the_draft_and_the_published_agenda_once(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed(app_server)
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)  # Friday
    refs = [
        file_over_http(app_server, fake_slack, "UHEAD1", unit_id=units["Rosengårdsskolan"], category="arson"),
        file_over_http(
            app_server,
            fake_slack,
            "UHEAD2",
            unit_id=units["Kirsebergsskolan"],
            category="gangs",
            place="Busshållplatsen",
        ),
        file_over_http(
            app_server,
            fake_slack,
            "UHEAD1",
            unit_id=units["Rosengårdsskolan"],
            category="arson",
            place="Bakom idrottshallen",
        ),
    ]
    clock.now = datetime(2026, 11, 30, 10, 0, tzinfo=STOCKHOLM)  # after the cutoff: next week
    late = file_over_http(
        app_server, fake_slack, "UHEAD3", unit_id=units["Holmaskolan"], category="vandalism"
    )
    services = app_server.runtime.services
    wait_until_delivered(app_server.runtime.engine)
    receipts = len(fake_slack.calls_to("chat.postMessage"))

    assert services.tick(DRAFT_TIME - timedelta(minutes=1))["agenda_drafts"] == 0
    first = services.tick(DRAFT_TIME)
    again = services.tick(DRAFT_TIME + timedelta(minutes=1))

    assert (first["agenda_drafts"], again["agenda_drafts"]) == (1, 0)
    [draft] = posts_to(fake_slack, CHAIR)
    draft_text = shown([draft])
    assert "Publicera nu" in draft_text and "Utkast till ordförandena" in draft_text
    assert all(ref in draft_text for ref in refs) and late not in draft_text

    published = services.tick(PUBLISH_TIME)
    repeated = services.tick(PUBLISH_TIME)
    assert (published["agendas_published"], repeated["agendas_published"], repeated["sent"]) == (1, 0, 0)
    [agenda] = posts_to(fake_slack, "C0MEETING")
    text = shown([agenda])
    assert all(ref in text for ref in refs) and late not in text
    assert "tisdag 1 december kl. 09:00 · 3 nya rapporter" in text
    # Grouped by city area (Norr before Öster), numbered as in the draft.
    assert text.index("*Norr*") < text.index("*Öster*")
    assert '"*1.* :busts_in_silhouette: *Störande gäng/grupper* – Kirsebergsskolan (Norr)' in text
    assert ":repeat: *2:a rapporten om anlagd brand vid Rosengårdsskolan på 6 veckor*" in text
    assert text.count("Ta ansvar") == 3
    assert len(fake_slack.calls_to("chat.postMessage")) == receipts + 2

    items = all_rows(app_server.runtime.engine, AgendaItem)
    assert sorted(i.number for i in items) == [1, 2, 3]
    assert all(i.message_key == f"agenda:{i.meeting_id}:0" for i in items)
    assert {r.status for r in all_rows(app_server.runtime.engine, Report) if r.reference in refs} == {
        "on_agenda"
    }

    # The late report is on the next week's agenda, with nothing from this week repeated as new.
    services.tick(datetime(2026, 12, 8, 8, 0, tzinfo=STOCKHOLM))
    next_week = shown(posts_to(fake_slack, "C0MEETING")[1:])
    assert late in next_week
    assert (
        "Uppföljning" in next_week and "Ej avgjord tis 1 dec. – tas upp igen" in next_week
    )  # undecided items return


def test_a_bot_that_was_down_publishes_once_when_it_comes_back(app_server: RunningApp, fake_slack: FakeSlack):
    seed(app_server)
    services = app_server.runtime.services

    late = services.tick(PUBLISH_TIME + timedelta(minutes=55))  # down since before the draft time
    assert (late["agenda_drafts"], late["agendas_published"]) == (0, 1)
    assert posts_to(fake_slack, CHAIR) == []  # no draft after the fact
    assert "Inga nya rapporter" in shown(posts_to(fake_slack, "C0MEETING"))
    assert services.tick(PUBLISH_TIME + timedelta(hours=2))["agendas_published"] == 0

    # Back only after the meeting and its catch-up window: that agenda is not sent any more.
    assert services.tick(datetime(2026, 12, 8, 13, 0, tzinfo=STOCKHOLM))["agendas_published"] == 0


def test_two_schedulers_at_once_publish_once(
    app_server: RunningApp, fake_slack: FakeSlack, settings, engine, clock
):
    units = seed(app_server)
    for i in range(5):
        _file_directly(app_server, units["Rosengårdsskolan"], i)
    runtimes = [build_runtime(settings, clock=clock, engine=engine, with_app=False) for _ in range(4)]
    barrier = threading.Barrier(len(runtimes))
    results: list[dict] = []

    def run(runtime) -> None:
        barrier.wait()
        results.append(runtime.services.tick(PUBLISH_TIME))

    threads = [threading.Thread(target=run, args=(r,)) for r in runtimes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r["agendas_published"] for r in results) == [0, 0, 0, 1]
    posts = posts_to(fake_slack, "C0MEETING")
    assert len([p for p in posts if not p.args.get("thread_ts")]) == 1  # one agenda (however many parts)
    # The receipts went out when the reports were filed; the chair also hears, once, that the
    # agenda of 24 November (which the reports were filed for) never went out.
    assert sum(r["meetings_missed"] for r in results) == 1
    assert sum(r["sent"] for r in results) == len(posts) + 1
    assert len(all_rows(engine, AgendaItem)) == 5


def _file_directly(
    app: RunningApp, unit_id: int, i: int, *, user: str = "UHEAD1", description: str = ""
) -> None:
    services = app.runtime.services
    result = services.reports.file_report(
        team_id=TEAM_ID,
        user_id=user,
        view_id=None,
        report=ReportInput(
            category=["gangs", "vandalism", "arson", "drug_sales", "threats", "unsafe_environment", "other"][
                i % 7
            ],
            unit_id=unit_id,
            new_unit_name=None,
            new_unit_area=None,
            place=f"Plats nummer {i}",
            occurred_on=services.clock().astimezone(STOCKHOLM).date(),
            occurred_time=None,
            description=description or f"Händelse {i}: " + "detaljer & <taggar> " * 20,
            recurring=False,
        ),
        draft_id=None,
        now=services.clock(),
    )
    assert not hasattr(result, "errors"), result
    services.outbox.dispatch(services.clock(), keys=result.notification_keys)  # as after the ack


def test_a_300_item_agenda_goes_out_whole_in_ordered_thread_replies(
    app_server: RunningApp, fake_slack: FakeSlack, engine
):
    units = seed(app_server)
    unit_ids = list(units.values())
    for i in range(300):
        _file_directly(app_server, unit_ids[i % 3], i)
    services = app_server.runtime.services
    receipts = len(fake_slack.calls_to("chat.postMessage"))
    assert receipts == 300

    result = services.tick(PUBLISH_TIME)

    posts = posts_to(fake_slack, "C0MEETING")
    assert result["agendas_published"] == 1 and result["failed"] == 0
    # + the chair told that the agenda of 24 November never went out
    assert result["meetings_missed"] == 1
    assert len(posts) + 1 == result["sent"] == len(fake_slack.calls_to("chat.postMessage")) - receipts
    assert len(posts) > 1 and all(len(p.args["blocks"]) <= 50 for p in posts)
    head_ts = next(
        m.slack_ts for m in all_rows(engine, OutboxMessage) if m.key.endswith(":0") and m.kind == "agenda"
    )
    assert "thread_ts" not in posts[0].args or posts[0].args["thread_ts"] is None
    assert all(p.args["thread_ts"] == head_ts for p in posts[1:])
    parts = [json.dumps(p.args["blocks"], ensure_ascii=False) for p in posts]
    assert all(f"del {n} av {len(posts)}" in part for n, part in enumerate(parts[1:], start=2))
    text = "".join(parts)
    for number in range(1, 301):
        assert text.count(f'"*{number}.* ') == 1, number
    assert len(all_rows(engine, AgendaItem)) == 300


def test_publish_now_from_the_draft(app_server: RunningApp, fake_slack: FakeSlack, clock):
    seed(app_server)
    services = app_server.runtime.services
    services.tick(DRAFT_TIME)
    [draft] = posts_to(fake_slack, CHAIR)
    button = next(
        e
        for b in draft.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "agenda_publish_now"
    )
    clock.now = DRAFT_TIME + timedelta(minutes=5)

    outsider = app_server.slack.interactive(_click(button, "UHEAD1", fake_slack.response_url))
    assert outsider.status == 200
    refusal = fake_slack.wait_for("response_url")[0]
    assert refusal.args["text"] == "Det här kan bara mötets ordförande och samordnare göra."
    assert posts_to(fake_slack, "C0MEETING") == []

    assert app_server.slack.interactive(_click(button, CHAIR, fake_slack.response_url)).status == 200
    told = fake_slack.wait_for("response_url", 2)[-1]
    assert told.args["text"].startswith("Dagordningen är publicerad")
    wait_until_delivered(app_server.runtime.engine)  # posted after the answer
    assert len(posts_to(fake_slack, "C0MEETING")) == 1
    assert services.tick(PUBLISH_TIME)["agendas_published"] == 0
    assert len(posts_to(fake_slack, "C0MEETING")) == 1


def _click(button: dict, user: str, response_url: str) -> dict:
    return {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "orat-test"},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0ORAT",
        "trigger_id": "1.2.3",
        "response_url": response_url,
        "container": {"type": "message", "channel_id": "DCHAIR1", "message_ts": "1700000000.000001"},
        "actions": [
            {"action_id": button["action_id"], "block_id": "b", "value": button["value"], "type": "button"}
        ],
    }


def test_agenda_preview_and_export_for_chairs(app_server: RunningApp, fake_slack: FakeSlack):
    units = seed(app_server)
    _file_directly(app_server, units["Holmaskolan"], 2, description="Hela beskrivningen, ord för ord.")

    app_server.slack.command("/orat", "agenda", user="UHEAD1")
    assert (
        fake_slack.wait_for("response_url")[0].args["text"]
        == "Det här kan bara mötets deltagare göra: medlemmar i mötets kanal och registrerade "
        "kontaktpersoner hos aktörerna."
    )

    app_server.slack.command("/orat", "agenda", user=CHAIR)
    preview = fake_slack.wait_for("response_url", 2)[-1]
    assert preview.args["response_type"] == "ephemeral"
    assert "Förhandsvisning" in shown([preview]) and "ÖMM-2026-0001" in shown([preview])
    assert "Ta ansvar" not in shown([preview]) and all_rows(app_server.runtime.engine, AgendaItem) == []

    app_server.slack.command("/orat", "agenda export", user=CHAIR)
    complete = fake_slack.wait_for("files.completeUploadExternal")[0]
    assert complete.args["channel_id"] == "DCHAIR1"
    [markdown] = fake_slack.uploaded()
    assert (
        markdown.startswith("# Dagordning – Örat mot marken")
        and "Hela beskrivningen, ord för ord." in markdown
    )
    assert (
        fake_slack.wait_for("response_url", 3)[-1]
        .args["text"]
        .startswith("Dagordningen skickas som Markdown-fil")
    )


def test_a_chair_moves_and_cancels_meetings(app_server: RunningApp, fake_slack: FakeSlack, clock):
    seed(app_server)
    clock.now = datetime(2026, 11, 26, 10, 0, tzinfo=STOCKHOLM)  # Thursday
    services = app_server.runtime.services

    app_server.slack.command("/orat", "möte flytta 2 dec 13:00", user="UHEAD1")
    assert "ordförande" in fake_slack.wait_for("response_url")[0].args["text"]

    app_server.slack.command("/orat", "möte flytta 2 dec 13:00", user=CHAIR)
    assert fake_slack.wait_for("response_url", 2)[-1].args["text"] == (
        "Klart: mötet tisdag 1 december kl. 09:00 är flyttat till onsdag 2 december kl. 13:00."
    )
    wait_until_delivered(app_server.runtime.engine)  # the channel is told after the answer
    [notice] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "C0MEETING"]
    assert "flyttat till *onsdag 2 december kl. 13:00*" in notice.args["text"]

    app_server.slack.command("/orat", "möte ställ in 8 dec", user=CHAIR)
    assert "inställt" in fake_slack.wait_for("response_url", 3)[-1].args["text"]

    app_server.slack.command("/orat", "möte", user="UHEAD1")
    calendar = fake_slack.wait_for("response_url", 4)[-1].args["text"]
    assert "~tisdag 1 december kl. 09:00~ → *onsdag 2 december kl. 13:00* (flyttat)" in calendar
    assert "~tisdag 8 december kl. 09:00~ – inställt" in calendar
    assert "~tisdag 22 december kl. 09:00~" not in calendar  # no break configured, 22 Dec is held

    # Nothing is published at the old time; the moved meeting's agenda goes out at 12:00 on the 2nd.
    assert services.tick(PUBLISH_TIME)["agendas_published"] == 0
    assert services.tick(datetime(2026, 12, 2, 12, 0, tzinfo=STOCKHOLM))["agendas_published"] == 1
    assert services.tick(datetime(2026, 12, 8, 8, 0, tzinfo=STOCKHOLM))["agendas_published"] == 0
    published = [m for m in all_rows(app_server.runtime.engine, Meeting) if m.agenda_published_at]
    assert [m.starts_at.astimezone(STOCKHOLM).isoformat() for m in published] == ["2026-12-02T13:00:00+01:00"]


@pytest.mark.parametrize(
    "words",
    [
        "möte flytta",
        "möte flytta 2 dec",
        "möte flytta sen 10:00",
        "möte ställ in",
        "möte ta bort",
        "agenda kanske",
    ],
)
def test_meeting_commands_explain_their_usage(app_server: RunningApp, fake_slack: FakeSlack, words: str):
    app_server.slack.command("/orat", words, user=CHAIR)
    answer = fake_slack.wait_for("response_url")[0].args["text"]
    assert answer.startswith(("Skriv t.ex.", "Använd")), answer
    assert all_rows(app_server.runtime.engine, Meeting) == []


def test_carried_and_tabled_items_come_back(app_server: RunningApp, fake_slack: FakeSlack, engine):
    units = seed(app_server)
    _file_directly(app_server, units["Holmaskolan"], 1)
    _file_directly(app_server, units["Holmaskolan"], 2)
    services = app_server.runtime.services
    services.tick(PUBLISH_TIME)
    first, second = all_rows(engine, AgendaItem)
    with Session(engine) as session:
        tabled = update(AgendaItem).where(AgendaItem.id == first.id)
        session.execute(tabled.values(outcome="tabled", outcome_note="Inväntar polisens *lägesbild*"))
        session.execute(update(AgendaItem).where(AgendaItem.id == second.id).values(outcome="no_action"))
        session.commit()

    services.tick(datetime(2026, 12, 8, 8, 0, tzinfo=STOCKHOLM))

    next_week = shown(posts_to(fake_slack, "C0MEETING")[1:])
    assert "Bordlagd tis 1 dec. – tas upp igen" in next_week and "ÖMM-2026-0001" in next_week
    # The item's history says why it was tabled.
    [history] = [
        b
        for post in posts_to(fake_slack, "C0MEETING")[1:]
        for b in post.args["blocks"]
        if b.get("block_id") == f"item_{first.number}_history"
    ]
    assert history["elements"][0]["text"] == "• tis 1 dec.: bordlagd – ”Inväntar polisens *lägesbild*”"
    assert "ÖMM-2026-0002" not in next_week
    assert "0 nya rapporter" in next_week and "1 bordlagd eller ej avgjord" in next_week


@pytest.mark.parametrize(
    ("publish_utc", "meeting_local"),
    [
        # The Tuesday after the spring change (29 March 2026): 08:00 local is 06:00 UTC.
        (datetime(2026, 3, 31, 6, 0, tzinfo=UTC), "tisdag 31 mars kl. 09:00"),
        # The Tuesday after the autumn change (25 October 2026): 08:00 local is 07:00 UTC.
        (datetime(2026, 10, 27, 7, 0, tzinfo=UTC), "tisdag 27 oktober kl. 09:00"),
    ],
)
def test_publication_keeps_local_time_across_dst(
    app_server: RunningApp, fake_slack: FakeSlack, publish_utc: datetime, meeting_local: str
):
    services = app_server.runtime.services
    assert services.tick(publish_utc - timedelta(minutes=1))["agendas_published"] == 0
    assert services.tick(publish_utc)["agendas_published"] == 1
    assert meeting_local in shown(posts_to(fake_slack, "C0MEETING"))
