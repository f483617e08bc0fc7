"""Loading organisation data (``python -m bot seed FILE``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.organisation import OrganisationSeed
from bot.domain.vocabulary import AREA, CATEGORY
from bot.services.vocabulary import VocabularyService
from storage.models import Unit
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeedResult:
    units_added: int
    units_updated: int
    members: int


class OrganisationService:
    def __init__(
        self, sessions: sessionmaker[Session], *, vocabulary: VocabularyService | None = None
    ) -> None:
        self.sessions = sessions
        self.vocabulary = vocabulary or VocabularyService(sessions)

    def seed(self, team_id: str, seed: OrganisationSeed, now: datetime) -> SeedResult:
        """Create or update units and members by name and user id; running it twice changes nothing."""
        added = updated = 0
        with unit_of_work(self.sessions) as uow:
            # The file's own areas and categories (if it has them) become the workspace's lists.
            if seed.areas:
                self.vocabulary.seed(uow, team_id, AREA, [(t.key, t.label or t.key) for t in seed.areas], now)
            if seed.categories:
                self.vocabulary.seed(
                    uow, team_id, CATEGORY, [(t.key, t.label or t.key) for t in seed.categories], now
                )
            by_name: dict[str, Unit] = {}
            for entry in seed.units:
                unit = uow.units.by_name(team_id, entry.name)
                values = {
                    "kind": entry.kind.value,
                    "area": entry.area,
                    "reviewer_user_id": entry.reviewer_user_id,
                    "active": True,
                }
                if unit is None:
                    unit = uow.units.add(Unit(team_id=team_id, name=entry.name, created_at=now, **values))
                    added += 1
                elif any(getattr(unit, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(unit, k, v)
                    updated += 1
                by_name[entry.name.lower()] = unit
            for person in seed.members:
                member = uow.members.get_or_create(team_id, person.user_id, now)
                unit_id = (
                    by_name[person.unit_name.lower()].id if person.unit_name is not None else member.unit_id
                )
                if member.unit_id != unit_id:
                    member.unit_id, member.updated_at = unit_id, now
                for role in person.roles:
                    uow.members.grant(member, role)
            uow.session.flush()
        log.info(
            "organisation seeded: %s units added, %s updated, %s members", added, updated, len(seed.members)
        )
        return SeedResult(units_added=added, units_updated=updated, members=len(seed.members))
