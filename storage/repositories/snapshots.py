"""Stored lägesbilder (``lagesbild_snapshots``) and the fingerprints of the reports they counted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from bot.domain.snapshots import ReportState
from storage.models import (
    Action,
    JobRun,
    LagesbildSnapshot,
    LagesbildSnapshotReport,
    Report,
    ReportOccurrence,
    Unit,
)


class SnapshotRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_number(self, team_id: str) -> int:
        """The next snapshot's number (the unique key catches two made at once)."""
        found = self.session.scalar(
            select(func.max(LagesbildSnapshot.number)).where(LagesbildSnapshot.team_id == team_id)
        )
        return int(found or 0) + 1

    def add(self, snapshot: LagesbildSnapshot, fingerprints: Mapping[int, str]) -> LagesbildSnapshot:
        self.session.add(snapshot)
        self.session.flush()
        self.session.add_all(
            LagesbildSnapshotReport(
                snapshot_id=snapshot.id, team_id=snapshot.team_id, report_id=report_id, fingerprint=value
            )
            for report_id, value in fingerprints.items()
        )
        return snapshot

    def get(self, team_id: str, number: int) -> LagesbildSnapshot | None:
        return self.session.scalar(
            select(LagesbildSnapshot).where(
                LagesbildSnapshot.team_id == team_id, LagesbildSnapshot.number == number
            )
        )

    def latest_of_period(self, team_id: str, start: date, end: date, before: int) -> LagesbildSnapshot | None:
        """The newest snapshot of exactly this period numbered below ``before``."""
        return self.session.scalar(
            select(LagesbildSnapshot)
            .where(
                LagesbildSnapshot.team_id == team_id,
                LagesbildSnapshot.period_start == start,
                LagesbildSnapshot.period_end == end,
                LagesbildSnapshot.number < before,
            )
            .order_by(LagesbildSnapshot.number.desc())
            .limit(1)
        )

    def fingerprints(self, snapshot_id: int) -> dict[int, str]:
        rows = self.session.execute(
            select(LagesbildSnapshotReport.report_id, LagesbildSnapshotReport.fingerprint).where(
                LagesbildSnapshotReport.snapshot_id == snapshot_id
            )
        ).all()
        return {report_id: value for report_id, value in rows}

    def page(self, team_id: str, *, offset: int, limit: int) -> tuple[int, Sequence[LagesbildSnapshot]]:
        """The team's snapshots, newest first: the page and how many there are in all."""
        mine = LagesbildSnapshot.team_id == team_id
        total = self.session.scalar(select(func.count(LagesbildSnapshot.id)).where(mine)) or 0
        rows = self.session.scalars(
            select(LagesbildSnapshot)
            .where(mine)
            .order_by(LagesbildSnapshot.number.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return int(total), rows

    def job_ran(self, team_id: str, job: str, period: str) -> bool:
        """Whether a periodic job was claimed for ``period`` (a cheap look before making one)."""
        return (
            self.session.scalar(
                select(JobRun.id).where(JobRun.team_id == team_id, JobRun.job == job, JobRun.period == period)
            )
            is not None
        )

    # ------------------------------------------------------------------------------ retention
    def counting(self, report_id: int) -> Sequence[LagesbildSnapshot]:
        """The snapshots that counted this report."""
        return self.session.scalars(
            select(LagesbildSnapshot)
            .join(LagesbildSnapshotReport, LagesbildSnapshotReport.snapshot_id == LagesbildSnapshot.id)
            .where(LagesbildSnapshotReport.report_id == report_id)
            .order_by(LagesbildSnapshot.id)
        ).all()

    def drop_report(self, report_id: int) -> None:
        """Forget a deleted report's fingerprints."""
        self.session.execute(
            delete(LagesbildSnapshotReport).where(LagesbildSnapshotReport.report_id == report_id)
        )

    # ------------------------------------------------------------------------------ what is counted
    def report_states(
        self, team_id: str, start: date, end: date, actions_before: datetime
    ) -> dict[int, ReportState]:
        """Report id → what the figures count of it: the reports (merged ones too) and occurrences
        that happened from ``start`` to ``end``, and the reports of every action given out before
        ``actions_before`` (the actors' table counts those)."""
        in_period = select(ReportOccurrence.report_id).where(
            ReportOccurrence.team_id == team_id,
            ReportOccurrence.occurred_on >= start,
            ReportOccurrence.occurred_on <= end,
        )
        with_actions = select(Action.report_id).where(
            Action.team_id == team_id, Action.created_at < actions_before
        )
        reports = self.session.execute(
            select(Report, Unit.name, Unit.area)
            .join(Unit, Unit.id == Report.unit_id)
            .where(
                Report.team_id == team_id,
                or_(
                    Report.occurred_on.between(start, end),
                    Report.id.in_(in_period),
                    Report.id.in_(with_actions),
                ),
            )
        ).all()
        ids = [report.id for report, _, _ in reports]
        occurrences: dict[int, list[tuple[str, str, str | None, str | None]]] = defaultdict(list)
        actions: dict[int, list[tuple[str, str, str, str | None]]] = defaultdict(list)
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            for row in self.session.execute(
                select(
                    ReportOccurrence.report_id,
                    ReportOccurrence.occurred_on,
                    ReportOccurrence.occurred_time,
                    ReportOccurrence.place,
                    Unit.name,
                )
                .join(Unit, Unit.id == ReportOccurrence.unit_id)
                .where(ReportOccurrence.report_id.in_(chunk))
            ):
                occurrences[row[0]].append((row[1].isoformat(), _iso(row[2]), row[3], row[4]))
            for row in self.session.execute(
                select(Action.report_id, Unit.name, Action.status, Action.due_on, Action.done_at)
                .join(Unit, Unit.id == Action.owner_unit_id)
                .where(Action.report_id.in_(chunk), Action.created_at < actions_before)
            ):
                actions[row[0]].append((row[1], row[2], row[3].isoformat(), _iso(row[4])))
        return {
            report.id: ReportState(
                category=report.category,
                area=area or "",
                unit=unit,
                occurred_on=report.occurred_on,
                occurred_time=report.occurred_time,
                place=None if report.anonymised_at else report.place,
                status=report.status,
                merged_into=report.merged_into_id,
                occurrences=tuple(occurrences[report.id]),
                actions=tuple(actions[report.id]),
            )
            for report, unit, area in reports
        }


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()
