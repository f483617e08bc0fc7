"""Settings per workspace, end to end through the real Bolt app: the settings modal in
``/orat admin`` (current values, inline Swedish errors with nothing stored, a save that is stored,
audited and confirmed), a changed rule moving the next meeting and the reminders without a restart
(also in a second runtime on the same database), two workspaces with their own settings, and the
first-run checklist on the Home tab."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from bot.app import Runtime, build_runtime
from bot.config import Settings
from bot.domain.organisation import parse_seed
from handlers.blocks.settings import block_of
from handlers.ids import SETTINGS_OPEN, SETTINGS_UNITS_BLOCK, SETTINGS_UNITS_OPEN, VALUE
from storage.models import AuditEvent, Unit, WorkspaceSetting
from tests.conftest import STOCKHOLM, Clock, RunningApp
from tests.support.db import all_rows
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.reports import file_directly
from tests.support.slack_requests import SlackSender

CHAIR, HEAD, ADMIN = "UCHAIR1", "UHEAD1", "UADMIN1"


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


# ------------------------------------------------------------------------------ helpers
def open_settings(app: RunningApp, fake: FakeSlack, user: str = CHAIR, team: str = TEAM_ID) -> dict:
    before = len(fake.calls_to("views.open"))
    assert app.slack.command("/orat", "inställningar", user=user, team=team).status == 200
    return fake.wait_for("views.open", before + 1)[-1].args["view"]


def state_of(view: dict[str, Any], **changes: Any) -> dict[str, dict[str, Any]]:
    """The modal's state as Slack sends it on submit: every input's current value, ``changes``
    (by field name) typed or chosen over it."""
    values: dict[str, dict[str, Any]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        name = block["block_id"].removeprefix("settings_")
        element = block["element"]
        kind = element["type"]
        if kind == "plain_text_input":
            state = {"value": changes.get(name, element.get("initial_value"))}
        elif kind == "conversations_select":
            state = {"selected_conversation": changes.get(name, element.get("initial_conversation"))}
        elif kind == "multi_users_select":
            state = {"selected_users": changes.get(name, element.get("initial_users", []))}
        else:
            chosen = changes.get(name, element["initial_option"]["value"])
            state = {"selected_option": {"value": chosen}}
        values[block["block_id"]] = {VALUE: {"type": kind, **state}}
    return values


def submit(app: RunningApp, view: dict, user: str = CHAIR, team: str = TEAM_ID, **changes: Any) -> dict:
    return app.slack.view_submission(view, state_of(view, **changes), user=user, team=team).json()


def initial(view: dict, field: str) -> Any:
    block = next(b for b in view["blocks"] if b.get("block_id") == block_of(field))
    element = block["element"]
    for key in ("initial_value", "initial_conversation", "initial_users", "initial_option"):
        if key in element:
            return element[key]["value"] if key == "initial_option" else element[key]
    return None


def stored(engine: Engine) -> list[WorkspaceSetting]:
    with Session(engine) as session:
        return list(session.scalars(select(WorkspaceSetting).order_by(WorkspaceSetting.team_id)))


def settings_events(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.event.like("settings.%"))))


def seed_school(runtime: Runtime, team: str = TEAM_ID) -> int:
    services = runtime.services
    units = [{"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"}]
    services.organisation.seed(team, parse_seed({"enhet": units}), services.clock())
    return next(u.id for u in all_rows(runtime.engine, Unit) if u.team_id == team)


@pytest.fixture
def second_runtime(settings: Settings, engine: Engine, clock: Clock) -> Runtime:
    """Another process's view of the same database (a second web worker, the scheduler)."""
    return build_runtime(settings, clock=clock, engine=engine)


# ------------------------------------------------------------------------------ the modal
def test_the_modal_opens_with_the_current_values(app_server: RunningApp, fake_slack: FakeSlack):
    # Through /orat admin's overview: Inställningar is pushed on top of it.
    app_server.slack.command("/orat", "admin", user=CHAIR)
    home = fake_slack.wait_for("views.open")[0].args["view"]
    app_server.slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": CHAIR, "team_id": TEAM_ID},
            "trigger_id": "9.9.9",
            "view": {**home, "id": "V0HOME", "root_view_id": "V0HOME"},
            "actions": [{"action_id": SETTINGS_OPEN, "block_id": "admin_settings", "value": "admin"}],
        }
    )
    view = fake_slack.wait_for("views.push")[0].args["view"]
    assert view["title"]["text"] == "Inställningar"
    assert initial(view, "meeting_channel") == "C0MEETING"
    assert initial(view, "chairs") == [CHAIR]
    assert initial(view, "meeting") == "tisdag 09:00"
    assert initial(view, "cutoff_hours") == "24"
    assert initial(view, "draft_time") == "12:00"
    assert initial(view, "reminder_time") == "08:00"
    assert initial(view, "digest") == "måndag 08:00"
    assert initial(view, "language") == "sv"
    assert initial(view, "reporters") == "alla"
    hint = next(b for b in view["blocks"] if b.get("block_id") == block_of("meeting"))["hint"]["text"]
    assert "tisdag 09:00" in hint and "INTERVAL=2" in hint


def test_bad_values_are_told_inline_in_swedish_and_nothing_is_stored(
    app_server: RunningApp, fake_slack: FakeSlack
):
    view = open_settings(app_server, fake_slack)
    answer = submit(
        app_server,
        view,
        meeting="tisdagar klockan nio",
        breaks="2026-08-09..2026-06-22",
        draft_time="25:00",
        retention="alla avslutade två anonymisera",
        reminder_time="08:00",  # a good value among bad ones is not stored either
        digest="måndag 07:00",
    )
    assert answer["response_action"] == "errors"
    errors = answer["errors"]
    assert set(errors) == {block_of(n) for n in ("meeting", "breaks", "draft_time", "retention")}
    assert errors[block_of("meeting")].startswith('Ange veckodag och tid, t.ex. "tisdag 09:00"')
    assert "slutar före det börjar" in errors[block_of("breaks")]
    assert "tid som 08:00" in errors[block_of("draft_time")]
    assert "antalet månader ska vara ett positivt heltal" in errors[block_of("retention")]
    assert stored(app_server.runtime.engine) == []
    assert settings_events(app_server.runtime.engine) == []
    services = app_server.runtime.services
    assert services.workspaces.for_team(TEAM_ID).digest.at.hour == 8  # still the default


def test_good_values_are_stored_audited_and_confirmed(app_server: RunningApp, fake_slack: FakeSlack):
    view = open_settings(app_server, fake_slack)
    answer = submit(
        app_server,
        view,
        meeting="onsdag 10:00",
        breaks="2026-12-21..2027-01-06",
        reminder_time="09:30",
        chairs=[CHAIR, "UCHAIR2"],
        language="en",
        reporters="enheter",
    )
    assert answer["response_action"] == "update"
    confirmation = json.dumps(answer["view"], ensure_ascii=False)
    assert "Inställningarna är sparade och gäller från nu" in confirmation
    assert "Veckomöte" in confirmation and "Påminnelsernas klockslag" in confirmation

    [row] = stored(app_server.runtime.engine)
    assert row.team_id == TEAM_ID and row.updated_by == CHAIR
    assert row.values["meeting"] == "onsdag 10:00"
    assert "draft_time" not in row.values  # unchanged values keep following the environment
    [event] = settings_events(app_server.runtime.engine)
    assert event.actor_user_id == CHAIR and event.event == "settings.changed"
    assert event.details["fields"] == sorted(
        ["breaks", "chairs", "language", "meeting", "reminder_time", "reporters"]
    )

    current = app_server.runtime.services.workspaces.for_team(TEAM_ID)
    assert (current.meeting.weekday, current.meeting.at.hour) == (2, 10)
    assert current.meeting.breaks == ((date(2026, 12, 21), date(2027, 1, 6)),)
    assert current.reminders.at.minute == 30 and current.chairs == (CHAIR, "UCHAIR2")
    assert (current.language, current.reporters) == ("en", "enheter")
    # The new chair is a chair now: the modal opens for them, with the stored values.
    again = open_settings(app_server, fake_slack, user="UCHAIR2")
    assert initial(again, "meeting") == "onsdag 10:00"


def test_a_public_channel_is_refused_as_the_meeting_channel(app_server: RunningApp, fake_slack: FakeSlack):
    fake_slack.public_channels.add("C0OPEN")
    view = open_settings(app_server, fake_slack)
    answer = submit(app_server, view, meeting_channel="C0OPEN", meeting="onsdag 09:00")
    assert answer["errors"] == {
        block_of("meeting_channel"): "Kanalen är öppen: välj en privat kanal, rapporterna är känsliga."
    }
    assert [c.args["channel"] for c in fake_slack.calls_to("conversations.info")] == ["C0OPEN"]
    assert stored(app_server.runtime.engine) == []


def test_someone_who_is_not_admin_or_chair_is_refused_politely(app_server: RunningApp, fake_slack: FakeSlack):
    app_server.slack.command("/orat", "inställningar", user=HEAD)
    [reply] = fake_slack.wait_for("response_url")
    assert reply.args["text"] == "Det här kan bara mötets ordförande och administratörer göra."
    assert fake_slack.calls_to("views.open") == []
    # A submit forged past the modal is refused too, and stores nothing.
    view = open_settings(app_server, fake_slack)
    answer = submit(app_server, view, user=HEAD, meeting="onsdag 09:00")
    assert answer["response_action"] == "errors"
    assert stored(app_server.runtime.engine) == []


def test_an_admin_who_is_not_a_chair_cannot_name_the_chairs(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    app_server.runtime.services.workspaces.save(TEAM_ID, CHAIR, {"admins": [ADMIN]}, clock())
    view = open_settings(app_server, fake_slack, user=ADMIN)
    assert block_of("chairs") not in [b.get("block_id") for b in view["blocks"]]
    assert "<@UCHAIR1>" in json.dumps(view["blocks"])
    answer = submit(app_server, view, user=ADMIN, meeting="torsdag 13:00")
    assert answer["response_action"] == "update"
    assert app_server.runtime.services.workspaces.for_team(TEAM_ID).chairs == (CHAIR,)
    forged = app_server.runtime.services.workspaces.save(TEAM_ID, ADMIN, {"chairs": [ADMIN]}, clock())
    assert forged.codes == {"chairs": "chair_only"}


# ------------------------------------------------------------------------------ without a restart
def test_a_new_weekday_moves_the_draft_and_the_publication_also_in_another_process(
    app_server: RunningApp, fake_slack: FakeSlack, second_runtime: Runtime, clock
):
    scheduler = second_runtime.services
    unit = seed_school(app_server.runtime)
    scheduler.tick(local(2026, 11, 20, 10, 5))  # the other process has read the Tuesday rule

    view = open_settings(app_server, fake_slack)
    assert submit(app_server, view, meeting="onsdag 09:00")["response_action"] == "update"
    file_directly(
        app_server.runtime.services,
        user=HEAD,
        unit_id=unit,
        category="gangs",
        place="Entrén",
        occurred_on=date(2026, 11, 19),
        description="Gäng vid entrén",
    )

    # Tuesday: neither the draft (Monday 12:00 before) nor the agenda (Tuesday 08:00) is due now.
    monday = scheduler.tick(local(2026, 11, 23, 12, 0))
    tuesday = scheduler.tick(local(2026, 11, 24, 8, 0))
    assert (monday["agenda_drafts"], tuesday["agendas_published"]) == (0, 0)
    draft = scheduler.tick(local(2026, 11, 24, 12, 0))
    wednesday = scheduler.tick(local(2026, 11, 25, 8, 0))
    assert (draft["agenda_drafts"], wednesday["agendas_published"]) == (1, 1)
    agendas = [
        c
        for c in fake_slack.calls_to("chat.postMessage")
        if c.args["channel"] == "C0MEETING" and c.args["text"].startswith("Dagordning")
    ]
    assert "onsdag 25 november" in agendas[0].args["text"]


def test_a_new_reminder_time_holds_at_the_next_tick_in_another_process(
    app_server: RunningApp, fake_slack: FakeSlack, second_runtime: Runtime, clock
):
    from tests.e2e.test_follow_up_flow import COP, setup_action

    setup_action(app_server, clock)  # due 15 December: the first reminder on Friday 11 December
    scheduler = second_runtime.services
    assert scheduler.tick(local(2026, 12, 10, 8, 0))["reminders"] == 0  # caches the 08:00 rule

    view = open_settings(app_server, fake_slack)
    answer = submit(app_server, view, reminder_time="10:00", remind_days_before="1")
    assert answer["response_action"] == "update"

    # 08:00 on the 11th was the old reminder day and time: nothing now; one working day before
    # the due date (Monday 14th) at 10:00 it goes out.
    assert scheduler.tick(local(2026, 12, 11, 8, 0))["reminders"] == 0
    assert scheduler.tick(local(2026, 12, 11, 10, 0))["reminders"] == 0
    assert scheduler.tick(local(2026, 12, 14, 9, 59))["reminders"] == 0
    assert scheduler.tick(local(2026, 12, 14, 10, 0))["reminders"] == 1
    scheduler.outbox.dispatch(local(2026, 12, 14, 10, 0))
    reminders = [
        c
        for c in fake_slack.calls_to("chat.postMessage")
        if c.args["channel"] == COP and c.args["text"].startswith("Påminnelse")
    ]
    assert len(reminders) == 1


def test_a_web_worker_sees_a_change_after_its_short_check_interval(
    app_server: RunningApp, fake_slack: FakeSlack, second_runtime: Runtime, clock
):
    ticks = [0.0]
    store = second_runtime.services.workspaces.store
    store._monotonic = lambda: ticks[0]  # the other worker's clock, moved by hand
    assert store.for_team(TEAM_ID).meeting.weekday == 1
    view = open_settings(app_server, fake_slack)
    submit(app_server, view, meeting="fredag 09:00")
    assert store.for_team(TEAM_ID).meeting.weekday == 1  # within CHECK_SECONDS: the kept copy
    ticks[0] += store.CHECK_SECONDS
    assert store.for_team(TEAM_ID).meeting.weekday == 4


# ------------------------------------------------------------------------------ two workspaces
@pytest.fixture
def two_workspaces(
    settings: Settings, engine: Engine, clock: Clock, fake_slack: FakeSlack
) -> Iterator[dict[str, RunningApp]]:
    """Two installations on one database and one fake Slack, each refusing the other's requests."""
    from bot.web import create_wsgi_app

    apps, servers = {}, []
    for team in ("T1", "T2"):
        runtime = build_runtime(replace(settings, team_id=team), clock=clock, engine=engine)
        server = make_server("127.0.0.1", 0, create_wsgi_app(runtime), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}"
        apps[team] = RunningApp(url, SlackSender(url, response_url=fake_slack.response_url), runtime)
        servers.append(server)
    yield apps
    for server in servers:
        server.shutdown()


def test_two_workspaces_have_their_own_settings(two_workspaces: dict[str, RunningApp], fake_slack: FakeSlack):
    one, two = two_workspaces["T1"], two_workspaces["T2"]
    view = open_settings(one, fake_slack, team="T1")
    assert (
        submit(one, view, team="T1", meeting="onsdag 09:00", reminder_time="07:00")["response_action"]
        == "update"
    )
    view = open_settings(two, fake_slack, team="T2")
    assert initial(view, "meeting") == "tisdag 09:00"  # T1's change is not T2's
    assert submit(two, view, team="T2", meeting="torsdag 14:00")["response_action"] == "update"

    first = one.runtime.services.workspaces.for_team("T1")
    second = two.runtime.services.workspaces.for_team("T2")
    assert (first.meeting.weekday, first.reminders.at.hour) == (2, 7)
    assert (second.meeting.weekday, second.meeting.at.hour, second.reminders.at.hour) == (3, 14, 8)
    # Each process asked about the other's team sees that team's own row, not its own.
    assert one.runtime.services.workspaces.for_team("T2").meeting.weekday == 3
    assert {r.team_id: r.values["meeting"] for r in stored(one.runtime.engine)} == {
        "T1": "onsdag 09:00",
        "T2": "torsdag 14:00",
    }
    # And the schedulers follow: T1 drafts on Tuesday for Wednesday, T2 on Wednesday for Thursday.
    for team, app in two_workspaces.items():
        seed_school(app.runtime, team)
    assert one.runtime.services.tick(local(2026, 11, 24, 12, 0))["agenda_drafts"] == 1
    assert two.runtime.services.tick(local(2026, 11, 24, 12, 0))["agenda_drafts"] == 0
    assert two.runtime.services.tick(local(2026, 11, 25, 14, 0))["agenda_drafts"] == 1


# ------------------------------------------------------------------------------ the first run
def home_of(app: RunningApp, fake: FakeSlack, user: str, team: str = TEAM_ID) -> dict:
    before = len(fake.calls_to("views.publish"))
    app.slack.home_opened(user, team=team)
    return fake.wait_for("views.publish", before + 1)[-1].args["view"]


@pytest.fixture
def fresh(settings: Settings, engine: Engine, clock: Clock, fake_slack: FakeSlack) -> Iterator[RunningApp]:
    """A workspace just installed: no meeting channel, no chairs, no admins, no units."""
    from bot.web import create_wsgi_app

    runtime = build_runtime(replace(settings, meeting_channel=None, chairs=()), clock=clock, engine=engine)
    server = make_server("127.0.0.1", 0, create_wsgi_app(runtime), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    yield RunningApp(url, SlackSender(url, response_url=fake_slack.response_url), runtime)
    server.shutdown()


def click_in_home(app: RunningApp, fake: FakeSlack, home: dict, action_id: str, user: str) -> dict:
    before = len(fake.calls_to("views.open"))
    app.slack.click_in_home(home, action_id, user=user)
    return fake.wait_for("views.open", before + 1)[-1].args["view"]


def test_the_checklist_shows_for_a_fresh_workspace_and_disappears_when_done(
    fresh: RunningApp, fake_slack: FakeSlack
):
    installer = "UINSTALL"
    home = home_of(fresh, fake_slack, installer)
    shown = json.dumps(home["blocks"], ensure_ascii=False)
    assert "Kom igång" in shown
    assert shown.count("⬜") == 3 and "✅" not in shown

    # The installer picks the channel and the chairs, and becomes the first admin.
    view = click_in_home(fresh, fake_slack, home, SETTINGS_OPEN, installer)
    assert view["callback_id"] == "settings_submit" and initial(view, "meeting_channel") is None
    answer = fresh.slack.view_submission(
        view, state_of(view, meeting_channel="C0NEWMEET", chairs=[CHAIR]), user=installer
    ).json()
    assert answer["response_action"] == "update"
    home = fake_slack.wait_for("views.publish", 2)[-1].args["view"]  # the tab again, after the save
    shown = json.dumps(home["blocks"], ensure_ascii=False)
    assert shown.count("✅") == 2 and shown.count("⬜") == 1
    workspace = fresh.runtime.services.workspaces.for_team(TEAM_ID)
    assert (workspace.meeting_channel, workspace.chairs, workspace.admins) == (
        "C0NEWMEET",
        (CHAIR,),
        (installer,),
    )

    # Someone else sees no checklist now that the workspace has an admin and a chair.
    assert "Kom igång" not in json.dumps(home_of(fresh, fake_slack, HEAD)["blocks"], ensure_ascii=False)

    # The units from the organisation file, pasted.
    units = click_in_home(fresh, fake_slack, home, SETTINGS_UNITS_OPEN, installer)
    bad = fresh.slack.view_submission(
        units,
        {SETTINGS_UNITS_BLOCK: {VALUE: {"type": "plain_text_input", "value": "[[enhet]]\nnamn = 'X'"}}},
        user=installer,
    ).json()
    assert bad["response_action"] == "errors"
    assert "'typ' ska vara en av skola, förvaltning, aktör" in bad["errors"][SETTINGS_UNITS_BLOCK]
    toml = '[[enhet]]\nnamn = "Rosengårdsskolan"\ntyp = "skola"\nstadsomrade = "Öster"\n'
    good = fresh.slack.view_submission(
        units, {SETTINGS_UNITS_BLOCK: {VALUE: {"type": "plain_text_input", "value": toml}}}, user=installer
    ).json()
    assert good["response_action"] == "update"
    assert "1 nya, 0 ändrade" in json.dumps(good["view"], ensure_ascii=False)
    assert "Kom igång" not in json.dumps(home_of(fresh, fake_slack, installer)["blocks"], ensure_ascii=False)


def test_the_install_makes_the_installer_the_first_admin_once(fresh: RunningApp, clock):
    workspaces = fresh.runtime.services.workspaces
    assert workspaces.claim_first_admin(TEAM_ID, "UINSTALL", clock()) is True
    assert workspaces.claim_first_admin(TEAM_ID, "ULATER", clock()) is False
    assert workspaces.for_team(TEAM_ID).admins == ("UINSTALL",)
    events = [e.event for e in settings_events(fresh.runtime.engine)]
    assert events == ["settings.first_admin", "settings.changed"]
