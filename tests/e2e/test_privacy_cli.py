"""The data protection officer's commands on a seeded database: privacy-report, export-user, audit,
retention (dry run, real run, run again)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_runtime
from bot.config import Settings
from bot.domain.actions import ActionInput
from bot.domain.reports import ReportInput
from storage.db import make_engine
from storage.models import AgendaItem, Report, Unit
from tests.e2e.test_cli import run_bot
from tests.support.db import all_rows
from tests.support.fake_slack import TEAM_ID
from tests.support.quiet import QuietNotifier

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Long ago, so that a one-month rule is due whatever day the tests run.
FILED = datetime(2020, 3, 6, 10, 0, tzinfo=STOCKHOLM)
MEETING_DAY = datetime(2020, 3, 10, 9, 30, tzinfo=STOCKHOLM)


def seeded(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'orat.db'}"
    env = {"DATABASE_URL": url, "ORAT_CHAIRS": "UCHAIR1", "SLACK_TEAM_ID": TEAM_ID}
    assert run_bot("migrate", env=env).returncode == 0
    assert run_bot("seed", "examples/malmo.toml", "--team", TEAM_ID, env=env).returncode == 0
    engine = make_engine(url)
    clock = {"now": FILED}
    services = build_runtime(
        Settings(database_url=url, chairs=("UCHAIR1",)),
        engine=engine,
        notifier=QuietNotifier(),
        clock=lambda: clock["now"],
    ).services
    units = {u.name: u.id for u in all_rows(engine, Unit)}
    school = next(u for u in all_rows(engine, Unit) if u.kind == "school")
    for text in ("Gäng vid entrén, pojke 120315-2382", "Klotter på gaveln"):
        services.reports.file_report(
            team_id=TEAM_ID,
            user_id="UHEAD1",
            view_id=None,
            report=ReportInput("gangs", school.id, None, None, "Entrén", date(2020, 3, 5), None, text, False),
            draft_id=None,
            now=FILED,
        )
    services.tick(datetime(2020, 3, 10, 8, 0, tzinfo=STOCKHOLM))
    clock["now"] = MEETING_DAY
    item = next(i for i in all_rows(engine, AgendaItem) if i.number == 1)
    police = next(name for name in units if name.startswith("Polisen"))
    services.responsibility.take(
        TEAM_ID,
        "UCHAIR1",
        item.id,
        ActionInput(units[police], "UCOP1", "Närvaro vid entrén", date(2020, 3, 20), ""),
        assign=True,
        now=MEETING_DAY,
    )
    engine.dispose()
    return env


def test_privacy_report_describes_this_installation(tmp_path: Path):
    env = seeded(tmp_path)
    result = run_bot("privacy-report", env={**env, "ORAT_RETENTION": "alla avslutade 24 anonymisera"})
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert report.startswith("# Registerförteckning – Örat")
    for heading in (
        "## Ändamål",
        "## Personuppgifter och var de lagras",
        "## Vem har åtkomst",
        "## Gallring",
    ):
        assert heading in report
    # Read from the models: every table with personal data, with its row count.
    assert "| `reports` | Rapporter | `reporter_user_id`, `place`, `description`" in report
    assert "| 2 |" in report  # two reports
    assert "| `audit_events` |" in report and "`actor_user_id`" in report
    rule = "alla kategorier: anonymiseras (fritext, plats och användar-id) 24 månader efter att ärendet"
    assert f"{rule} avslutats" in report
    assert "| Läsa loggen (`/orat logg`) | – | – | – | – | ja | ja |" in report


def test_export_user_writes_everything_stored_about_one_person(tmp_path: Path):
    env = seeded(tmp_path)
    out = tmp_path / "utdrag.json"
    result = run_bot("export-user", "UHEAD1", "--output", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "registerutdrag för UHEAD1" in result.stdout
    extract = json.loads(out.read_text(encoding="utf-8"))
    assert extract["registerutdrag"]["slack_user"] == "UHEAD1"
    tables = extract["tables"]
    assert [r["reference"] for r in tables["reports"]] == ["ÖMM-2020-0001", "ÖMM-2020-0002"]
    assert "120315-2382" not in out.read_text(encoding="utf-8")  # masked before it was ever stored
    assert {r["event"] for r in tables["audit_events"]} >= {"report.created"}
    assert [m["user_id"] for m in tables["members"]] == ["UHEAD1"]
    cop = json.loads(run_bot("export-user", "UCOP1", env=env).stdout)
    assert [a["description"] for a in cop["tables"]["actions"]] == ["Närvaro vid entrén"]
    bad = run_bot("export-user", "rektorn", env=env)
    assert bad.returncode == 2 and "U0123ABCD" in bad.stderr


def test_audit_since_lists_events_for_log_follow_up(tmp_path: Path):
    env = seeded(tmp_path)
    result = run_bot("audit", "--since", "2020-03-01", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split("\t")[:4] == ["tid", "arbetsyta", "användare", "händelse"]
    events = [line.split("\t") for line in lines[1:]]
    assert ["UHEAD1", "report.created", "report:1", "ÖMM-2020-0001", "modal"] == [
        events[0][2],
        events[0][3],
        events[0][4],
        events[0][5],
        events[0][6],
    ]
    assert any(e[3] == "action.created" and e[2] == "UCHAIR1" for e in events)
    assert "Gäng" not in result.stdout and "Entrén" not in result.stdout  # no report text
    later = run_bot("audit", "--since", "2030-01-01", env=env)
    assert later.stdout.strip().splitlines()[1:] == []


def test_retention_is_a_dry_run_first_then_once(tmp_path: Path):
    env = {**seeded(tmp_path), "ORAT_RETENTION": "alla alla 1 anonymisera"}
    dry = run_bot("retention", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert (
        f"gallring (provkörning) {TEAM_ID}: anonymised=0" in dry.stdout and "would_anonymise=2" in dry.stdout
    )
    engine = make_engine(env["DATABASE_URL"])
    assert {r.description for r in all_rows(engine, Report)} != {"[gallrad]"}

    first = run_bot("retention", env=env)
    second = run_bot("retention", env=env)
    assert f"{TEAM_ID}: anonymised=2, deleted=0" in first.stdout, first.stderr
    assert f"{TEAM_ID}: anonymised=0, deleted=0" in second.stdout
    reports = all_rows(engine, Report)
    assert {(r.description, r.place, r.reporter_user_id) for r in reports} == {
        ("[gallrad]", "[gallrad]", "ANONYM")
    }
    assert all(r.anonymised_at is not None for r in reports)
    engine.dispose()
