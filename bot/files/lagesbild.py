"""The steering group's lägesbild as a Markdown document with its three charts."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.dates import period_label
from bot.domain.statistics import REPEAT_AT_LEAST, WEEK, Situation, Statistics, Trend
from bot.files.document import Provenance
from bot.files.labels import area_label, category_label
from bot.texts import Texts

FORMATS = ("md",)  # "docx" and "pdf" to come
CHART_FILES = {"categories": "kategorier", "areas": "omraden", "actors": "aktorer"}  # ASCII names

# Characters that format, link or end a table cell in (GitHub-flavoured) Markdown: ``<`` would open
# raw HTML or an autolink, ``~`` strike through, ``$`` start math. One pass, so an escape is never
# escaped again.
_MARKDOWN_SPECIAL = re.compile(r"([\\|*_`\[\]<~$])")


def md_escape(text: str) -> str:
    """User-typed text made safe for a Markdown table cell: one line, shown as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def lagesbild_markdown(
    situation: Situation,
    texts: Texts,
    *,
    charts: dict[str, str],
    generated_at: datetime,
    tz: ZoneInfo,
) -> str:
    """The lägesbild; ``charts`` maps "categories", "areas", "actors" to the PNG file names to show."""
    stats = situation.statistics
    language = texts.language
    period = period_label(stats.period.start, stats.period.end, language)
    previous = period_label(stats.previous.start, stats.previous.end, language)
    as_of = _day(situation.as_of, language)
    out = [
        f"# {texts('lagesbild.title')}",
        "",
        texts("lagesbild.period", period=period, previous=previous),
        "",
        texts("lagesbild.generated", when=f"{generated_at.astimezone(tz):%Y-%m-%d %H:%M}"),
        "",
        f"## {texts('lagesbild.summary')}",
        "",
        "- "
        + texts.plural(
            "lagesbild.summary_reports",
            stats.total,
            change=_change(Trend("", stats.total, stats.previous_total), texts),
            previous=stats.previous_total,
        ),
        "- "
        + texts.plural(
            "lagesbild.summary_actions",
            situation.taken,
            done=texts.plural(
                "lagesbild.summary_done",
                situation.done,
                on_time=situation.done_on_time,
                share=_share(situation.on_time_share, texts),
            ),
        ),
        "- "
        + texts.plural(
            "lagesbild.summary_open",
            situation.open,
            as_of=as_of,
            overdue=texts.plural("lagesbild.count_overdue", situation.overdue),
        ),
        "",
        f"## {texts('lagesbild.by_category')}",
        "",
        *_trend_table(
            texts("lagesbild.col_category"),
            [(category_label(t.key, texts), t) for t in stats.by_category],
            stats,
            texts,
        ),
        *_image(charts, "categories", _category_title(stats, texts)),
        f"## {texts('lagesbild.by_area')}",
        "",
        *_trend_table(
            texts("lagesbild.col_area"),
            [(md_escape(area_label(t.key, texts)), t) for t in stats.by_area],
            stats,
            texts,
        ),
        *_image(charts, "areas", texts("chart.area_title")),
        f"## {texts('lagesbild.cross')}",
        "",
        texts("lagesbild.cross_intro"),
        "",
        *_cross_table(stats, texts),
        f"## {texts('lagesbild.actors')}",
        "",
        texts("lagesbild.actors_intro", period=period, as_of=as_of),
        "",
        *_actor_table(situation, texts),
        *_image(charts, "actors", texts("chart.actor_title")),
        f"## {texts('lagesbild.repeat')}",
        "",
        *_repeat_table(stats, texts),
        *_round_table(stats, texts),
        f"## {texts('lagesbild.notes')}",
        "",
        "- " + texts("lagesbild.note_occurred"),
        "- " + texts("lagesbild.note_merged"),
        "- " + texts("lagesbild.note_on_time"),
        "- " + texts("lagesbild.note_as_of", as_of=as_of),
        "- " + texts("lagesbild.note_previous", previous=previous),
        "- " + texts("lagesbild.note_places"),
        "",
    ]
    return "\n".join(out)


def lagesbild_files(
    situation: Situation,
    texts: Texts,
    *,
    generated_at: datetime,
    tz: ZoneInfo,
    provenance: Provenance | None = None,
    formats: tuple[str, ...] = ("md",),
) -> list[tuple[str, bytes]]:
    """The document in ``formats`` (FORMATS), named after the period (ASCII, ISO dates); "md"
    comes with its charts as PNG files."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"no lägesbild format {sorted(unknown)}")
    # Drawn by bot.files.render: in a child process under ``serve``, here otherwise.
    from bot.files.render import CHARTS, draw

    period = situation.statistics.period
    stem = f"lagesbild-{period.start.isoformat()}--{period.end.isoformat()}"
    pngs = dict(zip(CHARTS, draw(situation, CHARTS, texts), strict=True))
    names = {key: f"{stem}-{CHART_FILES[key]}.png" for key in pngs}
    document = lagesbild_markdown(situation, texts, charts=names, generated_at=generated_at, tz=tz)
    return [(f"{stem}.md", document.encode("utf-8")), *((names[key], png) for key, png in pngs.items())]


def _trend_table(heading: str, rows: list[tuple[str, Trend]], stats: Statistics, texts: Texts) -> list[str]:
    lines = [
        f"| {heading} | {texts('lagesbild.col_current')} | {texts('lagesbild.col_previous')} "
        f"| {texts('lagesbild.col_change')} |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {label} | {t.current} | {t.previous} | {_change(t, texts)} |" for label, t in rows]
    total = Trend("", stats.total, stats.previous_total)
    lines.append(
        f"| **{texts('lagesbild.total')}** | **{total.current}** | **{total.previous}** "
        f"| **{_change(total, texts)}** |"
    )
    return [*lines, ""]


def _cross_table(stats: Statistics, texts: Texts) -> list[str]:
    """Categories down, areas across; each cell this period and its change, e.g. ``9 (+4)``."""
    areas = [t.key for t in stats.by_area]
    lines = [
        f"| {texts('lagesbild.col_category')} | "
        + " | ".join(md_escape(area_label(a, texts)) for a in areas)
        + " |",
        "|---|" + "---:|" * len(areas),
    ]
    for category in stats.by_category:
        cells = []
        for area in areas:
            trend = stats.by_category_and_area.get((category.key, area))
            cells.append("0" if trend is None else f"{trend.current} ({_signed(trend.change)})")
        lines.append(f"| {category_label(category.key, texts)} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _actor_table(situation: Situation, texts: Texts) -> list[str]:
    if not situation.actors:
        return [texts("lagesbild.no_actions"), ""]
    columns = ("actor", "taken", "done", "on_time", "share", "open", "overdue")
    lines = [
        "| " + " | ".join(texts(f"lagesbild.col_{c}") for c in columns) + " |",
        "|---|" + "---:|" * (len(columns) - 1),
    ]
    for a in situation.actors:
        lines.append(
            f"| {md_escape(a.unit)} | {a.taken} | {a.done} | {a.done_on_time} "
            f"| {_share(a.on_time_share, texts)} | {a.open} | {a.overdue} |"
        )
    lines.append(
        f"| **{texts('lagesbild.total')}** | **{situation.taken}** | **{situation.done}** "
        f"| **{situation.done_on_time}** | **{_share(situation.on_time_share, texts)}** "
        f"| **{situation.open}** | **{situation.overdue}** |"
    )
    return [*lines, ""]


def _round_table(stats: Statistics, texts: Texts) -> list[str]:
    """The weekly round per meeting: how many units answered (nothing when no round went out)."""
    if not stats.round_weeks:
        return []
    columns = ("round_week", "round_meeting", "round_units", "round_answered", "round_nothing_new")
    out = [
        f"## {texts('lagesbild.round')}",
        "",
        texts("lagesbild.round_intro"),
        "",
        "| " + " | ".join(texts(f"csv.{c}") for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for week in stats.round_weeks:
        cover = week.coverage
        day = _day(week.meeting_on, texts.language)
        out.append(f"| {week.week} | {day} | {cover.units} | {cover.answered} | {cover.nothing_new} |")
    return [*out, ""]


def _repeat_table(stats: Statistics, texts: Texts) -> list[str]:
    if not stats.repeat_places:
        return [texts("lagesbild.repeat_none"), ""]
    columns = ("school", "area", "place", "reports", "categories", "dates")
    lines = [
        texts.plural("lagesbild.repeat_intro", REPEAT_AT_LEAST),
        "",
        "| " + " | ".join(texts(f"lagesbild.col_{c}") for c in columns) + " |",
        "|---|---|---|---:|---|---|",
    ]
    for r in stats.repeat_places:
        categories = ", ".join(category_label(c, texts) for c in r.categories)
        lines.append(
            f"| {md_escape(r.unit)} | {md_escape(area_label(r.area, texts))} | {md_escape(r.place)} "
            f"| {r.reports} | {categories} | {period_label(r.first, r.last, texts.language)} |"
        )
    return [*lines, ""]


def _image(charts: dict[str, str], key: str, alt: str) -> list[str]:
    name = charts.get(key)
    return [f"![{md_escape(alt)}]({name})", ""] if name else []


def _category_title(stats: Statistics, texts: Texts) -> str:
    weekly = stats.period.granularity == WEEK
    return texts("chart.category_title_week" if weekly else "chart.category_title_month")


def _change(trend: Trend, texts: Texts) -> str:
    """``+3 (+25 %)``; the per cent left out when the period before had none."""
    signed = _signed(trend.change)
    if trend.percent is None or trend.change == 0:
        return signed
    percent = texts("lagesbild.percent", n=_whole(abs(trend.percent)))
    return f"{signed} ({'+' if trend.change > 0 else '−'}{percent})"


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0"  # a real minus sign, as in print


def _share(share: float | None, texts: Texts) -> str:
    return texts("lagesbild.no_share") if share is None else texts("lagesbild.percent", n=_whole(100 * share))


def _whole(percent: float) -> int:
    """Half up, as people round (``round`` would make 12.5 % into 12 %)."""
    return int(percent + 0.5)


def _day(day: date, language: str) -> str:
    return period_label(day, day, language)  # one day: "23 nov. 2026"
