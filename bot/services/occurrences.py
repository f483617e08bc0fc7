"""Answering "Samma händelse som ÖMM-…?": a new report stored as today (*Nej, ny rapport*), or an
occurrence added to the open report (*Lägg till som nytt tillfälle*) with its own date, time,
place, text and reporter; the owners of the report's open actions are told."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.reports import ReportInput
from bot.domain.rounds import REPORTED
from bot.results.common import Denied, Receipt, Rejected
from bot.results.occurrences import AddedOccurrence, OccurrenceNotice, OccurrenceView
from bot.services.common import MessageBuilders, queue_message
from bot.services.duplicates import load_pending
from bot.services.reports import FiledReport, ReportService, attach_photos, report_view
from bot.services.roles import Roles
from storage.models import Report, ReportOccurrence
from storage.repositories import OPEN_REPORT_STATUSES
from storage.repositories.rounds import RoundRepository
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)


def occurrence_view(uow: UnitOfWork, occurrence: ReportOccurrence, report: Report) -> OccurrenceView:
    added, earliest = uow.occurrences.summaries([report.id]).get(report.id, (0, report.occurred_on))
    return OccurrenceView(
        reference=report.reference,
        category=report.category,
        unit_name=occurrence.unit.name,
        place=occurrence.place,
        occurred_on=occurrence.occurred_on,
        occurred_time=occurrence.occurred_time,
        description=occurrence.description,
        occurrences=added + 1,
        since=min(earliest, report.occurred_on),
    )


class OccurrenceService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        reports: ReportService,
        roles: Roles,
        messages: MessageBuilders,
        tz: ZoneInfo,
    ) -> None:
        self.sessions = sessions
        self.reports = reports
        self.roles = roles
        self.messages = messages
        self.tz = tz

    @staticmethod
    def _pending(
        uow: UnitOfWork, team_id: str, user_id: str, pending_id: int
    ) -> tuple[ReportInput, int | None, tuple[int, ...]]:
        """The report kept while the person answered (taken off the drafts), its command-text draft
        and the reports offered as matches."""
        draft = uow.drafts.take(team_id, user_id, pending_id)
        pending = load_pending(draft.text) if draft is not None else None
        if pending is None:
            raise Denied("match_expired")
        return pending

    def file_new(
        self, *, team_id: str, user_id: str, view_id: str, pending_id: int, now: datetime
    ) -> FiledReport | Rejected:
        """*Nej, ny rapport*: the kept report stored exactly as without the question."""
        with unit_of_work(self.sessions) as uow:
            earlier = uow.reports.by_view(team_id, view_id)
            if earlier is not None:  # a repeated delivery: the same receipt
                start = earlier.meeting.starts_at if earlier.meeting is not None else earlier.created_at
                return FiledReport(Receipt(report_view(earlier), start, None), ())
            report, draft_id, _ = self._pending(uow, team_id, user_id, pending_id)
            uow.session.rollback()  # only read here: the kept report goes once the new one is stored
        filed = self.reports.file_report(
            team_id=team_id, user_id=user_id, view_id=view_id, report=report, draft_id=draft_id, now=now
        )
        if isinstance(filed, FiledReport):
            self.reports.discard_draft(team_id, user_id, pending_id)
        return filed

    def add(
        self, *, team_id: str, user_id: str, view_id: str, pending_id: int, report_id: int, now: datetime
    ) -> AddedOccurrence:
        """*Lägg till som nytt tillfälle*: an occurrence on the open report ``report_id``; a receipt
        to the person and a note to the owner of each open action on the report."""
        with unit_of_work(self.sessions) as uow:
            earlier = uow.occurrences.by_view(team_id, view_id)
            if earlier is not None:  # a repeated delivery: nothing added twice
                return AddedOccurrence(occurrence_view(uow, earlier, earlier.report), ())
            report, command_draft_id, offered = self._pending(uow, team_id, user_id, pending_id)
            # Only a report the modal offered: not one the person may not even see.
            target = uow.reports.get(team_id, report_id) if report_id in offered else None
            if (
                target is None
                or target.merged_into_id is not None
                or target.status not in OPEN_REPORT_STATUSES
            ):
                raise Denied("match_gone")
            unit = self.reports._unit(uow, team_id, report, now)
            if unit is None or (report.unit_id is not None and not unit.active):
                raise Denied("match_gone")
            if not self.roles.may_report_for(uow.session, team_id, user_id, unit):
                raise Denied("reporters_restricted")
            command = uow.drafts.take(team_id, user_id, command_draft_id) if command_draft_id else None
            assert report.occurred_on is not None  # validated before it was kept
            occurrence = uow.occurrences.add(
                ReportOccurrence(
                    team_id=team_id,
                    report_id=target.id,
                    unit_id=unit.id,
                    reporter_user_id=user_id,
                    place=report.place.strip(),
                    occurred_on=report.occurred_on,
                    occurred_time=report.occurred_time,
                    # The whole command text when it was longer than the form's field.
                    description=command.text if command is not None else report.description.strip(),
                    slack_view_id=view_id,
                    created_at=now,
                )
            )
            occurrence.unit = unit
            attach_photos(uow, target, report, user_id, now)
            # The unit has reported for the coming meeting: that is its answer to the weekly round.
            _, meeting = self.reports.meetings.slot_for_report(uow, team_id, now)
            RoundRepository(uow.session).answer(team_id, meeting.id, unit.id, REPORTED, user_id, now)
            uow.members.grant(uow.members.get_or_create(team_id, user_id, now), "reporter")
            uow.audit.occurrence_added(occurrence, at=now)
            view = occurrence_view(uow, occurrence, target)
            keys = [
                queue_message(
                    uow,
                    team_id=team_id,
                    key=f"occurrence_receipt:{occurrence.id}",
                    kind="occurrence_receipt",
                    channel=user_id,
                    message=self.messages.occurrence_receipt(view),
                    now=now,
                )
            ]
            notice = self.messages.occurrence_notice(OccurrenceNotice(view, user_id))
            for owner in uow.occurrences.action_owners(target.id):
                if owner != user_id:
                    keys.append(
                        queue_message(
                            uow,
                            team_id=team_id,
                            key=f"occurrence_notice:{occurrence.id}:{owner}",
                            kind="occurrence_notice",
                            channel=owner,
                            message=notice,
                            now=now,
                        )
                    )
        log.info("occurrence added: id=%s report=%s unit=%s", occurrence.id, target.id, unit.id)
        return AddedOccurrence(view, tuple(keys))
