"""The outbox of messages to post, and what the dispatcher remembers about a workspace."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, String, any_, bindparam, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from storage.models import DeliveryPause, OutboxMessage, UnreachableTarget
from storage.repositories._sql import dialect_insert, is_postgresql

KEEP_PAYLOAD_KINDS = ("agenda", "minutes")  # updated in place: items decided, minutes corrected
# An outbox message in one of these has ended: the message after it in a chain may go.
ENDED_STATUSES = ("sent", "failed", "dropped")


# Rows per INSERT … SELECT FROM json_to_recordset(…) on PostgreSQL.
_RECORDSET_BATCH = 5000
# The columns ``add_many`` writes on PostgreSQL, with their SQL types in the record set.
_RECORDSET_COLUMNS = {
    "team_id": "text",
    "key": "text",
    "kind": "text",
    "channel": "text",
    "payload": "json",
    "status": "text",
    "attempts": "integer",
    "not_before": "timestamptz",
    "due_at": "timestamptz",
    "stale_at": "timestamptz",
    "created_at": "timestamptz",
    "after_key": "text",
    "thread_key": "text",
}
_INSERT_FROM_RECORDSET = text(
    f"INSERT INTO outbox ({', '.join(_RECORDSET_COLUMNS)}, version) "  # noqa: S608 – constant column names
    f"SELECT {', '.join(_RECORDSET_COLUMNS)}, 0 FROM json_to_recordset(CAST(:rows AS json)) AS u("
    + ", ".join(f"{name} {kind}" for name, kind in _RECORDSET_COLUMNS.items())
    + ") ON CONFLICT (team_id, key) DO NOTHING RETURNING key"
)


def _recordset(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as one JSON array of objects, the text PostgreSQL's ``json_to_recordset`` reads.
    Times as UTC ISO text (most rows share the same few: each is written out once)."""
    instants: dict[datetime, str] = {}

    def value(v: Any) -> Any:
        if not isinstance(v, datetime):
            return v
        if v not in instants:
            if v.tzinfo is None or v.utcoffset() is None:
                raise ValueError("naive datetime refused: store aware datetimes (UTC)")
            instants[v] = v.astimezone(UTC).isoformat()
        return instants[v]

    return json.dumps([{name: value(row[name]) for name in _RECORDSET_COLUMNS} for row in rows])


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        *,
        team_id: str,
        key: str,
        kind: str,
        channel: str,
        payload: dict[str, Any],
        not_before: datetime,
        now: datetime,
        after_key: str | None = None,
        thread_key: str | None = None,
        stale_at: datetime | None = None,
    ) -> bool:
        """Queue a message; False when one with the same key already exists (nothing is added).

        ``after_key``: not sent before that message is sent (or has ended otherwise);
        ``thread_key``: posted in that message's thread; ``stale_at``: when its content has aged
        past use (see ``OutboxMessage.stale_at``)."""
        result = self.session.execute(
            dialect_insert(self.session, OutboxMessage)
            .values(
                team_id=team_id,
                key=key,
                kind=kind,
                channel=channel,
                payload=payload,
                status="pending",
                attempts=0,
                not_before=not_before,
                due_at=not_before,
                stale_at=stale_at,
                created_at=now,
                after_key=after_key,
                thread_key=thread_key,
            )
            .on_conflict_do_nothing(index_elements=["team_id", "key"])
            .returning(OutboxMessage.id)
        )
        return result.scalar_one_or_none() is not None

    def add_many(self, team_id: str, messages: Sequence[dict[str, Any]], now: datetime) -> set[str]:
        """Queue many messages (``key``, ``kind``, ``channel``, ``payload``, optionally
        ``stale_at``) in a few statements; the keys that were added (those already queued are left
        as they are)."""
        if not messages:
            return set()
        rows = [
            {
                "team_id": team_id,
                "status": "pending",
                "attempts": 0,
                "not_before": now,
                "due_at": now,
                "stale_at": None,
                "created_at": now,
                "after_key": None,
                "thread_key": None,
                **message,
            }
            for message in messages
        ]
        if is_postgresql(self.session):
            # One statement and one parameter for all the rows (a JSON array PostgreSQL unpacks):
            # thousands of reminders on a busy morning cost one round trip, and no per-row
            # placeholders or array elements for the driver to build and escape in Python.
            added: set[str] = set()
            for start in range(0, len(rows), _RECORDSET_BATCH):
                batch = _recordset(rows[start : start + _RECORDSET_BATCH])
                added.update(self.session.scalars(_INSERT_FROM_RECORDSET, {"rows": batch}))
            return added
        # One compiled statement, sent in batches (SQLAlchemy's "insertmanyvalues").
        result = self.session.execute(
            dialect_insert(self.session, OutboxMessage)
            .on_conflict_do_nothing(index_elements=["team_id", "key"])
            .returning(OutboxMessage.key),
            rows,
        )
        return set(result.scalars())

    def claim_due(
        self,
        now: datetime,
        *,
        lease: timedelta,
        limit: int = 50,
        keys: Iterable[tuple[str, str]] | None = None,
        team_id: str | None = None,
    ) -> list[OutboxMessage]:
        """Claim due messages for this process (only ``team_id``'s when given). A claim older
        than ``lease`` is taken as abandoned (its process died) and claimed again. Each claim is a
        compare-and-set on the row, so two processes never hold the same message, on SQLite as
        well as on PostgreSQL."""
        query = _claimable().limit(limit)
        if team_id is not None:
            query = query.where(OutboxMessage.team_id == team_id)
        if keys is not None:
            wanted = list(keys)
            if not wanted:
                return []
            # The keys' conversations: their messages, and what waits behind them there (whoever
            # sends a message sends the ones it held up too). Both lookups use an index.
            conversations: dict[str, set[str]] = {}
            for team, channel in self.session.execute(
                select(OutboxMessage.team_id, OutboxMessage.channel).where(_with_keys(wanted)).distinct()
            ):
                conversations.setdefault(team, set()).add(channel)
            if not conversations:
                return []
            query = query.where(
                OutboxMessage.status.in_(("pending", "claimed")),  # lets the index skip what was sent
                or_(
                    *(
                        (OutboxMessage.team_id == team) & OutboxMessage.channel.in_(sorted(channels))
                        for team, channels in conversations.items()
                    )
                ),
            )
        candidates = self.session.scalars(
            query.with_for_update(skip_locked=True), {"claim_now": now, "claim_stale_before": now - lease}
        ).all()
        claimed = []
        for message in candidates:
            result = self.session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == message.id,
                    OutboxMessage.status == message.status,
                    OutboxMessage.attempts == message.attempts,
                )
                .values(status="claimed", claimed_at=now, attempts=OutboxMessage.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(message)
        for message in claimed:
            self.session.refresh(message)
        return claimed

    def teams_with_due(self, now: datetime, *, lease: timedelta) -> list[str]:
        """The teams with a message ``claim_due`` would take now (one statement for all teams)."""
        query = _claimable().with_only_columns(OutboxMessage.team_id).order_by(None).distinct()
        return sorted(
            self.session.scalars(query, {"claim_now": now, "claim_stale_before": now - lease}).all()
        )

    def waiting(self, keys: Sequence[tuple[str, str]], now: datetime) -> list[tuple[str, str]]:
        """Which of ``(team, key)`` are due and still unsent (held up, or claimed elsewhere)."""
        if not keys:
            return []
        rows = self.session.execute(
            select(OutboxMessage.team_id, OutboxMessage.key).where(
                _with_keys(keys),
                OutboxMessage.status.in_(("pending", "claimed")),
                OutboxMessage.not_before <= now,
            )
        ).all()
        return [(team, key) for team, key in rows]

    def existing_keys(self, team_id: str, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` are already queued (sent or not)."""
        found: set[str] = set()
        if is_postgresql(self.session) and keys:
            # One array parameter rather than one placeholder per key.
            return set(
                self.session.scalars(
                    select(OutboxMessage.key).where(
                        OutboxMessage.team_id == team_id,
                        OutboxMessage.key == any_(bindparam("keys", list(keys), type_=ARRAY(String))),
                    )
                )
            )
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            found.update(
                self.session.scalars(
                    select(OutboxMessage.key).where(
                        OutboxMessage.team_id == team_id, OutboxMessage.key.in_(chunk)
                    )
                )
            )
        return found

    def sent_channels(self, keys: Sequence[str], team_id: str) -> dict[str, str]:
        """``{key: the channel it went to}`` of those of ``keys`` that were sent."""
        if not keys:
            return {}
        rows = self.session.execute(
            select(OutboxMessage.key, OutboxMessage.slack_channel).where(
                OutboxMessage.team_id == team_id,
                OutboxMessage.key.in_(list(keys)),
                OutboxMessage.status == "sent",
            )
        ).all()
        return {key: channel for key, channel in rows if channel}

    def thread_ts(self, message: OutboxMessage) -> str | None:
        """The Slack ts of the message this one replies to, once that one is sent."""
        if message.thread_key is None:
            return None
        return self.session.scalar(
            select(OutboxMessage.slack_ts).where(
                OutboxMessage.team_id == message.team_id,
                OutboxMessage.key == message.thread_key,
                OutboxMessage.status == "sent",
            )
        )

    def sent(self, team_id: str, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """``{key: (channel, ts)}`` for those of ``keys`` already sent."""
        rows = self.session.execute(
            select(OutboxMessage.key, OutboxMessage.slack_channel, OutboxMessage.slack_ts).where(
                OutboxMessage.team_id == team_id,
                OutboxMessage.key.in_(list(keys)),
                OutboxMessage.status == "sent",
            )
        ).all()
        return {key: (channel, ts) for key, channel, ts in rows}

    def mark_sent(self, message_id: int, *, channel: str, ts: str, now: datetime) -> None:
        values: dict[str, Any] = {
            "status": "sent",
            "sent_at": now,
            "slack_channel": channel,
            "slack_ts": ts,
            "last_error": None,
            "ambiguous_since": None,
        }
        # The rendered text is not kept once delivered (fewer copies of report text), except an
        # agenda's, which is updated in place as the meeting decides its items.
        message = self.session.get(OutboxMessage, message_id)
        if message is not None and message.kind not in KEEP_PAYLOAD_KINDS:
            values["payload"] = {}
        self.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(values))

    def sent_message(self, team_id: str, key: str) -> OutboxMessage | None:
        return self.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.team_id == team_id, OutboxMessage.key == key, OutboxMessage.status == "sent"
            )
        )

    def sent_messages(self, team_id: str, key_prefix: str) -> Sequence[OutboxMessage]:
        """The sent messages whose key starts with ``key_prefix``, in key order."""
        return self.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.team_id == team_id,
                OutboxMessage.key.startswith(key_prefix, autoescape=True),
                OutboxMessage.status == "sent",
            )
            .order_by(OutboxMessage.key)
        ).all()

    def replace_payload(self, message: OutboxMessage, payload: dict[str, Any]) -> bool:
        """Compare-and-set on ``version``: False when someone else changed the message meanwhile."""
        result = self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id, OutboxMessage.version == message.version)
            .values(payload=payload, version=OutboxMessage.version + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    def mark_retry(
        self, message_id: int, *, not_before: datetime, error: str, ambiguous_since: datetime | None = None
    ) -> None:
        """Back to pending until ``not_before``. ``ambiguous_since``: this attempt may have reached
        Slack (an earlier such instant is kept)."""
        values: dict[str, Any] = {
            "status": "pending",
            "not_before": not_before,
            "claimed_at": None,
            "last_error": error[:200],
        }
        if ambiguous_since is not None:
            values["ambiguous_since"] = func.coalesce(OutboxMessage.ambiguous_since, ambiguous_since)
        self.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(values))

    def wake(self, team_id: str, now: datetime) -> None:
        """Slack answers again: the workspace's messages waiting out a retry go now (in order)."""
        self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.team_id == team_id,
                OutboxMessage.status == "pending",
                OutboxMessage.not_before > now,
                OutboxMessage.attempts > 0,
                OutboxMessage.due_at <= now,
            )
            .values(not_before=now)
            .execution_options(synchronize_session=False)
        )

    def release(self, message_ids: Sequence[int]) -> None:
        """Claimed but not tried (the workspace was paused meanwhile): pending again, the claim's
        attempt not counted."""
        if message_ids:
            self.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(list(message_ids)), OutboxMessage.status == "claimed")
                .values(status="pending", claimed_at=None, attempts=OutboxMessage.attempts - 1)
                .execution_options(synchronize_session=False)
            )

    def mark_failed(self, message_id: int, *, error: str, noticed_at: datetime | None = None) -> None:
        """Failed for good. ``noticed_at``: the chairs have already been told otherwise (a reroute),
        so it is left out of the summary of undelivered messages."""
        self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(status="failed", claimed_at=None, last_error=error[:200], noticed_at=noticed_at)
        )

    def mark_dropped(self, message_id: int, *, reason: str) -> None:
        """Not sent on purpose: its moment passed, or a newer message says what it said."""
        self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(status="dropped", claimed_at=None, last_error=reason[:200], payload={})
        )

    def rewrite(self, message_id: int, payload: dict[str, Any], *, stale_at: datetime | None) -> None:
        """A message's content made current again before it is sent."""
        self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(payload=payload, stale_at=stale_at)
        )

    def drop_pending(self, team_id: str, key_prefix: str, *, reason: str, keep: Iterable[str] = ()) -> int:
        """Drop the unsent messages whose key starts with ``key_prefix`` (except ``keep``): a newer
        message or a change of the action has made them wrong. Returns how many."""
        pattern = key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = (
            update(OutboxMessage)
            .where(
                OutboxMessage.team_id == team_id,
                OutboxMessage.key.like(pattern, escape="\\"),
                OutboxMessage.status == "pending",
            )
            .values(status="dropped", last_error=reason[:200], payload={})
            .execution_options(synchronize_session=False)
        )
        kept = list(keep)
        if kept:
            query = query.where(OutboxMessage.key.not_in(kept))
        return int(self.session.execute(query).rowcount or 0)  # type: ignore[attr-defined]

    def teams_with_unnoticed_failures(self) -> list[str]:
        return list(
            self.session.scalars(
                select(OutboxMessage.team_id)
                .where(OutboxMessage.status == "failed", OutboxMessage.noticed_at.is_(None))
                .distinct()
            )
        )

    def unnoticed_failures(self, team_id: str, limit: int) -> Sequence[OutboxMessage]:
        """Messages that failed for good and that the chairs have not been told about yet."""
        return self.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.team_id == team_id,
                OutboxMessage.status == "failed",
                OutboxMessage.noticed_at.is_(None),
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        ).all()

    def mark_noticed(self, message_ids: Sequence[int], now: datetime) -> None:
        if message_ids:
            self.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(list(message_ids)))
                .values(noticed_at=now)
                .execution_options(synchronize_session=False)
            )

    def count_by_status(self) -> dict[str, int]:
        rows = self.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
        return {status: count for status, count in rows}

    def held_until(self, team_id: str, after: datetime, until: datetime) -> list[tuple[datetime, str]]:
        """``(not_before, kind)`` of the pending messages held until a moment in ``(after, until]``
        (the school's "Är problemet löst?" two weeks on): where the sandbox's clock must stop."""
        rows = self.session.execute(
            select(OutboxMessage.not_before, OutboxMessage.kind)
            .where(
                OutboxMessage.team_id == team_id,
                OutboxMessage.status == "pending",
                OutboxMessage.not_before > after,
                OutboxMessage.not_before <= until,
            )
            .order_by(OutboxMessage.not_before)
        ).all()
        return [(at, kind) for at, kind in rows]


def _with_keys(keys: Iterable[tuple[str, str]]) -> Any:
    """The outbox rows of these ``(team, key)``: team = ? AND key IN (…), which the unique
    (team_id, key) index finds however long the outbox."""
    by_team: dict[str, list[str]] = {}
    for team, key in keys:
        by_team.setdefault(team, []).append(key)
    return or_(*((OutboxMessage.team_id == team) & OutboxMessage.key.in_(ks) for team, ks in by_team.items()))


class DeliveryRepository:
    """What the dispatcher remembers about a workspace: a pause in its posting, and the people and
    channels Slack says cannot be reached."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def pause(self, team_id: str) -> DeliveryPause | None:
        return self.session.get(DeliveryPause, team_id)

    def set_pause(self, team_id: str, *, until: datetime, failures: int, reason: str) -> None:
        """Pause the workspace's posting until ``until``; a later pause already set is kept."""
        pause = self.session.get(DeliveryPause, team_id, with_for_update=True)
        if pause is None:
            self.session.execute(
                dialect_insert(self.session, DeliveryPause)
                .values(team_id=team_id, until=until, failures=failures, reason=reason[:40])
                .on_conflict_do_nothing(index_elements=["team_id"])
            )
            pause = self.session.get(DeliveryPause, team_id, populate_existing=True)
            assert pause is not None
        pause.until = max(pause.until, until)
        pause.failures, pause.reason = failures, reason[:40]

    def clear_pause(self, team_id: str) -> None:
        self.session.execute(delete(DeliveryPause).where(DeliveryPause.team_id == team_id))

    def unreachable(self, team_id: str, target: str) -> UnreachableTarget | None:
        return self.session.scalar(
            select(UnreachableTarget).where(
                UnreachableTarget.team_id == team_id, UnreachableTarget.target == target
            )
        )

    def remember_unreachable(self, team_id: str, target: str, reason: str, now: datetime) -> bool:
        """Record that ``target`` cannot be reached; True when that is news (unknown before, or
        known for another reason): then the chairs are told."""
        known = self.unreachable(team_id, target)
        if known is not None and known.reason == reason[:40]:
            known.last_seen_at = now
            return False
        if known is not None:
            known.reason, known.since, known.last_seen_at = reason[:40], now, now
            return True
        result = self.session.execute(
            dialect_insert(self.session, UnreachableTarget)
            .values(team_id=team_id, target=target, reason=reason[:40], since=now, last_seen_at=now)
            .on_conflict_do_nothing(index_elements=["team_id", "target"])
            .returning(UnreachableTarget.id)
        )
        return result.scalar_one_or_none() is not None  # None: another process was first

    def forget_unreachable(self, team_id: str, target: str) -> bool:
        result = self.session.execute(
            delete(UnreachableTarget).where(
                UnreachableTarget.team_id == team_id, UnreachableTarget.target == target
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def unreachable_targets(self, team_id: str) -> Sequence[UnreachableTarget]:
        return self.session.scalars(
            select(UnreachableTarget)
            .where(UnreachableTarget.team_id == team_id)
            .order_by(UnreachableTarget.since, UnreachableTarget.id)
        ).all()


@functools.cache
def _claimable() -> Select[tuple[OutboxMessage]]:
    """What ``claim_due`` may take, as one statement built once per process (building it costs
    some 2.5 ms of Python, and it runs twice for each report filed); ``:claim_now`` and
    ``:claim_stale_before`` are bound at execution."""
    when = OutboxMessage.__table__.c.not_before.type
    now = bindparam("claim_now", type_=when)
    stale_before = bindparam("claim_stale_before", type_=when)
    before = aliased(OutboxMessage)
    predecessor_done = (
        select(before.id)
        .where(
            before.team_id == OutboxMessage.team_id,
            before.key == OutboxMessage.after_key,
            before.status.in_(ENDED_STATUSES),
        )
        .exists()
    )
    paused = (
        select(DeliveryPause.team_id)
        .where(DeliveryPause.team_id == OutboxMessage.team_id, DeliveryPause.until > now)
        .exists()
    )
    # Messages to one conversation go in the order they were meant to: the minutes do not
    # overtake an agenda still waiting for Slack.
    earlier = aliased(OutboxMessage)
    earlier_waiting = (
        select(earlier.id)
        .where(
            earlier.team_id == OutboxMessage.team_id,
            earlier.channel == OutboxMessage.channel,
            earlier.status.in_(("pending", "claimed")),
            or_(
                earlier.due_at < OutboxMessage.due_at,
                (earlier.due_at == OutboxMessage.due_at) & (earlier.id < OutboxMessage.id),
            ),
        )
        .exists()
    )
    due = (
        or_(
            (OutboxMessage.status == "pending") & (OutboxMessage.not_before <= now),
            (OutboxMessage.status == "claimed") & (OutboxMessage.claimed_at < stale_before),
        )
        & or_(OutboxMessage.after_key.is_(None), predecessor_done)
        & ~paused
        & ~earlier_waiting
    )
    return select(OutboxMessage).where(due).order_by(OutboxMessage.due_at, OutboxMessage.id)
