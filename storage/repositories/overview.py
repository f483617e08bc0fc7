"""Read-only views across aggregates: the App Home's lists and the statistics' facts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Select, func, select, union
from sqlalchemy.orm import Session, aliased, joinedload

from bot.domain.reports import ReportStatus
from storage.models import Action, AgendaItem, Meeting, Report, Unit


class OverviewRepository:
    """Read-only views across aggregates: the App Home's lists and the statistics' facts."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def teams_with_data(self) -> list[str]:
        """The workspaces that have units, reports or meetings in this database, sorted."""
        return sorted(
            self.session.scalars(
                union(select(Unit.team_id), select(Report.team_id), select(Meeting.team_id))
            ).all()
        )

    # ---------------------------------------------------------------------- App Home
    def reports_by(
        self, team_id: str, user_id: str, *, offset: int, limit: int
    ) -> tuple[int, Sequence[Row[Any]]]:
        """A reporter's reports, newest first: the page and how many there are in all."""
        mine = (Report.team_id == team_id, Report.reporter_user_id == user_id)
        total = self.session.scalar(select(func.count(Report.id)).where(*mine)) or 0
        rows = self.session.execute(
            _report_lines()
            .where(*mine)
            .order_by(Report.created_at.desc(), Report.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return total, rows

    def report_line(self, team_id: str, report_id: int) -> Row[Any]:
        """One report in the shape ``reports_by`` gives, for ``/orat rapport``."""
        return self.session.execute(
            _report_lines().where(Report.team_id == team_id, Report.id == report_id)
        ).one()

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
        where = [Report.team_id == team_id, Report.status == ReportStatus.IN_REVIEW]
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
        where = (Report.team_id == team_id, Report.status == ReportStatus.NEW)
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
                Report.occurred_time,
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


def _report_lines() -> Select[Any]:
    """A report as its reporter follows it: where it is, what it was merged into, its meeting."""
    merged_into = aliased(Report)
    return (
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
    )
