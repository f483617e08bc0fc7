"""The lägesbild's sections on when and where things happen, as document blocks (``bot.files.document``):
the weekday × time table and its chart, and the hot spots with their trend. Rendered by whatever
renders the lägesbild (Markdown, Word, PDF); the text here is plain, each renderer escapes it.

Also the weekday × hour CSV that ``/orat statistik`` sends beside its other files.
"""

from __future__ import annotations

import csv
import io

from bot.domain.dates import period_label, short_date, weekday_label
from bot.domain.patterns import BANDS, HOT_SPOT_AT_LEAST, HOURS, WEEKDAYS, Patterns, WeekdayHours, band_label
from bot.domain.statistics import Situation, Statistics
from bot.files.document import Block, Heading, Image, Paragraph, Table
from bot.files.labels import area_label, category_label
from bot.texts import Texts

CHART = "weekday_hours"  # bot.files.render.PATTERN_CHARTS


def pattern_blocks(situation: Situation, texts: Texts) -> list[Block]:
    """ "När det händer" and "Platser som återkommer", each with how it is counted."""
    stats = situation.statistics
    return [*_when(stats, texts), *_hot_spots(stats, texts)]


def _when(stats: Statistics, texts: Texts) -> list[Block]:
    patterns = stats.patterns
    bands = ", ".join(band_label(b) for b in range(len(BANDS)))
    counted = texts.plural("patterns.when_counted", patterns.happenings, timed=patterns.timed)
    if patterns.untimed:
        counted += " " + texts.plural("stats.when_untimed", patterns.untimed)
    blocks: list[Block] = [
        Heading(texts("patterns.when")),
        Paragraph(texts("patterns.when_intro", bands=bands)),
        Paragraph(counted),
    ]
    if not patterns.timed:
        return blocks
    blocks += [
        _weekday_table(patterns.everything, texts),
        _category_table(patterns, texts),
        Image(CHART, texts("patterns.chart_caption")),
    ]
    return blocks


def _weekday_table(grid: WeekdayHours, texts: Texts) -> Table:
    """Weekdays down, time bands across, totals on both sides: all categories together."""
    banded = grid.banded()
    header = (texts("patterns.col_weekday"), *map(band_label, range(len(BANDS))), texts("patterns.col_total"))
    rows = tuple(
        (weekday_label(day, texts.language), *map(str, row), str(sum(row))) for day, row in enumerate(banded)
    )
    totals = [sum(banded[day][band] for day in range(WEEKDAYS)) for band in range(len(BANDS))]
    return Table(
        header=header,
        rows=rows,
        numeric=(False, *(True,) * (len(BANDS) + 1)),
        total=(texts("patterns.col_total"), *map(str, totals), str(grid.timed)),
    )


def _category_table(patterns: Patterns, texts: Texts) -> Table:
    """Per category: with and without a time, and its busiest weekday time band."""
    rows = []
    for grid in patterns.by_category:
        rows.append(
            (
                category_label(grid.category, texts),
                str(grid.timed),
                str(grid.untimed),
                _busiest(grid, texts),
            )
        )
    header = tuple(texts(f"patterns.col_{c}") for c in ("category", "timed", "untimed", "busiest"))
    return Table(
        header=header,
        rows=tuple(rows),
        numeric=(False, True, True, False),
        total=(texts("patterns.col_total"), str(patterns.timed), str(patterns.untimed), ""),
    )


def _busiest(grid: WeekdayHours, texts: Texts) -> str:
    """``lördag 18–21 (4)``; several equally busy: the first in the week; none: a dash."""
    banded = grid.banded()
    cells = [(n, day, band) for day, row in enumerate(banded) for band, n in enumerate(row) if n]
    if not cells:
        return "–"
    n, day, band = min(cells, key=lambda c: (-c[0], c[1], c[2]))
    return texts(
        "patterns.busiest_cell", weekday=weekday_label(day, texts.language), band=band_label(band), n=n
    )


def _hot_spots(stats: Statistics, texts: Texts) -> list[Block]:
    language = texts.language
    previous = period_label(stats.previous.start, stats.previous.end, language)
    spots = stats.patterns.hot_spots
    blocks: list[Block] = [
        Heading(texts("patterns.hot")),
        Paragraph(texts.plural("patterns.hot_intro", HOT_SPOT_AT_LEAST, previous=previous)),
    ]
    if not spots:
        return [*blocks, Paragraph(texts.plural("stats.hot_none", HOT_SPOT_AT_LEAST))]
    columns = ("school", "area", "place", "current", "previous", "change", "last", "last_category")
    rows = tuple(
        (
            h.unit,
            area_label(h.area, texts),
            h.place,
            str(h.current),
            str(h.previous),
            _signed(h.change),
            short_date(h.last, language),
            category_label(h.last_category, texts),
        )
        for h in spots
    )
    header = tuple(texts(f"patterns.col_{c}") for c in columns)
    return [*blocks, Table(header, rows, (False, False, False, True, True, True, False, False))]


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0"  # a real minus sign, as in print


def weekday_hours_csv(stats: Statistics, texts: Texts) -> bytes:
    """Category × weekday × hour, zeros included (a pivot table in Excel is complete), one row per
    category for its happenings without a time of day. A file of its own: the statistics CSV is
    week × category × area, and these counts have another grain (the whole period, by hour).

    Semicolons and a BOM, as the statistics CSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    columns = ("category", "weekday_number", "weekday", "hour", "count")
    writer.writerow([texts(f"csv.{c}") for c in columns])
    for grid in stats.patterns.by_category:
        label = category_label(grid.category, texts)
        for day in range(WEEKDAYS):
            for hour in range(HOURS):
                writer.writerow(
                    [label, day + 1, weekday_label(day, texts.language), hour, grid.at(day, hour)]
                )
        if grid.untimed:
            writer.writerow([label, "", "", texts("csv.no_time"), grid.untimed])
    return out.getvalue().encode("utf-8-sig")
