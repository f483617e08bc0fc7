"""Sending queued notifications: claim, post, record the Slack ``ts``; retry what can be retried."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.notifier import DeliveryError, Notifier
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DispatchResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0


class OutboxService:
    LEASE = timedelta(minutes=5)
    MAX_ATTEMPTS = 8
    BATCH = 50

    def __init__(self, sessions: sessionmaker[Session], notifier: Notifier) -> None:
        self.sessions = sessions
        self.notifier = notifier

    def dispatch(self, now: datetime, *, keys: Iterable[tuple[str, str]] | None = None) -> DispatchResult:
        """Send what is due at ``now`` (only ``keys`` when given). Safe to call from several processes.

        Parts of a long message wait for the part before them, so the claim loop runs until
        nothing more is due."""
        keys = list(keys) if keys is not None else None
        total = DispatchResult()
        while True:
            result = self._dispatch_batch(now, keys)
            total = DispatchResult(
                total.sent + result.sent, total.retried + result.retried, total.failed + result.failed
            )
            if result.sent + result.failed == 0:
                return total

    def _dispatch_batch(self, now: datetime, keys: list[tuple[str, str]] | None) -> DispatchResult:
        with unit_of_work(self.sessions) as uow:
            claimed = [
                (m.id, m.channel, dict(m.payload), m.attempts, m.kind, uow.outbox.thread_ts(m))
                for m in uow.outbox.claim_due(now, lease=self.LEASE, keys=keys, limit=self.BATCH)
            ]
        sent = retried = failed = 0
        for message_id, channel, payload, attempts, kind, thread_ts in claimed:
            if attempts > 1:
                # Claimed before: a retry, or a process died after posting and before recording
                # it, in which case this post may be the one duplicate we accept.
                log.warning("outbox message %s (%s) attempt %s", message_id, kind, attempts)
            try:
                posted = self.notifier.post(
                    channel, payload.get("text", ""), payload.get("blocks"), thread_ts=thread_ts
                )
            except DeliveryError as exc:
                with unit_of_work(self.sessions) as uow:
                    if exc.permanent or attempts >= self.MAX_ATTEMPTS:
                        uow.outbox.mark_failed(message_id, error=exc.code)
                        failed += 1
                        log.error("outbox message %s (%s) failed: %s", message_id, kind, exc.code)
                    else:
                        delay = backoff(attempts, exc.retry_after)
                        uow.outbox.mark_retry(message_id, not_before=now + delay, error=exc.code)
                        retried += 1
                        log.info("outbox message %s (%s) retry in %ss: %s", message_id, kind, delay, exc.code)
                continue
            with unit_of_work(self.sessions) as uow:
                uow.outbox.mark_sent(message_id, channel=posted.channel, ts=posted.ts, now=now)
            sent += 1
        return DispatchResult(sent=sent, retried=retried, failed=failed)


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    if retry_after is not None:
        return timedelta(seconds=max(retry_after, 1.0))
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))
