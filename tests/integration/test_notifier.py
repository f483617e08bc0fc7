"""The Slack notifier against the fake Slack Web API: which failures may have posted, how
Retry-After is read, and finding a post again by its key."""

from __future__ import annotations

import socket
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.app import slack_client
from bot.config import Settings
from bot.notifier import DeliveryError
from bot.slack_notifier import RETRY_AFTER_DEFAULT, RETRY_AFTER_MAX, SlackNotifier, retry_after_seconds
from tests.support.fake_slack import FakeSlack

SINCE = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("30", 30.0),
        (" 2.5 ", 2.5),
        ("0", 1.0),
        ("inf", RETRY_AFTER_DEFAULT),
        ("-inf", RETRY_AFTER_DEFAULT),
        ("nan", RETRY_AFTER_DEFAULT),
        ("-5", RETRY_AFTER_DEFAULT),
        ("1e9", RETRY_AFTER_MAX),
        ("snart", RETRY_AFTER_DEFAULT),
        ("", RETRY_AFTER_DEFAULT),
    ],
)
def test_retry_after_is_read_within_bounds(header: str | None, seconds: float | None):
    assert retry_after_seconds(header) == seconds


def notifier(fake: FakeSlack, **settings: object) -> SlackNotifier:
    base = Settings(bot_token="xoxb-test", slack_api_url=fake.url, slack_timeout=1.0)
    return SlackNotifier(slack_client(replace(base, **settings), retries=False))


def test_a_dropped_connection_may_have_posted_and_is_found_again(fake_slack_server: FakeSlack):
    fake = fake_slack_server
    fake.reset()
    fake.script("chat.postMessage", drop=True)
    with pytest.raises(DeliveryError) as error:
        notifier(fake).post("U0HEAD", "Hej", idempotency_key="abc")
    assert error.value.ambiguous and not error.value.permanent
    assert len(fake.calls_to("chat.postMessage")) == 1  # the client itself did not try again
    found = notifier(fake).find_posted("U0HEAD", "abc", SINCE)
    assert found is not None and found.ts == fake.posted[0].ts and found.channel == "D0HEAD"
    assert notifier(fake).find_posted("U0HEAD", "other", SINCE) is None


def test_a_slow_answer_may_have_posted(fake_slack_server: FakeSlack):
    fake = fake_slack_server
    fake.reset()
    fake.script("chat.postMessage", delay=1.5)
    with pytest.raises(DeliveryError) as error:
        notifier(fake).post("C0MEETING", "Hej", idempotency_key="slow")
    assert error.value.ambiguous


def test_slack_errors_and_a_refused_connection_did_not_post(fake_slack_server: FakeSlack):
    fake = fake_slack_server
    fake.reset()
    fake.script("chat.postMessage", status=500, body={"ok": False, "error": "internal_error"})
    with pytest.raises(DeliveryError) as error:
        notifier(fake).post("C0MEETING", "Hej")
    assert (error.value.code, error.value.ambiguous, error.value.permanent) == (
        "internal_error",
        False,
        False,
    )
    fake.script("chat.postMessage", status=429, headers={"Retry-After": "nan"})
    with pytest.raises(DeliveryError) as error:
        notifier(fake).post("C0MEETING", "Hej")
    assert (error.value.code, error.value.retry_after) == ("ratelimited", RETRY_AFTER_DEFAULT)
    fake.archived_channels.add("C0OLD")
    with pytest.raises(DeliveryError) as error:
        notifier(fake).post("C0OLD", "Hej")
    assert (error.value.code, error.value.permanent) == ("is_archived", True)

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(DeliveryError) as error:
        notifier(fake, slack_api_url=f"http://127.0.0.1:{port}/api/").post("C0MEETING", "Hej")
    assert not error.value.ambiguous and not error.value.permanent
