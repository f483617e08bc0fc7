"""What every listener needs besides Bolt's arguments, handed over once at wiring time."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.services import Services
from bot.services.common import Denied
from bot.texts import Texts
from handlers.blocks.common import ephemeral


@dataclass(frozen=True)
class HandlerContext:
    services: Services
    texts: Texts
    tz: ZoneInfo


def team_of(body: dict[str, Any], context: Any) -> str:
    """The workspace a request comes from (the team id that every stored row carries)."""
    team = context.get("team_id") or body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team or context.get("enterprise_id") or "")


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
                listener(**kwargs)
            except Denied as exc:
                kwargs["respond"](replace_original=False, **ephemeral(texts(f"denied.{exc.code}")))

        return explained

    return decorate
