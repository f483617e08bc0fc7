"""A message listing several actions, each with its buttons (the weekly digest, ``/orat mina``),
answered after a modal opened from one of its cards was submitted.

The message cannot be read back when the modal is submitted (a DM needs a history scope, an
ephemeral ``/orat mina`` cannot be read at all), so when the button is pressed its layout is kept
small in the modal's private_metadata: the headings as they were, and each card as its action id
(with the line it was answered with, if any). After the submit every card is drawn again from what
is true now: the acted-on one says what was done, by whom and when; the others keep their buttons,
or say why they no longer apply (done, or handed over, elsewhere)."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from bot.domain.text import escape_mrkdwn
from bot.results.actions import ActionView
from bot.texts import Texts
from handlers.blocks.actions import action_card, live_buttons
from handlers.blocks.common import context, header, section

LAYOUT_MAX = 2400  # characters of JSON, inside private_metadata's 3000
LINE_MAX = 300  # a line kept with its card
_CARD_PART = re.compile(r"(action|line)_([0-9]{1,10})")


def _text(block: dict[str, Any]) -> str | None:
    """The text of a header, section or context block as Slack sends it back."""
    text = block.get("text")
    if block.get("type") == "context":
        elements = block.get("elements")
        first = elements[0] if isinstance(elements, list) and elements else None
        text = first if isinstance(first, dict) else None
    value = text.get("text") if isinstance(text, dict) else None
    return value if isinstance(value, str) else None


def layout_of(blocks: Any) -> list[Any] | None:
    """The layout of a message with cards: ``["h"|"c"|"s", text]`` for the blocks around the cards,
    ``{"id": n}`` for a card with buttons, ``{"id": n, "line": text}`` for one that says why it
    has none (or, with ``"live": 1``, what was done with its buttons still there). None when the
    message shows no card, or its layout would not fit."""
    if not isinstance(blocks, list):
        return None
    layout: list[Any] = []
    for block in blocks:
        if not isinstance(block, dict):
            continue
        kind, text = block.get("type"), _text(block)
        part = _CARD_PART.fullmatch(str(block.get("block_id") or ""))
        if part and kind in ("actions", "context"):
            number = int(part[2])
            card = layout[-1] if layout and isinstance(layout[-1], dict) else None
            if card is None or card["id"] != number:
                if not layout or layout[-1][0] != "s":  # every card begins with its section
                    return None
                card = {"id": number}
                layout[-1] = card
            if kind == "context" and text is not None and len(text) <= LINE_MAX:
                card["line"] = text  # a longer one is worded again from the action when drawn
            if part[1] == "line":
                card["live"] = 1
        elif kind in ("header", "context", "section") and text is not None:
            layout.append([{"header": "h", "context": "c", "section": "s"}[kind], text])
    if not any(isinstance(entry, dict) for entry in layout):
        return None
    return layout if len(json.dumps(layout, ensure_ascii=False)) <= LAYOUT_MAX else None


def _entries(layout: Any) -> list[Any]:
    """The layout as it came back in private_metadata; anything malformed is left out."""
    entries: list[Any] = []
    for entry in layout if isinstance(layout, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), int) and not isinstance(entry["id"], bool):
            entries.append(entry)
        elif isinstance(entry, list) and len(entry) == 2 and entry[0] in ("h", "c", "s"):
            if isinstance(entry[1], str):
                entries.append(entry)
    return entries


def card_ids(layout: Any) -> list[int]:
    return [entry["id"] for entry in _entries(layout) if isinstance(entry, dict)]


def answered_list(
    layout: Any,
    views: dict[int, ActionView | None],
    acted: int,
    line: str,
    user: str,
    texts: Texts,
    today: date,
) -> list[dict[str, Any]]:
    """The message again: card ``acted`` with ``line``, and only the buttons that still apply; the
    other cards with their buttons while ``user`` still owns them open, else with why they have none."""
    blocks: list[dict[str, Any]] = []
    for entry in _entries(layout):
        if isinstance(entry, list):
            kind, text = entry
            blocks.append({"h": header, "c": context, "s": section}[kind](text))
            continue
        view = views.get(entry["id"])
        if view is None:
            continue
        card = action_card(view, texts, today)
        buttons = live_buttons(view, card[-1]) if view.owner_user_id == user else None
        # A line said with the buttons (a new date) holds while they do; one said instead of them
        # (done, handed over) holds for good.
        kept = entry.get("line") if bool(entry.get("live")) == (buttons is not None) else None
        said = line if view.action_id == acted else kept
        if said is None and buttons is None:
            said = _why_not(view, texts)
        blocks.append(card[0])
        if said is not None and buttons is not None:
            blocks.append({**context(said), "block_id": f"line_{view.action_id}"})
        if buttons is not None:
            blocks.append(buttons)
        elif said is not None:
            blocks.append({**context(said), "block_id": f"action_{view.action_id}"})
    return blocks


def _why_not(view: ActionView, texts: Texts) -> str:
    if view.status != "open" or view.owner_user_id is None:
        return texts("answered.stale_done")
    return texts("answered.stale_owner", owner=view.owner_user_id, unit=escape_mrkdwn(view.unit))
