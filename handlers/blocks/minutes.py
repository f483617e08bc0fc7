"""Corrections of posted minutes: the "Rättelse" section at their end, and the chair's modal."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.actions import NOTE_MAX
from bot.domain.dates import meeting_when
from bot.domain.text import escape_mrkdwn, shorten
from bot.results.responsibility import CorrectionForm, MinutesCorrection, MinutesPoint
from bot.texts import Texts
from handlers.blocks.common import button, context, option, plain, section
from handlers.ids import MINUTES_CORRECT, MINUTES_CORRECT_VIEW, MINUTES_CORRECTION_BLOCKS, VALUE

CORRECTIONS_BLOCK = "minutes_corrections"
BUTTON_BLOCK = "minutes_actions"
CORRECTIONS_BUDGET = 2900  # one section's characters
CORRECTION_SHOWN = 700  # characters of each correction's text in the message
POINT_OPTIONS_MAX = 100  # Slack's limit on a select's options


def correct_button(meeting_id: int, texts: Texts) -> dict[str, Any]:
    """ "Rätta protokollet" under the minutes' heading (a chair, within a day of posting)."""
    return {
        "type": "actions",
        "block_id": BUTTON_BLOCK,
        "elements": [button(texts("minutes.correct"), MINUTES_CORRECT, str(meeting_id))],
    }


def point_label(point: MinutesPoint, texts: Texts) -> str:
    if point.number is not None:
        return texts("minutes.point_item", number=point.number, reference=point.reference or "")
    if point.ref in ("general", "present", "other"):
        return texts(f"minutes.point_{point.ref}")
    return texts("minutes.point_general")


def with_corrections(
    blocks: list[dict[str, Any]], corrections: tuple[MinutesCorrection, ...], texts: Texts, tz: ZoneInfo
) -> list[dict[str, Any]]:
    """The minutes' blocks with the "Rättelse" section (re)written at the end, above "Rätta
    protokollet"; the rest unchanged."""
    own = {CORRECTIONS_BLOCK, f"{CORRECTIONS_BLOCK}_divider"}
    kept = [b for b in blocks if b.get("block_id") not in own]
    if not corrections:
        return kept
    lines = [
        texts(
            "minutes.correction_line",
            when=meeting_when(c.at, tz, texts.language),
            user=c.by_user_id,
            point=point_label(c.point, texts),
            text=escape_mrkdwn(shorten(c.text, CORRECTION_SHOWN)),
        )
        for c in corrections
    ]
    head, shown = texts("minutes.corrections"), list(lines)
    while len(shown) > 1 and len(head) + sum(len(line) + 1 for line in shown) + 20 > CORRECTIONS_BUDGET:
        shown.pop(0)  # the oldest give way, and how many is said
    more = [f"… (+{len(lines) - len(shown)})"] if len(shown) < len(lines) else []
    text = "\n".join([head, *more, *shown])[:CORRECTIONS_BUDGET]
    block = {**section(text), "block_id": CORRECTIONS_BLOCK}
    at = next((i for i, b in enumerate(kept) if b.get("block_id") == BUTTON_BLOCK), len(kept))
    return [*kept[:at], {"type": "divider", "block_id": f"{CORRECTIONS_BLOCK}_divider"}, block, *kept[at:]]


def correction_modal(form: CorrectionForm, texts: Texts, tz: ZoneInfo) -> dict[str, Any]:
    """The chair's "Rätta protokollet": which point, and the correction (required)."""
    options = [option(point_label(p, texts)[:75], p.ref) for p in form.points][:POINT_OPTIONS_MAX]
    point = {"type": "static_select", "action_id": VALUE, "options": options, "initial_option": options[0]}
    text = {"type": "plain_text_input", "action_id": VALUE, "multiline": True, "max_length": NOTE_MAX}
    when = meeting_when(form.meeting_starts_at, tz, texts.language)
    return {
        "type": "modal",
        "callback_id": MINUTES_CORRECT_VIEW,
        "title": plain(texts("minutes.correct_title"), 24),
        "submit": plain(texts("minutes.correct_submit"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": json.dumps({"meeting": form.meeting_id}),
        "blocks": [
            context(texts("minutes.correct_intro", when=when)),
            {
                "type": "input",
                "block_id": MINUTES_CORRECTION_BLOCKS["point"],
                "label": plain(texts("minutes.correct_point"), 2000),
                "element": point,
            },
            {
                "type": "input",
                "block_id": MINUTES_CORRECTION_BLOCKS["text"],
                "label": plain(texts("minutes.correct_text"), 2000),
                "element": text,
            },
        ],
    }
