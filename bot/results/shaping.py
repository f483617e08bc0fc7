"""What shaping a meeting's agenda hands back: the item a chair is about to remove or merge (with
the items it may be merged into), and the Home tab's list of items (what changed is
``bot.results.responsibility.Shaped``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ItemChoice:
    """One item of the agenda as a chair picks it: ``*3.* Anlagd brand – Rosengårdsskolan``."""

    number: int
    reference: str
    category: str
    unit: str


@dataclass(frozen=True)
class ShapingForm:
    """The item a chair is about to remove or merge; ``others`` the items it may be merged into."""

    meeting_id: int
    item: ItemChoice
    others: tuple[ItemChoice, ...] = ()
    published: bool = False


@dataclass(frozen=True)
class ShapingList:
    """The coming meeting's items on a chair's Home tab, each with the draft's controls."""

    meeting_id: int
    items: tuple[ItemChoice, ...]
    published: bool = False


def item_choice(row: Any) -> ItemChoice:
    """An item as a chair picks it, from a row with ``number``, ``reference``, ``category`` and
    ``unit_name`` (``storage.repositories.agenda.AgendaRepository.shaping_lines``)."""
    return ItemChoice(row.number, row.reference, row.category, row.unit_name)
