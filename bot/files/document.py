"""A document as plain blocks, written once and rendered as Markdown, Word or PDF.

The lägesbild's sections build a list of these; each format's renderer only knows the blocks, so a
new section shows up in every format. Text in a block is plain (no markup): each renderer escapes it
for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Strong:
    """Words set in bold inside a paragraph or a bullet (the figures of a summary)."""

    text: str


Text = str | tuple[str | Strong, ...]  # plain, or runs of plain and bold


def runs(text: Text) -> tuple[tuple[str, bool], ...]:
    """``text`` as (words, bold) runs, for a renderer."""
    if isinstance(text, str):
        return ((text, False),)
    return tuple((r.text, True) if isinstance(r, Strong) else (r, False) for r in text)


def plain(text: Text) -> str:
    return "".join(words for words, _ in runs(text))


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1: the title


@dataclass(frozen=True)
class Paragraph:
    text: Text


@dataclass(frozen=True)
class Bullets:
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # per column: right-aligned figures
    total: tuple[str, ...] | None = None  # a last row set in bold


@dataclass(frozen=True)
class Image:
    chart: str  # the chart's key (bot.files.render.CHARTS); the renderer knows its file or bytes
    caption: str


Block = Heading | Paragraph | Bullets | Table | Image


@dataclass(frozen=True)
class Provenance:
    """Who made a document, when, and from what: stated in the document itself, so a filed copy
    says where its figures came from. The same provenance gives the same bytes (snapshots)."""

    made_at: datetime  # aware; shown in the workspace's time zone
    made_by: str  # a person's display name, or what made it ("kommandoraden", "schemat")
    source: str  # the data it was made from, in words
    definitions_version: int  # bumped whenever a figure is counted differently
    snapshot: int | None = None  # the stored snapshot's number, once it has one
