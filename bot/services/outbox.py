"""Sending queued notifications: claim, post, record the Slack ``ts``; retry what can be retried.

The delivery promise (README, "Säkert och robust"): a message is never dropped silently.

- Slack failing (5xx, no connection, a timeout) pauses the workspace's posting with a growing
  wait (30 s … 5 min) and the message is tried again, for ``horizon`` (24 h by default) from the
  moment it was meant to go out. What arrives more than ``LATE_AFTER`` late says so.
- After the horizon, or on an answer no retry can cure, the message is ``failed`` with the reason
  and the chairs get one summary of what could not be delivered.
- A message whose moment has passed (``stale_at``: a draft once the agenda is out, a reminder the
  day after) is rewritten by the service that made it (``refreshers``), or dropped with a note to
  whom it concerned.
- ``429`` pauses the whole workspace's posting for ``Retry-After`` (checked and capped).
- One retry owner: the notifier's client does not retry by itself. After an attempt that may have
  reached Slack (a timeout, a dropped connection), the conversation is searched for the message's
  key before posting again.
- A person or channel Slack says is gone is remembered: the chairs are told once (with the message),
  then nothing more until it changes.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from bot.notifier import DeliveryError, FileStore, Notifier, Posted
from bot.results.common import Message
from bot.results.outbox import HORIZON_CODE, DispatchResult, Undelivered
from bot.services.common import Clock, queue_to_each, utc_now
from bot.services.photos import FILE_ID, FILE_KINDS, PHOTO_DELETE, PHOTO_ID
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

# Slack's answers meaning the person or channel cannot be reached any more.
UNREACHABLE = frozenset(
    {"account_inactive", "user_disabled", "user_not_found", "is_archived", "channel_not_found"}
)
LATE_AFTER = timedelta(minutes=15)
# A queued change to a message already posted names its ts under this payload key (chat.update).
UPDATE_TS = "update_ts"
GONE_MESSAGE = frozenset({"message_not_found", "cant_update_message", "channel_not_found", "is_archived"})
# The pause reason of a workspace without an installation, and how long an uninstall holds it.
NOT_INSTALLED = "not_installed"
HELD_FOR = timedelta(days=3650)
# Slack's answers to a token that is gone: with many workspaces, an installation lost meanwhile.
TOKEN_GONE = frozenset({"token_revoked", "invalid_auth", "token_expired"})
HELD_RETRY, HELD_TRIES = 0.2, 50  # seconds between tries of a held-up key, and how many
MIN_BACKOFF, MAX_BACKOFF = 30.0, 300.0  # seconds
SUMMARY_MAX = 200  # failures listed in one summary; the rest come in the next


@dataclass(frozen=True)
class Claimed:
    """A claimed message, read out of its row (the session is closed while posting)."""

    id: int
    team_id: str
    key: str
    kind: str
    channel: str
    payload: dict[str, Any]
    attempts: int
    thread_ts: str | None
    thread_key: str | None
    due_at: datetime
    stale_at: datetime | None
    ambiguous_since: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class Rewritten:
    """What a refresher made of a message whose moment passed: its content as of now."""

    message: Message
    stale_at: datetime | None


# A refresher gets a stale message and returns it made current, or None when it is moot (the
# action was done, a newer reminder went out): then it is dropped without a note.
Refresher = Callable[[UnitOfWork, Claimed, datetime], Rewritten | None]


class DeliveryMessages(Protocol):
    """The builders the dispatcher needs (``handlers.blocks.delivery``)."""

    def late(self, payload: dict[str, Any], due_at: datetime) -> dict[str, Any]: ...

    def stale_note(self, target: str, text: str, due_at: datetime) -> Message: ...

    def rerouted(self, target: str, code: str, payload: dict[str, Any]) -> Message: ...

    def undelivered(self, failures: list[Undelivered], horizon: timedelta) -> Message: ...


class SlackPort(Notifier, FileStore, Protocol):
    """A workspace's Slack: posting and files (``bot.slack_notifier.SlackNotifier``)."""


@dataclass(frozen=True)
class _Slack:
    """What one message is delivered with: its workspace's notifier and file store."""

    notifier: Notifier
    files: FileStore | None


@dataclass
class _Batch:
    """What one dispatch round learnt about the workspaces in it."""

    paused: set[str] = field(default_factory=set)
    pause_failures: dict[str, int] = field(default_factory=dict)  # teams with a pause row
    unreachable: dict[str, set[str]] = field(default_factory=dict)  # team → known targets
    failing: dict[str, int] = field(default_factory=dict)  # team → transient failures in a row
    left: dict[str, int] = field(default_factory=dict)  # team → claimed messages not yet tried


class OutboxService:
    LEASE = timedelta(minutes=5)
    BATCH = 50
    WORKERS = 8  # workspaces sending side by side in one dispatch
    TEAM_BUDGET = 45.0  # seconds one workspace may send for in one dispatch (the rest: next look)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        notifier: Notifier,
        *,
        chairs: Callable[[str], list[str]] = lambda _team: [],
        messages: DeliveryMessages | None = None,
        horizon: timedelta = timedelta(hours=24),
        clock: Clock = utc_now,
        files: FileStore | None = None,
        slack_for: Callable[[str], SlackPort | None] | None = None,
    ) -> None:
        """``slack_for``: with many workspaces (the install flow), the notifier and file store of a
        team's own installation, None when it has none; None: ``notifier`` and ``files`` for all."""
        self.sessions = sessions
        self.notifier = notifier
        self.files = files  # copying reports' photos and deleting the copies (bot.services.photos)
        self.slack_for = slack_for
        self.chairs = chairs
        self.messages = messages
        self.horizon = horizon
        self.clock = clock
        # kind → how to make a stale message current (registered by the services that queue them).
        self.refreshers: dict[str, Refresher] = {}
        # kind → the files and comment a message stands for (a stored lägesbild), uploaded when sent.
        self.documents: dict[str, Callable[[str, dict[str, Any]], tuple[list[tuple[str, bytes]], str]]] = {}
        # A message worded at send (a refresher, a document) speaks its workspace's language and
        # words (``Services.serving``, set by the wiring).
        self.serving: Callable[[str], AbstractContextManager[object]] = lambda _team: nullcontext()
        # What listeners asked to be sent after their ack, for the one sending thread.
        self._soon: list[tuple[str, str]] = []
        self._soon_changed = threading.Condition()
        self._sender: threading.Thread | None = None
        self._sending = False

    # ------------------------------------------------------------------------------ after an ack
    def dispatch_soon(self, keys: Iterable[tuple[str, str]]) -> None:
        """Send these messages now, from this process's sending thread: what many listeners queue
        at once goes out in a few claims instead of one each, and a burst of requests is not slowed
        by posting. A process that stops first leaves them queued: the scheduler sends them."""
        keys = list(keys)
        if not keys:
            return
        with self._soon_changed:
            self._soon.extend(keys)
            if self._sender is None or not self._sender.is_alive():
                self._sender = threading.Thread(target=self._send_soon, name="outbox-sender", daemon=True)
                self._sender.start()
            self._soon_changed.notify()

    @property
    def busy(self) -> bool:
        """Messages waiting for, or being sent by, the sending thread."""
        with self._soon_changed:
            return bool(self._soon) or self._sending

    def _send_soon(self) -> None:
        # Keys held up behind an earlier message to the same conversation that another process is
        # sending: tried again shortly, for a while; after that the scheduler's next look sends them.
        held: dict[tuple[str, str], int] = {}
        while True:
            with self._soon_changed:
                if not self._soon and not self._soon_changed.wait_for(
                    lambda: bool(self._soon), timeout=HELD_RETRY if held else 30
                ):
                    if not held:
                        self._sender = None  # idle: a new one starts with the next keys
                        return
                fresh, self._soon = self._soon[: self.BATCH], self._soon[self.BATCH :]
                self._sending = True
            keys = list(dict.fromkeys([*fresh, *held]))
            try:
                now = self.clock()
                self.dispatch(now, keys=keys)
                with self.sessions() as session:
                    waiting = UnitOfWork(session).outbox.waiting(keys, now)
                held = {key: held.get(key, 0) + 1 for key in waiting if held.get(key, 0) < HELD_TRIES}
            except Exception:  # the scheduler sends what is left; the thread must go on
                log.exception("sending after an ack failed")
                held = {}
            finally:
                with self._soon_changed:
                    self._sending = bool(held)

    # ------------------------------------------------------------------------------ dispatching
    def dispatch(self, now: datetime, *, keys: Iterable[tuple[str, str]] | None = None) -> DispatchResult:
        """Send what is due at ``now`` (only ``keys`` when given, and what waits behind them in
        their conversations). Safe to call from several processes.

        Parts of a long message wait for the part before them, and messages to one conversation
        for the one before them, so the claim loop runs until nothing more ends."""
        keys = list(keys) if keys is not None else None
        if keys is not None:
            teams = sorted({team for team, _ in keys})
        else:
            with self.sessions() as session:
                teams = UnitOfWork(session).outbox.teams_with_due(now, lease=self.LEASE)
        if not teams:
            return DispatchResult()
        if len(teams) == 1:  # one workspace: in this thread, as always
            return self._dispatch_team(now, keys, teams[0])
        # Several workspaces: each sends on its own, side by side, so one whose Slack calls hang
        # (or fail) holds up none of the others; within one, messages go in order as before.
        total = DispatchResult()
        with ThreadPoolExecutor(
            max_workers=min(self.WORKERS, len(teams)), thread_name_prefix="outbox-team"
        ) as pool:
            for team, future in [(t, pool.submit(self._dispatch_team, now, keys, t)) for t in teams]:
                try:
                    total += future.result()
                except Exception as exc:  # one workspace's failure must not stop the others'
                    log.error("outbox: sending for team %s failed: %s", team, type(exc).__name__)
        return total

    def _dispatch_team(
        self, now: datetime, keys: list[tuple[str, str]] | None, team_id: str | None
    ) -> DispatchResult:
        """The claim loop for one workspace (every one when ``team_id`` is None), for at most
        ``TEAM_BUDGET`` seconds: what is left then goes in the next look."""
        deadline = time.monotonic() + self.TEAM_BUDGET
        if keys is not None and team_id is not None:
            keys = [key for key in keys if key[0] == team_id]
        total = DispatchResult()
        while True:
            result = self._dispatch_batch(now, keys, team_id, deadline)
            total += result
            if result.sent + result.failed + result.dropped == 0 or time.monotonic() >= deadline:
                return total

    def _dispatch_batch(
        self,
        now: datetime,
        keys: list[tuple[str, str]] | None,
        team_id: str | None = None,
        deadline: float | None = None,
    ) -> DispatchResult:
        batch = _Batch()
        with unit_of_work(self.sessions) as uow:
            claimed = [
                Claimed(
                    id=m.id,
                    team_id=m.team_id,
                    key=m.key,
                    kind=m.kind,
                    channel=m.channel,
                    payload=dict(m.payload),
                    attempts=m.attempts,
                    thread_ts=uow.outbox.thread_ts(m),
                    thread_key=m.thread_key,
                    due_at=m.due_at,
                    stale_at=m.stale_at,
                    ambiguous_since=m.ambiguous_since,
                    last_error=m.last_error,
                )
                for m in uow.outbox.claim_due(
                    now, lease=self.LEASE, keys=keys, limit=self.BATCH, team_id=team_id
                )
            ]
            for message in claimed:
                batch.left[message.team_id] = batch.left.get(message.team_id, 0) + 1
            for team in batch.left:
                pause = uow.delivery.pause(team)
                if pause is not None:
                    batch.pause_failures[team] = pause.failures
                batch.unreachable[team] = {t.target for t in uow.delivery.unreachable_targets(team)}
        result = DispatchResult()
        done: set[int] = set()
        try:
            for message in claimed:
                batch.left[message.team_id] -= 1
                if message.team_id in batch.paused:
                    continue  # released below, its attempt not counted
                if deadline is not None and time.monotonic() >= deadline:
                    break  # this workspace's time is up: the rest is released for the next look
                result += self._with_slack(message, now, batch)
                done.add(message.id)
        finally:
            untried = [m.id for m in claimed if m.id not in done]
            if untried:
                with unit_of_work(self.sessions) as uow:
                    uow.outbox.release(untried)
        return result

    # ------------------------------------------------------------------------------ installations
    def hold_workspace(self, team_id: str, now: datetime) -> None:
        """The app was uninstalled (or its bot token revoked): the workspace's posting stops at once,
        in every process; its queued messages stay pending until a reinstall (``resume_workspace``)."""
        with unit_of_work(self.sessions) as uow:
            uow.delivery.set_pause(team_id, until=now + HELD_FOR, failures=0, reason=NOT_INSTALLED)
        log.warning("outbox: a workspace uninstalled the app, its posting is held")

    def resume_workspace(self, team_id: str, now: datetime) -> None:
        """Installed again: what waited goes now, in order."""
        with unit_of_work(self.sessions) as uow:
            pause = uow.delivery.pause(team_id)
            if pause is not None and pause.reason == NOT_INSTALLED:
                uow.delivery.clear_pause(team_id)
                uow.outbox.wake(team_id, now)

    def _with_slack(self, message: Claimed, now: datetime, batch: _Batch) -> DispatchResult:
        """The message delivered with its workspace's own installation; held while it has none."""
        with self.serving(message.team_id):
            return self._with_slack_of(message, now, batch)

    def _with_slack_of(self, message: Claimed, now: datetime, batch: _Batch) -> DispatchResult:
        if self.slack_for is None:
            return self._deliver(message, now, batch, _Slack(self.notifier, self.files))
        slack = self.slack_for(message.team_id)
        if slack is None:  # not installed (now): the message waits, not counted as a try
            with unit_of_work(self.sessions) as uow:
                uow.delivery.set_pause(
                    message.team_id,
                    until=now + timedelta(seconds=MAX_BACKOFF),
                    failures=0,
                    reason=NOT_INSTALLED,
                )
                uow.outbox.release([message.id])
            batch.paused.add(message.team_id)
            return DispatchResult()
        return self._deliver(message, now, batch, _Slack(slack, slack))

    def _deliver(self, message: Claimed, now: datetime, batch: _Batch, slack: _Slack) -> DispatchResult:
        if message.attempts > 1:
            # Claimed before: a retry, or a process died after posting and before recording it.
            log.info("outbox message %s (%s) attempt %s", message.id, message.kind, message.attempts)
        if isinstance(message.payload.get(UPDATE_TS), str):
            return self._rewrite(message, now, batch, slack)
        if message.kind in FILE_KINDS:
            return self._deliver_file(message, now, batch, slack)
        if message.kind in self.documents:
            return self._deliver_document(message, now, batch, slack)
        if message.ambiguous_since is not None:
            found = self._already_posted(message, now, batch, slack)
            if isinstance(found, DispatchResult):
                return found
            if found is not None:
                return self._sent(message, found, now, batch)
        if message.stale_at is not None and now >= message.stale_at:
            refreshed = self._refresh(message, now)
            if refreshed is None:
                return DispatchResult(dropped=1)
            message = refreshed  # current again: neither too old nor late
        elif now > message.due_at + self.horizon:
            return self._fail(message, f"{HORIZON_CODE}:{message.last_error or 'unknown'}", now)
        elif now - message.due_at > LATE_AFTER and self.messages is not None:
            message = replace(message, payload=self.messages.late(message.payload, message.due_at))
        try:
            posted = slack.notifier.post(
                message.channel,
                message.payload.get("text", ""),
                message.payload.get("blocks"),
                thread_ts=message.thread_ts,
                idempotency_key=idempotency_key(message.team_id, message.key),
            )
        except DeliveryError as exc:
            return self._failed_attempt(message, exc, now, batch)
        return self._sent(message, posted, now, batch)

    def _rewrite(self, message: Claimed, now: datetime, batch: _Batch, slack: _Slack) -> DispatchResult:
        """A change to a message already in Slack (e.g. the agenda closed when the minutes are out):
        chat.update of that message, as often as needed, and never too late to be right."""
        try:
            posted = slack.notifier.update(
                message.channel,
                message.payload[UPDATE_TS],
                message.payload.get("text", ""),
                message.payload.get("blocks"),
            )
        except DeliveryError as exc:
            if exc.permanent and exc.code in GONE_MESSAGE:  # deleted in Slack: nothing left to change
                with unit_of_work(self.sessions) as uow:
                    uow.outbox.mark_dropped(message.id, reason="gone")
                return DispatchResult(dropped=1)
            return self._failed_attempt(message, exc, now, batch)
        # Not through _sent: changing an old message proves nothing about reaching its channel now.
        with unit_of_work(self.sessions) as uow:
            uow.outbox.mark_sent(message.id, channel=posted.channel, ts=posted.ts, now=now)
        return DispatchResult(sent=1)

    def _deliver_file(self, message: Claimed, now: datetime, batch: _Batch, slack: _Slack) -> DispatchResult:
        """A report's photo copied into the agenda's thread, or the bot's copy deleted. The photo
        row says whether the copy exists: a retry after a copy was recorded does not copy again."""
        if slack.files is None:
            return self._fail(message, "files_unavailable", now)
        if now > message.due_at + self.horizon:
            return self._fail(message, f"{HORIZON_CODE}:{message.last_error or 'unknown'}", now)
        try:
            if message.kind == PHOTO_DELETE:
                slack.files.delete_file(str(message.payload.get(FILE_ID)))
                return self._sent(message, Posted(message.channel, ""), now, batch)
            with unit_of_work(self.sessions) as uow:
                photo = uow.photos.get(int(message.payload.get(PHOTO_ID) or 0))
                if photo is None or photo.copy_file_id is not None or not photo.url:
                    uow.outbox.mark_dropped(message.id, reason="gone" if photo is None else "copied")
                    return DispatchResult(dropped=1)
                url, name = photo.url, photo.name
            if message.thread_ts is None:  # the agenda's first message never went out
                return self._fail(message, "thread_missing", now)
            copied = slack.files.copy_file(
                url, filename=name, channel=message.channel, thread_ts=message.thread_ts
            )
            with unit_of_work(self.sessions) as uow:
                kept = uow.photos.record_copy(photo.id, copied.file_id, copied.permalink, now)
            if not kept:  # retention forgot the photo meanwhile: the copy goes too
                slack.files.delete_file(copied.file_id)
        except DeliveryError as exc:
            return self._failed_attempt(message, exc, now, batch)
        return self._sent(message, Posted(message.channel, message.thread_ts), now, batch)

    def _deliver_document(
        self, message: Claimed, now: datetime, batch: _Batch, slack: _Slack
    ) -> DispatchResult:
        """Files rendered when sent (a stored lägesbild): nothing but its number waits in the queue."""
        if slack.files is None:
            return self._fail(message, "files_unavailable", now)
        if now > message.due_at + self.horizon:
            return self._fail(message, f"{HORIZON_CODE}:{message.last_error or 'unknown'}", now)
        try:
            files, comment = self.documents[message.kind](message.team_id, message.payload)
        except LookupError:  # gone meanwhile (the team's data erased)
            with unit_of_work(self.sessions) as uow:
                uow.outbox.mark_dropped(message.id, reason="gone")
            return DispatchResult(dropped=1)
        try:
            slack.files.upload_files(message.channel, files, comment)
        except DeliveryError as exc:
            return self._failed_attempt(message, exc, now, batch)
        return self._sent(message, Posted(message.channel, ""), now, batch)

    def _already_posted(
        self, message: Claimed, now: datetime, batch: _Batch, slack: _Slack
    ) -> Posted | DispatchResult | None:
        """After an attempt that may have reached Slack: the post Slack already has, None when it
        has none (or cannot say: then posting again is the lesser harm), or the result of a
        failed lookup."""
        assert message.ambiguous_since is not None
        try:
            return slack.notifier.find_posted(
                message.channel,
                idempotency_key(message.team_id, message.key),
                since=message.ambiguous_since - timedelta(minutes=5),
            )
        except DeliveryError as exc:
            if exc.permanent:
                log.warning("outbox message %s: cannot look for an earlier post (%s)", message.id, exc.code)
                return None
            return self._failed_attempt(message, exc, now, batch)

    def _sent(self, message: Claimed, posted: Posted, now: datetime, batch: _Batch) -> DispatchResult:
        with unit_of_work(self.sessions) as uow:
            uow.outbox.mark_sent(message.id, channel=posted.channel, ts=posted.ts, now=now)
            batch.failing[message.team_id] = 0
            if message.team_id in batch.pause_failures:
                # Slack answers again: what waited out a retry goes now, in order.
                uow.delivery.clear_pause(message.team_id)
                uow.outbox.wake(message.team_id, now)
                del batch.pause_failures[message.team_id]
            if message.channel in batch.unreachable.get(message.team_id, set()):
                uow.delivery.forget_unreachable(message.team_id, message.channel)
                batch.unreachable[message.team_id].discard(message.channel)
                log.info("outbox: a target reachable again")
        return DispatchResult(sent=1)

    def _failed_attempt(
        self, message: Claimed, exc: DeliveryError, now: datetime, batch: _Batch
    ) -> DispatchResult:
        team = message.team_id
        if self.slack_for is not None and exc.code in TOKEN_GONE:
            # The installation's token stopped working (uninstalled meanwhile, before its event came):
            # the message waits like the rest of the workspace's, it does not fail.
            with unit_of_work(self.sessions) as uow:
                uow.delivery.set_pause(
                    team, until=now + timedelta(seconds=MAX_BACKOFF), failures=0, reason=NOT_INSTALLED
                )
                uow.outbox.mark_retry(message.id, not_before=now, error=exc.code)
            batch.paused.add(team)
            log.warning("outbox: a workspace's token no longer works (%s), its posting waits", exc.code)
            return DispatchResult(retried=1)
        if exc.code == "ratelimited":
            wait = timedelta(seconds=exc.retry_after if exc.retry_after is not None else MIN_BACKOFF)
            with unit_of_work(self.sessions) as uow:
                uow.delivery.set_pause(
                    team, until=now + wait, failures=batch.pause_failures.get(team, 0), reason="ratelimited"
                )
                uow.outbox.mark_retry(message.id, not_before=now + wait, error=exc.code)
            batch.paused.add(team)
            batch.pause_failures.setdefault(team, 0)
            log.warning("outbox: workspace rate limited, posting paused %ss", wait.total_seconds())
            return DispatchResult(retried=1)
        if exc.permanent:
            if exc.code in UNREACHABLE:
                return self._unreachable(message, exc.code, now, batch)
            return self._fail(message, exc.code, now)
        # Slack failing or out of reach: this message waits. A second failure in a row (or nothing
        # else to try) means Slack itself is failing: the workspace's posting waits too. One
        # message failing alone does not hold up the rest.
        batch.failing[team] = batch.failing.get(team, 0) + 1
        outage = batch.failing[team] >= 2 or batch.left.get(team, 0) == 0
        failures = batch.pause_failures.get(team, 0) + 1
        with unit_of_work(self.sessions) as uow:
            if outage:
                uow.delivery.set_pause(
                    team, until=now + backoff(failures), failures=failures, reason=exc.code
                )
            uow.outbox.mark_retry(
                message.id,
                not_before=now + backoff(message.attempts),
                error=exc.code,
                ambiguous_since=now if exc.ambiguous else None,
            )
        if outage:
            batch.paused.add(team)
            batch.pause_failures[team] = failures
        log.info("outbox message %s (%s) retry: %s", message.id, message.kind, exc.code)
        return DispatchResult(retried=1)

    def _fail(self, message: Claimed, code: str, now: datetime) -> DispatchResult:
        with unit_of_work(self.sessions) as uow:
            uow.outbox.mark_failed(message.id, error=code)
        log.error("outbox message %s (%s) failed: %s", message.id, message.kind, code)
        return DispatchResult(failed=1)

    def _refresh(self, message: Claimed, now: datetime) -> Claimed | None:
        """A message whose moment passed: rewritten as of now by its service, or dropped (with a
        note to whom it concerned when nothing else will tell them)."""
        refresher = self.refreshers.get(message.kind)
        with unit_of_work(self.sessions) as uow:
            if refresher is not None:
                rewritten = refresher(uow, message, now)
                if rewritten is None:
                    uow.outbox.mark_dropped(message.id, reason="superseded")
                    log.info("outbox message %s (%s) dropped: moot", message.id, message.kind)
                    return None
                payload = {"text": rewritten.message.text, "blocks": rewritten.message.blocks}
                uow.outbox.rewrite(message.id, payload, stale_at=rewritten.stale_at)
                return replace(message, payload=payload, stale_at=rewritten.stale_at)
            uow.outbox.mark_dropped(message.id, reason="stale")
            if message.thread_key is None and self.messages is not None:
                # One note per message (not per part of a long one), to the person it was for, or
                # to the chairs for a channel.
                note = self.messages.stale_note(
                    message.channel, message.payload.get("text", ""), message.due_at
                )
                queue_to_each(
                    uow,
                    [message.channel] if _is_person(message.channel) else self.chairs(message.team_id),
                    team_id=message.team_id,
                    key=f"stale:{message.key}",
                    kind="stale_note",
                    message=note,
                    now=now,
                )
        log.info("outbox message %s (%s) dropped: its moment passed", message.id, message.kind)
        return None

    def _unreachable(self, message: Claimed, code: str, now: datetime, batch: _Batch) -> DispatchResult:
        """The person has left or the channel is archived: the chairs get the message instead,
        the first time; after that nothing more is said until it changes. An action the message
        was about is flagged either way."""
        team = message.team_id
        with unit_of_work(self.sessions) as uow:
            uow.outbox.mark_failed(message.id, error=code, noticed_at=now)
            if message.key.startswith(("reminder:", "assigned:", "escalation:")):
                uow.actions.flag(team, int(message.key.split(":")[1]))
            news = uow.delivery.remember_unreachable(team, message.channel, code, now)
            batch.unreachable.setdefault(team, set()).add(message.channel)
            if news and message.kind not in QUIET_KINDS and self.messages is not None:
                queue_to_each(
                    uow,
                    [chair for chair in self.chairs(team) if chair != message.channel],
                    team_id=team,
                    key=f"reroute:{message.key}",
                    kind="reroute",
                    message=self.messages.rerouted(message.channel, code, message.payload),
                    now=now,
                )
        log.error(
            "outbox message %s (%s) failed: %s (%s)",
            message.id,
            message.kind,
            code,
            "new" if news else "known",
        )
        return DispatchResult(failed=1)

    # ------------------------------------------------------------------------------ telling the chairs
    def notice_failures(self, now: datetime) -> int:
        """In each workspace, one summary per chair of the messages that failed for good since the
        last one; how many failures were told."""
        with self.sessions() as session:
            teams = UnitOfWork(session).outbox.teams_with_unnoticed_failures()
        return sum(self._notice_failures(team_id, now) for team_id in teams)

    def _notice_failures(self, team_id: str, now: datetime) -> int:
        with unit_of_work(self.sessions) as uow:
            rows = uow.outbox.unnoticed_failures(team_id, SUMMARY_MAX)
            if not rows:
                return 0
            failures = [
                Undelivered(
                    kind=r.kind,
                    target=r.channel,
                    code=r.last_error or "unknown",
                    due_at=r.due_at or r.created_at,
                    text=str((r.payload or {}).get("text", "")),
                )
                for r in rows
                if r.kind not in QUIET_KINDS
            ]
            uow.outbox.mark_noticed([r.id for r in rows], now)
            chairs = self.chairs(team_id)
            if failures and not chairs:
                log.error("%s undelivered messages and no chairs to tell (ORAT_CHAIRS)", len(failures))
            if not failures or self.messages is None:
                return 0
            queue_to_each(
                uow,
                chairs,
                team_id=team_id,
                key=f"undelivered:{rows[-1].id}",
                kind="undelivered",
                message=self.messages.undelivered(failures, self.horizon),
                now=now,
            )
        log.warning("%s undelivered messages summarised for the chairs", len(failures))
        return len(failures)


# Messages about delivery itself: when they fail, nobody is told about that (it would go round).
QUIET_KINDS = frozenset({"reroute", "undelivered", "stale_note"})


def idempotency_key(team_id: str, key: str) -> str:
    """What a post carries in its metadata to be found again (the key itself may name people)."""
    return hashlib.sha256(f"{team_id}:{key}".encode()).hexdigest()[:32]


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min, then every 5 min: Slack back after an outage is used within
    minutes, and a day's horizon is about 300 tries."""
    return timedelta(seconds=min(MIN_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF))


def _is_person(channel: str) -> bool:
    return channel.startswith(("U", "W"))
