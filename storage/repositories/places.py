"""The places a unit and its area have reported before (the report form's list of earlier places)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from bot.domain.place_names import PlaceUse
from storage.models import Report, Unit


class PlaceRepository:
    ROWS_MAX = 2000  # the most used spellings; enough for any unit's and area's list

    def __init__(self, session: Session) -> None:
        self.session = session

    def any_used(self, team_id: str, unit_id: int, area: str | None) -> bool:
        """Whether ``uses`` has anything to offer (one small query when the form opens)."""
        return (
            self.session.scalar(self._scope(select(Report.id), team_id, unit_id, area).limit(1)) is not None
        )

    @staticmethod
    def _scope(query: Select[Any], team_id: str, unit_id: int, area: str | None) -> Select[Any]:
        mine = Report.unit_id == unit_id
        scope = or_(mine, Unit.area == area) if area is not None else mine
        return (
            query.join(Unit, Unit.id == Report.unit_id)
            .where(Report.team_id == team_id, Unit.team_id == team_id, Report.anonymised_at.is_(None))
            .where(scope)
        )

    def uses(self, team_id: str, unit_id: int, area: str | None) -> list[PlaceUse]:
        """Each spelling of a place in the workspace's reports of ``unit_id`` (``own``) and of the
        other units in ``area`` (``area``; none when the unit has no area), with how often it was
        used. Anonymised reports are left out: their place is no longer theirs."""
        rows = self.session.execute(
            self._scope(select(Report.place, Report.unit_id, func.count()), team_id, unit_id, area)
            .group_by(Report.place, Report.unit_id)
            .order_by(func.count().desc(), Report.place)
            .limit(self.ROWS_MAX)
        )
        return [
            PlaceUse(place, count if unit == unit_id else 0, 0 if unit == unit_id else count)
            for place, unit, count in rows
        ]
