"""A workspace's own words (``bot.domain.vocabulary``): loaded once per workspace and kept a few
seconds (``bot.services.cache``: a change in this process is seen at once, another process's within
the cache's lifetime), edited by administrators in ``/orat admin``, loaded from the organisation file.

The one place that reads a workspace's areas and categories; everything else is handed the
``Vocabulary`` value (the domain) or a ``Texts`` that names categories with it (the builders)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.permissions import Permission
from bot.domain.vocabulary import (
    AREA,
    CATEGORY,
    KINDS,
    MALMO,
    Term,
    Vocabulary,
    label_error,
    make_key,
    with_terms,
)
from bot.results.admin import TermInput
from bot.results.common import Denied, Rejected
from bot.services.cache import WorkspaceCache
from bot.services.roles import Roles
from storage.models import VocabularyTerm
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

# The workspace being served, where the code path knows it (the scheduler's loop over workspaces,
# a file made for one): ``Texts`` names categories in its words. Unset: the installed workspace.
CURRENT_TEAM: ContextVar[str | None] = ContextVar("orat_current_team", default=None)


@contextmanager
def speaking_for(team_id: str) -> Iterator[None]:
    token = CURRENT_TEAM.set(team_id)
    try:
        yield
    finally:
        CURRENT_TEAM.reset(token)


TERM_ACTIONS = ("add", "rename", "retire", "restore")


def _parse_term(value: str | None) -> tuple[str | None, str | None]:
    kind, _, key = (value or "").partition(":")
    return (kind, key) if kind in KINDS and key else (None, None)


def vocabulary_of(rows: Sequence[VocabularyTerm]) -> Vocabulary:
    def terms(kind: str) -> tuple[Term, ...]:
        return tuple(Term(r.key, r.label, r.retired_at is not None) for r in rows if r.kind == kind)

    return with_terms(terms(AREA), terms(CATEGORY))


class VocabularyService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        roles: Roles | None = None,
        catalogue: Callable[[str], str] | None = None,
    ) -> None:
        """``catalogue``: a shipped category's name in the text catalogue (for the duplicate check)."""
        self.sessions = sessions
        self.roles = roles
        self.catalogue = catalogue or (lambda key: key)
        self.cache = WorkspaceCache()

    # ------------------------------------------------------------------------------ reading
    def load(self, team_id: str, uow: UnitOfWork | None = None) -> Vocabulary:
        """The workspace's areas and categories (the shipped lists where it has none of its own).
        ``uow``: read in the caller's transaction when not cached (no second connection)."""
        return self.cache.get(team_id, "vocabulary", lambda: self._read(team_id, uow))

    def _read(self, team_id: str, uow: UnitOfWork | None) -> Vocabulary:
        if uow is not None:
            return vocabulary_of(uow.vocabulary.terms(team_id))
        with unit_of_work(self.sessions) as own:
            return vocabulary_of(own.vocabulary.terms(team_id))

    def current(self, home: Callable[[], str | None]) -> Callable[[], Vocabulary]:
        """For ``Texts``: the vocabulary of the workspace being served (``speaking_for``), else of
        the installed one (``home``), else the shipped one."""

        def resolve() -> Vocabulary:
            team = CURRENT_TEAM.get() or home()
            return self.load(team) if team else MALMO

        return resolve

    # ------------------------------------------------------------------------------ editing
    def for_admin(self, team_id: str, user_id: str) -> Vocabulary:
        with unit_of_work(self.sessions) as uow:
            self._require(uow, team_id, user_id)
            return vocabulary_of(uow.vocabulary.terms(team_id))

    def change(self, team_id: str, user_id: str, entry: TermInput, now: datetime) -> Vocabulary | Rejected:
        """The admin modal's one submit: add, rename, retire or bring back; the lists afterwards."""
        errors: dict[str, str] = {}
        if entry.action not in TERM_ACTIONS:
            errors["action"] = "term_action_missing"
        kind, key = _parse_term(entry.term)
        if entry.action == "add" and entry.kind not in KINDS:
            errors["kind"] = "term_kind_missing"
        if entry.action in ("rename", "retire", "restore") and kind is None:
            errors["term"] = "term_missing"
        if errors:
            self._check(team_id, user_id)  # a stranger is refused, not told what to fill in
            return Rejected(errors)
        if entry.action == "add":
            done = self.add(team_id, user_id, str(entry.kind), entry.label, now)
        elif entry.action == "rename":
            done = self.rename(team_id, user_id, str(kind), str(key), entry.label, now)
        else:
            done = self.set_retired(team_id, user_id, str(kind), str(key), entry.action == "retire", now)
        return done if isinstance(done, Rejected) else self.for_admin(team_id, user_id)

    def _check(self, team_id: str, user_id: str) -> None:
        with unit_of_work(self.sessions) as uow:
            self._require(uow, team_id, user_id)

    def _shown(self, row: VocabularyTerm) -> str:
        if row.label is not None:
            return row.label
        return self.catalogue(row.key) if row.kind == CATEGORY else row.key

    def add(self, team_id: str, user_id: str, kind: str, label: str, now: datetime) -> Term | Rejected:
        """A new term at the end of its list; its key is made from the label, once."""
        label = " ".join(label.split())
        with unit_of_work(self.sessions) as uow:
            self._require(uow, team_id, user_id)
            rows = self._materialised(uow, team_id, kind, now)
            error = label_error(label, [self._shown(r) for r in rows])
            if error:
                return Rejected({"label": error})
            key = make_key(kind, label, [r.key for r in rows])
            position = max((r.position for r in rows), default=-1) + 1
            row = uow.vocabulary.add(
                VocabularyTerm(
                    team_id=team_id, kind=kind, key=key, label=label, position=position, created_at=now
                )
            )
            uow.audit.vocabulary_changed(row, by=user_id, at=now, change="added")
            log.info("vocabulary: %s added", kind)
            return Term(key, label)

    def rename(
        self,
        team_id: str,
        user_id: str,
        kind: str,
        key: str,
        label: str,
        now: datetime,
    ) -> Term | Rejected:
        """A new label; the key (what reports and rules store) stays."""
        label = " ".join(label.split())
        with unit_of_work(self.sessions) as uow:
            self._require(uow, team_id, user_id)
            rows = self._materialised(uow, team_id, kind, now)
            row = next((r for r in rows if r.key == key), None)
            if row is None:
                raise Denied("term_not_found")
            others = [self._shown(r) for r in rows if r is not row]
            error = label_error(label, others)
            if error:
                return Rejected({"label": error})
            row.label = label
            uow.session.flush()
            uow.audit.vocabulary_changed(row, by=user_id, at=now, change="renamed")
            return Term(key, label, row.retired_at is not None)

    def set_retired(
        self, team_id: str, user_id: str, kind: str, key: str, retired: bool, now: datetime
    ) -> Term | Rejected:
        """Retire a term (not offered any more; old data keeps its label) or bring it back. There is
        no deleting: reports, units and rules may refer to the key. The last active term stays."""
        with unit_of_work(self.sessions) as uow:
            self._require(uow, team_id, user_id)
            rows = self._materialised(uow, team_id, kind, now)
            row = next((r for r in rows if r.key == key), None)
            if row is None:
                raise Denied("term_not_found")
            if retired and not any(r.retired_at is None for r in rows if r is not row):
                return Rejected({"term": "term_last_active"})
            row.retired_at = now if retired else None
            uow.session.flush()
            uow.audit.vocabulary_changed(row, by=user_id, at=now, change="retired" if retired else "restored")
            return Term(key, row.label, retired)

    # ------------------------------------------------------------------------------ seeding
    def seed(
        self,
        uow: UnitOfWork,
        team_id: str,
        kind: str,
        labels: Sequence[tuple[str | None, str]],
        now: datetime,
    ) -> None:
        """The organisation file's list of ``kind`` (``(key or None, label)`` in order) becomes the
        workspace's: known keys (or labels) get the new label and order, new ones a key, and terms
        no longer listed are retired (never deleted)."""
        rows = list(uow.vocabulary.terms(team_id))
        rows = [r for r in rows if r.kind == kind]
        kept: set[int] = set()
        for position, (wanted_key, label) in enumerate(labels):
            row = next(
                (
                    r
                    for r in rows
                    if (wanted_key is not None and r.key == wanted_key)
                    or (wanted_key is None and (r.label or r.key).casefold() == label.casefold())
                ),
                None,
            )
            if row is None:
                key = wanted_key or make_key(kind, label, [r.key for r in rows])
                row = uow.vocabulary.add(
                    VocabularyTerm(
                        team_id=team_id, kind=kind, key=key, label=label, position=position, created_at=now
                    )
                )
                rows.append(row)
            row.label, row.position, row.retired_at = label, position, None
            kept.add(row.id)
        for row in rows:
            if row.id not in kept and row.retired_at is None:
                row.retired_at = now
        uow.session.flush()

    # ------------------------------------------------------------------------------ helpers
    def _require(self, uow: UnitOfWork, team_id: str, user_id: str) -> None:
        if self.roles is None:
            raise Denied("admin_only")
        self.roles.require(uow.session, team_id, user_id, Permission.ADMINISTER)

    @staticmethod
    def _materialised(uow: UnitOfWork, team_id: str, kind: str, now: datetime) -> list[VocabularyTerm]:
        """The workspace's rows of ``kind``; the shipped list is written out first if it has none
        (a shipped category keeps its catalogue name: label None)."""
        if kind not in KINDS:
            raise Denied("term_not_found")
        rows = [r for r in uow.vocabulary.terms(team_id) if r.kind == kind]
        if rows:
            return rows
        for position, term in enumerate(MALMO.terms(kind)):
            rows.append(
                uow.vocabulary.add(
                    VocabularyTerm(
                        team_id=team_id,
                        kind=kind,
                        key=term.key,
                        label=term.label,
                        position=position,
                        created_at=now,
                    )
                )
            )
        return rows
