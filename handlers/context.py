"""What every listener needs besides Bolt's arguments, handed over once at wiring time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.services import Services
from bot.texts import Texts


@dataclass(frozen=True)
class HandlerContext:
    services: Services
    texts: Texts
    tz: ZoneInfo


def team_of(body: dict[str, Any], context: Any) -> str:
    """The workspace a request comes from (the team id that every stored row carries)."""
    team = context.get("team_id") or body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team or context.get("enterprise_id") or "")
