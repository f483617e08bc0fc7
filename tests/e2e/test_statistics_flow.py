"""``/orat statistik``, ``/orat lagesbild``, ``/orat kalender`` and ``python -m bot lagesbild`` end to
end: signed commands in, files out through ``files_upload_v2`` to the fake Slack, numbers checked
against a known dataset and against the database itself."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path

import icalendar
from PIL import Image
from sqlalchemy import select, update

from bot.domain.organisation import parse_seed
from storage.models import Report, Unit
from tests.conftest import RunningApp
from tests.e2e.test_cli import run_bot
from tests.e2e.test_follow_up_flow import COP, DUE, setup_action
from tests.support.db import all_rows
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.reports import file_directly

CHAIR, HEAD = "UCHAIR1", "UHEAD1"
PERIOD = "2026-10-26–2026-11-15"  # ISO weeks 44, 45 and 46; the period before: 5–25 October
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# (school, category, place, occurred_on): the known dataset.
KNOWN = [
    ("Rosengårdsskolan", "arson", "Cykelstället", date(2026, 10, 27)),  # W44
    ("Rosengårdsskolan", "arson", "cykelstället!", date(2026, 11, 3)),  # W45, the same place
    ("Rosengårdsskolan", "arson", "Cykelstället ", date(2026, 11, 4)),  # W45, the same place
    ("Rosengårdsskolan", "vandalism", "Fasaden", date(2026, 11, 10)),  # W46
    ("Holmaskolan", "gangs", "Busshållplatsen", date(2026, 10, 28)),  # W44
    ("Holmaskolan", "gangs", "Idrottsplatsen", date(2026, 11, 12)),  # W46
    ("Holmaskolan", "drug_sales", "Parken", date(2026, 10, 10)),  # the period before
    ("Holmaskolan", "drug_sales", "Parken", date(2026, 9, 1)),  # before both
]


def seed_known(app: RunningApp) -> dict[str, int]:
    services = app.runtime.services
    units = [
        {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
        {"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Söder"},
        {"namn": "Polisen", "typ": "aktör"},
    ]
    contacts = [{"slack_id": COP, "enhet": "Polisen"}]
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": units, "medlem": contacts}), services.clock())
    ids = {u.name: u.id for u in all_rows(app.runtime.engine, Unit)}
    for school, category, place, day in [
        *KNOWN,
        ("Holmaskolan", "gangs", "Idrottsplatsen", date(2026, 11, 12)),
    ]:
        file_directly(
            services,
            user=HEAD,
            unit_id=ids[school],
            category=category,
            place=place,
            occurred_on=day,
            description="Beskrivning",
        )
    # The last one was merged into its twin by the reviewer: a duplicate is not counted.
    with app.runtime.engine.begin() as connection:
        duplicate, *_ = connection.execute(select(Report.id).order_by(Report.id.desc())).scalars()
        twin = connection.execute(
            select(Report.id).where(Report.place == "Idrottsplatsen", Report.id != duplicate)
        ).scalar_one()
        connection.execute(update(Report).where(Report.id == duplicate).values(merged_into_id=twin))
    return ids


def counts_in_database(app: RunningApp, start: date, end: date) -> Counter:
    """(ISO week, category, area) → reports, straight from the tables."""
    with app.runtime.engine.connect() as connection:
        rows = connection.execute(
            select(Report.occurred_on, Report.category, Unit.area)
            .join(Unit, Unit.id == Report.unit_id)
            .where(Report.merged_into_id.is_(None), Report.occurred_on.between(start, end))
        ).all()
    return Counter(
        (f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}", category, area)
        for day, category, area in rows
    )


def test_statistik_uploads_a_chart_and_a_csv_whose_numbers_match_the_database(
    app_server: RunningApp, fake_slack: FakeSlack
):
    seed_known(app_server)
    fake_slack.reset()

    assert app_server.slack.command("/orat", f"statistik {PERIOD}", user=COP).status == 200
    summary = fake_slack.wait_for("response_url")[0].args
    text = json.dumps(summary["blocks"], ensure_ascii=False)
    assert summary["response_type"] == "ephemeral"
    assert "*Statistik 26 okt.–15 nov. 2026* – 6 rapporter (+5 mot 5–25 okt. 2026)" in text
    assert "Anlagd brand: *3* (+3)" in text and "Drogförsäljning: *0* (−1)" in text
    assert "Öster: *4* (+4)" in text and "Söder: *2* (+1)" in text
    assert (
        "Rosengårdsskolan, Cykelstället: *3* händelser (perioden före: 0), senast ons 4 nov., anlagd brand"
        in text
    )
    assert "Ingen händelse under perioden har klockslag." in text  # none of these has a time
    assert "6 händelser utan klockslag räknas inte här." in text

    complete = fake_slack.wait_for("files.completeUploadExternal")[0].args
    assert complete["channel_id"] == "D" + COP[1:]
    assert "Statistik för Örat mot marken, 26 okt.–15 nov. 2026" in complete["initial_comment"]
    files = fake_slack.uploaded_files()
    stem = "statistik-2026-10-26--2026-11-15"
    assert sorted(files) == [
        f"{stem}-omraden.png",
        f"{stem}-tider.csv",
        f"{stem}-tider.png",
        f"{stem}.csv",
        f"{stem}.png",
    ]

    for name in (f"{stem}.png", f"{stem}-omraden.png"):
        png = files[name]
        assert png.startswith(PNG_SIGNATURE) and 5_000 < len(png) < 300_000
        with Image.open(io.BytesIO(png)) as image:
            image.verify()
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG" and 600 <= image.width <= 2400 and 400 <= image.height <= 1600

    raw = files[f"{stem}.csv"]
    assert raw.startswith("\ufeff".encode())  # Excel reads å, ä, ö right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Period", "Från", "Till", "Kategori", "Stadsområde", "Antal"]
    body = rows[1:]
    assert len(body) == 3 * 7 * 5  # every week × category × area, zeros included
    assert {r[0] for r in body} == {"2026-W44", "2026-W45", "2026-W46"}
    names = {"arson": "Anlagd brand", "vandalism": "Skadegörelse", "gangs": "Störande gäng/grupper"}
    from_csv = {(r[0], r[3], r[4]): int(r[5]) for r in body}
    expected = counts_in_database(app_server, date(2026, 10, 26), date(2026, 11, 15))
    assert sum(expected.values()) == 6 == sum(from_csv.values())
    for (week, category, area), n in expected.items():
        assert from_csv[(week, names[category], area)] == n
    assert from_csv[("2026-W45", "Anlagd brand", "Öster")] == 2
    assert from_csv[("2026-W46", "Störande gäng/grupper", "Söder")] == 1  # the merged twin not counted
    assert ["2026-W45", "2026-11-02", "2026-11-08"] == next(r[:3] for r in body if r[0] == "2026-W45")


# (school, category, place, day, time): when and where. Sat 31 Oct, Sun 1 Nov and Sat 7 Nov in the
# evening at Rosengårdsskolan's bike shed (reported once the period before), a place typed to
# ping the channel twice, one at lunch, one without a time.
TIMED = [
    ("Rosengårdsskolan", "arson", "Cykelstället", date(2026, 10, 31), time(22, 10)),
    ("Rosengårdsskolan", "arson", "cykelstället", date(2026, 11, 1), time(23, 40)),
    ("Rosengårdsskolan", "vandalism", "Cykelstället!", date(2026, 11, 7), time(21, 5)),
    ("Rosengårdsskolan", "arson", "Cykelstället", date(2026, 10, 17), time(22, 0)),  # the period before
    ("Holmaskolan", "gangs", "<!channel> & co", date(2026, 11, 10), time(16, 0)),
    ("Holmaskolan", "gangs", "<!channel> & co", date(2026, 11, 11), time(17, 30)),
    ("Holmaskolan", "drug_sales", "Parken", date(2026, 11, 12), time(12, 15)),
    ("Holmaskolan", "drug_sales", "Parken", date(2026, 11, 13), None),
]


def test_statistik_shows_when_things_happen_and_the_hot_spots_and_sends_the_weekday_chart(
    app_server: RunningApp, fake_slack: FakeSlack
):
    services = app_server.runtime.services
    units = [
        {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
        {"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Söder"},
        {"namn": "Polisen", "typ": "aktör"},
    ]
    contacts = [{"slack_id": COP, "enhet": "Polisen"}]
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": units, "medlem": contacts}), services.clock())
    ids = {u.name: u.id for u in all_rows(app_server.runtime.engine, Unit)}
    for school, category, place, day, at in TIMED:
        file_directly(
            services,
            user=HEAD,
            unit_id=ids[school],
            category=category,
            place=place,
            occurred_on=day,
            occurred_time=at,
            description="Beskrivning",
        )
    fake_slack.reset()

    assert app_server.slack.command("/orat", f"statistik {PERIOD}", user=COP).status == 200
    summary = fake_slack.wait_for("response_url")[0].args
    text = json.dumps(summary["blocks"], ensure_ascii=False)
    # The busiest weekday time band: Saturday evening (31 Oct and 7 Nov), then the rest by the week.
    assert "*När det händer* (veckodag och tid, flest först)\\nlördag 21–24: *2* händelser\\n" in text
    assert "söndag 21–24: *1* händelse" not in text  # only the three busiest are named
    assert "1 händelse utan klockslag räknas inte här." in text
    # The hot spots, against the period before, the place typed to ping the channel escaped.
    assert (
        "Rosengårdsskolan, Cykelstället: *3* händelser (perioden före: 1), senast lör 7 nov., skadegörelse"
    ) in text
    assert "Holmaskolan, &lt;!channel&gt; &amp; co: *2* händelser (perioden före: 0)" in text
    assert "<!channel>" not in text
    assert "Parken" in text  # twice (one without a time): a hot spot too

    fake_slack.wait_for("files.completeUploadExternal")
    files = fake_slack.uploaded_files()
    stem = "statistik-2026-10-26--2026-11-15"
    chart = files[f"{stem}-tider.png"]
    assert chart.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(chart)) as image:
        assert image.format == "PNG" and image.width == 1200 and image.height > 600  # several grids
    rows = list(csv.reader(io.StringIO(files[f"{stem}-tider.csv"].decode("utf-8-sig")), delimiter=";"))
    counted = {(r[0], r[2], r[3]): int(r[4]) for r in rows[1:] if int(r[4])}
    assert counted == {
        ("Anlagd brand", "lördag", "22"): 1,
        ("Anlagd brand", "söndag", "23"): 1,
        ("Skadegörelse", "lördag", "21"): 1,
        ("Störande gäng/grupper", "tisdag", "16"): 1,
        ("Störande gäng/grupper", "onsdag", "17"): 1,
        ("Drogförsäljning", "torsdag", "12"): 1,
        ("Drogförsäljning", "", "utan klockslag"): 1,
    }


def test_statistik_refuses_non_participants_and_explains_a_bad_period(
    app_server: RunningApp, fake_slack: FakeSlack
):
    seed_known(app_server)
    fake_slack.reset()

    app_server.slack.command("/orat", "statistik", user=HEAD)
    assert "mötets deltagare" in fake_slack.wait_for("response_url")[0].args["text"]
    app_server.slack.command("/orat", "statistik förra sommaren", user=COP)
    usage = fake_slack.wait_for("response_url", 2)[1].args["text"]
    assert usage.startswith("Skriv en period efter kommandot") and "`vecka 47`" in usage
    assert fake_slack.calls_to("files.getUploadURLExternal") == []


def test_lagesbild_from_slack_and_from_the_command_line(
    app_server: RunningApp, fake_slack: FakeSlack, database_url: str, tmp_path: Path
):
    seed_known(app_server)
    fake_slack.reset()

    app_server.slack.command("/orat", f"lagesbild {PERIOD} md", user=CHAIR)
    assert (
        fake_slack.wait_for("response_url")[0]
        .args["text"]
        .startswith("Lägesbilden för 26 okt.–15 nov. 2026 kommer som Markdown-fil med diagram")
    )
    fake_slack.wait_for("files.completeUploadExternal")
    files = fake_slack.uploaded_files()
    markdown_name = "lagesbild-2026-10-26--2026-11-15.md"
    assert markdown_name in files and len(files) == 4
    markdown = files[markdown_name].decode()
    for name, data in files.items():
        if name.endswith(".png"):
            assert data.startswith(PNG_SIGNATURE) and f"]({name})" in markdown
    assert "Lägesbild" in markdown and "Rosengårdsskolan" in markdown and "Cykelstället" in markdown

    result = run_bot(
        "lagesbild",
        "--from",
        "2026-10-26",
        "--to",
        "2026-11-15",
        "--out",
        str(tmp_path),
        "--format",
        "md",
        env={"DATABASE_URL": database_url, "ORAT_CHAIRS": CHAIR},
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(files)

    def without_timestamp(text: str) -> list[str]:
        """Who made it, when, and the number it was stored under differ; the figures do not."""
        return [
            line for line in text.splitlines() if "Framtagen" not in line and "Sparad lägesbild" not in line
        ]

    assert without_timestamp((tmp_path / markdown_name).read_text(encoding="utf-8")) == without_timestamp(
        markdown
    )
    assert "6 rapporter" in result.stdout


def test_kalender_gives_meetings_and_my_due_dates_as_icalendar(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    action_id = setup_action(app_server, clock)
    fake_slack.reset()

    app_server.slack.command("/orat", "kalender", user=COP)
    said = fake_slack.wait_for("response_url")[0].args["text"]
    assert said.startswith("Kalendern kommer som fil") and "slutdatum för 1 åtgärd." in said
    fake_slack.wait_for("files.completeUploadExternal")
    ics = fake_slack.uploaded_files()["orat-mot-marken.ics"]
    calendar = icalendar.Calendar.from_ical(ics)
    events = list(calendar.walk("VEVENT"))
    deadlines = [e for e in events if str(e["UID"]).startswith("action-")]
    meetings = [e for e in events if str(e["UID"]).startswith("meeting-")]
    assert len(deadlines) == 1 and str(deadlines[0]["UID"]) == f"action-{TEAM_ID}-{action_id}@orat"
    assert deadlines[0].decoded("DTSTART") == DUE
    assert len(meetings) >= 20
    first = min(meetings, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART") == datetime(2026, 12, 8, 9, 0, tzinfo=first.decoded("DTSTART").tzinfo)
    held = sum(1 for e in meetings if str(e.get("STATUS")) != "CANCELLED")
    assert f"{held} möten" in said
