"""A fake Slack Web API on 127.0.0.1 that records every call. Point ``SLACK_API_URL`` at ``url``."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote

TEAM_ID = "T0ORAT"
DROPPED = -1  # the status of an answer never sent (the connection closed)
BOT_USER_ID = "UBOT"
JSON_FIELDS = ("view", "blocks", "attachments")


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def token(self) -> str | None:
        """The token the call was made with (``Authorization: Bearer …``, else a ``token`` arg)."""
        auth = self.headers.get("authorization") or ""
        if auth.startswith("Bearer "):
            return auth[len("Bearer ") :]
        token = self.args.get("token")
        return str(token) if token else None


@dataclass
class Grant:
    """What ``oauth.v2.access`` answers for one code: a workspace's installation."""

    team_id: str
    bot_token: str
    bot_user_id: str = "UBOT"
    installer: str = "UINSTALLER"
    team_name: str = "Örat test"
    refresh_token: str | None = None  # with token rotation
    expires_in: int | None = None


@dataclass
class Scripted:
    status: int
    body: dict[str, Any] | None  # None: the default answer
    headers: dict[str, str]
    delay: float = 0.0
    drop: bool = False  # do what was asked, then close the connection without an answer


@dataclass
class Posted:
    """A message Slack accepted (and keeps, for conversations.history)."""

    channel: str
    ts: str
    text: str
    metadata: dict[str, Any] | None


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._scripts: dict[str, deque[Scripted]] = {}
        self._down: dict[str, Scripted] = {}  # method → the answer while Slack is "down" for it
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self.socket_mode_url: str | None = None  # what apps.connections.open hands out
        # The workspace as conversations.* and users.info describe it (reset per test).
        self.channel_members: dict[str, list[str]] = {}
        self.public_channels: set[str] = set()
        self.shared_channels: set[str] = set()
        self.deleted_users: set[str] = set()
        self.guest_users: set[str] = set()  # users.info says is_restricted (a Slack guest)
        self.user_teams: dict[str, str] = {}  # users.info's team_id for a Slack Connect user
        self.real_names: dict[str, str] = {}  # users.info's profile.real_name
        self.archived_channels: set[str] = set()  # posting there answers is_archived
        self.inactive_users: set[str] = set()  # posting to them answers account_inactive
        self.posted: list[Posted] = []  # every message Slack accepted, in order
        self._upload_names: dict[str, str] = {}  # file id → the filename asked for
        # Files users uploaded (in a modal's file_input): served at their url_private_download to a
        # GET with the bot token (``bot_token``; any Bearer token when it is None).
        self.user_files: dict[str, tuple[str, bytes]] = {}  # file id → (name, bytes)
        self.bot_token: str | None = "xoxb-test-token"
        # The install flow: code → the installation oauth.v2.access hands out (``grant``); and a
        # rotated token's refresh token → the grant it renews. auth.test answers each bot token's team.
        self.grants: dict[str, Grant] = {}
        self.refresh_grants: dict[str, Grant] = {}
        self.token_teams: dict[str, str] = {}
        self.app_id = "A0ORAT"

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                method = self.path.split("/api/", 1)[-1]
                status, body, headers = fake._answer(
                    method, raw, self.headers.get("Content-Type", ""), self.headers
                )
                if status == DROPPED:
                    self.close_connection = True  # the client never hears what became of it
                    return
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                status, body = fake._download(self.path, self.headers)
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    @property
    def response_url(self) -> str:
        """Where slash commands' ``response_url`` points in tests; calls are recorded as ``response_url``."""
        return self.url + "response_url"

    def reset(self) -> None:
        with self._changed:
            self.calls.clear()
            self._scripts.clear()
            self._down.clear()
            self.channel_members = {}
            self.public_channels, self.shared_channels, self.deleted_users = set(), set(), set()
            self.archived_channels, self.inactive_users = set(), set()
            self.guest_users, self.user_teams, self.real_names = set(), {}, {}
            self.posted = []
            self.user_files = {}
            self.grants, self.refresh_grants, self.token_teams = {}, {}, {}

    # ------------------------------------------------------------------ the install flow
    def grant(self, code: str, grant: Grant) -> None:
        """``oauth.v2.access`` with ``code`` installs ``grant`` (a code not granted: invalid_code)."""
        with self._changed:
            self.grants[code] = grant
            self.token_teams[grant.bot_token] = grant.team_id

    def refresh(self, refresh_token: str, renewed: Grant) -> None:
        """``oauth.v2.access`` with ``grant_type=refresh_token`` and ``refresh_token``: ``renewed``."""
        with self._changed:
            self.refresh_grants[refresh_token] = renewed
            self.token_teams[renewed.bot_token] = renewed.team_id

    def tokens_used(self, method: str) -> list[str | None]:
        """The token of each call to ``method``, in order."""
        return [c.token for c in self.calls_to(method)]

    def _oauth_access(self, args: dict[str, Any]) -> dict[str, Any]:
        if args.get("grant_type") == "refresh_token":
            grant = self.refresh_grants.get(str(args.get("refresh_token")))
        else:
            grant = self.grants.get(str(args.get("code")))
        if grant is None:
            return {"ok": False, "error": "invalid_grant" if args.get("grant_type") else "invalid_code"}
        answer: dict[str, Any] = {
            "ok": True,
            "app_id": self.app_id,
            "authed_user": {"id": grant.installer},
            "scope": "commands,chat:write,im:write,files:write,files:read,channels:read,users:read",
            "token_type": "bot",
            "access_token": grant.bot_token,
            "bot_user_id": grant.bot_user_id,
            "team": {"id": grant.team_id, "name": grant.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if grant.refresh_token is not None:
            answer["refresh_token"] = grant.refresh_token
            answer["expires_in"] = grant.expires_in or 43200
        return answer

    # ------------------------------------------------------------------ users' files
    def add_user_file(
        self, file_id: str, name: str, data: bytes, mimetype: str = "image/jpeg"
    ) -> dict[str, Any]:
        """A file a user uploaded in a modal: what Slack puts in ``view.state.values[...]["files"]``."""
        with self._changed:
            self.user_files[file_id] = (name, data)
        url = f"{self.url}files-pri/{file_id}/{quote(name)}"
        return {
            "id": file_id,
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1],
            "size": len(data),
            "url_private": url,
            "url_private_download": url + "?download=1",
        }

    def _download(self, path: str, headers: Any) -> tuple[int, bytes]:
        """A GET of a user's file: recorded as ``download/<id>``; 401 without the bot token."""
        parts = path.split("/api/files-pri/", 1)[-1].split("?")[0].split("/")
        with self._changed:
            self.calls.append(Call(f"download/{parts[0]}", {}, {k.lower(): v for k, v in headers.items()}))
            self._changed.notify_all()
            down = self._down.get("download")
            found = self.user_files.get(parts[0])
        if down is not None:
            return down.status, b""
        auth = headers.get("Authorization") or ""
        if not auth.startswith("Bearer ") or (
            self.bot_token is not None and auth != f"Bearer {self.bot_token}"
        ):
            return 401, b""
        return (200, found[1]) if found is not None else (404, b"")

    def completed_uploads(self) -> list[dict[str, Any]]:
        """Each files.completeUploadExternal: its files (with the uploaded filename and bytes), channel
        and thread_ts."""
        with self._changed:
            uploads = {
                c.method.split("/", 1)[1]: c.args["_bytes"]
                for c in self.calls
                if c.method.startswith("upload/")
            }
            completes = [c for c in self.calls if c.method == "files.completeUploadExternal"]
            names = dict(self._upload_names)
        found = []
        for call in completes:
            files = call.args.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            found.append(
                {
                    "channel": call.args.get("channel_id"),
                    "thread_ts": call.args.get("thread_ts"),
                    "files": [
                        {"id": f["id"], "filename": names.get(f["id"]), "bytes": uploads.get(f["id"])}
                        for f in files
                    ],
                }
            )
        return found

    # ------------------------------------------------------------------ scripting and reading
    def script(
        self,
        method: str,
        *,
        status: int = 200,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
        delay: float = 0.0,
        drop: bool = False,
    ) -> None:
        """The next ``times`` calls to ``method`` get this answer instead of the default one. With
        ``delay`` only, the default answer, late (a slow Slack); with ``drop``, Slack does what was
        asked and the connection closes before the answer."""
        queue = self._scripts.setdefault(method, deque())
        for _ in range(times):
            default = delay or drop
            answer = body if body is not None else (None if default else {"ok": False, "error": "scripted"})
            queue.append(Scripted(status, answer, headers or {}, delay, drop))

    def outage(
        self,
        method: str,
        *,
        status: int = 500,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Every call to ``method`` gets this answer until ``recover``: Slack down for it."""
        with self._changed:
            answer = body or {"ok": False, "error": "fatal_error"}
            self._down[method] = Scripted(status, answer, headers or {})

    def recover(self, method: str) -> None:
        with self._changed:
            self._down.pop(method, None)

    def calls_to(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len([c for c in self.calls if c.method == method]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} call(s) to {method}, got {[c.method for c in self.calls]}"
                    )
                self._changed.wait(remaining)
            return [c for c in self.calls if c.method == method]

    def wait_for_matching(
        self, method: str, matches: Callable[[Call], bool], count: int = 1, timeout: float = 5.0
    ) -> list[Call]:
        """Like ``wait_for``, counting only the calls ``matches`` picks: other messages' updates
        may arrive in any order around the one a test waits for."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(picked := [c for c in self.calls if c.method == method and matches(c)]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} matching call(s) to {method}, got {len(picked)}")
                self._changed.wait(remaining)
            return picked

    # ------------------------------------------------------------------ answering
    def _answer(
        self, method: str, raw: bytes, content_type: str, headers: Any
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if method.startswith("upload/"):  # a file's bytes (a PNG is not text)
            args = {"_raw": raw.decode("utf-8", "replace"), "_bytes": raw}
        else:
            args = _parse_args(raw.decode("utf-8"), content_type)
        with self._changed:
            self.calls.append(Call(method, args, {k.lower(): v for k, v in headers.items()}))
            self._changed.notify_all()
            queue = self._scripts.get(method)
            scripted = self._down.get(method) or (queue.popleft() if queue else None)
        if scripted is None:
            return 200, self._default(method, args, headers), {}
        answer = scripted.body or self._default(method, args, headers)  # the default: Slack did it
        time.sleep(scripted.delay)
        if scripted.drop:
            return DROPPED, {}, {}
        return scripted.status, answer, scripted.headers

    def _default(self, method: str, args: dict[str, Any], headers: Any = None) -> dict[str, Any]:
        n = next(self._ids)
        problem = limit_problem(method, args)
        if problem is not None:
            return {"ok": False, "error": problem}
        if method == "oauth.v2.access":
            return self._oauth_access(args)
        if method == "auth.test":
            token = Call(method, args, {k.lower(): v for k, v in (headers or {}).items()}).token
            return {
                "ok": True,
                "url": "https://orat-test.slack.com/",
                "team": "Örat test",
                "user": "orat",
                "team_id": self.token_teams.get(token or "", TEAM_ID),
                "user_id": BOT_USER_ID,
                "bot_id": "BBOT",
            }
        if method == "chat.postMessage":
            channel = str(args.get("channel", ""))
            if channel in self.archived_channels:
                return {"ok": False, "error": "is_archived"}
            if channel in self.inactive_users:
                return {"ok": False, "error": "account_inactive"}
            if channel.startswith("U"):
                channel = "D" + channel[1:]  # a DM to a user lands in the bot's IM channel with them
            ts = f"{1700000000 + n}.{n:06d}"
            metadata = args.get("metadata")
            metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
            with self._changed:
                self.posted.append(Posted(channel, ts, str(args.get("text") or ""), metadata))
            return {"ok": True, "channel": channel, "ts": ts, "message": {"text": args.get("text"), "ts": ts}}
        if method == "conversations.history":
            # Newest first, as Slack answers; ``oldest`` is not applied (the fake's ts are not times).
            channel = str(args.get("channel", ""))
            with self._changed:
                found = [p for p in reversed(self.posted) if p.channel == channel]
            limit = int(args.get("limit") or 100)
            messages = [
                {
                    "type": "message",
                    "ts": p.ts,
                    "text": p.text,
                    **({"metadata": p.metadata} if p.metadata and args.get("include_all_metadata") else {}),
                }
                for p in found[:limit]
            ]
            return {"ok": True, "messages": messages, "has_more": len(found) > limit}
        if method in ("views.open", "views.update", "views.push", "views.publish"):
            return {"ok": True, "view": {"id": f"V{n:08d}", **(args.get("view") or {})}}
        if method == "apps.connections.open" and self.socket_mode_url:
            return {"ok": True, "url": self.socket_mode_url}
        if method == "conversations.info":
            channel = str(args.get("channel", ""))
            return {
                "ok": True,
                "channel": {
                    "id": channel,
                    "is_private": channel not in self.public_channels,
                    "is_ext_shared": channel in self.shared_channels,
                    "is_shared": channel in self.shared_channels,
                    "is_archived": channel in self.archived_channels,
                },
            }
        if method == "conversations.members":
            members = self.channel_members.get(str(args.get("channel", "")), [])
            return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}
        if method == "users.info":
            user = str(args.get("user", ""))
            facts: dict[str, Any] = {"is_restricted": True} if user in self.guest_users else {}
            if user in self.user_teams:
                facts["team_id"] = self.user_teams[user]
            if user in self.real_names:
                facts["profile"] = {"real_name": self.real_names[user]}
            return {"ok": True, "user": {"id": user, "deleted": user in self.deleted_users, **facts}}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
        if method == "conversations.open":
            users = str(args.get("users", ""))
            return {"ok": True, "channel": {"id": "D" + users[1:]}}
        if method == "files.getUploadURLExternal":
            self._upload_names[f"F{n:06d}"] = str(args.get("filename"))
            return {"ok": True, "upload_url": f"{self.url}upload/F{n:06d}", "file_id": f"F{n:06d}"}
        if method.startswith("upload/"):
            return {"ok": True}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            return {
                "ok": True,
                "files": [
                    {
                        "id": f["id"],
                        "title": f.get("title"),
                        "permalink": f"https://orat-test.slack.com/files/{BOT_USER_ID}/{f['id']}",
                    }
                    for f in files
                ],
            }
        return {"ok": True}

    def uploaded(self) -> list[str]:
        """The bodies of files uploaded with files_upload_v2."""
        return [c.args.get("_raw", "") for c in self.calls if c.method.startswith("upload/")]

    def uploaded_files(self) -> dict[str, bytes]:
        """``{filename: bytes}`` of every file uploaded with files_upload_v2."""
        with self._changed:
            return {
                self._upload_names[c.method.split("/", 1)[1]]: c.args["_bytes"]
                for c in self.calls
                if c.method.startswith("upload/")
            }


MAX_BLOCKS = {
    "chat.postMessage": 50,
    "chat.update": 50,
    "chat.postEphemeral": 50,
    "response_url": 50,
    "views.open": 100,
    "views.update": 100,
    "views.push": 100,
    "views.publish": 100,
}
# Observed, not documented: Slack refuses a message whose blocks hold ~12,000+ characters in all.
MAX_MESSAGE_CHARS = 12_000


def _texts(node: Any, path: str = "") -> list[tuple[str, str]]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                found.append((path, value))
            else:
                found += _texts(value, f"{path}.{node.get('type', key)}")
    elif isinstance(node, list):
        for value in node:
            found += _texts(value, path)
    return found


def limit_problem(method: str, args: dict[str, Any]) -> str | None:
    """The error Slack would answer for blocks that break its limits, or None."""
    blocks = args.get("blocks")
    if method.startswith("views."):
        view = args.get("view") or {}
        blocks = view.get("blocks")
        if (
            len((view.get("title") or {}).get("text", "")) > 24
            or len(view.get("private_metadata", "")) > 3000
        ):
            return "invalid_arguments"
    if not isinstance(blocks, list) or method not in MAX_BLOCKS:
        return None
    if len(blocks) > MAX_BLOCKS[method]:
        return "invalid_blocks"
    for block in blocks:
        limit = 150 if block.get("type") == "header" else 3000
        if any(len(text) > limit for _, text in _texts(block.get("text"))):
            return "invalid_blocks"
        if any(len(text) > 2000 for _, text in _texts(block.get("fields"))):
            return "invalid_blocks"
    if not method.startswith("views.") and sum(len(t) for _, t in _texts(blocks)) > MAX_MESSAGE_CHARS:
        return "msg_blocks_too_long"
    return None


def _parse_args(raw: str, content_type: str) -> dict[str, Any]:
    if "application/json" in content_type:
        args = json.loads(raw) if raw else {}
    else:
        args = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
    for key in JSON_FIELDS:
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args
