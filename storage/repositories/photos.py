"""Photos attached to reports (``report_photos``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from storage.models import ReportPhoto


class PhotoRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, photos: Sequence[ReportPhoto]) -> None:
        self.session.add_all(photos)

    def get(self, photo_id: int) -> ReportPhoto | None:
        return self.session.get(ReportPhoto, photo_id)

    def of_report(self, report_id: int) -> Sequence[ReportPhoto]:
        return self.session.scalars(
            select(ReportPhoto).where(ReportPhoto.report_id == report_id).order_by(ReportPhoto.id)
        ).all()

    def of_reports(self, report_ids: Sequence[int]) -> Sequence[ReportPhoto]:
        """The photos of these reports, report by report (a fixed number of queries)."""
        if not report_ids:
            return []
        return self.session.scalars(
            select(ReportPhoto)
            .where(ReportPhoto.report_id.in_(list(report_ids)))
            .order_by(ReportPhoto.report_id, ReportPhoto.id)
        ).all()

    def counts(self, report_ids: Sequence[int]) -> dict[int, int]:
        """``{report id: number of photos}`` for the reports that have any."""
        if not report_ids:
            return {}
        rows = self.session.execute(
            select(ReportPhoto.report_id, func.count())
            .where(ReportPhoto.report_id.in_(list(report_ids)))
            .group_by(ReportPhoto.report_id)
        ).all()
        return {report_id: int(n) for report_id, n in rows}

    def record_copy(self, photo_id: int, copy_file_id: str, permalink: str | None, at: datetime) -> bool:
        """The bot's copy of the photo is in Slack; False when the photo is gone (forgotten meanwhile)."""
        result = self.session.execute(
            update(ReportPhoto)
            .where(ReportPhoto.id == photo_id)
            .values(copy_file_id=copy_file_id, copy_permalink=permalink, copied_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def forget_of_report(self, report_id: int) -> list[str]:
        """Delete the report's photo rows; the file ids of the bot's copies, to delete in Slack."""
        copies = [
            c
            for c in self.session.scalars(
                select(ReportPhoto.copy_file_id).where(ReportPhoto.report_id == report_id)
            )
            if c
        ]
        self.session.execute(
            delete(ReportPhoto)
            .where(ReportPhoto.report_id == report_id)
            .execution_options(synchronize_session=False)
        )
        return copies
