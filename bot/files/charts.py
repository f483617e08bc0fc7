"""PNG charts of the statistics and the lägesbild, for Slack and the steering group's document.

Drawn with matplotlib's object API on the Agg canvas: no pyplot, so no global figure state, and a
web worker's threads cannot draw into each other's figures. The same numbers give the same bytes.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence

import numpy as np
from babel.dates import format_skeleton
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.domain.dates import period_label, weekday_label
from bot.domain.patterns import ALL, BANDS, WEEKDAYS, WeekdayHours, band_label
from bot.domain.reports import Category
from bot.domain.statistics import WEEK, ActorSummary, Bucket, Situation, Statistics
from bot.files.labels import area_label, category_label
from bot.texts import Texts

WIDTH, HEIGHT, DPI = 10.0, 35 / 6, 120  # 1200 × 700 px
FONT = "DejaVu Sans"  # bundled with matplotlib and has å, ä, ö: never a missing-glyph box
MAX_ACTORS = 12  # bars in the actor chart; the rest are summed into one
ACTOR_NAME_MAX = 38

# Okabe–Ito: told apart with every common colour vision deficiency. Fixed per category, so a
# category keeps its colour from chart to chart and week to week.
CATEGORY_COLOURS = {
    Category.GANGS.value: "#0072B2",  # blue
    Category.VANDALISM.value: "#E69F00",  # orange
    Category.ARSON.value: "#D55E00",  # vermillion
    Category.DRUG_SALES.value: "#CC79A7",  # reddish purple
    Category.THREATS.value: "#009E73",  # bluish green
    Category.UNSAFE_ENVIRONMENT.value: "#56B4E9",  # sky blue
    Category.OTHER.value: "#999999",  # grey: the rest
}
EXTRA_COLOUR = "#000000"  # a category no longer offered
# A workspace's own categories (bot.domain.vocabulary), in the order the chart lists them: Okabe–Ito's
# yellow and black, then further dark shades.
OWN_COLOURS = ("#F0E442", "#000000", "#7F4F24", "#4B0082", "#2F4F4F", "#8B0000")
CURRENT_COLOUR, PREVIOUS_COLOUR = "#0072B2", "#B0B0B0"
ON_TIME, LATE, OPEN, OVERDUE = "#009E73", "#E69F00", "#56B4E9", "#D55E00"
GRID, MUTED = "#DDDDDD", "#555555"
# The weekday × time grids: cividis (made for colour vision deficiencies, its lightness rising
# evenly, so it prints as a grey scale) reversed, light to dark, without its palest yellow;
# an empty cell is white.
HEAT = ListedColormap(colormaps["cividis_r"](np.linspace(0.12, 1.0, 256))).with_extremes(under="white")
ZERO_INK = "#8C8C8C"

_LOCALES = {"sv": "sv_SE", "en": "en_GB"}  # as bot.domain.dates
# Agg's font cache is shared; one drawing at a time costs nothing at the few charts a week asks for.
_DRAWING = threading.Lock()


def _own_colour(index: int) -> str:
    return OWN_COLOURS[index] if index < len(OWN_COLOURS) else EXTRA_COLOUR


def category_chart(stats: Statistics, texts: Texts) -> bytes:
    """Stacked bars: reports per week (or month), stacked by category."""
    weekly = stats.period.granularity == WEEK
    fig, ax = _figure(
        texts("chart.category_title_week" if weekly else "chart.category_title_month"),
        texts("chart.total_subtitle", period=_period(stats, texts), total=stats.total),
    )
    cells: dict[tuple[str, str], int] = {}
    for count in stats.counts:
        cells[(count.bucket, count.category)] = cells.get((count.bucket, count.category), 0) + count.n
    categories = [t.key for t in stats.by_category if t.current > 0]
    positions = list(range(len(stats.buckets)))
    bottoms = [0] * len(stats.buckets)
    own = [c for c in categories if c not in CATEGORY_COLOURS]
    for category in categories:
        heights = [cells.get((b.key, category), 0) for b in stats.buckets]
        ax.bar(
            positions,
            heights,
            bottom=bottoms,
            width=0.72,
            color=CATEGORY_COLOURS.get(category) or _own_colour(own.index(category)),
            edgecolor="white",
            linewidth=0.8,
            label=category_label(category, texts),
            zorder=2,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    for x, total in zip(positions, bottoms, strict=True):
        if total:
            ax.annotate(
                str(total),
                (x, total),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9,
                color=MUTED,
            )
    ax.set_xticks(positions, _bucket_labels(stats.buckets, weekly, texts), fontfamily=FONT)
    _every_nth_label(ax, len(positions))
    ax.set_xlim(-0.6, max(len(positions), 1) - 0.4)
    _count_axis(ax, "y", max(bottoms, default=0), texts("chart.reports_axis"))
    if stats.total == 0:
        _nothing(ax, texts("chart.no_reports"), "y")
    else:
        # Reversed: the legend then lists the categories in the order they are stacked, top first.
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(
            handles[::-1], labels[::-1], loc="outside right upper", frameon=False, prop={"family": FONT}
        )
    return _png(fig)


def area_chart(stats: Statistics, texts: Texts) -> bytes:
    """Horizontal bars per city area: this period next to the period before it."""
    previous = period_label(stats.previous.start, stats.previous.end, texts.language)
    fig, ax = _figure(
        texts("chart.area_title"),
        texts("chart.area_subtitle", period=_period(stats, texts), previous=previous),
    )
    areas = list(stats.by_area)
    rows = list(range(len(areas)))
    height = 0.38
    current = ax.barh(
        [r - height / 2 for r in rows],
        [t.current for t in areas],
        height=height,
        color=CURRENT_COLOUR,
        label=texts("chart.this_period", period=_period(stats, texts)),
        zorder=2,
    )
    before = ax.barh(
        [r + height / 2 for r in rows],
        [t.previous for t in areas],
        height=height,
        color=PREVIOUS_COLOUR,
        label=texts("chart.previous_period", period=previous),
        zorder=2,
    )
    ax.set_yticks(rows, [area_label(t.key, texts) for t in areas], fontfamily=FONT)
    ax.set_ylim(len(areas) - 0.5, -0.5)  # the first area at the top
    largest = max((max(t.current, t.previous) for t in areas), default=0)
    _count_axis(ax, "x", largest, texts("chart.reports_axis"))
    if stats.total == 0 and stats.previous_total == 0:
        _nothing(ax, texts("chart.no_reports_either"), "x")
    else:
        ax.bar_label(current, padding=3, fontsize=9, fontfamily=FONT)
        ax.bar_label(before, padding=3, fontsize=9, fontfamily=FONT, color=MUTED)
        fig.legend(loc="outside lower center", ncols=2, frameon=False, prop={"family": FONT})
    return _png(fig)


def actor_chart(situation: Situation, texts: Texts) -> bytes:
    """Stacked horizontal bars per actor: done on time, done late, open, overdue."""
    stats = situation.statistics
    as_of = period_label(situation.as_of, situation.as_of, texts.language)
    fig, ax = _figure(
        texts("chart.actor_title"),
        texts("chart.actor_subtitle", period=_period(stats, texts), as_of=as_of),
    )
    actors = _top_actors(situation.actors, texts)
    rows = list(range(len(actors)))
    segments = [
        (texts("chart.done_on_time"), ON_TIME, "white", [a.done_on_time for _, a in actors]),
        (texts("chart.done_late"), LATE, "black", [a.done - a.done_on_time for _, a in actors]),
        (texts("chart.open"), OPEN, "black", [a.open - a.overdue for _, a in actors]),
        (texts("chart.overdue"), OVERDUE, "white", [a.overdue for _, a in actors]),
    ]
    totals = [a.done + a.open for _, a in actors]
    largest = max(totals, default=0)
    lefts = [0] * len(actors)
    for label, colour, ink, widths in segments:
        bars = ax.barh(
            rows,
            widths,
            left=lefts,
            height=0.66,
            color=colour,
            edgecolor="white",
            linewidth=0.8,
            label=label,
            zorder=2,
        )
        # A number inside a segment only where it fits; the bar's total stands at its end anyway.
        ax.bar_label(
            bars,
            labels=[str(w) if w and w >= 0.05 * largest else "" for w in widths],
            label_type="center",
            fontsize=9,
            color=ink,
            fontfamily=FONT,
        )
        lefts = [left + w for left, w in zip(lefts, widths, strict=True)]
    for row, total in zip(rows, totals, strict=True):
        ax.annotate(
            str(total),
            (total, row),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color=MUTED,
        )
    ax.set_yticks(rows, [name for name, _ in actors], fontfamily=FONT)
    ax.set_ylim(max(len(actors), 1) - 0.5, -0.5)  # the busiest actor at the top
    _count_axis(ax, "x", largest, texts("chart.actions_axis"))
    if largest == 0:
        _nothing(ax, texts("chart.no_actions"), "x")
    else:
        fig.legend(loc="outside lower center", ncols=4, frameon=False, prop={"family": FONT})
    return _png(fig)


def weekday_hours_chart(stats: Statistics, texts: Texts) -> bytes:
    """When things happen: weekday × time band, one small grid for all categories and one per
    category with a time of day. A sequential map light to dark (cividis: told apart with every
    common colour vision deficiency, and its lightness rises steadily, so it prints in grey) and
    the count written in every cell, so the chart reads without its colours."""
    patterns = stats.patterns
    panels = [patterns.everything, *(grid for grid in patterns.by_category if grid.timed)]
    if not patterns.timed:
        panels = [patterns.everything]
    columns = 1 if len(panels) == 1 else 2
    rows = -(-len(panels) // columns)
    height = 1.7 + 2.7 * rows  # inches: the title and the note, and the grids
    # A fixed layout, not the constrained one: with some 400 figures in the cells, working out the
    # layout from every text's extent would double the time this chart takes to draw.
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    fig.suptitle(
        texts("chart.when_title", period=_period(stats, texts)),
        x=0.01,
        y=1 - 0.12 / height,
        ha="left",
        va="top",
        fontsize=15,
        fontweight="bold",
        fontfamily=FONT,
    )
    # How it is counted, under the grids.
    bands = ", ".join(band_label(b) for b in range(len(BANDS)))
    untimed = " " + texts.plural("stats.when_untimed", patterns.untimed) if patterns.untimed else ""
    fig.text(
        0.01,
        0.1 / height,
        texts("chart.when_note", bands=bands) + untimed,
        ha="left",
        va="bottom",
        fontsize=9.5,
        color=MUTED,
        fontfamily=FONT,
        wrap=True,
    )
    axes = fig.subplots(
        rows,
        columns,
        squeeze=False,
        gridspec_kw={
            "left": 0.6 / WIDTH,
            "right": 1 - 0.15 / WIDTH,
            "top": 1 - 0.95 / height,
            "bottom": 0.95 / height,
            "hspace": 0.32,
            "wspace": 0.14,
        },
    )
    days = [weekday_label(d, texts.language, short=True) for d in range(WEEKDAYS)]
    for i, ax in enumerate(axes.flat):
        if i >= len(panels):
            ax.set_visible(False)
            continue
        _heat_panel(ax, panels[i], days, texts)
    if not patterns.timed:
        axes[0][0].text(
            0.5, 0.5, texts("chart.when_none"), transform=axes[0][0].transAxes, ha="center",
            va="center", fontsize=13, color="black", fontfamily=FONT,
            bbox={"facecolor": "white", "edgecolor": GRID},
        )  # fmt: skip
    return _png(fig)


def _heat_panel(ax: Axes, grid: WeekdayHours, days: list[str], texts: Texts) -> None:
    banded = grid.banded()
    largest = max(max(row) for row in banded) or 1
    # An empty cell stays white (under the scale), one happening is the lightest tint.
    top = max(largest, 1.5)
    ax.imshow(banded, cmap=HEAT, vmin=0.5, vmax=top, aspect="auto", interpolation="nearest")
    for day, row in enumerate(banded):
        for band, n in enumerate(row if grid.timed else ()):  # an empty grid: the chart says so
            # Dark cells get white figures; the threshold is where the map passes mid-grey.
            ink = "white" if (n - 0.5) / (top - 0.5) > 0.6 else ("black" if n else ZERO_INK)
            ax.text(band, day, str(n), ha="center", va="center", fontsize=9, color=ink, fontfamily=FONT)
    # Thin white lines between the cells, so neighbours of one shade stay apart in print (two line
    # collections: minor ticks would cost a tick object per line).
    ax.vlines([x - 0.5 for x in range(1, len(BANDS))], -0.5, WEEKDAYS - 0.5, colors="white", linewidth=1.5)
    ax.hlines([y - 0.5 for y in range(1, WEEKDAYS)], -0.5, len(BANDS) - 0.5, colors="white", linewidth=1.5)
    name = texts("chart.when_all") if grid.category == ALL else category_label(grid.category, texts)
    ax.set_title(
        texts.plural("chart.when_panel", grid.timed, name=name), loc="left", fontsize=10.5, fontfamily=FONT
    )
    ax.set_xticks(range(len(BANDS)), [band_label(b) for b in range(len(BANDS))], fontfamily=FONT)
    ax.set_yticks(range(WEEKDAYS), days, fontfamily=FONT)
    ax.tick_params(labelsize=8.5, length=0)
    for side in ax.spines.values():
        side.set_visible(False)


# ---------------------------------------------------------------------------------------- helpers
def _figure(title: str, subtitle: str) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    fig.suptitle(title, x=0.01, ha="left", fontsize=15, fontweight="bold", fontfamily=FONT)
    # The subtitle starts where the title does, not where the axes do (after long area names):
    # an empty axes title keeps its room in the layout, the subtitle is drawn over it.
    ax.set_title(" ", fontsize=10.5, pad=10)
    ax.annotate(
        subtitle,
        xy=(0.01, 1),
        xycoords=("figure fraction", "axes fraction"),
        xytext=(0, 10),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=10.5,
        color=MUTED,
        fontfamily=FONT,
    ).set_in_layout(False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=9.5, labelfontfamily=FONT)
    return fig, ax


def _count_axis(ax: Axes, which: str, largest: int, label: str) -> None:
    """Whole numbers only, some room above the largest bar for its label, a light grid."""
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    top = max(largest * 1.1, largest + 1, 4)
    (ax.set_ylim if which == "y" else ax.set_xlim)(0, top)
    (ax.set_ylabel if which == "y" else ax.set_xlabel)(label, fontfamily=FONT, fontsize=10)
    ax.grid(axis=which, color=GRID, linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)


def _nothing(ax: Axes, message: str, which: str) -> None:
    """Say so in the middle, without a grid of counts that were never there."""
    (ax.set_yticks if which == "y" else ax.set_xticks)([0])
    ax.grid(False)
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=14,
        color=MUTED,
        fontfamily=FONT,
    )


def _period(stats: Statistics, texts: Texts) -> str:
    return period_label(stats.period.start, stats.period.end, texts.language)


def _bucket_labels(buckets: Sequence[Bucket], weekly: bool, texts: Texts) -> list[str]:
    """``v. 47`` or ``nov.``, with the year under the first bucket and the first of a new year
    (a year under every month would not fit twelve months side by side)."""
    locale = _LOCALES.get(texts.language, texts.language)
    labels = []
    for i, bucket in enumerate(buckets):
        if weekly:
            label = texts("chart.week", week=bucket.number)
        else:
            label = format_skeleton("MMM", bucket.start, locale=locale)
        if i == 0 or bucket.year != buckets[i - 1].year:
            label += f"\n{bucket.year}"
        labels.append(label)
    return labels


def _every_nth_label(ax: Axes, count: int) -> None:
    """A long period by month would crowd the axis: keep every n-th label readable."""
    step = (count + 15) // 16
    if step > 1:
        for i, label in enumerate(ax.get_xticklabels()):
            label.set_visible(i % step == 0)


def _top_actors(actors: Sequence[ActorSummary], texts: Texts) -> list[tuple[str, ActorSummary]]:
    """The busiest actors by name, the rest summed into one bar so the chart stays readable."""
    shown = list(actors) if len(actors) <= MAX_ACTORS else list(actors[: MAX_ACTORS - 1])
    named = [(_shorten(a.unit), a) for a in shown]
    rest = actors[len(shown) :]
    if rest:
        summed = ActorSummary(
            unit="",
            taken=sum(a.taken for a in rest),
            done=sum(a.done for a in rest),
            done_on_time=sum(a.done_on_time for a in rest),
            open=sum(a.open for a in rest),
            overdue=sum(a.overdue for a in rest),
        )
        named.append((texts.plural("chart.others", len(rest)), summed))
    return named


def _shorten(name: str) -> str:
    """One line, not too long, and a typed ``$`` shown as itself rather than starting mathtext."""
    name = " ".join(name.split())
    if len(name) > ACTOR_NAME_MAX:
        name = name[: ACTOR_NAME_MAX - 1].rstrip() + "…"
    return name.replace("$", r"\$")


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    # No "Software" chunk (it names the matplotlib version): the bytes depend on the numbers alone.
    with _DRAWING:
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()
