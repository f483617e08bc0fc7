"""Odd text after ``/orat statistik``, ``/orat lagesbild`` and ``/orat möte flytta`` (issue 14,
defect 7): through the real app (signed HTTP in, the fake Slack out, SQLite and PostgreSQL) every
text gets HTTP 200 and a Swedish answer; a year outside what Örat counts with is named in its own
message; nothing is uploaded or stored, and no listener fails. Before the fix, the strings of the
issue raised ValueError/OverflowError in the listener: no answer, or HTTP 404 after 3 s.

The command line's ``tick --at`` and ``lagesbild --from/--to`` refuse such instants in one line too.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.texts import SV
from handlers import ids
from storage.models import Meeting
from tests.conftest import RunningApp
from tests.e2e.test_cli import run_bot
from tests.e2e.test_hardening import Probe, _settings, stored
from tests.support.command_text import COMMAND_TEXT, DEFECT_PERIODS, MOVE_TEXT
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.slack_requests import SIGNING_SECRET

CHAIR = "UCHAIR1"  # a chair (settings.chairs): may see statistics and move meetings
RANGE = "(2000–2100)"  # bot.domain.parsing.FIRST_YEAR, LAST_YEAR
FILE_CALLS = ("files.getUploadURLExternal", "files.completeUploadExternal", "conversations.open")


def everything_stored(app: RunningApp) -> dict[str, int]:
    figures = stored(app.runtime.engine)
    with Session(app.runtime.engine) as session:
        figures["meetings"] = session.scalar(select(func.count()).select_from(Meeting)) or 0
    return figures


def ask(probe: Probe, fake_slack: FakeSlack, text: str, user: str = CHAIR) -> list[str]:
    """``/orat {text}`` from ``user``; the answers that reached the response_url. ``probe.send``
    fails on a 5xx or on anything the app logs at ERROR (``listener failed`` and the like)."""
    before = len(fake_slack.calls_to("response_url"))
    result = probe.send(ids.ORAT_COMMAND, {"command": ids.ORAT_COMMAND, "text": text, "user_id": user})
    assert result.status == 200, (text, result)
    return [call.args.get("text") or "" for call in fake_slack.calls_to("response_url")[before:]]


def year_refusal(year: str) -> str:
    return f"Året {year} ligger utanför det Örat räknar med {RANGE}."


# (what the chair types after /orat, the year the answer names)
ODD_TEXTS = [
    *(
        (f"{sub} {period}", period[-4:] if " " in period else period[:4])
        for sub in ("statistik", "lagesbild")
        for period in DEFECT_PERIODS
    ),
    ("statistik 9999-12", "9999"),
    ("statistik v52 9999", "9999"),
    ("lägesbild q4 9999", "9999"),
    ("statistik 0001-01-01–0001-01-31", "0001"),
    ("lagesbild 1999-12-01–2000-01-31", "1999"),
    ("möte flytta 31/12 9999 23:59", "9999"),
    ("möte flytta 1/1 0001 till 2/12 10:00", "0001"),
    ("möte flytta 2026-12-08 till 9999-12-31 10:00", "9999"),
    ("möte ställ in 31/12 9999", "9999"),
]


@pytest.mark.parametrize(("text", "year"), ODD_TEXTS)
def test_a_year_outside_the_range_gets_its_own_swedish_answer_and_nothing_happens(
    app_server: RunningApp, fake_slack: FakeSlack, text: str, year: str
):
    before = everything_stored(app_server)
    with Probe(app_server) as probe:
        answers = ask(probe, fake_slack, text)
    assert answers == [year_refusal(year)], text
    assert not any(fake_slack.calls_to(method) for method in FILE_CALLS)
    assert everything_stored(app_server) == before


def test_nonsense_gets_the_usage_text_and_anyone_gets_an_answer(
    app_server: RunningApp, fake_slack: FakeSlack
):
    """A chair's nonsense gets the usage text; the period is read before the permission check, so
    a school head without access to statistics is told about the year too, not left unanswered."""
    with Probe(app_server) as probe:
        for sub in ("statistik", "lagesbild"):
            assert ask(probe, fake_slack, f"{sub} förra sommaren") == [SV["denied.statistics_usage"]]
            assert ask(probe, fake_slack, f"{sub} q1 0000", user="UHEAD1") == [year_refusal("0000")]
        assert ask(probe, fake_slack, "möte flytta 31/12 25:00") == [SV["denied.move_usage"]]
        assert ask(probe, fake_slack, "möte flytta 32/13 9999 23:59") == [year_refusal("9999")]
    assert not any(fake_slack.calls_to(method) for method in FILE_CALLS)


# Swedish answers these three commands may give (success or refusal).
ANSWERS = {SV[key] for key in SV if key.startswith("denied.")}
ANSWER_PREFIXES = ("Statistiken för ", "Lägesbilden för ", "Klart: mötet ", "Året ", "Okänt format ")


@pytest.mark.parametrize("sub", ["statistik", "lagesbild", "möte flytta"])
def test_arbitrary_text_always_gets_http_200_and_a_swedish_answer(
    app_server: RunningApp, fake_slack: FakeSlack, sub: str
):
    kinds: Counter[str] = Counter()
    with Probe(app_server) as probe:

        @_settings(examples=40)
        @given(text=MOVE_TEXT if sub == "möte flytta" else COMMAND_TEXT)
        def run(text: str) -> None:
            answers = ask(probe, fake_slack, f"{sub} {text}")
            assert answers, (sub, text)
            first = answers[0]
            assert first in ANSWERS or first.startswith(ANSWER_PREFIXES), (sub, text, first)
            if first.startswith("Året "):
                assert first.endswith(f"{RANGE}.")
            kinds[next((p for p in ANSWER_PREFIXES if first.startswith(p)), first[:24])] += 1

        run()
    tally = probe.tally
    print(f"\nodd_command_text[{sub}/{probe.dialect}]: inputs={tally.inputs} answers={dict(kinds)}")
    assert tally.inputs >= 40 and tally.statuses == Counter({200: tally.inputs})


# ================================================================================ the command line
@pytest.mark.parametrize(
    ("at", "said"),
    [
        (
            "9999-12-31T23:59",
            "--at '9999-12-31T23:59': året 9999 ligger utanför de år Örat räknar med (2000–2100).",
        ),
        ("0001-01-01T00:00", "--at '0001-01-01T00:00': året 0001 ligger utanför"),
        ("0000-01-01T00:00", "--at '0000-01-01T00:00': året 0000 ligger utanför"),
        ("nonsense", "--at ska vara en tidpunkt i ISO 8601"),
        ("2026-12-01T08:00+25:00", "--at ska vara en tidpunkt i ISO 8601"),
    ],
)
def test_tick_refuses_an_instant_outside_the_range_in_one_swedish_line(tmp_path: Path, at: str, said: str):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'orat.db'}",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": "http://127.0.0.1:9/api/",  # nothing may be posted
    }
    assert run_bot("migrate", env=env, cwd=tmp_path).returncode == 0
    result = run_bot("tick", "--at", at, env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("orat: ") and said in lines[0], result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--from", "0001-01-01", "--to", "0001-01-31"], "--from '0001-01-01': året 0001 ligger utanför"),
        (["--from", "2026-01-01", "--to", "9999-12-31"], "--to '9999-12-31': året 9999 ligger utanför"),
        (["--from", "0000-01-01"], "--from '0000-01-01': året 0000 ligger utanför"),
        (["--to", "igår"], "--to ska vara ett datum i ISO 8601"),
    ],
)
def test_lagesbild_refuses_days_outside_the_range_in_one_swedish_line(
    tmp_path: Path, options: list[str], said: str
):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'orat.db'}"}
    assert run_bot("migrate", env=env, cwd=tmp_path).returncode == 0
    result = run_bot("lagesbild", *options, "--team", TEAM_ID, "--out", str(tmp_path / "ut"), env=env)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("orat: ") and said in lines[0], result.stderr
    assert f"{RANGE}" in lines[0] or "ISO 8601" in lines[0]
    assert "Traceback" not in result.stderr and not (tmp_path / "ut").exists()


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("rapport ÖMM-2026-99999999999", "denied.report_usage"),
        ("logg ÖMM-2026-" + "9" * 30, "denied.log_usage"),
        ("rapport ÖMM-0000-0001", "denied.report_not_found"),
    ],
)
def test_a_reference_with_an_absurd_number_is_explained(
    app_server: RunningApp, fake_slack: FakeSlack, text: str, answer: str
):
    """Before: the number went to the database as is (PostgreSQL: integer out of range; SQLite:
    OverflowError) and the listener failed."""
    with Probe(app_server) as probe:
        assert ask(probe, fake_slack, text) == [SV[answer]]
