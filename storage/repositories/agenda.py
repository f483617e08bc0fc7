"""Agendas: their items, and everything an agenda is compiled from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Row,
    String,
    any_,
    bindparam,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from bot.domain.agenda import SHAPED_AWAY
from bot.domain.reports import ReportStatus
from storage.db import UTCDateTime
from storage.models import Action, AgendaItem, Meeting, OtherItem, Report, ReportOccurrence, ReportPhoto, Unit
from storage.repositories._sql import is_postgresql
from storage.repositories.reports import NOT_YET_ON_AGENDA_STATUSES, OPEN_REPORT_STATUSES

# What the agenda shows of a report (``new_reports`` and ``carried`` select these, not entities).
REPORT_COLUMNS = (
    Report.id,
    Report.reference,
    Report.category,
    Report.unit_id,
    Unit.name.label("unit_name"),
    Unit.area,
    Report.place,
    Report.occurred_on,
    Report.occurred_time,
    Report.description,
    Report.recurring,
    Report.created_at,
    Report.reporter_user_id,
    Report.status,
)


@dataclass
class ReportExtras:
    merged: dict[int, list[str]] = field(default_factory=dict)  # report id → references merged into it
    occurrences: dict[int, tuple[int, date]] = field(default_factory=dict)  # → (count, earliest day)
    photos: dict[int, int] = field(default_factory=dict)  # → count


class AgendaRepository:
    """Everything an agenda is compiled from, in a fixed number of queries whatever the volume."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def items(self, meeting_id: int, *, with_moved: bool = False) -> Sequence[AgendaItem]:
        """The meeting's items by number; ``with_moved`` also those moved to the next meeting."""
        query = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
        if not with_moved:
            query = query.where(AgendaItem.moved_at.is_(None))
        return self.session.scalars(query.order_by(AgendaItem.number)).all()

    def _published_item_elsewhere(self, meeting: Meeting) -> Any:
        other_meeting = aliased(Meeting)
        return (
            select(AgendaItem.id)
            .join(other_meeting, other_meeting.id == AgendaItem.meeting_id)
            .where(
                AgendaItem.report_id == Report.id,
                AgendaItem.meeting_id != meeting.id,
                AgendaItem.moved_at.is_(None),
                other_meeting.agenda_published_at.is_not(None),
            )
            .exists()
        )

    def new_reports(self, meeting: Meeting) -> Sequence[Row[Any]]:
        """Reports no published agenda has carried yet, filed before this meeting's cutoff (or
        already numbered for it): ``REPORT_COLUMNS`` rows (plain rows load ten times faster than
        entities, and an agenda may have hundreds)."""
        numbered_here = (
            select(AgendaItem.id)
            .where(AgendaItem.report_id == Report.id, AgendaItem.meeting_id == meeting.id)
            .exists()
        )
        return self.session.execute(
            select(*REPORT_COLUMNS)
            .join(Unit, Unit.id == Report.unit_id)
            .where(
                Report.team_id == meeting.team_id,
                Report.merged_into_id.is_(None),
                Report.status.in_(OPEN_REPORT_STATUSES),
                ~self._published_item_elsewhere(meeting),
                or_(Report.created_at <= meeting.cutoff_at, numbered_here),
            )
        ).all()

    def merged_references(self, report_ids: Sequence[int]) -> dict[int, list[str]]:
        if not report_ids:
            return {}
        rows = self.session.execute(
            select(Report.merged_into_id, Report.reference)
            .where(Report.merged_into_id.in_(report_ids))
            .order_by(Report.created_at)
        ).all()
        merged: dict[int, list[str]] = {}
        for into, reference in rows:
            merged.setdefault(into, []).append(reference)
        return merged

    def report_extras(self, report_ids: Sequence[int]) -> ReportExtras:
        """What the agenda shows beside each report, in one statement however many reports: the
        references merged into it, its occurrences (count, earliest date) and its photos (count)."""
        extras = ReportExtras()
        if not report_ids:
            return extras
        ids = list(report_ids)
        if is_postgresql(self.session):
            wanted = bindparam("report_ids", ids, type_=ARRAY(Integer))  # one array, not 2,000 values

            def among(column: Any) -> Any:
                return column == any_(wanted)
        else:

            def among(column: Any) -> Any:
                return column.in_(ids)

        no_day, no_text, no_time = cast(null(), Date), cast(null(), String), cast(null(), UTCDateTime())
        merged = select(
            literal("merged"), Report.merged_into_id, literal(1), no_day, Report.reference, Report.created_at
        ).where(among(Report.merged_into_id))
        occurrences = (
            select(
                literal("occurrences"),
                ReportOccurrence.report_id,
                func.count(),
                func.min(ReportOccurrence.occurred_on),
                no_text,
                no_time,
            )
            .where(among(ReportOccurrence.report_id))
            .group_by(ReportOccurrence.report_id)
        )
        photos = (
            select(literal("photos"), ReportPhoto.report_id, func.count(), no_day, no_text, no_time)
            .where(among(ReportPhoto.report_id))
            .group_by(ReportPhoto.report_id)
        )
        rows = self.session.execute(union_all(merged, occurrences, photos)).all()
        for kind, report_id, count, day, reference, _created_at in sorted(
            rows, key=lambda row: (row[0], row[5] is None, row[5] or datetime.min.replace(tzinfo=UTC))
        ):
            if kind == "merged":
                extras.merged.setdefault(report_id, []).append(reference)
            elif kind == "occurrences":
                extras.occurrences[report_id] = (int(count), day)
            else:
                extras.photos[report_id] = int(count)
        return extras

    def carried(self, meeting: Meeting) -> Sequence[Row[Any]]:
        """Items of earlier published agendas still undecided or tabled (bordlagda), latest only:
        ``REPORT_COLUMNS`` with ``outcome`` and ``previous_meeting`` (its start)."""
        earlier = aliased(Meeting)
        later_item, later_meeting = aliased(AgendaItem), aliased(Meeting)
        superseded = (
            select(later_item.id)
            .join(later_meeting, later_meeting.id == later_item.meeting_id)
            .where(
                later_item.report_id == AgendaItem.report_id,
                later_item.moved_at.is_(None),
                later_meeting.agenda_published_at.is_not(None),
                later_meeting.starts_at > earlier.starts_at,
                later_meeting.id != meeting.id,
            )
            .exists()
        )
        return self.session.execute(
            select(*REPORT_COLUMNS, AgendaItem.outcome, earlier.starts_at.label("previous_meeting"))
            .join(earlier, earlier.id == AgendaItem.meeting_id)
            .join(Report, Report.id == AgendaItem.report_id)
            .join(Unit, Unit.id == Report.unit_id)
            .where(
                AgendaItem.team_id == meeting.team_id,
                earlier.id != meeting.id,
                earlier.agenda_published_at.is_not(None),
                earlier.starts_at < meeting.starts_at,
                AgendaItem.outcome.in_(("pending", "tabled", "reopened")),
                AgendaItem.moved_at.is_(None),
                Report.status != ReportStatus.CLOSED,
                ~superseded,
            )
        ).all()

    def past_decisions(self, report_ids: Sequence[int], before: datetime) -> Sequence[Row[Any]]:
        """What published agendas before ``before`` decided about these reports: ``report_id``,
        ``meeting_starts_at``, ``outcome``, ``note``, ``not_ours_by_user_id``, ``suggested_unit``."""
        if not report_ids:
            return []
        suggested = aliased(Unit)
        return self.session.execute(
            select(
                AgendaItem.report_id,
                Meeting.starts_at.label("meeting_starts_at"),
                AgendaItem.outcome,
                AgendaItem.outcome_note.label("note"),
                AgendaItem.not_ours_by_user_id,
                suggested.name.label("suggested_unit"),
            )
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .outerjoin(suggested, suggested.id == AgendaItem.suggested_unit_id)
            .where(
                AgendaItem.report_id.in_(report_ids),
                AgendaItem.moved_at.is_(None),
                Meeting.agenda_published_at.is_not(None),
                Meeting.starts_at < before,
            )
        ).all()

    def past_actions(self, report_ids: Sequence[int]) -> Sequence[Row[Any]]:
        """Every action taken on these reports, with its owner's unit and the school's answer."""
        if not report_ids:
            return []
        return self.session.execute(
            select(
                Action.report_id,
                Unit.name.label("owner_unit"),
                Action.owner_user_id,
                Action.description,
                Action.due_on,
                Action.created_at,
                Action.status,
                Action.done_at,
                Action.outcome_note,
                Action.solved,
                Action.unsolved_reason,
                Action.updated_at,
            )
            .join(Unit, Unit.id == Action.owner_unit_id)
            .where(Action.report_id.in_(report_ids), Action.status != "cancelled")
        ).all()

    def open_actions(self, team_id: str) -> Sequence[Row[Any]]:
        """The follow-up section's rows: every open action with its report's reference."""
        return self.session.execute(
            select(
                Action.id.label("action_id"),
                Report.reference,
                Unit.name.label("owner_unit"),
                Action.owner_user_id,
                Action.description,
                Action.due_on,
                Action.outcome_note.label("status_note"),
                Action.flagged,
            )
            .join(Unit, Unit.id == Action.owner_unit_id)
            .join(Report, Report.id == Action.report_id)
            .where(Action.team_id == team_id, Action.status == "open")
        ).all()

    def history(self, team_id: str, since: datetime) -> Sequence[tuple[int, int, str, str, str, datetime]]:
        """(id, unit id, unit name, place, category, created) of reports since ``since``."""
        rows = self.session.execute(
            select(Report.id, Report.unit_id, Unit.name, Report.place, Report.category, Report.created_at)
            .join(Unit, Unit.id == Report.unit_id)
            .where(Report.team_id == team_id, Report.created_at >= since, Report.merged_into_id.is_(None))
        ).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def item(self, team_id: str, meeting_id: int, number: int) -> AgendaItem | None:
        return self.session.scalar(
            select(AgendaItem).where(
                AgendaItem.team_id == team_id,
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.number == number,
            )
        )

    def item_by_id(self, team_id: str, item_id: int) -> AgendaItem | None:
        item = self.session.get(AgendaItem, item_id)
        return item if item is not None and item.team_id == team_id else None

    def actions_for_item(self, item_id: int) -> Sequence[tuple[Action, Unit]]:
        rows = self.session.execute(
            select(Action, Unit)
            .join(Unit, Unit.id == Action.owner_unit_id)
            .where(Action.agenda_item_id == item_id)
            .order_by(Action.id)
        ).all()
        return [(action, unit) for action, unit in rows]

    def add_action(self, action: Action) -> Action:
        self.session.add(action)
        self.session.flush()
        return action

    def latest_item(self, report_id: int) -> AgendaItem | None:
        """The report's item on the latest published agenda."""
        return self.session.scalar(
            select(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(
                AgendaItem.report_id == report_id,
                AgendaItem.moved_at.is_(None),
                Meeting.agenda_published_at.is_not(None),
            )
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        )

    def on_published_agenda(self, report_id: int) -> bool:
        """Whether any published agenda has carried the report."""
        return (
            self.session.scalar(
                select(AgendaItem.id)
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(
                    AgendaItem.report_id == report_id,
                    AgendaItem.moved_at.is_(None),
                    Meeting.agenda_published_at.is_not(None),
                )
                .limit(1)
            )
            is not None
        )

    def mark_reports_on_agenda(self, meeting_id: int, report_ids: Sequence[int]) -> None:
        """Reports on a published agenda: review is over for them (unreviewed ones are marked so)."""
        if report_ids:
            self.session.execute(
                update(Report)
                .where(Report.id.in_(report_ids), Report.status.in_(NOT_YET_ON_AGENDA_STATUSES))
                .values(status=ReportStatus.ON_AGENDA, meeting_id=meeting_id)
                .execution_options(synchronize_session=False)
            )

    def other_items(self, meeting_id: int) -> Sequence[OtherItem]:
        """The chairs' own items ("Övrigt") of a meeting, in the order they were added."""
        return self.session.scalars(
            select(OtherItem).where(OtherItem.meeting_id == meeting_id).order_by(OtherItem.id)
        ).all()

    def add_other_item(self, item: OtherItem) -> OtherItem:
        self.session.add(item)
        self.session.flush()
        return item

    def shaping_lines(self, meeting_id: int) -> Sequence[Row[Any]]:
        """The items a chair may still remove, merge or move: ``number``, ``reference``,
        ``category``, ``unit_name``, by number."""
        return self.session.execute(
            select(AgendaItem.number, Report.reference, Report.category, Unit.name.label("unit_name"))
            .join(Report, Report.id == AgendaItem.report_id)
            .join(Unit, Unit.id == Report.unit_id)
            .where(
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.moved_at.is_(None),
                AgendaItem.outcome.not_in(SHAPED_AWAY),
            )
            .order_by(AgendaItem.number)
        ).all()

    def swap_numbers(self, first: AgendaItem, second: AgendaItem) -> None:
        """Exchange two items' numbers (a chair reordering the draft) past the unique constraint."""
        a, b = first.number, second.number
        first.number = 0
        self.session.flush()
        second.number = a
        self.session.flush()
        first.number = b
        self.session.flush()

    def add_items(self, items: Sequence[AgendaItem]) -> None:
        self.session.add_all(items)
        self.session.flush()
