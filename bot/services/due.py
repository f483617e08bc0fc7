"""Which workspaces have scheduled work at an instant, in a few queries for all of them.

The minute tick used to ask each workspace's ten services in turn, each in its own transaction:
with 290 workspaces that is thousands of queries a minute when nothing is due. Here one query reads
the teams' meetings near ``at``, one the teams with reminders due, one (on digest day) the teams
with a digest not yet queued, one the periodic jobs already claimed; the services' own rules
(``may_be_due``, ``reminder_day``, ``digest_week``, ``weekly_job``, ``due_jobs``) then say, per
team and with that team's schedule, whether anything may be due.

The answer is generous, never short: a team is left out only when each of its services would do
nothing at ``at``; a team with anything (possibly) due runs all of them exactly as before, so what
a tick does does not change, only what an idle workspace costs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.services.actions import ActionService, digest_key
from bot.services.agenda import MISSED_LOOKBACK, AgendaService
from bot.services.meetings import OVERRIDE_LOOKBACK
from bot.services.privacy import PrivacyService
from bot.services.rounds import RoundService
from bot.services.snapshots import SnapshotService
from storage.uow import unit_of_work

# From when a team's meetings are read: a missed meeting is told for two weeks (the longest look
# back of the due checks; minutes are caught up for a week).
MEETINGS_SINCE = MISSED_LOOKBACK


class DueWork:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        agenda: AgendaService,
        rounds: RoundService,
        actions: ActionService,
        privacy: PrivacyService,
        snapshots: SnapshotService,
    ) -> None:
        self.sessions = sessions
        self.agenda = agenda
        self.rounds = rounds
        self.actions = actions
        self.privacy = privacy
        self.snapshots = snapshots

    def teams(self, team_ids: Sequence[str], at: datetime) -> list[str]:
        """Those of ``team_ids`` (in their order) that may have scheduled work due at ``at``."""
        if not team_ids:
            return []
        teams = list(team_ids)
        jobs = {team: self._jobs(team, at) for team in teams}
        with unit_of_work(self.sessions) as uow:
            meetings: dict[str, list[Any]] = defaultdict(list)
            for row in uow.due.meetings_near(
                teams, changed_since=at - OVERRIDE_LOOKBACK, since=at - MEETINGS_SINCE
            ):
                meetings[row.team_id].append(row)
            busy: set[str] = set()
            for day, group in _grouped({t: self.actions.reminder_day(t, at) for t in teams}).items():
                busy |= uow.due.teams_with_reminders_due(group, day)
            weeks = {t: self.actions.digest_week(t, at) for t in teams}
            for week, group in _grouped({t: w for t, w in weeks.items() if w is not None}).items():
                prefix, suffix = digest_key("\x00", *week).split("\x00")
                busy |= uow.due.teams_with_owner_lacking(group, prefix, suffix)
            claimed = uow.due.jobs_run(teams, {job for wanted in jobs.values() for job in wanted})
        return [
            team
            for team in teams
            if team in busy
            or any((team, job, period) not in claimed for job, period in jobs[team])
            or self.rounds.may_be_due(team, at, meetings[team])
            or self.agenda.may_be_due(team, at, meetings[team])
        ]

    def _jobs(self, team: str, at: datetime) -> list[tuple[str, str]]:
        """The periodic claims the team's weekly retention and lägesbilder look for at ``at``."""
        retention = self.privacy.weekly_job(team, at)
        return [*([retention] if retention is not None else []), *self.snapshots.due_jobs(team, at)]


def _grouped(values: dict[str, Any]) -> dict[Any, list[str]]:
    groups: dict[Any, list[str]] = defaultdict(list)
    for team, value in values.items():
        groups[value].append(team)
    return groups
