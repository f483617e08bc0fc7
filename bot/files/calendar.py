"""The ``.ics`` file behind ``/orat kalender``: the coming meetings and a person's own action deadlines,
for import into Outlook, Google Calendar or Apple Calendar.

Importing a newer file must update the events already imported, not add copies. So every UID is made
from what the event stands for (a meeting's regular slot, an action), never from data that can change
(the actual start, the due date); the newer DTSTAMP, or a higher SEQUENCE, marks the newer version.

Escaping of commas, semicolons, backslashes and newlines, and folding of long lines at 75 octets, are
the ``icalendar`` library's job; nothing here builds content lines by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from bot.domain.dates import long_date, meeting_when
from bot.domain.identity_numbers import mask_identity_numbers
from bot.domain.meetings import CalendarEntry
from bot.domain.text import shorten
from bot.texts import Texts

PRODID = "-//Malmö stad//Örat//SV"
FILE_NAME = "orat-mot-marken.ics"
SUMMARY_LIMIT = 60  # characters of the action's description in a deadline's title
# An all-day event starts at midnight, so 15 hours before it is 09:00 the day before.
ALARM_BEFORE = timedelta(hours=15)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# RFC 5545 TEXT allows no control characters but TAB; the library escapes line breaks and passes the rest.
_CONTROLS = dict.fromkeys([*range(0x09), *range(0x0B, 0x20), 0x7F])


@dataclass(frozen=True)
class Deadline:
    """One of the user's own actions, as it goes into their calendar."""

    action_id: int
    reference: str  # ÖMM-2026-0012
    description: str  # what the actor committed to (free text typed by people)
    unit: str  # the responsible actor, e.g. "Polisen"
    school: str
    place: str
    due_on: date


@dataclass(frozen=True)
class CalendarFile:
    """``/orat kalender``'s file and what it holds, for the answer beside it."""

    name: str
    content: bytes
    meetings: int  # meetings held; a cancelled one is in the file too, marked CANCELLED
    deadlines: int


def meeting_uid(team_id: str, regular_starts_at: datetime) -> str:
    """Stable per regular slot, so a moved or cancelled meeting replaces the one imported before."""
    return f"meeting-{team_id}-{regular_starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}@orat"


def deadline_uid(team_id: str, action_id: int) -> str:
    """Stable per action, without the due date: a new deadline then moves the imported event (same UID,
    newer DTSTAMP) instead of leaving the old date behind in the user's calendar."""
    return f"action-{team_id}-{action_id}@orat"


def calendar_file(
    *,
    team_id: str,
    meetings: Sequence[CalendarEntry],
    deadlines: Sequence[Deadline],
    now: datetime,
    tz: ZoneInfo,
    texts: Texts,
    meeting_length: timedelta = timedelta(hours=1),
    location: str | None = None,
) -> bytes:
    """The iCalendar file (UTF-8, CRLF line ends) with one event per meeting entry and per deadline."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    stamp = now.astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", texts("calendar.name"))
    cal.add("x-wr-timezone", tz.key)
    if meetings:
        # Outlook needs a VTIMEZONE for every TZID it meets, or it guesses (often an hour off).
        instants = [e.regular_starts_at for e in meetings] + [e.starts_at for e in meetings if e.starts_at]
        cal.add_component(
            vtimezone(tz, min(instants).astimezone(tz).date(), max(instants).astimezone(tz).date())
        )
    for entry in meetings:
        cal.add_component(_meeting_event(entry, team_id, stamp, tz, texts, meeting_length, location))
    for deadline in deadlines:
        cal.add_component(_deadline_event(deadline, team_id, stamp, texts))
    return cal.to_ical()


def _meeting_event(
    entry: CalendarEntry,
    team_id: str,
    stamp: datetime,
    tz: ZoneInfo,
    texts: Texts,
    length: timedelta,
    location: str | None,
) -> Event:
    regular = entry.regular_starts_at
    start = entry.starts_at or regular
    regular_when = meeting_when(regular, tz, texts.language)
    event = Event()
    event.add("uid", meeting_uid(team_id, regular))
    event.add("dtstamp", stamp)
    # Local wall-clock time with TZID, not UTC: the meeting stays at 09:00 across the DST change.
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", (start + length).astimezone(tz))
    if entry.starts_at is None:
        event.add("summary", _cancelled_summary(entry.reason, texts))
        event.add("description", texts("calendar.cancelled_description", regular=regular_when))
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")  # no meeting, so not busy
        # A change to the slot: SEQUENCE above the held meeting's 0 makes clients take it as newer.
        # (Moved back or un-cancelled, the slot returns to 0: CalendarEntry keeps no count of revisions,
        # so only the newer DTSTAMP marks that update.)
        event.add("sequence", 1)
    else:
        event.add("summary", texts("calendar.meeting_summary"))
        about = texts("calendar.meeting_description")
        moved = entry.starts_at != regular
        if moved:
            about = texts("calendar.meeting_moved", regular=regular_when) + "\n\n" + about
        event.add("description", about)
        # Explicit, so a re-import also undoes an earlier CANCELLED for this slot.
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        event.add("sequence", 1 if moved else 0)
    if location:
        event.add("location", _plain(location))
    return event


def _cancelled_summary(reason: str | None, texts: Texts) -> str:
    if reason == "uppehåll":
        return texts("calendar.cancelled_break")
    if reason is None or reason == "inställt":
        return texts("calendar.cancelled_by_chair")
    return texts("calendar.cancelled_holiday", holiday=reason)


def _plain(text: str) -> str:
    """Free text as iCalendar TEXT can carry it: every line break a LF (the library writes it as
    ``\\n``), other control characters dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)


def _deadline_event(deadline: Deadline, team_id: str, stamp: datetime, texts: Texts) -> Event:
    # The file leaves Slack for people's mail calendars: mask identity numbers as every export does.
    # Masked before shortening, so a number cut in half by the title's limit is still found.
    description = mask_identity_numbers(_plain(deadline.description))
    place = mask_identity_numbers(_plain(deadline.place))
    one_line = " ".join(description.split())  # a title has no line breaks
    event = Event()
    # Same UID and SEQUENCE 0 whatever the date: re-importing updates the date because the UID is the
    # same and the DTSTAMP newer (RFC 5546: equal SEQUENCE, later DTSTAMP wins).
    event.add("uid", deadline_uid(team_id, deadline.action_id))
    event.add("dtstamp", stamp)
    event.add("sequence", 0)
    event.add("dtstart", deadline.due_on)  # a DATE value: an all-day event
    event.add("dtend", deadline.due_on + timedelta(days=1))  # DTEND of a day event is exclusive
    event.add(
        "summary",
        texts(
            "calendar.deadline_summary",
            reference=deadline.reference,
            description=shorten(one_line, SUMMARY_LIMIT),
        ),
    )
    event.add(
        "description",
        texts(
            "calendar.deadline_description",
            reference=deadline.reference,
            due=long_date(deadline.due_on, texts.language),
            school=_plain(deadline.school),
            place=place,
            unit=_plain(deadline.unit),
            description=description,
        ),
    )
    event.add("transp", "TRANSPARENT")  # a deadline doesn't make anyone busy (Outlook: "Free")
    # Shared or delegated calendars show "Private appointment" instead of the problem at a school.
    event.add("class", "PRIVATE")
    # Outlook reads a DATE DTSTART as all-day already; its own flag makes older versions agree.
    event.add("x-microsoft-cdo-alldayevent", "TRUE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", texts("calendar.deadline_alarm", reference=deadline.reference))
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    return event


@dataclass(frozen=True)
class _Transition:
    local: datetime  # the wall-clock time of the change, read in the offset before it (RFC 5545)
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


def vtimezone(tz: ZoneInfo, first: date, last: date) -> Timezone:
    """A VTIMEZONE for ``tz`` valid from ``first`` to ``last``, in the yearly-RRULE form that Outlook,
    Google and Apple write themselves.

    ``Calendar.add_missing_timezones()`` (and ``Timezone.from_tzinfo``) list every change as an RDATE,
    by default for 1970–2038 (some 4 KB), and Outlook is known to misread RDATE-based VTIMEZONEs: events
    in summer time end up an hour off. When the zone's changes in the window don't follow one yearly
    rule, that generated form is the fallback.
    """
    years = range(first.year - 1, last.year + 2)  # a year's margin each side
    changes = _transitions(tz, years)
    if not changes:  # no summer time: one STANDARD without a rule
        start = datetime(years[0], 1, 1)
        offset = start.replace(tzinfo=tz).utcoffset() or timedelta()
        name = start.replace(tzinfo=tz).tzname() or ""
        return _timezone(tz.key, [_part(TimezoneStandard, start, offset, offset, name, None)])
    parts = []
    for daylight in (True, False):
        group = [c for c in changes if c.daylight == daylight]
        rule = _yearly_rule(group, years)
        if rule is None:
            return Timezone.from_tzinfo(
                tz, first_date=date(years[0], 1, 1), last_date=date(years[-1] + 1, 1, 1)
            )
        kind = TimezoneDaylight if daylight else TimezoneStandard
        first_change = group[0]
        parts.append(
            _part(
                kind,
                first_change.local,
                first_change.offset_from,
                first_change.offset_to,
                first_change.name,
                rule,
            )
        )
    return _timezone(tz.key, parts)


def _timezone(tzid: str, parts: list[TimezoneStandard | TimezoneDaylight]) -> Timezone:
    component = Timezone()
    component.add("tzid", tzid)
    for part in parts:
        component.add_component(part)
    return component


def _part(
    kind: type[TimezoneStandard | TimezoneDaylight],
    start: datetime,
    offset_from: timedelta,
    offset_to: timedelta,
    name: str,
    rule: dict[str, object] | None,
) -> TimezoneStandard | TimezoneDaylight:
    part = kind()
    part.add("dtstart", start)
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)
    if name:
        part.add("tzname", name)
    if rule is not None:
        part.add("rrule", rule)
    return part


def _transitions(tz: ZoneInfo, years: range) -> list[_Transition]:
    """Every change of UTC offset in ``years``: a daily scan, then a binary search to the minute."""
    found = []
    day = datetime(years[0], 1, 1, tzinfo=UTC)
    end = datetime(years[-1] + 1, 1, 1, tzinfo=UTC)
    before = day.astimezone(tz).utcoffset()
    while day < end:
        following = day + timedelta(days=1)
        after = following.astimezone(tz).utcoffset()
        if after != before and before is not None and after is not None:
            low, high = 0, 24 * 60  # minutes into the day: ``before`` at low, ``after`` at high
            while high - low > 1:
                middle = (low + high) // 2
                if (day + timedelta(minutes=middle)).astimezone(tz).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            instant = day + timedelta(minutes=high)
            local = instant.astimezone(tz)
            found.append(
                _Transition(
                    local=(instant + before).replace(tzinfo=None),
                    offset_from=before,
                    offset_to=after,
                    name=local.tzname() or "",
                    daylight=bool(local.dst()),
                )
            )
        day, before = following, after
    return found


def _yearly_rule(group: list[_Transition], years: range) -> dict[str, object] | None:
    """``FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`` when every year has one such change on the same weekday
    of the same week of the month, at the same time and between the same offsets; else None."""
    if [c.local.year for c in group] != list(years):
        return None
    first = group[0]
    positions = {-1, 1, 2, 3, 4}
    for change in group:
        if (
            change.local.month,
            change.local.weekday(),
            change.local.time(),
            change.offset_from,
            change.offset_to,
        ) != (
            first.local.month,
            first.local.weekday(),
            first.local.time(),
            first.offset_from,
            first.offset_to,
        ):
            return None
        day = change.local.day
        last_of_month = (change.local + timedelta(days=7)).month != change.local.month
        positions &= {(day - 1) // 7 + 1} | ({-1} if last_of_month else set())
    if not positions:
        return None
    position = -1 if -1 in positions else min(positions)
    return {
        "freq": "YEARLY",
        "bymonth": first.local.month,
        "byday": f"{position}{_WEEKDAYS[first.local.weekday()]}",
    }
