"""Sending queued notifications: claim, post, record the Slack ``ts``; retry what can be retried."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.notifier import DeliveryError, Notifier
from storage.uow import UnitOfWork, unit_of_work

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

    def __init__(
        self,
        sessions: sessionmaker[Session],
        notifier: Notifier,
        *,
        chairs: Callable[[str], list[str]] = lambda _team: [],
        texts: Callable[..., str] | None = None,
    ) -> None:
        self.sessions = sessions
        self.notifier = notifier
        self.chairs = chairs
        self.texts = texts

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
                (
                    m.id,
                    m.channel,
                    dict(m.payload),
                    m.attempts,
                    m.kind,
                    uow.outbox.thread_ts(m),
                    m.team_id,
                    m.key,
                )
                for m in uow.outbox.claim_due(now, lease=self.LEASE, keys=keys, limit=self.BATCH)
            ]
        sent = retried = failed = 0
        for message_id, channel, payload, attempts, kind, thread_ts, team_id, key in claimed:
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
                        if exc.code in UNREACHABLE:
                            self._reroute(uow, team_id, key, kind, channel, payload, exc.code, now)
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

    def _reroute(
        self,
        uow: UnitOfWork,
        team_id: str,
        key: str,
        kind: str,
        channel: str,
        payload: dict,
        code: str,
        now: datetime,
    ) -> None:
        """The person has left or the channel is archived: the chairs get the message instead, once,
        and an action it was about is flagged. A reroute that fails is not rerouted again."""
        if kind == "reroute" or self.texts is None:
            return
        if key.startswith(("reminder:", "assigned:", "escalation:")):
            uow.actions.flag(team_id, int(key.split(":")[1]))
        mention = f"<#{channel}>" if channel.startswith(("C", "G")) else f"<@{channel}>"
        text = self.texts("outbox.rerouted", who=mention, code=code, original=payload.get("text", ""))
        # The original blocks (with their buttons: a chair may act on an action) under a notice.
        blocks = [
            {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}},
            *(payload.get("blocks") or []),
        ]
        for chair in self.chairs(team_id):
            if chair != channel:
                uow.outbox.add(
                    team_id=team_id,
                    key=f"reroute:{key}:{chair}",
                    kind="reroute",
                    channel=chair,
                    payload={"text": text, "blocks": blocks[:50]},
                    not_before=now,
                    now=now,
                )


# Slack's answers meaning the person or channel cannot be reached any more.
UNREACHABLE = frozenset(
    {"account_inactive", "user_disabled", "user_not_found", "is_archived", "channel_not_found"}
)


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    if retry_after is not None:
        return timedelta(seconds=max(retry_after, 1.0))
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))
