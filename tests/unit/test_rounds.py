"""The weekly round's rule: when each unit is asked and reminded before a meeting's cutoff, in
Europe/Stockholm, skipping weekends and Swedish public holidays, across the DST weekends; no round
for holiday weeks or cancelled meetings; the coverage counts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.config import ConfigError, Settings
from bot.domain.meetings import MeetingOverride, MeetingSchedule, planned_meetings
from bot.domain.rounds import RoundRule, coverage, parse_round_rule, round_times

TZ = ZoneInfo("Europe/Stockholm")
EIGHT = time(8, 0)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


DEFAULT = RoundRule()


def times_for(meeting: datetime, rule: RoundRule = DEFAULT):
    [planned] = planned_meetings(meeting, meeting.replace(hour=23), MeetingSchedule(), TZ)
    return round_times(planned.cutoff_at, rule, EIGHT, TZ)


def test_the_round_rule_reads_days_and_a_time_or_off():
    assert parse_round_rule("1 09:00") == RoundRule(1, time(9, 0))
    assert parse_round_rule(" 0 kl. 7.30 ") == RoundRule(0, time(7, 30))
    assert parse_round_rule("AV") is None
    for bad in ("fredag 09:00", "1", "1 25:00", "11 09:00", "-1 09:00"):
        with pytest.raises(ValueError):
            parse_round_rule(bad)


def test_orat_round_defaults_on_and_a_bad_value_is_a_swedish_config_error():
    assert Settings.from_env({}).weekly_round == RoundRule(1, time(9, 0))
    assert Settings.from_env({"ORAT_ROUND": "av"}).weekly_round is None
    assert Settings.from_env({"ORAT_ROUND": "2 13:15"}).weekly_round == RoundRule(2, time(13, 15))
    with pytest.raises(ConfigError, match=r"^ORAT_ROUND: ange antal arbetsdagar"):
        Settings.from_env({"ORAT_ROUND": "på fredag"})


def test_an_ordinary_week_asks_the_working_day_before_the_cutoff_and_reminds_its_morning():
    # Meeting Tuesday 8 December 09:00: cutoff Monday 09:00, asked Friday 09:00, reminded Monday 08:00.
    times = times_for(local(2026, 12, 8, 9, 0))
    assert times is not None
    assert times.asked_at == local(2026, 12, 4, 9, 0)
    assert times.reminder_at == local(2026, 12, 7, 8, 0)
    assert times.cutoff_at == local(2026, 12, 7, 9, 0)


def test_the_round_keeps_its_local_time_across_the_spring_dst_weekend():
    # Summer time begins Sunday 29 March 2026: asked Friday 09:00 CET, reminded Monday 08:00 CEST.
    times = times_for(local(2026, 3, 31, 9, 0))
    assert times is not None
    assert times.asked_at == datetime(2026, 3, 27, 8, 0, tzinfo=UTC)
    assert times.reminder_at == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)
    assert times.asked_at.astimezone(TZ).hour == times.reminder_at.astimezone(TZ).hour + 1 == 9


def test_the_round_keeps_its_local_time_across_the_autumn_dst_weekend():
    # Summer time ends Sunday 25 October 2026: asked Friday 09:00 CEST, reminded Monday 08:00 CET.
    times = times_for(local(2026, 10, 27, 9, 0))
    assert times is not None
    assert times.asked_at == datetime(2026, 10, 23, 7, 0, tzinfo=UTC)
    assert times.reminder_at == datetime(2026, 10, 26, 7, 0, tzinfo=UTC)


def test_holidays_before_the_cutoff_are_skipped():
    # Meeting Tuesday 7 April 2026, cutoff Annandag påsk: Långfredag (3 April) is no working day either.
    times = times_for(local(2026, 4, 7, 9, 0))
    assert times is not None
    assert times.asked_at == local(2026, 4, 2, 9, 0)
    two_days = times_for(local(2026, 4, 7, 9, 0), RoundRule(2, time(9, 0)))
    assert two_days is not None and two_days.asked_at == local(2026, 4, 1, 9, 0)


def test_a_round_not_before_the_cutoff_is_none_and_a_reminder_after_the_cutoff_is_left_out():
    cutoff = local(2026, 12, 7, 9, 0).astimezone(UTC)
    assert round_times(cutoff, RoundRule(0, time(10, 0)), EIGHT, TZ) is None
    same_day = round_times(cutoff, RoundRule(0, time(7, 0)), EIGHT, TZ)
    assert same_day is not None and same_day.reminder_at == local(2026, 12, 7, 8, 0)
    late_reminder = round_times(cutoff, RoundRule(), time(9, 30), TZ)
    assert late_reminder is not None and late_reminder.reminder_at is None


def test_holiday_weeks_and_cancelled_meetings_have_no_round():
    schedule = MeetingSchedule()
    start, until = local(2025, 12, 29, 0, 0), local(2026, 1, 21, 0, 0)
    # Trettondedag jul is Tuesday 6 January 2026: no meeting that week, so nothing to ask about.
    held = [m.starts_at for m in planned_meetings(start, until, schedule, TZ)]
    assert local(2026, 1, 6, 9, 0) not in held
    assert local(2025, 12, 30, 9, 0) in held and local(2026, 1, 13, 9, 0) in held
    cancelled = MeetingOverride(local(2026, 1, 13, 9, 0).astimezone(UTC), None)
    after_cancelling = [m.starts_at for m in planned_meetings(start, until, schedule, TZ, [cancelled])]
    assert local(2026, 1, 13, 9, 0) not in after_cancelling
    rounds = [
        round_times(m.cutoff_at, RoundRule(), EIGHT, TZ)
        for m in planned_meetings(start, until, schedule, TZ, [cancelled])
    ]
    asked = [r.asked_at.astimezone(TZ).date().isoformat() for r in rounds if r is not None]
    # 30 December: cutoff Monday 29th, and 24–26 December are no working days: asked on the 23rd.
    assert asked == ["2025-12-23", "2026-01-16"]


def test_coverage_counts_answers_and_lists_who_has_not_answered():
    units = [(1, "Rosengårdsskolan"), (2, "Kirsebergsskolan"), (3, "Holmaskolan"), (4, "Polisen")]
    cover = coverage(units, nothing_new=[1, 2, 99], reported=[2])
    assert (cover.units, cover.answered, cover.nothing_new) == (4, 2, 1)  # a report counts over "Inget nytt"
    assert cover.missing == ("Holmaskolan", "Polisen")
    assert coverage([], [], []).missing == ()


def test_the_round_blocks_escape_unit_names_and_say_who_has_not_answered():
    from bot.results.rounds import RoundAnswered, RoundQuestion
    from bot.texts import Texts
    from handlers.blocks.rounds import coverage_line, missing_line, round_answered, round_question

    sv = Texts("sv")
    meeting = local(2026, 12, 8, 9, 0).astimezone(UTC)
    question = round_question(
        RoundQuestion(7, meeting, local(2026, 12, 7, 9, 0), 3, "Skola <!channel> & co"), sv, TZ
    )
    assert (
        question.text
        == "Inför mötet tisdag 8 december: har *Skola &lt;!channel&gt; &amp; co* något att rapportera?"
    )
    buttons = [e for b in question.blocks if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        ("round_report", "7:3"),
        ("round_nothing_new", "7:3"),
    ]
    answered = round_answered(
        RoundAnswered(meeting, "Holmaskolan", "nothing_new", "UHEAD1", local(2026, 12, 4, 10, 15)), sv, TZ
    )
    assert not [b for b in answered.blocks if b["type"] == "actions"]
    assert "✅ Holmaskolan: *Inget nytt* – svar från <@UHEAD1> fre 4 dec. 10:15." in json.dumps(
        answered.blocks, ensure_ascii=False
    )
    reported = round_answered(
        RoundAnswered(
            meeting, "Skola <b> & co", "reported", "UHEAD1", local(2026, 12, 4, 10, 15), "ÖMM-2026-0031"
        ),
        sv,
        TZ,
    )
    assert "✅ Skola &lt;b&gt; &amp; co har rapporterat (ÖMM-2026-0031) – <@UHEAD1> fre 4 dec. 10:15." in (
        json.dumps(reported.blocks, ensure_ascii=False)
    )
    one = coverage([(1, "A")], [], [1])
    assert coverage_line(one, sv) == "1 av 1 enhet har svarat, 0 utan nya händelser"
    assert missing_line(one, sv) is None
    many = coverage([(i, f"Skola {i} <x>") for i in range(1, 31)], [1, 2], [3])
    assert coverage_line(many, sv) == "3 av 30 enheter har svarat, 2 utan nya händelser"
    line = missing_line(many, sv)
    assert line is not None and line.startswith("Har inte svarat (27 enheter): Skola 10 &lt;x&gt;, Skola 11")
