"""A notifier for service tests that post nowhere: every post "succeeds" and nothing is found."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.notifier import Posted


class QuietNotifier:
    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        *,
        thread_ts: str | None = None,
        idempotency_key: str | None = None,
    ) -> Posted:
        return Posted(channel=channel, ts="1.1")

    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]] | None = None) -> Posted:
        return Posted(channel=channel, ts=ts)

    def find_posted(self, channel: str, idempotency_key: str, since: datetime) -> Posted | None:
        return None
