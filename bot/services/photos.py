"""Photos on reports, after the form: queueing the bot's copies into the agenda's thread in the
meeting channel when the agenda is published, and the deletion of those copies when retention
forgets a report. Both go through the outbox (kinds ``PHOTO_COPY`` and ``PHOTO_DELETE``), so a Slack
outage delays them and loses nothing; ``bot.services.outbox`` does the Slack side through the
``FileStore`` port."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from storage.models import AgendaItem
from storage.uow import UnitOfWork

PHOTO_COPY = "photo_copy"
PHOTO_DELETE = "photo_delete"
FILE_KINDS = frozenset({PHOTO_COPY, PHOTO_DELETE})
# Payload keys: which photo row to copy; which of the bot's files to delete.
PHOTO_ID, FILE_ID = "photo_id", "file_id"


class PhotoTexts(Protocol):
    """What the outbox's rows for photos say when they cannot be delivered (the chairs' summary)."""

    def photo_copy_text(self, reference: str) -> str: ...


def copy_key(photo_id: int) -> str:
    return f"photo-copy:{photo_id}"


def queue_photo_copies(
    uow: UnitOfWork,
    team_id: str,
    channel: str,
    meeting_id: int,
    rows: Mapping[int, AgendaItem],
    texts: PhotoTexts,
    now: datetime,
) -> list[tuple[str, str]]:
    """Each photo of the agenda's reports not copied yet, into the thread of the agenda in the
    (private, checked) meeting channel, after the message that holds its item. Once per photo:
    a photo already queued (an earlier agenda, a carried item) is not queued again."""
    photos = [p for p in uow.photos.of_reports(sorted(rows)) if p.copy_file_id is None]
    if not photos:
        return []
    references = uow.reports.references({p.report_id for p in photos})
    keys = []
    for photo in photos:
        item = rows[photo.report_id]
        added = uow.outbox.add(
            team_id=team_id,
            key=copy_key(photo.id),
            kind=PHOTO_COPY,
            channel=channel,
            payload={"text": texts.photo_copy_text(references.get(photo.report_id, "")), PHOTO_ID: photo.id},
            not_before=now,
            now=now,
            after_key=item.message_key,
            thread_key=f"agenda:{meeting_id}:0",
        )
        if added:
            keys.append((team_id, copy_key(photo.id)))
    return keys


def forget_photos(uow: UnitOfWork, team_id: str, report_id: int, reference: str, now: datetime) -> int:
    """Forget the report's photos and queue the deletion of the bot's copies in Slack (retention,
    by the same rule as the report's text); how many rows were forgotten."""
    photos = uow.photos.of_report(report_id)
    if not photos:
        return 0
    channels = uow.outbox.sent_channels([copy_key(p.id) for p in photos], team_id)
    for photo in photos:
        if photo.copy_file_id is None:
            continue
        uow.outbox.add(
            team_id=team_id,
            key=f"photo-delete:{photo.copy_file_id}",
            kind=PHOTO_DELETE,
            channel=channels.get(copy_key(photo.id), photo.uploaded_by_user_id),
            payload={"text": reference, FILE_ID: photo.copy_file_id},
            not_before=now,
            now=now,
        )
    uow.photos.forget_of_report(report_id)
    return len(photos)
