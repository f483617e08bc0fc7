"""Per-workspace values read each time someone opens the report form (the active units, the
meeting a report filed now goes to), kept in this process so that ``/rapportera`` costs one small
read (the reporter's own membership) instead of three and the meeting rule's arithmetic.

A value is used again only while (1) this process has changed none of the workspace's units or
meetings since it was read (``storage.changes`` bumps a version on every such write, at flush and
at commit), and (2) it is younger than ``seconds``: the bound on how long a change made by another
process (another gunicorn worker, the scheduler, ``python -m bot seed``) can go unseen here. A
version check in the database on every request would cost about what it saves; 15 seconds of a
stale *form* is harmless, because submitting re-reads everything (a unit removed since is refused
under its field, and the report goes to the meeting the database says), so nothing is ever filed
on cached data."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from storage import changes

T = TypeVar("T")

FORM_CACHE_SECONDS = 15.0


class WorkspaceCache:
    def __init__(
        self, seconds: float = FORM_CACHE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self.clock = clock
        self._values: dict[tuple[str, str], tuple[int, float, Any]] = {}
        self._lock = threading.Lock()

    def get(
        self, team_id: str, name: str, load: Callable[[], T], still_right: Callable[[T], bool] | None = None
    ) -> T:
        """The cached value, or ``load()`` when there is none that holds. ``still_right``: a further
        test of a cached value (e.g. the meeting slot only until its cutoff)."""
        version = changes.version(team_id)  # read before loading: a change during the load reloads
        with self._lock:
            hit = self._values.get((team_id, name))
        if hit is not None and hit[0] == version and hit[1] > self.clock():
            if still_right is None or still_right(hit[2]):
                return hit[2]  # type: ignore[no-any-return]
        value = load()
        with self._lock:
            self._values[(team_id, name)] = (version, self.clock() + self.seconds, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
