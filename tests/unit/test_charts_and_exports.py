"""The statistics' PNG charts, the CSV for Excel and the lägesbild document, from known facts."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from bot.domain.statistics import (
    MONTH,
    NO_AREA,
    ActionFact,
    ActorSummary,
    ReportFact,
    Situation,
    period_for,
    situation,
)
from bot.files.charts import _top_actors, actor_chart, area_chart, category_chart, weekday_hours_chart
from bot.files.lagesbild import lagesbild_files, lagesbild_markdown, md_escape
from bot.files.patterns import weekday_hours_csv
from bot.files.statistics import statistics_csv, statistics_files
from bot.texts import Texts

TZ = ZoneInfo("Europe/Stockholm")
SV = Texts("sv")
HOSTILE = "Gården | *fet* [länk](http://x)"
# Three ISO weeks, 45–47; the period before is 12 Oct – 1 Nov. Counted on 30 Nov, so as_of is 22 Nov.
PERIOD = period_for(date(2026, 11, 2), date(2026, 11, 22))
TODAY = date(2026, 11, 30)
GENERATED = datetime(2026, 11, 30, 8, 15, tzinfo=UTC)  # 09:15 in Malmö
MILJO = "Miljö|förvaltningen\n(tillsyn)"  # typed with a pipe and a line break

REPORTS = [
    ReportFact(date(2026, 11, 2), "gangs", "Norr", "Rosengårdsskolan", "Entrén"),
    ReportFact(date(2026, 11, 3), "gangs", "Norr", "Rosengårdsskolan", "Entrén"),
    ReportFact(date(2026, 11, 10), "arson", "Söder", "Söderkullaskolan", HOSTILE),
    ReportFact(date(2026, 11, 12), "arson", "Söder", "Söderkullaskolan", HOSTILE),
    ReportFact(date(2026, 11, 18), "vandalism", NO_AREA, "Stadens skola", "Parken"),
    ReportFact(date(2026, 11, 20), "drug_sales", "Öster", "Österportsskolan", "Busshållplatsen"),
    # The period before: 2 reports.
    ReportFact(date(2026, 10, 20), "gangs", "Norr", "Rosengårdsskolan", "Entrén"),
    ReportFact(date(2026, 10, 21), "vandalism", "Väster", "Västerskolan", "Parkeringen"),
    # Before both periods: not counted.
    ReportFact(date(2026, 9, 1), "threats", "Norr", "Rosengårdsskolan", "Entrén"),
]
ACTIONS = [
    ActionFact("Polisen", date(2026, 11, 2), date(2026, 11, 9), "done", date(2026, 11, 8)),  # on time
    ActionFact("Polisen", date(2026, 11, 2), date(2026, 11, 9), "done", date(2026, 11, 12)),  # late
    ActionFact("Polisen", date(2026, 11, 10), date(2026, 11, 30), "open", None),  # open, not overdue
    ActionFact("Gatukontoret", date(2026, 11, 3), date(2026, 11, 10), "done", date(2026, 11, 10)),  # due day
    ActionFact("Gatukontoret", date(2026, 11, 3), date(2026, 11, 15), "open", None),  # overdue on 22 Nov
    ActionFact(MILJO, date(2026, 10, 15), date(2026, 11, 6), "done", date(2026, 11, 5)),  # given out before
    ActionFact(MILJO, date(2026, 11, 5), date(2026, 11, 12), "cancelled", None),
    ActionFact(
        MILJO, date(2026, 11, 15), date(2026, 11, 20), "done", date(2026, 11, 25)
    ),  # overdue on 22 Nov
]
# By hand: given out 3 + 2 + 2 = 7; done 2 + 1 + 1 = 4, on time 1 + 1 + 1 = 3 (75 %); open on
# 22 Nov 1 + 1 + 1 = 3, of which overdue 0 + 1 + 1 = 2.


@pytest.fixture(scope="module")
def picture() -> Situation:
    return situation(REPORTS, ACTIONS, PERIOD, TODAY)


@pytest.fixture(scope="module")
def empty() -> Situation:
    return situation([], [], PERIOD, TODAY)


def test_the_facts_give_the_numbers_worked_out_by_hand(picture: Situation):
    assert (picture.statistics.total, picture.statistics.previous_total) == (6, 2)
    assert (picture.taken, picture.done, picture.done_on_time, picture.open, picture.overdue) == (
        7,
        4,
        3,
        3,
        2,
    )
    assert picture.as_of == date(2026, 11, 22)


# ---------------------------------------------------------------------------------------- charts
def assert_png(data: bytes) -> None:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert 5_000 < len(data) < 300_000
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        width, height = image.size
        assert 1000 <= width <= 1600
        assert 600 <= height <= 1000
        assert width > height


CHARTS = {
    "categories": lambda s: category_chart(s.statistics, SV),
    "areas": lambda s: area_chart(s.statistics, SV),
    "actors": lambda s: actor_chart(s, SV),
}


@pytest.mark.parametrize("name", list(CHARTS))
def test_each_chart_is_a_valid_png_of_a_sensible_size(name: str, picture: Situation):
    assert_png(CHARTS[name](picture))


@pytest.mark.parametrize("name", list(CHARTS))
def test_the_same_numbers_give_the_same_bytes(name: str, picture: Situation):
    first = CHARTS[name](picture)
    again = CHARTS[name](situation(REPORTS, ACTIONS, PERIOD, TODAY))
    assert first == again
    assert b"matplotlib" not in first.lower()  # no version stamp to change the bytes


@pytest.mark.parametrize("name", list(CHARTS))
def test_charts_of_nothing_are_valid_and_differ_from_charts_of_something(
    name: str, picture: Situation, empty: Situation
):
    nothing = CHARTS[name](empty)
    assert_png(nothing)
    assert nothing != CHARTS[name](picture)


def test_charts_draw_months_a_long_list_of_actors_and_english():
    year = period_for(date(2026, 1, 1), date(2026, 11, 30))
    assert year.granularity == MONTH
    actors = [
        ActionFact(
            f"Aktör {i:02d} med ett långt namn som måste kortas $x$",
            date(2026, 3, 1),
            date(2026, 3, 9),
            "open",
            None,
        )
        for i in range(20)
    ]
    many = situation(REPORTS, actors, year, TODAY)
    assert len(many.actors) == 20
    for texts in (SV, Texts("en")):
        assert_png(category_chart(many.statistics, texts))
        assert_png(area_chart(many.statistics, texts))
        assert_png(actor_chart(many, texts))


def test_more_than_twelve_actors_are_summed_into_one_bar():
    actors = [
        ActorSummary(f"Aktör {i}", taken=1, done=1, done_on_time=i % 2, open=2, overdue=1) for i in range(15)
    ]
    bars = _top_actors(actors, SV)
    assert len(bars) == 12
    assert [name for name, _ in bars[:11]] == [f"Aktör {i}" for i in range(11)]
    name, rest = bars[-1]
    assert name == "Övriga (4 aktörer)"
    assert (rest.taken, rest.done, rest.done_on_time, rest.open, rest.overdue) == (4, 4, 2, 8, 4)


def test_twelve_actors_are_all_shown_by_name():
    actors = [ActorSummary(f"Aktör {i}", 1, 0, 0, 1, 0) for i in range(12)]
    assert [name for name, _ in _top_actors(actors, SV)] == [f"Aktör {i}" for i in range(12)]


# ---------------------------------------------------------------------------------------- CSV
def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_is_for_excel_in_sweden(picture: Situation):
    data = statistics_csv(picture.statistics, SV)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.startswith("Period;Från;Till;Kategori;Stadsområde;Antal\r\n")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")


def test_csv_has_every_cell_zeros_included(picture: Situation):
    stats = picture.statistics
    header, *rows = csv_rows(statistics_csv(stats, SV))
    assert header == ["Period", "Från", "Till", "Kategori", "Stadsområde", "Antal"]
    # 3 weeks × 7 categories × 6 areas (the five and the whole city, which had a report).
    assert (len(stats.buckets), len(stats.by_category), len(stats.by_area)) == (3, 7, 6)
    assert len(rows) == 3 * 7 * 6
    assert len({tuple(r[:5]) for r in rows}) == len(rows)
    cells = {tuple(r[:5]): r[5] for r in rows}
    assert cells[("2026-W45", "2026-11-02", "2026-11-08", "Störande gäng/grupper", "Norr")] == "2"
    assert cells[("2026-W46", "2026-11-09", "2026-11-15", "Anlagd brand", "Söder")] == "2"
    assert cells[("2026-W47", "2026-11-16", "2026-11-22", "Skadegörelse", "Hela staden / utan område")] == "1"
    assert cells[("2026-W47", "2026-11-16", "2026-11-22", "Drogförsäljning", "Öster")] == "1"
    assert cells[("2026-W45", "2026-11-02", "2026-11-08", "Anlagd brand", "Söder")] == "0"
    assert sum(int(r[5]) for r in rows) == stats.total == 6


def test_csv_by_month_and_with_no_reports():
    months = situation(REPORTS, [], period_for(date(2026, 6, 1), date(2026, 11, 30)), TODAY).statistics
    _, *rows = csv_rows(statistics_csv(months, SV))
    assert len(rows) == 6 * 7 * 6
    november = {tuple(r[:5]): r[5] for r in rows if r[0] == "2026-11"}
    assert november[("2026-11", "2026-11-01", "2026-11-30", "Anlagd brand", "Söder")] == "2"
    assert {tuple(r[:5]): r[5] for r in rows}[
        ("2026-09", "2026-09-01", "2026-09-30", "Hot och våld", "Norr")
    ] == "1"
    assert sum(int(r[5]) for r in rows) == months.total == 9  # June–November holds all nine
    _, *none = csv_rows(statistics_csv(situation([], [], PERIOD, TODAY).statistics, SV))
    assert len(none) == 3 * 7 * 5  # no report without an area: five areas
    assert {r[5] for r in none} == {"0"}


# ---------------------------------------------------------------------------------------- Markdown
CHART_NAMES = {"categories": "k.png", "areas": "o.png", "actors": "a.png"}


def document(s: Situation, charts: dict[str, str] = CHART_NAMES, texts: Texts = SV) -> str:
    return lagesbild_markdown(s, texts, charts=charts, generated_at=GENERATED, tz=TZ)


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("|")]


def cells(row: str) -> list[str]:
    """A table row's cells; an escaped ``\\|`` stays inside its cell."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_the_document_has_the_numbers(picture: Situation):
    md = document(picture)
    assert md.startswith("# Lägesbild – Örat mot marken\n")
    assert "2–22 nov. 2026" in md and "12 okt.–1 nov. 2026" in md
    assert "**Framtagen:** 2026-11-30 09:15 av Örat, från kommandoraden" in md  # no provenance given
    assert "**Underlag:** Örats databas" in md and "**Definitioner:** version 1;" in md
    assert "- **6** rapporter under perioden, +4 (+200 %) mot föregående period (2)." in md
    assert "- **7** åtgärder gavs ut; **4** blev klara, varav 3 i tid (75 %)." in md
    assert "- Per 22 nov. 2026: **3** öppna åtgärder, varav **2** försenade." in md
    rows = table_rows(md)
    assert "| Störande gäng/grupper | 2 | 1 | +1 (+100 %) |" in rows
    assert "| Anlagd brand | 2 | 0 | +2 |" in rows  # no per cent of nothing
    assert "| Skadegörelse | 1 | 1 | 0 |" in rows
    assert "| Väster | 0 | 1 | −1 (−100 %) |" in rows
    assert "| Hela staden / utan område | 1 | 0 | +1 |" in rows
    assert "| **Totalt** | **6** | **2** | **+4 (+200 %)** |" in rows
    assert "| Polisen | 3 | 2 | 1 | 50 % | 1 | 0 |" in rows
    assert "| Gatukontoret | 2 | 1 | 1 | 100 % | 1 | 1 |" in rows
    assert "| **Totalt** | **7** | **4** | **3** | **75 %** | **3** | **2** |" in rows
    # The hot spots: this period, the one before, the change, the latest happening.
    assert "| Rosengårdsskolan | Norr | Entrén | 2 | 1 | +1 | tis 3 nov. | Störande gäng/grupper |" in rows
    assert "## Så räknas siffrorna" in md
    notes = md.split("## Så räknas siffrorna")[1]
    assert "inträffade" in notes and "dubbletter" in notes and "22 nov. 2026" in notes
    assert "tillfälle" in notes and "Veckans runda" in notes and "version 1" in notes


def test_the_document_shows_the_charts_it_is_given(picture: Situation):
    md = document(picture)
    assert "![Rapporter per vecka och kategori](k.png)" in md
    assert "![Rapporter per stadsområde](o.png)" in md
    assert "![Åtgärder per aktör](a.png)" in md
    fewer = document(picture, {"categories": "k.png"})
    assert "](k.png)" in fewer
    assert "o.png" not in fewer and "a.png" not in fewer and fewer.count("![") == 1


def test_typed_text_cannot_format_link_or_break_a_table(picture: Situation):
    md = document(picture)
    assert r"| Söderkullaskolan | Söder | Gården \| \*fet\* \[länk\](http://x) | 2 | 0 | +2 |" in md
    assert "[länk](" not in md and "*fet*" not in md
    assert r"| Miljö\|förvaltningen (tillsyn) | 2 | 1 | 1 | 100 % | 1 | 1 |" in md
    for table in md.split("\n\n"):
        rows = table_rows(table)
        if rows:
            widths = {len(cells(row)) for row in rows}
            assert len(widths) == 1, table  # every row as wide as its header: nothing spilled over
            assert all(row.endswith("|") for row in rows)


def test_md_escape():
    assert md_escape("a|b") == r"a\|b"
    assert md_escape(r"C:\temp") == r"C:\\temp"
    assert md_escape("*fet* _kursiv_ `kod` ~~bort~~") == r"\*fet\* \_kursiv\_ \`kod\` \~\~bort\~\~"
    assert md_escape("[x](http://y) <http://z>") == r"\[x\](http://y) \<http://z>"
    assert md_escape("rad ett\nrad två\r\n  tre") == "rad ett rad två tre"
    assert md_escape("Östra & <> skolan") == r"Östra & \<> skolan"


def test_the_document_of_an_empty_period(empty: Situation):
    md = document(empty)
    assert "- **0** rapporter under perioden, 0 mot föregående period (0)." in md
    assert "varav 0 i tid (–)" in md
    assert "Inga åtgärder gavs ut, blev klara eller var öppna under perioden." in md
    assert "Ingen plats vid en skola hade 2 händelser eller fler under perioden." in md
    assert "| **Totalt** | **0** | **0** | **0** |" in md


def test_the_document_in_english(picture: Situation):
    md = document(picture, texts=Texts("en"))
    assert md.startswith("# Situation report – Örat mot marken\n")
    assert "(75%)" in md
    assert "| Arson | 2 | 0 | +2 |" in md


def test_lagesbild_files_are_the_document_and_its_charts(picture: Situation):
    files = lagesbild_files(picture, SV, generated_at=GENERATED, tz=TZ)
    names = [name for name, _ in files]
    stem = "lagesbild-2026-11-02--2026-11-22"
    assert names == [f"{stem}.md", f"{stem}-kategorier.png", f"{stem}-omraden.png", f"{stem}-aktorer.png"]
    assert all(name.isascii() and " " not in name for name in names)
    md = files[0][1].decode("utf-8")
    assert md == document(picture, {"categories": names[1], "areas": names[2], "actors": names[3]})
    for name, png in files[1:]:
        assert f"]({name})" in md
        assert_png(png)
    assert dict(files)[f"{stem}-kategorier.png"] == category_chart(picture.statistics, SV)


def test_statistics_files_are_the_charts_and_the_csv(picture: Situation):
    files = statistics_files(picture.statistics, SV)
    stem = "statistik-2026-11-02--2026-11-22"
    assert [name for name, _ in files] == [
        f"{stem}.png",
        f"{stem}-omraden.png",
        f"{stem}-tider.png",
        f"{stem}.csv",
        f"{stem}-tider.csv",
    ]
    assert dict(files)[f"{stem}.png"] == category_chart(picture.statistics, SV)
    assert dict(files)[f"{stem}-omraden.png"] == area_chart(picture.statistics, SV)
    assert dict(files)[f"{stem}-tider.png"] == weekday_hours_chart(picture.statistics, SV)
    assert dict(files)[f"{stem}.csv"] == statistics_csv(picture.statistics, SV)
    assert dict(files)[f"{stem}-tider.csv"] == weekday_hours_csv(picture.statistics, SV)


def test_matplotlib_is_imported_only_to_draw():
    """It costs a worker ~30 MB and half a second: the /orat handlers and the services that make the
    files must not load it before someone asks for a chart."""
    code = (
        "import sys\n"
        "import handlers.commands.orat, bot.services.statistics, bot.files.lagesbild, bot.files.statistics\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
