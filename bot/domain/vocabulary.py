"""A workspace's own words: its city areas (stadsområden) and report categories, as data.

Each term has a stable ``key`` (what reports, units, retention rules and statistics store) and a
``label`` (what people read), which an admin may change. A term in use is retired, never deleted:
a retired term is not offered for new reports but keeps its label on old data.

A workspace without terms of its own gets the shipped example lists: Malmö's five stadsområden and
the seven categories, with the keys of ``Area`` and ``Category`` (so every stored row keeps working).
A shipped category's label is ``None``: it comes from the text catalogue, so English works.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from bot.domain.reports import Area, Category

AREA = "area"
CATEGORY = "category"
KINDS = (AREA, CATEGORY)
KEY_MAX = 20  # a unit's area column holds 20 characters
LABEL_MAX = 60


@dataclass(frozen=True)
class Term:
    key: str
    label: str | None  # None: the catalogue's text for a shipped category (``category.<key>``)
    retired: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """The ordered terms of one workspace, active and retired."""

    areas: tuple[Term, ...]
    categories: tuple[Term, ...]

    def terms(self, kind: str) -> tuple[Term, ...]:
        return self.areas if kind == AREA else self.categories

    def active(self, kind: str) -> tuple[Term, ...]:
        """What is offered for new reports and units, in order."""
        return tuple(t for t in self.terms(kind) if not t.retired)

    def keys(self, kind: str) -> tuple[str, ...]:
        """Every key, active or retired, in order (statistics count retired ones too)."""
        return tuple(t.key for t in self.terms(kind))

    def active_keys(self, kind: str) -> frozenset[str]:
        return frozenset(t.key for t in self.active(kind))

    def order(self, kind: str) -> dict[str, int]:
        """Key → position, for sorting; a key not in the list sorts after all of them."""
        return {t.key: i for i, t in enumerate(self.terms(kind))}

    def term(self, kind: str, key: str) -> Term | None:
        return next((t for t in self.terms(kind) if t.key == key), None)

    def label(self, kind: str, key: str) -> str | None:
        """The workspace's own label of ``key``; None when the catalogue (or the key) names it."""
        term = self.term(kind, key)
        return term.label if term is not None else None


def shipped() -> Vocabulary:
    """Malmö's lists: the example every workspace starts with."""
    return Vocabulary(
        areas=tuple(Term(a.value, a.value) for a in Area),
        categories=tuple(Term(c.value, None) for c in Category),
    )


MALMO = shipped()


def with_terms(areas: Iterable[Term] | None, categories: Iterable[Term] | None) -> Vocabulary:
    """A workspace's vocabulary: its own lists where it has them, the shipped ones where not."""
    area_terms, category_terms = tuple(areas or ()), tuple(categories or ())
    return Vocabulary(
        areas=area_terms or MALMO.areas,
        categories=category_terms or MALMO.categories,
    )


_TRANSLITERATE = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def make_key(kind: str, label: str, taken: Collection[str]) -> str:
    """A stable key from a new term's label, made once (never changed on rename).

    An area's key is its label as written (as Malmö's are: ``Norr``), a category's an ASCII word
    (``klotter``, ``nedskrapning``); a number is added when the key is already taken."""
    text = " ".join(label.split())
    if kind == AREA:
        base = text[:KEY_MAX].strip() or "omrade"
    else:
        ascii_text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
        ascii_text = ascii_text.encode("ascii", "ignore").decode()
        base = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:KEY_MAX].strip("_") or "kategori"
    lowered = {k.casefold() for k in taken}
    key, n = base, 2
    while key.casefold() in lowered:
        suffix = f"_{n}"
        key, n = base[: KEY_MAX - len(suffix)] + suffix, n + 1
    return key


_MARKUP = set("<>&*_~`|")  # Slack's mrkdwn: a label is shown as typed


def label_error(label: str, others: Iterable[str]) -> str | None:
    """Why ``label`` cannot name a term (``others``: the shown labels of the kind's other terms)."""
    text = " ".join(label.split())
    if not text:
        return "term_empty"
    if len(text) > LABEL_MAX:
        return "term_too_long"
    if any(c in _MARKUP for c in text):
        return "term_characters"
    if text.casefold() in {o.casefold() for o in others}:
        return "term_duplicate"
    return None
