"""Stored lägesbilder (snapshots): made by ``/orat lagesbild``, ``python -m bot lagesbild`` or the
schedule (``ORAT_LAGESBILD``), kept with their figures, opened again from ``/orat lagesbild arkiv``.

A document is always rendered from the stored figures, never from live data: opening an old one
gives the same bytes as the first time. Making the same period again says what changed since."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.dates import period_label
from bot.domain.documents import DEFAULT_FORMATS
from bot.domain.permissions import Permission
from bot.domain.retention import ANONYMISED
from bot.domain.snapshots import (
    BY_CLI,
    BY_COMMAND,
    TERTIAL,
    Due,
    changes,
    content_hash,
    due,
    fingerprint,
    scrub_places,
)
from bot.domain.statistics import DEFINITIONS_VERSION, Situation, period_for
from bot.files.document import Provenance
from bot.files.lagesbild import lagesbild_files
from bot.files.render import decode, encode
from bot.results.common import Denied
from bot.results.snapshots import ArchivePage, Made, SnapshotLine
from bot.services.roles import Roles
from bot.services.statistics import StatisticsService
from bot.texts import Texts
from storage.models import LagesbildSnapshot
from storage.repositories.snapshots import SnapshotRepository
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

LAGESBILD_KIND = "lagesbild"  # the outbox kind: a stored lägesbild's files, uploaded when delivered
SNAPSHOT = "snapshot"  # its payload key: the snapshot's number
# Monday 08:30: after the reminder sweep (08:00, so the chairs' reminders are not held up behind
# drawing charts) and after the night's retention run (02:00, so anonymised places are gone), before
# the working day's meetings.
RHYTHM_AT = time(8, 30)


class SnapshotService:
    PAGE = 10  # snapshots per archive page (each a section and a button: well under 50 blocks)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        statistics: StatisticsService,
        roles: Roles,
        tz: ZoneInfo,
        texts: Texts,
        rhythm: tuple[str, ...] = (),
        channel: str | None = None,
        formats: tuple[str, ...] = DEFAULT_FORMATS,
    ) -> None:
        self.sessions = sessions
        self.statistics = statistics
        self.roles = roles
        self.tz = tz
        self.texts = texts
        self.rhythm = rhythm
        self.channel = channel  # the tertial's channel (ORAT_LAGESBILD_CHANNEL, else the meeting's)
        self.formats = formats  # what the schedule and the archive's *Öppna* send

    # ------------------------------------------------------------------------------ making one
    def make(
        self,
        team_id: str,
        user_id: str | None,
        start: date,
        end: date,
        now: datetime,
        *,
        kind: str | None = None,
        queue: Callable[[Any, LagesbildSnapshot], bool] | None = None,
        formats: tuple[str, ...] = (),
        made_by_name: str | None = None,
    ) -> Made | None:
        """The lägesbild from ``start`` to ``end`` made, stored and rendered in ``formats`` from what
        was stored (none: ``open`` renders it later, e.g. after saying what is coming). ``user_id``
        None: the command line or the schedule (no permission check). ``made_by_name``: the maker's
        name as the document states it. ``queue``, in the same transaction, claims and queues its
        delivery; False there stores nothing (None)."""
        kind = kind or (BY_COMMAND if user_id is not None else BY_CLI)
        today = now.astimezone(self.tz).date()
        period = period_for(start, min(end, today))  # as StatisticsService.situation counts it
        until = datetime.combine(min(period.end, today) + timedelta(days=1), time(0), self.tz)
        # The fingerprints before the figures: a report edited in between is told as a change next
        # time, never absorbed unseen.
        with unit_of_work(self.sessions) as uow:
            if user_id is not None:
                self.roles.require(uow.session, team_id, user_id, Permission.SEE_STATISTICS)
            states = uow.snapshots.report_states(team_id, period.previous().start, period.end, until)
        prints = {report_id: fingerprint(state) for report_id, state in states.items()}
        picture = self.statistics.situation(team_id, user_id, start, end, now)
        # Through JSON once, so this first rendering is the one every later opening repeats.
        figures = json.loads(json.dumps(encode(picture)))
        made_at = now.astimezone(UTC).replace(microsecond=0)
        for attempt in (1, 2):
            try:
                with unit_of_work(self.sessions) as uow:
                    snapshot = LagesbildSnapshot(
                        team_id=team_id,
                        number=uow.snapshots.next_number(team_id),
                        period_start=period.start,
                        period_end=period.end,
                        kind=kind,
                        made_by_user_id=user_id,
                        made_by_name=made_by_name[:200] if made_by_name else None,
                        made_at=made_at,
                        language=self.texts.language,
                        definitions_version=DEFINITIONS_VERSION,
                        figures=figures,
                        content_hash=content_hash(figures),
                    )
                    uow.snapshots.add(snapshot, prints)
                    if queue is not None and not queue(uow, snapshot):
                        uow.session.rollback()
                        return None
                    earlier = uow.snapshots.latest_of_period(
                        team_id, period.start, period.end, snapshot.number
                    )
                    found = changes(uow.snapshots.fingerprints(earlier.id), prints) if earlier else None
                    line, since = _line(snapshot), _line(earlier) if earlier else None
                break
            except IntegrityError:  # another snapshot took the number meanwhile: take the next
                if attempt == 2:
                    raise
        return Made(line, picture, self.render(snapshot, formats) if formats else [], since, found)

    # ------------------------------------------------------------------------------ the archive
    def archive(self, team_id: str, user_id: str, page: int) -> ArchivePage:
        with unit_of_work(self.sessions) as uow:
            self.roles.require(uow.session, team_id, user_id, Permission.SEE_STATISTICS)
            total, rows = uow.snapshots.page(team_id, offset=max(page, 0) * self.PAGE, limit=self.PAGE)
            pages = max(1, -(-total // self.PAGE))
            return ArchivePage(total, max(page, 0), pages, tuple(_line(r) for r in rows))

    def open(
        self, team_id: str, user_id: str, number: int, formats: tuple[str, ...] | None = None
    ) -> tuple[SnapshotLine, list[tuple[str, bytes]]]:
        """A stored lägesbild's files (``formats``, else the usual Word and PDF), rendered again
        from its figures."""
        with unit_of_work(self.sessions) as uow:
            self.roles.require(uow.session, team_id, user_id, Permission.SEE_STATISTICS)
            snapshot = uow.snapshots.get(team_id, number)
            if snapshot is None:
                raise Denied("snapshot_unknown")
        return _line(snapshot), self.render(snapshot, formats)

    def render(
        self, snapshot: LagesbildSnapshot, formats: tuple[str, ...] | None = None
    ) -> list[tuple[str, bytes]]:
        """The files of a snapshot, from its stored figures and provenance only."""
        # Areas and categories named as the workspace names them now (their keys are what is stored).
        texts = Texts(snapshot.language).with_vocabulary(self.statistics.vocabulary.load(snapshot.team_id))
        if snapshot.made_by_name:
            made_by = snapshot.made_by_name
        elif snapshot.made_by_user_id:
            made_by = texts("lagesbild.made_by_slack", user=snapshot.made_by_user_id)
        elif snapshot.kind == BY_CLI:
            made_by = texts("lagesbild.made_by_cli")  # as a lägesbild not stored says it
        else:
            made_by = texts(f"snapshot.made_by_{snapshot.kind}")
        provenance = Provenance(
            made_at=snapshot.made_at,
            made_by=made_by,
            source=texts("snapshot.source"),
            definitions_version=snapshot.definitions_version,
            snapshot=snapshot.number,
        )
        return lagesbild_files(
            decode(Situation, snapshot.figures),
            texts,
            generated_at=snapshot.made_at,
            tz=self.tz,
            provenance=provenance,
            formats=formats or self.formats,
        )

    def document(self, team_id: str, payload: dict[str, Any]) -> tuple[list[tuple[str, bytes]], str]:
        """An outbox message's files (``{"snapshot": number}``) and their comment."""
        with unit_of_work(self.sessions) as uow:
            snapshot = uow.snapshots.get(team_id, int(payload.get(SNAPSHOT) or 0))
            if snapshot is None:
                raise LookupError("snapshot gone")
        return self.render(snapshot), str(payload.get("text", ""))

    # ------------------------------------------------------------------------------ the rhythm
    def run_due(self, team_id: str, at: datetime, chairs: Callable[[], list[str]]) -> int:
        """The scheduled lägesbilder due at ``at`` (ORAT_LAGESBILD), each made, stored and queued
        once (claimed like the weekly retention run). How many were made."""
        made = 0
        for kind, job, found in self._due(at):
            with unit_of_work(self.sessions) as uow:
                if uow.snapshots.job_ran(team_id, job, found.key):
                    continue  # the usual case: a tick after it went out
            targets = chairs()
            channel = self.roles.configured(team_id).snapshot_channel  # the workspace's
            if kind == TERTIAL and channel:
                targets.append(channel)
            if not targets:
                continue

            queue = self._queuer(team_id, job, found.key, targets, at)
            if self.make(team_id, None, found.start, found.end, at, kind=kind, queue=queue) is not None:
                made += 1
        return made

    def _due(self, at: datetime) -> list[tuple[str, str, Due]]:
        local = at.astimezone(self.tz)
        found = [(kind, due(kind, local, RHYTHM_AT)) for kind in self.rhythm]
        return [(kind, f"lagesbild_{kind}", d) for kind, d in found if d is not None]

    def due_jobs(self, team_id: str, at: datetime) -> list[tuple[str, str]]:
        """The (job, period) claims ``run_due`` looks for at ``at``: it does nothing when all exist."""
        return [(job, found.key) for _, job, found in self._due(at)]

    def _queuer(
        self, team_id: str, job: str, key: str, targets: list[str], at: datetime
    ) -> Callable[[Any, LagesbildSnapshot], bool]:
        """Claims the job for ``key`` and queues the snapshot's files to ``targets``, in the
        transaction that stores it: two ticks make one snapshot and one send."""

        def queue(uow: Any, snapshot: LagesbildSnapshot) -> bool:
            if not uow.privacy.claim_run(team_id, job, key, at):
                return False
            label = period_label(snapshot.period_start, snapshot.period_end, self.texts.language)
            text = self.texts(f"snapshot.scheduled_{snapshot.kind}", period=label, number=snapshot.number)
            for target in targets:
                uow.outbox.add(
                    team_id=team_id,
                    key=f"{job}:{key}:{target}",
                    kind=LAGESBILD_KIND,
                    channel=target,
                    payload={SNAPSHOT: snapshot.number, "text": text},
                    not_before=at,
                    now=at,
                )
            return True

        return queue


def _line(snapshot: LagesbildSnapshot) -> SnapshotLine:
    return SnapshotLine(
        number=snapshot.number,
        start=snapshot.period_start,
        end=snapshot.period_end,
        kind=snapshot.kind,
        made_by_user_id=snapshot.made_by_user_id,
        made_at=snapshot.made_at,
        anonymised=snapshot.anonymised_at is not None,
    )


def forget_report(
    session: Session, report_id: int, places: list[tuple[str, str]], now: datetime, *, deleted: bool
) -> int:
    """Retention reached a report: its places are taken out of every snapshot that counted it
    (opened again, it is rendered from the scrubbed figures and the archive says so); a deleted
    report's fingerprints go. How many snapshots changed."""
    repository = SnapshotRepository(session)
    scrubbed = 0
    for snapshot in repository.counting(report_id):
        figures, found = scrub_places(snapshot.figures, places, ANONYMISED)
        if found:
            snapshot.figures = figures
            snapshot.content_hash = content_hash(figures)
            snapshot.anonymised_at = now
            scrubbed += 1
    if deleted:
        repository.drop_report(report_id)
    return scrubbed
