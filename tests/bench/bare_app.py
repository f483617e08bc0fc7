"""The baseline for benchmarks (a) and (b): a bare Bolt app that only acks ``/rapportera`` and
opens a static modal, and answers that modal's submission with a static receipt view (no database,
no message after it), served by the same stack as Örat (gunicorn gthread with Örat's options,
Flask, Bolt's Flask adapter). Run: ``python -m tests.bench.bare_app`` with SLACK_BOT_TOKEN,
SLACK_SIGNING_SECRET, SLACK_API_URL and PORT set."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from slack_bolt import Ack, App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk import WebClient

from bot.config import Settings
from bot.server import _Gunicorn, gunicorn_options

STATIC_VIEW = {
    "type": "modal",
    "callback_id": "bare",
    "title": {"type": "plain_text", "text": "Rapportera"},
    "submit": {"type": "plain_text", "text": "Skicka"},
    "blocks": [
        {
            "type": "input",
            "block_id": "what",
            "label": {"type": "plain_text", "text": "Vad hände?"},
            "element": {"type": "plain_text_input", "action_id": "value", "multiline": True},
        }
    ],
}


RECEIPT_VIEW = {
    "type": "modal",
    "callback_id": "bare_receipt",
    "title": {"type": "plain_text", "text": "Tack"},
    "close": {"type": "plain_text", "text": "Stäng"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Rapporten är mottagen."}}],
}


def create_wsgi_app() -> Flask:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"], timeout=10)
    bolt = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    # BARE_VIEW_FILE: a modal to open instead of the small one (bench (a): a copy of Örat's own).
    view_file = os.environ.get("BARE_VIEW_FILE")
    modal = json.loads(Path(view_file).read_text()) if view_file else STATIC_VIEW

    @bolt.command("/rapportera")
    def open_modal(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=modal)

    @bolt.view("bare")
    def receipt(ack: Ack) -> None:
        ack(response_action="update", view=RECEIPT_VIEW)

    handler = SlackRequestHandler(bolt)
    web = Flask("bare")

    @web.post("/slack/events")
    def events() -> Response:
        return handler.handle(request)

    @web.get("/healthz")
    def healthz() -> str:
        return "ok"

    return web


class _Bare(_Gunicorn):
    def load(self) -> Any:
        return create_wsgi_app()


if __name__ == "__main__":
    settings = Settings.from_env()
    _Bare(settings, gunicorn_options(settings)).run()
