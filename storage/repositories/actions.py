"""Actions (åtgärder): what an actor committed to, and the reminders' sweep over them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, Row, bindparam, func, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased, joinedload

from storage.models import Action, Report, Unit
from storage.repositories._sql import is_postgresql


class ActionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _with_owner(self) -> Any:
        return (
            select(Action, Unit)
            .join(Unit, Unit.id == Action.owner_unit_id)
            .options(joinedload(Action.report).joinedload(Report.unit))
        )

    def open_for_owner(self, team_id: str, user_id: str) -> Sequence[tuple[Action, Unit]]:
        rows = self.session.execute(
            self._with_owner()
            .where(Action.team_id == team_id, Action.status == "open", Action.owner_user_id == user_id)
            .order_by(Action.due_on, Action.id)
        ).all()
        return [(action, unit) for action, unit in rows]

    def reminders_due(self, team_id: str, today: date) -> Sequence[Row[Any]]:
        """Open actions whose reminder day has come (or was never set): columns named as
        ``ActionView``'s fields, plus ``created_at`` and ``next_reminder_on``. On PostgreSQL the
        rows stay locked until commit and another scheduler process skips them, so each is swept
        by one process."""
        school = aliased(Unit)
        return self.session.execute(
            select(
                Action.id.label("action_id"),
                Report.reference,
                Unit.name.label("unit"),
                Action.owner_user_id,
                Action.description,
                Action.due_on,
                Action.status,
                Report.place,
                school.name.label("school"),
                Report.reporter_user_id,
                Action.flagged,
                Action.outcome_note,
                Action.handover_to_user_id,
                Action.created_at,
                Action.next_reminder_on,
            )
            .join(Unit, Unit.id == Action.owner_unit_id)
            .join(Report, Report.id == Action.report_id)
            .join(school, school.id == Report.unit_id)
            .where(
                Action.team_id == team_id,
                Action.status == "open",
                or_(Action.next_reminder_on.is_(None), Action.next_reminder_on <= today),
            )
            .order_by(Action.id)
            .with_for_update(of=Action, skip_locked=True)
        ).all()

    def set_next_reminders(self, days: dict[int, date]) -> None:
        """``{action id: next reminder day}`` in one statement (PostgreSQL: ``UPDATE … FROM
        unnest(:ids, :days)``; SQLite: one executemany)."""
        if days and is_postgresql(self.session):
            pairs = (
                func.unnest(
                    bindparam("ids", list(days), type_=ARRAY(Integer)),
                    bindparam("days", list(days.values()), type_=ARRAY(Date)),
                )
                .table_valued("id", "day")
                .render_derived(name="u")
            )
            self.session.execute(
                update(Action)
                .where(Action.id == pairs.c.id)
                .values(next_reminder_on=pairs.c.day)
                .execution_options(synchronize_session=False)
            )
        elif days:
            self.session.execute(
                update(Action),
                [{"id": action_id, "next_reminder_on": day} for action_id, day in days.items()],
            )

    def flag_many(self, action_ids: Sequence[int]) -> None:
        if action_ids:
            self.session.execute(
                update(Action)
                .where(Action.id.in_(action_ids))
                .values(flagged=True)
                .execution_options(synchronize_session=False)
            )

    def owners_with_open_actions(self, team_id: str) -> list[str]:
        return list(
            self.session.scalars(
                select(Action.owner_user_id)
                .where(Action.team_id == team_id, Action.status == "open", Action.owner_user_id.is_not(None))
                .distinct()
            )
        )

    def open_for_owners(self, team_id: str, user_ids: Sequence[str]) -> Sequence[tuple[Action, Unit]]:
        if not user_ids:
            return []
        rows = self.session.execute(
            self._with_owner()
            .where(Action.team_id == team_id, Action.status == "open", Action.owner_user_id.in_(user_ids))
            .order_by(Action.id)
        ).all()
        return [(action, unit) for action, unit in rows]

    def flag(self, team_id: str, action_id: int) -> None:
        self.session.execute(
            update(Action).where(Action.team_id == team_id, Action.id == action_id).values(flagged=True)
        )

    def owners_of_report(self, report_id: int) -> list[str | None]:
        """The owners of the report's actions, whatever their status."""
        return list(
            self.session.scalars(select(Action.owner_user_id).where(Action.report_id == report_id)).all()
        )

    def created_by_view(self, team_id: str, view_id: str) -> int | None:
        """The action the modal ``view_id`` created, if it did (its submit may come twice)."""
        return self.session.scalar(
            select(Action.id).where(Action.team_id == team_id, Action.slack_view_id == view_id)
        )

    def get(self, team_id: str, action_id: int) -> tuple[Action, Unit] | None:
        row = self.session.execute(
            self._with_owner().where(Action.team_id == team_id, Action.id == action_id)
        ).first()
        return (row[0], row[1]) if row is not None else None
