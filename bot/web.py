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
import time
from collections.abc import Callable
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
    if not timestamp.isascii() or not timestamp.isdigit():
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
        return None if _is_json_object(text) else (400, "body is not a JSON object")
    try:
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
    except ValueError:
        return 400, "body is not form data"
    if "payload" in form and not _is_json_object(form["payload"][0]):
        return 400, "payload is not a JSON object"
    return None


def expected_signature(signing_secret: str, timestamp: str, body: bytes) -> bytes:
    """Slack's v0 signature, computed over the raw bytes (slack_sdk's verifier fails on non-UTF-8)."""
    digest = hmac.new(signing_secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return b"v0=" + digest.hexdigest().encode()


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


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
