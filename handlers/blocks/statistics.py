"""The short answer to ``/orat statistik`` (the chart and the CSV follow as files)."""

from __future__ import annotations

from typing import Any

from bot.domain.dates import period_label, short_date, weekday_label
from bot.domain.patterns import BANDS, HOT_SPOT_AT_LEAST, band_label
from bot.domain.statistics import Statistics, Trend
from bot.domain.text import escape_mrkdwn, shorten
from bot.files.labels import area_label, category_label
from bot.results.common import Message
from bot.texts import Texts
from handlers.blocks.common import context, section
from handlers.blocks.rounds import coverage_line

HOT_SPOTS_SHOWN = 5
BUSIEST_SHOWN = 3  # weekday time bands
ROUND_WEEKS_SHOWN = 6  # the latest; the CSV file has them all


def statistics_summary(stats: Statistics, texts: Texts) -> Message:
    language = texts.language
    period = period_label(stats.period.start, stats.period.end, language)
    previous = period_label(stats.previous.start, stats.previous.end, language)
    change = stats.total - stats.previous_total
    head = texts.plural(
        "stats.header",
        stats.total,
        period=period,
        change=texts("stats.change", sign=_sign(change), n=abs(change), previous=previous),
    )
    categories = [_trend_line(t, category_label(t.key, texts), texts) for t in stats.by_category if _shown(t)]
    areas = [_trend_line(t, area_label(t.key, texts), texts) for t in stats.by_area if _shown(t)]
    blocks = [section(head)]
    if stats.occurrences:
        blocks.append(context(texts.plural("stats.occurrences", stats.occurrences)))
    if categories:
        blocks.append(section(texts("stats.by_category") + "\n" + "\n".join(categories)))
    if areas:
        blocks.append(section(texts("stats.by_area") + "\n" + "\n".join(areas)))
    blocks += _when_blocks(stats, texts)
    blocks += _hot_spot_blocks(stats, texts)
    blocks += _round_blocks(stats, texts)
    blocks.append(context(texts("stats.sent", period=period)))
    return Message(text=texts("stats.sent", period=period), blocks=blocks)


def _when_blocks(stats: Statistics, texts: Texts) -> list[dict[str, Any]]:
    """The busiest weekday time bands, and what was not counted (happenings without a time)."""
    patterns = stats.patterns
    if not patterns.happenings:
        return []
    lines = [
        texts.plural(
            "stats.when_line",
            b.n,
            weekday=weekday_label(b.weekday, texts.language),
            band=band_label(b.band),
        )
        for b in patterns.busiest(BUSIEST_SHOWN)
    ]
    bands = ", ".join(band_label(b) for b in range(len(BANDS)))
    notes = [texts("stats.when_note", bands=bands)]
    if patterns.untimed:
        notes.append(texts.plural("stats.when_untimed", patterns.untimed))
    return [
        section(texts("stats.when_header") + "\n" + ("\n".join(lines) or texts("stats.when_none"))),
        context(" ".join(notes)),
    ]


def _hot_spot_blocks(stats: Statistics, texts: Texts) -> list[dict[str, Any]]:
    """Places reported again and again, against the period before, and what happened there last."""
    language = texts.language
    lines = [
        texts.plural(
            "stats.hot_line",
            h.current,
            school=escape_mrkdwn(shorten(h.unit, 60)),
            place=escape_mrkdwn(shorten(h.place, 80)),
            previous=h.previous,
            last=short_date(h.last, language),
            category=category_label(h.last_category, texts).lower(),
        )
        for h in stats.patterns.hot_spots[:HOT_SPOTS_SHOWN]
    ]
    more = len(stats.patterns.hot_spots) - HOT_SPOTS_SHOWN
    if more > 0:
        lines.append(texts.plural("stats.hot_more", more))
    header = texts.plural("stats.hot_header", HOT_SPOT_AT_LEAST)
    none = texts.plural("stats.hot_none", HOT_SPOT_AT_LEAST)
    return [section(header + "\n" + ("\n".join(lines) or none))]


def _round_blocks(stats: Statistics, texts: Texts) -> list[dict[str, Any]]:
    """The weekly round before each meeting of the period, the latest weeks (nothing without rounds)."""
    if not stats.round_weeks:
        return []
    shown = stats.round_weeks[-ROUND_WEEKS_SHOWN:]
    lines = [
        texts(
            "stats.round_line",
            week=week.week.split("-W")[-1].lstrip("0"),
            meeting=short_date(week.meeting_on, texts.language),
            coverage=coverage_line(week.coverage, texts),
        )
        for week in shown
    ]
    earlier = len(stats.round_weeks) - len(shown)
    if earlier:
        lines.append(texts.plural("stats.round_earlier", earlier))
    return [section(texts("stats.round_header") + "\n" + "\n".join(lines))]


def _shown(trend: Trend) -> bool:
    return bool(trend.current or trend.previous)


def _trend_line(trend: Trend, label: str, texts: Texts) -> str:
    return texts(
        "stats.trend_line",
        label=escape_mrkdwn(label),
        current=trend.current,
        sign=_sign(trend.change),
        n=abs(trend.change),
    )


def _sign(change: int) -> str:
    return "+" if change > 0 else ("−" if change < 0 else "±")
