"""``/orat hjälp`` by role and ``/orat mina`` grouped, through the real Bolt app over signed HTTP
(the answer recorded at the fake Slack's response_url)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.domain.actions import ActionInput
from bot.domain.organisation import parse_seed
from bot.texts import SV
from storage.models import AgendaItem, Unit
from tests.conftest import RunningApp
from tests.e2e.test_follow_up_flow import CHAIR, COP, HEAD, local
from tests.support.db import all_rows
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.reports import file_directly

ADMIN = "UADMIN1"


def answer(app: RunningApp, fake: FakeSlack, text: str, user: str) -> tuple[str, dict]:
    """``/orat {text}`` as ``user``: the blocks' text and the whole answer."""
    before = len(fake.calls_to("response_url"))
    assert app.slack.command("/orat", text, user=user).status == 200
    call = fake.wait_for("response_url", before + 1)[-1]
    assert call.args["response_type"] == "ephemeral"
    return "\n".join(b["text"]["text"] for b in call.args["blocks"] if "text" in b), call.args


def seed(app: RunningApp, *, reports: int = 0) -> dict[str, int]:
    services = app.runtime.services
    units = [
        {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
        {"namn": "Polisen", "typ": "aktör"},
    ]
    members = [{"slack_id": COP, "enhet": "Polisen"}, {"slack_id": ADMIN, "roller": ["admin"]}]
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": units, "medlem": members}), services.clock())
    ids = {u.name: u.id for u in all_rows(app.runtime.engine, Unit)}
    for n in range(reports):
        file_directly(
            services,
            user=HEAD,
            unit_id=ids["Rosengårdsskolan"],
            category="vandalism",
            place="Entrén",
            occurred_on=date(2026, 11, 19),
            description=f"Klotter {n + 1}",
        )
    return ids


CHAIR_WORDS = ("/orat agenda publicera", "/orat protokoll", "/orat möte flytta", "/orat möte ställ in")


@pytest.mark.parametrize("text", ["hjälp", "", "help", "?"])
def test_a_school_head_sees_only_what_she_may_do(app_server: RunningApp, fake_slack: FakeSlack, text: str):
    seed(app_server)
    shown, args = answer(app_server, fake_slack, text, HEAD)
    assert "*Alla*" in shown and "`/rapportera`" in shown and "`/orat mina`" in shown
    assert "`/orat rapport <referens>`" in shown and "`/orat kalender`" in shown and "`/orat hjälp`" in shown
    for hidden in (*CHAIR_WORDS, "publicera", "/orat admin", "/orat logg", "/orat statistik", "/orat agenda"):
        assert hidden not in shown, hidden
    assert "Ordförande" not in shown and "Mötets deltagare" not in shown
    assert "`/rapportera`" in args["text"]  # the notification text says the same


def test_a_chair_sees_every_group(app_server: RunningApp, fake_slack: FakeSlack):
    seed(app_server)
    shown, _ = answer(app_server, fake_slack, "hjälp", CHAIR)
    for group in ("*Alla*", "*Mötets deltagare*", "*Åtgärder*", "*Granskare*", "*Ordförande och samordnare*"):
        assert group in shown, group
    for command in (*CHAIR_WORDS, "/orat logg", "/orat admin", "/orat statistik", "/rapportera"):
        assert command in shown, command
    assert shown.index("*Alla*") < shown.index("*Mötets deltagare*") < shown.index("*Ordförande")


def test_a_participant_and_an_administrator_see_their_own_groups(
    app_server: RunningApp, fake_slack: FakeSlack
):
    seed(app_server)
    cop, _ = answer(app_server, fake_slack, "hjälp", COP)  # a registered contact of an actor
    assert "*Mötets deltagare*" in cop and "`/orat statistik" in cop and "*Ta ansvar*" in cop
    assert "agenda publicera" not in cop and "/orat admin" not in cop and "*Åtgärder*" not in cop

    admin, _ = answer(app_server, fake_slack, "hjälp", ADMIN)
    assert "*Administration*" in admin and "`/orat admin`" in admin and "`/orat logg" in admin
    assert "agenda publicera" not in admin and "/orat statistik" not in admin


def test_my_actions_come_overdue_then_this_week_then_later_with_counts(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    ids = seed(app_server, reports=4)
    services = app_server.runtime.services
    services.tick(local(2026, 12, 1, 8, 0))
    clock.now = local(2026, 12, 1, 9, 30)
    dues = [date(2027, 1, 12), date(2026, 12, 11), date(2026, 12, 17), date(2026, 12, 9)]
    for item, due in zip(all_rows(app_server.runtime.engine, AgendaItem), dues, strict=True):
        action = ActionInput(ids["Polisen"], COP, f"Åtgärd {due.isoformat()}", due, "")
        services.responsibility.take(TEAM_ID, COP, item.id, action, assign=False, now=clock())
    services.outbox.dispatch(clock())
    clock.now = local(2026, 12, 14, 10, 0)  # Monday of the week of 17 December

    shown, args = answer(app_server, fake_slack, "mina", COP)
    groups = ["*Försenade* – 2 åtgärder", "*Den här veckan* – 1 åtgärd", "*Senare* – 1 åtgärd"]
    order = [*groups[:1], "2026-12-09", "2026-12-11", groups[1], "2026-12-17", groups[2], "2027-01-12"]
    positions = [shown.index(part) for part in order]
    assert positions == sorted(positions), shown
    assert "4 öppna åtgärder" in json.dumps(args["blocks"], ensure_ascii=False)
    assert args["text"] == "Mina öppna åtgärder: 4 öppna åtgärder"

    clock.now = local(2026, 12, 18, 10, 0)  # Friday: 17 December is now late too
    shown, _ = answer(app_server, fake_slack, "mina", COP)
    assert "*Försenade* – 3 åtgärder" in shown and "Den här veckan" not in shown
    assert "*Senare* – 1 åtgärd" in shown

    # Someone with no actions is told so, with no groups.
    shown, args = answer(app_server, fake_slack, "mina", HEAD)
    assert "Du har inga öppna åtgärder." in shown and "Försenade" not in shown
    assert args["text"] == "Mina öppna åtgärder: 0 öppna åtgärder"


@pytest.mark.parametrize(
    ("text", "user", "key"),
    [
        ("möte flytta", HEAD, "denied.chair_only"),
        ("möte ställ in", HEAD, "denied.chair_only"),
        ("möte något", HEAD, "denied.meeting_usage_anyone"),
        ("möte något", CHAIR, "denied.meeting_usage"),
        ("möte flytta", CHAIR, "denied.move_usage"),
        ("agenda kanske", HEAD, "denied.participants_only"),
        ("agenda kanske", COP, "denied.agenda_usage_participant"),
        ("agenda kanske", CHAIR, "denied.agenda_usage"),
        ("logg", HEAD, "denied.chair_or_admin_only"),
        ("logg", ADMIN, "denied.log_usage"),
        ("statistik förra sommaren", HEAD, "denied.participants_only"),
        ("statistik förra sommaren", COP, "denied.statistics_usage"),
    ],
)
def test_usage_texts_explain_only_what_the_person_may_do(
    app_server: RunningApp, fake_slack: FakeSlack, text: str, user: str, key: str
):
    seed(app_server)
    _, args = answer(app_server, fake_slack, text, user)
    assert args["text"] == SV[key]
