"""Many workspaces ("Lägg till i Slack", ``Settings.oauth``) end to end: the install flow against
the fake Slack's ``oauth.v2.access``, every call with the right workspace's token, a workspace that
never installed refused, and an uninstall that stops that workspace's sending and nothing else."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from base64 import b64encode
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.app import Runtime, build_runtime
from bot.config import Settings
from bot.domain.reports import ReportInput
from storage.models import DeliveryPause, OutboxMessage, Report
from tests.conftest import STOCKHOLM, Clock, RunningApp
from tests.support.db import all_rows, counts
from tests.support.fake_slack import FakeSlack, Grant
from tests.support.modal import report_values
from tests.support.workspaces import (
    CLIENT_ID,
    CLIENT_SECRET,
    T1,
    T2,
    TOKENS,
    install_workspace,
    installation_rows,
    oauth_settings,
    serving,
)

# Monday before the meeting of Tuesday 24 November: the chairs' drafts go out at 12:00.
DRAFT_TIME = datetime(2026, 11, 23, 12, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def oauth_runtime(settings: Settings, engine: Engine, clock: Clock) -> Runtime:
    return build_runtime(oauth_settings(settings), clock=clock, engine=engine)


@pytest.fixture
def oauth_app(oauth_runtime: Runtime, fake_slack: FakeSlack) -> Iterator[RunningApp]:
    with serving(oauth_runtime, fake_slack) as running:
        yield running


class Browser:
    """An installer's browser: GETs with the cookies it was given."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> tuple[int, str, dict[str, str]]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        request = urllib.request.Request(self.base_url + path, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status, body, got = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            status, body, got = error.code, error.read().decode(), error.headers
        for cookie in got.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return status, body, {k.lower(): v for k, v in got.items()}


def start_install(browser: Browser) -> str:
    """The install page; the state in its Slack link."""
    status, page, headers = browser.get("/slack/install")
    assert status == 200 and headers["content-type"].startswith("text/html")
    link = re.search(r'href="([^"]+)"', page)
    assert link is not None
    query = parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)
    return query["state"][0]


def install(app: RunningApp, fake: FakeSlack, code: str, grant: Grant) -> tuple[int, str]:
    fake.grant(code, grant)
    browser = Browser(app.url)
    state = start_install(browser)
    status, page, _ = browser.get("/slack/oauth_redirect?" + urlencode({"code": code, "state": state}))
    return status, page


def file_report(runtime: Runtime, team_id: str, user: str, place: str) -> None:
    """A report filed in ``team_id`` through the service, its receipt left queued in the outbox."""
    services = runtime.services
    result = services.reports.file_report(
        team_id=team_id,
        user_id=user,
        view_id=None,
        draft_id=None,
        now=services.clock(),
        report=ReportInput(
            "arson",
            None,
            "Nya skolan",
            "Öster",
            place,
            date(2026, 11, 19),
            None,
            "Brand i en soptunna.",
            False,
        ),
    )
    assert not hasattr(result, "errors"), result


# ---------------------------------------------------------------------------------- the install flow
def test_the_install_page_is_swedish_with_slacks_authorize_link(oauth_app: RunningApp):
    browser = Browser(oauth_app.url)
    status, page, _ = browser.get("/slack/install")

    assert status == 200
    assert '<html lang="sv">' in page and "Lägg till Örat i Slack" in page
    assert 'alt="Lägg till i Slack"' in page
    link = re.search(r'href="([^"]+)"', page).group(1).replace("&amp;", "&")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "slack.com", "/oauth/v2/authorize")
    query = parse_qs(parts.query)
    assert query["client_id"] == [CLIENT_ID]
    assert "chat:write" in query["scope"][0].split(",") and "commands" in query["scope"][0].split(",")
    # The state is this browser's (a cookie) and stored for the redirect to consume once.
    assert browser.cookies["slack-app-oauth-state"] == query["state"][0]
    assert installation_rows(oauth_app.runtime.engine)["slack_oauth_states"] == 1


def test_the_redirect_installs_the_workspace_with_slacks_answer(oauth_app: RunningApp, fake_slack: FakeSlack):
    status, page = install(oauth_app, fake_slack, "code-malmo", Grant(T1, TOKENS[T1], team_name="Malmö stad"))

    assert status == 200
    assert "Örat är installerat" in page and "Malmö stad" in page
    [access] = fake_slack.calls_to("oauth.v2.access")
    assert access.args["code"] == "code-malmo"
    # The app's credentials, as slack_sdk sends them (HTTP Basic).
    assert (
        access.headers["authorization"]
        == "Basic " + b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    )
    engine = oauth_app.runtime.engine
    assert installation_rows(engine, T1) == {
        "slack_installations": 1,
        "slack_bots": 1,
        "slack_oauth_states": 0,
    }
    assert oauth_app.runtime.services.teams.scheduled() == [T1]
    # And the workspace is served at once, with its own token.
    assert oauth_app.slack.command("/rapportera", team=T1).status == 200
    assert fake_slack.wait_for("views.open")[0].token == TOKENS[T1]
    # The one who added the app is its first admin, and their Home tab starts with the checklist.
    assert oauth_app.runtime.services.roles.admins(T1) == ["UINSTALLER"]
    assert oauth_app.slack.home_opened("UINSTALLER", team=T1).status == 200
    home = fake_slack.wait_for("views.publish")[0]
    assert home.token == TOKENS[T1] and "Kom igång" in str(home.args["view"])


@pytest.mark.parametrize("problem", ["forged_state", "other_browser", "unknown_code", "state_used_twice"])
def test_a_bad_install_gets_a_swedish_failure_page_and_stores_nothing(
    oauth_app: RunningApp, fake_slack: FakeSlack, problem: str
):
    engine = oauth_app.runtime.engine
    fake_slack.grant("code-lund", Grant(T2, TOKENS[T2]))
    browser = Browser(oauth_app.url)
    state = start_install(browser)
    code = "code-lund"
    if problem == "forged_state":
        state = browser.cookies["slack-app-oauth-state"] = "00000000-0000-0000-0000-000000000000"
    elif problem == "other_browser":
        browser.cookies.clear()
    elif problem == "unknown_code":
        code = "code-nobody-gave"
    elif problem == "state_used_twice":
        first, _, _ = browser.get("/slack/oauth_redirect?" + urlencode({"code": code, "state": state}))
        assert first == 200
        browser.cookies["slack-app-oauth-state"] = state
    stored = installation_rows(engine, T2)["slack_bots"]

    status, page, _ = browser.get("/slack/oauth_redirect?" + urlencode({"code": code, "state": state}))

    assert 400 <= status < 500
    assert "Installationen blev inte klar" in page and "inget har sparats" in page
    assert installation_rows(engine, T2)["slack_bots"] == stored
    assert installation_rows(engine, T2)["slack_installations"] == stored
    if problem != "unknown_code":  # a bad state never reaches Slack
        assert len(fake_slack.calls_to("oauth.v2.access")) == (1 if problem == "state_used_twice" else 0)


# ---------------------------------------------------------------------------------- each with its token
def test_two_workspaces_are_each_answered_with_their_own_token(oauth_app: RunningApp, fake_slack: FakeSlack):
    engine = oauth_app.runtime.engine
    install_workspace(engine, T1)
    install_workspace(engine, T2)

    for n, team in enumerate((T1, T2, T1), start=1):
        assert oauth_app.slack.command("/rapportera", user="UHEAD1", team=team).status == 200
        fake_slack.wait_for("views.open", n)
    assert fake_slack.tokens_used("views.open") == [TOKENS[T1], TOKENS[T2], TOKENS[T1]]

    # An event (the Home tab) and a modal submitted: each workspace's answer with its token.
    for n, team in enumerate((T2, T1), start=1):
        assert oauth_app.slack.home_opened("UHEAD1", team=team).status == 200
        fake_slack.wait_for("views.publish", n)
    assert fake_slack.tokens_used("views.publish") == [TOKENS[T2], TOKENS[T1]]
    view = fake_slack.calls_to("views.open")[0].args["view"]
    for n, team in enumerate((T2, T1), start=1):
        values = report_values(new_unit_name="Nya skolan", new_unit_area="Öster", place=f"Plats {n}")
        result = oauth_app.slack.view_submission(view, values, team=team, view_id=f"V{n}")
        assert result.status == 200 and result.json()["response_action"] == "update", result.body
        fake_slack.wait_for("chat.postMessage", n)  # the receipt, from the outbox after the ack
    receipts = fake_slack.calls_to("chat.postMessage")
    assert [(c.token, c.args["channel"]) for c in receipts] == [
        (TOKENS[T2], "UHEAD1"),
        (TOKENS[T1], "UHEAD1"),
    ]
    assert sorted(r.team_id for r in all_rows(engine, Report)) == sorted([T1, T2])


def test_scheduled_work_posts_with_each_workspaces_token(
    oauth_runtime: Runtime, engine: Engine, fake_slack: FakeSlack, clock: Clock
):
    install_workspace(engine, T1)
    install_workspace(engine, T2)
    for team in (T1, T2):  # each workspace names its chair (ORAT_CHAIRS is no workspace's here)
        saved = oauth_runtime.services.workspaces.save(team, "UINSTALLER", {"chairs": ["UCHAIR1"]}, clock())
        assert not hasattr(saved, "errors"), saved
    file_report(oauth_runtime, T1, "UHEAD1", "Skolgården")
    file_report(oauth_runtime, T2, "UHEAD2", "Idrottshallen")
    oauth_runtime.services.outbox.dispatch(clock())  # the receipts, as after the ack
    clock.now = DRAFT_TIME

    result = oauth_runtime.services.tick(clock())

    assert result["agenda_drafts"] == 2
    posts = fake_slack.calls_to("chat.postMessage")
    by_channel = {(c.token, c.args["channel"]) for c in posts}
    # The receipts to each reporter and each workspace's draft to the chair, each with its token.
    assert {(TOKENS[T1], "UHEAD1"), (TOKENS[T2], "UHEAD2")} <= by_channel
    assert {(TOKENS[T1], "UCHAIR1"), (TOKENS[T2], "UCHAIR1")} <= by_channel
    drafts = [c for c in posts if c.args["channel"] == "UCHAIR1"]
    assert {c.token: ("Skolgården" in str(c.args["blocks"])) for c in drafts} == {
        TOKENS[T1]: True,
        TOKENS[T2]: False,
    }
    assert {None, "xoxb-test-token"}.isdisjoint(c.token for c in fake_slack.calls)
    # The directory lookups (is the reporter a guest?) ask each workspace with its own token too.
    lookups = fake_slack.calls_to("users.info")
    # (the reporters: are they guests?; the chairs: Monday's retention run asks who left Slack)
    assert {(c.token, c.args["user"]) for c in lookups if c.args["user"] != "UINSTALLER"} == {
        (TOKENS[T1], "UHEAD1"),
        (TOKENS[T2], "UHEAD2"),
        (TOKENS[T1], "UCHAIR1"),
        (TOKENS[T2], "UCHAIR1"),
    }


# ---------------------------------------------------------------------------------- refused
@pytest.mark.parametrize("kind", ["command", "interaction", "event"])
def test_a_workspace_that_never_installed_is_refused_and_nothing_is_stored(
    oauth_app: RunningApp, fake_slack: FakeSlack, kind: str
):
    engine = oauth_app.runtime.engine
    install_workspace(engine, T1)
    before = counts(engine)
    stranger = "T0STRANGER"

    if kind == "command":
        result = oauth_app.slack.command("/rapportera", "Gäng vid entrén", team=stranger)
        assert result.status == 200
        assert result.json()["text"].startswith("Örat är inte installerat i den här arbetsytan")
        assert result.json()["response_type"] == "ephemeral"
    elif kind == "interaction":
        values = report_values(new_unit_name="Nya skolan", new_unit_area="Öster")
        result = oauth_app.slack.view_submission(
            {"type": "modal", "callback_id": "report"}, values, team=stranger
        )
        assert result.status == 403
    else:
        result = oauth_app.slack.home_opened("UHEAD1", team=stranger)
        assert result.status == 403

    assert counts(engine) == before
    assert installation_rows(engine, stranger) == {
        "slack_installations": 0,
        "slack_bots": 0,
        "slack_oauth_states": 0,
    }
    assert [c.method for c in fake_slack.calls if c.method != "response_url"] == []


# ---------------------------------------------------------------------------------- uninstall
def test_uninstall_holds_that_workspaces_outbox_only_and_a_reinstall_resumes(
    oauth_app: RunningApp, fake_slack: FakeSlack, clock: Clock
):
    runtime = oauth_app.runtime
    engine = runtime.engine
    install_workspace(engine, T1)
    install_workspace(engine, T2)
    runtime.services.outbox.dispatch(clock())  # nothing queued yet: the clients looked up and cached
    file_report(runtime, T2, "UHEAD2", "Idrottshallen")

    result = oauth_app.slack.event({"type": "app_uninstalled"}, team=T2)
    after_uninstall = len(fake_slack.calls)

    assert result.status == 200
    assert (
        installation_rows(engine, T2)["slack_bots"] == 0
        and installation_rows(engine, T2)["slack_installations"] == 0
    )
    assert installation_rows(engine, T1)["slack_bots"] == 1
    assert runtime.services.teams.scheduled() == [T1]
    file_report(runtime, T1, "UHEAD1", "Skolgården")
    runtime.services.outbox.dispatch(clock())
    posts = fake_slack.calls_to("chat.postMessage")
    assert [(c.token, c.args["channel"]) for c in posts] == [(TOKENS[T1], "UHEAD1")]
    held = [m for m in all_rows(engine, OutboxMessage) if m.team_id == T2]
    assert [m.status for m in held] == ["pending"]  # not sent, not lost
    # A later tick (and a slash command from T2) changes nothing for T2. (Within the outbox's
    # horizon, ORAT_DELIVERY_HORIZON_HOURS: what waits longer fails, as when Slack is down.)
    clock.now += timedelta(hours=2)
    runtime.services.tick(clock())
    assert T2 not in {r.team_id for r in all_rows(engine, OutboxMessage) if r.status == "sent"}
    assert oauth_app.slack.command("/rapportera", team=T2).json()["response_type"] == "ephemeral"
    assert [c.method for c in fake_slack.calls[after_uninstall:] if c.token == TOKENS[T2]] == []
    assert sorted(r.team_id for r in all_rows(engine, Report)) == sorted([T1, T2])  # the data stays

    status, _ = install(oauth_app, fake_slack, "code-lund-again", Grant(T2, "xoxb-lund-new-token"))
    runtime.services.outbox.dispatch(clock())

    assert status == 200
    [receipt] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "UHEAD2"]
    assert receipt.token == "xoxb-lund-new-token"
    assert [
        m.status for m in all_rows(engine, OutboxMessage) if m.team_id == T2 and m.channel == "UHEAD2"
    ] == ["sent"]


def test_a_revoked_bot_token_stops_that_workspaces_sending(
    oauth_app: RunningApp, fake_slack: FakeSlack, clock: Clock
):
    runtime, engine = oauth_app.runtime, oauth_app.runtime.engine
    install_workspace(engine, T1)
    install_workspace(engine, T2)
    file_report(runtime, T1, "UHEAD1", "Skolgården")
    file_report(runtime, T2, "UHEAD2", "Idrottshallen")

    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    assert oauth_app.slack.event(revoked, team=T1).status == 200
    runtime.services.outbox.dispatch(clock())

    assert installation_rows(engine, T1)["slack_bots"] == 0
    assert [(c.token, c.args["channel"]) for c in fake_slack.calls_to("chat.postMessage")] == [
        (TOKENS[T2], "UHEAD2")
    ]
    assert [m.status for m in all_rows(engine, OutboxMessage) if m.team_id == T1] == ["pending"]
    assert runtime.services.teams.scheduled() == [T2]


def test_an_uninstall_from_a_workspace_that_never_installed_stores_nothing(oauth_app: RunningApp):
    engine = oauth_app.runtime.engine
    install_workspace(engine, T1)

    result = oauth_app.slack.event({"type": "app_uninstalled"}, team="T0STRANGER")

    assert result.status == 200
    with Session(engine) as session:
        assert session.scalars(select(DeliveryPause)).all() == []
    assert installation_rows(engine, T1)["slack_bots"] == 1


def test_a_token_slack_no_longer_takes_holds_the_message_instead_of_failing_it(
    oauth_runtime: Runtime, engine: Engine, fake_slack: FakeSlack, clock: Clock
):
    install_workspace(engine, T1)
    install_workspace(engine, T2)
    file_report(oauth_runtime, T2, "UHEAD2", "Idrottshallen")
    file_report(oauth_runtime, T1, "UHEAD1", "Skolgården")
    # One workspace uninstalled in Slack, its event not here yet: Slack refuses its token (the first
    # post, whichever workspace's the outbox takes first).
    fake_slack.script("chat.postMessage", body={"ok": False, "error": "token_revoked"})

    oauth_runtime.services.outbox.dispatch(clock())

    tokens = [c.token for c in fake_slack.calls_to("chat.postMessage")]
    team_of = {token: team for team, token in TOKENS.items()}
    refused, other = team_of[tokens[0]], team_of[tokens[1]]
    assert sorted(tokens) == sorted(TOKENS[t] for t in (T1, T2))
    statuses = {m.team_id: m.status for m in all_rows(engine, OutboxMessage)}
    assert statuses == {refused: "pending", other: "sent"}  # held, not failed
