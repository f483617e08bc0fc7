"""The unit of work: one transaction, committed only when the whole use case succeeded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.repositories import (
    ActionRepository,
    AgendaRepository,
    AuditRepository,
    DeliveryRepository,
    DraftRepository,
    MeetingRepository,
    MemberRepository,
    MinutesRepository,
    OutboxRepository,
    OverviewRepository,
    PhotoRepository,
    PrivacyRepository,
    ReportRepository,
    UnitRepository,
)
from storage.repositories.due import DueRepository
from storage.repositories.occurrences import OccurrenceRepository
from storage.repositories.snapshots import SnapshotRepository
from storage.repositories.vocabulary import VocabularyRepository
from storage.repositories.workspaces import WorkspaceSettingsRepository


class UnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.units = UnitRepository(session)
        self.members = MemberRepository(session)
        self.meetings = MeetingRepository(session)
        self.reports = ReportRepository(session)
        self.drafts = DraftRepository(session)
        self.outbox = OutboxRepository(session)
        self.delivery = DeliveryRepository(session)
        self.audit = AuditRepository(session)
        self.agenda = AgendaRepository(session)
        self.actions = ActionRepository(session)
        self.minutes = MinutesRepository(session)
        self.overview = OverviewRepository(session)
        self.privacy = PrivacyRepository(session)
        self.occurrences = OccurrenceRepository(session)
        self.photos = PhotoRepository(session)
        self.snapshots = SnapshotRepository(session)
        self.workspace_settings = WorkspaceSettingsRepository(session)
        self.vocabulary = VocabularyRepository(session)
        self.due = DueRepository(session)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(sessions: sessionmaker[Session]) -> Iterator[UnitOfWork]:
    """Commit when the block finishes, roll back when it raises: nothing half-written stays."""
    with sessions() as session:
        try:
            yield UnitOfWork(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise
