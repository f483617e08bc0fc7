"""The archive of stored lägesbilder (``/orat lagesbild arkiv``) and the lines that go with a new one."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.dates import day_and_month, period_label
from bot.domain.snapshots import Changes
from bot.results.common import Message
from bot.results.snapshots import ArchivePage
from bot.texts import Texts
from handlers.blocks.common import button, context, header, section
from handlers.ids import SNAPSHOT_NEWER, SNAPSHOT_OLDER, SNAPSHOT_OPEN


def archive_blocks(page: ArchivePage, texts: Texts, tz: ZoneInfo) -> Message:
    """A page of the archive, newest first, each with *Öppna*; *Nyare*/*Äldre* when there are more."""
    lines, total, number, pages = page.lines, page.total, page.page, page.pages
    if not total:
        text = texts("snapshot.archive_empty")
        return Message(text=text, blocks=[section(text)])
    blocks = [header(texts("snapshot.archive_title")), context(texts.plural("snapshot.archive_intro", total))]
    for line in lines:
        text = texts(
            "snapshot.archive_line",
            number=line.number,
            period=period_label(line.start, line.end, texts.language),
            when=made_when(line.made_at, tz),
            who=made_by(line.made_by_user_id, line.kind, texts),
            kind=texts(f"snapshot.kind_{line.kind}"),
        )
        if line.anonymised:
            text += f" · _{texts('snapshot.anonymised')}_"
        blocks.append(
            {
                "type": "section",
                "block_id": f"snapshot_{line.number}",
                "text": section(text)["text"],
                "accessory": button(texts("snapshot.open"), SNAPSHOT_OPEN, str(line.number)),
            }
        )
    if pages > 1:
        # Button values are pages counted from 1 (a row id's form, as every button value here).
        paging = []
        if number > 0:
            paging.append(button(texts("snapshot.newer"), SNAPSHOT_NEWER, str(number)))
        if number + 1 < pages:
            paging.append(button(texts("snapshot.older"), SNAPSHOT_OLDER, str(number + 2)))
        blocks.append(context(texts("snapshot.page", page=number + 1, pages=pages)))
        blocks.append({"type": "actions", "block_id": "snapshot_paging", "elements": paging})
    return Message(text=texts("snapshot.archive_title"), blocks=blocks)


def made_when(instant: datetime, tz: ZoneInfo) -> str:
    return f"{instant.astimezone(tz):%Y-%m-%d %H:%M}"


def made_by(user_id: str | None, kind: str, texts: Texts) -> str:
    return f"<@{user_id}>" if user_id else texts(f"snapshot.made_by_{kind}")


def changes_line(
    changes: Changes | None, since_number: int | None, since_at: datetime | None, texts: Texts, tz: ZoneInfo
) -> str | None:
    """The line saying what changed against the latest earlier snapshot of the period, e.g.
    "… 2 rapporter ändrade sedan 3 dec., 1 ny, 1 borttagen"; None for the first of its period."""
    if changes is None or since_number is None or since_at is None:
        return None
    since = day_and_month(since_at.astimezone(tz).date(), texts.language)
    if not changes.any:
        return texts("snapshot.unchanged_since", number=since_number, since=since)
    parts = [texts.plural("snapshot.changed_since", changes.changed, since=since)]
    if changes.new:
        parts.append(texts.plural("snapshot.count_new", changes.new))
    if changes.removed:
        parts.append(texts.plural("snapshot.count_removed", changes.removed))
    return texts("snapshot.changes_line", number=since_number, changes=", ".join(parts))


def file_comment(
    number: int, start: date, end: date, made_at: datetime, anonymised: bool, texts: Texts, tz: ZoneInfo
) -> str:
    key = "snapshot.file_comment_anonymised" if anonymised else "snapshot.file_comment"
    return texts(
        key, number=number, period=period_label(start, end, texts.language), when=made_when(made_at, tz)
    )
