"""Reports, their reference numbers, and the drafts of over-long command text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, joinedload

from bot.domain.reports import ReportStatus
from storage.models import Report, ReportCounter, ReportDraft, Unit
from storage.repositories._sql import dialect_insert

# Reports no published agenda has carried yet (review may still be going on)...
NOT_YET_ON_AGENDA_STATUSES = (ReportStatus.NEW, ReportStatus.IN_REVIEW, ReportStatus.RETURNED)
# ...and those not closed.
OPEN_REPORT_STATUSES = (*NOT_YET_ON_AGENDA_STATUSES, ReportStatus.ON_AGENDA)


class ReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_number(self, team_id: str, year: int) -> int:
        """Take the next reference number, in one upsert; the counter row stays locked until commit."""
        return self.session.execute(
            dialect_insert(self.session, ReportCounter)
            .values(team_id=team_id, year=year, last_number=1)
            .on_conflict_do_update(
                index_elements=["team_id", "year"], set_={"last_number": ReportCounter.last_number + 1}
            )
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

    def any_in(self, team_id: str) -> bool:
        """Whether the workspace has filed any report at all."""
        return self.session.scalar(select(Report.id).where(Report.team_id == team_id).limit(1)) is not None

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

    def references(self, report_ids: Iterable[int]) -> dict[int, str]:
        """``{id: reference}`` of those reports."""
        wanted = set(report_ids)
        if not wanted:
            return {}
        return {
            report_id: reference
            for report_id, reference in self.session.execute(
                select(Report.id, Report.reference).where(Report.id.in_(wanted))
            ).all()
        }

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
