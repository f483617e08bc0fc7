"""Which instants a jump of the sandbox's clock runs, and which morning the reminder jump picks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.domain.meetings import PlannedMeeting
from bot.domain.reminders import ReminderRules
from bot.domain.rounds import RoundRule
from bot.sandbox.timeline import (
    ROUND,
    ROUND_REMINDER,
    Instant,
    happenings,
    instants_between,
    next_reminder_morning,
    round_instants,
    summary,
)
from tests.conftest import STOCKHOLM


def at(day: int, hour: int, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=STOCKHOLM)


def meeting(day: int) -> PlannedMeeting:
    starts = at(day, 9)
    draft = starts - timedelta(hours=21)  # the day before, 12:00
    return PlannedMeeting(starts, starts, starts - timedelta(days=1), draft, at(day, 8))


def test_a_jump_stops_at_every_meeting_moment_and_working_morning_in_order():
    found = instants_between(
        at(4, 10),
        at(9, 10),
        meetings=[meeting(1), meeting(8), meeting(15)],
        minutes_after=timedelta(hours=3),
        reminders_at=time(8, 0),
        digest=(0, time(8, 0)),
        tz=STOCKHOLM,
    )
    assert [(i.at.astimezone(STOCKHOLM).strftime("%d %H:%M"), i.meeting is not None) for i in found] == [
        ("07 08:00", False),  # Monday: reminders and the digest (Saturday, Sunday skipped)
        ("07 12:00", True),  # the draft for 8 December
        ("08 08:00", True),  # publication (same instant as the reminders)
        ("08 12:00", True),  # the minutes
        ("09 08:00", False),
        ("09 10:00", False),  # where the jump ends
    ]


def test_the_reminder_jump_goes_to_the_morning_a_reminder_is_due():
    rules = ReminderRules()
    # Due Tuesday 15 Dec, created 1 Dec: the first reminder is two working days before, Friday 11th.
    assert next_reminder_morning(
        at(3, 10), [(date(2026, 12, 15), date(2026, 12, 1))], rules, STOCKHOLM
    ) == at(11, 8)
    assert next_reminder_morning(
        at(11, 9), [(date(2026, 12, 15), date(2026, 12, 1))], rules, STOCKHOLM
    ) == at(15, 8)
    assert next_reminder_morning(at(3, 10), [], rules, STOCKHOLM) is None


def test_what_happened_is_said_in_swedish_with_plurals():
    runs = [
        (Instant(at(7, 12), meeting(8)), {"agenda_drafts": 1}),
        (Instant(at(8, 8), meeting(8)), {"agendas_published": 1, "reminders": 2}),
        (Instant(at(8, 12), meeting(8)), {"minutes": 1, "reminders": 1, "digests": 1}),
    ]
    said = happenings(runs, STOCKHOLM)
    assert said == [
        "utkast till dagordningen 8 dec",
        "dagordningen 8 dec publicerad",
        "protokollet 8 dec",
        "3 påminnelser",
        "1 veckosammanställning",
    ]
    assert summary(said).startswith("Schemalagt arbete kört: Utkast till dagordningen 8 dec, ")
    assert summary([]) == "Klockan flyttad. Inget schemalagt arbete var på tur."


def test_a_jump_stops_where_a_held_back_message_is_due_and_says_the_school_was_asked():
    """The school's "Är problemet löst?" waits two weeks after Klar; a jump past it sends it at its
    moment (here Christmas Day, 08:00, when no reminder morning falls), and the toast says so."""
    found = instants_between(
        at(24, 10),
        at(28, 10),
        meetings=[],
        minutes_after=timedelta(hours=3),
        reminders_at=time(8, 0),
        digest=(0, time(8, 0)),
        tz=STOCKHOLM,
        held=[(at(25, 8), "solved_check"), (at(30, 8), "solved_check")],
    )
    assert [(i.at.astimezone(STOCKHOLM).strftime("%d %H:%M"), i.held) for i in found] == [
        ("25 08:00", ("solved_check",)),
        ("28 08:00", ()),  # Monday: reminders and the digest
        ("28 10:00", ()),
    ]
    said = happenings([(found[0], {"sent": 1}), (found[1], {"sent": 0})], STOCKHOLM)
    assert said == ["frågan till skolan om problemet är löst"]
    assert happenings([(found[0], {"sent": 0})], STOCKHOLM) == []  # held up: nothing went out


def test_the_weekly_round_and_its_reminder_are_instants_a_jump_stops_at():
    # Meetings Tuesday 8 and 15 December 09:00, cutoff the Monday 09:00: the round asks the Friday
    # before at 09:00 and reminds the Monday at 08:00.
    rounds = round_instants([meeting(8), meeting(15)], RoundRule(), time(8, 0), STOCKHOLM)
    assert [(when.astimezone(STOCKHOLM).strftime("%d %H:%M"), kind) for when, kind in rounds] == [
        ("04 09:00", ROUND),
        ("07 08:00", ROUND_REMINDER),
        ("11 09:00", ROUND),
        ("14 08:00", ROUND_REMINDER),
    ]
    assert round_instants([meeting(8)], None, time(8, 0), STOCKHOLM) == []  # ORAT_ROUND=av
    found = instants_between(
        at(4, 8),
        at(4, 10),
        meetings=[],
        minutes_after=timedelta(hours=3),
        reminders_at=time(7, 0),
        digest=(0, time(7, 0)),
        tz=STOCKHOLM,
        held=rounds,
    )
    assert [(i.at.astimezone(STOCKHOLM).strftime("%H:%M"), i.held) for i in found] == [
        ("09:00", (ROUND,)),
        ("10:00", ()),
    ]
    said = happenings([(found[0], {"round_units": 3}), (found[1], {"round_reminded_units": 1})], STOCKHOLM)
    assert said == ["3 enheter tillfrågade i veckans runda", "1 enhet påmind i veckans runda"]
