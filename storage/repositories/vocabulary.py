"""A workspace's own city areas and report categories (``vocabulary``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import VocabularyTerm


class VocabularyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def terms(self, team_id: str) -> Sequence[VocabularyTerm]:
        """Every term of the workspace, retired ones too, by kind and position."""
        return self.session.scalars(
            select(VocabularyTerm)
            .where(VocabularyTerm.team_id == team_id)
            .order_by(VocabularyTerm.kind, VocabularyTerm.position, VocabularyTerm.id)
        ).all()

    def get(self, team_id: str, kind: str, key: str) -> VocabularyTerm | None:
        return self.session.scalar(
            select(VocabularyTerm).where(
                VocabularyTerm.team_id == team_id, VocabularyTerm.kind == kind, VocabularyTerm.key == key
            )
        )

    def add(self, term: VocabularyTerm) -> VocabularyTerm:
        self.session.add(term)
        self.session.flush()
        return term
