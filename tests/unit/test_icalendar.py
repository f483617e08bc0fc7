"""The /orat kalender file, read back with the icalendar parser as a calendar program would read it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from bot.domain.meetings import CalendarEntry
from bot.files.calendar import Deadline, calendar_file, deadline_uid, meeting_uid, vtimezone
from bot.texts import Texts

TZ = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
TEAM = "T0123"

# Tuesdays at 09:00 in Malmö: in summer time 07:00 UTC, in winter time 08:00 UTC.
SPRING = datetime(2026, 3, 31, 7, 0, tzinfo=UTC)  # two days after the change to summer time
AUTUMN = datetime(2026, 10, 27, 8, 0, tzinfo=UTC)  # two days after the change back
DECEMBER = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
MOVED_TO = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)  # Wednesday 10:30
BREAK = datetime(2026, 12, 22, 8, 0, tzinfo=UTC)
CHRISTMAS = datetime(2029, 12, 25, 8, 0, tzinfo=UTC)  # Juldagen falls on a Tuesday in 2029
CALLED_OFF = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)

HOSTILE = (
    "Ta bort klotter, sanera; byt lampor \\ och kolla C:\\temp\\n – inte en radbrytning\n"
    "Rad två: åäö ÅÄÖ é ü, \"citat\" och 'apostrof'; 100% klart:snart\n\n"
    "\tSista stycket, efter en tom rad. " + "Mycket lång text om Ystadvägen och Amiralsgatan, " * 12
)


def deadline(**changes: Any) -> Deadline:
    values: dict[str, Any] = {
        "action_id": 12,
        "reference": "ÖMM-2026-0012",
        "description": "Polisen patrullerar vid entrén fredagskvällar",
        "unit": "Polisen",
        "school": "Rosengårdsskolan",
        "place": "Entrén mot Ystadvägen",
        "due_on": date(2026, 4, 2),
    }
    values.update(changes)
    return Deadline(**values)


def build(
    meetings: list[CalendarEntry] | None = None,
    deadlines: list[Deadline] | None = None,
    *,
    language: str = "sv",
    now: datetime = NOW,
    location: str | None = None,
) -> bytes:
    return calendar_file(
        team_id=TEAM,
        meetings=[CalendarEntry(SPRING, SPRING)] if meetings is None else meetings,
        deadlines=[] if deadlines is None else deadlines,
        now=now,
        tz=TZ,
        texts=Texts(language),
        location=location,
    )


def events(data: bytes) -> list[Event]:
    return Calendar.from_ical(data).events


def event_with_uid(data: bytes, uid: str) -> Event:
    [event] = [e for e in events(data) if str(e["UID"]) == uid]
    return event


def test_the_file_is_a_publishable_calendar_with_crlf_line_ends():
    data = build()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare LF anywhere
    cal = Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//Malmö stad//Örat//SV"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Örat mot marken"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Stockholm"
    data.decode("utf-8")  # UTF-8 throughout


def test_one_event_per_meeting_entry_and_per_deadline():
    data = build(
        [
            CalendarEntry(SPRING, SPRING),
            CalendarEntry(DECEMBER, MOVED_TO),
            CalendarEntry(BREAK, None, "uppehåll"),
        ],
        [deadline(), deadline(action_id=13, due_on=date(2026, 4, 9))],
    )
    assert len(events(data)) == 5
    uids = {str(e["UID"]) for e in events(data)}
    assert uids == {
        "meeting-T0123-20260331T070000Z@orat",
        "meeting-T0123-20261201T080000Z@orat",
        "meeting-T0123-20261222T080000Z@orat",
        "action-T0123-12@orat",
        "action-T0123-13@orat",
    }


@pytest.mark.parametrize("instant", [SPRING, AUTUMN])
def test_a_meeting_starts_at_nine_stockholm_time_on_both_sides_of_the_dst_change(instant: datetime):
    data = build([CalendarEntry(instant, instant)], location="Stadshuset, rum 3")
    event = event_with_uid(data, meeting_uid(TEAM, instant))
    assert event.start == instant  # the same instant, whatever the offset
    assert event.start.astimezone(TZ).hour == 9
    assert event.end - event.start == timedelta(hours=1)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(event["SUMMARY"]) == "Örat mot marken"
    assert str(event["LOCATION"]) == "Stadshuset, rum 3"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event["DTSTAMP"].dt == NOW
    description = str(event["DESCRIPTION"])
    assert "/rapportera" in description and "Dagordningen kommer i Slack" in description
    raw = data.decode()
    local = "20260331T090000" if instant == SPRING else "20261027T090000"
    assert f"DTSTART;TZID=Europe/Stockholm:{local}\r\n" in raw


def test_the_vtimezone_is_there_in_the_rrule_form_outlook_reads_and_agrees_with_the_tz_database():
    data = build([CalendarEntry(SPRING, SPRING), CalendarEntry(AUTUMN, AUTUMN)])
    cal = Calendar.from_ical(data)
    [component] = cal.timezones
    assert component.tz_name == "Europe/Stockholm"
    assert cal.get_missing_tzids() == set()
    raw = data.decode()
    assert raw.index("BEGIN:VTIMEZONE") < raw.index("BEGIN:VEVENT")  # defined before it is used
    assert "RDATE" not in raw
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in raw
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in raw
    # The definition itself, not the TZID looked up in the tz database, gives the right offsets.
    defined = component.to_tz(lookup_tzid=False)
    for local in (
        datetime(2026, 3, 29, 1, 59),
        datetime(2026, 3, 29, 3, 0),
        datetime(2026, 3, 31, 9, 0),
        datetime(2026, 10, 25, 1, 0),
        datetime(2026, 10, 25, 4, 0),
        datetime(2026, 10, 27, 9, 0),
        datetime(2027, 7, 6, 9, 0),
    ):
        assert local.replace(tzinfo=defined).utcoffset() == local.replace(tzinfo=TZ).utcoffset(), local


def test_a_moved_meeting_keeps_the_uid_of_its_regular_slot_and_is_sequence_one():
    before = build([CalendarEntry(DECEMBER, DECEMBER)])
    after = build([CalendarEntry(DECEMBER, MOVED_TO)], now=NOW + timedelta(days=3))
    uid = meeting_uid(TEAM, DECEMBER)
    held, moved = event_with_uid(before, uid), event_with_uid(after, uid)
    assert uid == "meeting-T0123-20261201T080000Z@orat"
    assert held.start == DECEMBER and held["SEQUENCE"] == 0
    assert moved.start == MOVED_TO
    assert moved.start.astimezone(TZ).replace(tzinfo=None) == datetime(2026, 12, 2, 10, 30)
    assert moved["SEQUENCE"] == 1
    assert moved["DTSTAMP"].dt > held["DTSTAMP"].dt
    assert str(moved["DESCRIPTION"]).startswith("Flyttat från tisdag 1 december kl. 09:00\n")
    assert str(moved["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize(
    ("regular", "reason", "summary"),
    [
        (CHRISTMAS, "Juldagen", "Inställt: Juldagen"),
        (BREAK, "uppehåll", "Inställt – uppehåll"),
        (CALLED_OFF, "inställt", "Inställt – Örat mot marken"),
    ],
)
def test_a_meeting_that_is_not_held_is_its_regular_slot_cancelled(
    regular: datetime, reason: str, summary: str
):
    data = build([CalendarEntry(regular, None, reason)])
    event = event_with_uid(data, meeting_uid(TEAM, regular))
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert str(event["SUMMARY"]) == summary
    assert event.start == regular
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert "hålls inte" in str(event["DESCRIPTION"])


def test_a_deadline_is_an_all_day_event_with_a_stable_uid_and_a_reminder_the_morning_before():
    data = build([], [deadline()])
    event = event_with_uid(data, "action-T0123-12@orat")
    assert type(event.start) is date and event.start == date(2026, 4, 2)
    assert type(event.end) is date and event.end == date(2026, 4, 3)
    raw = data.decode()
    assert "DTSTART;VALUE=DATE:20260402\r\n" in raw
    assert "DTEND;VALUE=DATE:20260403\r\n" in raw
    assert str(event["SUMMARY"]) == "Slutdatum ÖMM-2026-0012: Polisen patrullerar vid entrén fredagskvällar"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event["SEQUENCE"] == 0
    description = str(event["DESCRIPTION"])
    for part in ("Rosengårdsskolan", "Entrén mot Ystadvägen", "Polisen", "/orat mina", "Klar"):
        assert part in description
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(hours=-15)  # 09:00 the day before
    assert str(alarm["DESCRIPTION"]) == "Klart senast i morgon: ÖMM-2026-0012"
    # Only meetings use a TZID; a file of deadlines alone needs no VTIMEZONE.
    assert "BEGIN:VTIMEZONE" not in raw


def test_a_new_due_date_keeps_the_uid_so_reimporting_moves_the_event():
    first = build([], [deadline(due_on=date(2026, 4, 2))])
    later = build([], [deadline(due_on=date(2026, 4, 16))], now=NOW + timedelta(days=7))
    uid = deadline_uid(TEAM, 12)
    old, new = event_with_uid(first, uid), event_with_uid(later, uid)
    assert (old.start, new.start) == (date(2026, 4, 2), date(2026, 4, 16))
    assert new["DTSTAMP"].dt > old["DTSTAMP"].dt


def test_text_typed_by_people_comes_back_exactly_after_escaping_and_folding():
    hostile_place = "Bakom gympasalen; vid cykelstället, \\ norra sidan\nnära Ystadvägen"
    data = build([], [deadline(description=HOSTILE, place=hostile_place, school="Sofielundsskolan, Ö")])
    event = event_with_uid(data, deadline_uid(TEAM, 12))
    assert str(event["DESCRIPTION"]) == Texts("sv")(
        "calendar.deadline_description",
        reference="ÖMM-2026-0012",
        due="torsdag 2 april",
        school="Sofielundsskolan, Ö",
        place=hostile_place,
        unit="Polisen",
        description=HOSTILE,
    )
    summary = str(event["SUMMARY"])
    assert summary.startswith("Slutdatum ÖMM-2026-0012: Ta bort klotter, sanera; byt lampor \\ och kolla")
    assert summary.endswith("…")
    assert "\n" not in summary and "\r" not in summary
    assert len(summary) <= len("Slutdatum ÖMM-2026-0012: ") + 60
    unfolded = data.decode().replace("\r\n ", "")
    # Escaped on the wire, by the library: the comma, the semicolon, the backslash and the line break.
    assert (
        "Ta bort klotter\\, sanera\\; byt lampor \\\\ och kolla C:\\\\temp\\\\n – inte en radbrytning\\n"
        in unfolded
    )


def test_carriage_returns_become_line_breaks_and_other_control_characters_are_dropped():
    data = build([], [deadline(description="Rad ett\r\nRad två\rRad tre\x07\x00\x1b slut\ttab")])
    assert b"\r" not in data.replace(b"\r\n", b"")  # CR only as part of a line end
    assert not any(c < 0x20 and c not in (0x09, 0x0A, 0x0D) for c in data)
    event = event_with_uid(data, deadline_uid(TEAM, 12))
    assert "\n\nRad ett\nRad två\nRad tre slut\ttab\n\n" in str(event["DESCRIPTION"])
    assert str(event["SUMMARY"]) == "Slutdatum ÖMM-2026-0012: Rad ett Rad två Rad tre slut tab"


def test_every_physical_line_is_at_most_75_octets():
    data = build(
        [
            CalendarEntry(SPRING, SPRING),
            CalendarEntry(DECEMBER, MOVED_TO),
            CalendarEntry(BREAK, None, "uppehåll"),
        ],
        [deadline(description=HOSTILE), deadline(action_id=99, description="å" * 400)],
        location="Stadshuset, Stortorget 2, sammanträdesrum Ö – ingång från Kyrkogatan",
    )
    lines = data.split(b"\r\n")
    assert lines[-1] == b""
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long values were folded, not cut
    for line in lines:
        line.decode("utf-8")  # folding never splits a multi-byte character


def test_identity_numbers_typed_into_a_description_do_not_leave_for_outlook():
    data = build([], [deadline(description="Eleven 811218-9876 utsätts för hot", place="Vid 19811218-9876")])
    assert b"9876" not in data
    event = event_with_uid(data, deadline_uid(TEAM, 12))
    assert "Eleven [personnummer] utsätts för hot" in str(event["DESCRIPTION"])
    assert "Vid [personnummer]" in str(event["DESCRIPTION"])


def test_the_english_catalog_gives_english_text_and_dates():
    data = build(
        [CalendarEntry(DECEMBER, MOVED_TO), CalendarEntry(CHRISTMAS, None, "Juldagen")],
        [deadline()],
        language="en",
    )
    moved = event_with_uid(data, meeting_uid(TEAM, DECEMBER))
    assert str(moved["DESCRIPTION"]).startswith("Moved from Tuesday 1 December at 09:00\n")
    assert str(event_with_uid(data, meeting_uid(TEAM, CHRISTMAS))["SUMMARY"]) == "Cancelled: Juldagen"
    action = event_with_uid(data, deadline_uid(TEAM, 12))
    assert str(action["DESCRIPTION"]).startswith("Action for ÖMM-2026-0012, due Thursday 2 April.\nSchool: ")
    assert str(action["DESCRIPTION"]).endswith("type /orat mina in Slack and press the Done button.")
    assert str(action.walk("VALARM")[0]["DESCRIPTION"]) == "Due tomorrow: ÖMM-2026-0012"


def test_the_same_input_gives_the_same_bytes():
    entries = [CalendarEntry(SPRING, SPRING), CalendarEntry(BREAK, None, "uppehåll")]
    assert build(entries, [deadline()]) == build(entries, [deadline()])


def test_now_must_be_aware():
    with pytest.raises(ValueError, match="aware"):
        build(now=datetime(2026, 3, 2, 10, 30))


@pytest.mark.parametrize(
    ("zone", "rules"),
    [
        ("America/New_York", ["BYDAY=2SU;BYMONTH=3", "BYDAY=1SU;BYMONTH=11"]),
        ("Australia/Sydney", ["BYDAY=1SU;BYMONTH=10", "BYDAY=1SU;BYMONTH=4"]),
        ("Asia/Tokyo", []),
    ],
)
def test_vtimezones_of_other_zones_follow_their_rules(zone: str, rules: list[str]):
    tz = ZoneInfo(zone)
    component = vtimezone(tz, date(2026, 1, 1), date(2026, 12, 31))
    raw = component.to_ical().decode()
    for rule in rules:
        assert f"RRULE:FREQ=YEARLY;{rule}\r\n" in raw
    assert "RDATE" not in raw
    defined = component.to_tz(lookup_tzid=False)
    for month in range(1, 13):
        local = datetime(2026, month, 15, 12, 0)
        assert local.replace(tzinfo=defined).utcoffset() == local.replace(tzinfo=tz).utcoffset(), local


def test_a_zone_without_one_yearly_rule_falls_back_to_the_librarys_listed_changes():
    # Morocco leaves its usual offset for Ramadan, which moves through the solar year.
    tz = ZoneInfo("Africa/Casablanca")
    component = vtimezone(tz, date(2026, 1, 1), date(2026, 12, 31))
    assert "RDATE" in component.to_ical().decode()
    defined = component.to_tz(lookup_tzid=False)
    for month in range(1, 13):
        local = datetime(2026, month, 10, 12, 0)
        assert local.replace(tzinfo=defined).utcoffset() == local.replace(tzinfo=tz).utcoffset(), local
