"""When and where things happen (``bot.domain.patterns``): the weekday × hour grid, the hot spots
and their trend, the lägesbild's blocks and the CSV made of them, and the chart."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, time, timedelta

from PIL import Image as PILImage

from bot.domain.patterns import BANDS, HOT_SPOT_AT_LEAST, Busiest, band_label
from bot.domain.rounds import RoundCoverage, WeekCoverage
from bot.domain.statistics import (
    REPEAT_AT_LEAST,
    ReportFact,
    Situation,
    Statistics,
    compute,
    period_for,
    situation,
)
from bot.files import render
from bot.files.charts import weekday_hours_chart
from bot.files.document import Heading, Image, Paragraph, Table
from bot.files.patterns import pattern_blocks, weekday_hours_csv
from bot.texts import Texts
from handlers.blocks.statistics import statistics_summary

SV = Texts("sv")
PERIOD = period_for(date(2026, 11, 2), date(2026, 11, 15))  # Mon 2 – Sun 15 Nov; before: 19 Oct – 1 Nov
ROSE, KIRSE = "Rosengårdsskolan", "Kirsebergsskolan"


def fact(
    day: date,
    at: time | None,
    category: str = "arson",
    place: str | None = "Cykelstället",
    unit: str = ROSE,
    *,
    occurrence: bool = False,
) -> ReportFact:
    area = "Öster" if unit == ROSE else "Norr"
    return ReportFact(day, category, area, unit, place, occurrence, at)


KNOWN = [
    # The bike shed at Rosengårdsskolan: three this period (one an occurrence, one typed another
    # way), one the period before. Sat 7 Nov 22:15, Sun 8 Nov 23:59, Sat 14 Nov 21:00.
    fact(date(2026, 11, 7), time(22, 15)),
    fact(date(2026, 11, 8), time(23, 59), place="cykelstället!", occurrence=True),
    fact(date(2026, 11, 14), time(21, 0), "vandalism", place="Cykelstället "),
    fact(date(2026, 10, 24), time(20, 0)),  # the period before
    # Kirsebergsskolan's entrance: once only (under N).
    fact(date(2026, 11, 3), time(12, 30), "drug_sales", "Entrén", KIRSE),
    # Twice at a place retention has anonymised: never a hot spot.
    fact(date(2026, 11, 4), time(0, 5), "gangs", None, KIRSE),
    fact(date(2026, 11, 5), None, "gangs", None, KIRSE),
    # Without a time of day: counted apart.
    fact(date(2026, 11, 9), None, "drug_sales", "Parken", KIRSE),
    fact(date(2026, 9, 1), time(22, 0)),  # before both periods: ignored
]


def known() -> Statistics:
    return compute(KNOWN, PERIOD)


def test_the_grid_counts_reports_and_occurrences_by_weekday_and_hour_and_the_untimed_apart():
    patterns = known().patterns
    assert patterns.happenings == 7 and patterns.occurrences == 1
    assert patterns.timed == 5 and patterns.untimed == 2
    grid = patterns.everything
    assert grid.at(5, 22) == 1 and grid.at(6, 23) == 1 and grid.at(5, 21) == 1  # Sat, Sun, Sat
    assert grid.at(1, 12) == 1 and grid.at(2, 0) == 1  # Tue lunch, Wed just after midnight
    assert grid.at(5, 20) == 0  # 24 Oct, the period before: not in this period's grid
    by_category = {g.category: g for g in patterns.by_category}
    assert list(by_category) == ["gangs", "vandalism", "arson", "drug_sales"]  # Category order
    assert (by_category["arson"].timed, by_category["arson"].untimed) == (2, 0)
    assert (by_category["drug_sales"].timed, by_category["drug_sales"].untimed) == (1, 1)
    assert (by_category["gangs"].timed, by_category["gangs"].untimed) == (1, 1)
    # The bands: Saturday 21–24 holds two, Sunday 21–24 one.
    assert [band_label(b) for b in range(len(BANDS))][-1] == "21–24"
    assert grid.banded()[5][6] == 2 and grid.banded()[6][6] == 1
    assert patterns.busiest(2) == (Busiest(5, 6, 2), Busiest(0 + 1, 3, 1))  # ties: earlier in the week


def test_occurrences_are_counted_here_but_not_in_the_report_totals():
    stats = known()
    assert stats.total == 6 and stats.occurrences == 1  # as before: reports only
    assert stats.patterns.happenings == stats.total + stats.occurrences


def test_hot_spots_match_places_as_the_repeat_places_with_their_trend_and_last_happening():
    assert HOT_SPOT_AT_LEAST == REPEAT_AT_LEAST == 2
    [spot] = known().patterns.hot_spots
    assert (spot.unit, spot.area, spot.place) == (ROSE, "Öster", "Cykelstället")
    assert (spot.current, spot.previous, spot.change) == (3, 1, 2)
    assert (spot.first, spot.last, spot.last_category) == (date(2026, 11, 7), date(2026, 11, 14), "vandalism")
    assert spot.categories == ("vandalism", "arson")


def test_hot_spots_put_the_most_first_then_the_steepest_rise():
    facts = [
        *(fact(date(2026, 11, d), time(10)) for d in (2, 3)),  # the bike shed: 2 now, 2 before
        *(fact(date(2026, 10, d), time(10)) for d in (20, 21)),
        *(fact(date(2026, 11, d), time(10), place="Entrén") for d in (4, 5)),  # the entrance: 2 now, 0
        *(fact(date(2026, 11, d), time(10), place="Gaveln") for d in (6, 7, 8)),  # the gable: 3 now
    ]
    spots = compute(facts, PERIOD).patterns.hot_spots
    assert [(s.place, s.current, s.change) for s in spots] == [
        ("Gaveln", 3, 3),
        ("Entrén", 2, 2),
        ("Cykelstället", 2, 0),
    ]


def test_nothing_to_count():
    patterns = compute([], PERIOD).patterns
    assert (patterns.happenings, patterns.timed, patterns.untimed) == (0, 0, 0)
    assert patterns.by_category == () and patterns.hot_spots == () and patterns.busiest() == ()


def _picture(facts: list[ReportFact]) -> Situation:
    return situation(facts, [], PERIOD, date(2026, 12, 1))


def test_the_lagesbild_blocks_say_how_it_is_counted_and_show_the_tables_and_the_chart():
    blocks = pattern_blocks(_picture(KNOWN), SV)
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert headings == ["När det händer", "Platser som återkommer"]
    paragraphs = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "7 händelser under perioden (rapporter och nya tillfällen), varav 5 med klockslag." in paragraphs
    assert "2 händelser utan klockslag räknas inte här." in paragraphs
    assert "00–06, 06–09, 09–12, 12–15, 15–18, 18–21, 21–24" in paragraphs
    assert "minst 2 händelser" in paragraphs and "19 okt.–1 nov. 2026" in paragraphs
    weekdays, categories, spots = [b for b in blocks if isinstance(b, Table)]
    assert weekdays.header == ("Veckodag", *(band_label(b) for b in range(7)), "Totalt")
    assert weekdays.rows[5] == ("lördag", "0", "0", "0", "0", "0", "0", "2", "2")
    assert weekdays.total == ("Totalt", "1", "0", "0", "1", "0", "0", "3", "5")
    assert categories.rows[2] == ("Anlagd brand", "2", "0", "lördag 21–24 (1)")
    assert categories.total == ("Totalt", "5", "2", "")
    assert spots.rows == (
        ("Rosengårdsskolan", "Öster", "Cykelstället", "3", "1", "+2", "lör 14 nov.", "Skadegörelse"),
    )
    assert spots.numeric == (False, False, False, True, True, True, False, False)
    [image] = [b for b in blocks if isinstance(b, Image)]
    assert image.chart == "weekday_hours" and image.chart in render.PATTERN_CHARTS


def test_the_lagesbild_blocks_without_times_or_hot_spots_say_so():
    facts = [fact(date(2026, 11, 3), None, place=None), fact(date(2026, 11, 4), None, place="Entrén")]
    blocks = pattern_blocks(_picture(facts), SV)
    assert not [b for b in blocks if isinstance(b, Table | Image)]
    text = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "varav 0 med klockslag" in text and "2 händelser utan klockslag" in text
    assert "Ingen plats vid en skola hade 2 händelser eller fler under perioden." in text
    # In English too.
    english = " ".join(
        b.text for b in pattern_blocks(_picture(facts), Texts("en")) if isinstance(b, Paragraph)
    )
    assert "2 happenings without a time of day are not counted here." in english


def test_the_csv_has_every_weekday_and_hour_per_category_and_the_untimed_apart():
    rows = list(csv.reader(io.StringIO(weekday_hours_csv(known(), SV).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Kategori", "Veckodag nr", "Veckodag", "Timme", "Antal"]
    body = rows[1:]
    timed = [r for r in body if r[3] != "utan klockslag"]
    assert len(timed) == 4 * 7 * 24  # four categories with happenings, zeros included
    assert ["Anlagd brand", "7", "söndag", "23", "1"] in body
    assert ["Skadegörelse", "6", "lördag", "21", "1"] in body
    assert sum(int(r[4]) for r in timed) == 5
    assert [r for r in body if r[3] == "utan klockslag"] == [
        ["Störande gäng/grupper", "", "", "utan klockslag", "1"],
        ["Drogförsäljning", "", "", "utan klockslag", "1"],
    ]


def test_the_chart_is_the_same_bytes_for_the_same_numbers_and_says_nothing_of_when_it_was_drawn():
    stats = known()
    png = weekday_hours_chart(stats, SV)
    assert png == weekday_hours_chart(compute(list(KNOWN), PERIOD), SV)
    assert png != weekday_hours_chart(compute(KNOWN[1:], PERIOD), SV)
    with PILImage.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.width == 1200 and 600 <= image.height <= 1800
        assert not {"Software", "Creation Time", "date:create"} & set(image.info)
    # No reports with a time: one empty grid, still a chart.
    with PILImage.open(io.BytesIO(weekday_hours_chart(compute([], PERIOD), SV))) as image:
        assert image.format == "PNG"


def test_the_patterns_survive_the_trip_to_the_drawing_process():
    picture = _picture(KNOWN)
    assert picture.statistics.patterns.hot_spots and picture.statistics.patterns.by_category
    sent = json.loads(json.dumps(render.encode(picture)))
    assert render.decode(Situation, sent) == picture
    stats = known()
    assert render.decode(Statistics, json.loads(json.dumps(render.encode(stats)))) == stats


def test_the_summary_names_the_latest_round_weeks_and_how_many_hot_spots_are_left_out():
    weeks = tuple(
        WeekCoverage(f"2026-W{n:02d}", date(2026, 8, 4) + timedelta(weeks=i), RoundCoverage(20, 15, 9))
        for i, n in enumerate(range(32, 40))
    )
    facts = [fact(date(2026, 11, d), time(10), place=f"Plats {p}") for p in range(7) for d in (2, 3)]
    stats = replace(compute(facts, PERIOD), round_weeks=weeks)
    text = "\n".join(
        b["text"]["text"] for b in statistics_summary(stats, SV).blocks if b["type"] == "section"
    )
    assert (
        "*Veckans runda*\nv. 34 (möte tis 18 aug.): 15 av 20 enheter har svarat, 9 utan nya händelser" in text
    )
    assert "v. 39 (möte tis 22 sep.)" in text and "v. 33 " not in text
    assert "… och 2 veckor till före (alla i CSV-filen …-svar.csv)" in text
    assert (
        text.count("*2* händelser (perioden före: 0)") == 5 and "… och 2 platser till i lägesbilden" in text
    )
    # No rounds in the period: no round section.
    assert "Veckans runda" not in str(statistics_summary(compute(facts, PERIOD), SV).blocks)
