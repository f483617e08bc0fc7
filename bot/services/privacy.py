"""Privacy: retention (gallring), pseudonymising people who left Slack, the register extract
(registerutdrag) and the audit log as the city's log follow-up reads it.

What is personal data is read from the schema (``info={"personal_data": …}`` on the columns), so the
export, the pseudonymisation and the privacy report follow the models without a list to keep in step
(``storage.repositories.privacy`` does the reading and writing).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.identity_numbers import contains_identity_number, mask_identity_numbers
from bot.domain.permissions import Permission
from bot.domain.retention import ANONYMISED, RetentionAction, RetentionRule, closed_on, rule_for
from bot.notifier import Directory
from bot.results.common import Denied
from bot.results.privacy import AuditLine, RetentionResult
from bot.services.common import Clock
from bot.services.photos import forget_photos
from bot.services.roles import Roles
from bot.services.snapshots import forget_report
from storage.models import AuditEvent, Report
from storage.repositories import AuditRepository, PrivacyRepository
from storage.repositories.occurrences import OccurrenceRepository
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

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


class PrivacyService:
    BATCH = 200
    # Copies of posted agendas are kept while the meeting may still update them in place.
    MESSAGE_COPY_DAYS = 90
    RETENTION_AT = time(2, 0)  # on Mondays, or the first tick after it that week

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
        self.rules = rules  # the environment's (ORAT_RETENTION); each workspace may have its own
        self.tz = tz
        self.directory = directory

    def rules_for(self, team_id: str) -> tuple[RetentionRule, ...]:
        """The workspace's retention rules (``ORAT_RETENTION`` unless it set its own)."""
        return self.roles.configured(team_id).retention

    # ------------------------------------------------------------------------------ retention
    def run_weekly(self, team_id: str, at: datetime) -> RetentionResult | None:
        """The weekly retention run, claimed by one process per team and ISO week."""
        job = self.weekly_job(team_id, at)
        if job is None:
            return None
        with unit_of_work(self.sessions) as uow:
            claimed = uow.privacy.claim_run(team_id, *job, at)
        if not claimed:
            return None  # another process has it (or had it) this week
        return self.run(team_id, at)

    def weekly_job(self, team_id: str, at: datetime) -> tuple[str, str] | None:
        """The (job, period) ``run_weekly`` claims at ``at``; None before this week's run is due."""
        local = at.astimezone(self.tz)
        monday = local.date() - timedelta(days=local.weekday())
        if (local.date(), local.time()) < (monday, self.RETENTION_AT):
            return None
        year, week, _ = local.isocalendar()
        return "retention", f"{year}-W{week:02d}"

    def run(self, team_id: str, now: datetime, *, dry_run: bool = False) -> RetentionResult:
        """Apply the retention rules, clear old message copies and pseudonymise people who left.

        Batch by batch, each its own transaction: interrupted, it loses nothing and the next run
        picks up where this one stopped; run twice, the second finds nothing to do."""
        result = RetentionResult()
        today = now.astimezone(self.tz).date()
        if self.rules_for(team_id):
            self._apply_rules(team_id, today, now, dry_run, result)
        result.payloads_cleared = self._clear_message_copies(team_id, now, dry_run)
        self._pseudonymise_departed(team_id, now, dry_run, result)
        log.info("retention for team: %s", result.as_dict())
        return result

    def _apply_rules(
        self, team_id: str, today: date, now: datetime, dry_run: bool, result: RetentionResult
    ) -> None:
        last_id = 0
        rules = self.rules_for(team_id)
        while True:
            with unit_of_work(self.sessions) as uow:
                reports = uow.privacy.reports_after(team_id, last_id, self.BATCH)
                if not reports:
                    return
                last_id = reports[-1].id
                for report in reports:
                    rule = rule_for(
                        rules,
                        category=report.category,
                        filed_on=report.created_at.astimezone(self.tz).date(),
                        closed_on=self._closed_on(uow, report),
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
                        self._erase(uow.session, report, now)
                        result.deleted += 1
                if dry_run:
                    uow.session.rollback()

    def _closed_on(self, uow: UnitOfWork, report: Report) -> date | None:
        latest, actions = uow.privacy.closing_facts(report.id)
        ended = closed_on(
            merged_at=report.reviewed_at if report.merged_into_id is not None else None,
            last_outcome=latest[0] if latest else None,
            decided_at=latest[1] if latest else None,
            actions=[(status, done_at or updated_at) for status, done_at, updated_at in actions],
        )
        return ended.astimezone(self.tz).date() if ended is not None else None

    # Static, with the session only: a test stands in for them to interrupt a run midway.
    @staticmethod
    def _anonymise(session: Session, report: Report, now: datetime) -> None:
        forget_report(session, report.id, _places(session, report), now, deleted=False)
        forget_photos(UnitOfWork(session), report.team_id, report.id, report.reference, now)
        PrivacyRepository(session).anonymise(report, now, placeholder=ANONYMISED, anonymous=ANONYMOUS)
        AuditRepository(session).report_anonymised(report, at=now)

    @staticmethod
    def _erase(session: Session, report: Report, now: datetime) -> None:
        AuditRepository(session).report_deleted(report, at=now)
        forget_report(session, report.id, _places(session, report), now, deleted=True)
        forget_photos(UnitOfWork(session), report.team_id, report.id, report.reference, now)
        PrivacyRepository(session).delete_report(report)

    def _clear_message_copies(self, team_id: str, now: datetime, dry_run: bool) -> int:
        """Posted agendas (kept for in-place updates) and undeliverable messages, after 90 days."""
        old = now - timedelta(days=self.MESSAGE_COPY_DAYS)
        with unit_of_work(self.sessions) as uow:
            if dry_run:
                return uow.privacy.count_message_copies(team_id, old)
            return uow.privacy.clear_message_copies(team_id, old)

    # ------------------------------------------------------------------------------ people who left
    def known_users(self, team_id: str) -> list[str]:
        with unit_of_work(self.sessions) as uow:
            stored = uow.privacy.user_ids(team_id)
        return sorted(u for u in stored if u and u[0] in "UW")

    def _pseudonymise_departed(
        self, team_id: str, now: datetime, dry_run: bool, result: RetentionResult
    ) -> None:
        # The team's own directory (its installation, with many workspaces), else the one given.
        directory = self.directory if self.roles.directories is None else self.roles.directory_of(team_id)
        if directory is None:
            return
        for user_id in self.known_users(team_id):
            result.users_checked += 1
            if directory.user_deleted(user_id) is True:
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
            uow.privacy.replace_user(team_id, user_id, pseudonym)
            for message in uow.privacy.messages_mentioning(team_id, user_id):
                # Whole ids only: U012AB must not change U012ABC.
                text = re.sub(
                    rf"(?<![A-Z0-9]){re.escape(user_id)}(?![A-Z0-9])", pseudonym, json.dumps(message.payload)
                )
                message.payload = json.loads(text)
            uow.audit.user_pseudonymised(team_id, pseudonym=pseudonym, at=now)
        return pseudonym

    # ------------------------------------------------------------------------------ registerutdrag
    def export_user(self, team_id: str, user_id: str, now: datetime) -> dict[str, Any]:
        """Everything stored about one Slack user, table by table (rows where they appear)."""
        with unit_of_work(self.sessions) as uow:
            tables = {
                table: [{k: _jsonable(v) for k, v in row.items()} for row in rows]
                for table, rows in uow.privacy.rows_about(team_id, user_id).items()
            }
            uow.audit.user_exported(team_id, user_id=user_id, at=now)
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
            lines = [_line(e, report.reference) for e in uow.audit.about_report(team_id, report.id)]
            uow.audit.audit_read(report, by=user_id, at=now)
        return lines

    def audit_since(self, since: datetime, team_id: str | None = None) -> list[AuditLine]:
        """``python -m bot audit --since``: every event from ``since`` on (all teams unless given)."""
        with unit_of_work(self.sessions) as uow:
            events = uow.audit.since(since, team_id)
            references = uow.reports.references(e.subject_id for e in events if e.subject_type == "report")
            return [
                _line(e, references.get(e.subject_id) if e.subject_type == "report" else None) for e in events
            ]


def _places(session: Session, report: Report) -> list[tuple[str, str]]:
    """(unit, place as typed) of a report and its occurrences: what stored lägesbilder may name."""
    return [(report.unit.name, report.place), *OccurrenceRepository(session).places_of(report.id)]


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


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


__all__ = ["AuditLine", "PrivacyService", "RetentionResult"]
