"""What privacy does in the database: retention (gallring), pseudonymising a person everywhere they
are stored, and the register extract (registerutdrag).

What is personal data is read from the schema (``info={"personal_data": …}`` on the columns), so these
follow the models without a list to keep in step."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Engine, String, Table, cast, delete, func, or_, select, update
from sqlalchemy.orm import Session

from storage.models import (
    Action,
    AgendaItem,
    Base,
    JobRun,
    LagesbildSnapshot,
    Meeting,
    OutboxMessage,
    Report,
    ReportOccurrence,
    WorkspaceSetting,
)
from storage.repositories._sql import dialect_insert

# The kinds of column that may hold a Slack user id.
USER_KINDS = ("slack_user", "slack_user_or_channel")
SETTINGS_PEOPLE = ("chairs", "admins")  # fields of WorkspaceSetting.values holding user ids
# Outbox messages whose payload is a copy kept after sending (posted agendas, undeliverable ones).
COPY_STATUSES = ("sent", "failed")


def personal_columns(kinds: tuple[str, ...] | None = None) -> Iterator[tuple[Table, Column[Any]]]:
    """Every column marked as personal data (of the given kinds), table by table."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = column.info.get("personal_data")
            if kind is not None and (kinds is None or kind in kinds):
                yield table, column


def row_counts(engine: Engine, tables: list[str]) -> dict[str, int]:
    """How many rows each of these tables holds (the record of processing states them)."""
    with engine.connect() as connection:
        return {
            name: int(
                connection.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar_one()
            )
            for name in tables
        }


class PrivacyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # ------------------------------------------------------------------------------ retention
    def claim_run(self, team_id: str, job: str, period: str, at: datetime) -> bool:
        """Claim a periodic job for ``period`` (e.g. ``2026-W48``): True for the one process that got
        it; False when another has it, or had it (the job is not run twice in a period)."""
        return (
            self.session.execute(
                dialect_insert(self.session, JobRun)
                .values(team_id=team_id, job=job, period=period, started_at=at)
                .on_conflict_do_nothing(index_elements=["team_id", "job", "period"])
                .returning(JobRun.id)
            ).scalar_one_or_none()
            is not None
        )

    def reports_after(self, team_id: str, after_id: int, limit: int) -> Sequence[Report]:
        """The next batch of reports not anonymised yet, in id order."""
        return self.session.scalars(
            select(Report)
            .where(Report.team_id == team_id, Report.anonymised_at.is_(None), Report.id > after_id)
            .order_by(Report.id)
            .limit(limit)
        ).all()

    def closing_facts(
        self, report_id: int
    ) -> tuple[tuple[str, datetime] | None, list[tuple[str, datetime | None, datetime]]]:
        """What says when a report's case ended: its latest agenda item's outcome with that
        meeting's start (None: never on an agenda), and each action's (status, done, updated)."""
        latest = self.session.execute(
            select(AgendaItem.outcome, Meeting.starts_at)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaItem.report_id == report_id)
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        ).first()
        actions = self.session.execute(
            select(Action.status, Action.done_at, Action.updated_at).where(Action.report_id == report_id)
        ).all()
        return (
            (latest[0], latest[1]) if latest else None,
            [(status, done_at, updated_at) for status, done_at, updated_at in actions],
        )

    def anonymise(self, report: Report, now: datetime, *, placeholder: str, anonymous: str) -> None:
        """Replace the report's free text by ``placeholder`` and its people by ``anonymous``, and
        clear the free text and people of its actions, agenda items and occurrences."""
        report.description, report.place = placeholder, placeholder
        report.command_text = report.review_question = None
        report.reporter_user_id = anonymous
        report.reviewed_by_user_id = anonymous if report.reviewed_by_user_id else None
        report.anonymised_at = report.updated_at = now
        self.session.execute(
            update(Action)
            .where(Action.report_id == report.id)
            .values(
                description=placeholder,
                note=None,
                outcome_note=None,
                handover_note=None,
                owner_user_id=anonymous,
                created_by_user_id=anonymous,
                handover_to_user_id=None,
            )
        )
        self.session.execute(
            update(ReportOccurrence)
            .where(ReportOccurrence.report_id == report.id)
            .values(description=placeholder, place=placeholder, reporter_user_id=anonymous)
        )
        self.session.execute(
            update(AgendaItem)
            .where(AgendaItem.report_id == report.id)
            .values(
                outcome_note=None,
                outcome_by_user_id=None,
                not_ours_by_user_id=None,
                moved_reason=None,
                moved_by_user_id=None,
            )
        )

    def delete_report(self, report: Report) -> None:
        """The report with its actions, agenda items and occurrences; what pointed at them points
        nowhere."""
        items = select(AgendaItem.id).where(AgendaItem.report_id == report.id)
        self.session.execute(delete(Action).where(Action.report_id == report.id))
        self.session.execute(delete(ReportOccurrence).where(ReportOccurrence.report_id == report.id))
        self.session.execute(
            update(AgendaItem).where(AgendaItem.carried_from_id.in_(items)).values(carried_from_id=None)
        )
        self.session.execute(delete(AgendaItem).where(AgendaItem.report_id == report.id))
        self.session.execute(
            update(Report).where(Report.merged_into_id == report.id).values(merged_into_id=None)
        )
        self.session.delete(report)

    @staticmethod
    def _message_copies(team_id: str, before: datetime) -> Any:
        return (
            (OutboxMessage.team_id == team_id)
            & (OutboxMessage.status.in_(COPY_STATUSES))
            & (OutboxMessage.created_at < before)
            & (cast(OutboxMessage.payload, String) != "{}")
        )

    def count_message_copies(self, team_id: str, before: datetime) -> int:
        """How many kept copies of messages created before ``before`` there are."""
        return int(
            self.session.scalar(select(func.count()).where(self._message_copies(team_id, before))) or 0
        )

    def clear_message_copies(self, team_id: str, before: datetime) -> int:
        """Empty the kept copies of messages created before ``before``; how many."""
        result = self.session.execute(
            update(OutboxMessage)
            .where(self._message_copies(team_id, before))
            .values(payload={})
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------ people
    def user_ids(self, team_id: str) -> set[str]:
        """Every value stored in the team's Slack user columns."""
        users: set[str] = set()
        for table, column in personal_columns(("slack_user",)):
            if "team_id" not in table.columns:
                continue
            users.update(
                self.session.scalars(
                    select(column).where(table.c.team_id == team_id, column.is_not(None)).distinct()
                )
            )
        return users | set(self._named_in_settings(team_id))

    def replace_user(self, team_id: str, user_id: str, pseudonym: str) -> None:
        """Write ``pseudonym`` wherever a column holds ``user_id`` (the audit log included)."""
        for table, column in personal_columns(USER_KINDS):
            # Core UPDATE on purpose: the ORM guard keeps the audit log append-only otherwise.
            self.session.execute(
                update(table)
                .where(table.c.team_id == team_id, column == user_id)
                .values({column.name: pseudonym})
            )
        settings = self.session.get(WorkspaceSetting, team_id)
        if settings is not None and user_id in self._named_in_settings(team_id):
            # The settings modal's chairs and admins (ids in a JSON document, not a user column):
            # someone gone from Slack chairs nothing any more; the audit log keeps the pseudonym.
            settings.values = {
                field: [u for u in value if u != user_id] if field in SETTINGS_PEOPLE else value
                for field, value in settings.values.items()
            }
        # The name the person had in Slack goes with their id: the document then names the pseudonym.
        self.session.execute(
            update(LagesbildSnapshot)
            .where(LagesbildSnapshot.team_id == team_id, LagesbildSnapshot.made_by_user_id == pseudonym)
            .values(made_by_name=None)
        )

    def messages_mentioning(self, team_id: str, text: str) -> Sequence[OutboxMessage]:
        """Outbox messages whose payload contains ``text`` anywhere."""
        return self.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.team_id == team_id, cast(OutboxMessage.payload, String).contains(text)
            )
        ).all()

    def rows_about(self, team_id: str, user_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every row that names ``user_id`` in a user column, by table (tables without one left out)."""
        by_table: dict[str, list[Column[Any]]] = {}
        for table, column in personal_columns(USER_KINDS):
            by_table.setdefault(table.name, []).append(column)
        found: dict[str, list[dict[str, Any]]] = {}
        for table in Base.metadata.sorted_tables:
            columns = by_table.get(table.name)
            if not columns:
                continue
            rows = self.session.execute(
                select(table).where(table.c.team_id == team_id, or_(*(c == user_id for c in columns)))
            ).mappings()
            values = [dict(row) for row in rows]
            if table.name == WorkspaceSetting.__tablename__ and user_id in self._named_in_settings(team_id):
                values = values or [
                    dict(r)
                    for r in self.session.execute(select(table).where(table.c.team_id == team_id)).mappings()
                ]
            if values:
                found[table.name] = values
        return found

    def _named_in_settings(self, team_id: str) -> list[str]:
        """The chairs and admins a workspace named in its settings modal."""
        settings = self.session.get(WorkspaceSetting, team_id)
        values = settings.values if settings is not None else {}
        return [u for field in SETTINGS_PEOPLE for u in values.get(field) or [] if isinstance(u, str)]
