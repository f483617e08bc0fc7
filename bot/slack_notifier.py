"""The Slack Web API implementation of the Notifier and Directory ports (bot/notifier.py)."""

from __future__ import annotations

import logging
import math
from datetime import datetime
from http.client import HTTPException
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.notifier import ChannelFacts, CopiedFile, DeliveryError, Posted, UserFacts

log = logging.getLogger(__name__)

SHARED_FLAGS = ("is_ext_shared", "is_shared", "is_org_shared", "is_pending_ext_shared")

# Errors that no retry can cure: the person or channel is gone, or the message itself is wrong.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "user_not_found",
        "account_inactive",
        "user_disabled",
        "not_in_channel",
        "invalid_blocks",
        "msg_too_long",
        "no_text",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "missing_scope",
        "restricted_action",
        "cannot_dm_bot",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "team_access_not_granted",
        "file_url_refused",
        "file_not_found",
    }
)


class SlackNotifier:
    """Posts through the Web API and answers the directory questions (the bot token's scopes:
    chat:write, im:write, channels:read, groups:read, users:read)."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def channel_members(self, channel: str) -> frozenset[str]:
        members: set[str] = set()
        cursor = None
        while True:
            response = self.client.conversations_members(channel=channel, cursor=cursor, limit=1000)
            members.update(str(m) for m in response.get("members") or [])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return frozenset(members)

    def channel_facts(self, channel: str) -> ChannelFacts:
        info = self.client.conversations_info(channel=channel)["channel"]
        shared = any(info.get(flag) for flag in SHARED_FLAGS)
        return ChannelFacts(
            private=bool(info.get("is_private")), shared=shared, archived=bool(info.get("is_archived"))
        )

    def user_deleted(self, user_id: str) -> bool | None:
        """True for a deactivated (deleted) account; None when Slack cannot say: an unknown id is not
        proof that someone left, and pseudonymising is not undone."""
        try:
            user = self.client.users_info(user=user_id).get("user")
        except (SlackApiError, URLError, OSError, TimeoutError):
            return None
        return bool(user.get("deleted")) if isinstance(user, dict) else None

    def user_facts(self, user_id: str) -> UserFacts | None:
        try:
            user = self.client.users_info(user=user_id).get("user")
        except (SlackApiError, URLError, OSError, TimeoutError, HTTPException):
            return None
        if not isinstance(user, dict):
            return None
        restricted = bool(user.get("is_restricted") or user.get("is_ultra_restricted"))
        team = user.get("team_id")
        return UserFacts(restricted=restricted, team_id=team if isinstance(team, str) and team else None)

    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        *,
        thread_ts: str | None = None,
        idempotency_key: str | None = None,
    ) -> Posted:
        metadata = (
            {"event_type": METADATA_EVENT, "event_payload": {"key": idempotency_key}}
            if idempotency_key is not None
            else None
        )
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                thread_ts=thread_ts,
                unfurl_links=False,
                unfurl_media=False,
                metadata=metadata,
            )
        except SlackApiError as exc:
            raise _delivery_error(exc) from None
        except URLError as exc:
            # Raised while connecting or sending: the request never reached Slack whole.
            raise DeliveryError(_reason(exc), permanent=False) from None
        except (OSError, TimeoutError, HTTPException) as exc:
            # Raised while waiting for the answer: Slack may have posted it.
            raise DeliveryError(type(exc).__name__, permanent=False, ambiguous=True) from None
        return Posted(channel=str(response["channel"]), ts=str(response["ts"]))

    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]] | None = None) -> Posted:
        try:
            response = self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        except SlackApiError as exc:
            raise _delivery_error(exc) from None
        except (URLError, OSError, TimeoutError, HTTPException) as exc:
            # An update is the same whatever the number of times: trying again is always safe.
            raise DeliveryError(type(exc).__name__, permanent=False) from None
        return Posted(channel=str(response.get("channel") or channel), ts=str(response.get("ts") or ts))

    def find_posted(self, channel: str, idempotency_key: str, since: datetime) -> Posted | None:
        """Looks through the conversation's recent messages for our metadata (needs the
        ``*:history`` scopes; without them Slack answers ``missing_scope``, a permanent error)."""
        try:
            if not channel.startswith(("C", "G", "D")):
                channel = str(self.client.conversations_open(users=channel)["channel"]["id"])
            cursor = None
            for _ in range(HISTORY_PAGES):
                response = self.client.conversations_history(
                    channel=channel,
                    oldest=f"{since.timestamp():.6f}",
                    limit=200,
                    include_all_metadata=True,
                    cursor=cursor,
                )
                for message in response.get("messages") or []:
                    metadata = message.get("metadata") or {}
                    payload = metadata.get("event_payload") or {}
                    if metadata.get("event_type") == METADATA_EVENT and payload.get("key") == idempotency_key:
                        return Posted(channel=channel, ts=str(message["ts"]))
                cursor = (response.get("response_metadata") or {}).get("next_cursor")
                if not response.get("has_more") or not cursor:
                    return None
        except SlackApiError as exc:
            raise _delivery_error(exc) from None
        except (URLError, OSError, TimeoutError, HTTPException) as exc:
            raise DeliveryError(type(exc).__name__, permanent=False) from None
        return None

    # ------------------------------------------------------------------------------ files
    def copy_file(self, url: str, *, filename: str, channel: str, thread_ts: str) -> CopiedFile:
        """Download a user's file with the bot token (``files:read``) and upload it as the bot's own
        in the thread (``files:write``). Only Slack's own hosts get the token."""
        data = self._download(url)
        try:
            response = self.client.files_upload_v2(
                content=data, filename=filename, title=filename, channel=channel, thread_ts=thread_ts
            )
        except SlackApiError as exc:
            raise _delivery_error(exc) from None
        except SlackRequestError:  # the bytes were refused at the upload URL: nothing completed
            raise DeliveryError("upload_failed", permanent=False) from None
        except URLError as exc:
            raise DeliveryError(_reason(exc), permanent=False) from None
        except (OSError, TimeoutError, HTTPException) as exc:
            # The upload may have completed: a retry may leave a second copy (it is deleted with the first
            # only if recorded); rare, and better than none.
            raise DeliveryError(type(exc).__name__, permanent=False, ambiguous=True) from None
        files = response.get("files") or [response.get("file") or {}]
        file = files[0] if files and isinstance(files[0], dict) else {}
        if not file.get("id"):
            raise DeliveryError("upload_without_file", permanent=False)
        permalink = file.get("permalink")
        return CopiedFile(str(file["id"]), permalink if isinstance(permalink, str) else None)

    def upload_files(self, channel: str, files: list[tuple[str, bytes]], comment: str) -> None:
        try:
            if channel.startswith(("U", "W")):  # a person: their DM with the bot
                channel = str(self.client.conversations_open(users=channel)["channel"]["id"])
            self.client.files_upload_v2(
                channel=channel,
                file_uploads=[{"filename": name, "content": data, "title": name} for name, data in files],
                initial_comment=comment,
            )
        except SlackApiError as exc:
            raise _delivery_error(exc) from None
        except SlackRequestError:
            raise DeliveryError("upload_failed", permanent=False) from None
        except URLError as exc:
            raise DeliveryError(_reason(exc), permanent=False) from None
        except (OSError, TimeoutError, HTTPException) as exc:
            # It may have completed: a retry may upload the document twice, which is better than none.
            raise DeliveryError(type(exc).__name__, permanent=False, ambiguous=True) from None

    def _download(self, url: str) -> bytes:
        if not self._trusted(url):
            raise DeliveryError("file_url_refused", permanent=True)
        request = Request(url, headers={"Authorization": f"Bearer {self.client.token}"})  # noqa: S310
        try:
            with urlopen(request, timeout=self.client.timeout) as response:  # noqa: S310 - checked above
                data = response.read(DOWNLOAD_MAX + 1)
        except HTTPError as exc:
            if exc.code == 429:
                raise DeliveryError("ratelimited", permanent=False, retry_after=RETRY_AFTER_DEFAULT) from None
            code = "file_not_found" if exc.code in (403, 404, 410) else f"http_{exc.code}"
            raise DeliveryError(code, permanent=exc.code < 500) from None
        except (URLError, OSError, TimeoutError, HTTPException) as exc:
            raise DeliveryError(type(exc).__name__, permanent=False) from None  # reading twice is harmless
        if len(data) > DOWNLOAD_MAX:
            raise DeliveryError("file_too_large", permanent=True)
        return data

    def _trusted(self, url: str) -> bool:
        """Slack's file hosts over https, or the host of the API the client talks to (a stand-in)."""
        parts, api = urlsplit(url), urlsplit(self.client.base_url)
        if parts.scheme == "https" and (parts.hostname or "").endswith(".slack.com"):
            return True
        return (parts.scheme, parts.netloc) == (api.scheme, api.netloc)

    def delete_file(self, file_id: str) -> None:
        try:
            self.client.files_delete(file=file_id)
        except SlackApiError as exc:
            if exc.response.get("error") in ("file_not_found", "file_deleted"):
                return  # already gone: what was asked is done
            raise _delivery_error(exc) from None
        except (URLError, OSError, TimeoutError, HTTPException) as exc:
            raise DeliveryError(type(exc).__name__, permanent=False) from None  # deleting again is harmless


# A report's photo larger than this is not copied (Slack's form takes images; phones make ~5 MB).
DOWNLOAD_MAX = 50 * 1024 * 1024
# Each post carries its outbox key (hashed) in Slack's message metadata, so that after an
# ambiguous failure the dispatcher can see whether Slack already has the message.
METADATA_EVENT = "orat_outbox"
HISTORY_PAGES = 5
# Slack's Retry-After, as we obey it: a garbled, infinite or absurd value must not crash the
# dispatcher nor park a message for years.
RETRY_AFTER_DEFAULT = 60.0
RETRY_AFTER_MIN = 1.0
RETRY_AFTER_MAX = 600.0


def retry_after_seconds(header: str | None) -> float | None:
    """Slack's ``Retry-After`` as seconds within ``[RETRY_AFTER_MIN, RETRY_AFTER_MAX]``; a header
    that is missing says nothing (None), one that is not a finite, non-negative number means the
    default."""
    if header is None:
        return None
    try:
        seconds = float(header.strip())
    except ValueError:
        return RETRY_AFTER_DEFAULT
    if not math.isfinite(seconds) or seconds < 0:
        return RETRY_AFTER_DEFAULT
    return min(max(seconds, RETRY_AFTER_MIN), RETRY_AFTER_MAX)


def _reason(exc: URLError) -> str:
    reason = exc.reason
    return type(reason).__name__ if isinstance(reason, BaseException) else "URLError"


def _delivery_error(exc: SlackApiError) -> DeliveryError:
    status = exc.response.status_code
    if status == 429:
        header = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after")
        seconds = retry_after_seconds(header)
        return DeliveryError(
            "ratelimited", permanent=False, retry_after=RETRY_AFTER_DEFAULT if seconds is None else seconds
        )
    code = str(exc.response.get("error") or f"http_{status}")
    return DeliveryError(code, permanent=status < 500 and code in PERMANENT_ERRORS)
