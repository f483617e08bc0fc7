"""Photos on reports end to end: images attached in the report modal (a file_input, as Slack sends
it on submit) are copied by the bot into the agenda's thread in the private meeting channel when the
agenda is published (download with the bot token, files_upload_v2), counted on the agenda item, the
Home tab and in ``/orat rapport``, and deleted (files.delete) when retention forgets the report."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime

import pytest

from bot.config import Settings
from bot.domain.retention import parse_retention_rules
from handlers.ids import REPORT_BLOCKS, VALUE
from storage.models import Report, ReportPhoto
from tests.conftest import STOCKHOLM, RunningApp
from tests.e2e.test_report_flow import SCHOOL, open_modal, seed_units
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import block, report_values

HEAD, CHANNEL = "UHEAD1", "C0MEETING"
FILED = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)  # Friday: for the meeting of Tuesday 1 December
PUBLISH = datetime(2026, 12, 1, 8, 0, tzinfo=STOCKHOLM)
RETENTION = datetime(2027, 1, 4, 2, 30, tzinfo=STOCKHOLM)  # a Monday night, over a month later
PNG = b"\x89PNG\r\n\x1a\n-klotter-pa-fasaden"
JPEG = b"\xff\xd8\xff\xe0-trasig-ruta"


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """Reports are anonymised (or, with the parameter, deleted) a month after they came in."""
    action = getattr(request, "param", "anonymisera")
    return dataclasses.replace(settings, retention=parse_retention_rules(f"alla alla 1 {action}"))


def photos_state(*files: dict) -> dict:
    return {REPORT_BLOCKS["photos"]: {VALUE: {"type": "file_input", "files": list(files)}}}


def file_report(
    app: RunningApp, fake: FakeSlack, unit_id: int, *files: dict, view_id: str = "V0PHOTO"
) -> str:
    modal = open_modal(app, fake)
    values = {**report_values(unit_id=unit_id), **(photos_state(*files) if files else {})}
    answer = app.slack.view_submission(modal, values, view_id=view_id).json()
    assert answer["response_action"] == "update", answer
    wait_until_delivered(app.runtime.engine, now=app.runtime.services.clock())
    return next(r for r in all_rows(app.runtime.engine, Report) if r.slack_view_id == view_id).reference


def agenda_posts(fake: FakeSlack) -> list:
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.args["channel"] == CHANNEL and c.args["text"].startswith("Dagordning")
    ]


def shown(node: object) -> str:
    return json.dumps(node, ensure_ascii=False)


def test_the_report_modal_offers_up_to_five_images_and_asks_not_to_photograph_people(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    seed_units(app_server, [SCHOOL])
    photos = block(open_modal(app_server, fake_slack), REPORT_BLOCKS["photos"])
    assert photos is not None and photos["optional"] is True
    element = photos["element"]
    assert element["type"] == "file_input" and element["max_files"] == 5
    assert set(element["filetypes"]) == {"jpg", "jpeg", "png", "heic", "webp"}
    assert "Fotografera inte barn eller personer som kan kännas igen" in photos["hint"]["text"]


@pytest.mark.parametrize("settings", ["anonymisera", "radera"], indirect=True)
def test_two_photos_reach_the_agenda_thread_are_listed_and_retention_deletes_the_copies(
    app_server: RunningApp, fake_slack: FakeSlack, clock, settings: Settings
):
    units = seed_units(app_server, [SCHOOL])
    services, engine = app_server.runtime.services, app_server.runtime.engine
    clock.now = FILED
    first = fake_slack.add_user_file("F0USER1", "klotter <fasad>.png", PNG, "image/png")
    second = fake_slack.add_user_file("F0USER2", "ruta.jpg", JPEG)
    reference = file_report(app_server, fake_slack, units["Rosengårdsskolan"], first, second)
    # Stored with the report; nothing is downloaded or posted before the agenda is published.
    assert sorted(p.slack_file_id for p in all_rows(engine, ReportPhoto)) == ["F0USER1", "F0USER2"]
    assert not fake_slack.calls_to("files.completeUploadExternal")

    # /orat rapport before the agenda: the names, no links yet.
    responded = len(fake_slack.calls_to("response_url"))
    assert app_server.slack.command("/orat", f"rapport {reference}", user=HEAD).status == 200
    card = shown(fake_slack.wait_for("response_url", responded + 1)[-1].args["blocks"])
    assert "📷 2 bilder" in card and "klotter &lt;fasad&gt;.png" in card and "ruta.jpg" in card

    assert services.tick(PUBLISH)["agendas_published"] == 1
    [agenda] = agenda_posts(fake_slack)
    assert "📷 2 bilder" in shown(agenda.args["blocks"])
    agenda_ts = next(
        p.ts for p in fake_slack.posted if p.channel == CHANNEL and p.text.startswith("Dagordning")
    )
    uploads = fake_slack.completed_uploads()
    assert [(u["channel"], u["thread_ts"]) for u in uploads] == [(CHANNEL, agenda_ts)] * 2
    copied = {f["filename"]: f["bytes"] for u in uploads for f in u["files"]}
    assert copied == {"klotter <fasad>.png": PNG, "ruta.jpg": JPEG}
    downloads = [c for c in fake_slack.calls if c.method.startswith("download/")]
    assert sorted(c.method for c in downloads) == ["download/F0USER1", "download/F0USER2"]
    assert all(c.headers["authorization"] == "Bearer xoxb-test-token" for c in downloads)
    copies = {p.slack_file_id: p.copy_file_id for p in all_rows(engine, ReportPhoto)}
    assert all(copies.values()) and set(copies.values()) == {f["id"] for u in uploads for f in u["files"]}

    # Once: another tick copies nothing again.
    services.tick(PUBLISH.replace(minute=5))
    assert len(fake_slack.completed_uploads()) == 2

    # /orat rapport now links each name to the bot's copy; the Home tab counts them.
    responded = len(fake_slack.calls_to("response_url"))
    assert app_server.slack.command("/orat", f"rapport {reference}", user=HEAD).status == 200
    card = shown(fake_slack.wait_for("response_url", responded + 1)[-1].args["blocks"])
    for copy in copies.values():
        assert f"<https://orat-test.slack.com/files/UBOT/{copy}|" in card
    published = len(fake_slack.calls_to("views.publish"))
    assert app_server.slack.home_opened(HEAD).status == 200
    home = fake_slack.wait_for("views.publish", published + 1)[-1].args["view"]
    assert "📷 2 bilder" in shown(home["blocks"])

    # The register extract names the photos (names and ids, not the bytes).
    export = services.privacy.export_user(TEAM_ID, HEAD, services.clock())
    assert sorted(r["slack_file_id"] for r in export["tables"]["report_photos"]) == ["F0USER1", "F0USER2"]

    # Retention anonymises (or deletes) the report: the bot's copies are deleted in Slack and the
    # rows forgotten, by the same rule as the report's text.
    assert services.tick(RETENTION)["retention_runs"] == 1
    deleted = {c.args["file"] for c in fake_slack.calls_to("files.delete")}
    assert deleted == set(copies.values())
    assert all_rows(engine, ReportPhoto) == []
    erased = settings.retention[0].action.value == "delete"
    assert [r.description == "[gallrad]" for r in all_rows(engine, Report)] == ([] if erased else [True])
    services.tick(RETENTION.replace(minute=45))
    assert len(fake_slack.calls_to("files.delete")) == 2


def test_a_report_without_photos_posts_no_files(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units = seed_units(app_server, [SCHOOL])
    clock.now = FILED
    file_report(app_server, fake_slack, units["Rosengårdsskolan"])
    assert all_rows(app_server.runtime.engine, ReportPhoto) == []
    assert app_server.runtime.services.tick(PUBLISH)["agendas_published"] == 1
    [agenda] = agenda_posts(fake_slack)
    assert "📷" not in shown(agenda.args["blocks"])
    assert not [c for c in fake_slack.calls if c.method.startswith(("download/", "files."))]


def test_photos_wait_out_a_slack_outage_and_are_copied_once(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed_units(app_server, [SCHOOL])
    clock.now = FILED
    photo = fake_slack.add_user_file("F0USER3", "eld.heic", PNG, "image/heic")
    file_report(app_server, fake_slack, units["Rosengårdsskolan"], photo)
    fake_slack.outage("files.getUploadURLExternal")
    services = app_server.runtime.services
    services.tick(PUBLISH)
    assert len(agenda_posts(fake_slack)) == 1 and fake_slack.completed_uploads() == []
    assert [p.copy_file_id for p in all_rows(app_server.runtime.engine, ReportPhoto)] == [None]

    fake_slack.recover("files.getUploadURLExternal")
    services.tick(PUBLISH.replace(minute=20))
    [upload] = fake_slack.completed_uploads()
    assert upload["channel"] == CHANNEL and upload["files"][0]["bytes"] == PNG
    services.tick(PUBLISH.replace(minute=40))
    assert len(fake_slack.completed_uploads()) == 1


def test_photos_never_go_to_a_public_meeting_channel(app_server: RunningApp, fake_slack: FakeSlack, clock):
    units = seed_units(app_server, [SCHOOL])
    clock.now = FILED
    photo = fake_slack.add_user_file("F0USER4", "entre.webp", PNG, "image/webp")
    file_report(app_server, fake_slack, units["Rosengårdsskolan"], photo)
    fake_slack.public_channels.add(CHANNEL)
    app_server.runtime.services.tick(PUBLISH)
    # The agenda went to the chairs instead; the photo is neither downloaded nor uploaded anywhere.
    assert agenda_posts(fake_slack) == []
    assert not [c for c in fake_slack.calls if c.method.startswith(("download/", "files.", "upload/"))]
    assert [p.copy_file_id for p in all_rows(app_server.runtime.engine, ReportPhoto)] == [None]


def test_a_photo_deleted_in_slack_before_the_agenda_is_told_to_the_chairs(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    units = seed_units(app_server, [SCHOOL])
    clock.now = FILED
    photo = fake_slack.add_user_file("F0USER5", "bild.png", PNG, "image/png")
    reference = file_report(app_server, fake_slack, units["Rosengårdsskolan"], photo)
    fake_slack.user_files.clear()  # the reporter deleted it in Slack
    services = app_server.runtime.services
    services.tick(PUBLISH)
    services.tick(PUBLISH.replace(minute=5))
    assert fake_slack.completed_uploads() == []
    summary = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "UCHAIR1"]
    told = shown([c.args.get("blocks") for c in summary])
    assert f"Bild till {reference}" in told and "bilden finns inte längre i Slack" in told
