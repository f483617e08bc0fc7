"""The audit log: append-only, one method per kind of event (what varies is all a caller passes).

``details`` hold identifiers and field names, never report text. ``by`` is the user who acted;
events without one were done by the bot itself (the scheduler, retention)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zlib import crc32

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.models import (
    Action,
    AgendaItem,
    AuditEvent,
    Meeting,
    Member,
    OtherItem,
    Report,
    ReportOccurrence,
    Unit,
    VocabularyTerm,
)

# Where an event came from (``AuditEvent.surface``).
MODAL = "modal"
COMMAND = "command"
BUTTON = "button"
SCHEDULER = "scheduler"
CLI = "cli"
RETENTION = "retention"

_IDENTITY_NUMBER_WARNED = "report.identity_number_warned"
_REPORT_FORM = "report_form"


def _form_field(view_id: str, field: str) -> int:
    """A field of a modal as an event's integer subject (``details`` keep the view id itself)."""
    return crc32(f"{view_id}:{field}".encode()) & 0x7FFFFFFF


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        *,
        team_id: str,
        at: datetime,
        actor_user_id: str | None,
        event: str,
        subject_type: str,
        subject_id: int,
        surface: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        """One event, spelled out; the typed methods below are what the services call."""
        self.session.add(
            AuditEvent(
                team_id=team_id,
                at=at,
                actor_user_id=actor_user_id,
                event=event,
                subject_type=subject_type,
                subject_id=subject_id,
                surface=surface,
                details=details or {},
            )
        )

    def count(self, team_id: str, event: str, subject_type: str, subject_id: int) -> int:
        return int(
            self.session.scalar(
                select(func.count()).where(
                    AuditEvent.team_id == team_id,
                    AuditEvent.subject_type == subject_type,
                    AuditEvent.subject_id == subject_id,
                    AuditEvent.event == event,
                )
            )
            or 0
        )

    # ------------------------------------------------------------------------------ reports
    def report_filed(
        self, report: Report, *, by: str, at: datetime, surface: str, resubmitted: bool = False
    ) -> None:
        self.record(
            team_id=report.team_id,
            at=at,
            actor_user_id=by,
            event="report.resubmitted" if resubmitted else "report.created",
            subject_type="report",
            subject_id=report.id,
            surface=surface,
            details={"reference": report.reference, "category": report.category, "unit_id": report.unit_id},
        )

    def identity_number_warned(
        self, team_id: str, *, view_id: str, field: str, by: str, at: datetime
    ) -> None:
        """The reporter was warned that ``field`` of the report form (modal ``view_id``) seems to hold
        a personnummer; sending again stores the report with it masked. The field's name, no text."""
        self.record(
            team_id=team_id,
            at=at,
            actor_user_id=by,
            event=_IDENTITY_NUMBER_WARNED,
            subject_type=_REPORT_FORM,
            subject_id=_form_field(view_id, field),
            surface=MODAL,
            details={"view_id": view_id, "field": field},
        )

    def identity_number_warned_before(self, team_id: str, *, view_id: str, field: str) -> bool:
        """Whether the warning about ``field`` was already shown in modal ``view_id``."""
        return self.count(team_id, _IDENTITY_NUMBER_WARNED, _REPORT_FORM, _form_field(view_id, field)) > 0

    def report_viewed(
        self,
        *,
        team_id: str,
        at: datetime,
        user_id: str,
        report_id: int,
        surface: str,
        via: str | None = None,
    ) -> None:
        """Someone was shown a report's contents on request (a look the city's log follow-up sees)."""
        self.record(
            team_id=team_id,
            at=at,
            actor_user_id=user_id,
            event="report.viewed",
            subject_type="report",
            subject_id=report_id,
            surface=surface,
            details={"via": via} if via else None,
        )

    def report_reviewed(
        self, report: Report, *, by: str, at: datetime, outcome: str, merged_into: str | None = None
    ) -> None:
        """The unit's reviewer sent it on, returned it with a question, merged or closed it."""
        self.record(
            team_id=report.team_id,
            at=at,
            actor_user_id=by,
            event=f"report.review_{outcome}",
            subject_type="report",
            subject_id=report.id,
            surface=BUTTON,
            details={"merged_into": merged_into} if merged_into else None,
        )

    def report_anonymised(self, report: Report, *, at: datetime) -> None:
        self._by_retention(report.team_id, at, "report.anonymised", "report", report.id)

    def report_deleted(self, report: Report, *, at: datetime) -> None:
        self._by_retention(report.team_id, at, "report.deleted", "report", report.id)

    def audit_read(self, report: Report, *, by: str, at: datetime) -> None:
        """A chair or admin read the report's log (``/orat logg``)."""
        self.record(
            team_id=report.team_id,
            at=at,
            actor_user_id=by,
            event="audit.read",
            subject_type="report",
            subject_id=report.id,
            surface=COMMAND,
        )

    # ------------------------------------------------------------------------------ people
    def user_pseudonymised(self, team_id: str, *, pseudonym: str, at: datetime) -> None:
        self._by_retention(team_id, at, "user.pseudonymised", "user", 0, {"pseudonym": pseudonym})

    def user_exported(self, team_id: str, *, user_id: str, at: datetime) -> None:
        """A register extract (registerutdrag) was taken from the command line."""
        self._by_retention(team_id, at, "user.exported", "user", 0, {"user": user_id}, surface=CLI)

    # ------------------------------------------------------------------------------ actions
    def action_created(self, action: Action, *, by: str, at: datetime, item_id: int, assigned: bool) -> None:
        """Someone took responsibility for an agenda item (or a chair assigned it)."""
        details = {"item": item_id, "unit_id": action.owner_unit_id, "assigned": assigned}
        self._on_action(action, by, at, "action.created", details)

    def action_done(self, action: Action, *, by: str, at: datetime) -> None:
        self._on_action(action, by, at, "action.done")

    def deadline_changed(self, action: Action, *, by: str, at: datetime) -> None:
        self._on_action(action, by, at, "action.deadline_changed")

    def handover_requested(self, action: Action, *, by: str, at: datetime) -> None:
        self._on_action(action, by, at, "action.handover_requested")

    def handover_requests(self, action: Action) -> int:
        """How many handovers of the action have been asked for so far."""
        return self.count(action.team_id, "action.handover_requested", "action", action.id)

    def handover_answered(self, action: Action, *, by: str, at: datetime, accepted: bool) -> None:
        self._on_action(
            action, by, at, "action.handover_accepted" if accepted else "action.handover_declined"
        )

    def solved_answered(self, action: Action, *, by: str, at: datetime, solved: bool) -> None:
        """The reporter's answer to "Är problemet löst?" (Nej: the report comes back)."""
        self._on_action(action, by, at, "report.solved" if solved else "report.reopened")

    def _on_action(
        self, action: Action, by: str, at: datetime, event: str, details: dict[str, Any] | None = None
    ) -> None:
        self.record(
            team_id=action.team_id,
            at=at,
            actor_user_id=by,
            event=event,
            subject_type="action",
            subject_id=action.id,
            surface=BUTTON,
            details=details,
        )

    # ------------------------------------------------------------------------------ meetings
    def item_decided(self, item: AgendaItem, *, by: str, at: datetime, outcome: str) -> None:
        """An agenda item's outcome: no action, tabled, or "not ours"."""
        self.record(
            team_id=item.team_id,
            at=at,
            actor_user_id=by,
            event=f"agenda_item.{outcome}",
            subject_type="agenda_item",
            subject_id=item.id,
            surface=BUTTON,
        )

    def item_untabled(self, item: AgendaItem, *, by: str, at: datetime) -> None:
        """A chair undid the tabling of an agenda item (before the minutes were posted)."""
        self.record(
            team_id=item.team_id,
            at=at,
            actor_user_id=by,
            event="agenda_item.untabled",
            subject_type="agenda_item",
            subject_id=item.id,
            surface=BUTTON,
        )

    def item_moved_to_next_meeting(self, item: AgendaItem, *, by: str, at: datetime, reason: str) -> None:
        """A chair took an item off the coming meeting's draft agenda; it comes back next meeting.
        The reason itself stays on the item (free text is kept out of the audit log)."""
        self.record(
            team_id=item.team_id,
            at=at,
            actor_user_id=by,
            event="agenda_item.moved_to_next_meeting",
            subject_type="agenda_item",
            subject_id=item.id,
            surface=MODAL,
            details={"meeting_id": item.meeting_id, "number": item.number, "with_reason": bool(reason)},
        )

    def item_removed(self, item: AgendaItem, *, by: str, at: datetime) -> None:
        """A chair took an item off the agenda ("Ta bort från dagordningen"); the report is closed.
        The reason itself stays on the item (``outcome_note``): no free text in the audit log."""
        self.record(
            team_id=item.team_id,
            at=at,
            actor_user_id=by,
            event="agenda_item.removed",
            subject_type="agenda_item",
            subject_id=item.id,
            surface=MODAL,
            details={
                "meeting_id": item.meeting_id,
                "number": item.number,
                "report_id": item.report_id,
                "with_reason": bool(item.outcome_note),
            },
        )

    def items_merged(self, item: AgendaItem, into: AgendaItem, *, by: str, at: datetime) -> None:
        """A chair merged an item's report into another item's on the same agenda."""
        self.record(
            team_id=item.team_id,
            at=at,
            actor_user_id=by,
            event="agenda_item.merged",
            subject_type="agenda_item",
            subject_id=item.id,
            surface=MODAL,
            details={
                "meeting_id": item.meeting_id,
                "number": item.number,
                "report_id": item.report_id,
                "into_number": into.number,
                "into_report_id": into.report_id,
            },
        )

    def other_item_added(self, item: OtherItem, *, by: str, at: datetime) -> None:
        """A chair added an item of their own ("Övrigt") to the draft agenda."""
        self.record(
            team_id=item.team_id,
            at=at,
            actor_user_id=by,
            event="agenda.other_item_added",
            subject_type="meeting",
            subject_id=item.meeting_id,
            surface=MODAL,
            details={"other_item_id": item.id},
        )

    def item_reordered(self, item: AgendaItem, *, by: str, at: datetime, step: int) -> None:
        """A chair moved an item up (-1) or down (+1) on the draft agenda: its number changed."""
        self.record(
            team_id=item.team_id,
            at=at,
            actor_user_id=by,
            event="agenda_item.reordered",
            subject_type="agenda_item",
            subject_id=item.id,
            surface=BUTTON,
            details={"meeting_id": item.meeting_id, "number": item.number, "step": step},
        )

    def meeting_moved(self, meeting: Meeting, *, by: str, at: datetime) -> None:
        self._on_meeting(meeting.team_id, meeting.id, by, at, "meeting.moved", COMMAND)

    def meeting_cancelled(self, meeting: Meeting, *, by: str, at: datetime) -> None:
        self._on_meeting(meeting.team_id, meeting.id, by, at, "meeting.cancelled", COMMAND)

    def agenda_missed(self, meeting: Meeting, *, at: datetime) -> None:
        """The chairs were told that the meeting's agenda never went out."""
        self._on_meeting(meeting.team_id, meeting.id, None, at, "agenda.missed", SCHEDULER)

    def agenda_published(
        self, meeting: Meeting, *, by: str | None, at: datetime, items: int, messages: int
    ) -> None:
        """By a chair's button, or by the scheduler (``by`` None)."""
        surface = BUTTON if by else SCHEDULER
        details = {"items": items, "messages": messages}
        self._on_meeting(meeting.team_id, meeting.id, by, at, "agenda.published", surface, details)

    def minutes_posted(self, team_id: str, meeting_id: int, *, by: str | None, at: datetime) -> None:
        """By a chair's command, or by the scheduler (``by`` None)."""
        self._on_meeting(team_id, meeting_id, by, at, "minutes.posted", COMMAND if by else SCHEDULER)

    def attendance_set(
        self, team_id: str, meeting_id: int, *, by: str, at: datetime, added: list[str], removed: list[str]
    ) -> None:
        """A chair set who attended a meeting ("Närvaro…"), before the minutes were posted."""
        details = {"added": added, "removed": removed}
        self._on_meeting(team_id, meeting_id, by, at, "meeting.attendance_set", MODAL, details)

    def minutes_corrected(
        self, team_id: str, meeting_id: int, *, by: str, at: datetime, correction_id: int, item_ref: str
    ) -> None:
        """A chair corrected posted minutes; the text itself stays on the correction (free text is
        kept out of the audit log)."""
        details = {"correction_id": correction_id, "item": item_ref}
        self._on_meeting(team_id, meeting_id, by, at, "minutes.corrected", MODAL, details)

    def channel_refused(self, team_id: str, *, at: datetime, channel: str, reason: str, what: str) -> None:
        """Report contents were kept out of the meeting channel (``reason``: why it is unsafe)."""
        self.record(
            team_id=team_id,
            at=at,
            actor_user_id=None,
            event="channel.refused",
            subject_type="channel",
            subject_id=0,
            surface=SCHEDULER,
            details={"channel": channel, "reason": reason, "what": what},
        )

    def _on_meeting(
        self,
        team_id: str,
        meeting_id: int,
        by: str | None,
        at: datetime,
        event: str,
        surface: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.record(
            team_id=team_id,
            at=at,
            actor_user_id=by,
            event=event,
            subject_type="meeting",
            subject_id=meeting_id,
            surface=surface,
            details=details,
        )

    # ------------------------------------------------------------------------------ organisation
    def unit_saved(self, unit: Unit, *, by: str, at: datetime, created: bool) -> None:
        self.record(
            team_id=unit.team_id,
            at=at,
            actor_user_id=by,
            event="unit.created" if created else "unit.changed",
            subject_type="unit",
            subject_id=unit.id,
            surface=MODAL,
            details={"reviewer": unit.reviewer_user_id, "active": unit.active},
        )

    def vocabulary_changed(self, term: VocabularyTerm, *, by: str, at: datetime, change: str) -> None:
        """An admin added, renamed, retired or brought back an area or a category."""
        self.record(
            team_id=term.team_id,
            at=at,
            actor_user_id=by,
            event=f"vocabulary.{change}",
            subject_type="vocabulary",
            subject_id=term.id,
            surface=MODAL,
            details={"kind": term.kind, "key": term.key, "label": term.label},
        )

    def member_changed(self, member: Member, *, by: str, at: datetime, roles: set[str]) -> None:
        """An admin set the member's unit and ``roles`` (the roles managed in the admin modal)."""
        self.record(
            team_id=member.team_id,
            at=at,
            actor_user_id=by,
            event="member.changed",
            subject_type="member",
            subject_id=member.id,
            surface=MODAL,
            details={"user": member.user_id, "unit_id": member.unit_id, "roles": sorted(roles)},
        )

    def settings_changed(
        self, team_id: str, *, by: str | None, at: datetime, fields: list[str], version: int
    ) -> None:
        """An admin or chair saved the workspace's settings: which fields changed (names only)."""
        self.record(
            team_id=team_id,
            at=at,
            actor_user_id=by,
            event="settings.changed",
            subject_type="workspace",
            subject_id=version,
            surface=MODAL,
            details={"fields": sorted(fields), "version": version},
        )

    def organisation_loaded(self, team_id: str, *, by: str, at: datetime, added: int, updated: int) -> None:
        """Units (and members) loaded from a pasted organisation file (the first-run checklist)."""
        self.record(
            team_id=team_id,
            at=at,
            actor_user_id=by,
            event="organisation.loaded",
            subject_type="workspace",
            subject_id=0,
            surface=MODAL,
            details={"units_added": added, "units_updated": updated},
        )

    def first_admin_claimed(self, team_id: str, *, user_id: str, at: datetime) -> None:
        """The installer became the workspace's first admin (it had none)."""
        self.record(
            team_id=team_id,
            at=at,
            actor_user_id=user_id,
            event="settings.first_admin",
            subject_type="workspace",
            subject_id=0,
            surface="install",
        )

    def _by_retention(
        self,
        team_id: str,
        at: datetime,
        event: str,
        subject_type: str,
        subject_id: int,
        details: dict[str, Any] | None = None,
        *,
        surface: str = RETENTION,
    ) -> None:
        """What retention and the privacy commands did, by the bot itself (no user)."""
        self.record(
            team_id=team_id,
            at=at,
            actor_user_id=None,
            event=event,
            subject_type=subject_type,
            subject_id=subject_id,
            surface=surface,
            details=details,
        )

    # ------------------------------------------------------------------------------ reading
    def about_report(self, team_id: str, report_id: int) -> Sequence[AuditEvent]:
        """The report's events and those of its actions and agenda items, oldest first."""
        subjects = {
            "report": [report_id],
            "action": list(self.session.scalars(select(Action.id).where(Action.report_id == report_id))),
            "agenda_item": list(
                self.session.scalars(select(AgendaItem.id).where(AgendaItem.report_id == report_id))
            ),
        }
        return self.session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.team_id == team_id,
                or_(
                    *(
                        (AuditEvent.subject_type == kind) & AuditEvent.subject_id.in_(ids)
                        for kind, ids in subjects.items()
                        if ids
                    )
                ),
            )
            .order_by(AuditEvent.at, AuditEvent.id)
        ).all()

    def since(self, since: datetime, team_id: str | None = None) -> Sequence[AuditEvent]:
        """Every event from ``since`` on, oldest first (all teams unless given)."""
        query = select(AuditEvent).where(AuditEvent.at >= since).order_by(AuditEvent.at, AuditEvent.id)
        if team_id is not None:
            query = query.where(AuditEvent.team_id == team_id)
        return self.session.scalars(query).all()

    def occurrence_added(self, occurrence: ReportOccurrence, *, at: datetime) -> None:
        """Someone added an occurrence to an open report ("Lägg till som nytt tillfälle")."""
        self.record(
            team_id=occurrence.team_id,
            at=at,
            actor_user_id=occurrence.reporter_user_id,
            event="occurrence.added",
            subject_type="report",
            subject_id=occurrence.report_id,
            surface="modal",
            details={"occurrence_id": occurrence.id, "unit_id": occurrence.unit_id},
        )
