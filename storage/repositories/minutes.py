"""Minutes: the chairs' corrections of posted minutes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import MinutesCorrection


class MinutesRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def corrections(self, meeting_id: int) -> Sequence[MinutesCorrection]:
        """The meeting's corrections, oldest first."""
        return self.session.scalars(
            select(MinutesCorrection)
            .where(MinutesCorrection.meeting_id == meeting_id)
            .order_by(MinutesCorrection.corrected_at, MinutesCorrection.id)
        ).all()

    def add_correction(self, correction: MinutesCorrection) -> MinutesCorrection:
        self.session.add(correction)
        self.session.flush()
        return correction
