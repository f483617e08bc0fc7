"""How categories and areas are named in the files and the statistics summary."""

from __future__ import annotations

from bot.domain.statistics import NO_AREA
from bot.texts import Texts


def category_label(category: str, texts: Texts) -> str:
    """The category's name in the workspace's words; one named nowhere keeps its code."""
    return texts.category(category)


def area_label(area: str, texts: Texts) -> str:
    return texts("chart.no_area") if area == NO_AREA else texts.area(area)
