"""The Notifier port: how services post to Slack. Slack in production, a fake in service tests."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

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
    }
)


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


class DeliveryError(Exception):
    """A post failed. ``permanent`` means do not retry; ``retry_after`` is Slack's wish, in seconds."""

    def __init__(self, code: str, *, permanent: bool, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.permanent = permanent
        self.retry_after = retry_after


class Notifier(Protocol):
    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        *,
        thread_ts: str | None = None,
    ) -> Posted: ...


SHARED_FLAGS = ("is_ext_shared", "is_shared", "is_org_shared", "is_pending_ext_shared")


@dataclass(frozen=True)
class ChannelFacts:
    """What decides whether report contents may be posted in a channel."""

    private: bool
    shared: bool  # shared with another organisation (Slack Connect) or across an Enterprise org


class Directory(Protocol):
    """What the services ask Slack about people and channels (read-only)."""

    def channel_members(self, channel: str) -> frozenset[str]: ...

    def channel_facts(self, channel: str) -> ChannelFacts: ...

    def user_deleted(self, user_id: str) -> bool | None: ...


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
        return ChannelFacts(private=bool(info.get("is_private")), shared=shared)

    def user_deleted(self, user_id: str) -> bool | None:
        """True for a deactivated (deleted) account; None when Slack cannot say: an unknown id is not
        proof that someone left, and pseudonymising is not undone."""
        try:
            user = self.client.users_info(user=user_id).get("user")
        except (SlackApiError, URLError, OSError, TimeoutError):
            return None
        return bool(user.get("deleted")) if isinstance(user, dict) else None

    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        *,
        thread_ts: str | None = None,
    ) -> Posted:
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                thread_ts=thread_ts,
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            raise _delivery_error(exc) from None
        except (URLError, OSError, TimeoutError) as exc:
            raise DeliveryError(type(exc).__name__, permanent=False) from None
        return Posted(channel=str(response["channel"]), ts=str(response["ts"]))


def _delivery_error(exc: SlackApiError) -> DeliveryError:
    status = exc.response.status_code
    if status == 429:
        retry_after = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after")
        try:
            seconds = float(retry_after) if retry_after is not None else None
        except ValueError:
            seconds = None
        return DeliveryError("ratelimited", permanent=False, retry_after=seconds)
    code = str(exc.response.get("error") or f"http_{status}")
    return DeliveryError(code, permanent=status < 500 and code in PERMANENT_ERRORS)
