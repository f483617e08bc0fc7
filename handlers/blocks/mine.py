"""``/orat mina``: the user's open actions grouped as an owner works them – overdue (oldest
first), due this week, later – each group headed by its name and count."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.due_groups import group_by_due
from bot.results.actions import ActionView
from bot.results.common import Message
from bot.texts import Texts
from handlers.blocks.actions import DIGEST_MAX, action_card
from handlers.blocks.common import context, header, section


def my_actions(actions: list[ActionView], today: date, texts: Texts) -> Message:
    """At most ``DIGEST_MAX`` cards (Slack's 50 blocks), the rest counted at the end."""
    total = texts.plural("mina.count", len(actions))
    blocks: list[dict[str, Any]] = [header(texts("mina.header")), context(total)]
    if not actions:
        blocks.append(section(texts("digest.none")))
    shown = 0
    for group, members in group_by_due(actions, lambda a: a.due_on, today):
        if shown >= DIGEST_MAX:
            break
        name = texts(f"mina.group_{group.value}")
        blocks.append(section(texts.plural("mina.group", len(members), group=name)))
        for action in members[: DIGEST_MAX - shown]:
            blocks += action_card(action, texts, today)
            shown += 1
    if len(actions) > shown:
        blocks.append(context(texts("digest.more", n=len(actions) - shown)))
    return Message(text=f"{texts('mina.header')}: {total}", blocks=blocks)
