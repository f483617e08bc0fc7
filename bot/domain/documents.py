"""Which files of the lägesbild someone asked for, from the words they typed: ``pdf``, ``word``,
``md`` … after ``/orat lagesbild``, or ``--format`` on the command line."""

from __future__ import annotations

from collections.abc import Sequence

# The file formats, in the order the files are made and named in a message.
FORMATS = ("md", "docx", "pdf")
# What a steering group needs without asking: PDF to file in the case register, Word to edit.
DEFAULT_FORMATS = ("docx", "pdf")
_WORDS = {"pdf": "pdf", "word": "docx", "docx": "docx", "md": "md", "markdown": "md"}
_ALL = {"alla", "all"}


class UnknownFormat(ValueError):
    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


def format_of(word: str) -> tuple[str, ...] | None:
    """The formats one word names (``alla``: every one), or None when it names none."""
    word = word.strip().lower().lstrip(".")
    if word in _ALL:
        return FORMATS
    found = _WORDS.get(word)
    return (found,) if found else None


def parse_formats(options: Sequence[str]) -> tuple[str, ...]:
    """``--format`` given once or more, each maybe comma-separated; none given: DEFAULT_FORMATS.
    ``UnknownFormat`` names the first word that is no format."""
    asked: set[str] = set()
    for option in options:
        for word in option.split(","):
            if not word.strip():
                continue
            found = format_of(word)
            if found is None:
                raise UnknownFormat(word.strip())
            asked.update(found)
    return tuple(f for f in FORMATS if f in asked) or DEFAULT_FORMATS


def split_formats(words: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words before the format words at the end (the period), and the formats those name
    (DEFAULT_FORMATS when none): ``("förra", "månaden", "pdf")`` → (("förra", "månaden"), ("pdf",))."""
    rest = list(words)
    asked: set[str] = set()
    while rest:
        names = [format_of(w) for w in rest[-1].split(",") if w]
        if not names or any(n is None for n in names):
            break
        for name in names:
            asked.update(name or ())
        rest.pop()
    return tuple(rest), tuple(f for f in FORMATS if f in asked) or DEFAULT_FORMATS
