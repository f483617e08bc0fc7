"""The ports services reach Slack through: Notifier (posting) and Directory (who and where).
The Slack implementation is bot/slack_notifier.py; tests use fakes."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


class DeliveryError(Exception):
    """A post failed. ``permanent``: do not retry. ``retry_after``: Slack's wish, in seconds, already
    checked (finite, not negative). ``ambiguous``: Slack may have accepted the post all the same (the
    connection dropped or timed out after the request went out)."""

    def __init__(
        self,
        code: str,
        *,
        permanent: bool,
        retry_after: float | None = None,
        ambiguous: bool = False,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.permanent = permanent
        self.retry_after = retry_after
        self.ambiguous = ambiguous


class Notifier(Protocol):
    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        *,
        thread_ts: str | None = None,
        idempotency_key: str | None = None,
    ) -> Posted: ...

    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]] | None = None) -> Posted:
        """Rewrite a message the bot posted (chat.update): the same message, new content."""
        ...

    def find_posted(self, channel: str, idempotency_key: str, since: datetime) -> Posted | None:
        """The message posted with ``idempotency_key`` in ``channel`` (a user id means the DM)
        since ``since``, or None. Raises DeliveryError when Slack cannot be asked."""
        ...


@dataclass(frozen=True)
class CopiedFile:
    """The bot's copy of a file, uploaded into a conversation."""

    file_id: str
    permalink: str | None = None


class FileStore(Protocol):
    """Copying a user's file into a conversation (a report's photos, into the agenda's thread) and
    deleting the bot's copies. Failures raise DeliveryError, as posting does."""

    def copy_file(self, url: str, *, filename: str, channel: str, thread_ts: str) -> CopiedFile:
        """Download ``url`` (a ``url_private_download``) with the bot token and upload it as the
        bot's own file in ``channel``'s thread ``thread_ts`` (files.getUploadURLExternal, the
        upload, files.completeUploadExternal)."""
        ...

    def upload_files(self, channel: str, files: list[tuple[str, bytes]], comment: str) -> None:
        """Upload the bot's own files (a lägesbild's) into ``channel`` (a user id: the DM) with
        ``comment`` (files.getUploadURLExternal, the uploads, files.completeUploadExternal)."""
        ...

    def delete_file(self, file_id: str) -> None:
        """files.delete of a file the bot uploaded; a file already gone is not an error."""
        ...


@dataclass(frozen=True)
class ChannelFacts:
    """What decides whether report contents may be posted in a channel."""

    private: bool
    shared: bool  # shared with another organisation (Slack Connect) or across an Enterprise org
    archived: bool = False


@dataclass(frozen=True)
class UserFacts:
    """What decides whether someone takes part from outside the city's workspace (a guest)."""

    restricted: bool  # a Slack guest: is_restricted (multi-channel) or is_ultra_restricted (single)
    team_id: str | None  # the person's own workspace; another one than ours: Slack Connect


class Directory(Protocol):
    """What the services ask Slack about people and channels (read-only)."""

    def channel_members(self, channel: str) -> frozenset[str]: ...

    def channel_facts(self, channel: str) -> ChannelFacts: ...

    def user_deleted(self, user_id: str) -> bool | None: ...

    def user_facts(self, user_id: str) -> UserFacts | None:
        """None when Slack cannot say."""
        ...
