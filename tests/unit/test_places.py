"""Places normalised for duplicate suggestions and hot spots (bot.domain.places)."""

from __future__ import annotations

import pytest

from bot.domain.places import normalise_place


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Amiralsgatan 12", "amiralsgatan 12"),
        ("Amiralsg. 12", "amiralsgatan 12"),
        ("amiralsgatan  12,", "amiralsgatan 12"),
        ("Ystadv.12", "ystadvägen 12"),
        ("Bakom idrottsh.", "bakom idrottshallen"),
        ("bakom Idrottshallen!", "bakom idrottshallen"),
        ("Vid skolg.", "vid skolgården"),
        ("S:t Knuts torg", "sankt knuts torg"),
        ("P-platsen vid Rosengårds C.", "parkeringen vid rosengårds centrum"),
        ("Busshållpl. Kroksbäcksparken", "busshållplatsen kroksbäcksparken"),
        ("  Gångtunneln – Hyllie  ", "gångtunneln hyllie"),
        ("Möllevångstorget", "möllevångstorget"),
        ("(cykelp.)", "cykelparkeringen"),
    ],
)
def test_a_place_is_normalised(typed: str, normalised: str):
    assert normalise_place(typed) == normalised


def test_prepositions_stay_words_and_tell_places_apart():
    assert normalise_place("bakom idrottshallen") != normalise_place("framför idrottshallen")
    assert normalise_place("Vid entrén") == "vid entrén"


def test_short_words_with_a_full_stop_are_not_taken_for_street_names():
    assert normalise_place("osv.") == "osv"
    assert normalise_place("kv. Rosen") == "kv rosen"


def test_a_place_of_only_punctuation_is_empty():
    assert normalise_place(" .,– ") == ""
