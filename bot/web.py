"""The HTTP surface: ``POST /slack/events`` (commands, interactivity, options, events) and
``GET /healthz``. A WSGI app for gunicorn.

Requests Slack would never send are answered here with a 4xx before Bolt sees them: Bolt itself
answers 500 to a non-numeric timestamp or a payload that is not JSON.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from flask import Flask, Request, Response, jsonify, request
from slack_bolt.adapter.flask import SlackRequestHandler

from bot.app import Runtime

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024  # far above any real Slack payload
MAX_CLOCK_SKEW = 300  # seconds, as Slack recommends


def rejection(
    req: Request, signing_secret: str, now: Callable[[], float] = time.time
) -> tuple[int, str] | None:
    """``(status, reason)`` when the request cannot have come from Slack, else None."""
    if req.content_length is not None and req.content_length > MAX_BODY_BYTES:
        return 413, "body too large"
    body = req.get_data(cache=True)
    if len(body) > MAX_BODY_BYTES:
        return 413, "body too large"
    timestamp = req.headers.get("X-Slack-Request-Timestamp", "")
    signature = req.headers.get("X-Slack-Signature", "")
    if not timestamp or not signature:
        return 401, "missing signature headers"
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return 401, "malformed timestamp"
    if abs(now() - int(timestamp)) > MAX_CLOCK_SKEW:
        return 401, "stale timestamp"
    if not hmac.compare_digest(expected_signature(signing_secret, timestamp, body), signature.encode()):
        return 401, "bad signature"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return 400, "body is not UTF-8"
    if (req.mimetype or "") == "application/json":
        event = _json_object(text)
        if event is None:
            return 400, "body is not a JSON object"
        if "event" in event and not isinstance(event.get("event"), dict):
            return 400, "event is not an object"
        return None if envelope_problem(event, interactive=False) is None else (400, "malformed event")
    try:
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
    except ValueError:
        return 400, "body is not form data"
    if "payload" in form:
        payload = _json_object(form["payload"][0])
        if payload is None:
            return 400, "payload is not a JSON object"
        if (problem := envelope_problem(payload)) is not None:
            return 400, problem
    elif "command" in form and not all(_SLACK_ID.match(form.get(k, [""])[0]) for k in ("user_id", "team_id")):
        return 400, "command without user or team"
    return None


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
    assert runtime.app is not None
    handler = SlackRequestHandler(runtime.app)
    signing_secret = runtime.settings.signing_secret or ""
    web = Flask("orat")
    web.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @web.post("/slack/events")
    def slack_events() -> Response:
        refused = rejection(request, signing_secret)
        if refused is not None:
            status, reason = refused
            log.warning("refused request to /slack/events: %s (%s)", status, reason)
            return Response(reason, status=status, mimetype="text/plain")
        return handler.handle(request)

    @web.get("/healthz")
    def healthz() -> tuple[Response, int]:
        database = runtime.services.health.database_ok()
        return jsonify(status="ok" if database else "error", database=database), 200 if database else 503

    @web.errorhandler(413)
    def too_large(_error: Exception) -> Response:
        return Response("body too large", status=413, mimetype="text/plain")

    return web
