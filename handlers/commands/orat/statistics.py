"""``/orat statistik [period]`` and ``/orat lägesbild [period]``: counts for chairs and the steering
group, with charts, CSV and the lägesbild document sent to the user's DM."""

from __future__ import annotations

from http.client import HTTPException
from urllib.error import URLError

from slack_sdk.errors import SlackApiError

from bot.domain.dates import period_label
from bot.domain.documents import split_formats
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
    """``/orat lagesbild [period] [pdf|word|md|alla]``: made, stored as a snapshot (what changed
    since the last of the same period said) and sent, PDF and Word unless other formats are named;
    ``arkiv``: the stored ones, each to open again."""
    inv.ack()
    if inv.args and inv.args[0].lower() in ARCHIVE_WORDS:
        inv.show(
            archive_blocks(inv.hc.services.snapshots.archive(inv.team, inv.user, 0), inv.texts, inv.hc.tz)
        )
        return
    words, formats = split_formats(inv.args)
    if _bad_format(inv, words):
        inv.say(inv.texts("lagesbild.bad_format", word=words[-1]))
        return
    period = _period(inv, words)
    if period is None:
        return
    snapshots = inv.hc.services.snapshots
    made = snapshots.make(inv.team, inv.user, period.start, period.end, inv.now, made_by_name=_name(inv))
    assert made is not None  # only a scheduled one can lose its claim
    label, since = _label(inv, period), made.since
    lines = [
        inv.texts("lagesbild.sent_as", period=label, formats=_said(formats, inv)),  # before the wait
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
    _, files = snapshots.open(inv.team, inv.user, made.line.number, formats)
    inv.send_files(files, inv.texts("lagesbild.file_comment", period=label))


def _bad_format(inv: Invocation, words: tuple[str, ...]) -> bool:
    """ "förra månaden excel": a period, then a word that is neither period nor format."""
    if len(words) < 2 or read_period(" ".join(words), inv.today) is not None:
        return False
    period = read_period(" ".join(words[:-1]), inv.today)
    return isinstance(period, Period) and inv.may(Permission.SEE_STATISTICS)


def _name(inv: Invocation) -> str:
    """Who the document says made it: the person's name in Slack, or their Slack id."""
    try:
        user = inv.client.users_info(user=inv.user).get("user") or {}
    except (SlackApiError, URLError, OSError, TimeoutError, HTTPException):
        user = {}
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    name = profile.get("real_name") or user.get("real_name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return inv.texts("lagesbild.made_by_slack", user=inv.user)


def _said(formats: tuple[str, ...], inv: Invocation) -> str:
    """ "PDF och Word-dokument": the formats as a sentence says them."""
    *first, last = [inv.texts(f"lagesbild.format_{f}") for f in formats]
    return f"{', '.join(first)} {inv.texts('lagesbild.format_and')} {last}" if first else last


def _period(inv: Invocation, words: tuple[str, ...] | None = None) -> Period | None:
    """The period typed after the command; None when the person was told why there is none."""
    found = read_period(" ".join(inv.args if words is None else words), inv.today)
    if found is None:
        inv.usage("statistics_usage", Permission.SEE_STATISTICS)
    if isinstance(found, YearOutOfRange):
        inv.refuse_year(found)
        return None
    return found


def _label(inv: Invocation, period: Period) -> str:
    return period_label(period.start, period.end, inv.texts.language)
