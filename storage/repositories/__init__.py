"""One small repository per aggregate, a module each. Each takes a Session; none commits (the unit
of work does). All SQL of the application is here."""

from storage.repositories.actions import ActionRepository
from storage.repositories.agenda import REPORT_COLUMNS, AgendaRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.meetings import MeetingRepository
from storage.repositories.minutes import MinutesRepository
from storage.repositories.outbox import (
    ENDED_STATUSES,
    KEEP_PAYLOAD_KINDS,
    DeliveryRepository,
    OutboxRepository,
)
from storage.repositories.overview import OverviewRepository
from storage.repositories.photos import PhotoRepository
from storage.repositories.privacy import USER_KINDS, PrivacyRepository, personal_columns
from storage.repositories.reports import (
    NOT_YET_ON_AGENDA_STATUSES,
    OPEN_REPORT_STATUSES,
    DraftRepository,
    ReportRepository,
)
from storage.repositories.units import MemberRepository, UnitRepository

__all__ = [
    "ENDED_STATUSES",
    "KEEP_PAYLOAD_KINDS",
    "NOT_YET_ON_AGENDA_STATUSES",
    "OPEN_REPORT_STATUSES",
    "REPORT_COLUMNS",
    "USER_KINDS",
    "ActionRepository",
    "AgendaRepository",
    "AuditRepository",
    "DeliveryRepository",
    "DraftRepository",
    "MeetingRepository",
    "MemberRepository",
    "MinutesRepository",
    "OutboxRepository",
    "OverviewRepository",
    "PhotoRepository",
    "PrivacyRepository",
    "ReportRepository",
    "UnitRepository",
    "personal_columns",
]
