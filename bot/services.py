"""Use cases. Each opens a unit of work, calls repositories and domain rules, commits, and returns
plain values. Slack is reached only through the Notifier port and the injected message builders."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.meetings import MeetingSlot, WeeklySchedule, meeting_for_report
from bot.domain.organisation import OrganisationSeed
from bot.domain.reports import (
    DESCRIPTION_MAX,
    ReportInput,
    ReportStatus,
    UnitKind,
    format_reference,
    validate_report,
)
from bot.notifier import DeliveryError, Notifier
from storage.models import Report, ReportDraft, Unit
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


# ---------------------------------------------------------------- plain values handed to handlers


@dataclass(frozen=True)
class UnitChoice:
    id: int
    name: str
    kind: str
    area: str | None


@dataclass(frozen=True)
class ReportForm:
    """Everything the report modal needs, so the handler does no lookups of its own."""

    units: tuple[UnitChoice, ...]
    remembered_unit: UnitChoice | None
    meeting: MeetingSlot
    today: date
    description: str
    draft_id: int | None = None
    overflow_length: int | None = None


@dataclass(frozen=True)
class Receipt:
    """What the reporter is told after filing."""

    reference: str
    reporter_user_id: str
    meeting_starts_at: datetime
    missed_meeting_starts_at: datetime | None
    category: str
    unit_name: str
    place: str
    occurred_on: date
    occurred_time: time | None
    recurring: bool
    description: str


@dataclass(frozen=True)
class FiledReport:
    receipt: Receipt
    notification_keys: tuple[tuple[str, str], ...]
    created: bool  # False when this submit had been delivered before


@dataclass(frozen=True)
class Rejected:
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[dict[str, Any]]


class MessageBuilders(Protocol):
    """The Block Kit builders the services need for what they queue in the outbox."""

    def report_receipt(self, receipt: Receipt) -> Message: ...


@dataclass(frozen=True)
class DispatchResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0


# ------------------------------------------------------------------------------------ services


class ReportService:
    """Filing reports (``/rapportera``)."""

    DRAFT_TTL = timedelta(hours=24)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        schedule: WeeklySchedule,
        tz: ZoneInfo,
        messages: MessageBuilders,
    ) -> None:
        self.sessions = sessions
        self.schedule = schedule
        self.tz = tz
        self.messages = messages

    def report_form(self, team_id: str, user_id: str, command_text: str, now: datetime) -> ReportForm:
        """Prepare the modal. Command text too long for the field is kept as a draft, not cut off."""
        with unit_of_work(self.sessions) as uow:
            units = tuple(_choice(u) for u in uow.units.active(team_id))
            member = uow.members.get(team_id, user_id)
            remembered = next((u for u in units if member and u.id == member.unit_id), None)
            draft_id = overflow = None
            description = command_text.strip()
            if len(description) > DESCRIPTION_MAX:
                draft = uow.drafts.add(
                    ReportDraft(team_id=team_id, user_id=user_id, text=description, created_at=now)
                )
                draft_id, overflow = draft.id, len(description)
                description = description[:DESCRIPTION_MAX]
        return ReportForm(
            units=units,
            remembered_unit=remembered,
            meeting=meeting_for_report(now, self.schedule, self.tz),
            today=now.astimezone(self.tz).date(),
            description=description,
            draft_id=draft_id,
            overflow_length=overflow,
        )

    def unit_choices(self, team_id: str, query: str, limit: int = 100) -> list[UnitChoice]:
        """Units whose name contains ``query`` (for a type-ahead select when there are many)."""
        needle = query.strip().lower()
        with unit_of_work(self.sessions) as uow:
            matches = [_choice(u) for u in uow.units.active(team_id) if needle in u.name.lower()]
        return matches[:limit]

    def file_report(
        self,
        *,
        team_id: str,
        user_id: str,
        view_id: str | None,
        report: ReportInput,
        draft_id: int | None,
        now: datetime,
        surface: str = "modal",
    ) -> FiledReport | Rejected:
        """Validate and store a report, remember the reporter's unit, queue the receipt; one transaction."""
        local = now.astimezone(self.tz)
        errors = validate_report(report, today=local.date(), local_time=local.time())
        if errors:
            return Rejected(errors)
        with unit_of_work(self.sessions) as uow:
            if view_id is not None and (earlier := uow.reports.by_view(team_id, view_id)) is not None:
                receipt = self._receipt(earlier, None)
                return FiledReport(receipt, ((team_id, _receipt_key(earlier)),), created=False)

            unit = uow.units.get(team_id, report.unit_id) if report.unit_id is not None else None
            if unit is None and report.unit_id is not None:
                return Rejected({"unit": "unit_missing"})  # removed since the modal was opened
            if unit is None:
                assert report.new_unit_name is not None
                unit = uow.units.by_name(team_id, report.new_unit_name.strip()) or uow.units.add(
                    Unit(
                        team_id=team_id,
                        name=report.new_unit_name.strip(),
                        kind=UnitKind.SCHOOL,
                        area=report.new_unit_area,
                        active=True,
                        created_at=now,
                    )
                )
            member = uow.members.get_or_create(team_id, user_id, now)
            if member.unit_id != unit.id:
                member.unit_id, member.updated_at = unit.id, now
            uow.members.grant(member, "reporter")

            slot = meeting_for_report(now, self.schedule, self.tz)
            meeting = uow.meetings.get_or_create(team_id, slot.starts_at, slot.cutoff_at, now)
            draft = uow.drafts.take(team_id, user_id, draft_id) if draft_id is not None else None
            year = local.year
            number = uow.reports.next_number(team_id, year)
            stored = uow.reports.add(
                Report(
                    team_id=team_id,
                    year=year,
                    number=number,
                    reference=format_reference(year, number),
                    reporter_user_id=user_id,
                    unit_id=unit.id,
                    category=report.category,
                    place=report.place.strip(),
                    occurred_on=report.occurred_on,
                    occurred_time=report.occurred_time,
                    description=report.description.strip(),
                    command_text=draft.text if draft is not None else None,
                    recurring=report.recurring,
                    status=ReportStatus.NEW,
                    meeting_id=meeting.id,
                    slack_view_id=view_id,
                    created_at=now,
                    updated_at=now,
                )
            )
            stored.unit = unit
            uow.audit.record(
                team_id=team_id,
                at=now,
                actor_user_id=user_id,
                event="report.created",
                subject_type="report",
                subject_id=stored.id,
                surface=surface,
                details={"reference": stored.reference, "category": stored.category, "unit_id": unit.id},
            )
            receipt = self._receipt(stored, slot.missed_starts_at, meeting_starts_at=meeting.starts_at)
            message = self.messages.report_receipt(receipt)
            key = _receipt_key(stored)
            uow.outbox.add(
                team_id=team_id,
                key=key,
                kind="report_receipt",
                channel=user_id,
                payload={"text": message.text, "blocks": message.blocks},
                not_before=now,
                now=now,
            )
        log.info("report filed: id=%s unit=%s", stored.id, unit.id)
        return FiledReport(receipt, ((team_id, key),), created=True)

    def discard_draft(self, team_id: str, user_id: str, draft_id: int) -> None:
        with unit_of_work(self.sessions) as uow:
            uow.drafts.take(team_id, user_id, draft_id)

    def purge_stale_drafts(self, now: datetime) -> int:
        with unit_of_work(self.sessions) as uow:
            return uow.drafts.purge_created_before(now - self.DRAFT_TTL)

    @staticmethod
    def _receipt(
        report: Report, missed: datetime | None, *, meeting_starts_at: datetime | None = None
    ) -> Receipt:
        starts_at = meeting_starts_at or (report.meeting.starts_at if report.meeting else report.created_at)
        return Receipt(
            reference=report.reference,
            reporter_user_id=report.reporter_user_id,
            meeting_starts_at=starts_at,
            missed_meeting_starts_at=missed,
            category=report.category,
            unit_name=report.unit.name,
            place=report.place,
            occurred_on=report.occurred_on,
            occurred_time=report.occurred_time,
            recurring=report.recurring,
            description=report.description,
        )


class OutboxService:
    """Sends queued notifications: claim, post, record the Slack ``ts``; retry what can be retried."""

    LEASE = timedelta(minutes=5)
    MAX_ATTEMPTS = 8

    def __init__(self, sessions: sessionmaker[Session], notifier: Notifier) -> None:
        self.sessions = sessions
        self.notifier = notifier

    def dispatch(self, now: datetime, *, keys: Iterable[tuple[str, str]] | None = None) -> DispatchResult:
        """Send what is due at ``now`` (only ``keys`` when given). Safe to call from several processes."""
        with unit_of_work(self.sessions) as uow:
            claimed = [
                (m.id, m.channel, dict(m.payload), m.attempts, m.kind)
                for m in uow.outbox.claim_due(now, lease=self.LEASE, keys=keys)
            ]
        sent = retried = failed = 0
        for message_id, channel, payload, attempts, kind in claimed:
            if attempts > 1:
                # Claimed before: either a retry, or a process died after posting and before
                # recording it, in which case this post may be the one duplicate we accept.
                log.warning("outbox message %s (%s) attempt %s", message_id, kind, attempts)
            try:
                posted = self.notifier.post(channel, payload.get("text", ""), payload.get("blocks"))
            except DeliveryError as exc:
                with unit_of_work(self.sessions) as uow:
                    if exc.permanent or attempts >= self.MAX_ATTEMPTS:
                        uow.outbox.mark_failed(message_id, error=exc.code)
                        failed += 1
                        log.error("outbox message %s (%s) failed: %s", message_id, kind, exc.code)
                    else:
                        delay = _backoff(attempts, exc.retry_after)
                        uow.outbox.mark_retry(message_id, not_before=now + delay, error=exc.code)
                        retried += 1
                        log.info("outbox message %s (%s) retry in %ss: %s", message_id, kind, delay, exc.code)
                continue
            with unit_of_work(self.sessions) as uow:
                uow.outbox.mark_sent(message_id, channel=posted.channel, ts=posted.ts, now=now)
            sent += 1
        return DispatchResult(sent=sent, retried=retried, failed=failed)


def _backoff(attempts: int, retry_after: float | None) -> timedelta:
    if retry_after is not None:
        return timedelta(seconds=max(retry_after, 1.0))
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def _receipt_key(report: Report) -> str:
    return f"report_receipt:{report.id}"


def _choice(unit: Unit) -> UnitChoice:
    return UnitChoice(id=unit.id, name=unit.name, kind=unit.kind, area=unit.area)


class HealthService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def database_ok(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # any failure means "not healthy"; the reason is logged, not shown
            log.exception("health check: database unreachable")
            return False
        return True


@dataclass
class Services:
    reports: ReportService
    outbox: OutboxService
    health: HealthService
    organisation: OrganisationService
    clock: Clock = utc_now

    def tick(self, at: datetime) -> dict[str, int]:
        """All scheduled work due at ``at``, once. Repeating it at the same instant does nothing new."""
        result = self.outbox.dispatch(at)
        purged = self.reports.purge_stale_drafts(at)
        return {
            "sent": result.sent,
            "retried": result.retried,
            "failed": result.failed,
            "drafts_purged": purged,
        }


@dataclass(frozen=True)
class SeedResult:
    units_added: int
    units_updated: int
    members: int


class OrganisationService:
    """Loading organisation data (``python -m bot seed FILE``)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def seed(self, team_id: str, seed: OrganisationSeed, now: datetime) -> SeedResult:
        """Create or update units and members by name and user id; running it twice changes nothing."""
        added = updated = 0
        with unit_of_work(self.sessions) as uow:
            by_name: dict[str, Unit] = {}
            for entry in seed.units:
                unit = uow.units.by_name(team_id, entry.name)
                values = {
                    "kind": entry.kind.value,
                    "area": entry.area.value if entry.area else None,
                    "reviewer_user_id": entry.reviewer_user_id,
                    "active": True,
                }
                if unit is None:
                    unit = uow.units.add(Unit(team_id=team_id, name=entry.name, created_at=now, **values))
                    added += 1
                elif any(getattr(unit, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(unit, k, v)
                    updated += 1
                by_name[entry.name.lower()] = unit
            for person in seed.members:
                member = uow.members.get_or_create(team_id, person.user_id, now)
                if person.unit_name is not None:
                    member.unit_id = by_name[person.unit_name.lower()].id
                for role in person.roles:
                    uow.members.grant(member, role)
                member.updated_at = now
            uow.session.flush()
        log.info(
            "organisation seeded: %s units added, %s updated, %s members", added, updated, len(seed.members)
        )
        return SeedResult(units_added=added, units_updated=updated, members=len(seed.members))
