"""The sandbox's stand-in for Slack's Web API: a small workspace kept in memory.

The bot's own ``WebClient`` posts here (``SLACK_API_URL`` points at it), exactly as it would post to
slack.com: messages land in conversations, modals on a person's stack, the Home view per person,
files in the DM. The page reads the workspace back through ``state_for``.

Like Slack, every Web API call needs ``Authorization: Bearer <token>`` with the sandbox's per-start
bot token (answered ``not_authed`` / ``invalid_auth`` otherwise). The addresses handed out without a
token — a file's upload URL, a ``response_url``, a file's download path — carry a random part
nobody else can guess.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

BOT_ID = "USBORAT"
BOT_NAME = "Örat"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    title: str


@dataclass
class Message:
    ts: str
    channel: str
    author: str  # BOT_ID or a person's id
    text: str
    blocks: list[dict[str, Any]] | None
    posted_at: datetime
    ephemeral_for: str | None = None
    files: list[dict[str, Any]] = field(default_factory=list)
    replies: list[Message] = field(default_factory=list)
    # Changed after it was posted (chat.update, a response_url's replace_original): when, and the
    # workspace's counter then, so a reader can tell new and changed messages apart, in order.
    edited_at: datetime | None = None
    revision: int = 0


@dataclass
class View:
    id: str
    user: str
    view: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    hash: str = ""
    revision: int = 0  # the workspace's counter when it was last stored or replaced


@dataclass
class Target:
    """Where a ``response_url`` answers: the person, the conversation and the clicked message."""

    user: str
    channel: str
    ts: str | None


class Workspace:
    def __init__(
        self,
        *,
        team_id: str,
        people: list[Person],
        channel_id: str,
        channel_name: str,
        channel_members: list[str],
        clock: Callable[[], datetime],
        token: str,
    ) -> None:
        self.team_id = team_id
        self.token = token  # the bot token the stand-in accepts (``Authorization: Bearer …``)
        self.people = {p.id: p for p in people}
        self.channel_id = channel_id
        self.channel_name = channel_name
        self.channel_members = list(channel_members)
        self.clock = clock
        self.conversations: dict[str, list[Message]] = {channel_id: []}
        self.views: dict[str, View] = {}
        self.stacks: dict[str, list[str]] = {}
        self.homes: dict[str, str] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.triggers: dict[str, str] = {}  # trigger_id → the person who clicked
        self.targets: dict[str, Target] = {}  # response_url token → target
        self.calls: list[tuple[str, dict[str, Any]]] = []  # every Web API call, for `demo` and tests
        self.read: dict[tuple[str, str], int] = {}  # (person, conversation) → messages they have seen
        self.last_call = time.monotonic()
        self._ids = itertools.count(1)
        self._lock = threading.RLock()

    # ------------------------------------------------------------------------------ ids
    def _next(self) -> int:
        return next(self._ids)

    def new_ts(self) -> str:
        return f"{int(self.clock().timestamp())}.{self._next():06d}"

    def new_trigger(self, user: str) -> str:
        with self._lock:
            trigger = f"{self._next()}.{int(time.time())}.sandbox"
            self.triggers[trigger] = user
            return trigger

    def new_response_target(self, user: str, channel: str, ts: str | None) -> str:
        """The secret part of a ``response_url``: whoever knows it may post as Örat, so it is random."""
        with self._lock:
            token = secrets.token_urlsafe(24)
            self.targets[token] = Target(user, channel, ts)
            return token

    @staticmethod
    def dm_of(user: str) -> str:
        return "D" + user[1:]

    def conversation_for(self, channel: str) -> str:
        """A user id as a channel means the bot's DM with that person."""
        return self.dm_of(channel) if channel.startswith("U") else channel

    # ------------------------------------------------------------------------------ Web API
    def call(self, method: str, raw: bytes, content_type: str, authorization: str = "") -> dict[str, Any]:
        if method.startswith("upload/"):
            return self._upload(method.removeprefix("upload/"), raw)
        refused = self._refuse_auth(authorization)
        if refused is not None:
            return refused
        args = _parse(raw, content_type)
        with self._lock:
            self.calls.append((method, args))
            self.last_call = time.monotonic()
            handler = getattr(self, "_" + method.replace(".", "_"), None)
            if handler is None:
                return {"ok": True}  # a method the sandbox has no use for: Slack would say ok too
            return handler(args)

    def _refuse_auth(self, authorization: str) -> dict[str, Any] | None:
        """Slack's answer to a call without the bot token (HTTP 200, ``ok: false``), or None."""
        scheme, _, given = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return {"ok": False, "error": "not_authed"}
        if not secrets.compare_digest(given.strip().encode(), self.token.encode()):
            return {"ok": False, "error": "invalid_auth"}
        return None

    def _upload(self, target: str, raw: bytes) -> dict[str, Any]:
        """The file's bytes to the upload URL ``files.getUploadURLExternal`` handed out: once, and
        only with the URL's random key (the SDK posts there without the bot token, as to Slack)."""
        file_id, _, key = target.partition("/")
        with self._lock:
            file = self.files.get(file_id)
            if (
                file is None
                or not key
                or not secrets.compare_digest(key.encode(), file["upload_key"].encode())
            ):
                return {"ok": False, "error": "file_not_found"}
            if file["uploaded"]:
                return {"ok": False, "error": "already_uploaded"}
            file["bytes"], file["uploaded"] = raw, True
            self.last_call = time.monotonic()
            return {"ok": True}

    def _auth_test(self, _args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "team_id": self.team_id,
            "user_id": BOT_ID,
            "bot_id": "BSBORAT",
            "team": "Sandlåda",
        }

    def _chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.conversation_for(str(args.get("channel", "")))
        message = self.post(channel, BOT_ID, str(args.get("text") or ""), args.get("blocks"))
        thread = args.get("thread_ts")
        if thread:
            parent = self.find(channel, str(thread))
            if parent is not None:
                self.conversations[channel].remove(message)
                parent.replies.append(message)
        return {"ok": True, "channel": channel, "ts": message.ts, "message": {"ts": message.ts}}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.conversation_for(str(args.get("channel", "")))
        message = self.find(channel, str(args.get("ts", "")))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        message.text = str(args.get("text") or message.text)
        message.blocks = args.get("blocks") if args.get("blocks") is not None else message.blocks
        self._edited(message)
        return {"ok": True, "channel": channel, "ts": message.ts}

    def _chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.conversation_for(str(args.get("channel", "")))
        message = self.post(channel, BOT_ID, str(args.get("text") or ""), args.get("blocks"))
        message.ephemeral_for = str(args.get("user", ""))
        return {"ok": True, "message_ts": message.ts}

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("users", "")).split(",")[0]
        self.conversations.setdefault(self.dm_of(user), [])
        return {"ok": True, "channel": {"id": self.dm_of(user)}}

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        return {
            "ok": True,
            "channel": {"id": channel, "is_private": True, "is_shared": False, "is_ext_shared": False},
        }

    def _conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        members = self.channel_members if args.get("channel") == self.channel_id else []
        return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("user", ""))
        person = self.people.get(user)
        return {
            "ok": True,
            "user": {"id": user, "deleted": False, "real_name": person.name if person else user},
        }

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.triggers.get(str(args.get("trigger_id", "")))
        if user is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        stored = self._store_view(user, args.get("view") or {})
        self.stacks[user] = [stored.id]
        return {"ok": True, "view": self.view_json(stored)}

    def _views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.triggers.get(str(args.get("trigger_id", "")))
        if user is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        stored = self._store_view(user, args.get("view") or {})
        self.stacks.setdefault(user, []).append(stored.id)
        return {"ok": True, "view": self.view_json(stored)}

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        stored = self.views.get(str(args.get("view_id", "")))
        if stored is None:
            return {"ok": False, "error": "not_found"}
        self.replace_view(stored, args.get("view") or {})
        return {"ok": True, "view": self.view_json(stored)}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("user_id", ""))
        if user in self.homes:
            stored = self.views[self.homes[user]]
            self.replace_view(stored, args.get("view") or {})
        else:
            stored = self._store_view(user, args.get("view") or {})
            self.homes[user] = stored.id
        return {"ok": True, "view": self.view_json(stored)}

    def _files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        # Random, not counted: the page's <img>/download links cannot carry a token, so the id is the key.
        file_id = f"F{secrets.token_hex(10).upper()}"
        key = secrets.token_urlsafe(24)
        self.files[file_id] = {
            "id": file_id,
            "name": str(args.get("filename") or file_id),
            "bytes": b"",
            "upload_key": key,
            "uploaded": False,
        }
        return {"ok": True, "upload_url": f"{self.api_url}upload/{file_id}/{key}", "file_id": file_id}

    def _files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files")
        files = json.loads(files) if isinstance(files, str) else files or []
        shared = []
        for entry in files:
            file = self.files.get(str(entry.get("id")))
            if file is not None:
                file["title"] = entry.get("title") or file["name"]
                shared.append(file)
        channel = self.conversation_for(str(args.get("channel_id") or args.get("channels") or ""))
        if channel:
            message = self.post(channel, BOT_ID, str(args.get("initial_comment") or ""), None)
            message.files = [{"id": f["id"], "name": f["name"], "title": f["title"]} for f in shared]
        return {"ok": True, "files": [{"id": f["id"], "title": f["title"]} for f in shared]}

    api_url = ""  # set by the server once it knows its port

    # ------------------------------------------------------------------------------ response_url
    def respond(self, token: str, body: dict[str, Any]) -> bool:
        """What a listener sends to a ``response_url``: a new (ephemeral) message, or the clicked
        message replaced or deleted."""
        with self._lock:
            target = self.targets.get(token)
            if target is None:
                return False
            self.last_call = time.monotonic()
            original = self.find(target.channel, target.ts) if target.ts else None
            if body.get("delete_original") and original is not None:
                self._remove(target.channel, original)
                return True
            if body.get("replace_original") and original is not None:
                original.text = str(body.get("text") or "")
                original.blocks = body.get("blocks")
                self._edited(original)
                return True
            message = self.post(target.channel, BOT_ID, str(body.get("text") or ""), body.get("blocks"))
            if body.get("response_type") != "in_channel":
                message.ephemeral_for = target.user
            return True

    # ------------------------------------------------------------------------------ the workspace
    def post(self, channel: str, author: str, text: str, blocks: list[dict[str, Any]] | None) -> Message:
        with self._lock:
            message = Message(self.new_ts(), channel, author, text, blocks, self.clock())
            self.conversations.setdefault(channel, []).append(message)
            return message

    def _edited(self, message: Message) -> None:
        message.edited_at, message.revision = self.clock(), self._next()

    def find(self, channel: str, ts: str | None) -> Message | None:
        for message in self.conversations.get(channel, []):
            if message.ts == ts:
                return message
            for reply in message.replies:
                if reply.ts == ts:
                    return reply
        return None

    def _remove(self, channel: str, message: Message) -> None:
        messages = self.conversations.get(channel, [])
        if message in messages:
            messages.remove(message)

    def _store_view(self, user: str, view: dict[str, Any]) -> View:
        stored = View(id=f"VSB{self._next():07d}", user=user, view=dict(view), hash=str(time.time()))
        stored.revision = self._next()
        self.views[stored.id] = stored
        return stored

    def replace_view(self, stored: View, view: dict[str, Any]) -> None:
        stored.view, stored.errors, stored.hash = dict(view), {}, str(time.time())
        stored.revision = self._next()

    def view_json(self, stored: View) -> dict[str, Any]:
        return {**stored.view, "id": stored.id, "hash": stored.hash, "team_id": self.team_id}

    def top_view(self, user: str) -> View | None:
        stack = self.stacks.get(user) or []
        return self.views.get(stack[-1]) if stack else None

    def close_view(self, user: str, view_id: str) -> None:
        with self._lock:
            stack = self.stacks.get(user) or []
            if view_id in stack:
                del stack[stack.index(view_id) :]

    def clear_views(self, user: str) -> None:
        with self._lock:
            self.stacks[user] = []

    def _seen_by(self, user: str, conversation: str) -> list[Message]:
        return [m for m in self.conversations.get(conversation, []) if m.ephemeral_for in (None, user)]

    def unread(self, user: str, conversation: str) -> int:
        """Messages from others that ``user`` has not had open in front of them."""
        with self._lock:
            later = self._seen_by(user, conversation)[self.read.get((user, conversation), 0) :]
            return sum(m.author != user for m in later)

    def mark_read(self, user: str, conversation: str) -> None:
        with self._lock:
            self.read[(user, conversation)] = len(self._seen_by(user, conversation))

    def visible_conversations(self, user: str) -> list[str]:
        channels = [self.channel_id] if user in self.channel_members else []
        return [*channels, self.dm_of(user)]

    def touch(self) -> None:
        self.last_call = time.monotonic()

    def idle_for(self) -> float:
        return time.monotonic() - self.last_call


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    text = raw.decode("utf-8") if raw else ""
    if "application/json" in content_type:
        args = json.loads(text) if text else {}
    else:
        args = {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
    for key in ("view", "blocks", "attachments", "files"):
        if isinstance(args.get(key), str):
            try:
                args[key] = json.loads(args[key])
            except ValueError:
                pass
    return args
