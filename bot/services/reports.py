"""Filing reports (``/rapportera``), and editing one the education chief returned with a question."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.meetings import MeetingSlot
from bot.domain.permissions import GuestCheck, Permission
from bot.domain.place_names import earlier_places
from bot.domain.reports import (
    DESCRIPTION_MAX,
    ReportInput,
    ReportStatus,
    UnitKind,
    format_reference,
    identity_number_fields,
    validate_report,
    with_identity_number_warnings,
)
from bot.domain.vocabulary import AREA, CATEGORY
from bot.results.common import Denied, Receipt, Rejected, ReportView, ReviewRequest
from bot.results.home import ActionLine, MyReport
from bot.results.occurrences import MatchOffer
from bot.results.reports import PhotoLine, ReportCard, ReportForm, UnitChoice
from bot.services.cache import WorkspaceCache
from bot.services.common import MessageBuilders, queue_message
from bot.services.duplicates import offer_match
from bot.services.meetings import MeetingService
from bot.services.roles import REPORTERS_UNITS, Roles
from bot.services.rounds import RoundService
from bot.services.vocabulary import VocabularyService
from storage.models import Member, Report, ReportDraft, ReportPhoto, Unit
from storage.repositories.places import PlaceRepository
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FiledReport:
    receipt: Receipt
    notification_keys: tuple[tuple[str, str], ...]


def report_view(report: Report) -> ReportView:
    return ReportView(
        report_id=report.id,
        reference=report.reference,
        reporter_user_id=report.reporter_user_id,
        category=report.category,
        unit_name=report.unit.name,
        area=report.unit.area,
        place=report.place,
        occurred_on=report.occurred_on,
        occurred_time=report.occurred_time,
        recurring=report.recurring,
        description=report.description,
        status=report.status,
    )


def _slot_holds_until(slot: MeetingSlot) -> datetime:
    """Until when the meeting a report goes to stays the same: its cutoff, or sooner the start of a
    meeting whose cutoff has passed (the form mentions that one as missed until it begins)."""
    if slot.missed_starts_at is None:
        return slot.cutoff_at
    return min(slot.cutoff_at, slot.missed_starts_at)


def choice(unit: Unit) -> UnitChoice:
    return UnitChoice(id=unit.id, name=unit.name, kind=unit.kind, area=unit.area)


class ReportService:
    DRAFT_TTL = timedelta(hours=24)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        meetings: MeetingService,
        tz: ZoneInfo,
        messages: MessageBuilders,
        roles: Roles,
        rounds: RoundService | None = None,
        vocabulary: VocabularyService | None = None,
    ) -> None:
        self.sessions = sessions
        self.vocabulary = vocabulary or VocabularyService(sessions)
        self.roles = roles
        self.rounds = rounds  # the weekly round's DMs say when the unit reported
        self.meetings = meetings
        self.tz = tz
        self.messages = messages
        self.form_cache = WorkspaceCache()

    # ------------------------------------------------------------------------------ the modal
    def report_form(
        self, team_id: str, user_id: str, command_text: str, now: datetime, unit_id: int | None = None
    ) -> ReportForm:
        """Prepare the modal. Command text too long for the field is kept as a draft, not cut off.
        ``unit_id``: the unit to have chosen (the weekly round's *Rapportera*), when offered."""
        guest = self.roles.is_guest(team_id, user_id)
        with unit_of_work(self.sessions) as uow:
            if not self.roles.may_report_for(uow.session, team_id, user_id, None):
                raise Denied("guest_without_unit" if guest else "reporters_restricted")
            own_unit = uow.members.unit_of(team_id, user_id)
            # The units and the meeting are the workspace's, not the reporter's: kept a few seconds
            # (see bot.services.cache; submitting reads them again).
            units = self.form_cache.get(
                team_id, "units", lambda: tuple(choice(u) for u in uow.units.active(team_id))
            )
            if self.roles.configured(team_id).reporters == REPORTERS_UNITS or guest:
                # A guest reports for their own actor only (and names no new unit).
                units = tuple(u for u in units if own_unit is not None and u.id == own_unit)
            if guest and not units:
                raise Denied("guest_without_unit")
            places_unit = self._places_unit(uow, team_id, user_id)
            earlier = places_unit is not None and PlaceRepository(uow.session).any_used(
                team_id, places_unit.id, None if guest else places_unit.area
            )
            remembered = next((u for u in units if unit_id is not None and u.id == unit_id), None)
            remembered = remembered or next(
                (u for u in units if own_unit is not None and u.id == own_unit), None
            )
            draft_id = overflow = None
            description = command_text.strip()
            if len(description) > DESCRIPTION_MAX:
                draft = uow.drafts.add(
                    ReportDraft(team_id=team_id, user_id=user_id, text=description, created_at=now)
                )
                draft_id, overflow = draft.id, len(description)
                description = description[:DESCRIPTION_MAX]
            # Read only: opening the modal must not take the database's write lock.
            _, slot = self.form_cache.get(
                team_id,
                "slot",
                lambda: (now, self.meetings.slot(uow, team_id, now)),
                still_right=lambda cached: cached[0] <= now < _slot_holds_until(cached[1]),
            )
        return ReportForm(
            units=units,
            remembered_unit=remembered,
            meeting=slot,
            today=now.astimezone(self.tz).date(),
            description=description,
            draft_id=draft_id,
            overflow_length=overflow,
            earlier_places=earlier,
            guest_check=self.roles.guest_check(team_id, user_id, now),
            vocabulary=self.vocabulary.load(team_id),
        )

    def edit_form(self, team_id: str, user_id: str, report_id: int, now: datetime) -> ReportForm:
        """The modal again, filled in, for a report the reviewer returned with a question."""
        with unit_of_work(self.sessions) as uow:
            report = uow.reports.get(team_id, report_id)
            if report is None:
                raise Denied("report_not_found")
            self.roles.require(uow.session, team_id, user_id, Permission.EDIT_REPORT, report=report)
            if report.status != ReportStatus.RETURNED:
                raise Denied("report_not_returned")
            units = tuple(choice(u) for u in uow.units.active(team_id))
            slot = self.meetings.slot(uow, team_id, now)
            view = report_view(report)
            question = report.review_question
        return ReportForm(
            units=units,
            remembered_unit=next((u for u in units if u.name == view.unit_name), None),
            meeting=slot,
            today=now.astimezone(self.tz).date(),
            description=view.description,
            editing=view,
            question=question,
            category=view.category,
            vocabulary=self.vocabulary.load(team_id),
        )

    def unit_choices(
        self, team_id: str, query: str, limit: int = 100, *, user_id: str | None = None
    ) -> list[UnitChoice]:
        """Units whose name contains ``query`` (for a type-ahead select when there are many); for a
        guest (``user_id``) only their own actor."""
        needle = query.strip().lower()
        guest = user_id is not None and self.roles.is_guest(team_id, user_id)
        with unit_of_work(self.sessions) as uow:
            own = uow.members.unit_of(team_id, user_id) if guest and user_id is not None else None
            matches = [
                choice(u)
                for u in uow.units.active(team_id)
                if needle in u.name.lower() and (not guest or u.id == own)
            ]
        return matches[:limit]

    def earlier_places(self, team_id: str, user_id: str, query: str, *, limit: int = 20) -> list[str]:
        """The places the reporter's unit - and, but for a guest, the other units of its area -
        reported before, matching ``query``, the unit's most used first. Only the reporter's own
        unit (the one the form preselects): nobody reads another unit's places by choosing it."""
        guest = self.roles.is_guest(team_id, user_id)
        with unit_of_work(self.sessions) as uow:
            unit = self._places_unit(uow, team_id, user_id)
            if unit is None:
                return []
            uses = PlaceRepository(uow.session).uses(team_id, unit.id, None if guest else unit.area)
        return earlier_places(uses, query, limit=limit)

    @staticmethod
    def _places_unit(uow: UnitOfWork, team_id: str, user_id: str) -> Unit | None:
        own = uow.members.unit_of(team_id, user_id)
        unit = uow.units.get(team_id, own) if own is not None else None
        return unit if unit is not None and unit.active else None

    # ------------------------------------------------------------------------------ filing
    def file_report(
        self,
        *,
        team_id: str,
        user_id: str,
        view_id: str | None,
        report: ReportInput,
        draft_id: int | None,
        now: datetime,
        editing_report_id: int | None = None,
        surface: str = "modal",
        warn_identity_numbers: bool = False,
        offer_matches: bool = False,
        guest_check: GuestCheck | None = None,
    ) -> FiledReport | Rejected | MatchOffer:
        """Validate and store a report (or the edited one), remember the reporter's unit, queue the
        receipt and, where the unit has a reviewer, the review request; one transaction.

        ``warn_identity_numbers`` (the modal): every problem at once - the field errors and, on each
        free-text field that seems to hold a personnummer, a warning, asked once per field of the
        modal ``view_id``; sent again, the report is stored with the number masked.

        ``offer_matches`` (the modal): a new report that may be another occurrence of an open one is
        not stored yet; the match is offered (``MatchOffer``) with the report kept until answered.

        ``guest_check``: what Slack said about the user when the modal opened (its metadata)."""
        local = now.astimezone(self.tz)
        vocabulary = self.vocabulary.load(team_id)
        errors = validate_report(
            report,
            today=local.date(),
            local_time=local.time(),
            categories=vocabulary.active_keys(CATEGORY),
            areas=vocabulary.active_keys(AREA),
            editing_category=self._category_of(team_id, editing_report_id),
        )
        if warn_identity_numbers and view_id is not None:
            errors = self._warn_identity_numbers(team_id, user_id, view_id, report, errors, now)
        if errors:
            return Rejected(errors)
        self.roles.recall(team_id, guest_check, now)
        guest = self.roles.is_guest(team_id, user_id)
        if report.unit_id is None and guest:
            raise Denied("reporters_restricted")  # a guest names no new unit: theirs is connected
        with unit_of_work(self.sessions) as uow:
            if view_id is not None and (earlier := uow.reports.by_view(team_id, view_id)) is not None:
                receipt = Receipt(report_view(earlier), _meeting_start(earlier), None)
                return FiledReport(receipt, ((team_id, _receipt_key(earlier)),))
            if offer_matches and view_id is not None and editing_report_id is None:
                # In the filing's own transaction: one round trip to the database less per report.
                offer = offer_match(
                    uow,
                    team_id=team_id,
                    user_id=user_id,
                    view_id=view_id,
                    report=report,
                    draft_id=draft_id,
                    now=now,
                    own_unit_only=guest,
                )
                if offer is not None:
                    return offer
            unit = self._unit(uow, team_id, report, now)
            if unit is None or (report.unit_id is not None and not unit.active):
                # Another workspace's, or removed since the modal (which offers active units) opened.
                return Rejected({"unit": "unit_missing"})
            if not self.roles.may_report_for(uow.session, team_id, user_id, unit):
                raise Denied("reporters_restricted")
            member = uow.members.get_or_create(team_id, user_id, now)
            if member.unit_id != unit.id and _may_remember(member, unit):
                member.unit_id, member.updated_at = unit.id, now
            uow.members.grant(member, "reporter")
            slot, meeting = self.meetings.slot_for_report(uow, team_id, now)
            reviewer = unit.reviewer_user_id if unit.reviewer_user_id not in (None, user_id) else None
            status = ReportStatus.IN_REVIEW if reviewer else ReportStatus.NEW
            if editing_report_id is not None:
                stored = self._edit(uow, team_id, user_id, editing_report_id, report, unit, now)
                event = "report.resubmitted"
            else:
                # Meeting and status in the INSERT itself: no UPDATE of the new row after it.
                placed = (meeting.id, status)
                stored = self._create(
                    uow, team_id, user_id, view_id, report, unit, draft_id, local.year, now, placed
                )
                event = "report.created"
            stored.meeting_id = meeting.id
            stored.status = status
            uow.session.flush()
            if report.photos:
                attach_photos(uow, stored, report, user_id, now)
            uow.audit.report_filed(
                stored, by=user_id, at=now, surface=surface, resubmitted=editing_report_id is not None
            )
            view = report_view(stored)
            receipt = Receipt(
                view, meeting.starts_at, slot.missed_starts_at, reviewer, resent=editing_report_id is not None
            )
            receipt_message = self.messages.report_receipt(receipt)
            keys = [
                queue_message(
                    uow,
                    team_id=team_id,
                    key=_receipt_key(stored),
                    kind="report_receipt",
                    channel=user_id,
                    message=receipt_message,
                    now=now,
                )
            ]
            if reviewer is not None:
                request = self.messages.review_request(
                    ReviewRequest(view, stored.revision, meeting.starts_at)
                )
                keys.append(
                    queue_message(
                        uow,
                        team_id=team_id,
                        key=f"review:{stored.id}:{stored.revision}",
                        kind="review_request",
                        channel=reviewer,
                        message=request,
                        now=now,
                        # Once the agenda is out the report is on it, reviewed or not.
                        stale_at=meeting.starts_at - self.meetings.schedule_for(team_id).publish_before,
                    )
                )
            if self.rounds is not None:
                keys += self.rounds.show_report(uow, stored, now)
        log.info("report %s: id=%s unit=%s", event, stored.id, unit.id)
        return FiledReport(receipt, tuple(keys))

    def _warn_identity_numbers(
        self,
        team_id: str,
        user_id: str,
        view_id: str,
        report: ReportInput,
        errors: dict[str, str],
        now: datetime,
    ) -> dict[str, str]:
        """``errors`` with the personnummer warnings not yet shown in this modal; the ones shown now
        are remembered (in the audit log, by field name), so that sending again goes through."""
        flagged = identity_number_fields(report, today=now.astimezone(self.tz).date())
        if not flagged:
            return errors
        with unit_of_work(self.sessions) as uow:
            warned = {
                f
                for f in flagged
                if uow.audit.identity_number_warned_before(team_id, view_id=view_id, field=f)
            }
            problems = with_identity_number_warnings(errors, flagged, warned)
            for field in problems.keys() - errors.keys():
                uow.audit.identity_number_warned(team_id, view_id=view_id, field=field, by=user_id, at=now)
        return problems

    def _category_of(self, team_id: str, report_id: int | None) -> str | None:
        """A returned report's category: resubmitting it stays valid if the term was retired since."""
        if report_id is None:
            return None
        with unit_of_work(self.sessions) as uow:
            report = uow.reports.get(team_id, report_id)
            return report.category if report is not None else None

    def _unit(self, uow: UnitOfWork, team_id: str, report: ReportInput, now: datetime) -> Unit | None:
        if report.unit_id is not None:
            return uow.units.get(team_id, report.unit_id)
        assert report.new_unit_name is not None
        name = report.new_unit_name.strip()
        return uow.units.by_name(team_id, name) or uow.units.add(
            Unit(
                team_id=team_id,
                name=name,
                kind=UnitKind.SCHOOL,
                area=report.new_unit_area,
                active=True,
                created_at=now,
            )
        )

    @staticmethod
    def _create(
        uow: UnitOfWork,
        team_id: str,
        user_id: str,
        view_id: str | None,
        report: ReportInput,
        unit: Unit,
        draft_id: int | None,
        year: int,
        now: datetime,
        placed: tuple[int, str] | None = None,
    ) -> Report:
        """``placed``: the meeting id and status to store it with (else no meeting, status new)."""
        meeting_id, status = placed if placed is not None else (None, ReportStatus.NEW)
        draft = uow.drafts.take(team_id, user_id, draft_id) if draft_id is not None else None
        number = uow.reports.next_number(team_id, year)
        stored = uow.reports.add(
            Report(
                team_id=team_id,
                year=year,
                number=number,
                reference=format_reference(year, number),
                reporter_user_id=user_id,
                unit_id=unit.id,
                category=report.category,
                place=report.place.strip(),
                occurred_on=report.occurred_on,
                occurred_time=report.occurred_time,
                description=report.description.strip(),
                command_text=draft.text if draft is not None else None,
                recurring=report.recurring,
                status=status,
                meeting_id=meeting_id,
                slack_view_id=view_id,
                revision=1,
                created_at=now,
                updated_at=now,
            )
        )
        stored.unit = unit
        return stored

    def _edit(
        self,
        uow: UnitOfWork,
        team_id: str,
        user_id: str,
        report_id: int,
        report: ReportInput,
        unit: Unit,
        now: datetime,
    ) -> Report:
        stored = uow.reports.get(team_id, report_id)
        if stored is None:
            raise Denied("report_not_found")
        self.roles.require(uow.session, team_id, user_id, Permission.EDIT_REPORT, report=stored)
        if stored.status != ReportStatus.RETURNED:
            raise Denied("report_not_returned")
        stored.unit_id, stored.unit = unit.id, unit
        stored.category = report.category or stored.category
        stored.place = report.place.strip()
        stored.occurred_on = report.occurred_on or stored.occurred_on
        stored.occurred_time = report.occurred_time
        stored.description = report.description.strip()
        stored.recurring = report.recurring
        stored.revision += 1
        stored.updated_at = now
        return stored

    # ------------------------------------------------------------------------------ on request
    def show(self, team_id: str, user_id: str, year: int, number: int, now: datetime) -> ReportCard:
        """``/orat rapport ÖMM-…``: one report, to those allowed to see it; the look is logged."""
        with unit_of_work(self.sessions) as uow:
            report = uow.reports.by_reference(team_id, year, number)
            if report is None:
                raise Denied("report_not_found")
            self.roles.require(uow.session, team_id, user_id, Permission.SEE_REPORT, report=report)
            uow.audit.report_viewed(
                team_id=team_id, at=now, user_id=user_id, report_id=report.id, surface="command"
            )
            [followed] = reports_as_followed(uow, [uow.overview.report_line(team_id, report.id)], self.tz)
            photos = tuple(PhotoLine(p.name, p.copy_permalink) for p in uow.photos.of_report(report.id))
            return ReportCard(report_view(report), followed, photos)

    # ------------------------------------------------------------------------------ drafts
    def discard_draft(self, team_id: str, user_id: str, draft_id: int) -> None:
        with unit_of_work(self.sessions) as uow:
            uow.drafts.take(team_id, user_id, draft_id)

    def purge_stale_drafts(self, now: datetime) -> int:
        with unit_of_work(self.sessions) as uow:
            return uow.drafts.purge_created_before(now - self.DRAFT_TTL)


def reports_as_followed(uow: UnitOfWork, rows: Sequence[Any], tz: ZoneInfo) -> list[MyReport]:
    """Reports as their reporter follows them (Home, ``/orat rapport``): where each is, the meeting's
    latest outcome and the actions. ``rows``: ``uow.overview.reports_by`` or ``report_line``."""
    ids = [r.id for r in rows]
    outcomes = uow.overview.latest_outcomes(ids)
    photos = uow.photos.counts(ids)
    actions: dict[int, list[ActionLine]] = {}
    for a in uow.overview.actions_of_reports(ids):
        actions.setdefault(a.report_id, []).append(
            ActionLine(
                unit=a.unit,
                description=a.description,
                due_on=a.due_on,
                status=a.status,
                outcome_note=a.outcome_note,
                done_on=a.done_at.astimezone(tz).date() if a.done_at else None,
            )
        )
    found = []
    for r in rows:
        outcome, outcome_meeting = outcomes.get(r.id, (None, None))
        found.append(
            MyReport(
                report_id=r.id,
                reference=r.reference,
                category=r.category,
                school=r.school,
                place=r.place,
                status=r.status,
                occurred_on=r.occurred_on,
                filed_on=r.created_at.astimezone(tz).date(),
                review_question=r.review_question,
                merged_into=r.merged_into,
                meeting_starts_at=r.meeting_starts_at,
                outcome=outcome,
                outcome_meeting_starts_at=outcome_meeting,
                actions=tuple(actions.get(r.id, ())),
                photos=photos.get(r.id, 0),
            )
        )
    return found


def attach_photos(uow: UnitOfWork, stored: Report, report: ReportInput, user_id: str, now: datetime) -> None:
    """The images attached in the form, each once per report (an edit may add, never doubles; an
    occurrence's go to the report it was added to)."""
    have = {p.slack_file_id for p in uow.photos.of_report(stored.id)} if report.photos else set()
    uow.photos.add(
        [
            ReportPhoto(
                team_id=stored.team_id,
                report_id=stored.id,
                slack_file_id=p.file_id,
                name=p.name,
                mimetype=p.mimetype,
                size=p.size,
                url=p.url,
                uploaded_by_user_id=user_id,
                created_at=now,
            )
            for p in report.photos
            if p.file_id not in have
        ]
    )


def _may_remember(member: Member, unit: Unit) -> bool:
    """Whether reporting for ``unit`` may become the reporter's remembered unit. Only schools, and
    only instead of a school: being registered at a department or actor makes someone a meeting
    participant who reads every published report, and that is for a chair or an administrator to
    decide, not for whoever picks the police in the report form (nor does a police contact
    reporting about a school stop being one)."""
    current = member.unit
    return unit.kind == UnitKind.SCHOOL and (current is None or current.kind == UnitKind.SCHOOL)


def _receipt_key(report: Report) -> str:
    return f"report_receipt:{report.id}:{report.revision}"


def _meeting_start(report: Report) -> datetime:
    return report.meeting.starts_at if report.meeting is not None else report.created_at
