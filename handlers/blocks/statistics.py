"""The short answer to ``/orat statistik`` (the chart and the CSV follow as files)."""

from __future__ import annotations

from bot.domain.dates import period_label, short_date
from bot.domain.statistics import Statistics, Trend
from bot.domain.text import escape_mrkdwn, shorten
from bot.files.labels import area_label, category_label
from bot.results.common import Message
from bot.texts import Texts
from handlers.blocks.common import context, section

REPEAT_PLACES_SHOWN = 5


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
    repeats = [
        texts.plural(
            "stats.repeat_line",
            r.reports,
            school=escape_mrkdwn(shorten(r.unit, 60)),
            place=escape_mrkdwn(shorten(r.place, 80)),
            first=short_date(r.first, language),
            last=short_date(r.last, language),
        )
        for r in stats.repeat_places[:REPEAT_PLACES_SHOWN]
    ]
    blocks.append(
        section(texts("stats.repeat_header") + "\n" + ("\n".join(repeats) or texts("stats.repeat_none")))
    )
    blocks.append(context(texts("stats.sent", period=period)))
    return Message(text=texts("stats.sent", period=period), blocks=blocks)


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
