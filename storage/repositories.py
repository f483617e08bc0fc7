"""One small repository per aggregate. Each takes a Session; none commits (the unit of work does)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased, joinedload

from storage.models import (
    Action,
    AgendaItem,
    AuditEvent,
    DeliveryPause,
    Meeting,
    Member,
    MemberRole,
    OutboxMessage,
    Report,
    ReportCounter,
    ReportDraft,
    Unit,
    UnreachableTarget,
)


def _insert(session: Session, model: type) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING on both SQLite and PostgreSQL."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


class UnitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def active(self, team_id: str) -> Sequence[Unit]:
        return self.session.scalars(
            select(Unit).where(Unit.team_id == team_id, Unit.active.is_(True)).order_by(Unit.name)
        ).all()

    def get(self, team_id: str, unit_id: int) -> Unit | None:
        unit = self.session.get(Unit, unit_id)
        return unit if unit is not None and unit.team_id == team_id else None

    def by_name(self, team_id: str, name: str) -> Unit | None:
        """Case-insensitively, also for Å, Ä and Ö (SQLite's lower() folds ASCII only)."""
        wanted = name.strip().casefold()
        units = self.session.scalars(select(Unit).where(Unit.team_id == team_id)).all()
        return next((u for u in units if u.name.casefold() == wanted), None)

    def add(self, unit: Unit) -> Unit:
        self.session.add(unit)
        self.session.flush()
        return unit

    def reviewed_by(self, team_id: str, user_ids: Iterable[str]) -> list[tuple[str, int]]:
        """(reviewer, unit id) of the units whose reviewer is one of ``user_ids``."""
        wanted = list(user_ids)
        if not wanted:
            return []
        rows = self.session.execute(
            select(Unit.reviewer_user_id, Unit.id).where(
                Unit.team_id == team_id, Unit.reviewer_user_id.in_(wanted)
            )
        ).all()
        return [(str(user), unit_id) for user, unit_id in rows]


class MemberRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, team_id: str, user_id: str) -> Member | None:
        return self.session.scalar(select(Member).where(Member.team_id == team_id, Member.user_id == user_id))

    def get_or_create(self, team_id: str, user_id: str, now: datetime) -> Member:
        """Safe when two requests of the same new user arrive at once: the insert that loses does
        nothing, and both get the one row."""
        member = self.get(team_id, user_id)
        if member is None:
            self.session.execute(
                _insert(self.session, Member)
                .values(team_id=team_id, user_id=user_id, created_at=now, updated_at=now)
                .on_conflict_do_nothing(index_elements=["team_id", "user_id"])
            )
            member = self.get(team_id, user_id)
            assert member is not None
        return member

    def standing(self, team_id: str, user_ids: Iterable[str]) -> dict[str, tuple[str | None, frozenset[str]]]:
        """Each registered one of ``user_ids``: the kind of their unit (None: no unit) and their roles,
        read from the database as it stands in this transaction."""
        wanted = list(user_ids)
        if not wanted:
            return {}
        units = self.session.execute(
            select(Member.user_id, Unit.kind)
            .outerjoin(Unit, Unit.id == Member.unit_id)
            .where(Member.team_id == team_id, Member.user_id.in_(wanted))
        ).all()
        roles: dict[str, set[str]] = {}
        for user_id, role in self.session.execute(
            select(Member.user_id, MemberRole.role)
            .join(MemberRole, MemberRole.member_id == Member.id)
            .where(Member.team_id == team_id, Member.user_id.in_(wanted))
        ).all():
            roles.setdefault(user_id, set()).add(role)
        return {user_id: (kind, frozenset(roles.get(user_id, ()))) for user_id, kind in units}

    def at_unit(self, team_id: str, unit_id: int) -> list[str]:
        """The user ids registered at the unit."""
        return list(
            self.session.scalars(
                select(Member.user_id).where(Member.team_id == team_id, Member.unit_id == unit_id)
            ).all()
        )

    def grant(self, member: Member, role: str) -> None:
        if role not in {r.role for r in member.roles}:
            self.session.flush()
            self.session.execute(
                _insert(self.session, MemberRole)
                .values(member_id=member.id, team_id=member.team_id, role=role)
                .on_conflict_do_nothing(index_elements=["member_id", "role"])
            )
            self.session.expire(member, ["roles"])


class MeetingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, team_id: str, meeting_id: int) -> Meeting | None:
        meeting = self.session.get(Meeting, meeting_id)
        return meeting if meeting is not None and meeting.team_id == team_id else None

    def get_or_create(
        self,
        team_id: str,
        starts_at: datetime,
        cutoff_at: datetime,
        now: datetime,
        regular_starts_at: datetime,
    ) -> Meeting:
        """The row for a planned meeting (found by its regular slot, so a moved one is found too)."""
        found = self._by_regular_slot(team_id, regular_starts_at)
        if found is not None:
            return found  # the usual case: no write, no lock
        self.session.execute(
            _insert(self.session, Meeting)
            .values(
                team_id=team_id,
                starts_at=starts_at,
                regular_starts_at=regular_starts_at,
                cutoff_at=cutoff_at,
                status="planned",
                created_at=now,
            )
            .on_conflict_do_nothing()
        )
        meeting = self._by_regular_slot(team_id, regular_starts_at)
        assert meeting is not None
        return meeting

    def _by_regular_slot(self, team_id: str, regular_starts_at: datetime) -> Meeting | None:
        return self.session.scalar(
            select(Meeting).where(Meeting.team_id == team_id, Meeting.regular_starts_at == regular_starts_at)
        )

    def get_by_id(self, meeting_id: int) -> Meeting | None:
        return self.session.get(Meeting, meeting_id)

    def latest_published(self, team_id: str, before: datetime) -> Meeting | None:
        """The last meeting with a published agenda that has started by ``before``."""
        return self.session.scalar(
            select(Meeting)
            .where(
                Meeting.team_id == team_id,
                Meeting.agenda_published_at.is_not(None),
                Meeting.starts_at <= before,
            )
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        )

    def awaiting_minutes(self, team_id: str, started_by: datetime, since: datetime) -> Sequence[Meeting]:
        """Published meetings that started between ``since`` and ``started_by`` without minutes."""
        return self.session.scalars(
            select(Meeting).where(
                Meeting.team_id == team_id,
                Meeting.agenda_published_at.is_not(None),
                Meeting.minutes_posted_at.is_(None),
                Meeting.starts_at <= started_by,
                Meeting.starts_at >= since,
            )
        ).all()

    def missed(self, team_id: str, *, started_before: datetime, since: datetime) -> Sequence[Meeting]:
        """Meetings that started between ``since`` and ``started_before`` (not cancelled) whose
        agenda never went out and whose chairs have not been told so."""
        return self.session.scalars(
            select(Meeting)
            .where(
                Meeting.team_id == team_id,
                Meeting.status != "cancelled",
                Meeting.agenda_published_at.is_(None),
                Meeting.missed_noticed_at.is_(None),
                Meeting.starts_at < started_before,
                Meeting.starts_at >= since,
            )
            .order_by(Meeting.starts_at)
        ).all()

    def by_regular_start(self, team_id: str, regular_starts_at: datetime) -> Meeting | None:
        return self.session.scalar(
            select(Meeting).where(Meeting.team_id == team_id, Meeting.regular_starts_at == regular_starts_at)
        )

    def changed(self, team_id: str, since: datetime) -> Sequence[Meeting]:
        """Meetings a chair moved or cancelled whose regular slot is after ``since``."""
        return self.session.scalars(
            select(Meeting).where(
                Meeting.team_id == team_id,
                Meeting.status.in_(("moved", "cancelled")),
                Meeting.regular_starts_at >= since,
            )
        ).all()

    def claim(self, meeting_id: int, column: str, now: datetime) -> bool:
        """Set ``draft_sent_at`` or ``agenda_published_at`` if still unset: True for the one
        process that got there first (the rest of its transaction then does the work)."""
        target = getattr(Meeting, column)
        result = self.session.execute(
            update(Meeting)
            .where(Meeting.id == meeting_id, target.is_(None))
            .values({column: now})
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


class ReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_number(self, team_id: str, year: int) -> int:
        """Take the next reference number; the counter row stays locked until commit."""
        self.session.execute(
            _insert(self.session, ReportCounter)
            .values(team_id=team_id, year=year, last_number=0)
            .on_conflict_do_nothing(index_elements=["team_id", "year"])
        )
        return self.session.execute(
            update(ReportCounter)
            .where(ReportCounter.team_id == team_id, ReportCounter.year == year)
            .values(last_number=ReportCounter.last_number + 1)
            .returning(ReportCounter.last_number)
        ).scalar_one()

    def add(self, report: Report) -> Report:
        self.session.add(report)
        self.session.flush()
        return report

    def get(self, team_id: str, report_id: int) -> Report | None:
        report = self.session.get(Report, report_id)
        return report if report is not None and report.team_id == team_id else None

    def merge_targets(
        self, team_id: str, unit_id: int, area: str | None, since: datetime, limit: int
    ) -> Sequence[Report]:
        """What a report in review may be merged into: reports from the same school or city area
        since ``since`` that no published agenda has carried yet (so the next agenda shows the
        merged one under them), not merged themselves; newest first."""
        same = (
            Report.unit_id == unit_id if area is None else or_(Report.unit_id == unit_id, Unit.area == area)
        )
        return self.session.scalars(
            select(Report)
            .join(Unit, Unit.id == Report.unit_id)
            .options(joinedload(Report.unit))
            .where(
                Report.team_id == team_id,
                Report.created_at >= since,
                Report.merged_into_id.is_(None),
                Report.status.in_(NOT_YET_ON_AGENDA_STATUSES),
                same,
            )
            .order_by(Report.created_at.desc(), Report.id.desc())
            .limit(limit)
        ).all()

    def merged_into(self, team_id: str, report_id: int) -> Sequence[Report]:
        """The reports merged into ``report_id``."""
        return self.session.scalars(
            select(Report).where(Report.team_id == team_id, Report.merged_into_id == report_id)
        ).all()

    def count_for_meeting(self, team_id: str, meeting_id: int) -> int:
        """Reports filed for the meeting (duplicates merged into another not counted)."""
        return int(
            self.session.scalar(
                select(func.count()).where(
                    Report.team_id == team_id,
                    Report.meeting_id == meeting_id,
                    Report.merged_into_id.is_(None),
                )
            )
            or 0
        )

    def by_view(self, team_id: str, view_id: str) -> Report | None:
        return self.session.scalar(
            select(Report).where(Report.team_id == team_id, Report.slack_view_id == view_id)
        )

    def by_reference(self, team_id: str, year: int, number: int) -> Report | None:
        return self.session.scalar(
            select(Report).where(Report.team_id == team_id, Report.year == year, Report.number == number)
        )


class DraftRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, draft: ReportDraft) -> ReportDraft:
        self.session.add(draft)
        self.session.flush()
        return draft

    def take(self, team_id: str, user_id: str, draft_id: int) -> ReportDraft | None:
        """The user's own draft, removed from the table (it becomes part of the report)."""
        draft = self.session.get(ReportDraft, draft_id)
        if draft is None or draft.team_id != team_id or draft.user_id != user_id:
            return None
        self.session.delete(draft)
        return draft

    def purge_created_before(self, instant: datetime) -> int:
        result = self.session.execute(delete(ReportDraft).where(ReportDraft.created_at < instant))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


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
            _insert(self.session, OutboxMessage)
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
        # One compiled statement, sent in batches (SQLAlchemy's "insertmanyvalues").
        result = self.session.execute(
            _insert(self.session, OutboxMessage)
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
    ) -> list[OutboxMessage]:
        """Claim due messages for this process. A claim older than ``lease`` is taken as abandoned
        (its process died) and claimed again. Each claim is a compare-and-set on the row, so two
        processes never hold the same message, on SQLite as well as on PostgreSQL."""
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
                (OutboxMessage.status == "claimed") & (OutboxMessage.claimed_at < now - lease),
            )
            & or_(OutboxMessage.after_key.is_(None), predecessor_done)
            & ~paused
            & ~earlier_waiting
        )
        query = select(OutboxMessage).where(due).order_by(OutboxMessage.due_at, OutboxMessage.id).limit(limit)
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
        candidates = self.session.scalars(query.with_for_update(skip_locked=True)).all()
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
                _insert(self.session, DeliveryPause)
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
            _insert(self.session, UnreachableTarget)
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


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        *,
        team_id: str,
        at: datetime,
        actor_user_id: str | None,
        event: str,
        subject_type: str,
        subject_id: int,
        surface: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            AuditEvent(
                team_id=team_id,
                at=at,
                actor_user_id=actor_user_id,
                event=event,
                subject_type=subject_type,
                subject_id=subject_id,
                surface=surface,
                details=details or {},
            )
        )

    def count(self, team_id: str, event: str, subject_type: str, subject_id: int) -> int:
        return int(
            self.session.scalar(
                select(func.count()).where(
                    AuditEvent.team_id == team_id,
                    AuditEvent.subject_type == subject_type,
                    AuditEvent.subject_id == subject_id,
                    AuditEvent.event == event,
                )
            )
            or 0
        )

    def report_viewed(
        self,
        *,
        team_id: str,
        at: datetime,
        user_id: str,
        report_id: int,
        surface: str,
        via: str | None = None,
    ) -> None:
        """Someone was shown a report's contents on request (a look the city's log follow-up sees)."""
        self.record(
            team_id=team_id,
            at=at,
            actor_user_id=user_id,
            event="report.viewed",
            subject_type="report",
            subject_id=report_id,
            surface=surface,
            details={"via": via} if via else None,
        )


OPEN_REPORT_STATUSES = ("new", "in_review", "returned", "on_agenda")
NOT_YET_ON_AGENDA_STATUSES = ("new", "in_review", "returned")
KEEP_PAYLOAD_KINDS = ("agenda",)
# An outbox message in one of these has ended: the message after it in a chain may go.
ENDED_STATUSES = ("sent", "failed", "dropped")

# What the agenda shows of a report (``new_reports`` and ``carried`` select these, not entities).
REPORT_COLUMNS = (
    Report.id,
    Report.reference,
    Report.category,
    Report.unit_id,
    Unit.name.label("unit_name"),
    Unit.area,
    Report.place,
    Report.occurred_on,
    Report.occurred_time,
    Report.description,
    Report.recurring,
    Report.created_at,
    Report.reporter_user_id,
    Report.status,
)


class AgendaRepository:
    """Everything an agenda is compiled from, in a fixed number of queries whatever the volume."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def items(self, meeting_id: int) -> Sequence[AgendaItem]:
        return self.session.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.number)
        ).all()

    def _published_item_elsewhere(self, meeting: Meeting) -> Any:
        other_meeting = aliased(Meeting)
        return (
            select(AgendaItem.id)
            .join(other_meeting, other_meeting.id == AgendaItem.meeting_id)
            .where(
                AgendaItem.report_id == Report.id,
                AgendaItem.meeting_id != meeting.id,
                other_meeting.agenda_published_at.is_not(None),
            )
            .exists()
        )

    def new_reports(self, meeting: Meeting) -> Sequence[Row[Any]]:
        """Reports no published agenda has carried yet, filed before this meeting's cutoff (or
        already numbered for it): ``REPORT_COLUMNS`` rows (plain rows load ten times faster than
        entities, and an agenda may have hundreds)."""
        numbered_here = (
            select(AgendaItem.id)
            .where(AgendaItem.report_id == Report.id, AgendaItem.meeting_id == meeting.id)
            .exists()
        )
        return self.session.execute(
            select(*REPORT_COLUMNS)
            .join(Unit, Unit.id == Report.unit_id)
            .where(
                Report.team_id == meeting.team_id,
                Report.merged_into_id.is_(None),
                Report.status.in_(OPEN_REPORT_STATUSES),
                ~self._published_item_elsewhere(meeting),
                or_(Report.created_at <= meeting.cutoff_at, numbered_here),
            )
        ).all()

    def merged_references(self, report_ids: Sequence[int]) -> dict[int, list[str]]:
        if not report_ids:
            return {}
        rows = self.session.execute(
            select(Report.merged_into_id, Report.reference)
            .where(Report.merged_into_id.in_(report_ids))
            .order_by(Report.created_at)
        ).all()
        merged: dict[int, list[str]] = {}
        for into, reference in rows:
            merged.setdefault(into, []).append(reference)
        return merged

    def carried(self, meeting: Meeting) -> Sequence[Row[Any]]:
        """Items of earlier published agendas still undecided or tabled (bordlagda), latest only:
        ``REPORT_COLUMNS`` with ``outcome`` and ``previous_meeting`` (its start)."""
        earlier = aliased(Meeting)
        later_item, later_meeting = aliased(AgendaItem), aliased(Meeting)
        superseded = (
            select(later_item.id)
            .join(later_meeting, later_meeting.id == later_item.meeting_id)
            .where(
                later_item.report_id == AgendaItem.report_id,
                later_meeting.agenda_published_at.is_not(None),
                later_meeting.starts_at > earlier.starts_at,
                later_meeting.id != meeting.id,
            )
            .exists()
        )
        return self.session.execute(
            select(*REPORT_COLUMNS, AgendaItem.outcome, earlier.starts_at.label("previous_meeting"))
            .join(earlier, earlier.id == AgendaItem.meeting_id)
            .join(Report, Report.id == AgendaItem.report_id)
            .join(Unit, Unit.id == Report.unit_id)
            .where(
                AgendaItem.team_id == meeting.team_id,
                earlier.id != meeting.id,
                earlier.agenda_published_at.is_not(None),
                earlier.starts_at < meeting.starts_at,
                AgendaItem.outcome.in_(("pending", "tabled", "reopened")),
                Report.status != "closed",
                ~superseded,
            )
        ).all()

    def open_actions(self, team_id: str) -> Sequence[Row[Any]]:
        """The follow-up section's rows: every open action with its report's reference."""
        return self.session.execute(
            select(
                Action.id.label("action_id"),
                Report.reference,
                Unit.name.label("owner_unit"),
                Action.owner_user_id,
                Action.description,
                Action.due_on,
                Action.outcome_note.label("status_note"),
                Action.flagged,
            )
            .join(Unit, Unit.id == Action.owner_unit_id)
            .join(Report, Report.id == Action.report_id)
            .where(Action.team_id == team_id, Action.status == "open")
        ).all()

    def history(self, team_id: str, since: datetime) -> Sequence[tuple[int, int, str, str, str, datetime]]:
        """(id, unit id, unit name, place, category, created) of reports since ``since``."""
        rows = self.session.execute(
            select(Report.id, Report.unit_id, Unit.name, Report.place, Report.category, Report.created_at)
            .join(Unit, Unit.id == Report.unit_id)
            .where(Report.team_id == team_id, Report.created_at >= since, Report.merged_into_id.is_(None))
        ).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def item(self, team_id: str, meeting_id: int, number: int) -> AgendaItem | None:
        return self.session.scalar(
            select(AgendaItem).where(
                AgendaItem.team_id == team_id,
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.number == number,
            )
        )

    def item_by_id(self, team_id: str, item_id: int) -> AgendaItem | None:
        item = self.session.get(AgendaItem, item_id)
        return item if item is not None and item.team_id == team_id else None

    def actions_for_item(self, item_id: int) -> Sequence[tuple[Action, Unit]]:
        rows = self.session.execute(
            select(Action, Unit)
            .join(Unit, Unit.id == Action.owner_unit_id)
            .where(Action.agenda_item_id == item_id)
            .order_by(Action.id)
        ).all()
        return [(action, unit) for action, unit in rows]

    def add_action(self, action: Action) -> Action:
        self.session.add(action)
        self.session.flush()
        return action

    def latest_item(self, report_id: int) -> AgendaItem | None:
        """The report's item on the latest published agenda."""
        return self.session.scalar(
            select(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaItem.report_id == report_id, Meeting.agenda_published_at.is_not(None))
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        )

    def mark_reports_on_agenda(self, meeting_id: int, report_ids: Sequence[int]) -> None:
        """Reports on a published agenda: review is over for them (unreviewed ones are marked so)."""
        if report_ids:
            self.session.execute(
                update(Report)
                .where(Report.id.in_(report_ids), Report.status.in_(("new", "in_review", "returned")))
                .values(status="on_agenda", meeting_id=meeting_id)
                .execution_options(synchronize_session=False)
            )

    def add_items(self, items: Sequence[AgendaItem]) -> None:
        self.session.add_all(items)
        self.session.flush()


class ActionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _with_owner(self) -> Any:
        return (
            select(Action, Unit)
            .join(Unit, Unit.id == Action.owner_unit_id)
            .options(joinedload(Action.report).joinedload(Report.unit))
        )

    def open_for_owner(self, team_id: str, user_id: str) -> Sequence[tuple[Action, Unit]]:
        rows = self.session.execute(
            self._with_owner()
            .where(Action.team_id == team_id, Action.status == "open", Action.owner_user_id == user_id)
            .order_by(Action.due_on, Action.id)
        ).all()
        return [(action, unit) for action, unit in rows]

    def reminders_due(self, team_id: str, today: date) -> Sequence[Row[Any]]:
        """Open actions whose reminder day has come (or was never set): columns named as
        ``ActionView``'s fields, plus ``created_at`` and ``next_reminder_on``. On PostgreSQL the
        rows stay locked until commit and another scheduler process skips them, so each is swept
        by one process."""
        school = aliased(Unit)
        return self.session.execute(
            select(
                Action.id.label("action_id"),
                Report.reference,
                Unit.name.label("unit"),
                Action.owner_user_id,
                Action.description,
                Action.due_on,
                Action.status,
                Report.place,
                school.name.label("school"),
                Report.reporter_user_id,
                Action.flagged,
                Action.outcome_note,
                Action.handover_to_user_id,
                Action.created_at,
                Action.next_reminder_on,
            )
            .join(Unit, Unit.id == Action.owner_unit_id)
            .join(Report, Report.id == Action.report_id)
            .join(school, school.id == Report.unit_id)
            .where(
                Action.team_id == team_id,
                Action.status == "open",
                or_(Action.next_reminder_on.is_(None), Action.next_reminder_on <= today),
            )
            .order_by(Action.id)
            .with_for_update(of=Action, skip_locked=True)
        ).all()

    def set_next_reminders(self, days: dict[int, date]) -> None:
        """``{action id: next reminder day}`` in one executemany."""
        if days:
            self.session.execute(
                update(Action),
                [{"id": action_id, "next_reminder_on": day} for action_id, day in days.items()],
            )

    def flag_many(self, action_ids: Sequence[int]) -> None:
        if action_ids:
            self.session.execute(
                update(Action)
                .where(Action.id.in_(action_ids))
                .values(flagged=True)
                .execution_options(synchronize_session=False)
            )

    def owners_with_open_actions(self, team_id: str) -> list[str]:
        return list(
            self.session.scalars(
                select(Action.owner_user_id)
                .where(Action.team_id == team_id, Action.status == "open", Action.owner_user_id.is_not(None))
                .distinct()
            )
        )

    def open_for_owners(self, team_id: str, user_ids: Sequence[str]) -> Sequence[tuple[Action, Unit]]:
        if not user_ids:
            return []
        rows = self.session.execute(
            self._with_owner()
            .where(Action.team_id == team_id, Action.status == "open", Action.owner_user_id.in_(user_ids))
            .order_by(Action.id)
        ).all()
        return [(action, unit) for action, unit in rows]

    def flag(self, team_id: str, action_id: int) -> None:
        self.session.execute(
            update(Action).where(Action.team_id == team_id, Action.id == action_id).values(flagged=True)
        )

    def get(self, team_id: str, action_id: int) -> tuple[Action, Unit] | None:
        row = self.session.execute(
            self._with_owner().where(Action.team_id == team_id, Action.id == action_id)
        ).first()
        return (row[0], row[1]) if row is not None else None


class OverviewRepository:
    """Read-only views across aggregates: the App Home's lists and the statistics' facts."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # ---------------------------------------------------------------------- App Home
    def reports_by(
        self, team_id: str, user_id: str, *, offset: int, limit: int
    ) -> tuple[int, Sequence[Row[Any]]]:
        """A reporter's reports, newest first: the page and how many there are in all."""
        mine = (Report.team_id == team_id, Report.reporter_user_id == user_id)
        total = self.session.scalar(select(func.count(Report.id)).where(*mine)) or 0
        merged_into = aliased(Report)
        rows = self.session.execute(
            select(
                Report.id,
                Report.reference,
                Report.category,
                Unit.name.label("school"),
                Report.place,
                Report.status,
                Report.occurred_on,
                Report.created_at,
                Report.review_question,
                merged_into.reference.label("merged_into"),
                Meeting.starts_at.label("meeting_starts_at"),
            )
            .join(Unit, Unit.id == Report.unit_id)
            .outerjoin(merged_into, merged_into.id == Report.merged_into_id)
            .outerjoin(Meeting, Meeting.id == Report.meeting_id)
            .where(*mine)
            .order_by(Report.created_at.desc(), Report.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return total, rows

    def latest_outcomes(self, report_ids: Sequence[int]) -> dict[int, tuple[str, datetime]]:
        """Each report's latest agenda item: its outcome and that meeting's start."""
        if not report_ids:
            return {}
        rows = self.session.execute(
            select(AgendaItem.report_id, AgendaItem.outcome, Meeting.starts_at)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaItem.report_id.in_(report_ids))
            .order_by(Meeting.starts_at)
        ).all()
        return {report_id: (outcome, starts_at) for report_id, outcome, starts_at in rows}

    def actions_of_reports(self, report_ids: Sequence[int]) -> Sequence[Row[Any]]:
        if not report_ids:
            return []
        return self.session.execute(
            select(
                Action.report_id,
                Unit.name.label("unit"),
                Action.description,
                Action.due_on,
                Action.status,
                Action.outcome_note,
                Action.done_at,
            )
            .join(Unit, Unit.id == Action.owner_unit_id)
            .where(Action.report_id.in_(report_ids), Action.status != "cancelled")
            .order_by(Action.id)
        ).all()

    def review_queue(
        self, team_id: str, reviewer: str | None, *, offset: int, limit: int
    ) -> tuple[int, Sequence[Report]]:
        """Reports waiting for review, oldest first: of the units ``reviewer`` reviews, or all (None)."""
        where = [Report.team_id == team_id, Report.status == "in_review"]
        if reviewer is not None:
            where.append(Unit.reviewer_user_id == reviewer)
        base = select(Report).join(Unit, Unit.id == Report.unit_id).where(*where)
        total = self.session.scalar(select(func.count()).select_from(base.subquery())) or 0
        reports = self.session.scalars(
            base.options(joinedload(Report.unit))
            .order_by(Report.created_at, Report.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return total, reports

    def reviews_units(self, team_id: str, user_id: str) -> bool:
        return (
            self.session.scalar(
                select(Unit.id).where(Unit.team_id == team_id, Unit.reviewer_user_id == user_id).limit(1)
            )
            is not None
        )

    def waiting_reports(self, team_id: str, *, offset: int, limit: int) -> tuple[int, Sequence[Row[Any]]]:
        """Reports filed and not yet on an agenda (the chair's "new reports"), oldest first."""
        where = (Report.team_id == team_id, Report.status == "new")
        total = self.session.scalar(select(func.count(Report.id)).where(*where)) or 0
        rows = self.session.execute(
            select(Report.reference, Report.category, Unit.name.label("school"), Unit.area, Report.created_at)
            .join(Unit, Unit.id == Report.unit_id)
            .where(*where)
            .order_by(Report.created_at, Report.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return total, rows

    def overdue_actions(
        self, team_id: str, today: date, *, offset: int, limit: int
    ) -> tuple[int, Sequence[tuple[Action, Unit]]]:
        """Every open action past its due date, longest overdue first."""
        where = (Action.team_id == team_id, Action.status == "open", Action.due_on < today)
        total = self.session.scalar(select(func.count(Action.id)).where(*where)) or 0
        rows = self.session.execute(
            select(Action, Unit)
            .join(Unit, Unit.id == Action.owner_unit_id)
            .options(joinedload(Action.report).joinedload(Report.unit))
            .where(*where)
            .order_by(Action.due_on, Action.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return total, [(action, unit) for action, unit in rows]

    # ---------------------------------------------------------------------- statistics
    def report_facts(self, team_id: str, start: date, end: date) -> Sequence[Row[Any]]:
        """Reports that happened from ``start`` to ``end`` (merged duplicates left out)."""
        return self.session.execute(
            select(
                Report.occurred_on,
                Report.category,
                Unit.area,
                Unit.name.label("unit"),
                Report.place,
                Report.anonymised_at,
            )
            .join(Unit, Unit.id == Report.unit_id)
            .where(
                Report.team_id == team_id,
                Report.merged_into_id.is_(None),
                Report.occurred_on >= start,
                Report.occurred_on <= end,
            )
        ).all()

    def action_facts(self, team_id: str, created_before: datetime) -> Sequence[Row[Any]]:
        """Every action given out before ``created_before``, with its actor."""
        return self.session.execute(
            select(Unit.name.label("unit"), Action.created_at, Action.due_on, Action.status, Action.done_at)
            .join(Unit, Unit.id == Action.owner_unit_id)
            .where(Action.team_id == team_id, Action.created_at < created_before)
        ).all()
