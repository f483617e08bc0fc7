"""The weekly round's DMs: the question with *Rapportera* and *Inget nytt*, the reminder, and the
same message once the unit has answered (without buttons)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.dates import long_date, short_date
from bot.domain.rounds import NOTHING_NEW, RoundCoverage
from bot.domain.text import escape_mrkdwn
from bot.results.common import Message
from bot.results.rounds import RoundAnswered, RoundQuestion
from bot.texts import Texts
from handlers.blocks.common import button, context, section
from handlers.ids import ROUND_NOTHING_NEW, ROUND_REPORT

MISSING_MAX = 2500  # characters of unit names in the non-responders' line


def _meeting_day(question: RoundQuestion | RoundAnswered, texts: Texts, tz: ZoneInfo) -> str:
    return long_date(question.meeting_starts_at.astimezone(tz).date(), texts.language)


def round_question(question: RoundQuestion, texts: Texts, tz: ZoneInfo) -> Message:
    meeting = _meeting_day(question, texts, tz)
    unit = escape_mrkdwn(question.unit_name)
    key = "round.reminder" if question.reminder else "round.question"
    text = texts(key, meeting=meeting, unit=unit)
    cutoff = question.cutoff_at.astimezone(tz)
    value = f"{question.meeting_id}:{question.unit_id}"
    blocks: list[dict[str, Any]] = [
        {**section(text), "block_id": "round_question"},
        context(
            texts(
                "round.cutoff",
                day=short_date(cutoff.date(), texts.language),
                time=cutoff.strftime("%H:%M"),
            )
        ),
        {
            "type": "actions",
            "block_id": "round_answer",
            "elements": [
                button(texts("round.report"), ROUND_REPORT, value, style="primary"),
                button(texts("round.nothing_new"), ROUND_NOTHING_NEW, value),
            ],
        },
    ]
    return Message(text=text, blocks=blocks)


def answered_line(answered: RoundAnswered, texts: Texts, tz: ZoneInfo) -> str:
    unit = escape_mrkdwn(answered.unit_name)
    if answered.user_id is None or answered.at is None:
        return texts("round.answered_reported", unit=unit)
    at = answered.at.astimezone(tz)
    when = f"{short_date(at.date(), texts.language)} {at:%H:%M}"
    if answered.kind != NOTHING_NEW:
        reference = escape_mrkdwn(answered.reference or "")
        return texts(
            "round.answered_reported_by", unit=unit, reference=reference, who=answered.user_id, when=when
        )
    return texts("round.answered_nothing_new", unit=unit, who=answered.user_id, when=when)


def round_answered(answered: RoundAnswered, texts: Texts, tz: ZoneInfo) -> Message:
    """The question's DM once the unit has answered: who answered and when, no buttons."""
    meeting = _meeting_day(answered, texts, tz)
    question = texts("round.question", meeting=meeting, unit=escape_mrkdwn(answered.unit_name))
    line = answered_line(answered, texts, tz)
    blocks = [
        {**section(question), "block_id": "round_question"},
        {**context(line), "block_id": "round_answered"},
    ]
    return Message(text=f"{question} {line}", blocks=blocks)


def coverage_line(coverage: RoundCoverage, texts: Texts) -> str:
    """ "27 av 31 enheter har svarat, 21 utan nya händelser"."""
    return texts.plural(
        "round.coverage", coverage.units, answered=coverage.answered, nothing_new=coverage.nothing_new
    )


def missing_line(coverage: RoundCoverage, texts: Texts) -> str | None:
    """The units that have not answered (for the chairs), or None when all have."""
    if not coverage.missing:
        return None
    names = ""
    for index, name in enumerate(coverage.missing):
        piece = escape_mrkdwn(name)
        if len(names) + len(piece) > MISSING_MAX:
            names += " " + texts.plural("round.missing_more", len(coverage.missing) - index)
            break
        names += (", " if names else "") + piece
    return texts.plural("round.missing", len(coverage.missing), units=names)
