"""Use cases. Each opens a unit of work, calls repositories and domain rules, commits, and returns
plain values. Slack is reached only through the Notifier port and the injected message builders."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.services.actions import ActionService
from bot.services.admin import AdminService
from bot.services.agenda import AgendaService
from bot.services.common import Clock, utc_now
from bot.services.due import DueWork
from bot.services.home import HomeService
from bot.services.meetings import MeetingService
from bot.services.minutes import MinutesService
from bot.services.occurrences import OccurrenceService
from bot.services.organisation import OrganisationService
from bot.services.outbox import OutboxService
from bot.services.privacy import PrivacyService
from bot.services.reports import ReportService
from bot.services.responsibility import ResponsibilityService
from bot.services.review import ReviewService
from bot.services.roles import Roles
from bot.services.rounds import RoundService
from bot.services.snapshots import SnapshotService
from bot.services.statistics import StatisticsService
from bot.services.vocabulary import VocabularyService, speaking_for
from bot.services.workspaces import WorkspaceService
from bot.texts import speaking
from storage.db import ping
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


class HealthService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def database_ok(self) -> bool:
        try:
            ping(self.engine)
        except Exception:  # any failure means "not healthy"; the reason is logged, not shown
            log.exception("health check: database unreachable")
            return False
        return True


class Teams:
    """The workspaces in this installation's database."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        home: Callable[[], str | None],
        installed: Callable[[], list[str]] | None = None,
    ) -> None:
        """``installed``: with the OAuth install flow (many workspaces), the workspaces that have
        the app installed now (not uninstalled, tokens not revoked); None: one workspace per install."""
        self.sessions = sessions
        self.home = home
        self.installed = installed

    def all(self) -> list[str]:
        """The installed workspace(s) and every one with data (for the command-line tools)."""
        home = self.home()
        installed = self.installed() if self.installed is not None else []
        return sorted({*self._with_data(), *installed, *([home] if home else [])})

    def scheduled(self) -> list[str]:
        """The workspaces scheduled work runs for: the installed one (one workspace per install).
        Rows another workspace left (before requests from other workspaces were refused) get no
        agenda, reminder or post. When Slack cannot say which one is installed (auth.test fails and
        SLACK_TEAM_ID is unset), the one workspace with data is taken, and none if there are more.
        With the OAuth install flow: every workspace that has the app installed now."""
        if self.installed is not None:
            return sorted(self.installed())
        home = self.home()
        if home:
            return [home]
        known = self._with_data()
        if len(known) > 1:
            log.warning("the installed workspace is unknown and %s have data: no scheduled work", len(known))
            return []
        return known

    def _with_data(self) -> list[str]:
        with unit_of_work(self.sessions) as uow:
            return uow.overview.teams_with_data()


@dataclass
class Services:
    reports: ReportService
    review: ReviewService
    meetings: MeetingService
    agenda: AgendaService
    responsibility: ResponsibilityService
    actions: ActionService
    outbox: OutboxService
    organisation: OrganisationService
    privacy: PrivacyService
    admin: AdminService
    home: HomeService
    statistics: StatisticsService
    roles: Roles
    health: HealthService
    teams: Teams
    minutes: MinutesService
    rounds: RoundService
    occurrences: OccurrenceService
    snapshots: SnapshotService
    workspaces: WorkspaceService
    vocabulary: VocabularyService
    clock: Clock = field(default=utc_now)

    due: DueWork | None = None  # None: every scheduled workspace is looked at each tick

    def tick(self, at: datetime) -> dict[str, int]:
        """All scheduled work due at ``at``, once. Repeating it at the same instant does nothing new.

        Only the workspaces with something (possibly) due are looked at (``DueWork``: a few queries
        for all of them), each on its own: one whose work fails is logged and skipped, the others
        go on; the outbox sends each workspace's messages on its own too (``OutboxService``)."""
        scheduled = self.teams.scheduled()
        # Each tick reads the workspaces' settings versions again (one query for all): a change
        # made in another process (the settings modal in a web worker) holds from this tick.
        self.workspaces.store.refresh(scheduled)
        first = self.outbox.dispatch(at)
        counts = dict.fromkeys(TEAM_COUNTS, 0)
        for team_id in self.due.teams(scheduled, at) if self.due is not None else scheduled:
            try:
                with self.serving(team_id):  # its language, its areas and categories
                    self._tick_team(team_id, at, counts)
            except Exception as exc:  # one workspace's failure must not stop the others' work
                log.error("scheduled work for team %s failed: %s", team_id, type(exc).__name__)
        undelivered = self.outbox.notice_failures(at)
        second = self.outbox.dispatch(at)
        return {
            "agenda_drafts": counts["agenda_drafts"],
            "agendas_published": counts["agendas_published"],
            "reminders": counts["reminders"],
            "escalations": counts["escalations"],
            "digests": counts["digests"],
            "minutes": counts["minutes"],
            "retention_runs": counts["retention_runs"],
            "sent": first.sent + second.sent,
            "retried": first.retried + second.retried,
            "failed": first.failed + second.failed,
            "dropped": first.dropped + second.dropped,
            "meetings_missed": counts["meetings_missed"],
            "undelivered_noticed": undelivered,
            "drafts_purged": self.reports.purge_stale_drafts(at),
            "round_units": counts["round_units"],
            "round_reminded_units": counts["round_reminded_units"],
            "lagesbilder": counts["lagesbilder"],
        }

    @contextmanager
    def serving(self, team_id: str) -> Iterator[None]:
        """Within: the app's texts speak ``team_id``'s language (its settings) and name its areas
        and categories (its vocabulary), for work done outside a request (the scheduler, the
        outbox wording a message at send)."""
        with speaking_for(team_id), speaking(self.workspaces.for_team(team_id).language):
            yield

    def _tick_team(self, team_id: str, at: datetime, counts: dict[str, int]) -> None:
        """One workspace's scheduled work at ``at``, counted into ``counts`` as each part is done."""
        weekly_round = self.rounds.run_due(team_id, at)
        counts["round_units"] += weekly_round["round_units"]
        counts["round_reminded_units"] += weekly_round["round_reminded_units"]
        done = self.agenda.run_due(team_id, at)
        counts["meetings_missed"] += self.agenda.notice_missed(team_id, at)
        counts["agenda_drafts"] += done["drafts"]
        counts["agendas_published"] += done["published"]
        reminded = self.actions.remind(team_id, at)
        counts["reminders"] += reminded["reminders"]
        counts["escalations"] += reminded["escalations"]
        counts["digests"] += self.actions.send_digests(team_id, at)
        counts["minutes"] += self.agenda.post_due_minutes(team_id, at)
        counts["retention_runs"] += self.privacy.run_weekly(team_id, at) is not None
        # After retention: a lägesbild made on Monday has this week's anonymised places gone.
        counts["lagesbilder"] += self.snapshots.run_due(team_id, at, partial(self.roles.chairs, team_id))


# What a tick counts per workspace (summed over the workspaces).
TEAM_COUNTS = (
    "agenda_drafts",
    "agendas_published",
    "reminders",
    "escalations",
    "digests",
    "minutes",
    "retention_runs",
    "meetings_missed",
    "round_units",
    "round_reminded_units",
    "lagesbilder",
)


__all__ = ["Clock", "DueWork", "HealthService", "Services", "Teams", "utc_now"]
