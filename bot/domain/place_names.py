"""Places as people write them, matched as one: the report form's list of earlier places.

"Skolgården", "skolgården " and "Skolg." are one place; "P-platsen vid Rosengård C" and
"parkeringen vid rosengård centrum" too. ``place_key`` is what they are grouped and matched by;
``earlier_places`` ranks what a unit (and its area) reported before for the typed text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.places import normalise_place

# Short words that bot.domain.places leaves as they are (it writes out abbreviations with their
# full stop, and street-name endings); in a place typed for the list they mean these.
SHORT_WORDS = {
    "skolg": "skolgården",
    "sk": "skolan",
    "idrottsh": "idrottshallen",
    "idrh": "idrottshallen",
    "cykelp": "cykelparkeringen",
    "c": "centrum",
    "g": "gatan",
    "v": "vid",
    "vån": "våningen",
    "n": "norra",
    "s": "södra",
    "ö": "östra",
}


def place_key(text: str) -> str:
    """The key two spellings of one place share: ``bot.domain.places.normalise_place`` (case,
    spacing, punctuation, abbreviations), and the short words above written out."""
    return " ".join(SHORT_WORDS.get(word, word) for word in normalise_place(text).split())


@dataclass(frozen=True)
class PlaceUse:
    """How often a place was written so (``text``) in the unit's own reports or its area's."""

    text: str
    own: int
    area: int


def earlier_places(uses: Iterable[PlaceUse], query: str, *, limit: int = 20) -> list[str]:
    """The places matching ``query`` (every typed word starts a word of the place, or is in it),
    one spelling each (the one used most), the unit's own most used first, then the area's."""
    groups: dict[str, dict[str, int]] = {}
    own: dict[str, int] = {}
    for use in uses:
        key = place_key(use.text)
        if not key:
            continue
        spellings = groups.setdefault(key, {})
        spellings[use.text.strip()] = spellings.get(use.text.strip(), 0) + use.own + use.area
        own[key] = own.get(key, 0) + use.own
    wanted = place_key(query).split()

    def matches(key: str) -> bool:
        words = key.split()
        return all(any(w.startswith(t) for w in words) or t in key for t in wanted)

    ranked = sorted(
        (k for k in groups if matches(k)),
        key=lambda k: (-own[k], -sum(groups[k].values()), k),
    )
    # The spelling used most; on a tie the one written out, capitalised.
    return [
        max(groups[k].items(), key=lambda s: (s[1], len(s[0]), s[0][:1].isupper(), s[0]))[0]
        for k in ranked[:limit]
    ]
