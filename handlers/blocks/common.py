"""Small Block Kit pieces used by several builders."""

from __future__ import annotations

from typing import Any

from bot.domain.text import shorten, without_bidi_controls

TEXT_MAX = 3000
HEADER_MAX = 150
OPTION_TEXT_MAX = 75


def plain(text: str, limit: int = TEXT_MAX) -> dict[str, Any]:
    """Plain text (user text in labels and options too): no mrkdwn, but no bidi controls either."""
    return {"type": "plain_text", "text": shorten(without_bidi_controls(text), limit), "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    """mrkdwn text; the caller has escaped every piece of user text in it (``escape_mrkdwn``).

    ``verbatim``: Slack does not turn bare URLs or channel names typed into a report into links;
    the bot's own ``<@U…>`` mentions and ``<#C…>`` links still work."""
    return {"type": "mrkdwn", "text": shorten(text, TEXT_MAX), "verbatim": True}


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn(text)}


def header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": plain(text, HEADER_MAX)}


def context(*texts: str) -> dict[str, Any]:
    return {"type": "context", "elements": [mrkdwn(t) for t in texts]}


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, OPTION_TEXT_MAX), "value": value}


def ephemeral(text: str) -> dict[str, Any]:
    """Arguments for ``ack``/``respond``: a message only the caller sees."""
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(text, 75),
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element
