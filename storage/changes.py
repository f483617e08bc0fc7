"""Which workspaces' slowly changing data (their units and meetings) this process has written: a
version number per workspace, bumped when a session that wrote such a row flushes and again when it
commits. The per-workspace caches of the services (``bot.services.cache``) keep a value only while
the version they read it at is still current, so a change made in this process is seen at once.

Another process's change (another gunicorn worker, the scheduler, the CLI) cannot bump this
process's numbers: there the caches' short lifetime is the bound (see ``bot.services.cache``).
Rows written with Core statements rather than the ORM are not seen; none of the watched columns is
written that way (``MeetingRepository.claim`` sets only the draft and publication times)."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from storage.models import Meeting, Unit, VocabularyTerm

WATCHED = (Unit, Meeting, VocabularyTerm)
_CHANGED = "orat_changed_teams"

_lock = threading.Lock()
_versions: dict[str, int] = {}


def version(team_id: str) -> int:
    """The workspace's current version in this process (0 until something of it changes)."""
    return _versions.get(team_id, 0)


def bump(team_ids: Iterable[str]) -> None:
    with _lock:
        for team_id in team_ids:
            _versions[team_id] = _versions.get(team_id, 0) + 1


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _flush: UOWTransaction) -> None:
    teams = {
        row.team_id
        for row in (*session.new, *session.dirty, *session.deleted)
        if isinstance(row, WATCHED) and isinstance(row.team_id, str)
    }
    if teams:
        session.info.setdefault(_CHANGED, set()).update(teams)
        bump(teams)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    # Again at commit: a cache filled between the flush and the commit read the old rows.
    bump(session.info.pop(_CHANGED, ()))


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, _previous: object) -> None:
    bump(session.info.pop(_CHANGED, ()))
