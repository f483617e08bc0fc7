"""Requests signed exactly as Slack signs them (v0 HMAC-SHA256 over ``v0:{timestamp}:{body}``)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.support.fake_slack import TEAM_ID

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
_trigger_ids = itertools.count(1)


def sign(body: bytes, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class HttpResult:
    status: int
    body: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class SlackSender:
    """Sends what Slack would send to ``{base}/slack/events``."""

    def __init__(
        self, base_url: str, secret: str = SIGNING_SECRET, *, response_url: str | None = None
    ) -> None:
        self.url = base_url.rstrip("/") + "/slack/events"
        self.secret = secret
        # Tests must not reach beyond 127.0.0.1: point response_url at the fake Slack.
        self.response_url = response_url or "http://127.0.0.1:9/unused-response-url"

    # ------------------------------------------------------------------ raw
    def post(
        self,
        body: bytes,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        headers: dict[str, str] | None = None,
        timestamp: str | None = None,
        signed: bool = True,
    ) -> HttpResult:
        ts = timestamp if timestamp is not None else str(int(time.time()))
        all_headers = {"Content-Type": content_type}
        if signed:
            all_headers["X-Slack-Request-Timestamp"] = ts
            all_headers["X-Slack-Signature"] = sign(body, ts, self.secret)
        all_headers.update(headers or {})
        request = urllib.request.Request(self.url, data=body, headers=all_headers, method="POST")  # noqa: S310
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return HttpResult(response.status, response.read().decode(), time.perf_counter() - started)
        except urllib.error.HTTPError as error:
            return HttpResult(
                error.code, error.read().decode(errors="replace"), time.perf_counter() - started
            )

    def form(self, fields: dict[str, str], **kwargs: Any) -> HttpResult:
        return self.post(urlencode(fields).encode(), **kwargs)

    def interactive(self, payload: dict[str, Any], **kwargs: Any) -> HttpResult:
        return self.form({"payload": json.dumps(payload)}, **kwargs)

    # ------------------------------------------------------------------ what users do
    def command(
        self, command: str, text: str = "", *, user: str = "UHEAD1", team: str = TEAM_ID
    ) -> HttpResult:
        return self.form(
            {
                "token": "legacy-verification-token",
                "team_id": team,
                "team_domain": "orat-test",
                "channel_id": "C0GENERAL",
                "channel_name": "general",
                "user_id": user,
                "user_name": "rektor",
                "command": command,
                "text": text,
                "api_app_id": "A0ORAT",
                "response_url": self.response_url,
                "trigger_id": f"{next(_trigger_ids)}.1234.abcdef",
            }
        )

    def view_submission(
        self,
        view: dict[str, Any],
        values: dict[str, dict[str, Any]],
        *,
        user: str = "UHEAD1",
        team: str = TEAM_ID,
        view_id: str = "V0000SUBMIT",
        user_team: str | None = None,
    ) -> HttpResult:
        """``user_team``: the person's own workspace when it is another one (Slack Connect)."""
        submitted = {**view, "id": view_id, "team_id": team, "state": {"values": values}}
        return self.interactive(
            {
                "type": "view_submission",
                "team": {"id": team, "domain": "orat-test"},
                "user": {"id": user, "team_id": user_team or team},
                "api_app_id": "A0ORAT",
                "trigger_id": f"{next(_trigger_ids)}.1234.abcdef",
                "view": submitted,
            }
        )

    def view_closed(self, view: dict[str, Any], *, user: str = "UHEAD1", team: str = TEAM_ID) -> HttpResult:
        return self.interactive(
            {
                "type": "view_closed",
                "team": {"id": team, "domain": "orat-test"},
                "user": {"id": user, "team_id": team},
                "api_app_id": "A0ORAT",
                "view": {**view, "id": "V0000CLOSED", "team_id": team},
                "is_cleared": False,
            }
        )

    def block_suggestion(
        self,
        view: dict[str, Any],
        action_id: str,
        block_id: str,
        value: str,
        *,
        user: str = "UHEAD1",
        user_team: str | None = None,
    ) -> HttpResult:
        return self.interactive(
            {
                "type": "block_suggestion",
                "team": {"id": TEAM_ID, "domain": "orat-test"},
                "user": {"id": user, "team_id": user_team or TEAM_ID},
                "api_app_id": "A0ORAT",
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "view": {**view, "id": "V0000SUGGEST", "team_id": TEAM_ID},
            }
        )

    def event(self, event: dict[str, Any], *, team: str = TEAM_ID) -> HttpResult:
        """An Events API delivery (``event_callback``), as JSON."""
        n = next(_trigger_ids)
        body = {
            "token": "legacy-verification-token",
            "team_id": team,
            "api_app_id": "A0ORAT",
            "type": "event_callback",
            "event_id": f"Ev{n:08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
            "event": event,
        }
        return self.post(json.dumps(body).encode(), content_type="application/json")

    def home_opened(self, user: str, *, tab: str = "home", team: str = TEAM_ID) -> HttpResult:
        return self.event(
            {
                "type": "app_home_opened",
                "user": user,
                "channel": "D" + user[1:],
                "tab": tab,
                "event_ts": f"{time.time():.6f}",
            },
            team=team,
        )

    def click_in_home(
        self,
        view: dict[str, Any],
        action_id: str,
        *,
        user: str,
        value: str | None = None,
        team: str = TEAM_ID,
    ) -> HttpResult:
        """A button in the published App Home ``view`` (the first with ``action_id``, or that ``value``).

        Clicks in the home tab carry the view and no response_url."""
        button = next(
            element
            for block in view["blocks"]
            for element in (
                block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
            )
            if element.get("action_id") == action_id and (value is None or element.get("value") == value)
        )
        return self.interactive(
            {
                "type": "block_actions",
                "team": {"id": team, "domain": "orat-test"},
                "user": {"id": user, "team_id": team},
                "api_app_id": "A0ORAT",
                "trigger_id": f"{next(_trigger_ids)}.1234.abcdef",
                "container": {"type": "view", "view_id": "VHOME0001"},
                "view": {**view, "id": "VHOME0001", "team_id": team},
                "actions": [
                    {
                        "action_id": action_id,
                        "block_id": "home",
                        "value": button["value"],
                        "type": "button",
                        "action_ts": f"{time.time():.6f}",
                    }
                ],
            }
        )
