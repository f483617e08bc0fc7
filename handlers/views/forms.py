"""Reading a submitted modal and answering it: shared by the modals that decide something."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.services.common import Denied, Rejected
from bot.services.responsibility import Decided
from handlers.context import HandlerContext
from handlers.ids import VALUE


def private_metadata(view: dict[str, Any]) -> dict[str, Any]:
    """The view's ``private_metadata`` as a dict; anything malformed reads as empty."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    """The state of the input element (action id ``value``) in block ``block_id``."""
    block = (view.get("state", {}).get("values", {}) or {}).get(block_id) or {}
    found = block.get(VALUE)
    return found if isinstance(found, dict) else {}


def deliver(hc: HandlerContext, keys: Iterable[tuple[str, str]]) -> None:
    """Hand what the service queued to the outbox's sender, after the ack: Slack waits for no post."""
    hc.services.outbox.dispatch_soon(keys)


def apply_decision(hc: HandlerContext, client: WebClient, decided: Decided) -> None:
    """After the commit: the agenda message in place, then whoever is to be told."""
    if decided.update is not None:
        update = decided.update
        client.chat_update(channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks)
    deliver(hc, decided.notification_keys)


def submit_decision(
    hc: HandlerContext,
    ack: Ack,
    client: WebClient,
    run: Callable[[], Decided | Rejected],
    *,
    blocks: Mapping[str, str],
    refusal_field: str,
    limits: Mapping[str, Mapping[str, int]],
) -> bool:
    """Run the service; a refusal or bad input answers inline under the modal's fields, success
    closes the modal and then updates and notifies. True when it succeeded."""
    try:
        result = run()
    except Denied as exc:
        ack(response_action="errors", errors={blocks[refusal_field]: hc.texts(f"denied.{exc.code}")})
        return False
    if isinstance(result, Rejected):
        errors = {
            blocks[field]: hc.texts(f"error.{code}", **limits.get(code, {}))
            for field, code in result.errors.items()
        }
        ack(response_action="errors", errors=errors)
        return False
    ack()
    apply_decision(hc, client, result)
    return True
