"""The audit log as chairs read it (``/orat logg``): who did what to a report, when, from where."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.results.common import Message
from bot.results.privacy import AuditLine
from bot.texts import Texts
from handlers.blocks.common import context, header, section

LINES_PER_SECTION = 25
MAX_SECTIONS = 40


def audit_log(reference: str, lines: list[AuditLine], texts: Texts, tz: ZoneInfo) -> Message:
    title = texts("audit.header", reference=reference)
    if not lines:
        return Message(text=title, blocks=[header(title), section(texts("audit.empty"))])
    rendered = [_line(line, texts, tz) for line in lines]
    blocks: list[dict[str, Any]] = [header(title)]
    for start in range(0, min(len(rendered), LINES_PER_SECTION * MAX_SECTIONS), LINES_PER_SECTION):
        blocks.append(section("\n".join(rendered[start : start + LINES_PER_SECTION])))
    if len(rendered) > LINES_PER_SECTION * MAX_SECTIONS:
        blocks.append(context(texts.plural("audit.more", len(rendered) - LINES_PER_SECTION * MAX_SECTIONS)))
    blocks.append(context(texts("audit.footer")))
    return Message(text=title, blocks=blocks)


def _line(line: AuditLine, texts: Texts, tz: ZoneInfo) -> str:
    when = line.at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    who = f"<@{line.actor_user_id}>" if line.actor_user_id else texts("audit.bot")
    key = f"audit.event.{line.event}"
    what = texts(key) if texts.has(key) else f"`{line.event}`"
    surface = (
        texts(f"audit.surface.{line.surface}") if texts.has(f"audit.surface.{line.surface}") else line.surface
    )
    return f"`{when}` {who} – {what} ({surface})"
