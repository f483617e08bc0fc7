"""What the bot says about its own delivery: late messages, messages whose moment passed, people
and channels it cannot reach, what could not be delivered, a meeting whose agenda never went out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.dates import meeting_when
from bot.domain.text import shorten
from bot.results.outbox import HORIZON_CODE, Undelivered
from bot.texts import Texts
from handlers.blocks.common import context, section

MAX_BLOCKS = 50
SUMMARY_LINES = 20
SECTION_BUDGET = 2800  # of a section's 3000 characters, leaving room for "… och N till."


def target_mention(target: str) -> str:
    """``<@U…>`` for a person, ``<#C…>`` for a channel: Slack shows the name."""
    return f"<#{target}>" if target.startswith(("C", "G")) else f"<@{target}>"


def with_late_notice(payload: dict[str, Any], due_at: datetime, texts: Texts, tz: ZoneInfo) -> dict[str, Any]:
    """The message with a line on top saying when it should have come."""
    when = meeting_when(due_at, tz, texts.language)
    line = texts("delivery.late", when=when)
    blocks = list(payload.get("blocks") or [])
    if blocks and len(blocks) >= MAX_BLOCKS:
        first = blocks[0]
        if first.get("type") == "context" and len(first.get("elements", [])) < 10:
            # No room for one more block: the note joins the context line on top.
            blocks[0] = {**first, "elements": [context(line)["elements"][0], *first["elements"]]}
    elif blocks:
        blocks.insert(0, context(line))
    text = str(payload.get("text", "")) + " " + texts("delivery.late_text", when=when)
    return {**payload, "text": text, "blocks": blocks}


def stale_note(target: str, text: str, due_at: datetime, texts: Texts, tz: ZoneInfo) -> tuple[str, list]:
    what = shorten(text, 300) or texts("delivery.a_message")
    note = texts(
        "delivery.stale",
        who=target_mention(target),
        when=meeting_when(due_at, tz, texts.language),
        what=what,
    )
    return note, [section(note)]


def rerouted(target: str, code: str, payload: dict[str, Any], texts: Texts) -> tuple[str, list]:
    """The first message to someone who cannot be reached, to the chairs, under a notice; its
    buttons stay (a chair may act on the action)."""
    reason = texts(f"delivery.unreachable_{code}") if texts.has(f"delivery.unreachable_{code}") else code
    person = target.startswith(("U", "W"))
    text = texts(
        "outbox.rerouted_person" if person else "outbox.rerouted_channel",
        who=target_mention(target),
        code=code,
        reason=reason,
        original=shorten(str(payload.get("text", "")), 500),
    )
    blocks = [section(text), *(payload.get("blocks") or [])]
    return text, blocks[:MAX_BLOCKS]


def undelivered(
    failures: list[Undelivered], horizon: timedelta, texts: Texts, tz: ZoneInfo
) -> tuple[str, list]:
    hours = int(horizon.total_seconds() // 3600)
    lines: list[str] = []
    for failure in failures[:SUMMARY_LINES]:
        code = failure.code
        if code.startswith(HORIZON_CODE):
            reason = texts.plural("delivery.reason_horizon", hours, code=code.partition(":")[2])
        elif texts.has(f"delivery.reason_{code}"):
            reason = texts(f"delivery.reason_{code}")
        else:
            reason = texts("delivery.reason_other", code=code)
        line = texts(
            "delivery.summary_line",
            who=target_mention(failure.target),
            when=meeting_when(failure.due_at, tz, texts.language),
            reason=reason,
            what=shorten(failure.text, 150) or texts("delivery.a_message"),
        )
        if sum(len(x) + 1 for x in lines) + len(line) > SECTION_BUDGET:
            break  # the rest are counted below, not cut off mid-line
        lines.append(line)
    if len(failures) > len(lines):
        lines.append(texts("delivery.summary_more", n=len(failures) - len(lines)))
    head = texts.plural("delivery.summary", len(failures))
    blocks = [
        section(head),
        section("\n".join(lines)),
        context(texts("delivery.summary_footer")),
    ]
    return texts("delivery.summary_text", n=len(failures)), blocks
