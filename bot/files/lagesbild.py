"""The steering group's lägesbild: built once as blocks (bot.files.document) by small section
functions, rendered as Markdown (with its charts as PNG files beside it), Word or PDF."""

from __future__ import annotations

import base64
import json
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.dates import period_label
from bot.domain.documents import FORMATS
from bot.domain.statistics import (
    DEFINITIONS_VERSION,
    WEEK,
    Situation,
    Statistics,
    Trend,
)
from bot.files.document import (
    Block,
    Bullets,
    Heading,
    Image,
    Paragraph,
    Provenance,
    Strong,
    Table,
    Text,
    runs,
)
from bot.files.labels import area_label, category_label
from bot.files.patterns import pattern_blocks
from bot.files.render import (
    CHARTS,
    PATTERN_CHARTS,
    decode,
    draw_here,
    encode,
    in_child_process,
    run_child,
    terms_order,
    texts_of,
)
from bot.texts import Texts

CHART_FILES = {  # ASCII names
    "categories": "kategorier",
    "areas": "omraden",
    "actors": "aktorer",
    "weekday_hours": "tider",
}

# Characters that format, link or end a table cell in (GitHub-flavoured) Markdown: ``<`` would open
# raw HTML or an autolink, ``~`` strike through, ``$`` start math. One pass, so an escape is never
# escaped again.
_MARKDOWN_SPECIAL = re.compile(r"([\\|*_`\[\]<~$])")


def md_escape(text: str) -> str:
    """User-typed text made safe for a Markdown table cell: one line, shown as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


# ------------------------------------------------------------------------------------- the blocks
class _Context:
    """What every section needs: the situation, the texts and the labels of its days."""

    def __init__(self, situation: Situation, texts: Texts, provenance: Provenance, tz: ZoneInfo) -> None:
        self.situation = situation
        self.stats = situation.statistics
        self.texts = texts
        self.provenance = provenance
        self.tz = tz
        language = texts.language
        self.period = period_label(self.stats.period.start, self.stats.period.end, language)
        self.previous = period_label(self.stats.previous.start, self.stats.previous.end, language)
        self.as_of = _day(situation.as_of, language)


Section = Callable[[_Context], list[Block]]


def lagesbild_blocks(
    situation: Situation, texts: Texts, *, provenance: Provenance, tz: ZoneInfo
) -> list[Block]:
    """The whole document, section by section (SECTIONS), in every format alike."""
    context = _Context(situation, texts, provenance, tz)
    return [block for section in SECTIONS for block in section(context)]


def _front(c: _Context) -> list[Block]:
    t, p = c.texts, c.provenance
    made = [
        Paragraph(_marked(t("lagesbild.period", period=c.period, previous=c.previous))),
        Paragraph(
            _labelled(
                t("lagesbild.label_made"),
                t("lagesbild.made", when=f"{p.made_at.astimezone(c.tz):%Y-%m-%d %H:%M}", by=p.made_by),
            )
        ),
        Paragraph(_labelled(t("lagesbild.label_source"), p.source)),
        Paragraph(
            _labelled(
                t("lagesbild.label_definitions"),
                t("lagesbild.definitions", version=p.definitions_version, notes=t("lagesbild.notes")),
            )
        ),
    ]
    if p.snapshot is not None:
        number = t("lagesbild.snapshot", number=p.snapshot)
        made.append(Paragraph(_labelled(t("lagesbild.label_snapshot"), number)))
    return [Heading(t("lagesbild.title"), 1), *made]


def _summary(c: _Context) -> list[Block]:
    t, s, stats = c.texts, c.situation, c.stats
    return [
        Heading(t("lagesbild.summary")),
        Bullets(
            (
                _marked(
                    t.plural(
                        "lagesbild.summary_reports",
                        stats.total,
                        change=_change(Trend("", stats.total, stats.previous_total), t),
                        previous=stats.previous_total,
                    )
                ),
                _marked(
                    t.plural(
                        "lagesbild.summary_actions",
                        s.taken,
                        done=t.plural(
                            "lagesbild.summary_done",
                            s.done,
                            on_time=s.done_on_time,
                            share=_share(s.on_time_share, t),
                        ),
                    )
                ),
                _marked(
                    t.plural(
                        "lagesbild.summary_open",
                        s.open,
                        as_of=c.as_of,
                        overdue=t.plural("lagesbild.count_overdue", s.overdue),
                    )
                ),
                # Reported again: counted apart, said only when it happened (see the notes).
                *(
                    [_marked(t.plural("lagesbild.summary_occurrences", stats.occurrences))]
                    if stats.occurrences
                    else []
                ),
            )
        ),
    ]


def _by_category(c: _Context) -> list[Block]:
    t = c.texts
    rows = [(category_label(x.key, t), x) for x in c.stats.by_category]
    return [
        Heading(t("lagesbild.by_category")),
        _trend_table(t("lagesbild.col_category"), rows, c.stats, t),
        Image("categories", _category_title(c.stats, t)),
    ]


def _by_area(c: _Context) -> list[Block]:
    t = c.texts
    rows = [(area_label(x.key, t), x) for x in c.stats.by_area]
    return [
        Heading(t("lagesbild.by_area")),
        _trend_table(t("lagesbild.col_area"), rows, c.stats, t),
        Image("areas", t("chart.area_title")),
    ]


def _cross(c: _Context) -> list[Block]:
    """Categories down, areas across; each cell this period and its change, e.g. ``9 (+4)``."""
    t, stats = c.texts, c.stats
    areas = [x.key for x in stats.by_area]
    rows = []
    for category in stats.by_category:
        cells = []
        for area in areas:
            trend = stats.by_category_and_area.get((category.key, area))
            cells.append("0" if trend is None else f"{trend.current} ({_signed(trend.change)})")
        rows.append((category_label(category.key, t), *cells))
    return [
        Heading(t("lagesbild.cross")),
        Paragraph(t("lagesbild.cross_intro")),
        Table(
            header=(t("lagesbild.col_category"), *(area_label(a, t) for a in areas)),
            rows=tuple(rows),
            numeric=(False, *(True for _ in areas)),
        ),
    ]


def _actors(c: _Context) -> list[Block]:
    t, s = c.texts, c.situation
    out: list[Block] = [
        Heading(t("lagesbild.actors")),
        Paragraph(t("lagesbild.actors_intro", period=c.period, as_of=c.as_of)),
    ]
    if not s.actors:
        return [*out, Paragraph(t("lagesbild.no_actions")), Image("actors", t("chart.actor_title"))]
    columns = ("actor", "taken", "done", "on_time", "share", "open", "overdue")
    table = Table(
        header=tuple(t(f"lagesbild.col_{col}") for col in columns),
        rows=tuple(
            (
                a.unit,
                *map(str, (a.taken, a.done, a.done_on_time)),
                _share(a.on_time_share, t),
                *map(str, (a.open, a.overdue)),
            )
            for a in s.actors
        ),
        numeric=(False, *(True for _ in columns[1:])),
        total=(
            t("lagesbild.total"),
            *map(str, (s.taken, s.done, s.done_on_time)),
            _share(s.on_time_share, t),
            str(s.open),
            str(s.overdue),
        ),
    )
    return [*out, table, Image("actors", t("chart.actor_title"))]


def _patterns(c: _Context) -> list[Block]:
    """When things happen (weekday × time of day) and the hot spots with their trend."""
    return pattern_blocks(c.situation, c.texts)


def _round(c: _Context) -> list[Block]:
    """The weekly round per meeting: how many units answered (nothing when no round went out)."""
    t, stats = c.texts, c.stats
    if not stats.round_weeks:
        return []
    columns = ("round_week", "round_meeting", "round_units", "round_answered", "round_nothing_new")
    table = Table(
        header=tuple(t(f"csv.{col}") for col in columns),
        rows=tuple(
            (
                w.week,
                _day(w.meeting_on, t.language),
                *map(str, (w.coverage.units, w.coverage.answered, w.coverage.nothing_new)),
            )
            for w in stats.round_weeks
        ),
        numeric=(False, False, True, True, True),
    )
    return [Heading(t("lagesbild.round")), Paragraph(t("lagesbild.round_intro")), table]


def _how_counted(c: _Context) -> list[Block]:
    """How each figure is counted, so a reader of a filed copy can check it (definitions version)."""
    t = c.texts
    return [
        Heading(t("lagesbild.notes")),
        Bullets(
            (
                t("lagesbild.note_occurred"),
                t("lagesbild.note_occurrences"),
                t("lagesbild.note_merged"),
                t("lagesbild.note_areas"),
                t("lagesbild.note_taken"),
                t("lagesbild.note_on_time"),
                t("lagesbild.note_as_of", as_of=c.as_of),
                t("lagesbild.note_previous", previous=c.previous),
                t("lagesbild.note_places"),
                t("lagesbild.note_round"),
                t("lagesbild.note_version", version=c.provenance.definitions_version),
            )
        ),
    ]


# The document's sections in order; a new section is one more function here.
SECTIONS: tuple[Section, ...] = (
    _front,
    _summary,
    _by_category,
    _by_area,
    _cross,
    _actors,
    _patterns,
    _round,
    _how_counted,
)


def _trend_table(heading: str, rows: list[tuple[str, Trend]], stats: Statistics, texts: Texts) -> Table:
    total = Trend("", stats.total, stats.previous_total)
    return Table(
        header=(
            heading,
            texts("lagesbild.col_current"),
            texts("lagesbild.col_previous"),
            texts("lagesbild.col_change"),
        ),
        rows=tuple((label, str(x.current), str(x.previous), _change(x, texts)) for label, x in rows),
        numeric=(False, True, True, True),
        total=(texts("lagesbild.total"), str(total.current), str(total.previous), _change(total, texts)),
    )


def _marked(text: str) -> Text:
    """A catalogue text whose ``**…**`` marks bold figures, as runs. Only for texts whose values are
    the bot's own (numbers, days): typed text never goes through here."""
    parts = text.split("**")
    return tuple(Strong(part) if i % 2 else part for i, part in enumerate(parts) if part)


def _labelled(label: str, value: str) -> Text:
    return (Strong(label), f" {value}")


# ----------------------------------------------------------------------------------------- Markdown
def markdown(blocks: list[Block], charts: dict[str, str]) -> str:
    """The blocks as Markdown; an Image shows the file ``charts`` names for its chart, or nothing."""
    out = [rendered for block in blocks if (rendered := _md_block(block, charts))]
    return "\n\n".join(out) + "\n"


def _md_block(block: Block, charts: dict[str, str]) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {_md_inline(block.text)}"
    if isinstance(block, Paragraph):
        return _md_text(block.text)
    if isinstance(block, Bullets):
        return "\n".join(f"- {_md_text(item)}" for item in block.items)
    if isinstance(block, Table):
        lines = [
            _md_row(block.header),
            "|" + "".join("---:|" if n else "---|" for n in block.numeric),
            *(_md_row(row) for row in block.rows),
        ]
        if block.total is not None:
            lines.append("| " + " | ".join(f"**{md_escape(cell)}**" for cell in block.total) + " |")
        return "\n".join(lines)
    name = charts.get(block.chart)
    return f"![{md_escape(block.caption)}]({name})" if name else ""


def _md_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(md_escape(cell) for cell in cells) + " |"


def _md_text(text: Text) -> str:
    return "".join(f"**{_md_inline(words)}**" if bold else _md_inline(words) for words, bold in runs(text))


def _md_inline(text: str) -> str:
    """Like ``md_escape`` but keeps the spaces at a run's edges (runs are joined)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def lagesbild_markdown(
    situation: Situation,
    texts: Texts,
    *,
    charts: dict[str, str],
    generated_at: datetime,
    tz: ZoneInfo,
    provenance: Provenance | None = None,
) -> str:
    """The lägesbild; ``charts`` maps "categories", "areas", "actors" to the PNG file names to show."""
    made = provenance or default_provenance(generated_at, texts)
    return markdown(lagesbild_blocks(situation, texts, provenance=made, tz=tz), charts)


# ------------------------------------------------------------------------------------------- files
def default_provenance(generated_at: datetime, texts: Texts) -> Provenance:
    """For a caller that states no provenance (the command line): made now, by the command line,
    from the database."""
    return Provenance(
        made_at=generated_at,
        made_by=texts("lagesbild.made_by_cli"),
        source=texts("lagesbild.source_database"),
        definitions_version=DEFINITIONS_VERSION,
    )


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
    comes with its charts as PNG files, Word and PDF hold them. The same situation and provenance
    give the same bytes."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"no lägesbild format {sorted(unknown)}")
    made = provenance or default_provenance(generated_at, texts)
    if not in_child_process():
        return lagesbild_files_here(situation, texts, provenance=made, tz=tz, formats=formats)
    # Under ``serve``: made by ``main`` below in a child process, so workers stay small.
    order = {
        "language": texts.language,
        "terms": terms_order(texts),
        "situation": encode(situation),
        "provenance": encode(made),
        "tz": tz.key,
        "formats": list(formats),
    }
    files = run_child(order, "bot.files.lagesbild")["files"]
    return [(name, base64.b64decode(data)) for name, data in files]


def lagesbild_files_here(
    situation: Situation, texts: Texts, *, provenance: Provenance, tz: ZoneInfo, formats: tuple[str, ...]
) -> list[tuple[str, bytes]]:
    period = situation.statistics.period
    stem = f"lagesbild-{period.start.isoformat()}--{period.end.isoformat()}"
    # The weekday × time chart only when some report has a time (else its section says so).
    charts = CHARTS + (PATTERN_CHARTS if situation.statistics.patterns.timed else ())
    pngs = dict(zip(charts, draw_here(situation, charts, texts), strict=True))
    blocks = lagesbild_blocks(situation, texts, provenance=provenance, tz=tz)
    title = f"{texts('lagesbild.title')}, {period_label(period.start, period.end, texts.language)}"
    files: list[tuple[str, bytes]] = []
    for kind in FORMATS:  # one fixed order, whatever order they were asked in
        if kind not in formats:
            continue
        if kind == "md":
            names = {key: f"{stem}-{CHART_FILES[key]}.png" for key in pngs}
            files.append((f"{stem}.md", markdown(blocks, names).encode("utf-8")))
            files += [(names[key], png) for key, png in pngs.items()]
        elif kind == "docx":
            from bot.files.word import word_document

            files.append(
                (f"{stem}.docx", word_document(blocks, pngs, title=title, provenance=provenance, texts=texts))
            )
        else:
            from bot.files.pdf import pdf_document

            files.append(
                (f"{stem}.pdf", pdf_document(blocks, pngs, title=title, provenance=provenance, texts=texts))
            )
    return files


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


def main() -> int:
    """The child process's side: the order from ``lagesbild_files`` on stdin, the files out."""
    order = json.load(sys.stdin)
    files = lagesbild_files_here(
        decode(Situation, order["situation"]),
        texts_of(order),
        provenance=decode(Provenance, order["provenance"]),
        tz=ZoneInfo(order["tz"]),
        formats=tuple(order["formats"]),
    )
    json.dump({"files": [[name, base64.b64encode(data).decode("ascii")] for name, data in files]}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
