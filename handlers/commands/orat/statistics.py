"""``/orat statistik [period]`` and ``/orat lägesbild [period]``: counts for chairs and the steering
group, with charts, CSV and the lägesbild document sent to the user's DM."""

from __future__ import annotations

from bot.domain.dates import period_label
from bot.domain.parsing import YearOutOfRange, read_period
from bot.domain.permissions import Permission
from bot.domain.statistics import Period
from handlers.blocks.snapshots import archive_blocks, changes_line
from handlers.blocks.statistics import statistics_summary
from handlers.commands.orat.common import Invocation

ARCHIVE_WORDS = ("arkiv", "arkivet", "archive")


def statistics(inv: Invocation) -> None:
    inv.ack()
    period = _period(inv)
    if period is None:
        return
    stats, files = inv.hc.services.statistics.statistics_files(inv.team, inv.user, period)
    inv.show(statistics_summary(stats, inv.texts))
    inv.send_files(files, inv.texts("stats.file_comment", period=_label(inv, period)))


def situation(inv: Invocation) -> None:
    """Made, stored as a snapshot (what changed since the last of the same period said) and sent;
    ``arkiv``: the stored ones, each to open again."""
    inv.ack()
    if inv.args and inv.args[0].lower() in ARCHIVE_WORDS:
        page = inv.hc.services.snapshots.archive(inv.team, inv.user, 0)
        inv.show(archive_blocks(page, inv.texts, inv.hc.tz))
        return
    period = _period(inv)
    if period is None:
        return
    made = inv.hc.services.snapshots.make(inv.team, inv.user, period.start, period.end, inv.now)
    assert made is not None  # only a scheduled one can lose its claim
    label = _label(inv, period)
    since = made.since
    lines = [
        inv.texts("lagesbild.sent", period=label),
        inv.texts("snapshot.stored", number=made.line.number),
        changes_line(
            made.changes,
            since.number if since else None,
            since.made_at if since else None,
            inv.texts,
            inv.hc.tz,
        ),
    ]
    inv.say("\n".join(line for line in lines if line))
    inv.send_files(made.files, inv.texts("lagesbild.file_comment", period=label))


def _period(inv: Invocation) -> Period | None:
    """The period typed after the command; None when the person was told why there is none."""
    found = read_period(" ".join(inv.args), inv.today)
    if found is None:
        inv.usage("statistics_usage", Permission.SEE_STATISTICS)
    if isinstance(found, YearOutOfRange):
        inv.refuse_year(found)
        return None
    return found


def _label(inv: Invocation, period: Period) -> str:
    return period_label(period.start, period.end, inv.texts.language)
