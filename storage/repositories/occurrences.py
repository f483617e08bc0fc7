"""Occurrences: the same event or problem reported again, under the report it belongs to; and the
open reports a new report is compared with."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from storage.models import Action, Report, ReportOccurrence, Unit
from storage.repositories.reports import OPEN_REPORT_STATUSES

COMPARED_MOST = 300  # open reports of one category a new report is compared with, newest first


class OccurrenceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def open_reports(self, team_id: str, category: str, since: datetime) -> Sequence[Row[Any]]:
        """Open reports of ``category`` filed since ``since`` (not merged into another, not
        anonymised): id, unit_id, category, place, occurred_on, description, created_at."""
        return self.session.execute(
            select(
                Report.id,
                Report.unit_id,
                Report.category,
                Report.place,
                Report.occurred_on,
                Report.description,
                Report.created_at,
            )
            .where(
                Report.team_id == team_id,
                Report.category == category,
                Report.created_at >= since,
                Report.status.in_(OPEN_REPORT_STATUSES),
                Report.merged_into_id.is_(None),
                Report.anonymised_at.is_(None),
            )
            .order_by(Report.created_at.desc())
            .limit(COMPARED_MOST)
        ).all()

    def add(self, occurrence: ReportOccurrence) -> ReportOccurrence:
        self.session.add(occurrence)
        self.session.flush()
        return occurrence

    def by_view(self, team_id: str, view_id: str) -> ReportOccurrence | None:
        return self.session.scalar(
            select(ReportOccurrence).where(
                ReportOccurrence.team_id == team_id, ReportOccurrence.slack_view_id == view_id
            )
        )

    def summaries(self, report_ids: Iterable[int]) -> dict[int, tuple[int, date]]:
        """``{report id: (occurrences added, the earliest one's date)}`` of those with any."""
        wanted = set(report_ids)
        if not wanted:
            return {}
        rows = self.session.execute(
            select(ReportOccurrence.report_id, func.count(), func.min(ReportOccurrence.occurred_on))
            .where(ReportOccurrence.report_id.in_(wanted))
            .group_by(ReportOccurrence.report_id)
        ).all()
        return {report_id: (int(count), earliest) for report_id, count, earliest in rows}

    def action_owners(self, report_id: int) -> list[str]:
        """The owners of the report's open actions (each once)."""
        return list(
            self.session.scalars(
                select(Action.owner_user_id)
                .where(
                    Action.report_id == report_id, Action.status == "open", Action.owner_user_id.is_not(None)
                )
                .distinct()
            )
        )

    def places_of(self, report_id: int) -> list[tuple[str, str]]:
        """(unit, place as typed) of each occurrence of a report."""
        return [
            (unit, place)
            for unit, place in self.session.execute(
                select(Unit.name, ReportOccurrence.place)
                .join(Unit, Unit.id == ReportOccurrence.unit_id)
                .where(ReportOccurrence.report_id == report_id)
            )
        ]

    def facts(self, team_id: str, start: date, end: date) -> Sequence[Row[Any]]:
        """Occurrences that happened from ``start`` to ``end``, as the statistics count them: the
        ``OverviewRepository.report_facts`` columns. The category, school and city area are the
        report's: the police adding a fire at a school's bike shed adds to that school's place
        (the hot spots), not to a place of the police."""
        return self.session.execute(
            select(
                ReportOccurrence.occurred_on,
                ReportOccurrence.occurred_time,
                Report.category,
                Unit.area,
                Unit.name.label("unit"),
                ReportOccurrence.place,
                Report.anonymised_at,
            )
            .join(Report, Report.id == ReportOccurrence.report_id)
            .join(Unit, Unit.id == Report.unit_id)
            .where(
                ReportOccurrence.team_id == team_id,
                Report.merged_into_id.is_(None),
                ReportOccurrence.occurred_on >= start,
                ReportOccurrence.occurred_on <= end,
            )
        ).all()
