"""Stored lägesbilder end to end: ``/orat lagesbild`` stores a snapshot (figures, hash, fingerprints),
``/orat lagesbild arkiv`` lists it and *Öppna* sends the same bytes again later, whatever happened to
the reports since; making the period again says what changed; retention scrubs stored places; the
schedule (ORAT_LAGESBILD) makes and sends one lägesbild per week or tertial, however many ticks."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import docx
import pytest
from sqlalchemy import select, update

from bot.config import Settings
from bot.domain.retention import parse_retention_rules
from bot.domain.snapshots import TERTIAL, WEEKLY, canonical_json, content_hash
from bot.files.privacy_record import privacy_report
from handlers import ids
from storage.models import JobRun, LagesbildSnapshot, LagesbildSnapshotReport, OutboxMessage, Report
from tests.conftest import STOCKHOLM, Clock, RunningApp
from tests.e2e.test_cli import run_bot
from tests.e2e.test_follow_up_flow import COP
from tests.e2e.test_statistics_flow import PERIOD, seed_known
from tests.support.db import all_rows
from tests.support.fake_slack import TEAM_ID, FakeSlack

STEM = "lagesbild-2026-10-26--2026-11-15"


def fingerprint_rows(app: RunningApp) -> list:
    with app.runtime.engine.connect() as connection:
        return connection.execute(select(LagesbildSnapshotReport.__table__)).all()


def make_lagesbild(app: RunningApp, fake: FakeSlack, text: str = PERIOD) -> tuple[str, dict[str, bytes]]:
    """``/orat lagesbild`` by the police contact: the ephemeral answer and the files in the DM."""
    fake.reset()
    assert app.slack.command("/orat", f"lagesbild {text}", user=COP).status == 200
    answer = fake.wait_for("response_url")[0].args["text"]
    fake.wait_for("files.completeUploadExternal")
    return answer, fake.uploaded_files()


def archive(app: RunningApp, fake: FakeSlack) -> dict:
    fake.reset()
    assert app.slack.command("/orat", "lagesbild arkiv", user=COP).status == 200
    return fake.wait_for("response_url")[0].args


def click(app: RunningApp, fake: FakeSlack, message: dict, action_id: str, value: str):
    fake.reset()
    return app.slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "orat-test"},
            "user": {"id": COP, "team_id": TEAM_ID},
            "api_app_id": "A0ORAT",
            "trigger_id": "7.7.7",
            "response_url": fake.response_url,
            "container": {"type": "message", "channel_id": "C0GENERAL", "message_ts": "1"},
            "message": {"ts": "1", "text": message.get("text", ""), "blocks": message["blocks"]},
            "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button"}],
        }
    )


def open_snapshot(app: RunningApp, fake: FakeSlack, number: int) -> tuple[dict, dict[str, bytes]]:
    listed = archive(app, fake)
    buttons = [
        b["accessory"]
        for b in listed["blocks"]
        if b.get("accessory", {}).get("action_id") == ids.SNAPSHOT_OPEN
    ]
    assert str(number) in [b["value"] for b in buttons]
    assert click(app, fake, listed, ids.SNAPSHOT_OPEN, str(number)).status == 200
    complete = fake.wait_for("files.completeUploadExternal")[0].args
    return complete, fake.uploaded_files()


def test_a_lagesbild_is_stored_and_opened_later_gives_the_same_bytes_even_after_reports_changed(
    app_server: RunningApp, fake_slack: FakeSlack, clock: Clock
):
    seed_known(app_server)
    answer, first = make_lagesbild(app_server, fake_slack)
    assert "Sparad som lägesbild nr 1" in answer
    assert sorted(first) == [f"{STEM}.docx", f"{STEM}.pdf"]  # what a steering group files

    [snapshot] = all_rows(app_server.runtime.engine, LagesbildSnapshot)
    assert (snapshot.number, snapshot.kind, snapshot.made_by_user_id) == (1, "command", COP)
    assert (snapshot.period_start, snapshot.period_end) == (date(2026, 10, 26), date(2026, 11, 15))
    assert snapshot.made_at.tzinfo is not None and snapshot.definitions_version == 1
    assert snapshot.content_hash == content_hash(snapshot.figures) and len(snapshot.content_hash) == 64
    assert json.loads(canonical_json(snapshot.figures))["statistics"]["total"] == 6
    # Every report of the period and the one before (merged ones too) has a fingerprint.
    prints = fingerprint_rows(app_server)
    assert len(prints) == 8 and {p.snapshot_id for p in prints} == {snapshot.id}

    # Weeks later, a report of the period is edited: the stored lägesbild does not follow.
    clock.now += timedelta(days=13)
    with app_server.runtime.engine.begin() as connection:
        connection.execute(update(Report).where(Report.place == "Fasaden").values(category="arson"))

    complete, again = open_snapshot(app_server, fake_slack, 1)
    assert complete["channel_id"] == "D" + COP[1:]
    assert "Lägesbild nr 1" in complete["initial_comment"]
    assert again == first  # byte for byte (Word and PDF), the time it was made included
    made = docx.Document(io.BytesIO(again[f"{STEM}.docx"]))
    assert made.core_properties.created == snapshot.made_at
    text = "\n".join(p.text for p in made.paragraphs)
    assert "Lägesbild nr 1" in text or "nr 1" in text
    # The Markdown of the same snapshot is made from the same stored figures, at the same instant.
    markdown = app_server.runtime.services.snapshots.open(TEAM_ID, COP, 1, ("md",))[1]
    assert "2026-11-20 10:00" in dict(markdown)[f"{STEM}.md"].decode()


def test_making_the_same_period_again_says_what_changed_since(
    app_server: RunningApp, fake_slack: FakeSlack, clock: Clock
):
    ids_ = seed_known(app_server)
    first_answer, _ = make_lagesbild(app_server, fake_slack)
    assert "Jämfört med" not in first_answer  # the first of its period

    clock.now += timedelta(days=13)  # 3 December
    with app_server.runtime.engine.begin() as connection:
        connection.execute(update(Report).where(Report.place == "Fasaden").values(category="arson"))
        connection.execute(update(Report).where(Report.place == "Busshållplatsen").values(status="closed"))
    from tests.support.reports import file_directly

    file_directly(
        app_server.runtime.services,
        user="UHEAD1",
        unit_id=ids_["Holmaskolan"],
        category="gangs",
        place="Torget",
        occurred_on=date(2026, 11, 14),
        description="Sent inrapporterad",
    )
    answer, _ = make_lagesbild(app_server, fake_slack)
    assert "Sparad som lägesbild nr 2" in answer
    assert "Jämfört med lägesbild nr 1 för samma period: 2 rapporter ändrade sedan 20 nov., 1 ny" in answer

    # Nothing changed since number 2: said so, and a third is stored all the same.
    answer, _ = make_lagesbild(app_server, fake_slack)
    assert "lägesbild nr 3" in answer
    assert "Jämfört med lägesbild nr 2 för samma period: inga rapporter ändrade sedan 3 dec." in answer
    listed = archive(app_server, fake_slack)
    text = json.dumps(listed["blocks"], ensure_ascii=False)
    assert text.index("*Nr 3*") < text.index("*Nr 2*") < text.index("*Nr 1*")  # newest first
    assert "3 sparade lägesbilder" in text


def test_the_archive_needs_the_statistics_permission_and_pages(
    app_server: RunningApp, fake_slack: FakeSlack, clock: Clock
):
    seed_known(app_server)
    assert "Inga lägesbilder sparade än" in json.dumps(archive(app_server, fake_slack), ensure_ascii=False)
    fake_slack.reset()
    assert app_server.slack.command("/orat", "lagesbild arkiv", user="UHEAD1").status == 200
    refused = fake_slack.wait_for("response_url")[0].args
    assert "Nr " not in json.dumps(refused, ensure_ascii=False)

    service = app_server.runtime.services.snapshots
    for _ in range(service.PAGE + 1):
        service.make(TEAM_ID, None, date(2026, 10, 26), date(2026, 11, 15), clock.now)
    first = archive(app_server, fake_slack)
    text = json.dumps(first["blocks"], ensure_ascii=False)
    assert "*Nr 11*" in text and "*Nr 1*" not in text and "Sida 1 av 2" in text
    assert click(app_server, fake_slack, first, ids.SNAPSHOT_OLDER, "2").status == 200
    second = fake_slack.wait_for("response_url")[0].args
    assert second["replace_original"] is True
    assert "*Nr 1*" in json.dumps(second["blocks"], ensure_ascii=False)
    assert "kommandoraden" in json.dumps(second["blocks"], ensure_ascii=False)


# ------------------------------------------------------------------------------ retention
@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """Reports are anonymised (or, with the parameter, deleted) a month after they came in; the
    scheduled lägesbild is on for the tests that ask for it."""
    action = getattr(request, "param", "anonymisera")
    return dataclasses.replace(
        settings,
        retention=parse_retention_rules(f"alla alla 1 {action}"),
        lagesbild_rhythm=(WEEKLY, TERTIAL),
    )


def test_retention_scrubs_stored_places_and_the_archive_says_anonymised(
    app_server: RunningApp, fake_slack: FakeSlack, clock: Clock
):
    seed_known(app_server)
    _, first = make_lagesbild(app_server, fake_slack, f"{PERIOD} md")
    assert "Cykelstället" in first[f"{STEM}.md"].decode()

    later = datetime(2027, 1, 11, 2, 30, tzinfo=STOCKHOLM)
    result = app_server.runtime.services.privacy.run(TEAM_ID, later)
    assert result.anonymised == 9
    [snapshot] = all_rows(app_server.runtime.engine, LagesbildSnapshot)
    assert "Cykelstället" not in json.dumps(snapshot.figures, ensure_ascii=False)
    assert snapshot.anonymised_at is not None and snapshot.content_hash == content_hash(snapshot.figures)

    clock.now = later
    listed = archive(app_server, fake_slack)
    assert "avidentifierad" in json.dumps(listed["blocks"], ensure_ascii=False)
    complete, opened = open_snapshot(app_server, fake_slack, 1)
    assert sorted(opened) == [f"{STEM}.docx", f"{STEM}.pdf"]
    again = dict(app_server.runtime.services.snapshots.open(TEAM_ID, COP, 1, ("md",))[1])
    document = again[f"{STEM}.md"].decode()
    assert "Cykelstället" not in document and "| Rosengårdsskolan | Öster | \\[gallrad\\] | 3 |" in document
    assert "Avidentifierad" in complete["initial_comment"]
    assert again[f"{STEM}-kategorier.png"] == first[f"{STEM}-kategorier.png"]  # the counts stay


@pytest.mark.parametrize("settings", ["radera"], indirect=True)
def test_retention_deleting_reports_drops_their_fingerprints(app_server: RunningApp, fake_slack: FakeSlack):
    seed_known(app_server)
    make_lagesbild(app_server, fake_slack)
    assert fingerprint_rows(app_server)
    app_server.runtime.services.privacy.run(TEAM_ID, datetime(2027, 1, 11, 2, 30, tzinfo=STOCKHOLM))
    assert fingerprint_rows(app_server) == []
    [snapshot] = all_rows(app_server.runtime.engine, LagesbildSnapshot)
    assert "Cykelstället" not in json.dumps(snapshot.figures, ensure_ascii=False)


def test_export_user_covers_who_made_a_lagesbild(app_server: RunningApp, fake_slack: FakeSlack, clock: Clock):
    seed_known(app_server)
    make_lagesbild(app_server, fake_slack)
    export = app_server.runtime.services.privacy.export_user(TEAM_ID, COP, clock.now)
    [row] = export["tables"]["lagesbild_snapshots"]
    assert row["made_by_user_id"] == COP and row["number"] == 1
    # The record of processing names the table, its personal column and what retention does to it.
    record = privacy_report(app_server.runtime.settings, app_server.runtime.engine, clock.now)
    assert (
        "| `lagesbild_snapshots` | Sparade lägesbilder" in record
        and "`made_by_user_id`, `made_by_name` | 1 |" in record
    )
    assert "Sparade lägesbilder följer rapporterna de räknar" in record
    # Pseudonymised (a person who left Slack): the stored lägesbild no longer names them.
    pseudonym = app_server.runtime.services.privacy.pseudonymise(TEAM_ID, COP, clock.now)
    [snapshot] = all_rows(app_server.runtime.engine, LagesbildSnapshot)
    assert snapshot.made_by_user_id == pseudonym


# ------------------------------------------------------------------------------ the rhythm
def tick(app: RunningApp, at: datetime) -> dict[str, int]:
    return app.runtime.services.tick(at)


def test_the_weekly_lagesbild_is_made_once_and_sent_to_the_chairs_in_a_dst_week(
    app_server: RunningApp, fake_slack: FakeSlack
):
    seed_known(app_server)
    # Summer time ended on Sunday 25 October 2026: Monday 26 October 08:30 is 07:30 UTC.
    assert tick(app_server, datetime(2026, 10, 26, 8, 29, tzinfo=STOCKHOLM))["lagesbilder"] == 0
    fake_slack.reset()
    assert tick(app_server, datetime(2026, 10, 26, 8, 30, tzinfo=STOCKHOLM))["lagesbilder"] == 1
    assert tick(app_server, datetime(2026, 10, 26, 8, 31, tzinfo=STOCKHOLM))["lagesbilder"] == 0
    assert tick(app_server, datetime(2026, 10, 28, 12, 0, tzinfo=STOCKHOLM))["lagesbilder"] == 0

    [snapshot] = all_rows(app_server.runtime.engine, LagesbildSnapshot)
    assert (snapshot.kind, snapshot.made_by_user_id) == ("week", None)
    assert (snapshot.period_start, snapshot.period_end) == (date(2026, 10, 19), date(2026, 10, 25))
    [message] = [m for m in all_rows(app_server.runtime.engine, OutboxMessage) if m.kind == "lagesbild"]
    assert (message.kind, message.channel, message.status) == ("lagesbild", "UCHAIR1", "sent")
    [upload] = fake_slack.completed_uploads()
    assert upload["channel"] == "DCHAIR1"
    names = sorted(f["filename"] for f in upload["files"])
    assert names == ["lagesbild-2026-10-19--2026-10-25.docx", "lagesbild-2026-10-19--2026-10-25.pdf"]
    [claim] = [r for r in all_rows(app_server.runtime.engine, JobRun) if r.job != "retention"]
    assert (claim.job, claim.period) == ("lagesbild_week", "2026-W44")


def test_the_tertial_lagesbild_goes_to_the_chairs_and_the_channel_and_waits_out_an_outage(
    app_server: RunningApp, fake_slack: FakeSlack
):
    seed_known(app_server)
    fake_slack.outage("files.getUploadURLExternal")
    first_of_january = datetime(2027, 1, 1, 8, 30, tzinfo=STOCKHOLM)  # a Friday: no weekly one
    done = tick(app_server, first_of_january)
    assert done["lagesbilder"] == 2 and done["sent"] == 0  # the tertial's, and the week's (28 Dec–3 Jan)
    [snapshot] = [s for s in all_rows(app_server.runtime.engine, LagesbildSnapshot) if s.kind == "tertial"]
    assert (snapshot.kind, snapshot.period_start, snapshot.period_end) == (
        "tertial",
        date(2026, 9, 1),
        date(2026, 12, 31),
    )
    fake_slack.recover("files.getUploadURLExternal")
    done = tick(app_server, first_of_january + timedelta(minutes=10))
    assert done["lagesbilder"] == 0 and done["sent"] == 3
    uploads = {(u["channel"], u["files"][0]["filename"][:32]) for u in fake_slack.completed_uploads()}
    tertial = "lagesbild-2026-09-01--2026-12-31"
    assert {("C0MEETING", tertial), ("DCHAIR1", tertial)} <= uploads and len(uploads) == 3
    with app_server.runtime.engine.connect() as connection:
        claims = connection.execute(select(JobRun.job, JobRun.period).where(JobRun.job != "retention")).all()
    assert sorted(claims) == [("lagesbild_tertial", "2026-T3"), ("lagesbild_week", "2026-W53")]


def test_the_command_line_stores_its_lagesbild_and_says_what_changed_since(
    app_server: RunningApp, fake_slack: FakeSlack, database_url: str, tmp_path: Path
):
    seed_known(app_server)
    make_lagesbild(app_server, fake_slack)
    with app_server.runtime.engine.begin() as connection:
        connection.execute(update(Report).where(Report.place == "Fasaden").values(status="closed"))
    result = run_bot(
        "lagesbild",
        "--from",
        "2026-10-26",
        "--to",
        "2026-11-15",
        "--out",
        str(tmp_path),
        env={"DATABASE_URL": database_url, "ORAT_CHAIRS": "UCHAIR1"},
    )
    assert result.returncode == 0, result.stderr
    assert "orat: Sparad som lägesbild nr 2" in result.stdout
    assert (
        "orat: Jämfört med lägesbild nr 1 för samma period: 1 rapport ändrad sedan 20 nov." in result.stdout
    )
    second = max(all_rows(app_server.runtime.engine, LagesbildSnapshot), key=lambda s: s.number)
    assert (second.kind, second.made_by_user_id) == ("cli", None)
    # What it wrote is what the archive gives back.
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    _, opened = open_snapshot(app_server, fake_slack, 2)
    assert opened == written


def test_help_tells_those_who_see_statistics_about_the_archive(app_server: RunningApp, fake_slack: FakeSlack):
    seed_known(app_server)
    for user, shown in ((COP, True), ("UHEAD1", False)):
        fake_slack.reset()
        assert app_server.slack.command("/orat", "hjälp", user=user).status == 200
        text = json.dumps(fake_slack.wait_for("response_url")[0].args, ensure_ascii=False)
        assert ("/orat lagesbild arkiv" in text) is shown
