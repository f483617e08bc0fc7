"""The options of the report form's earlier-places type-ahead: what was typed, then earlier places."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.texts import Texts
from handlers.blocks.common import option

OPTION_VALUE_MAX = 150  # Slack's limit for an option's value
OPTIONS_MAX = 20


def place_options(places: Sequence[str], typed: str, texts: Texts) -> list[dict[str, Any]]:
    """``Använd ”…”`` for the typed text first (so that a new place can be chosen here too), then
    the earlier places, at most 20 in all. A place longer than an option's value may be is left
    out: the free-text field below takes it."""
    typed = " ".join(typed.split())
    options = []
    if typed and len(typed) <= OPTION_VALUE_MAX:
        options.append(option(texts("report_modal.use_typed_place", place=typed), typed))
    for place in places:
        if place != typed and 0 < len(place) <= OPTION_VALUE_MAX:
            options.append(option(place, place))
    return options[:OPTIONS_MAX]
