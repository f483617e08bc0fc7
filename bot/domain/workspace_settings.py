"""A workspace's own settings: what a meeting needs (channel, chairs, the weekly rule and the times
around it, reminders, retention, language, who may report), the environment's values as defaults,
overridden by what the workspace's admins stored in the settings modal.

What is stored is the form's text (``"onsdag 10:00"``, ``"24"``), parsed by the same parsers the
environment's values go through (``bot.config``); a stored value that no longer parses is ignored
(the default holds), so a workspace can never be left without a meeting rule."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from typing import Any

from bot.domain.meetings import WEEKDAYS, MeetingSchedule, parse_breaks, parse_schedule_rule
from bot.domain.reminders import DigestSettings, ReminderRules
from bot.domain.retention import RetentionAction, RetentionRule, RetentionScope, parse_retention_rules

LANGUAGES = ("sv", "en")
REPORTER_POLICIES = ("alla", "enheter")  # ORAT_REPORTERS

_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,31}$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")
_CLOCK = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
_SWEDISH_DAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")

# The text fields of the form, in the order the modal shows them.
TEXT_FIELDS = (
    "meeting",
    "breaks",
    "cutoff_hours",
    "draft_days_before",
    "draft_time",
    "publish_minutes_before",
    "remind_days_before",
    "overdue_every_days",
    "escalate_after",
    "reminder_time",
    "digest",
    "retention",
)
CHOICE_FIELDS = ("language", "reporters")
# Every field a workspace may store.
FIELDS = ("meeting_channel", "chairs", "admins", *TEXT_FIELDS, *CHOICE_FIELDS)
# The largest number a count field takes (a year of hours, of days).
NUMBER_MAX = 8760


@dataclass(frozen=True)
class WorkspaceSettings:
    """Everything a workspace's meetings, reminders and retention follow."""

    meeting_channel: str | None = None
    chairs: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()
    meeting: MeetingSchedule = field(default_factory=MeetingSchedule)
    reminders: ReminderRules = field(default_factory=ReminderRules)
    digest: DigestSettings = field(default_factory=DigestSettings)
    retention: tuple[RetentionRule, ...] = ()
    language: str = "sv"
    reporters: str = "alla"
    # Only the operator sets these (environment): not in the modal.
    allow_open_channel: bool = False
    lagesbild_channel: str | None = None

    @property
    def snapshot_channel(self) -> str | None:
        """Where the scheduled lägesbild goes: its own channel, else the meeting channel."""
        return self.lagesbild_channel or self.meeting_channel


# ---------------------------------------------------------------------------------- text ↔ value
def format_clock(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def format_schedule(weekday: int, at: time, rule: str | None) -> str:
    return rule if rule is not None else f"{_SWEDISH_DAYS[weekday]} {format_clock(at)}"


def format_breaks(breaks: tuple[tuple[date, date], ...]) -> str:
    return ", ".join(f"{a.isoformat()}..{b.isoformat()}" for a, b in breaks)


_SCOPE_WORDS = {RetentionScope.CLOSED: "avslutade", RetentionScope.ALL: "alla"}
_ACTION_WORDS = {RetentionAction.ANONYMISE: "anonymisera", RetentionAction.DELETE: "radera"}


def format_retention(rules: tuple[RetentionRule, ...]) -> str:
    return "; ".join(
        f"{r.category.value if r.category else 'alla'} {_SCOPE_WORDS[r.scope]} {r.months} "
        f"{_ACTION_WORDS[r.action]}"
        for r in rules
    )


def as_form(settings: WorkspaceSettings) -> dict[str, Any]:
    """The settings as the modal shows them (and as they would be stored)."""
    meeting, reminders = settings.meeting, settings.reminders
    return {
        "meeting_channel": settings.meeting_channel,
        "chairs": list(settings.chairs),
        "admins": list(settings.admins),
        "meeting": format_schedule(meeting.weekday, meeting.at, meeting.rule),
        "breaks": format_breaks(meeting.breaks),
        "cutoff_hours": str(int(meeting.cutoff.total_seconds() // 3600)),
        "draft_days_before": str(meeting.draft_days_before),
        "draft_time": format_clock(meeting.draft_at),
        "publish_minutes_before": str(int(meeting.publish_before.total_seconds() // 60)),
        "remind_days_before": str(reminders.days_before),
        "overdue_every_days": str(reminders.overdue_every),
        "escalate_after": str(reminders.escalate_after),
        "reminder_time": format_clock(reminders.at),
        "digest": format_schedule(settings.digest.weekday, settings.digest.at, None),
        "retention": format_retention(settings.retention),
        "language": settings.language,
        "reporters": settings.reporters,
    }


def parse_clock(text: str) -> time:
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"skriv en tid som 08:00, inte {text.strip()!r}")
    return time(int(match.group(1)), int(match.group(2)))


def _number(*, zero: bool) -> Callable[[str], int]:
    def parse(text: str) -> int:
        text = text.strip()
        if not text.isdigit() or int(text) < (0 if zero else 1) or int(text) > NUMBER_MAX:
            kind = "ett heltal ≥ 0" if zero else "ett positivt heltal"
            raise ValueError(f"skriv {kind} (högst {NUMBER_MAX}), inte {text!r}")
        return int(text)

    return parse


def _digest(text: str) -> tuple[int, time]:
    weekday, at, rule = parse_schedule_rule(text)
    if rule is not None:
        raise ValueError('ange en veckodag och en tid, t.ex. "måndag 08:00"')
    return weekday, at


def _choice(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"välj ett av {', '.join(allowed)}")
        return text

    return parse


# How each text or choice field is read; a ValueError's message is the Swedish error.
PARSERS: dict[str, Callable[[str], Any]] = {
    "meeting": parse_schedule_rule,
    "breaks": parse_breaks,
    "cutoff_hours": _number(zero=True),
    "draft_days_before": _number(zero=True),
    "draft_time": parse_clock,
    "publish_minutes_before": _number(zero=True),
    "remind_days_before": _number(zero=True),
    "overdue_every_days": _number(zero=False),
    "escalate_after": _number(zero=False),
    "reminder_time": parse_clock,
    "digest": _digest,
    "retention": parse_retention_rules,
    "language": _choice(LANGUAGES),
    "reporters": _choice(REPORTER_POLICIES),
}


# ---------------------------------------------------------------------------------- validation
def validate(
    form: Mapping[str, Any], categories: Collection[str] = ()
) -> tuple[dict[str, Any], dict[str, str]]:
    """The modal's values, checked: (what to store, ``{field: Swedish error}``). Nothing is to be
    stored unless the errors are empty. A field left out of ``form`` is left out of the result.
    ``categories``: the workspace's own category keys, which its retention rules may name."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "meeting_channel" in form:
        channel = form["meeting_channel"]
        if not isinstance(channel, str) or not _CHANNEL_ID.match(channel):
            errors["meeting_channel"] = "Välj mötets kanal."
        else:
            values["meeting_channel"] = channel
    for name in ("chairs", "admins"):
        if name in form:
            users = form[name] if isinstance(form[name], list | tuple) else []
            if any(not isinstance(u, str) or not _USER_ID.match(u) for u in users):
                errors[name] = "Välj personer i listan."
            else:
                values[name] = list(dict.fromkeys(users))
    if "chairs" in values and not values["chairs"]:
        errors["chairs"] = "Mötet behöver minst en ordförande."
    for name, parse in PARSERS.items():
        if name not in form:
            continue
        text = form[name] if isinstance(form[name], str) else ""
        text = " ".join(text.split()) if name != "retention" else text.strip()
        if not text and name not in ("breaks", "retention"):
            errors[name] = "Fältet får inte vara tomt."
            continue
        try:
            parse_retention_rules(text, categories) if name == "retention" else parse(text)
        except ValueError as exc:
            errors[name] = _sentence(str(exc))
            continue
        values[name] = text
    return (values if not errors else {}), errors


def _sentence(message: str) -> str:
    message = message.strip()
    return (message[:1].upper() + message[1:]).rstrip(".") + "."


# ---------------------------------------------------------------------------------- resolving
def resolve(defaults: WorkspaceSettings, stored: Mapping[str, Any]) -> WorkspaceSettings:
    """``defaults`` with what the workspace stored; a stored value that does not parse is ignored."""

    def parsed(name: str) -> Any:
        value = stored.get(name)
        if not isinstance(value, str):
            return None
        try:
            if name == "retention":  # checked against the workspace's categories when it was saved
                return parse_retention_rules(value, categories=value.lower().split())
            return PARSERS[name](value)
        except ValueError:
            return None

    meeting, reminders, digest = defaults.meeting, defaults.reminders, defaults.digest
    if (rule := parsed("meeting")) is not None:
        weekday, at, rrule = rule
        meeting = replace(meeting, weekday=weekday, at=at, rule=rrule)
    if (breaks := parsed("breaks")) is not None:
        meeting = replace(meeting, breaks=breaks)
    if (hours := parsed("cutoff_hours")) is not None:
        meeting = replace(meeting, cutoff=timedelta(hours=hours))
    if (days := parsed("draft_days_before")) is not None:
        meeting = replace(meeting, draft_days_before=days)
    if (draft_at := parsed("draft_time")) is not None:
        meeting = replace(meeting, draft_at=draft_at)
    if (minutes := parsed("publish_minutes_before")) is not None:
        meeting = replace(meeting, publish_before=timedelta(minutes=minutes))
    if (before := parsed("remind_days_before")) is not None:
        reminders = replace(reminders, days_before=before)
    if (every := parsed("overdue_every_days")) is not None:
        reminders = replace(reminders, overdue_every=every)
    if (after := parsed("escalate_after")) is not None:
        reminders = replace(reminders, escalate_after=after)
    if (remind_at := parsed("reminder_time")) is not None:
        reminders = replace(reminders, at=remind_at)
    if (weekly := parsed("digest")) is not None:
        digest = DigestSettings(weekday=weekly[0], at=weekly[1])
    retention = parsed("retention")
    channel = stored.get("meeting_channel")
    if not isinstance(channel, str) or not _CHANNEL_ID.match(channel):
        channel = defaults.meeting_channel
    return replace(
        defaults,
        meeting_channel=channel,
        chairs=_users(stored.get("chairs"), defaults.chairs),
        admins=_users(stored.get("admins"), defaults.admins),
        meeting=meeting,
        reminders=reminders,
        digest=digest,
        retention=retention if retention is not None else defaults.retention,
        language=parsed("language") or defaults.language,
        reporters=parsed("reporters") or defaults.reporters,
    )


def _users(value: Any, default: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(u, str) and _USER_ID.match(u) for u in value):
        return default
    return tuple(value)


# ---------------------------------------------------------------------------------- first run
@dataclass(frozen=True)
class Checklist:
    """What a new workspace still has to do before its first meeting."""

    channel_chosen: bool
    chairs_named: bool
    units_loaded: bool

    @property
    def done(self) -> bool:
        return self.channel_chosen and self.chairs_named and self.units_loaded


__all__ = [
    "FIELDS",
    "LANGUAGES",
    "REPORTER_POLICIES",
    "TEXT_FIELDS",
    "WEEKDAYS",
    "Checklist",
    "WorkspaceSettings",
    "as_form",
    "format_breaks",
    "format_retention",
    "format_schedule",
    "parse_clock",
    "resolve",
    "validate",
]
