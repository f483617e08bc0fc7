"""Review by the education chief end to end: the request DM and its three buttons, the modals,
the reporter's notice and the edit-and-resend loop, and what reaches the agenda unreviewed."""

from __future__ import annotations

import json
from datetime import datetime

from bot.domain.organisation import parse_seed
from storage.models import Report
from tests.conftest import STOCKHOLM, RunningApp
from tests.support.db import all_rows
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import report_values

CHIEF = "UCHIEF1"
HEAD = "UHEAD1"
UNITS = [
    {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster", "granskare": CHIEF},
    {"namn": "Apelgårdsskolan", "typ": "skola", "stadsomrade": "Öster", "granskare": CHIEF},
]


def setup(app: RunningApp) -> dict[str, int]:
    services = app.runtime.services
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": UNITS}), services.clock())
    from sqlalchemy.orm import Session

    from storage.models import Unit

    with Session(app.runtime.engine) as session:
        return {u.name: u.id for u in session.query(Unit).all()}


def file_report(app: RunningApp, fake: FakeSlack, unit_id: int, *, view_id: str, **values: object) -> Report:
    before = len(fake.calls_to("views.open"))
    app.slack.command("/rapportera", user=HEAD)
    view = fake.wait_for("views.open", before + 1)[-1].args["view"]
    answer = app.slack.view_submission(
        view, report_values(unit_id=unit_id, **values), user=HEAD, view_id=view_id
    )
    assert answer.json()["response_action"] == "update"
    return next(r for r in all_rows(app.runtime.engine, Report) if r.slack_view_id == view_id)


def dms_to(fake: FakeSlack, channel: str) -> list:
    return [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == channel]


def click(app: RunningApp, fake: FakeSlack, message, action_id: str, user: str = CHIEF):
    button = next(
        e
        for b in message.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "orat-test"},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0ORAT",
        "trigger_id": "9.9.9",
        "response_url": fake.response_url,
        "container": {"type": "message", "channel_id": "D" + user[1:], "message_ts": "1700000000.000042"},
        "actions": [
            {"action_id": action_id, "block_id": "review_actions", "value": button["value"], "type": "button"}
        ],
    }
    return app.slack.interactive(payload)


def test_a_report_from_a_reviewed_unit_goes_to_the_chief_and_is_raised(
    app_server: RunningApp, fake_slack: FakeSlack
):
    units = setup(app_server)
    report = file_report(app_server, fake_slack, units["Rosengårdsskolan"], view_id="VR1")

    assert report.status == "in_review"
    [request] = fake_slack.wait_for("chat.postMessage", 2) and dms_to(fake_slack, CHIEF)
    text = json.dumps(request.args["blocks"], ensure_ascii=False)
    assert "Rapport att granska" in text and report.reference in text and f"<@{HEAD}>" in text
    [receipt] = dms_to(fake_slack, HEAD)
    assert f"utbildningschefen <@{CHIEF}>" in json.dumps(receipt.args["blocks"], ensure_ascii=False)

    refused = click(app_server, fake_slack, request, "review_raise", user="UOTHER1")
    assert refused.status == 200
    assert "Bara enhetens granskare" in fake_slack.wait_for("response_url")[0].args["text"]

    assert click(app_server, fake_slack, request, "review_raise").status == 200
    updated = fake_slack.wait_for("response_url", 2)[-1]
    assert updated.args["replace_original"] is True
    assert f":white_check_mark: Lyft till mötet av <@{CHIEF}> fredag 20 november." in json.dumps(
        updated.args["blocks"], ensure_ascii=False
    )
    assert "review_raise" not in json.dumps(updated.args["blocks"])  # the buttons are gone
    notice = fake_slack.wait_for("chat.postMessage", 3)[-1]
    assert notice.args["channel"] == HEAD
    assert f"Din rapport *{report.reference}* är granskad" in notice.args["blocks"][0]["text"]["text"]
    assert all_rows(app_server.runtime.engine, Report)[0].status == "new"

    again = click(app_server, fake_slack, request, "review_raise")
    assert again.status == 200
    assert "redan granskad" in fake_slack.wait_for("response_url", 3)[-1].args["text"]


def test_merging_a_duplicate(app_server: RunningApp, fake_slack: FakeSlack):
    units = setup(app_server)
    first = file_report(app_server, fake_slack, units["Apelgårdsskolan"], view_id="VM1", place="Parkeringen")
    second = file_report(app_server, fake_slack, units["Rosengårdsskolan"], view_id="VM2")
    request = fake_slack.wait_for("chat.postMessage", 4) and dms_to(fake_slack, CHIEF)[-1]

    click(app_server, fake_slack, request, "review_merge")
    modal = fake_slack.wait_for("views.open", 3)[-1].args["view"]
    select = next(b for b in modal["blocks"] if b.get("block_id") == "merge_into")["element"]
    assert [o["value"] for o in select["options"]] == [str(first.id)]  # same city area, not itself

    empty = app_server.slack.view_submission(
        modal, {"merge_into": {"value": {"selected_option": None}}}, user=CHIEF
    )
    assert empty.json() == {
        "response_action": "errors",
        "errors": {"merge_into": "Välj en tidigare rapport att slå ihop med."},
    }

    chosen = {"merge_into": {"value": {"type": "static_select", "selected_option": {"value": str(first.id)}}}}
    result = app_server.slack.view_submission(modal, chosen, user=CHIEF)

    assert result.status == 200 and result.body == ""
    update = fake_slack.wait_for("chat.update")[0]
    assert (update.args["channel"], update.args["ts"]) == ("DCHIEF1", "1700000000.000042")
    assert f"Sammanslagen med {first.reference}" in json.dumps(update.args["blocks"], ensure_ascii=False)
    merged = next(r for r in all_rows(app_server.runtime.engine, Report) if r.id == second.id)
    assert (merged.merged_into_id, merged.status) == (first.id, "closed")
    notice = fake_slack.wait_for("chat.postMessage", 5)[-1]
    assert f"sammanslagen med *{first.reference}*" in notice.args["blocks"][0]["text"]["text"]

    # On the agenda the duplicate is no item of its own but noted on the one it joined.
    app_server.runtime.services.tick(datetime(2026, 11, 24, 8, 0, tzinfo=STOCKHOLM))
    posted = json.dumps([c.args["blocks"] for c in dms_to(fake_slack, "C0MEETING")], ensure_ascii=False)
    assert f"sammanslagen med {second.reference}" in posted and '"*2.*' not in posted


def test_returned_with_a_question_then_edited_and_resent(app_server: RunningApp, fake_slack: FakeSlack):
    units = setup(app_server)
    report = file_report(app_server, fake_slack, units["Rosengårdsskolan"], view_id="VQ1", place="Skolan")
    request = fake_slack.wait_for("chat.postMessage", 2) and dms_to(fake_slack, CHIEF)[-1]

    click(app_server, fake_slack, request, "review_return")
    modal = fake_slack.wait_for("views.open", 2)[-1].args["view"]
    blank = app_server.slack.view_submission(modal, {"question": {"value": {"value": "  "}}}, user=CHIEF)
    assert blank.json()["errors"] == {"question": "Skriv frågan till rapportören."}
    question = "Vilken entré gäller det? <!channel>"
    app_server.slack.view_submission(modal, {"question": {"value": {"value": question}}}, user=CHIEF)

    notice = fake_slack.wait_for("chat.postMessage", 3)[-1]
    assert notice.args["channel"] == HEAD
    text = json.dumps(notice.args["blocks"], ensure_ascii=False)
    assert "Vilken entré gäller det? &lt;!channel&gt;" in text and "<!channel>" not in text
    assert all_rows(app_server.runtime.engine, Report)[0].status == "returned"

    click(app_server, fake_slack, notice, "report_edit", user=HEAD)
    edit = fake_slack.wait_for("views.open", 3)[-1].args["view"]
    assert edit["title"]["text"] == "Redigera rapport"
    assert json.loads(edit["private_metadata"]) == {"edit": report.id}
    place = next(b for b in edit["blocks"] if b.get("block_id") == "report_place")["element"]
    assert place["initial_value"] == "Skolan"
    assert "Vilken entré gäller det? &lt;!channel&gt;" in json.dumps(edit["blocks"], ensure_ascii=False)

    app_server.slack.view_submission(
        edit,
        report_values(unit_id=units["Rosengårdsskolan"], place="Entrén mot Ystadvägen"),
        user=HEAD,
        view_id="VQ2",
    )

    [stored] = all_rows(app_server.runtime.engine, Report)
    assert (stored.place, stored.status, stored.revision, stored.reference) == (
        "Entrén mot Ystadvägen",
        "in_review",
        2,
        report.reference,
    )
    new_request = fake_slack.wait_for("chat.postMessage", 5) and dms_to(fake_slack, CHIEF)[-1]
    assert "Entrén mot Ystadvägen" in json.dumps(new_request.args["blocks"], ensure_ascii=False)
    assert "din ändrade rapport" in json.dumps(
        dms_to(fake_slack, HEAD)[-1].args["blocks"], ensure_ascii=False
    )

    other = app_server.slack.view_submission(
        edit, report_values(unit_id=units["Rosengårdsskolan"]), user="UOTHER1", view_id="VQ3"
    )
    assert "den som skrev rapporten" in other.json()["errors"]["report_description"]

    # "Redigera och skicka igen" pressed again on the old notice: it says why, in place of the button.
    [button] = [e for b in notice.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    before = len(fake_slack.calls_to("response_url"))
    pressed = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "orat-test"},
        "user": {"id": HEAD, "team_id": TEAM_ID},
        "api_app_id": "A0ORAT",
        "trigger_id": "9.9.9",
        "response_url": fake_slack.response_url,
        "container": {"type": "message", "channel_id": "DHEAD1", "message_ts": "1700000000.000043"},
        "message": {"ts": "1700000000.000043", "blocks": notice.args["blocks"]},
        "actions": [{"action_id": "report_edit", "block_id": "b", "value": button["value"]}],
    }
    assert app_server.slack.interactive(pressed).status == 200
    stale = fake_slack.wait_for("response_url", before + 1)[-1].args
    shown = json.dumps(stale["blocks"], ensure_ascii=False)
    assert stale["replace_original"] is True and '"actions"' not in shown
    assert "väntar inte längre på ändringar" in shown and "Vilken entré gäller det?" in shown


def test_unreviewed_reports_still_reach_the_agenda(app_server: RunningApp, fake_slack: FakeSlack):
    units = setup(app_server)
    report = file_report(app_server, fake_slack, units["Rosengårdsskolan"], view_id="VU1")

    app_server.runtime.services.tick(datetime(2026, 11, 24, 8, 0, tzinfo=STOCKHOLM))

    posted = json.dumps([c.args["blocks"] for c in dms_to(fake_slack, "C0MEETING")], ensure_ascii=False)
    assert report.reference in posted and "_ej granskad_" in posted
    [stored] = all_rows(app_server.runtime.engine, Report)
    assert stored.status == "on_agenda"


def test_a_review_button_pressed_after_the_review_explains_in_place(
    app_server: RunningApp, fake_slack: FakeSlack
):
    """Raised from the Home tab (or by another reviewer), then pressed on the request: the request
    itself says so, with no buttons left, instead of a bare refusal beside it."""
    units = setup(app_server)
    report = file_report(app_server, fake_slack, units["Rosengårdsskolan"], view_id="VR1")
    [request] = fake_slack.wait_for("chat.postMessage", 2) and dms_to(fake_slack, CHIEF)
    app_server.runtime.services.review.raise_to_meeting(
        TEAM_ID, CHIEF, report.id, app_server.runtime.services.clock()
    )

    for action_id in ("review_raise", "review_merge", "review_return"):
        before = len(fake_slack.calls_to("response_url"))
        payload_blocks = request.args["blocks"]
        button = next(
            e
            for b in payload_blocks
            if b["type"] == "actions"
            for e in b["elements"]
            if e["action_id"] == action_id
        )
        answer = app_server.slack.interactive(
            {
                "type": "block_actions",
                "team": {"id": TEAM_ID, "domain": "orat-test"},
                "user": {"id": CHIEF, "team_id": TEAM_ID},
                "api_app_id": "A0ORAT",
                "trigger_id": "9.9.9",
                "response_url": fake_slack.response_url,
                "container": {"type": "message", "channel_id": "DCHIEF", "message_ts": "1700000000.000042"},
                "message": {"ts": "1700000000.000042", "blocks": payload_blocks},
                "actions": [
                    {
                        "action_id": action_id,
                        "block_id": "review_actions",
                        "value": button["value"],
                        "type": "button",
                    }
                ],
            }
        )
        assert answer.status == 200
        [updated] = fake_slack.wait_for("response_url", before + 1)[before:]
        shown = json.dumps(updated.args["blocks"], ensure_ascii=False)
        assert updated.args["replace_original"] is True, action_id
        assert "redan granskad" in shown and '"actions"' not in shown and report.reference in shown
    assert len(fake_slack.calls_to("views.open")) == 1  # only the report form: no review modal opened
