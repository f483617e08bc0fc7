"""The statistics as files: the CSV for Excel and the two charts, named after the period."""

from __future__ import annotations

import csv
import io

from bot.domain.statistics import Statistics
from bot.files.labels import area_label, category_label
from bot.files.patterns import weekday_hours_csv
from bot.texts import Texts


def statistics_csv(stats: Statistics, texts: Texts) -> bytes:
    """Every bucket × category × area, zeros included, so a pivot table in Excel is complete.

    Semicolons and a BOM: what Excel in a Swedish locale opens straight into columns, å ä ö intact.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [texts(f"csv.{column}") for column in ("period", "from", "to", "category", "area", "count")]
    )
    cells = {(c.bucket, c.category, c.area): c.n for c in stats.counts}
    for bucket in stats.buckets:
        for category in stats.by_category:
            for area in stats.by_area:
                writer.writerow(
                    [
                        bucket.key,
                        bucket.start.isoformat(),
                        bucket.end.isoformat(),
                        category_label(category.key, texts),
                        area_label(area.key, texts),
                        cells.get((bucket.key, category.key, area.key), 0),
                    ]
                )
    return out.getvalue().encode("utf-8-sig")


ROUND_COLUMNS = (
    "round_week",
    "round_meeting",
    "round_units",
    "round_answered",
    "round_nothing_new",
    "round_missing",
)


def round_csv(stats: Statistics, texts: Texts) -> bytes:
    """The weekly round per meeting of the period: how many units answered, how many had nothing new."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([texts(f"csv.{column}") for column in ROUND_COLUMNS])
    for week in stats.round_weeks:
        cover = week.coverage
        writer.writerow(
            [
                week.week,
                week.meeting_on.isoformat(),
                cover.units,
                cover.answered,
                cover.nothing_new,
                cover.units - cover.answered,
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def statistics_files(stats: Statistics, texts: Texts) -> list[tuple[str, bytes]]:
    """The categories, areas and weekday × time charts and the CSVs, named after the period (ASCII,
    ISO dates)."""
    # Drawn by bot.files.render: in a child process under ``serve`` (matplotlib would stay in the
    # worker's memory), here otherwise; matplotlib is imported only when a chart is drawn.
    from bot.files.render import draw

    stem = f"statistik-{stats.period.start.isoformat()}--{stats.period.end.isoformat()}"
    categories, areas, when = draw(stats, ("categories", "areas", "weekday_hours"), texts)
    return [
        (f"{stem}.png", categories),
        (f"{stem}-omraden.png", areas),
        (f"{stem}-tider.png", when),
        (f"{stem}.csv", statistics_csv(stats, texts)),
        # Weekday × hour per category: another grain than the weeks × areas above.
        (f"{stem}-tider.csv", weekday_hours_csv(stats, texts)),
        # The weekly round's answers, when the period had rounds.
        *([(f"{stem}-svar.csv", round_csv(stats, texts))] if stats.round_weeks else []),
    ]
