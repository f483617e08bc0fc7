"""Two municipalities in one installation (the install flow, ``Settings.oauth``): the same flows
driven in both, through one app and one process (one role cache, one settings cache), with the same
Slack user ids in both workspaces. Nothing of one may appear in any call, view, file, answer,
statistic, export or audit line of the other.

Every recorded Web API call is attributed to a workspace by its token (the fake Slack records the
``Authorization`` header) and every ``response_url`` answer by the workspace's own response URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, select

from bot.app import Runtime, build_runtime
from bot.config import Settings
from bot.domain.organisation import parse_seed
from storage.models import AuditEvent, Report, Unit
from tests.conftest import STOCKHOLM, Clock, RunningApp
from tests.support.db import all_rows, counts, wait_until_delivered
from tests.support.fake_slack import FakeSlack
from tests.support.modal import report_values
from tests.support.slack_requests import SlackSender
from tests.support.workspaces import T1, T2, TOKENS, install_workspace, oauth_settings, serving

# The meeting of Tuesday 24 November 2026 09:00: draft Monday 12:00, published Tuesday 08:00.
DRAFT_TIME = datetime(2026, 11, 23, 12, 0, tzinfo=STOCKHOLM)
PUBLISH_TIME = datetime(2026, 11, 24, 8, 0, tzinfo=STOCKHOLM)

# The same people's ids in both workspaces (Enterprise Grid users keep theirs across workspaces):
# a cache keyed by user alone would carry a role or an answer from one municipality to the other.
HEAD, CHAIR, ADMIN = "UHEAD1", "UCHAIR1", "UADMIN1"
WORKSPACE = {
    T1: {
        "channel": "C0MALMO",
        "school": "Sofielundsskolan",
        "area": "Öster",
        "place": "Malmöplatsen vid cykelstället",
        "description": "Malmöhemlighet: brand i en papperskorg.",
    },
    T2: {
        "channel": "C0LUND",
        "school": "Katedralskolan",
        "area": "Innerstaden",
        "place": "Lundplatsen vid idrottshallen",
        "description": "Lundhemlighet: klotter på gaveln.",
    },
}
OTHER = {T1: T2, T2: T1}


def markers(team: str) -> list[str]:
    """What only ``team``'s data contains."""
    own = WORKSPACE[team]
    return [own["channel"], own["school"], own["place"], own["description"].split(":")[0]]


@pytest.fixture
def oauth_runtime(settings: Settings, engine: Engine, clock: Clock) -> Runtime:
    return build_runtime(oauth_settings(settings), clock=clock, engine=engine)


@pytest.fixture
def two(oauth_runtime: Runtime, fake_slack: FakeSlack, engine: Engine) -> Iterator[dict[str, RunningApp]]:
    """Both workspaces installed, each configured by its installer and seeded with its school; one
    app serves both, each team's requests carry its own response URL."""
    services = oauth_runtime.services
    now = services.clock()
    with serving(oauth_runtime, fake_slack) as running:
        apps = {}
        for team, own in WORKSPACE.items():
            install_workspace(engine, team, installer=ADMIN)
            saved = services.workspaces.save(
                team, ADMIN, {"meeting_channel": own["channel"], "chairs": [CHAIR]}, now
            )
            assert not hasattr(saved, "errors"), saved
            seed = {"enhet": [{"namn": own["school"], "typ": "skola", "stadsomrade": own["area"]}]}
            services.organisation.seed(team, parse_seed(seed), now)
            apps[team] = RunningApp(
                url=running.url,
                slack=SlackSender(running.url, response_url=f"{fake_slack.url}response_url/{team}"),
                runtime=oauth_runtime,
            )
        yield apps


def unit_of(engine: Engine, team: str) -> int:
    return next(u.id for u in all_rows(engine, Unit) if u.team_id == team)


def file_report(app: RunningApp, fake: FakeSlack, team: str) -> None:
    before = len(fake.calls_to("views.open"))
    assert app.slack.command("/rapportera", user=HEAD, team=team).status == 200
    view = fake.wait_for("views.open", before + 1)[-1].args["view"]
    own = WORKSPACE[team]
    values = report_values(
        unit_id=unit_of(app.runtime.engine, team), place=own["place"], description=own["description"]
    )
    result = app.slack.view_submission(view, values, user=HEAD, team=team, view_id=f"V{team}")
    assert result.json()["response_action"] == "update", result.body
    wait_until_delivered(app.runtime.engine, now=app.runtime.services.clock())


def answered(fake: FakeSlack, team: str, count: int) -> list[str]:
    return [json.dumps(c.args, ensure_ascii=False) for c in fake.wait_for(f"response_url/{team}", count)]


def team_of_call(call) -> str | None:
    """The workspace a recorded call belongs to: by its token, or its team's response URL."""
    for team, token in TOKENS.items():
        if call.token == token:
            return team
    for team in WORKSPACE:
        if call.method == f"response_url/{team}":
            return team
    return None


def assert_nothing_crossed(fake: FakeSlack) -> None:
    seen = {T1: 0, T2: 0}
    for call in fake.calls:
        team = team_of_call(call)
        if call.method.startswith(("upload/", "download/")):
            continue  # the bytes of a file: checked through files.completeUploadExternal's own call
        assert team is not None, f"{call.method} made with no workspace's token ({call.token!r})"
        seen[team] += 1
        shown = json.dumps(call.args, ensure_ascii=False, default=str)
        for marker in markers(OTHER[team]):
            assert marker not in shown, f"{OTHER[team]}'s {marker!r} in {team}'s {call.method}"
    assert seen[T1] and seen[T2], seen


def test_the_same_flows_in_two_workspaces_never_cross(
    two: dict[str, RunningApp], fake_slack: FakeSlack, engine: Engine, clock: Clock
):
    services = next(iter(two.values())).runtime.services
    for team, app in two.items():
        file_report(app, fake_slack, team)
    reports = all_rows(engine, Report)
    assert sorted((r.team_id, r.place) for r in reports) == sorted(
        (team, own["place"]) for team, own in WORKSPACE.items()
    )

    # The chair's and the head's views and answers in both, one after the other (one role cache).
    for team, app in two.items():
        app.slack.home_opened(HEAD, team=team)
        app.slack.home_opened(CHAIR, team=team)
        app.slack.command("/orat", "logg", user=CHAIR, team=team)
        app.slack.command("/orat", "statistik", user=CHAIR, team=team)
        answered(fake_slack, team, 1)
    fake_slack.wait_for("views.publish", 4)
    fake_slack.wait_for("files.completeUploadExternal", 2)

    # The week's scheduled work: each workspace's draft to its chair, its agenda in its channel.
    for at in (DRAFT_TIME, PUBLISH_TIME):
        clock.now = at
        services.tick(clock())
        wait_until_delivered(engine, now=clock())
    for team, own in WORKSPACE.items():
        agenda = [
            c
            for c in fake_slack.calls_to("chat.postMessage")
            if c.args["channel"] == own["channel"] and c.args["text"].startswith("Dagordning")
        ]
        assert agenda and {c.token for c in agenda} == {TOKENS[team]}
        assert own["place"] in json.dumps([c.args.get("blocks") for c in agenda], ensure_ascii=False)

    assert_nothing_crossed(fake_slack)

    # The register extract and the audit log of one workspace hold nothing of the other's.
    now = services.clock()
    for team in WORKSPACE:
        extract = json.dumps(services.privacy.export_user(team, HEAD, now), ensure_ascii=False, default=str)
        assert WORKSPACE[team]["place"] in extract
        for marker in markers(OTHER[team]):
            assert marker not in extract
        lines = services.privacy.audit_since(datetime(2026, 1, 1, tzinfo=STOCKHOLM), team)
        assert lines and all(line.team_id == team for line in lines)
    with engine.connect() as connection:
        audited = connection.execute(select(AuditEvent.team_id).distinct()).scalars().all()
    assert sorted(audited) == sorted([T1, T2])


def test_a_role_held_in_one_workspace_is_not_held_in_the_other(
    two: dict[str, RunningApp], fake_slack: FakeSlack
):
    services = two[T1].runtime.services
    # CHAIR chairs only Malmö's meeting now; the same user id in Lund is an ordinary member.
    # Lund's chair hands the chair over (only a chair names the chairs).
    saved = services.workspaces.save(T2, CHAIR, {"chairs": ["UCHAIR2"]}, services.clock())
    assert not hasattr(saved, "errors"), saved

    two[T1].slack.command("/orat", "logg", user=CHAIR, team=T1)  # fills the role cache for T1
    (malmo,) = answered(fake_slack, T1, 1)
    two[T2].slack.command("/orat", "logg", user=CHAIR, team=T2)
    (lund,) = answered(fake_slack, T2, 1)

    # A chair is told how to use the command; anyone else is refused as for the command itself.
    assert "Skriv rapportens referens" in malmo, malmo
    assert "Skriv rapportens referens" not in lund and "kan bara mötets ordförande" in lund, lund
    assert services.roles.chairs(T1) == [CHAIR]
    assert services.roles.chairs(T2) == ["UCHAIR2"]


def test_settings_and_statistics_stay_in_their_workspace(
    two: dict[str, RunningApp], fake_slack: FakeSlack, engine: Engine
):
    services = two[T1].runtime.services
    for team, app in two.items():
        file_report(app, fake_slack, team)
    saved = services.workspaces.save(T2, ADMIN, {"meeting": "onsdag 10:00"}, services.clock())
    assert not hasattr(saved, "errors"), saved

    malmo, lund = services.workspaces.for_team(T1), services.workspaces.for_team(T2)
    assert (malmo.meeting.weekday, malmo.meeting_channel) == (1, "C0MALMO")  # Tuesday, as before
    assert (lund.meeting.weekday, lund.meeting_channel) == (2, "C0LUND")

    for team, app in two.items():
        app.slack.command("/orat", "statistik", user=CHAIR, team=team)
        answered(fake_slack, team, 1)
    uploads = fake_slack.wait_for("files.completeUploadExternal", 2)
    assert sorted(c.token for c in uploads) == sorted(TOKENS.values())
    files = fake_slack.uploaded_files()
    for name, data in files.items():
        if name.endswith(".csv"):
            text = data.decode("utf-8-sig")
            assert not ("Sofielund" in text and "Katedral" in text), name


def test_a_payload_from_a_workspace_that_never_installed_stores_nothing(
    two: dict[str, RunningApp], fake_slack: FakeSlack, engine: Engine
):
    before, calls_before = counts(engine), len(fake_slack.calls)
    app = two[T1]
    stranger = "T0STRANGER"
    assert app.slack.command("/rapportera", user=HEAD, team=stranger).status in (200, 401, 403)
    result = app.slack.home_opened(HEAD, team=stranger)
    assert 400 <= result.status < 500
    assert counts(engine) == before
    assert [c.method for c in fake_slack.calls[calls_before:] if c.token is not None] == []


def stranger_request(app: RunningApp, listener: str, body: dict, team: object, user: str) -> int:
    """``body`` (one of the hardening test's listener families) sent as from ``team``."""
    team_id = team if isinstance(team, str) else None
    if "command" in body:
        fields = {"team_id": team_id or "", "user_id": user, "command": body["command"], "text": "logg"}
        fields |= {"response_url": app.slack.response_url, "trigger_id": "1.2.abc", "api_app_id": "A0ORAT"}
        return app.slack.form(fields).status
    if body.get("type") == "event_callback":
        event = {**body["event"], "user": user, "tab": "home", "channel": "D" + user[1:]}
        return app.slack.event(event, team=team_id or "").status
    payload = {
        **body,
        "team": team if isinstance(team, dict) else {"id": team_id, "domain": "elsewhere"},
        "user": {"id": user, "team_id": team_id},
        "api_app_id": "A0ORAT",
        "trigger_id": "1.2.abc",
        "response_url": app.slack.response_url,
    }
    if payload.get("type") == "view_submission":
        payload["view"] = {
            **payload["view"],
            "id": "VSTRANGER",
            "state": {"values": {}},
            "private_metadata": "",
        }
    return app.slack.interactive(payload).status


def test_hardening_payloads_from_workspaces_that_never_installed(
    two: dict[str, RunningApp], fake_slack: FakeSlack, engine: Engine
):
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings
    from hypothesis import strategies as st

    from tests.e2e.test_hardening import listener_candidates

    families = listener_candidates()
    app = two[T1]
    before, calls_before = counts(engine), len(fake_slack.calls)
    strangers = st.one_of(
        st.from_regex(r"\AT[A-Z0-9]{8,10}\Z").filter(lambda t: t not in WORKSPACE),
        st.sampled_from(["", "T0STRANGER", "E0GRID", "t0malmo", T1.lower()]),
    )
    statuses: list[int] = []

    @hypothesis_settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        listener=st.sampled_from(sorted(families)), team=strangers, user=st.sampled_from([HEAD, CHAIR, ADMIN])
    )
    def send(listener: str, team: str, user: str) -> None:
        status = stranger_request(app, listener, families[listener], team, user)
        statuses.append(status)
        # A polite refusal (a slash command's answer) or a 4xx: never a 5xx, never a listener run.
        assert status == 200 or 400 <= status < 500, (listener, status)

    send()
    assert counts(engine) == before
    sent = [c.method for c in fake_slack.calls[calls_before:] if c.token is not None]
    assert sent == [], sent
    assert any(400 <= s < 500 for s in statuses)


def test_each_workspace_is_answered_in_the_language_it_chose(
    two: dict[str, RunningApp], fake_slack: FakeSlack, engine: Engine
):
    services = two[T1].runtime.services
    saved = services.workspaces.save(T2, ADMIN, {"language": "en"}, services.clock())
    assert not hasattr(saved, "errors"), saved

    # Alternately, through one app: the modal (a listener after the ack) and a refused command.
    for n, team in enumerate((T2, T1, T2), start=1):
        assert two[team].slack.command("/rapportera", user=HEAD, team=team).status == 200
        fake_slack.wait_for("views.open", n)
    titles = [(c.token, c.args["view"]["title"]["text"]) for c in fake_slack.calls_to("views.open")]
    assert titles == [(TOKENS[T2], "Report"), (TOKENS[T1], "Rapportera"), (TOKENS[T2], "Report")]

    # The workspace's scheduled work speaks its language too: the chair's draft agenda.
    for team in WORKSPACE:
        file_report(two[team], fake_slack, team)
    services.tick(DRAFT_TIME)
    wait_until_delivered(engine, now=DRAFT_TIME)
    drafts = {
        c.token: c.args["text"] for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == CHAIR
    }
    assert drafts[TOKENS[T1]].startswith("Dagordning"), drafts
    assert drafts[TOKENS[T2]].startswith("Agenda"), drafts


def test_a_chair_named_in_the_settings_is_in_their_register_extract_and_removed_when_gone(
    two: dict[str, RunningApp], engine: Engine
):
    services = two[T1].runtime.services
    now = services.clock()
    assert CHAIR in services.privacy.known_users(T1)
    extract = services.privacy.export_user(T1, CHAIR, now)
    assert [row["values"]["chairs"] for row in extract["tables"]["workspace_settings"]] == [[CHAIR]]
    assert "workspace_settings" not in services.privacy.export_user(T1, HEAD, now)["tables"]

    services.workspaces.save(T1, CHAIR, {"chairs": [CHAIR, "UCHAIR2"]}, now)
    services.privacy.pseudonymise(T1, CHAIR, now)  # gone from Slack

    services.workspaces.store.forget(T1)
    assert services.workspaces.for_team(T1).chairs == ("UCHAIR2",)
    assert services.workspaces.for_team(T2).chairs == (CHAIR,)  # Lund's chair is not Malmö's to erase
    assert "workspace_settings" not in services.privacy.export_user(T1, CHAIR, now)["tables"]


def test_retention_rules_may_name_the_workspaces_own_categories_only(two: dict[str, RunningApp]):
    services = two[T1].runtime.services
    now = services.clock()
    added = services.vocabulary.add(T2, ADMIN, "category", "Klotter", now)
    assert getattr(added, "key", None) == "klotter", added
    rule = "klotter avslutade 12 radera; alla avslutade 36 anonymisera"

    lund = services.workspaces.save(T2, ADMIN, {"retention": rule}, now)
    malmo = services.workspaces.save(T1, ADMIN, {"retention": rule}, now)

    assert not hasattr(lund, "errors"), lund
    assert [(r.category, r.months) for r in services.privacy.rules_for(T2)] == [("klotter", 12), (None, 36)]
    assert malmo.errors == {"retention": "Regel 1: okänd kategori 'klotter'."}
    assert services.privacy.rules_for(T1) == services.workspaces.for_team(None).retention


def test_each_workspace_is_offered_its_own_areas_and_categories_through_one_app(
    two: dict[str, RunningApp], fake_slack: FakeSlack
):
    services = two[T1].runtime.services
    now = services.clock()
    for kind, label in (("area", "Dalby"), ("category", "Klotter")):
        added = services.vocabulary.add(T2, ADMIN, kind, label, now)
        assert hasattr(added, "key"), added

    for n, team in enumerate((T2, T1, T2), start=1):
        assert two[team].slack.command("/rapportera", user=HEAD, team=team).status == 200
        fake_slack.wait_for("views.open", n)
    shown = {}
    for call in fake_slack.calls_to("views.open"):
        shown.setdefault(call.token, []).append(json.dumps(call.args["view"], ensure_ascii=False))
    assert all('"Dalby"' in v and '"Klotter"' in v for v in shown[TOKENS[T2]])
    (malmo,) = shown[TOKENS[T1]]
    assert '"Dalby"' not in malmo and '"Klotter"' not in malmo and '"Innerstaden"' in malmo
