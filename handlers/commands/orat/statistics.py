"""``/orat statistik [period]`` and ``/orat lägesbild [period]``: counts for chairs and the steering
group, with charts, CSV and the lägesbild document sent to the user's DM."""

from __future__ import annotations

from bot.domain.dates import period_label
from bot.domain.parsing import YearOutOfRange, read_period
from bot.domain.permissions import Permission
from bot.domain.statistics import Period
from handlers.blocks.statistics import statistics_summary
from handlers.commands.orat.common import Invocation


def statistics(inv: Invocation) -> None:
    inv.ack()
    period = _period(inv)
    if period is None:
        return
    stats, files = inv.hc.services.statistics.statistics_files(inv.team, inv.user, period)
    inv.show(statistics_summary(stats, inv.texts))
    inv.send_files(files, inv.texts("stats.file_comment", period=_label(inv, period)))


def situation(inv: Invocation) -> None:
    inv.ack()
    period = _period(inv)
    if period is None:
        return
    _, files = inv.hc.services.statistics.situation_files(
        inv.team, inv.user, period.start, period.end, inv.now
    )
    label = _label(inv, period)
    inv.say(inv.texts("lagesbild.sent", period=label))
    inv.send_files(files, inv.texts("lagesbild.file_comment", period=label))


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
