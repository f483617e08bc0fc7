"""Every actor reports, and people outside the city's workspace take part as guests (issue 18, item 1).

A Slack guest (``users.info`` says ``is_restricted``) or a Slack Connect user (another team id, in
``users.info`` or in the payload) reports for the actor they are connected to and sees only that
actor's reports; an ordinary member of an actor behaves as before.
"""

from __future__ import annotations

import json
from typing import Any

from handlers.ids import ADMIN_BLOCKS, ADMIN_MEMBER, REPORT_BLOCKS, REPORT_UNIT_ACTION, VALUE
from storage.models import Member, Report
from tests.conftest import RunningApp
from tests.e2e.test_agenda_flow import file_over_http
from tests.e2e.test_home_flow import opened, shown
from tests.e2e.test_roles_and_audit_flow import ask
from tests.support.db import all_rows
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import block, report_values

GUEST, CONNECT, LONELY, GUARD, HEAD = "UGUEST1", "UCONNECT1", "ULONELY1", "UGUARD1", "UHEAD1"
CHAIR = "UCHAIR1"  # ORAT_CHAIRS in the test settings
PARTNER_TEAM = "T0PARTNER"
UNITS = [
    {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
    {"namn": "MKB Fastighets AB", "typ": "aktör"},
    {"namn": "Securitas", "typ": "aktör"},
]
MEMBERS = [
    {"slack_id": GUEST, "enhet": "MKB Fastighets AB"},
    {"slack_id": CONNECT, "enhet": "MKB Fastighets AB"},
    {"slack_id": GUARD, "enhet": "Securitas"},
]


def seed(app: RunningApp) -> dict[str, int]:
    from bot.domain.organisation import parse_seed
    from storage.models import Unit

    services = app.runtime.services
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": UNITS, "medlem": MEMBERS}), services.clock())
    return {u.name: u.id for u in all_rows(app.runtime.engine, Unit)}


def open_form(app: RunningApp, fake: FakeSlack, user: str) -> dict[str, Any]:
    before = len(fake.calls_to("views.open"))
    assert app.slack.command("/rapportera", user=user).status == 200
    return fake.wait_for("views.open", before + 1)[-1].args["view"]


def offered_units(view: dict[str, Any]) -> list[str]:
    unit = block(view, REPORT_BLOCKS["unit"])
    assert unit is not None
    groups = unit["element"].get("option_groups") or []
    return [o["text"]["text"] for g in groups for o in g["options"]]


def suggested_units(app: RunningApp, view: dict[str, Any], user: str, user_team: str | None = None):
    answer = app.slack.block_suggestion(
        view, REPORT_UNIT_ACTION, REPORT_BLOCKS["unit"], "", user=user, user_team=user_team
    )
    assert answer.status == 200
    return [o["text"]["text"] for g in answer.json()["option_groups"] for o in g["options"]]


def test_a_guest_reports_for_their_own_actor_and_sees_only_its_reports(
    app_server: RunningApp, fake_slack: FakeSlack
):
    units = seed(app_server)
    fake_slack.guest_users.add(GUEST)

    # An ordinary member of an actor reports as before: any unit is offered.
    guard_form = open_form(app_server, fake_slack, GUARD)
    assert sorted(offered_units(guard_form)) == ["MKB Fastighets AB", "Rosengårdsskolan", "Securitas"]
    theirs = file_over_http(app_server, fake_slack, GUARD, unit_id=units["Securitas"])

    # The guest's form offers their own actor only, chosen already, and no new unit to name.
    form = open_form(app_server, fake_slack, GUEST)
    assert offered_units(form) == ["MKB Fastighets AB"]
    assert block(form, REPORT_BLOCKS["new_unit_name"]) is None
    assert suggested_units(app_server, form, GUEST) == ["MKB Fastighets AB"]
    own = file_over_http(app_server, fake_slack, GUEST, unit_id=units["MKB Fastighets AB"])

    # Another actor's unit, sent anyway (a forged or stale form), is not stored.
    before = len(all_rows(app_server.runtime.engine, Report))
    app_server.slack.view_submission(
        form, report_values(unit_id=units["Securitas"]), user=GUEST, view_id="VGUESTFORGED"
    )
    assert len(all_rows(app_server.runtime.engine, Report)) == before

    assert ask(app_server, fake_slack, f"rapport {own}", GUEST).args["text"] == f"Rapport {own}"
    refused = ask(app_server, fake_slack, f"rapport {theirs}", GUEST).args["text"]
    assert refused.startswith("Du har inte behörighet att se den rapporten.")
    statistics = ask(app_server, fake_slack, "statistik", GUEST).args["text"]
    assert statistics.startswith("Det här kan bara mötets deltagare göra")

    home = shown(opened(app_server, fake_slack, GUEST))
    assert own in home and theirs not in home


def test_a_guest_not_yet_connected_to_an_actor_is_told_whom_to_ask(
    app_server: RunningApp, fake_slack: FakeSlack
):
    seed(app_server)
    fake_slack.guest_users.add(LONELY)
    before = len(fake_slack.calls_to("response_url"))

    assert app_server.slack.command("/rapportera", user=LONELY).status == 200

    told = fake_slack.wait_for("response_url", before + 1)[-1].args["text"]
    assert told.startswith("Du är med i Örat från utanför stadens Slack")
    assert "be mötets ordförande eller Örats administratör" in told
    assert fake_slack.calls_to("views.open") == []


def test_a_slack_connect_user_is_a_guest_too(app_server: RunningApp, fake_slack: FakeSlack):
    units = seed(app_server)
    theirs = file_over_http(app_server, fake_slack, GUARD, unit_id=units["Securitas"])
    fake_slack.user_teams[CONNECT] = PARTNER_TEAM  # users.info: their own workspace is another one

    form = open_form(app_server, fake_slack, CONNECT)
    assert offered_units(form) == ["MKB Fastighets AB"]
    refused = ask(app_server, fake_slack, f"rapport {theirs}", CONNECT).args["text"]
    assert refused.startswith("Du har inte behörighet att se den rapporten.")


def test_another_team_id_in_the_payload_is_enough(app_server: RunningApp, fake_slack: FakeSlack):
    """users.info says nothing of it; the request itself carries the partner organisation's team."""
    units = seed(app_server)
    theirs = file_over_http(app_server, fake_slack, GUARD, unit_id=units["Securitas"])
    form = open_form(app_server, fake_slack, HEAD)

    assert len(suggested_units(app_server, form, HEAD)) == 3  # an ordinary member: every unit
    assert suggested_units(app_server, form, CONNECT, user_team=PARTNER_TEAM) == ["MKB Fastighets AB"]
    refused = ask(app_server, fake_slack, f"rapport {theirs}", CONNECT).args["text"]
    assert refused.startswith("Du har inte behörighet att se den rapporten.")
    shown_to_guard = ask(app_server, fake_slack, f"rapport {theirs}", GUARD)
    assert "Brand i en papperskorg" in json.dumps(shown_to_guard.args["blocks"], ensure_ascii=False)


def test_a_chair_connects_a_guest_to_their_actor_but_gives_them_no_workspace_role(
    app_server: RunningApp, fake_slack: FakeSlack
):
    units = seed(app_server)
    fake_slack.guest_users.add(LONELY)
    app_server.slack.command("/orat", "admin", user=CHAIR)
    home = fake_slack.wait_for("views.open")[0].args["view"]
    app_server.slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": CHAIR, "team_id": TEAM_ID},
            "trigger_id": "9.9.9",
            "view": {**home, "id": "V0HOME", "root_view_id": "V0HOME"},
            "actions": [{"action_id": ADMIN_MEMBER, "block_id": "admin_actions", "value": "x"}],
        }
    )
    member_form = {**fake_slack.wait_for("views.push")[-1].args["view"], "root_view_id": "V0HOME"}

    def save(roles: list[str]):
        state = {
            ADMIN_BLOCKS["user"]: {VALUE: {"type": "users_select", "selected_user": LONELY}},
            ADMIN_BLOCKS["unit"]: {
                VALUE: {
                    "type": "static_select",
                    "selected_option": {"value": str(units["MKB Fastighets AB"])},
                }
            },
            ADMIN_BLOCKS["roles"]: {
                VALUE: {"type": "checkboxes", "selected_options": [{"value": r} for r in roles]}
            },
        }
        return app_server.slack.view_submission(member_form, state, user=CHAIR)

    refused = save(["participant"]).json()
    assert refused["response_action"] == "errors"
    [told] = refused["errors"].values()
    assert told.startswith("Personen deltar utanför stadens Slack")
    assert not [m for m in all_rows(app_server.runtime.engine, Member) if m.user_id == LONELY]

    assert save([]).status == 200
    assert offered_units(open_form(app_server, fake_slack, LONELY)) == ["MKB Fastighets AB"]
