"""The sandbox: the real Bolt app, its own SQLite file, a built-in Web API stand-in and a page
that looks like a small Slack, on one local port.

Every click on the page becomes the request Slack would send — signed with the sandbox's secret and
posted to ``/slack/events`` — so the bot runs the same code paths as in production. The clock is
the sandbox's own: moving it forward runs the scheduled work due (``Services.tick``).

The sandbox listens on 127.0.0.1 unless ORAT_BIND says otherwise, and takes orders only from its own
page (issue 14, defect 12):

- every request: a ``Host`` that names the sandbox (127.0.0.1, localhost, [::1] or the bound address,
  with its port) — else **421** (DNS rebinding); an ``Origin``, when sent, that is the sandbox's own —
  else **403**; and the security headers (``SECURITY_HEADERS``) on every answer;
- the page's routes (``/sandbox/state`` and the POSTs): the per-start token from the served page in
  ``X-Orat-Sandbox-Token`` — else **403**; POSTs as ``application/json`` only — else **415**;
- the stand-in Web API: the per-start bot token as ``Authorization: Bearer`` (see ``standin``).
"""

from __future__ import annotations

import html
import json
import logging
import secrets
import threading
import time
import tomllib
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import Flask, Response, abort, jsonify, request, send_from_directory
from werkzeug.serving import make_server

from bot.app import Runtime, build_runtime
from bot.config import Settings
from bot.domain.meetings import planned_meetings
from bot.domain.organisation import parse_seed
from bot.sandbox.standin import BOT_ID, BOT_NAME, Message, Person, View, Workspace
from bot.sandbox.timeline import (
    LOOKAHEAD,
    ROUND,
    ROUND_REMINDER,
    Instant,
    happenings,
    instants_between,
    next_reminder_morning,
    round_instants,
    summary,
)
from bot.services import Services
from bot.services.rounds import LOOKAHEAD as ROUND_LOOKAHEAD
from bot.web import create_wsgi_app, expected_signature
from storage.migrate import upgrade
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

TEAM = "T0SANDBOX"
CHANNEL, CHANNEL_NAME = "CSBMOTE", "örat-mot-marken"
HEAD, CHIEF, CHAIR, POLICE, SOCIAL = "USBREKTOR", "USBCHEF", "USBORDF", "USBPOLIS", "USBSOC"
PEOPLE = [
    Person(HEAD, "Anna Rektor", "Rektor, Rosengårdsskolan"),
    Person(CHIEF, "Bo Utbildningschef", "Utbildningschef, granskar Rosengårdsskolan"),
    Person(CHAIR, "Cecilia Ordförande", "Samordnare, ordförande i Örat mot marken"),
    Person(POLICE, "David Polis", "Kontaktpolis, Polisen – Polisområde Malmö"),
    Person(SOCIAL, "Eva Socialsekreterare", "Arbetsmarknads- och socialförvaltningen"),
]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "malmo.toml"
STATIC = Path(__file__).resolve().parent / "static"
SCHOOL, POLICE_UNIT, SOCIAL_UNIT = (
    "Rosengårdsskolan",
    "Polisen – Polisområde Malmö",
    ("Arbetsmarknads- och socialförvaltningen"),
)

DEFAULT_BIND = "127.0.0.1"  # the sandbox is for the person at this machine (ORAT_BIND widens it)
TOKEN_HEADER = "X-Orat-Sandbox-Token"  # noqa: S105 (a header name)
# In index.html; filled in when served.
TOKEN_META = '<meta name="orat-sandbox-token" content="">'  # noqa: S105
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")  # noqa: S104 (names, not a bind)
# What the page needs and nothing more: its own script, style sheet, JSON and images (files, the
# data: favicon); no inline script or style, no frames around it, no forms to elsewhere.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Resource-Policy", "same-origin"),  # no <img>/<script> of ours on other pages
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cache-Control", "no-store"),  # state, files and the page with its token: never kept
)
REFUSED_HOST = "Sandlådan svarar bara på sin egen adress (127.0.0.1, localhost eller ORAT_BIND)."
REFUSED_ORIGIN = "Sandlådan tar bara emot förfrågningar från sin egen sida."
REFUSED_TOKEN = "Förfrågan saknar sandlådans nyckel – ladda om sidan."  # noqa: S105
REFUSED_TYPE = "Sandlådan tar bara emot JSON (Content-Type: application/json)."


def sandbox_bind(settings: Settings) -> str:
    """The address the sandbox listens on: ORAT_BIND, else 127.0.0.1 (``serve`` defaults to 0.0.0.0)."""
    return settings.bind or DEFAULT_BIND


def browser_host(bind: str) -> str:
    """How a browser on this machine reaches a server bound to ``bind`` (a host for a URL)."""
    if bind in ("", "0.0.0.0"):  # noqa: S104
        return "127.0.0.1"
    if bind == "::":
        return "[::1]"
    return f"[{bind}]" if ":" in bind else bind


class _Guard:
    """Which ``Host`` and ``Origin`` values name this sandbox: the loopback names and the bound
    address, with the port it listens on."""

    def __init__(self, bind: str, port: int) -> None:
        names = set(LOOPBACK_NAMES)
        if bind not in WILDCARDS:
            names.add(browser_host(bind).lower())
        self.hosts = {f"{name}:{port}" for name in names} | (names if port == 80 else set())
        self.origins = {f"http://{host}" for host in self.hosts}

    def refusal(self, environ: dict[str, Any]) -> tuple[str, str] | None:
        if environ.get("HTTP_HOST", "").strip().lower() not in self.hosts:
            return "421 Misdirected Request", REFUSED_HOST
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and origin.strip().lower() not in self.origins:
            return "403 Forbidden", REFUSED_ORIGIN
        return None


def _secured(start_response: Any) -> Any:
    """``start_response`` with the security headers put on every answer (ours win over the app's)."""

    def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        ours = {name.lower() for name, _ in SECURITY_HEADERS}
        kept = [(name, value) for name, value in headers if name.lower() not in ours]
        return start_response(status, [*kept, *SECURITY_HEADERS], exc_info)

    return start


class UnknownPerson(Exception):
    """A person id the sandbox has not got (the page asked for someone else)."""


class SandboxClock:
    """The time the bot sees in the sandbox; it only moves forward, when someone moves it."""

    def __init__(self, start: datetime) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        return self.now.astimezone(UTC)

    def move_to(self, instant: datetime) -> None:
        with self._lock:
            if instant > self.now:
                self.now = instant


class _CountingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, counting the listeners still running after their ack."""

    def __init__(self) -> None:
        super().__init__(max_workers=10, thread_name_prefix="sandbox-listener")
        self.running = 0
        self._count = threading.Lock()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        with self._count:
            self.running += 1

        def counted() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                with self._count:
                    self.running -= 1

        return super().submit(counted)


class _Dispatch:
    """``/slack/…`` and ``/healthz`` to the bot's own WSGI app, the rest to the sandbox's. The bot is
    built after the server runs: Bolt asks the Web API (``auth.test``) as it starts. Every request,
    the bot's included, passes the ``Host``/``Origin`` check first; every answer gets the security
    headers."""

    def __init__(self, sandbox_app: Flask) -> None:
        self.sandbox_app = sandbox_app
        self.bot_app: Any = None
        self.guard: _Guard | None = None  # set once the port is known, before the first request

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        start_response = _secured(start_response)
        refusal = self.guard.refusal(environ) if self.guard is not None else ("503 Service Unavailable", "")
        if refusal is not None:
            status, message = refusal
            body = json.dumps({"ok": False, "error": message}).encode()
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        path = environ.get("PATH_INFO", "")
        bot = self.bot_app is not None and (path.startswith("/slack/") or path == "/healthz")
        return (self.bot_app if bot else self.sandbox_app)(environ, start_response)


@dataclass(frozen=True)
class Jump:
    label: str
    to: datetime


class Sandbox:
    def __init__(
        self,
        *,
        db_path: Path,
        port: int = 0,
        host: str = DEFAULT_BIND,
        start: datetime | None = None,
        timezone: str = "Europe/Stockholm",
    ) -> None:
        self.tz = ZoneInfo(timezone)
        now = (start or datetime.now(self.tz)).astimezone(self.tz).replace(second=0, microsecond=0)
        self.clock = SandboxClock(now)
        self.db_path = db_path
        self.requested_port = port
        self.host = host
        self.timezone = timezone
        self.secret = secrets.token_hex(16)
        # Per start: the page's key (served inside the page, sent back as TOKEN_HEADER) and the bot
        # token the stand-in Web API wants; another site's page can read neither.
        self.page_token = secrets.token_urlsafe(32)
        self.api_token = f"xoxb-sandbox-{secrets.token_urlsafe(32)}"
        self.workspace = Workspace(
            team_id=TEAM,
            people=PEOPLE,
            channel_id=CHANNEL,
            channel_name=CHANNEL_NAME,
            channel_members=[CHIEF, CHAIR, POLICE, SOCIAL],
            clock=self.clock,
            token=self.api_token,
        )
        self.runtime: Runtime | None = None
        self.listeners = _CountingExecutor()
        self._server: Any = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------------------ lifecycle
    def start(self) -> Sandbox:
        dispatch = _Dispatch(self._wsgi(Flask("orat-sandbox")))
        self._server = make_server(self.host, self.requested_port, dispatch, threaded=True)
        self.port = self._server.server_port
        dispatch.guard = _Guard(self.host, self.port)
        self.url = f"http://{browser_host(self.host)}:{self.port}"
        self.workspace.api_url = f"{self.url}/sandbox/api/"
        # A new sandbox each start: the workspace's messages live in memory, the database with them.
        for path in (self.db_path, Path(f"{self.db_path}-journal")):
            path.unlink(missing_ok=True)
        settings = Settings(
            bot_token=self.api_token,
            signing_secret=self.secret,
            slack_api_url=self.workspace.api_url,
            team_id=TEAM,
            database_url=f"sqlite:///{self.db_path}",
            port=self.port,
            meeting_channel=CHANNEL,
            chairs=(CHAIR,),
            timezone=self.timezone,
            scheduler_enabled=False,  # the sandbox's clock moves only when someone moves it
        )
        upgrade(settings.database_url)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.runtime = build_runtime(settings, clock=self.clock, listener_executor=self.listeners)
        self._seed()
        dispatch.bot_app = create_wsgi_app(self.runtime)
        return self

    def stop(self) -> None:
        self.listeners.shutdown(wait=True)  # first: listeners still talk to the stand-in
        if self._server is not None:
            self._server.shutdown()
        if self.runtime is not None:
            self.runtime.engine.dispose()

    def serve_forever(self) -> None:
        assert self._thread is not None
        try:
            while self._thread.is_alive():
                self._thread.join(1)
        except KeyboardInterrupt:
            self.stop()

    @property
    def services(self) -> Services:
        assert self.runtime is not None
        return self.runtime.services

    def _seed(self) -> None:
        data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
        for unit in data.get("enhet", []):
            if unit.get("namn") == SCHOOL:
                unit["granskare"] = CHIEF
        data["medlem"] = [
            {"slack_id": HEAD, "enhet": SCHOOL, "roller": ["rapportör"]},
            {"slack_id": POLICE, "enhet": POLICE_UNIT, "roller": ["deltagare"]},
            {"slack_id": SOCIAL, "enhet": SOCIAL_UNIT, "roller": ["deltagare"]},
        ]
        self.services.organisation.seed(TEAM, parse_seed(data), self.clock())

    # ------------------------------------------------------------------------------ signed requests
    def _post(self, body: bytes, content_type: str) -> tuple[int, str]:
        self.workspace.touch()  # the bot's work after its ack counts from here (see settle)
        timestamp = str(int(time.time()))
        signature = expected_signature(self.secret, timestamp, body).decode()
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
        }
        req = urllib.request.Request(f"{self.url}/slack/events", data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310 (our own address)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        finally:
            self.workspace.touch()

    def _interactive(self, payload: dict[str, Any]) -> dict[str, Any]:
        status, text = self._post(
            urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded"
        )
        if status >= 400:
            log.warning("sandbox: the bot answered %s to %s", status, payload.get("type"))
        try:
            answer = json.loads(text) if text.strip() else {}
        except ValueError:
            answer = {}
        return answer if isinstance(answer, dict) else {}

    def _envelope(self, user: str) -> dict[str, Any]:
        return {
            "team": {"id": TEAM, "domain": "sandlada"},
            "user": {"id": user, "team_id": TEAM, "name": self.workspace.people[user].name},
            "api_app_id": "ASANDBOX",
            "token": "sandbox",
            "trigger_id": self.workspace.new_trigger(user),
        }

    # ------------------------------------------------------------------------------ what people do
    def command(self, user: str, channel: str, text: str) -> dict[str, Any]:
        """What a person typed in the message box: a slash command, or a plain message."""
        self._known(user)
        text = text.strip()
        if not text.startswith("/"):
            self.workspace.post(channel, user, text, None)
            return {"ok": True}
        command, _, rest = text.partition(" ")
        self.workspace.post(channel, user, text, None).ephemeral_for = user  # shown to the typist only
        token = self.workspace.new_response_target(user, channel, None)
        fields = {
            "token": "sandbox",
            "team_id": TEAM,
            "team_domain": "sandlada",
            "channel_id": channel,
            "channel_name": CHANNEL_NAME if channel == CHANNEL else "directmessage",
            "user_id": user,
            "user_name": self.workspace.people[user].name,
            "command": command,
            "text": rest.strip(),
            "api_app_id": "ASANDBOX",
            "response_url": f"{self.url}/sandbox/respond/{token}",
            "trigger_id": self.workspace.new_trigger(user),
        }
        status, body = self._post(urlencode(fields).encode(), "application/x-www-form-urlencoded")
        if status == 404:
            self.workspace.post(
                channel, BOT_ID, f"Kommandot {command} finns inte i Örat.", None
            ).ephemeral_for = user
        elif body.strip():
            try:
                answer = json.loads(body)
            except ValueError:
                answer = {"text": body}
            if isinstance(answer, dict) and (answer.get("text") or answer.get("blocks")):
                message = self.workspace.post(
                    channel, BOT_ID, str(answer.get("text") or ""), answer.get("blocks")
                )
                message.ephemeral_for = None if answer.get("response_type") == "in_channel" else user
        return {"ok": status < 400}

    def action(
        self, user: str, source: dict[str, Any], action: dict[str, Any], values: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        self._known(user)
        payload = {"type": "block_actions", **self._envelope(user)}
        action = {**action, "action_ts": f"{time.time():.6f}"}
        action.setdefault("block_id", "b")
        kind = source.get("kind")
        if kind == "message":
            channel, ts = str(source.get("channel", "")), str(source.get("ts", ""))
            message = self.workspace.find(channel, ts)
            if message is None:
                return {"ok": False, "error": "Meddelandet finns inte längre."}
            token = self.workspace.new_response_target(user, channel, ts)
            payload.update(
                container={
                    "type": "message",
                    "channel_id": channel,
                    "message_ts": ts,
                    "is_ephemeral": message.ephemeral_for is not None,
                },
                channel={"id": channel, "name": CHANNEL_NAME if channel == CHANNEL else "directmessage"},
                message={"ts": ts, "text": message.text, "blocks": message.blocks or [], "user": BOT_ID},
                response_url=f"{self.url}/sandbox/respond/{token}",
            )
        else:
            stored = self._view_of(user, source)
            if stored is None:
                return {"ok": False, "error": "Vyn finns inte längre."}
            payload.update(
                container={"type": "view", "view_id": stored.id},
                view={**self.workspace.view_json(stored), "state": {"values": values or {}}},
            )
        payload["actions"] = [action]
        self._interactive(payload)
        return {"ok": True}

    def submit(self, user: str, view_id: str, values: dict[str, Any]) -> dict[str, Any]:
        self._known(user)
        stored = self.workspace.views.get(view_id)
        if stored is None or stored.user != user:
            return {"ok": False, "error": "Formuläret är redan stängt."}
        view = {**self.workspace.view_json(stored), "state": {"values": values}}
        answer = self._interactive({"type": "view_submission", **self._envelope(user), "view": view})
        action = answer.get("response_action")
        if action == "errors":
            stored.errors = dict(answer.get("errors") or {})
        elif action == "update" and isinstance(answer.get("view"), dict):
            self.workspace.replace_view(stored, answer["view"])
        elif action == "push" and isinstance(answer.get("view"), dict):
            self.workspace._views_push(
                {"trigger_id": self.workspace.new_trigger(user), "view": answer["view"]}
            )
        elif action == "clear":
            self.workspace.clear_views(user)
        else:
            self.workspace.close_view(user, view_id)
        return {"ok": True, "response_action": action, "errors": answer.get("errors") or {}}

    def close(self, user: str, view_id: str) -> dict[str, Any]:
        stored = self.workspace.views.get(view_id)
        if stored is not None and stored.user == user:
            if stored.view.get("notify_on_close"):
                view = {**self.workspace.view_json(stored), "state": {"values": {}}}
                self._interactive(
                    {"type": "view_closed", **self._envelope(user), "view": view, "is_cleared": False}
                )
            self.workspace.close_view(user, view_id)
        return {"ok": True}

    def suggest(self, user: str, view_id: str, action_id: str, block_id: str, value: str) -> dict[str, Any]:
        stored = self.workspace.views.get(view_id)
        if stored is None:
            return {"options": []}
        payload = {
            "type": "block_suggestion",
            **self._envelope(user),
            "action_id": action_id,
            "block_id": block_id,
            "value": value,
            "view": self.workspace.view_json(stored),
        }
        return self._interactive(payload)

    def open_home(self, user: str) -> dict[str, Any]:
        self._known(user)
        event = {
            "type": "app_home_opened",
            "user": user,
            "channel": self.workspace.dm_of(user),
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        }
        body = {
            "token": "sandbox",
            "team_id": TEAM,
            "api_app_id": "ASANDBOX",
            "type": "event_callback",
            "event_id": f"EvSB{int(time.time() * 1000)}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_ID, "is_bot": True}],
            "event": event,
        }
        status, _ = self._post(json.dumps(body).encode(), "application/json")
        return {"ok": status < 400}

    def move_clock(self, to: datetime) -> dict[str, Any]:
        """Move the clock forward to ``to`` and run the scheduled work due then, as the scheduler
        would have on its minute."""
        to = to if to.tzinfo else to.replace(tzinfo=self.tz)
        if to <= self.clock.now:
            return {"ok": False, "error": "Klockan går bara framåt i sandlådan.", "clock": self.clock_json()}
        runs = []
        for instant in self._instants_until(to):
            self.clock.move_to(instant.at)
            runs.append((instant, self.services.tick(self.clock())))
        ran: dict[str, int] = {}
        for _, counts in runs:
            for key, n in counts.items():
                ran[key] = ran.get(key, 0) + n
        happened = happenings(runs, self.tz)
        return {
            "ok": True,
            "clock": self.clock_json(),
            "ran": ran,
            "ticks": len(runs),
            "happened": happened,
            "summary": summary(happened),
        }

    def _instants_until(self, to: datetime) -> list[Instant]:
        """Each instant between now and ``to`` where the scheduler would have found work, so a long
        jump skips no meeting, reminder or digest."""
        meetings = self.services.meetings
        actions = self.services.actions
        with unit_of_work(meetings.sessions) as uow:
            overrides = meetings.overrides(uow, TEAM, self.clock())
            held = uow.outbox.held_until(TEAM, self.clock(), to)
        planned = planned_meetings(
            self.clock() - timedelta(days=14), to + timedelta(days=60), meetings.schedule, self.tz, overrides
        )
        digest = actions.digest_settings
        rounds = self.services.rounds
        held += round_instants(planned, rounds.rule, rounds.reminder_at, self.tz)
        return instants_between(
            self.clock(),
            to,
            meetings=planned,
            minutes_after=meetings.schedule.minutes_after,
            reminders_at=actions.rules.at,
            digest=(digest.weekday, digest.at),
            tz=self.tz,
            held=held,
        )

    def settle(self, quiet: float = 0.2, timeout: float = 15.0) -> None:
        """Wait until the bot's listeners have finished their work after the ack (for scripts and
        tests), what they queued has been sent, and nothing more has reached the stand-in for
        ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (
            self.listeners.running or self.services.outbox.busy or self.workspace.idle_for() < quiet
        ):
            time.sleep(0.02)

    # ------------------------------------------------------------------------------ reading
    def _known(self, user: str) -> None:
        if user not in self.workspace.people:
            raise UnknownPerson(user)

    def _view_of(self, user: str, source: dict[str, Any]) -> View | None:
        if source.get("kind") == "home":
            view_id = self.workspace.homes.get(user)
        else:
            view_id = str(source.get("view_id", ""))
        stored = self.workspace.views.get(view_id or "")
        return stored if stored is not None and stored.user == user else None

    def clock_json(self) -> dict[str, str]:
        local = self.clock.now.astimezone(self.tz)
        return {
            "iso": local.isoformat(),
            "label": format_datetime(local, "EEEE d MMMM y 'kl.' HH:mm", locale="sv_SE"),
        }

    def jumps(self) -> list[Jump]:
        """Where a person would want to move the clock next: the coming meeting's moments, the next
        morning a reminder is due, and a week on."""
        now = self.clock.now.astimezone(self.tz)
        found: list[Jump] = []
        schedule = self.runtime.settings.meeting if self.runtime else None
        with unit_of_work(self.services.meetings.sessions) as uow:
            planned = self.services.meetings.coming(uow, TEAM, self.clock())
        if planned is not None and schedule is not None:
            moments = [
                (planned.draft_at, "utkast till ordförandena"),
                (planned.publish_at, "dagordningen publiceras"),
                (planned.starts_at, "mötet börjar"),
                (planned.starts_at + schedule.minutes_after, "protokollet"),
            ]
            found += [
                Jump(self._label(at, what), at.astimezone(self.tz))
                for at, what in moments
                if at > self.clock()
            ]
        morning = self._reminder_morning()
        if morning is not None:
            found.append(Jump(self._label(morning, "påminnelser"), morning))
        asked = self._solved_check()
        if asked is not None:
            found.append(Jump(self._label(asked, "frågan om problemet är löst"), asked))
        found += [Jump(self._label(at, what), at) for at, what in self._round_moments()]
        later = now + timedelta(days=7)
        found.append(Jump(self._label(later, "en vecka senare"), later))
        found.sort(key=lambda j: j.to)
        return found

    def _reminder_morning(self) -> datetime | None:
        """The next morning on which an open action's owner gets a reminder (None: no one will)."""
        with unit_of_work(self.services.actions.sessions) as uow:
            owners = uow.actions.owners_with_open_actions(TEAM)
            actions = [
                (a.due_on, a.created_at.astimezone(self.tz).date())
                for a, _ in uow.actions.open_for_owners(TEAM, owners)
            ]
        return next_reminder_morning(self.clock(), actions, self.services.actions.rules, self.tz)

    def _round_moments(self) -> list[tuple[datetime, str]]:
        """The next weekly round, and the cutoff-morning reminder of a round already sent."""
        meetings, rounds, now = self.services.meetings, self.services.rounds, self.clock()
        with unit_of_work(meetings.sessions) as uow:
            overrides = meetings.overrides(uow, TEAM, now)
        planned = planned_meetings(now, now + ROUND_LOOKAHEAD, meetings.schedule, self.tz, overrides)
        instants = sorted(round_instants(planned, rounds.rule, rounds.reminder_at, self.tz))
        asked = next((at for at, kind in instants if kind == ROUND and at > now), None)
        reminder = next(
            (
                at
                for at, kind in instants
                if kind == ROUND_REMINDER and at > now and (asked is None or at < asked)
            ),
            None,
        )
        found = [(asked, "veckans runda")] if asked is not None else []
        found += [(reminder, "påminnelse i veckans runda")] if reminder is not None else []
        return [(at.astimezone(self.tz), what) for at, what in found]

    def _solved_check(self) -> datetime | None:
        """When the next "Är problemet löst?" goes to a reporter (None: none is waiting)."""
        with unit_of_work(self.services.outbox.sessions) as uow:
            held = uow.outbox.held_until(TEAM, self.clock(), self.clock() + LOOKAHEAD)
        return next((at.astimezone(self.tz) for at, kind in held if kind == "solved_check"), None)

    def _label(self, at: datetime, what: str) -> str:
        local = at.astimezone(self.tz)
        return f"Hoppa till {format_datetime(local, 'EEEE d MMM HH:mm', locale='sv_SE')} – {what}"

    def state(self, user: str, viewing: str | None = None) -> dict[str, Any]:
        """What ``user`` sees; the conversation they have open (``viewing``) counts as read."""
        self._known(user)
        ws = self.workspace
        if viewing in ws.visible_conversations(user):
            ws.mark_read(user, viewing)
        conversations = [
            {
                "id": c,
                "name": CHANNEL_NAME if c == CHANNEL else BOT_NAME,
                "kind": "channel" if c == CHANNEL else "dm",
                "unread": ws.unread(user, c),
            }
            for c in ws.visible_conversations(user)
        ]
        messages = {
            c["id"]: [
                self._message_json(m)
                for m in ws.conversations.get(c["id"], [])
                if m.ephemeral_for in (None, user)
            ]
            for c in conversations
        }
        home = ws.views.get(ws.homes.get(user, ""))
        return {
            "sandbox": True,
            "clock": self.clock_json(),
            "jumps": [{"label": j.label, "to": j.to.isoformat()} for j in self.jumps()],
            "people": [{"id": p.id, "name": p.name, "title": p.title} for p in PEOPLE],
            "me": user,
            "conversations": conversations,
            "messages": messages,
            "home": ws.view_json(home) if home is not None else None,
            "modals": [
                {**ws.view_json(ws.views[v]), "errors": ws.views[v].errors} for v in ws.stacks.get(user, [])
            ],
        }

    def _message_json(self, message: Message) -> dict[str, Any]:
        author = BOT_NAME if message.author == BOT_ID else self.workspace.people[message.author].name
        return {
            "ts": message.ts,
            "author": author,
            "author_kind": "bot" if message.author == BOT_ID else "person",
            "time": message.posted_at.astimezone(self.tz).strftime("%H:%M"),
            "day": message.posted_at.astimezone(self.tz).date().isoformat(),
            "text": message.text,
            "blocks": message.blocks,
            "ephemeral": message.ephemeral_for is not None,
            "files": [
                {**f, "url": f"/sandbox/files/{f['id']}", "kind": _file_kind(f["name"])}
                for f in message.files
            ],
            "replies": [self._message_json(r) for r in message.replies],
        }

    # ------------------------------------------------------------------------------ HTTP
    def _wsgi(self, web: Flask) -> Flask:
        template = (STATIC / "index.html").read_text(encoding="utf-8")
        if TOKEN_META not in template:  # the page could not send its key: every request would be 403
            raise RuntimeError(f"{STATIC / 'index.html'} lacks {TOKEN_META}")
        page = template.replace(
            TOKEN_META, f'<meta name="orat-sandbox-token" content="{html.escape(self.page_token)}">'
        )
        web.add_url_rule("/", "sandbox_index", lambda: Response(page, mimetype="text/html"))
        web.add_url_rule(
            "/sandbox/static/<path:name>", "sandbox_static", lambda name: send_from_directory(STATIC, name)
        )

        @web.route("/sandbox/api/<path:method>", methods=["POST", "GET"])
        def web_api(method: str) -> Response:
            return jsonify(
                self.workspace.call(
                    method,
                    request.get_data(),
                    request.content_type or "",
                    request.headers.get("Authorization", ""),
                )
            )

        @web.post("/sandbox/respond/<token>")
        def respond(token: str) -> Response:
            if request.mimetype != "application/json":
                return self._refused(415, REFUSED_TYPE)
            body = request.get_json(silent=True) or {}
            if not self.workspace.respond(token, body):
                abort(404)
            return Response("ok", mimetype="text/plain")

        @web.get("/sandbox/files/<file_id>")
        def file(file_id: str) -> Response:
            found = self.workspace.files.get(file_id)
            if found is None:
                abort(404)
            kind = _file_kind(found["name"])
            mimetype = {
                "png": "image/png",
                "csv": "text/csv",
                "md": "text/markdown",
                "ics": "text/calendar",
                "pdf": "application/pdf",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            }.get(kind, "application/octet-stream")
            disposition = "inline" if kind == "png" else f'attachment; filename="{found["name"]}"'
            return Response(found["bytes"], mimetype=mimetype, headers={"Content-Disposition": disposition})

        @web.get("/sandbox/state")
        def state() -> Response:
            return self._page_request(
                lambda: self.state(request.args.get("user", HEAD), request.args.get("viewing"))
            )

        routes = {
            "command": lambda b: self.command(
                b["user"], b.get("channel") or self.workspace.dm_of(b["user"]), b.get("text", "")
            ),
            "action": lambda b: self.action(
                b["user"], b.get("source") or {}, b.get("action") or {}, b.get("values")
            ),
            "submit": lambda b: self.submit(b["user"], b.get("view_id", ""), b.get("values") or {}),
            "close": lambda b: self.close(b["user"], b.get("view_id", "")),
            "suggest": lambda b: self.suggest(
                b["user"],
                b.get("view_id", ""),
                b.get("action_id", ""),
                b.get("block_id", ""),
                b.get("value", ""),
            ),
            "home": lambda b: self.open_home(b["user"]),
            "clock": lambda b: self.move_clock(datetime.fromisoformat(str(b.get("to")))),
        }
        for name, run in routes.items():
            web.add_url_rule(
                f"/sandbox/{name}",
                f"sandbox_{name}",
                (lambda run=run: self._page_request(lambda: run(request.get_json(silent=True) or {}))),
                methods=["POST"],
            )
        return web

    def _page_request(self, run: Any) -> Response:
        """A request from the sandbox's page: it carries the page's token, and a POST is JSON (a
        no-cors ``fetch`` from another page can send neither)."""
        given = request.headers.get(TOKEN_HEADER, "")
        if not secrets.compare_digest(given.encode(), self.page_token.encode()):
            return self._refused(403, REFUSED_TOKEN)
        if request.method == "POST" and request.mimetype != "application/json":
            return self._refused(415, REFUSED_TYPE)
        return self._answer(run)

    @staticmethod
    def _refused(status: int, message: str) -> Response:
        return Response(json.dumps({"ok": False, "error": message}), status, mimetype="application/json")

    def _answer(self, run: Any) -> Response:
        try:
            result = run()
        except UnknownPerson:
            return Response(
                json.dumps({"ok": False, "error": "Okänd person i sandlådan."}),
                400,
                mimetype="application/json",
            )
        except (KeyError, TypeError, ValueError):
            return Response(
                json.dumps({"ok": False, "error": "Felaktig förfrågan."}), 400, mimetype="application/json"
            )
        return jsonify(result)


def _file_kind(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix in ("png", "csv", "md", "ics", "pdf", "docx") else "other"
