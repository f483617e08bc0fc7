"""Every user-facing sentence, in gettext catalogues. Swedish is the language; English is a setting.

The texts live in ``bot/locale/{sv,en}/LC_MESSAGES/orat.po`` (msgid: the key, e.g.
``"agenda.text"``), compiled by ``make messages`` into the ``orat.mo`` files read here with
Python's gettext. Placeholders are ``str.format`` fields. Values put into mrkdwn texts must already
be escaped by the caller (the Block Kit builders do it). A sentence with a count is a plural
message (``msgid_plural`` is the key + ``".plural"``), chosen by ``ngettext``:
``texts.plural("agenda.count_new", n)`` → "1 ny rapport", "2 nya rapporter".
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from bot.domain.vocabulary import AREA, CATEGORY, Term, Vocabulary

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "orat"
LANGUAGES = ("sv", "en")
PLURAL_SUFFIX = ".plural"  # a plural message's msgid_plural: its key + ".plural"


@cache
def translation(language: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``language`` (``bot/locale/<language>/LC_MESSAGES/orat.mo``)."""
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


def _table(language: str) -> dict[str, str | tuple[str, str]]:
    """Key → text, or (one, other) for a plural message, as the compiled catalogue holds them."""
    singles: dict[str, str] = {}
    plurals: dict[str, dict[int, str]] = {}
    for msgid, text in translation(language)._catalog.items():  # what GNUTranslations parsed
        if isinstance(msgid, tuple):
            plurals.setdefault(msgid[0], {})[msgid[1]] = text
        elif msgid:  # "" is the header
            singles[msgid] = text
    return {**singles, **{key: (forms[0], forms[1]) for key, forms in plurals.items()}}


SV: dict[str, str | tuple[str, str]] = _table("sv")
EN: dict[str, str | tuple[str, str]] = _table("en")

CATALOGS: dict[str, dict[str, str | tuple[str, str]]] = {"sv": SV, "en": EN}

# Words that ask for help, whatever language the user types in.
HELP_WORDS = frozenset({"hjälp", "hjalp", "help", "-h", "--help", "?"})


# The language of the workspace being served (its settings), for this request or this workspace's
# scheduled work; None: each Texts' own (ORAT_LANGUAGE).
_workspace_language: ContextVar[str | None] = ContextVar("orat_workspace_language", default=None)


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Every Texts speaks ``language`` within (a workspace's own, from its settings modal)."""
    token = _workspace_language.set(language if language in CATALOGS else None)
    try:
        yield
    finally:
        _workspace_language.reset(token)


def speak(language: str | None) -> None:
    """From now on in this context, the app's texts speak ``language`` (None: their own)."""
    _workspace_language.set(language if language in CATALOGS else None)


CATEGORY_PREFIX = "category."


class Texts:
    """``texts("error.place_empty")`` → the sentence in ``language``. ``follows_workspace``: the
    app's own texts, which speak the language of the workspace being served (``speaking``) where
    it chose one; a stored document's texts keep the language it was made in.

    ``texts("category.<key>")`` names a report category in the workspace's own words: ``terms``
    gives the workspace's vocabulary (bot.domain.vocabulary) when it is asked; a category with a
    label of its own is called by it, a shipped one by the catalogue, an unknown one by its key."""

    def __init__(
        self,
        language: str = "sv",
        terms: Callable[[], Vocabulary] | None = None,
        *,
        follows_workspace: bool = False,
    ) -> None:
        self.configured = language
        self.follows_workspace = follows_workspace
        self._terms = terms

    @property
    def language(self) -> str:
        chosen = _workspace_language.get() if self.follows_workspace else None
        return chosen or self.configured

    @property
    def _table(self) -> dict[str, str | tuple[str, str]]:
        return CATALOGS[self.language]

    @property
    def _translation(self) -> gettext.GNUTranslations:
        return translation(self.language)

    def with_vocabulary(self, vocabulary: Vocabulary) -> Texts:
        """The same texts, naming categories and areas with ``vocabulary``."""
        return Texts(self.language, terms=lambda: vocabulary)

    def vocabulary(self) -> Vocabulary | None:
        return self._terms() if self._terms is not None else None

    def category(self, key: str) -> str:
        """The category's name: the workspace's label, else the catalogue's, else its key."""
        own = self._terms().label(CATEGORY, key) if self._terms is not None else None
        if own is not None:
            return own
        return self._translation.gettext(CATEGORY_PREFIX + key) if key and self.has_own(key) else key

    def area(self, key: str) -> str:
        """The area's name: the workspace's label, else its key (Malmö's keys are their names)."""
        own = self._terms().label(AREA, key) if self._terms is not None else None
        return own if own is not None else key

    def term(self, kind: str, term: Term) -> str:
        """How ``term`` of a vocabulary is shown: its own label, else the catalogue's, else its key."""
        if term.label is not None:
            return term.label
        return self.category(term.key) if kind == CATEGORY else term.key

    def has_own(self, category: str) -> bool:
        return CATEGORY_PREFIX + category in self._table

    def _entry(self, key: str) -> str | tuple[str, str]:
        try:
            return self._table[key]
        except KeyError:
            raise KeyError(
                f"{key!r} is not in bot/locale/{self.language}/LC_MESSAGES/{DOMAIN}.mo "
                "(added to the .po files? run `make messages`)"
            ) from None

    def __call__(self, key: str, **values: object) -> str:
        if key.startswith(CATEGORY_PREFIX) and not values:
            return self.category(key.removeprefix(CATEGORY_PREFIX))
        if isinstance(self._entry(key), tuple):
            raise TypeError(f"{key} has a count: use texts.plural({key!r}, n, ...)")
        return self._translation.gettext(key).format(**values)

    def plural(self, key: str, n: int, **values: object) -> str:
        """``texts.plural("agenda.count_new", 1)`` → "1 ny rapport"; ``{n}`` is filled in."""
        if not isinstance(self._entry(key), tuple):
            raise TypeError(f"{key} has no count: use texts({key!r}, ...)")
        return self._translation.ngettext(key, key + PLURAL_SUFFIX, n).format(n=n, **values)

    def has(self, key: str) -> bool:
        return key in self._table
