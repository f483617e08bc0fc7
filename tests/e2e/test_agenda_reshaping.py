"""The chairs shape the meeting (issue 16, item 5): an item removed with a reason (the report is
closed, the school told), two items merged, both from the draft's "⋯", from the Home tab and from
the published agenda, where an item of their own can still be added; the minutes follow."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from handlers.ids import ITEM_MERGE_INTO, ITEM_REMOVE_REASON, VALUE
from storage.models import AgendaItem, AuditEvent, Report
from tests.conftest import STOCKHOLM, RunningApp
from tests.e2e.test_agenda_flow import (
    CHAIR,
    DRAFT_TIME,
    PUBLISH_TIME,
    _click,
    file_over_http,
    posts_to,
    shown,
)
from tests.e2e.test_agenda_shaping import _seed
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack

FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)  # before the cutoff
MINUTES_TIME = datetime(2026, 12, 1, 12, 0, tzinfo=STOCKHOLM)  # three hours after the meeting
REFUSED = "Det här kan bara mötets ordförande och samordnare göra."


def _menu(blocks: list[dict], block_id: str, action_id: str = "item_more") -> dict:
    """The "⋯" of an item (``block_id`` its actions block, or a Home tab line with it as accessory)."""
    for block in blocks:
        if block.get("block_id") != block_id:
            continue
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("action_id") == action_id:
                return element
    raise AssertionError(f"no {action_id} in {block_id}")


def _choose(menu: dict, kind: str, user: str, response_url: str, home: dict | None = None) -> dict:
    """Choosing ``kind`` in ``menu``: in a message (with a response_url) or in the Home tab ``home``."""
    option = next(o for o in menu["options"] if o["value"].startswith(f"{kind}:"))
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "orat-test"},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0ORAT",
        "trigger_id": "1.2.3",
        "actions": [
            {"action_id": menu["action_id"], "block_id": "b", "type": "overflow", "selected_option": option}
        ],
    }
    if home is None:
        payload["response_url"] = response_url
        payload["container"] = {"type": "message", "channel_id": "C0MEETING", "message_ts": "1.1"}
    else:
        payload["container"] = {"type": "view", "view_id": "VHOME0001"}
        payload["view"] = {**home, "id": "VHOME0001", "team_id": TEAM_ID}
    return payload


def _reason(text: str) -> dict:
    return {ITEM_REMOVE_REASON: {VALUE: {"type": "plain_text_input", "value": text}}}


def _into(number: int) -> dict:
    return {ITEM_MERGE_INTO: {VALUE: {"type": "static_select", "selected_option": {"value": str(number)}}}}


def _references(app: RunningApp) -> dict[int, str]:
    """Item number → its report's reference."""
    engine = app.runtime.engine
    reports = {r.id: r.reference for r in all_rows(engine, Report)}
    return {i.number: reports[i.report_id] for i in all_rows(engine, AgendaItem)}


def _open_modal(app: RunningApp, fake: FakeSlack, payload: dict) -> dict:
    opened = len(fake.calls_to("views.open"))
    assert app.slack.interactive(payload).status == 200
    return fake.wait_for("views.open", opened + 1)[-1].args["view"]


def _dms_to(fake: FakeSlack, user: str) -> list:
    return [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == user]


def _three_reports(app: RunningApp, fake: FakeSlack, clock: Any) -> dict[str, int]:
    units = _seed(app)
    clock.now = FRIDAY
    file_over_http(app, fake, "UHEAD1", unit_id=units["Rosengårdsskolan"], category="arson")
    file_over_http(app, fake, "UHEAD2", unit_id=units["Kirsebergsskolan"], category="gangs")
    file_over_http(app, fake, "UHEAD3", unit_id=units["Holmaskolan"], category="vandalism")
    return units


def test_a_chair_removes_a_draft_item_with_a_reason_and_the_school_is_told(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    _three_reports(app_server, fake_slack, clock)
    services, engine = app_server.runtime.services, app_server.runtime.engine
    services.tick(DRAFT_TIME)
    [draft] = posts_to(fake_slack, CHAIR)
    refs = _references(app_server)
    removed_ref = refs[2]
    reporter = next(r.reporter_user_id for r in all_rows(engine, Report) if r.reference == removed_ref)
    menu = _menu(draft.args["blocks"], "item_2_draft")
    clock.now = DRAFT_TIME + timedelta(minutes=5)

    # Someone who is not a chair is told so in place, and no modal opens.
    opened = len(fake_slack.calls_to("views.open"))
    assert (
        app_server.slack.interactive(_choose(menu, "remove", "UHEAD1", fake_slack.response_url)).status == 200
    )
    assert fake_slack.wait_for("response_url")[-1].args["text"] == REFUSED
    assert len(fake_slack.calls_to("views.open")) == opened

    modal = _open_modal(app_server, fake_slack, _choose(menu, "remove", CHAIR, fake_slack.response_url))
    assert modal["callback_id"] == "item_remove_submit"
    assert f"Punkt 2 ({removed_ref}) tas bort från dagordningen" in json.dumps(modal, ensure_ascii=False)

    # The reason is required: the school reads it.
    blank = app_server.slack.view_submission(modal, _reason("   "), user=CHAIR).json()
    assert blank == {
        "response_action": "errors",
        "errors": {ITEM_REMOVE_REASON: "Skriv varför punkten inte tas upp – skolan får läsa det."},
    }
    outsider = app_server.slack.view_submission(modal, _reason("Inte vår fråga"), user="UHEAD1").json()
    assert outsider["response_action"] == "errors"
    assert all(i.outcome == "pending" for i in all_rows(engine, AgendaItem))

    reason = "Polisen har ärendet <!channel>"
    result = app_server.slack.view_submission(modal, _reason(reason), user=CHAIR)
    assert result.status == 200 and result.json() is None
    [update] = fake_slack.wait_for("chat.update")
    redrawn = shown([update])
    assert removed_ref not in redrawn and refs[1] in redrawn and refs[3] in redrawn

    [item] = [i for i in all_rows(engine, AgendaItem) if i.number == 2]
    assert (item.outcome, item.outcome_by_user_id, item.outcome_note) == ("removed", CHAIR, reason)
    assert next(r.status for r in all_rows(engine, Report) if r.reference == removed_ref) == "closed"
    [event] = [e for e in all_rows(engine, AuditEvent) if e.event == "agenda_item.removed"]
    assert (event.actor_user_id, event.subject_id) == (CHAIR, item.id)
    assert event.details["with_reason"] is True and event.details["report_id"] == item.report_id
    wait_until_delivered(engine)
    told = shown(_dms_to(fake_slack, reporter))
    assert "togs bort från mötets dagordning" in told and "Polisen har ärendet &lt;!channel&gt;" in told

    # Removing it again is refused under the field.
    again = app_server.slack.view_submission(modal, _reason(reason), user=CHAIR).json()
    assert "finns inte längre på dagordningen" in json.dumps(again, ensure_ascii=False)

    services.tick(PUBLISH_TIME)
    published = shown(posts_to(fake_slack, "C0MEETING"))
    assert removed_ref not in published and refs[1] in published and refs[3] in published
    # ...and it does not come back the next week: the meeting group does not hear it.
    services.tick(datetime(2026, 12, 8, 8, 0, tzinfo=STOCKHOLM))
    assert removed_ref not in shown(posts_to(fake_slack, "C0MEETING")[1:])


def test_a_chair_merges_two_draft_items_and_the_minutes_list_it_under_the_main_item(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    _three_reports(app_server, fake_slack, clock)
    services, engine = app_server.runtime.services, app_server.runtime.engine
    services.tick(DRAFT_TIME)
    [draft] = posts_to(fake_slack, CHAIR)
    refs = _references(app_server)
    merged_ref, main_ref = refs[3], refs[1]
    reporter = next(r.reporter_user_id for r in all_rows(engine, Report) if r.reference == merged_ref)
    clock.now = DRAFT_TIME + timedelta(minutes=5)

    modal = _open_modal(
        app_server,
        fake_slack,
        _choose(_menu(draft.args["blocks"], "item_3_draft"), "merge", CHAIR, fake_slack.response_url),
    )
    assert modal["callback_id"] == "item_merge_submit"
    select = next(b for b in modal["blocks"] if b.get("block_id") == ITEM_MERGE_INTO)["element"]
    assert [o["value"] for o in select["options"]] == ["1", "2"]  # the other items, not itself
    assert select["options"][0]["text"]["text"].startswith("1. ")

    missing = app_server.slack.view_submission(modal, {}, user=CHAIR).json()
    assert missing == {
        "response_action": "errors",
        "errors": {ITEM_MERGE_INTO: "Välj en punkt att slå ihop med."},
    }
    assert app_server.slack.view_submission(modal, _into(3), user=CHAIR).json()["response_action"] == "errors"

    result = app_server.slack.view_submission(modal, _into(1), user=CHAIR)
    assert result.status == 200 and result.json() is None
    [update] = fake_slack.wait_for("chat.update")
    redrawn = shown([update])
    assert f"sammanslagen med {merged_ref}" in redrawn and '"item_3"' not in redrawn
    merged = next(r for r in all_rows(engine, Report) if r.reference == merged_ref)
    main = next(r for r in all_rows(engine, Report) if r.reference == main_ref)
    assert (merged.merged_into_id, merged.status) == (main.id, "closed")
    [event] = [e for e in all_rows(engine, AuditEvent) if e.event == "agenda_item.merged"]
    assert event.details["into_number"] == 1 and event.actor_user_id == CHAIR
    wait_until_delivered(engine)
    assert f"sammanslagen med *{main_ref}*" in shown(_dms_to(fake_slack, reporter))

    services.tick(PUBLISH_TIME)
    published = shown(posts_to(fake_slack, "C0MEETING"))
    assert f"sammanslagen med {merged_ref}" in published and published.count("Ta ansvar") == 2

    assert services.tick(MINUTES_TIME)["minutes"] == 1
    minutes = shown(
        [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Protokoll")]
    )
    assert f"Sammanslagen med {merged_ref}" in minutes
    assert minutes.count("*3.*") == 0 and main_ref in minutes


def _home(app: RunningApp, fake: FakeSlack, user: str = CHAIR) -> dict:
    before = len(fake.calls_to("views.publish"))
    assert app.slack.home_opened(user).status == 200
    return fake.wait_for("views.publish", before + 1)[-1].args["view"]


def test_a_chair_shapes_the_draft_from_the_home_tab(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units = _three_reports(app_server, fake_slack, clock)
    # A second arson at Rosengårdsskolan: two items in one group (Öster, arson), 2 and 3. Another
    # place: the same one with the same text would be offered as the same event.
    file_over_http(
        app_server,
        fake_slack,
        "UHEAD1",
        unit_id=units["Rosengårdsskolan"],
        category="arson",
        place="Bakom idrottshallen",
    )
    services, engine = app_server.runtime.services, app_server.runtime.engine
    clock.now = DRAFT_TIME - timedelta(hours=1)
    assert "Forma dagordningen" not in json.dumps(_home(app_server, fake_slack), ensure_ascii=False)
    services.tick(DRAFT_TIME)
    clock.now = DRAFT_TIME + timedelta(minutes=5)
    refs = _references(app_server)

    home = _home(app_server, fake_slack)
    text = json.dumps(home, ensure_ascii=False)
    assert "Forma dagordningen" in text and all(ref in text for ref in refs.values())
    menu = _menu(home["blocks"], "home_item_1")
    assert [o["value"].split(":")[0] for o in menu["options"]] == ["up", "down", "move", "merge", "remove"]
    # A participant's tab has no such list.
    assert "Forma dagordningen" not in json.dumps(_home(app_server, fake_slack, "UHEAD1"), ensure_ascii=False)

    # Moving the item out of its place from the tab: the drafts follow, the tab is published anew.
    published = len(fake_slack.calls_to("views.publish"))
    # Item 1 is alone in its group (Norr): the chair is told so in a modal, not in a message.
    edge = _open_modal(app_server, fake_slack, _choose(menu, "down", CHAIR, "", home=home))
    assert "Punkten står redan först eller sist i sin grupp." in json.dumps(edge, ensure_ascii=False)
    assert len(fake_slack.calls_to("views.publish")) == published

    # Item 2 goes down below item 3 (its group's other arson): every draft and the tab follow.
    down = _choose(_menu(home["blocks"], "home_item_2"), "down", CHAIR, "", home=home)
    assert app_server.slack.interactive(down).status == 200
    home = fake_slack.wait_for("views.publish", published + 1)[-1].args["view"]
    [update] = fake_slack.wait_for("chat.update")
    assert shown([update]).index(refs[3]) < shown([update]).index(refs[2])
    assert _references(app_server)[2] == refs[3]
    assert json.dumps(home, ensure_ascii=False).index(refs[3]) < json.dumps(home, ensure_ascii=False).index(
        refs[2]
    )
    published += 1
    refs = _references(app_server)

    # Removing an item from the tab: the modal remembers where it came from, and the tab refreshes.
    modal = _open_modal(
        app_server, fake_slack, _choose(_menu(home["blocks"], "home_item_2"), "remove", CHAIR, "", home)
    )
    assert json.loads(modal["private_metadata"])["home"] == 1
    assert (
        app_server.slack.view_submission(modal, _reason("Hör till socialtjänsten"), user=CHAIR).json() is None
    )
    refreshed = fake_slack.wait_for("views.publish", published + 1)[-1].args["view"]
    assert refs[2] not in json.dumps(refreshed, ensure_ascii=False)
    assert refs[2] not in shown(fake_slack.wait_for("chat.update", 2)[-1:])
    assert [i.outcome for i in sorted(all_rows(engine, AgendaItem), key=lambda i: i.number)] == [
        "pending",
        "removed",
        "pending",
        "pending",
    ]


def test_the_published_agenda_is_shaped_in_place_until_the_minutes(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    _three_reports(app_server, fake_slack, clock)
    services, engine = app_server.runtime.services, app_server.runtime.engine
    services.tick(PUBLISH_TIME)
    [agenda] = posts_to(fake_slack, "C0MEETING")
    refs = _references(app_server)
    blocks = agenda.args["blocks"]
    clock.now = PUBLISH_TIME + timedelta(minutes=30)

    # Övrigt: the chairs' button on the published agenda; others are refused in place.
    add = next(
        e
        for b in blocks
        if b.get("block_id") == "agenda_present"
        for e in b["elements"]
        if e["action_id"] == "agenda_add_other"
    )
    assert app_server.slack.interactive(_click(add, "UHEAD1", fake_slack.response_url)).status == 200
    assert fake_slack.wait_for("response_url")[-1].args["text"] == REFUSED
    modal = _open_modal(app_server, fake_slack, _click(add, CHAIR, fake_slack.response_url))
    values = {"other_title": {VALUE: {"type": "plain_text_input", "value": "Lucia-firandet"}}}
    assert app_server.slack.view_submission(modal, values, user=CHAIR).json() is None
    [update] = fake_slack.wait_for("chat.update")
    assert update.args["channel"] == "C0MEETING"
    assert (
        shown([update]).index(refs[3])
        < shown([update]).index("*Övrigt*")
        < shown([update]).index("Lucia-firandet")
    )

    # "Ta bort" and "Slå ihop" in the item's menu on the published agenda (chairs only).
    outcome = _menu(blocks, "item_2_actions", "item_outcome")
    assert (
        app_server.slack.interactive(_choose(outcome, "remove", "UHEAD1", fake_slack.response_url)).status
        == 200
    )
    assert fake_slack.wait_for("response_url", 2)[-1].args["text"] == REFUSED
    modal = _open_modal(app_server, fake_slack, _choose(outcome, "remove", CHAIR, fake_slack.response_url))
    assert (
        app_server.slack.view_submission(modal, _reason("Dubblett av polisens ärende"), user=CHAIR).json()
        is None
    )
    update = fake_slack.wait_for("chat.update", 2)[-1]
    struck = next(b for b in update.args["blocks"] if b.get("block_id") == "item_2")
    assert struck["elements"][0]["text"].startswith(
        f":no_entry_sign: *2.* {refs[2]} togs bort från dagordningen av <@UCHAIR1>"
    )
    assert "item_2_actions" not in shown([update]) and "Lucia-firandet" in shown([update])

    # An item the meeting has decided can no longer be removed or merged.
    no_action = _menu(blocks, "item_1_actions", "item_outcome")
    decided = _open_modal(
        app_server, fake_slack, _choose(no_action, "no_action", CHAIR, fake_slack.response_url)
    )
    reason = {"action_note": {VALUE: {"type": "plain_text_input", "value": "Löst av skolan"}}}
    assert app_server.slack.view_submission(decided, reason, user=CHAIR).json() is None
    assert (
        app_server.slack.interactive(_choose(no_action, "merge", CHAIR, fake_slack.response_url)).status
        == 200
    )
    assert "redan beslutat" in fake_slack.wait_for("response_url", 3)[-1].args["text"]

    merge = _open_modal(
        app_server,
        fake_slack,
        _choose(_menu(blocks, "item_3_actions", "item_outcome"), "merge", CHAIR, fake_slack.response_url),
    )
    assert [
        o["value"]
        for o in next(b for b in merge["blocks"] if b.get("block_id") == ITEM_MERGE_INTO)["element"][
            "options"
        ]
    ] == ["1"]
    calls = len(fake_slack.calls_to("chat.update"))
    assert app_server.slack.view_submission(merge, _into(1), user=CHAIR).json() is None
    wait_until_delivered(engine)
    final = fake_slack.wait_for("chat.update", calls + 2)[-1]
    text = shown([final])
    assert f"*3.* {refs[3]} är sammanslagen med punkt 1" in text and f"sammanslagen med {refs[3]}" in text

    # The minutes: the removed item is not there, the merged one under its main item, Övrigt last.
    assert services.tick(MINUTES_TIME)["minutes"] == 1
    minutes = shown(
        [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Protokoll")]
    )
    assert refs[2] not in minutes and f"Sammanslagen med {refs[3]}" in minutes
    assert minutes.index(refs[1]) < minutes.index("*Övrigt*") < minutes.index("Lucia-firandet")

    # After the minutes the agenda is closed to changes.
    assert app_server.slack.interactive(_click(add, CHAIR, fake_slack.response_url)).status == 200
    assert "protokoll är redan publicerat" in fake_slack.wait_for("response_url", 4)[-1].args["text"]
