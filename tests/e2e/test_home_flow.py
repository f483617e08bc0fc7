"""The App Home tab end to end: ``app_home_opened`` over signed HTTP, ``views.publish`` recorded by
the fake Slack, for a reporter, an action owner, a reviewer and a chair; paging; and work done
from the tab (Klar, a review) showing there at once."""

from __future__ import annotations

import json
from datetime import date, timedelta

from bot.domain.organisation import parse_seed
from handlers.ids import (
    ACTION_DEADLINE,
    ACTION_DONE,
    ACTION_HANDOVER,
    FOLLOW_UP_BLOCKS,
    HOME_NEW_REPORT,
    HOME_PAGE_NEXT,
    HOME_PAGE_PREVIOUS,
    REPORT_VIEW,
    REVIEW_RAISE,
)
from storage.models import Action, Report, Unit
from tests.conftest import RunningApp
from tests.e2e.test_follow_up_flow import COP, DUE, HEAD, local, setup_action
from tests.support.db import all_rows
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.reports import file_directly

CHAIR, CHIEF = "UCHAIR1", "UCHIEF1"


def opened(app: RunningApp, fake: FakeSlack, user: str) -> dict:
    """Open the Home tab as ``user`` and return the view Örat published."""
    before = len(fake.calls_to("views.publish"))
    assert app.slack.home_opened(user).status == 200
    call = fake.wait_for("views.publish", before + 1)[-1]
    assert call.args["user_id"] == user
    return call.args["view"]


def shown(view: dict) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def headers(view: dict) -> list[str]:
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]


def buttons(view: dict, action_id: str) -> list[str]:
    return [
        e["value"]
        for b in view["blocks"]
        for e in (b.get("elements", []) if b["type"] == "actions" else [b.get("accessory") or {}])
        if e.get("action_id") == action_id
    ]


def ref(n: int) -> str:
    return f"ÖMM-2026-{n:04d}"


def file(services, unit_id: int, user: str, n: int) -> None:
    file_directly(
        services,
        user=user,
        unit_id=unit_id,
        category="vandalism",
        place="Entrén",
        occurred_on=date(2026, 11, 19),
        description=f"Rapport {n}",
    )


def test_reporter_owner_and_chair_each_see_their_own_home(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    action_id = setup_action(app_server, clock)
    fake_slack.reset()

    reporter = opened(app_server, fake_slack, HEAD)
    [report] = all_rows(app_server.runtime.engine, Report)
    assert headers(reporter) == ["Örat mot marken", "Mina rapporter (1)"]
    assert report.reference in shown(reporter)
    assert "Mötet tis 1 dec.: ansvar taget." in shown(reporter)
    assert "*Polisen*: Ökad närvaro vid entrén – senast tis 15 dec." in shown(reporter)
    assert buttons(reporter, HOME_NEW_REPORT) == ["new"] and buttons(reporter, ACTION_DONE) == []

    owner = opened(app_server, fake_slack, COP)
    assert "Mina åtgärder (1)" in headers(owner) and "Nästa möte" in headers(owner)
    assert "Nya rapporter inför mötet" not in shown(owner) and "Försenade åtgärder" not in shown(owner)
    for button in (ACTION_DONE, ACTION_DEADLINE, ACTION_HANDOVER):
        assert buttons(owner, button) == [str(action_id)]

    clock.now = local(2026, 12, 17, 10, 0)  # two days past the due date
    chair = opened(app_server, fake_slack, CHAIR)
    assert headers(chair)[:4] == [
        "Örat mot marken",
        "Nästa möte",
        "Nya rapporter inför mötet (0)",
        "Försenade åtgärder (1)",
    ]
    assert "Att granska (0)" in headers(chair)
    assert "tisdag 22 december kl. 09:00" in shown(chair)
    assert "*Polisen* (<@UCOP1>) – Ökad närvaro vid entrén · senast tis 15 dec. (2 dagar sen)" in shown(chair)

    # The Messages tab publishes nothing.
    calls = len(fake_slack.calls_to("views.publish"))
    assert app_server.slack.home_opened(COP, tab="messages").status == 200
    assert len(fake_slack.calls_to("views.publish")) == calls


def test_klar_from_the_home_tab_closes_the_action_and_the_tab_shows_it(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    action_id = setup_action(app_server, clock)
    fake_slack.reset()
    home = opened(app_server, fake_slack, COP)

    assert app_server.slack.click_in_home(home, ACTION_DONE, user=COP).status == 200
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    assert json.loads(modal["private_metadata"]) == {"action": action_id, "home": 1}
    assert fake_slack.calls_to("response_url") == []  # a click in the tab has nowhere to answer

    values = {
        FOLLOW_UP_BLOCKS["note"]: {"value": {"type": "plain_text_input", "value": "Patrull varje kväll"}}
    }
    assert app_server.slack.view_submission(modal, values, user=COP).status == 200
    refreshed = fake_slack.wait_for("views.publish", 2)[-1].args["view"]
    assert "Du har inga öppna åtgärder." in shown(refreshed) and buttons(refreshed, ACTION_DONE) == []
    assert "*Klar* – markerad av <@UCOP1>" in shown(refreshed)  # what was done, by whom and when
    [action] = all_rows(app_server.runtime.engine, Action)
    assert action.status == "done" and action.outcome_note == "Patrull varje kväll"


def test_the_reviewer_raises_a_report_from_the_home_tab(app_server: RunningApp, fake_slack: FakeSlack):
    services = app_server.runtime.services
    units = [{"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Söder", "granskare": CHIEF}]
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": units}), services.clock())
    [unit] = all_rows(app_server.runtime.engine, Unit)
    file(services, unit.id, HEAD, 1)
    fake_slack.reset()

    home = opened(app_server, fake_slack, CHIEF)
    assert "Att granska (1)" in headers(home) and "Rapport 1" in shown(home)
    assert "Nästa möte" not in headers(home)  # a reviewer is not a participant by that alone
    [report] = all_rows(app_server.runtime.engine, Report)
    assert buttons(home, REVIEW_RAISE) == [str(report.id)]

    assert app_server.slack.click_in_home(home, REVIEW_RAISE, user=CHIEF).status == 200
    refreshed = fake_slack.wait_for("views.publish", 2)[-1].args["view"]
    assert "Att granska (0)" in headers(refreshed) and "Inga rapporter väntar på granskning." in shown(
        refreshed
    )
    [report] = all_rows(app_server.runtime.engine, Report)
    assert report.status == "new" and fake_slack.calls_to("response_url") == []
    assert f"`{report.reference}` :white_check_mark: Lyft till mötet av <@{CHIEF}>" in shown(refreshed)
    # The reporter hears of it as before.
    notice = fake_slack.wait_for("chat.postMessage")[0]
    assert notice.args["channel"] == HEAD and report.reference in json.dumps(notice.args, ensure_ascii=False)

    # The reporter's own tab says where the report is now.
    reporter = opened(app_server, fake_slack, HEAD)
    assert "Tas upp på mötet tisdag 24 november kl. 09:00." in shown(reporter)


def test_long_lists_are_paged_within_slacks_limits(app_server: RunningApp, fake_slack: FakeSlack):
    services = app_server.runtime.services
    units = [{"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Söder"}]
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": units}), services.clock())
    [unit] = all_rows(app_server.runtime.engine, Unit)
    for n in range(1, 26):
        file(services, unit.id, HEAD, n)
    fake_slack.reset()

    first = opened(app_server, fake_slack, HEAD)
    assert "Mina rapporter (25)" in headers(first)
    assert ref(25) in shown(first) and ref(16) in shown(first) and ref(15) not in shown(first)
    assert buttons(first, HOME_PAGE_NEXT) == ["reports:10"] and buttons(first, HOME_PAGE_PREVIOUS) == []
    assert "Visa fler (11–20 av 25)" in shown(first)

    assert app_server.slack.click_in_home(first, HOME_PAGE_NEXT, user=HEAD).status == 200
    second = fake_slack.wait_for("views.publish", 2)[-1].args["view"]
    assert json.loads(second["private_metadata"]) == {"reports": 10}
    assert ref(15) in shown(second) and ref(6) in shown(second) and ref(16) not in shown(second)
    assert buttons(second, HOME_PAGE_PREVIOUS) == ["reports:0"] and buttons(second, HOME_PAGE_NEXT) == [
        "reports:20"
    ]

    assert app_server.slack.click_in_home(second, HOME_PAGE_NEXT, user=HEAD).status == 200
    third = fake_slack.wait_for("views.publish", 3)[-1].args["view"]
    assert ref(1) in shown(third) and ref(5) in shown(third) and ref(6) not in shown(third)
    assert buttons(third, HOME_PAGE_NEXT) == [] and "Visar 21–25 av 25." in shown(third)
    for call in fake_slack.calls_to("views.publish"):
        assert len(call.args["view"]["blocks"]) <= 100


def test_a_new_report_from_the_home_tab_appears_there(app_server: RunningApp, fake_slack: FakeSlack):
    from tests.support.modal import report_values

    services = app_server.runtime.services
    units = [{"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Söder"}]
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": units}), services.clock())
    [unit] = all_rows(app_server.runtime.engine, Unit)
    home = opened(app_server, fake_slack, HEAD)
    assert "Du har inte rapporterat något än." in shown(home)

    assert app_server.slack.click_in_home(home, HOME_NEW_REPORT, user=HEAD).status == 200
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    assert modal["callback_id"] == REPORT_VIEW and json.loads(modal["private_metadata"])["home"] == 1
    values = report_values(unit_id=unit.id, category="arson", description="Brand i soptunna")
    assert app_server.slack.view_submission(modal, values, user=HEAD).status == 200
    refreshed = fake_slack.wait_for("views.publish", 2)[-1].args["view"]
    [report] = all_rows(app_server.runtime.engine, Report)
    assert "Mina rapporter (1)" in headers(refreshed) and report.reference in shown(refreshed)


def test_a_refusal_in_the_home_tab_is_shown_in_a_small_modal(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    action_id = setup_action(app_server, clock)
    home = opened(app_server, fake_slack, COP)
    fake_slack.reset()
    # Someone else (not the owner, not a chair) presses a copy of the owner's button.
    assert app_server.slack.click_in_home(home, ACTION_DONE, user=HEAD, value=str(action_id)).status == 200
    notice = fake_slack.wait_for("views.open")[0].args["view"]
    assert notice["type"] == "modal" and "Bara den ansvariga" in shown(notice)
    assert all_rows(app_server.runtime.engine, Action)[0].status == "open"
    assert DUE - timedelta(days=0) == all_rows(app_server.runtime.engine, Action)[0].due_on
