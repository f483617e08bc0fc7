"""Places as people type them, made comparable: "Amiralsg. 12", "amiralsgatan  12" and
"Amiralsgatan 12," are one place for duplicate suggestions and hot spots.

Normalising lowercases, folds Unicode forms, writes out the common Swedish abbreviations of street
and place names ("g." → "gatan", "v." → "vägen", "idrottsh." → "idrottshallen", "s:t" → "sankt"),
turns punctuation into spaces and collapses spacing. Prepositions ("vid", "bakom", "utanför") are
kept as words: "bakom idrottshallen" and "framför idrottshallen" are not the same spot.
"""

from __future__ import annotations

import re
import unicodedata

# Whole words (after lowercasing) written out.
_WORDS = {
    "s:t": "sankt",
    "st.": "sankt",
    "p-plats": "parkeringen",
    "p-platsen": "parkeringen",
    "p-pl.": "parkeringen",
    "p-plan": "parkeringen",
    "p-huset": "parkeringshuset",
    "parkeringsplatsen": "parkeringen",
    "cykelp.": "cykelparkeringen",
    "idrottsh.": "idrottshallen",
    "gymnastikh.": "gymnastiksalen",
    "skolg.": "skolgården",
    "busshållpl.": "busshållplatsen",
    "hållpl.": "hållplatsen",
    "c.": "centrum",
    "ca": "",
    "ca.": "",
    "kl.": "",
}
# Word endings (a street name's last part): "Amiralsg." → "amiralsgatan", "Ystadv." → "ystadvägen".
_ENDINGS = (
    ("gatan.", "gatan"),
    ("g.", "gatan"),
    ("v.", "vägen"),
    ("vägen.", "vägen"),
    ("pl.", "platsen"),
    ("torg.", "torget"),
    ("str.", "stråket"),
)
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def _word(token: str) -> str:
    if token in _WORDS:
        return _WORDS[token]
    # Only a name's ending with a full stop is an abbreviation ("amiralsg.", "ystadv."), and only
    # after a stem of three letters or more: "osv." and "kv." are words of their own.
    if token.endswith("."):
        for ending, written in _ENDINGS:
            stem = token[: -len(ending)]
            if token.endswith(ending) and len(stem) >= 3 and stem.isalpha():
                return stem + written
    return token


def normalise_place(place: str) -> str:
    """The comparable form of a place: lowercase, abbreviations written out, no punctuation, single
    spaces. Empty for a place of only punctuation or spaces."""
    text = unicodedata.normalize("NFKC", place).casefold()
    # "Amiralsg.12" and "v.12": a full stop straight before a digit ends the word.
    text = re.sub(r"\.(?=\d)", ". ", text)
    words = [_word(token.strip(',;!?()"')) for token in _SPACES.split(text) if token]
    joined = " ".join(w for w in words if w)
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", joined).replace("_", " ")).strip()
