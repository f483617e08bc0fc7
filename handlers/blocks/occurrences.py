"""Duplicate suggestions while reporting ("Samma händelse som ÖMM-…?") and occurrences: the view
offering the match, the view and the receipt after adding, the note to an action's owner."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.dates import day_and_month, long_date, weekday_name
from bot.domain.text import escape_mrkdwn, shorten
from bot.results.common import Message
from bot.results.occurrences import MatchCandidate, MatchOffer, OccurrenceNotice, OccurrenceView
from bot.texts import Texts
from handlers.blocks.common import context, header, mrkdwn, option, plain, section
from handlers.blocks.report import RECEIPT_DESCRIPTION_MAX, quote
from handlers.ids import REPORT_MATCH_BLOCK, REPORT_MATCH_NEW, REPORT_MATCH_VIEW, REPORT_RECEIVED_VIEW, VALUE


def when_short(day: date, today: date, texts: Texts) -> str:
    """``torsdag`` within the last week, otherwise ``26 nov.``."""
    if timedelta(0) <= today - day < timedelta(days=7):
        return weekday_name(day, texts.language)
    return day_and_month(day, texts.language)


def match_question(candidate: MatchCandidate, today: date, texts: Texts) -> str:
    """ "Samma händelse som ÖMM-2026-0031 (anlagd brand, bakom idrottshallen, torsdag)?"."""
    return texts(
        "report_match.question",
        reference=candidate.reference,
        category=texts(f"category.{candidate.category}").lower(),
        place=escape_mrkdwn(shorten(candidate.place, 100)),
        when=when_short(candidate.occurred_on, today, texts),
    )


def match_view(offer: MatchOffer, today: date, texts: Texts) -> dict[str, Any]:
    """What the report modal turns into when the new report may be another occurrence of an open
    one: the question for each candidate and the choice (the report itself is kept by the bot)."""
    several = len(offer.candidates) > 1
    choices = [
        option(
            texts("report_match.add_to", reference=c.reference) if several else texts("report_match.add"),
            str(c.report_id),
        )
        for c in offer.candidates
    ]
    choices.append(option(texts("report_match.new"), REPORT_MATCH_NEW))
    return {
        "type": "modal",
        "callback_id": REPORT_MATCH_VIEW,
        "title": plain(texts("report_match.title"), 24),
        "submit": plain(texts("report_match.submit"), 24),
        "close": plain(texts("report_match.close"), 24),
        "private_metadata": json.dumps({"pending": offer.pending_id}),
        "blocks": [
            *(section(match_question(c, today, texts)) for c in offer.candidates),
            context(texts("report_match.explain")),
            {
                "type": "input",
                "block_id": REPORT_MATCH_BLOCK,
                "label": plain(texts("report_match.label"), 2000),
                "element": {
                    "type": "radio_buttons",
                    "action_id": VALUE,
                    "options": choices,
                    "initial_option": choices[0],
                },
            },
        ],
    }


def count_line(occurrence: OccurrenceView, texts: Texts) -> str:
    """ "2 tillfällen sedan 26 nov."."""
    since = day_and_month(occurrence.since, texts.language)
    return texts.plural("occurrences.count", occurrence.occurrences, since=since)


def occurrence_added_view(occurrence: OccurrenceView, texts: Texts) -> dict[str, Any]:
    """What the modal turns into after "Lägg till som nytt tillfälle"."""
    body = texts("occurrence_added.body", reference=occurrence.reference, count=count_line(occurrence, texts))
    return {
        "type": "modal",
        "callback_id": REPORT_RECEIVED_VIEW,
        "title": plain(texts("occurrence_added.title"), 24),
        "close": plain(texts("report_received.close"), 24),
        "blocks": [section(body)],
    }


def _fields(occurrence: OccurrenceView, texts: Texts) -> dict[str, Any]:
    occurred = long_date(occurrence.occurred_on, texts.language)
    if occurrence.occurred_time is not None:
        occurred += " " + occurrence.occurred_time.strftime("%H:%M")
    fields = [
        texts("receipt.reference", reference=occurrence.reference),
        texts("receipt.category", category=texts(f"category.{occurrence.category}")),
        texts("receipt.unit", unit=escape_mrkdwn(occurrence.unit_name)),
        texts("receipt.place", place=escape_mrkdwn(shorten(occurrence.place, 200))),
        texts("receipt.occurred", occurred=occurred),
    ]
    return {"type": "section", "fields": [mrkdwn(f) for f in fields]}


def occurrence_receipt(occurrence: OccurrenceView, texts: Texts, tz: ZoneInfo) -> Message:
    """The person's receipt: added to ÖMM-…, with what they reported."""
    return Message(
        text=texts("occurrence_receipt.text", reference=occurrence.reference),
        blocks=[
            header(texts("occurrence_receipt.header")),
            _fields(occurrence, texts),
            section(quote(shorten(occurrence.description, RECEIPT_DESCRIPTION_MAX))),
            context(count_line(occurrence, texts)),
        ],
    )


def occurrence_notice(notice: OccurrenceNotice, texts: Texts, tz: ZoneInfo) -> Message:
    """To the owner of an open action on the report: it has happened again."""
    occurrence = notice.occurrence
    category = texts(f"category.{occurrence.category}").lower()
    return Message(
        text=texts("occurrence_notice.text", reference=occurrence.reference, category=category),
        blocks=[
            section(
                texts(
                    "occurrence_notice.body",
                    reference=occurrence.reference,
                    reporter=notice.reporter_user_id,
                )
            ),
            _fields(occurrence, texts),
            section(quote(shorten(occurrence.description, RECEIPT_DESCRIPTION_MAX))),
            context(count_line(occurrence, texts)),
        ],
    )
