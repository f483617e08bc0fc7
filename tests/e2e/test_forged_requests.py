"""Requests Slack would never send get a 4xx, never a 500, and store nothing."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest

from tests.conftest import RunningApp
from tests.support.db import counts
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import sign

COMMAND = urlencode(
    {"command": "/rapportera", "text": "x", "user_id": "UHEAD1", "team_id": "T0ORAT", "trigger_id": "1.2.3"}
).encode()


def _submission() -> bytes:
    payload = {
        "type": "view_submission",
        "user": {"id": "UHEAD1"},
        "team": {"id": "T0ORAT"},
        "view": {"id": "V1", "callback_id": "report_submit", "state": {"values": {}}},
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def _now() -> str:
    return str(int(time.time()))


CASES = {
    "no signature headers": lambda s: s.post(COMMAND, signed=False),
    "wrong signature": lambda s: s.post(COMMAND, headers={"X-Slack-Signature": "v0=" + "0" * 64}),
    "signature for another body": lambda s: s.post(
        COMMAND, headers={"X-Slack-Signature": sign(b"text=other", _now())}
    ),
    "signed with another secret": lambda s: s.post(
        COMMAND, headers={"X-Slack-Signature": sign(COMMAND, _now(), secret="not-our-secret")}
    ),
    "timestamp six minutes old": lambda s: s.post(COMMAND, timestamp=str(int(time.time()) - 360)),
    "timestamp in the future": lambda s: s.post(COMMAND, timestamp=str(int(time.time()) + 360)),
    "timestamp not a number": lambda s: s.post(COMMAND, timestamp="yesterday"),
    "timestamp a float": lambda s: s.post(COMMAND, timestamp=_now() + ".5"),
    "timestamp missing": lambda s: s.post(
        COMMAND, signed=False, headers={"X-Slack-Signature": sign(COMMAND, _now())}
    ),
    "payload not JSON": lambda s: s.post(b"payload=%7Bnot-json"),
    "payload JSON but not an object": lambda s: s.post(b"payload=%5B1%2C2%5D"),
    "JSON body not JSON": lambda s: s.post(b'{"type": ', content_type="application/json"),
    "body not form data": lambda s: s.post(b"this is not a form"),
    "body not UTF-8": lambda s: s.post(b"payload=\xff\xfe"),
    "oversized body": lambda s: s.post(b"text=" + b"a" * (2 * 1024 * 1024)),
    "oversized unsigned body": lambda s: s.post(b"a" * (2 * 1024 * 1024), signed=False),
    "valid submission, forged signature": lambda s: s.post(
        _submission(), headers={"X-Slack-Signature": "v0=" + "1" * 64}
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_requests_slack_would_never_send_get_a_4xx(app_server: RunningApp, fake_slack: FakeSlack, case: str):
    before = counts(app_server.runtime.engine)
    calls_before = [c.method for c in fake_slack.calls]

    result = CASES[case](app_server.slack)

    assert 400 <= result.status < 500, (case, result.status, result.body[:200])
    assert counts(app_server.runtime.engine) == before
    assert [c.method for c in fake_slack.calls] == calls_before  # no Slack call was made either


def test_a_signed_request_with_an_unknown_command_is_not_a_server_error(app_server: RunningApp):
    body = urlencode(
        {"command": "/okänt", "user_id": "UHEAD1", "team_id": "T0ORAT", "trigger_id": "1"}
    ).encode()
    assert app_server.slack.post(body).status == 404


def test_health_check(app_server: RunningApp):
    import urllib.request

    with urllib.request.urlopen(app_server.url + "/healthz", timeout=5) as response:  # noqa: S310
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok", "database": True}
