"""The whole domain's tables. Every row carries the Slack team id: one deployment may serve several
municipalities later. Every timestamp is UTC with tzinfo (``UTCDateTime``)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.db import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TEAM_ID = String(20)
SLACK_ID = String(32)

# Column markers read by the privacy report, export-user and pseudonymisation, so that what they
# say and do follows the schema. Every column holding personal data carries one.
USER = {"personal_data": "slack_user"}  # a Slack user id
FREE_TEXT = {"personal_data": "free_text"}  # text people typed: may name people despite the advice
MESSAGE_COPY = {"personal_data": "message_copy"}  # a copy of a message the bot posts
PERSON_NAME = {"personal_data": "person_name"}  # a person's name as Slack gave it
CHANNEL_OR_USER = {"personal_data": "slack_user_or_channel"}  # a DM's user id, or a channel id


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012


class Unit(Base):
    """An organisational unit: a school, a city department (förvaltning) or an external actor."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("team_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # bot.domain.reports.UnitKind
    area: Mapped[str | None] = mapped_column(String(20))  # None: the whole city
    # The education chief (utbildningschef) who reviews this unit's reports, if any.
    reviewer_user_id: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class Member(Base):
    """A Slack user as the bot knows them: their unit (remembered from the first report) and roles."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    user_id: Mapped[str] = mapped_column(SLACK_ID, info=USER)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    unit: Mapped[Unit | None] = relationship()
    roles: Mapped[list[MemberRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class MemberRole(Base):
    __tablename__ = "member_roles"
    __table_args__ = (UniqueConstraint("member_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))  # reporter | reviewer | participant | chair | admin


class Meeting(Base):
    """A meeting the bot has dealt with: one a report was filed for, one a chair moved or cancelled,
    one whose agenda went out. ``regular_starts_at`` is the weekly rule's slot it stands for."""

    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("team_id", "starts_at"),
        UniqueConstraint("team_id", "regular_starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    starts_at: Mapped[datetime]
    regular_starts_at: Mapped[datetime]
    cutoff_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned | moved | cancelled
    changed_by_user_id: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)
    # Claimed (set) by the one process that sends the chairs' draft / publishes the agenda.
    draft_sent_at: Mapped[datetime | None]
    agenda_published_at: Mapped[datetime | None]
    minutes_posted_at: Mapped[datetime | None]
    # Set (claimed) when the chairs were told that the agenda never went out (the bot was down).
    missed_noticed_at: Mapped[datetime | None]
    # Claimed (set) by the one process that sends the weekly round's question / its reminder.
    round_sent_at: Mapped[datetime | None]
    round_reminded_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class ReportCounter(Base):
    """The last reference number used per team and year; its row lock serialises numbering."""

    __tablename__ = "report_counters"

    team_id: Mapped[str] = mapped_column(TEAM_ID, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Report(Base):
    """One observed problem (anmälan / signal)."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("team_id", "year", "number"),
        UniqueConstraint("team_id", "slack_view_id"),
        Index("ix_reports_team_meeting", "team_id", "meeting_id"),
        Index("ix_reports_team_created", "team_id", "created_at"),
        Index("ix_reports_team_unit_category_occurred", "team_id", "unit_id", "category", "occurred_on"),
        Index("ix_reports_team_status_created", "team_id", "status", "created_at"),
        Index("ix_reports_merged_into", "merged_into_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(20))
    reporter_user_id: Mapped[str] = mapped_column(SLACK_ID, info=USER)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    category: Mapped[str] = mapped_column(String(30))
    place: Mapped[str] = mapped_column(String(200), info=FREE_TEXT)
    occurred_on: Mapped[date] = mapped_column(Date)
    occurred_time: Mapped[time | None] = mapped_column(Time)
    description: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    # The full text typed after /rapportera when it was longer than the modal's field.
    command_text: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    recurring: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20))  # bot.domain.reports.ReportStatus
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    # The modal view that created the report: a repeated delivery of the same submit finds it.
    slack_view_id: Mapped[str | None] = mapped_column(SLACK_ID)
    # Review by the unit's education chief (utbildningschef).
    revision: Mapped[int] = mapped_column(Integer, default=1)  # +1 each time it is edited and resent
    reviewed_at: Mapped[datetime | None]
    reviewed_by_user_id: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)
    review_question: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # When retention (gallring) replaced its free text and user ids.
    anonymised_at: Mapped[datetime | None]

    unit: Mapped[Unit] = relationship()
    meeting: Mapped[Meeting | None] = relationship()


class ReportOccurrence(Base):
    """The same event or problem reported again ("Lägg till som nytt tillfälle" when the report
    modal offered a match): its own date, time, place, text and reporter, under the report it
    belongs to. Its free text follows the report's retention (gallring)."""

    __tablename__ = "report_occurrences"
    __table_args__ = (
        UniqueConstraint("team_id", "slack_view_id"),
        Index("ix_report_occurrences_report", "report_id"),
        Index("ix_report_occurrences_team_created", "team_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    reporter_user_id: Mapped[str] = mapped_column(SLACK_ID, info=USER)
    place: Mapped[str] = mapped_column(String(200), info=FREE_TEXT)
    occurred_on: Mapped[date] = mapped_column(Date)
    occurred_time: Mapped[time | None] = mapped_column(Time)
    description: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    # The modal it was added from: a repeated delivery of the same submit adds it once.
    slack_view_id: Mapped[str | None] = mapped_column(SLACK_ID)
    created_at: Mapped[datetime]

    report: Mapped[Report] = relationship()
    unit: Mapped[Unit] = relationship()


class ReportPhoto(Base):
    """An image attached to a report in the form (the bytes stay in Slack). When the agenda is
    published the bot copies it into the item's thread in the meeting channel (``copy_file_id``);
    retention deletes that copy (files.delete) and forgets the row."""

    __tablename__ = "report_photos"
    __table_args__ = (
        UniqueConstraint("report_id", "slack_file_id"),
        Index("ix_report_photos_team_uploaded_by", "team_id", "uploaded_by_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    slack_file_id: Mapped[str] = mapped_column(SLACK_ID)
    name: Mapped[str] = mapped_column(String(255), info=FREE_TEXT)  # the file name, as uploaded
    mimetype: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    # url_private_download, read with the bot token when the copy is made (it holds the file name).
    url: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    uploaded_by_user_id: Mapped[str] = mapped_column(SLACK_ID, info=USER)
    copy_file_id: Mapped[str | None] = mapped_column(SLACK_ID)  # the bot's copy in the meeting channel
    copy_permalink: Mapped[str | None] = mapped_column(Text)  # the copy's link, where Slack gives one
    created_at: Mapped[datetime]
    copied_at: Mapped[datetime | None]


class ReportDraft(Base):
    """Command text too long for the modal's field, kept until the modal is submitted or closed."""

    __tablename__ = "report_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    user_id: Mapped[str] = mapped_column(SLACK_ID, info=USER)
    text: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    created_at: Mapped[datetime] = mapped_column(index=True)


class AgendaItem(Base):
    """One numbered item of one meeting's agenda, and what the meeting decided about it."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("meeting_id", "report_id"),
        UniqueConstraint("meeting_id", "number"),
        Index("ix_agenda_items_report", "report_id"),
        Index("ix_agenda_items_team_outcome", "team_id", "outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="new")  # new | carried
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    unreviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The outbox key of the published message that shows this item (for updates in place).
    message_key: Mapped[str | None] = mapped_column(String(200))
    # pending | responsibility_taken | no_action | tabled | not_ours
    outcome: Mapped[str] = mapped_column(String(30), default="pending")
    outcome_note: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    outcome_by_user_id: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)
    # "Inte vår fråga": who said so, and the actor they suggested instead (the item stays open).
    not_ours_by_user_id: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)
    suggested_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    message_channel: Mapped[str | None] = mapped_column(SLACK_ID)
    message_ts: Mapped[str | None] = mapped_column(String(32))
    # "Flytta till nästa möte" on the chairs' draft: off this meeting's agenda (the number stays
    # taken), back on the next one; who moved it and why.
    moved_at: Mapped[datetime | None]
    moved_by_user_id: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)
    moved_reason: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    created_at: Mapped[datetime]

    report: Mapped[Report] = relationship()
    meeting: Mapped[Meeting] = relationship()


class OtherItem(Base):
    """An item of the chair's own on a meeting's agenda, under "Övrigt" (added on the draft)."""

    __tablename__ = "agenda_other_items"
    __table_args__ = (Index("ix_agenda_other_items_meeting", "meeting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    title: Mapped[str] = mapped_column(String(150), info=FREE_TEXT)
    body: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    added_by_user_id: Mapped[str] = mapped_column(SLACK_ID, info=USER)
    created_at: Mapped[datetime]


class Attendance(Base):
    """Someone present at a meeting ("Jag är här" on the published agenda), with the actor they were
    registered at then: the minutes open with who attended."""

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    user_id: Mapped[str] = mapped_column(SLACK_ID, info=USER)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime]


class MinutesCorrection(Base):
    """A chair's correction of posted minutes (within a day of posting): shown under "Rättelse" at
    the end of the minutes, the original text left as it was. ``item_ref``: "general", "present",
    "other" or "item:<number>"."""

    __tablename__ = "minutes_corrections"
    __table_args__ = (Index("ix_minutes_corrections_meeting", "meeting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    item_ref: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    corrected_by_user_id: Mapped[str] = mapped_column(SLACK_ID, info=USER)
    corrected_at: Mapped[datetime]


class RoundAnswer(Base):
    """A unit's answer to the weekly round before a meeting (one per meeting and unit, from anyone
    reporting for the unit). ``kind``: "nothing_new" ("Inget nytt"); a report filed for the unit
    for the meeting counts as an answer without a row here."""

    __tablename__ = "round_answers"
    __table_args__ = (UniqueConstraint("meeting_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(SLACK_ID, info=USER)
    answered_at: Mapped[datetime]


class Action(Base):
    """What an actor committed to (åtgärd), with an owner and a due date (senast)."""

    __tablename__ = "actions"
    __table_args__ = (
        Index("ix_actions_team_status_due", "team_id", "status", "due_on"),
        Index("ix_actions_team_status_next_reminder", "team_id", "status", "next_reminder_on"),
        Index("ix_actions_team_owner_status", "team_id", "owner_user_id", "status"),
        UniqueConstraint("team_id", "slack_view_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    owner_user_id: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)
    description: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    note: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    due_on: Mapped[date] = mapped_column(Date)
    # The first day the reminder sweep must look at this action again; None: look at once (new,
    # or its due date changed). The sweep reads only actions whose day has come.
    next_reminder_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | done | cancelled
    outcome_note: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)  # what was done (Klar)
    # Overdue and reminded repeatedly: the chairs were told and the next agenda flags it.
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    # A handover (Lämna över) waiting for the receiver to accept.
    handover_to_user_id: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)
    handover_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    handover_note: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    # The reporter's answer to "Är problemet löst?" two weeks after done.
    solved: Mapped[bool | None] = mapped_column(Boolean)
    # The school's optional reason when it answered Nej (shown in the item's history).
    unsolved_reason: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    # The modal that created it: the same submit delivered twice creates one action.
    slack_view_id: Mapped[str | None] = mapped_column(SLACK_ID)

    report: Mapped[Report] = relationship()
    created_by_user_id: Mapped[str] = mapped_column(SLACK_ID, info=USER)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    done_at: Mapped[datetime | None]


class OutboxMessage(Base):
    """A notification to send, unique per ``key``: a reminder can never be sent twice.

    Claimed before sending (``claimed_at``), the Slack ``ts`` recorded after success. A message
    is never dropped silently: it ends ``sent``, ``failed`` (with ``last_error``; the chairs are
    told, ``noticed_at``) or ``dropped`` (its moment passed or a newer message replaced it, with
    the reason in ``last_error``).
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("team_id", "key"),
        Index("ix_outbox_status_not_before", "status", "not_before"),
        Index("ix_outbox_team_channel_status", "team_id", "channel", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(SLACK_ID, info=CHANNEL_OR_USER)  # a channel id, or a user id (DM)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, info=MESSAGE_COPY)  # {"text": ..., "blocks": [...]}
    # Not sent before the message with this key has been (keeps multi-part agendas in order)...
    after_key: Mapped[str | None] = mapped_column(String(200))
    # ...and posted as a reply in the thread of the message with this key.
    thread_key: Mapped[str | None] = mapped_column(String(200))
    # pending | claimed | sent | failed | dropped
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime]
    # When it was meant to go out (``not_before`` moves on each retry): messages to one conversation
    # go in this order, and lateness and the delivery horizon count from here.
    due_at: Mapped[datetime]
    # When its content has aged past use (a draft once the agenda is out, a "due today" reminder
    # the next day): sent after that, it is rewritten or dropped (``bot.services.outbox``).
    stale_at: Mapped[datetime | None]
    # The last attempt may have reached Slack (a timeout, a dropped connection): before posting
    # again, look for it in the conversation.
    ambiguous_since: Mapped[datetime | None]
    # A failure the chairs have been told about (one summary, not one message per failure).
    noticed_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    slack_channel: Mapped[str | None] = mapped_column(SLACK_ID)
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(200))
    # Bumped on each change of a sent message's payload (an agenda updated in place).
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]


class DeliveryPause(Base):
    """A workspace whose posting waits: Slack asked for it (429 ``Retry-After``) or is failing
    (5xx, no connection). Every process's dispatcher skips the workspace until ``until``."""

    __tablename__ = "delivery_pauses"

    team_id: Mapped[str] = mapped_column(TEAM_ID, primary_key=True)
    until: Mapped[datetime]
    failures: Mapped[int] = mapped_column(Integer, default=0)  # transient failures in a row
    reason: Mapped[str] = mapped_column(String(40))


class UnreachableTarget(Base):
    """A person or channel Slack says the bot cannot reach (account deactivated, channel archived,
    …): the chairs are told once, then nothing more until it changes (a post gets through, or
    another reason)."""

    __tablename__ = "unreachable_targets"
    __table_args__ = (UniqueConstraint("team_id", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    target: Mapped[str] = mapped_column(SLACK_ID, info=CHANNEL_OR_USER)
    reason: Mapped[str] = mapped_column(String(40))
    since: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class AuditEvent(Base):
    """Append-only: who did what to which report or action, when, and from which surface.

    ``details`` holds identifiers and field names, never report text.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_team_subject", "team_id", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_user_id: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)  # None: the bot itself
    event: Mapped[str] = mapped_column(String(40))  # e.g. report.created
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    surface: Mapped[str] = mapped_column(String(20))  # modal | command | button | scheduler | cli
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class JobRun(Base):
    """A periodic job (weekly retention) claimed by the one process that runs it for a period."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("team_id", "job", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    job: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(20))  # e.g. 2026-W48
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class LagesbildSnapshot(Base):
    """A lägesbild as made (command, command line or schedule): its figures (``bot.files.render``
    JSON) are what every later opening renders, so it gives the same document as the first time.
    Retention scrubs anonymised places out of ``figures`` (``anonymised_at``)."""

    __tablename__ = "lagesbild_snapshots"
    __table_args__ = (
        UniqueConstraint("team_id", "number"),
        Index("ix_lagesbild_snapshots_team_period", "team_id", "period_start", "period_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … per team: what the archive and document say
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # bot.domain.snapshots.KINDS
    made_by_user_id: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)  # None: CLI or schedule
    # The maker's name as Slack gave it then: the document states it, the same at every opening.
    made_by_name: Mapped[str | None] = mapped_column(String(200), info=PERSON_NAME)
    made_at: Mapped[datetime]
    language: Mapped[str] = mapped_column(String(8))  # the document's language, as made
    definitions_version: Mapped[int] = mapped_column(Integer)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the canonical figures
    anonymised_at: Mapped[datetime | None]


class LagesbildSnapshotReport(Base):
    """A report a snapshot counted, with the fingerprint of its counted fields then: a later
    lägesbild of the period says what changed. Dropped when retention deletes the report."""

    __tablename__ = "lagesbild_snapshot_reports"
    __table_args__ = (Index("ix_lagesbild_snapshot_reports_report", "report_id"),)

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("lagesbild_snapshots.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    report_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no key: reports may be deleted
    fingerprint: Mapped[str] = mapped_column(String(32))


class WorkspaceSetting(Base):
    """A workspace's own settings, stored from the settings modal (``/orat admin``): the form's
    values by field name (``bot.domain.workspace_settings.FIELDS``); what is not stored follows the
    environment. ``version`` grows with every save: other processes compare it to know their copy
    is stale. The chairs and admins named in ``values`` are also in the audit log's details."""

    __tablename__ = "workspace_settings"

    team_id: Mapped[str] = mapped_column(TEAM_ID, primary_key=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str | None] = mapped_column(SLACK_ID, info=USER)  # None: the installation


class VocabularyTerm(Base):
    """A workspace's own city area or report category (bot.domain.vocabulary): ``key`` is what rows
    store and never changes; ``label`` is what people read. A term is retired, never deleted. A
    workspace without rows of a kind uses the shipped list (Malmö's)."""

    __tablename__ = "vocabulary"
    __table_args__ = (UniqueConstraint("team_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID)
    kind: Mapped[str] = mapped_column(String(20))  # area | category
    key: Mapped[str] = mapped_column(String(30))
    # None: a shipped category named by the text catalogue (so English works)
    label: Mapped[str | None] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    retired_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(*_args: object) -> None:
    raise PermissionError("audit events are append-only")


@event.listens_for(Action.due_on, "set")
def _new_due_date_new_reminders(target: Action, value: date, old: object, _initiator: object) -> None:
    # A new due date starts a new series of reminders: the sweep must look at the action again.
    if value != old:
        target.next_reminder_on = None
