"""What every listener needs besides Bolt's arguments, handed over once at wiring time."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.results.common import Denied
from bot.services import Services
from bot.services.vocabulary import speaking_for
from bot.texts import Texts
from handlers.blocks.common import ephemeral, plain, section

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HandlerContext:
    services: Services
    texts: Texts
    tz: ZoneInfo


def team_of(body: dict[str, Any], context: Any) -> str:
    """The workspace a request comes from (the team id that every stored row carries)."""
    team = context.get("team_id") or body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team or context.get("enterprise_id") or "")


ID_MAX = 2**31 - 1  # a database INTEGER


class Malformed(Exception):
    """A payload Slack would not send for anything the bot rendered (a forged or garbled one)."""


def parse_id(value: Any) -> int:
    """A row id as the bot put it into a button value, a select or private_metadata."""
    if isinstance(value, bool):
        raise Malformed("id")
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if isinstance(value, int) and 0 < value <= ID_MAX:
        return value
    raise Malformed("id")


def optional_id(value: Any) -> int | None:
    try:
        return parse_id(value)
    except Malformed:
        return None


def clicked_value(body: dict[str, Any]) -> str:
    """The clicked button's value (or the chosen option's)."""
    actions = body.get("actions") or [{}]
    action = actions[0] if isinstance(actions[0], dict) else {}
    option = action.get("selected_option")
    value = option.get("value") if isinstance(option, dict) else action.get("value")
    if not isinstance(value, str):
        raise Malformed("value")
    return value


def trigger_of(body: dict[str, Any]) -> str:
    trigger = body.get("trigger_id")
    if not isinstance(trigger, str) or not trigger:
        raise Malformed("trigger_id")
    return trigger


def _speaking_for_the_request(kwargs: dict[str, Any]) -> AbstractContextManager[None]:
    """While a listener runs, texts name categories and areas in its workspace's words (the team
    of the payload; Bolt hands a listener only the arguments it names, so either may be missing)."""
    body, context = kwargs.get("body"), kwargs.get("context")
    team = team_of(body, context if context is not None else {}) if isinstance(body, dict) else ""
    return speaking_for(team) if team else nullcontext()


def tolerating_malformed(listener: Callable[..., None]) -> Callable[..., None]:
    """A garbled payload gets a plain ack (a modal closes) and a log line, not a stack trace."""

    @functools.wraps(listener)
    def tolerant(**kwargs: Any) -> None:
        try:
            with _speaking_for_the_request(kwargs):
                listener(**kwargs)
        except Malformed as exc:
            log.info("ignored a malformed payload (%s)", exc)
            ack = kwargs.get("ack")
            if ack is not None and not getattr(ack, "response", None):
                ack()

    return tolerant


def _tell_in_a_modal(kwargs: dict[str, Any], texts: Texts, text: str) -> None:
    """A refusal for a click in the App Home tab: there is no message to answer, so a small modal."""
    body, client = kwargs.get("body") or {}, kwargs.get("client")
    view = body.get("view") if isinstance(body.get("view"), dict) else {}
    trigger = body.get("trigger_id")
    if view.get("type") != "home" or client is None or not isinstance(trigger, str):
        log.info("refusal not shown: no response_url")
        return
    modal = {
        "type": "modal",
        "title": plain(texts("notice.title"), 24),
        "close": plain(texts("notice.close"), 24),
        "blocks": [section(text)],
    }
    client.views_open(trigger_id=trigger, view=modal)


def explaining_refusals(texts: Texts) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Turn a service's ``Denied`` into an ephemeral Swedish explanation via ``respond``.

    Caught here rather than in ``@app.error``: Bolt's thread runner clears an already sent ack when
    a listener raises afterwards, so the request would hang for 3 s and answer 404. The listener
    must take ``respond`` (Bolt injects arguments by parameter name; ``wraps`` keeps the names).
    """

    def decorate(listener: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(listener)
        def explained(**kwargs: Any) -> None:
            try:
                with _speaking_for_the_request(kwargs):
                    listener(**kwargs)
            except Denied as exc:
                try:
                    kwargs["respond"](replace_original=False, **ephemeral(texts(f"denied.{exc.code}")))
                except ValueError:  # no response_url: a button in a modal or in the App Home tab
                    _tell_in_a_modal(kwargs, texts, texts(f"denied.{exc.code}"))
            except Malformed as exc:
                log.info("ignored a malformed payload (%s)", exc)

        return explained

    return decorate
