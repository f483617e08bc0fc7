"""Privacy: retention (gallring), pseudonymising people who left Slack, the register extract
(registerutdrag) and the audit log as the city's log follow-up reads it.

What is personal data is read from the schema (``info={"personal_data": …}`` on the columns), so the
export, the pseudonymisation and the privacy report follow the models without a list to keep in step.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Column, String, Table, cast, delete, event, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.identity_numbers import contains_identity_number, mask_identity_numbers
from bot.domain.permissions import Permission
from bot.domain.retention import ANONYMISED, RetentionAction, RetentionRule, closed_on, rule_for
from bot.notifier import Directory
from bot.services.common import Clock, Denied
from bot.services.roles import Roles
from storage.models import (
    Action,
    AgendaItem,
    AuditEvent,
    Base,
    JobRun,
    Meeting,
    OutboxMessage,
    Report,
)
from storage.repositories import AuditRepository
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

USER_KINDS = ("slack_user", "slack_user_or_channel")
ANONYMOUS = "ANONYM"  # stands in for a user id on an anonymised report


def mask_free_text_on_flush(
    sessions: sessionmaker[Session], *, clock: Clock | None = None, tz: ZoneInfo | None = None
) -> None:
    """Personal identity numbers never reach the database: every column marked as free text is
    masked as it is written, whichever service wrote it (the reporter was warned in the modal).

    With ``clock`` and ``tz`` the numbers are judged on the municipality's date, as the modal's
    warning judges them, so a 12-digit number dated after today (a case number, a booking) is kept as
    typed; without them every birth date counts, the safe side."""

    def mask(session: Session, _context: object, _instances: object) -> None:
        today = clock().astimezone(tz).date() if clock is not None and tz is not None else None
        for instance in (*session.new, *session.dirty):
            table = getattr(instance, "__table__", None)
            if table is None:
                continue
            for column in table.columns:
                value = getattr(instance, column.key, None)
                if not isinstance(value, str):
                    continue
                if "\x00" in value:  # PostgreSQL refuses NUL in text; nobody types it on purpose
                    value = value.replace("\x00", "")
                    setattr(instance, column.key, value)
                if column.info.get("personal_data") == "free_text" and contains_identity_number(
                    value, today=today
                ):
                    setattr(instance, column.key, mask_identity_numbers(value, today=today))

    event.listen(sessions, "before_flush", mask)


def personal_columns(kinds: tuple[str, ...] | None = None) -> Iterator[tuple[Table, Column[Any]]]:
    """Every column marked as personal data (of the given kinds), table by table."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = column.info.get("personal_data")
            if kind is not None and (kinds is None or kind in kinds):
                yield table, column


@dataclass
class RetentionResult:
    anonymised: int = 0
    deleted: int = 0
    payloads_cleared: int = 0
    pseudonymised: int = 0
    users_checked: int = 0
    due: dict[str, int] = field(default_factory=dict)  # dry run: what would be done

    def as_dict(self) -> dict[str, int]:
        return {
            "anonymised": self.anonymised,
            "deleted": self.deleted,
            "payloads_cleared": self.payloads_cleared,
            "pseudonymised": self.pseudonymised,
            "users_checked": self.users_checked,
            **{f"would_{k}": v for k, v in self.due.items()},
        }


@dataclass(frozen=True)
class AuditLine:
    team_id: str
    at: datetime
    actor_user_id: str | None
    event: str
    subject_type: str
    subject_id: int
    reference: str | None
    surface: str
    details: dict[str, Any]


class PrivacyService:
    BATCH = 200
    # Copies of posted agendas are kept while the meeting may still update them in place.
    MESSAGE_COPY_DAYS = 90
    RETENTION_WEEKDAY = 0  # Monday …
    RETENTION_AT = time(2, 0)  # … 02:00, or the first tick after it that week

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        roles: Roles,
        rules: tuple[RetentionRule, ...],
        tz: ZoneInfo,
        directory: Directory | None = None,
    ) -> None:
        self.sessions = sessions
        self.roles = roles
        self.rules = rules
        self.tz = tz
        self.directory = directory

    # ------------------------------------------------------------------------------ retention
    def run_weekly(self, team_id: str, at: datetime) -> RetentionResult | None:
        """The weekly retention run, claimed by one process per team and ISO week."""
        local = at.astimezone(self.tz)
        monday = local.date() - timedelta(days=local.weekday())
        if (local.date(), local.time()) < (monday, self.RETENTION_AT):
            return None
        year, week, _ = local.isocalendar()
        try:
            with unit_of_work(self.sessions) as uow:
                uow.session.add(
                    JobRun(team_id=team_id, job="retention", period=f"{year}-W{week:02d}", started_at=at)
                )
        except IntegrityError:
            return None  # another process has it (or had it) this week
        return self.run(team_id, at)

    def run(self, team_id: str, now: datetime, *, dry_run: bool = False) -> RetentionResult:
        """Apply the retention rules, clear old message copies and pseudonymise people who left.

        Batch by batch, each its own transaction: interrupted, it loses nothing and the next run
        picks up where this one stopped; run twice, the second finds nothing to do."""
        result = RetentionResult()
        today = now.astimezone(self.tz).date()
        if self.rules:
            self._apply_rules(team_id, today, now, dry_run, result)
        result.payloads_cleared = self._clear_message_copies(team_id, now, dry_run)
        self._pseudonymise_departed(team_id, now, dry_run, result)
        log.info("retention for team: %s", result.as_dict())
        return result

    def _apply_rules(
        self, team_id: str, today: date, now: datetime, dry_run: bool, result: RetentionResult
    ) -> None:
        last_id = 0
        while True:
            with unit_of_work(self.sessions) as uow:
                reports = uow.session.scalars(
                    select(Report)
                    .where(Report.team_id == team_id, Report.anonymised_at.is_(None), Report.id > last_id)
                    .order_by(Report.id)
                    .limit(self.BATCH)
                ).all()
                if not reports:
                    return
                last_id = reports[-1].id
                for report in reports:
                    rule = rule_for(
                        self.rules,
                        category=report.category,
                        filed_on=report.created_at.astimezone(self.tz).date(),
                        closed_on=self._closed_on(uow.session, report),
                        today=today,
                    )
                    if rule is None:
                        continue
                    if dry_run:
                        result.due[rule.action.value] = result.due.get(rule.action.value, 0) + 1
                    elif rule.action is RetentionAction.ANONYMISE:
                        self._anonymise(uow.session, report, now)
                        result.anonymised += 1
                    else:
                        self._delete(uow.session, report, now)
                        result.deleted += 1
                if dry_run:
                    uow.session.rollback()

    def _closed_on(self, session: Session, report: Report) -> date | None:
        latest = session.execute(
            select(AgendaItem.outcome, Meeting.starts_at)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaItem.report_id == report.id)
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        ).first()
        actions = session.execute(
            select(Action.status, Action.done_at, Action.updated_at).where(Action.report_id == report.id)
        ).all()
        ended = closed_on(
            merged_at=report.reviewed_at if report.merged_into_id is not None else None,
            last_outcome=latest[0] if latest else None,
            decided_at=latest[1] if latest else None,
            actions=[(status, done_at or updated_at) for status, done_at, updated_at in actions],
        )
        return ended.astimezone(self.tz).date() if ended is not None else None

    @staticmethod
    def _anonymise(session: Session, report: Report, now: datetime) -> None:
        report.description, report.place = ANONYMISED, ANONYMISED
        report.command_text = report.review_question = None
        report.reporter_user_id = ANONYMOUS
        report.reviewed_by_user_id = ANONYMOUS if report.reviewed_by_user_id else None
        report.anonymised_at = report.updated_at = now
        session.execute(
            update(Action)
            .where(Action.report_id == report.id)
            .values(
                description=ANONYMISED,
                note=None,
                outcome_note=None,
                handover_note=None,
                owner_user_id=ANONYMOUS,
                created_by_user_id=ANONYMOUS,
                handover_to_user_id=None,
            )
        )
        session.execute(
            update(AgendaItem)
            .where(AgendaItem.report_id == report.id)
            .values(outcome_note=None, outcome_by_user_id=None, not_ours_by_user_id=None)
        )
        _record(session, report.team_id, now, "report.anonymised", report.id)

    @staticmethod
    def _delete(session: Session, report: Report, now: datetime) -> None:
        items = select(AgendaItem.id).where(AgendaItem.report_id == report.id)
        session.execute(delete(Action).where(Action.report_id == report.id))
        session.execute(
            update(AgendaItem).where(AgendaItem.carried_from_id.in_(items)).values(carried_from_id=None)
        )
        session.execute(delete(AgendaItem).where(AgendaItem.report_id == report.id))
        session.execute(update(Report).where(Report.merged_into_id == report.id).values(merged_into_id=None))
        _record(session, report.team_id, now, "report.deleted", report.id)
        session.delete(report)

    def _clear_message_copies(self, team_id: str, now: datetime, dry_run: bool) -> int:
        """Posted agendas (kept for in-place updates) and undeliverable messages, after 90 days."""
        old = now - timedelta(days=self.MESSAGE_COPY_DAYS)
        condition = (
            (OutboxMessage.team_id == team_id)
            & (OutboxMessage.status.in_(("sent", "failed")))
            & (OutboxMessage.created_at < old)
            & (cast(OutboxMessage.payload, String) != "{}")
        )
        with unit_of_work(self.sessions) as uow:
            if dry_run:
                return int(uow.session.scalar(select(func.count()).where(condition)) or 0)
            result = uow.session.execute(
                update(OutboxMessage)
                .where(condition)
                .values(payload={})
                .execution_options(synchronize_session=False)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------ people who left
    def known_users(self, team_id: str) -> list[str]:
        users: set[str] = set()
        with self.sessions() as session:
            for table, column in personal_columns(("slack_user",)):
                if "team_id" not in table.columns:
                    continue
                users.update(
                    u
                    for u in session.scalars(
                        select(column).where(table.c.team_id == team_id, column.is_not(None)).distinct()
                    )
                    if u and u[0] in "UW"
                )
        return sorted(users)

    def _pseudonymise_departed(
        self, team_id: str, now: datetime, dry_run: bool, result: RetentionResult
    ) -> None:
        if self.directory is None:
            return
        for user_id in self.known_users(team_id):
            result.users_checked += 1
            if self.directory.user_deleted(user_id) is True:
                if dry_run:
                    result.due["pseudonymise"] = result.due.get("pseudonymise", 0) + 1
                else:
                    self.pseudonymise(team_id, user_id, now)
                    result.pseudonymised += 1

    def pseudonymise(self, team_id: str, user_id: str, now: datetime) -> str:
        """Replace a Slack user id everywhere it is stored (audit log included) by a pseudonym that
        nothing links back to the person; one transaction."""
        pseudonym = "X" + secrets.token_hex(5).upper()
        with unit_of_work(self.sessions) as uow:
            for table, column in personal_columns(USER_KINDS):
                # Core UPDATE on purpose: the ORM guard keeps the audit log append-only otherwise.
                uow.session.execute(
                    update(table)
                    .where(table.c.team_id == team_id, column == user_id)
                    .values({column.name: pseudonym})
                )
            for message in uow.session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.team_id == team_id, cast(OutboxMessage.payload, String).contains(user_id)
                )
            ):
                # Whole ids only: U012AB must not change U012ABC.
                text = re.sub(
                    rf"(?<![A-Z0-9]){re.escape(user_id)}(?![A-Z0-9])", pseudonym, json.dumps(message.payload)
                )
                message.payload = json.loads(text)
            _record(uow.session, team_id, now, "user.pseudonymised", 0, {"pseudonym": pseudonym})
        return pseudonym

    # ------------------------------------------------------------------------------ registerutdrag
    def export_user(self, team_id: str, user_id: str, now: datetime) -> dict[str, Any]:
        """Everything stored about one Slack user, table by table (rows where they appear)."""
        tables: dict[str, list[dict[str, Any]]] = {}
        with unit_of_work(self.sessions) as uow:
            by_table: dict[str, list[Column[Any]]] = {}
            for table, column in personal_columns(USER_KINDS):
                by_table.setdefault(table.name, []).append(column)
            for table in Base.metadata.sorted_tables:
                columns = by_table.get(table.name)
                if not columns:
                    continue
                rows = uow.session.execute(
                    select(table).where(table.c.team_id == team_id, or_(*(c == user_id for c in columns)))
                ).mappings()
                found = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
                if found:
                    tables[table.name] = found
            _record(uow.session, team_id, now, "user.exported", 0, {"user": user_id}, surface="cli")
        return {
            "registerutdrag": {"slack_team": team_id, "slack_user": user_id, "generated_at": now.isoformat()},
            "tables": tables,
        }

    # ------------------------------------------------------------------------------ the audit log
    def audit_for_reference(
        self, team_id: str, user_id: str, year: int, number: int, now: datetime
    ) -> list[AuditLine]:
        """``/orat logg ÖMM-…``: the report's and its actions' events, for chairs and admins."""
        with unit_of_work(self.sessions) as uow:
            self.roles.require(uow.session, team_id, user_id, Permission.READ_AUDIT)
            report = uow.reports.by_reference(team_id, year, number)
            if report is None:
                raise Denied("report_not_found")
            subjects = {
                "report": [report.id],
                "action": list(uow.session.scalars(select(Action.id).where(Action.report_id == report.id))),
                "agenda_item": list(
                    uow.session.scalars(select(AgendaItem.id).where(AgendaItem.report_id == report.id))
                ),
            }
            events = uow.session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.team_id == team_id,
                    or_(
                        *(
                            (AuditEvent.subject_type == kind) & AuditEvent.subject_id.in_(ids)
                            for kind, ids in subjects.items()
                            if ids
                        )
                    ),
                )
                .order_by(AuditEvent.at, AuditEvent.id)
            ).all()
            lines = [_line(e, report.reference) for e in events]
            uow.audit.record(
                team_id=team_id,
                at=now,
                actor_user_id=user_id,
                event="audit.read",
                subject_type="report",
                subject_id=report.id,
                surface="command",
            )
        return lines

    def audit_since(self, since: datetime, team_id: str | None = None) -> list[AuditLine]:
        """``python -m bot audit --since``: every event from ``since`` on (all teams unless given)."""
        with self.sessions() as session:
            query = select(AuditEvent).where(AuditEvent.at >= since).order_by(AuditEvent.at, AuditEvent.id)
            if team_id is not None:
                query = query.where(AuditEvent.team_id == team_id)
            events = session.scalars(query).all()
            references = dict(
                session.execute(
                    select(Report.id, Report.reference).where(
                        Report.id.in_({e.subject_id for e in events if e.subject_type == "report"} or {-1})
                    )
                ).all()
            )
            return [
                _line(e, references.get(e.subject_id) if e.subject_type == "report" else None) for e in events
            ]


def _line(event: AuditEvent, reference: str | None) -> AuditLine:
    return AuditLine(
        team_id=event.team_id,
        at=event.at,
        actor_user_id=event.actor_user_id,
        event=event.event,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        reference=reference,
        surface=event.surface,
        details=dict(event.details or {}),
    )


def _record(
    session: Session,
    team_id: str,
    now: datetime,
    event: str,
    subject_id: int,
    details: dict[str, Any] | None = None,
    *,
    surface: str = "retention",
) -> None:
    """What retention and the privacy commands did, by the bot itself (no user)."""
    AuditRepository(session).record(
        team_id=team_id,
        at=now,
        actor_user_id=None,
        event=event,
        subject_type=event.split(".", 1)[0],
        subject_id=subject_id,
        surface=surface,
        details=details,
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


__all__ = ["AuditLine", "PrivacyService", "RetentionResult", "personal_columns"]
