"""The HTTP surface: ``POST /slack/events`` (commands, interactivity, options, events),
``GET /healthz`` and, with many workspaces, ``GET /slack/install`` and ``GET /slack/oauth_redirect``
(Bolt's OAuth flow). A WSGI app for gunicorn.

Requests Slack would never send are answered here with a 4xx before Bolt sees them: Bolt itself
answers 500 to a non-numeric timestamp or a payload that is not JSON. Other content types than
a form or JSON get 415.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask, Request, Response, jsonify, request
from slack_bolt.adapter.flask.handler import SlackRequestHandler, to_flask_response
from slack_bolt.request import BoltRequest

from bot.app import Runtime

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024  # far above any real Slack payload
MAX_CLOCK_SKEW = 300  # seconds, as Slack recommends


# What Slack sends: slash commands and interactivity as a form, the Events API as JSON.
FORM, JSON = "application/x-www-form-urlencoded", "application/json"


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


def read_request(
    req: Request, signing_secret: str, now: Callable[[], float] = time.time
) -> dict[str, Any] | Refusal:
    """The request's body as the one dict the app will act on, or why it cannot have come from
    Slack. The body is read once, here: Bolt is handed exactly this dict (as JSON), so what was
    checked is what is served (Bolt's own parser reads a form that starts with ``{`` as JSON, and
    a form mentioning "payload" anywhere as empty)."""
    if req.content_length is not None and req.content_length > MAX_BODY_BYTES:
        return Refusal(413, "body too large")
    body = req.get_data(cache=True)
    if len(body) > MAX_BODY_BYTES:
        return Refusal(413, "body too large")
    timestamp = req.headers.get("X-Slack-Request-Timestamp", "")
    signature = req.headers.get("X-Slack-Signature", "")
    if not timestamp or not signature:
        return Refusal(401, "missing signature headers")
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return Refusal(401, "malformed timestamp")
    if abs(now() - int(timestamp)) > MAX_CLOCK_SKEW:
        return Refusal(401, "stale timestamp")
    if not hmac.compare_digest(expected_signature(signing_secret, timestamp, body), signature.encode()):
        return Refusal(401, "bad signature")
    mimetype = req.mimetype or ""
    if mimetype not in (FORM, JSON):
        return Refusal(415, "content type is neither a form nor JSON")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "body is not UTF-8")
    if not text:
        return Refusal(400, "empty body")
    if mimetype == JSON:
        event = _json_object(text)
        if event is None:
            return Refusal(400, "body is not a JSON object")
        if "event" in event and not isinstance(event.get("event"), dict):
            return Refusal(400, "event is not an object")
        if envelope_problem(event, interactive=False) is not None:
            return Refusal(400, "malformed event")
        return event
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return Refusal(400, "body is not form data")
    form = dict(pairs)
    if len(form) != len(pairs):
        return Refusal(400, "a form field is repeated")  # which one counts would be a guess
    if "payload" in form:
        payload = _json_object(form["payload"])
        if payload is None:
            return Refusal(400, "payload is not a JSON object")
        if (problem := envelope_problem(payload)) is not None:
            return Refusal(400, problem)
        return payload
    if "command" in form and not all(_SLACK_ID.match(form.get(k, "")) for k in ("user_id", "team_id")):
        return Refusal(400, "command without user or team")
    if "command" not in form and form.get("ssl_check") != "1":
        return Refusal(400, "form is neither a command nor an interaction")
    return form


_SLACK_ID = re.compile(r"^[A-Z0-9]{2,32}$")


def envelope_problem(payload: dict[str, Any], *, interactive: bool = True) -> str | None:
    """What makes an interaction payload one Slack never sends (Bolt itself would fail on it with a
    500): the envelope's objects of the wrong type, ids that are not Slack ids."""
    kind = payload.get("type")
    user, team = payload.get("user"), payload.get("team")
    if interactive or user is not None:
        # Every interaction comes from someone.
        if not isinstance(user, dict) or not _SLACK_ID.match(str(user.get("id", ""))):
            return "payload without a user"
    if team is not None and (not isinstance(team, dict) or not _SLACK_ID.match(str(team.get("id", "")))):
        return "payload team is not a team"
    for field in ("channel", "container", "message", "state"):
        if payload.get(field) is not None and not isinstance(payload.get(field), dict):
            return f"payload {field} is not an object"
    for field in ("trigger_id", "response_url", "api_app_id"):
        if payload.get(field) is not None and not isinstance(payload.get(field), str):
            return f"payload {field} is not a string"
    if kind == "block_actions":
        actions = payload.get("actions")
        if (
            not isinstance(actions, list)
            or not actions
            or not all(isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions)
        ):
            return "block_actions without actions"
        if not _state_shape_ok({"values": {"actions": {str(i): a for i, a in enumerate(actions)}}}):
            return "block_actions with a malformed selection"
    if kind in ("view_submission", "view_closed") or payload.get("view") is not None:
        view = payload.get("view")
        if not isinstance(view, dict) or not isinstance(view.get("type"), str):
            return "payload view is not a view"
        if view.get("state") is not None and not _state_shape_ok(view.get("state")):
            return "view state is not what Slack sends"
        if not isinstance(view.get("private_metadata", ""), str) or not isinstance(view.get("id", ""), str):
            return "view metadata is not a string"
    return None


def expected_signature(signing_secret: str, timestamp: str, body: bytes) -> bytes:
    """Slack's v0 signature, computed over the raw bytes (slack_sdk's verifier fails on non-UTF-8)."""
    digest = hmac.new(signing_secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return b"v0=" + digest.hexdigest().encode()


def _state_shape_ok(state: Any) -> bool:
    """``{"values": {block_id: {action_id: {element state}}}}``, selections objects or lists."""
    if not isinstance(state, dict):
        return False
    values = state.get("values", {})
    if not isinstance(values, dict):
        return False
    for block in values.values():
        if not isinstance(block, dict):
            return False
        for element in block.values():
            if not isinstance(element, dict):
                return False
            user = element.get("selected_user")
            if user is not None and not (isinstance(user, str) and _SLACK_ID.match(user)):
                return False
            option = element.get("selected_option")
            options = element.get("selected_options")
            if option is not None and not isinstance(option, dict):
                return False
            if options is not None and not (
                isinstance(options, list) and all(isinstance(o, dict) for o in options)
            ):
                return False
    return True


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def create_wsgi_app(runtime: Runtime) -> Flask:
    """The one way HTTP reaches the Bolt app: it checks the signature (Bolt's own check is off,
    see ``bot.app.create_bolt_app``) and hands Bolt the body it checked."""
    app = runtime.app
    assert app is not None
    signing_secret = runtime.settings.signing_secret or ""
    web = Flask("orat")
    web.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @web.post("/slack/events")
    def slack_events() -> Response:
        read = read_request(request, signing_secret)
        if isinstance(read, Refusal):
            log.warning("refused request to /slack/events: %s (%s)", read.status, read.reason)
            return Response(read.reason, status=read.status, mimetype="text/plain")
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-type"}
        bolt_request = BoltRequest(
            body=json.dumps(read),
            query=request.query_string.decode("utf-8", "replace"),
            headers={**headers, "Content-Type": JSON},
        )
        return to_flask_response(app.dispatch(bolt_request))

    oauth = app.oauth_flow
    if oauth is not None:  # many workspaces: "Lägg till i Slack" (bot.app, the install flow)
        handler = SlackRequestHandler(app)

        @web.get(oauth.install_path)
        def slack_install() -> Response:
            return handler.handle(request)

        @web.get(oauth.redirect_uri_path)
        def slack_oauth_redirect() -> Response:
            return handler.handle(request)

    @web.get("/healthz")
    def healthz() -> tuple[Response, int]:
        database = runtime.services.health.database_ok()
        return jsonify(status="ok" if database else "error", database=database), 200 if database else 503

    @web.errorhandler(413)
    def too_large(_error: Exception) -> Response:
        return Response("body too large", status=413, mimetype="text/plain")

    return web
