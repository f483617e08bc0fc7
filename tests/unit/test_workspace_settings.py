"""The settings form's validation and how stored settings override the environment's defaults."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bot.config import Settings
from bot.domain.meetings import MeetingSchedule
from bot.domain.retention import RetentionAction, RetentionScope
from bot.domain.workspace_settings import (
    Checklist,
    WorkspaceSettings,
    as_form,
    resolve,
    validate,
)

DEFAULTS = Settings.from_env(
    {
        "ORAT_MEETING_CHANNEL": "C0MEETING",
        "ORAT_CHAIRS": "UCHAIR1",
        "ORAT_RETENTION": "alla avslutade 24 anonymisera",
        "ORAT_MEETING_BREAKS": "2026-06-22..2026-08-09",
    }
).workspace_defaults()


def test_the_defaults_are_the_environments():
    assert DEFAULTS.meeting_channel == "C0MEETING" and DEFAULTS.chairs == ("UCHAIR1",)
    assert DEFAULTS.meeting == MeetingSchedule(breaks=((date(2026, 6, 22), date(2026, 8, 9)),))
    assert DEFAULTS.retention[0].months == 24


def test_the_form_shows_the_defaults_and_validates_them_unchanged():
    form = as_form(DEFAULTS)
    assert form["meeting"] == "tisdag 09:00"
    assert form["breaks"] == "2026-06-22..2026-08-09"
    assert form["retention"] == "alla avslutade 24 anonymisera"
    assert (form["cutoff_hours"], form["publish_minutes_before"], form["draft_time"]) == ("24", "60", "12:00")
    values, errors = validate(form)
    assert errors == {}
    assert resolve(DEFAULTS, values) == DEFAULTS


@pytest.mark.parametrize(
    ("field", "text", "error"),
    [
        ("meeting", "tisdagar", "Ange veckodag och tid, t.ex. \"tisdag 09:00\", inte 'tisdagar'."),
        ("meeting", "tisdag 24:00", "Ogiltig tid i 'tisdag 24:00'."),
        ("meeting", "FREQ=WEEKLY;BYDAY=XX", "Ogiltig RRULE"),
        ("breaks", "2026-13-01..2026-13-05", "Uppehåll skrivs ÅÅÅÅ-MM-DD..ÅÅÅÅ-MM-DD"),
        ("breaks", "2026-08-09..2026-06-22", "slutar före det börjar"),
        ("cutoff_hours", "-1", "Skriv ett heltal ≥ 0"),
        ("cutoff_hours", "ett dygn", "Skriv ett heltal ≥ 0"),
        ("cutoff_hours", "99999", "högst 8760"),
        ("overdue_every_days", "0", "Skriv ett positivt heltal"),
        ("draft_time", "12", "Skriv en tid som 08:00, inte '12'."),
        ("reminder_time", "8:75", "Skriv en tid som 08:00"),
        ("digest", "FREQ=WEEKLY;BYDAY=MO", "Ange en veckodag och en tid"),
        ("retention", "alla avslutade", "ska ha fyra delar"),
        ("retention", "cyklar alla 12 radera", "okänd kategori 'cyklar'"),
        ("language", "de", "Välj ett av sv, en."),
        ("reporters", "vissa", "Välj ett av alla, enheter."),
        ("meeting", "   ", "Fältet får inte vara tomt."),
        ("meeting_channel", "allmänt", "Välj mötets kanal."),
        ("chairs", [], "Mötet behöver minst en ordförande."),
        ("chairs", ["nisse"], "Välj personer i listan."),
    ],
)
def test_each_bad_value_gets_a_swedish_sentence_and_nothing_is_to_be_stored(field, text, error):
    form = {**as_form(DEFAULTS), field: text}
    values, errors = validate(form)
    assert list(errors) == [field]
    assert error in errors[field]
    assert errors[field][0].isupper() and errors[field].endswith(".")
    assert values == {}


def test_good_values_parse_into_the_settings():
    form = {
        **as_form(DEFAULTS),
        "meeting": "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;BYHOUR=10;BYMINUTE=0",
        "breaks": "",
        "cutoff_hours": "48",
        "draft_days_before": "2",
        "draft_time": "9.30",
        "publish_minutes_before": "30",
        "remind_days_before": "0",
        "overdue_every_days": "5",
        "escalate_after": "1",
        "reminder_time": "07:15",
        "digest": "fredag 15:00",
        "retention": "gäng alla 60 radera; alla avslutade 12 anonymisera",
        "language": "en",
        "reporters": "enheter",
        "chairs": ["UCHAIR1", "UCHAIR2", "UCHAIR1"],
        "admins": [],
    }
    values, errors = validate(form)
    assert errors == {}
    assert values["chairs"] == ["UCHAIR1", "UCHAIR2"]  # each once
    settings = resolve(DEFAULTS, values)
    meeting = settings.meeting
    assert meeting.rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;BYHOUR=10;BYMINUTE=0"
    assert (meeting.breaks, meeting.cutoff, meeting.draft_days_before) == ((), timedelta(hours=48), 2)
    assert (meeting.draft_at, meeting.publish_before) == (time(9, 30), timedelta(minutes=30))
    assert settings.reminders.days_before == 0 and settings.reminders.overdue_every == 5
    assert settings.reminders.escalate_after == 1 and settings.reminders.at == time(7, 15)
    assert (settings.digest.weekday, settings.digest.at) == (4, time(15, 0))
    first, second = settings.retention
    assert (first.scope, first.months, first.action) == (RetentionScope.ALL, 60, RetentionAction.DELETE)
    assert second.category is None and second.action is RetentionAction.ANONYMISE
    assert (settings.language, settings.reporters, settings.admins) == ("en", "enheter", ())
    assert settings.meeting_channel == "C0MEETING"  # what the form left alone


def test_a_stored_value_that_no_longer_parses_leaves_the_default():
    stored = {"meeting": "varannan tisdag", "reminder_time": "10:00", "chairs": "UCHAIR9", "language": "fi"}
    settings = resolve(DEFAULTS, stored)
    assert settings.meeting == DEFAULTS.meeting and settings.chairs == DEFAULTS.chairs
    assert settings.language == "sv" and settings.reminders.at == time(10, 0)


def test_fields_left_out_of_the_form_are_left_out_of_what_is_stored():
    values, errors = validate({"meeting": "onsdag 10:00"})
    assert (values, errors) == ({"meeting": "onsdag 10:00"}, {})
    assert resolve(DEFAULTS, values).meeting.weekday == 2


def test_the_lagesbild_goes_to_its_own_channel_else_the_meeting_channel():
    assert WorkspaceSettings(meeting_channel="C1").snapshot_channel == "C1"
    assert WorkspaceSettings(meeting_channel="C1", lagesbild_channel="C2").snapshot_channel == "C2"


def test_the_checklist_is_done_when_all_three_are():
    assert not Checklist(True, True, False).done
    assert Checklist(True, True, True).done
