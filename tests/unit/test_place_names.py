"""Places written differently are one place for the report form's earlier-places list."""

from __future__ import annotations

from bot.domain.place_names import PlaceUse, earlier_places, place_key


def test_case_spacing_and_common_abbreviations_give_one_key():
    assert place_key("Skolgården") == place_key("  skolgården ") == place_key("Skolg.") == "skolgården"
    assert place_key("P-platsen v. Rosengård C") == place_key("parkeringen vid rosengård centrum")
    assert place_key("Bakom idrottsh.") == "bakom idrottshallen"
    assert place_key("Entrén mot Ystadvägen") != place_key("Entrén mot Amiralsgatan")


def test_the_units_own_places_come_first_then_by_how_often_used():
    uses = [
        PlaceUse("Bakom idrottshallen", own=0, area=5),
        PlaceUse("Matsalen", own=1, area=0),
        PlaceUse("Skolgården", own=2, area=0),
        PlaceUse("skolgården", own=1, area=0),
    ]
    assert earlier_places(uses, "") == ["Skolgården", "Matsalen", "Bakom idrottshallen"]
    assert earlier_places(uses, "skolg.") == ["Skolgården"]
    assert earlier_places(uses, "BAKOM  idrott") == ["Bakom idrottshallen"]
    assert earlier_places(uses, "Ystad") == []
    assert earlier_places(uses, "", limit=1) == ["Skolgården"]
