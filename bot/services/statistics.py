"""``/orat statistik``, ``/orat lagesbild`` and ``python -m bot lagesbild``: counts for the steering
group, read from the database and computed by ``bot.domain.statistics``, and the files made of them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.parsing import parse_period
from bot.domain.permissions import Permission
from bot.domain.rounds import WeekCoverage, week_key
from bot.domain.statistics import (
    DEFINITIONS_VERSION,
    NO_AREA,
    ActionFact,
    Period,
    ReportFact,
    Situation,
    Statistics,
    compute,
    period_for,
    situation,
)
from bot.files.document import Provenance
from bot.files.lagesbild import lagesbild_files
from bot.files.statistics import statistics_files
from bot.results.common import Denied
from bot.services.roles import Roles
from bot.services.rounds import coverage_by_meeting
from bot.services.vocabulary import VocabularyService
from bot.texts import Texts
from storage.uow import UnitOfWork, unit_of_work


class StatisticsService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        roles: Roles,
        tz: ZoneInfo,
        texts: Texts,
        vocabulary: VocabularyService | None = None,
    ) -> None:
        self.sessions = sessions
        self.roles = roles
        self.tz = tz
        self.texts = texts  # the files' language
        self.vocabulary = vocabulary or VocabularyService(sessions)

    def texts_for(self, team_id: str) -> Texts:
        """The files' texts, naming areas and categories in the workspace's words."""
        return self.texts.with_vocabulary(self.vocabulary.load(team_id))

    def period(self, text: str, now: datetime) -> Period:
        """The period a user typed; ``Denied("statistics_usage")`` explains the forms."""
        found = parse_period(text, now.astimezone(self.tz).date())
        if found is None:
            raise Denied("statistics_usage")
        return found

    def statistics(self, team_id: str, user_id: str, period: Period) -> Statistics:
        with unit_of_work(self.sessions) as uow:
            self.roles.require(uow.session, team_id, user_id, Permission.SEE_STATISTICS)
            stats = compute(
                self._report_facts(uow, team_id, period), period, self.vocabulary.load(team_id, uow)
            )
            return replace(stats, round_weeks=self._round_weeks(uow, team_id, period))

    def statistics_files(
        self, team_id: str, user_id: str, period: Period
    ) -> tuple[Statistics, list[tuple[str, bytes]]]:
        """The statistics, and their two charts and CSV as (file name, bytes)."""
        stats = self.statistics(team_id, user_id, period)
        return stats, statistics_files(stats, self.texts_for(team_id))

    def situation_files(
        self,
        team_id: str,
        user_id: str | None,
        start: date,
        end: date,
        now: datetime,
        *,
        formats: tuple[str, ...] = ("md",),
        made_by: str | None = None,
    ) -> tuple[Situation, list[tuple[str, bytes]]]:
        """The lägesbild, and its files in ``formats`` as (file name, bytes): Markdown with three
        charts, Word, PDF. ``made_by``: who the document says made it (None: the command line)."""
        picture = self.situation(team_id, user_id, start, end, now)
        return picture, self.situation_documents(
            picture, now, formats=formats, made_by=made_by, team_id=team_id
        )

    def situation_documents(
        self,
        picture: Situation,
        now: datetime,
        *,
        formats: tuple[str, ...],
        made_by: str | None = None,
        team_id: str | None = None,
    ) -> list[tuple[str, bytes]]:
        """The files of a lägesbild already counted (``situation``): Word and PDF take seconds, so
        a caller can say what is coming first."""
        provenance = None
        if made_by is not None:
            provenance = Provenance(
                made_at=now,
                made_by=made_by,
                source=self.texts("lagesbild.source_database"),
                definitions_version=DEFINITIONS_VERSION,
            )
        texts = self.texts if team_id is None else self.texts_for(team_id)
        return lagesbild_files(
            picture, texts, generated_at=now, tz=self.tz, provenance=provenance, formats=formats
        )

    def situation(
        self, team_id: str, user_id: str | None, start: date, end: date, now: datetime
    ) -> Situation:
        """The lägesbild from ``start`` to ``end``. ``user_id`` None: the command line (no check)."""
        today = now.astimezone(self.tz).date()
        period = period_for(start, min(end, today))
        with unit_of_work(self.sessions) as uow:
            if user_id is not None:
                self.roles.require(uow.session, team_id, user_id, Permission.SEE_STATISTICS)
            reports = self._report_facts(uow, team_id, period)
            as_of = min(period.end, today)
            until = datetime.combine(as_of + timedelta(days=1), time(0), self.tz)
            actions = [
                ActionFact(
                    unit=row.unit,
                    created_on=self._day(row.created_at),
                    due_on=row.due_on,
                    status=row.status,
                    done_on=self._day(row.done_at) if row.done_at else None,
                )
                for row in uow.overview.action_facts(team_id, until)
            ]
            weeks = self._round_weeks(uow, team_id, period)
            vocabulary = self.vocabulary.load(team_id, uow)
        picture = situation(reports, actions, period, today, vocabulary)
        return replace(picture, statistics=replace(picture.statistics, round_weeks=weeks))

    def _report_facts(self, uow: UnitOfWork, team_id: str, period: Period) -> list[ReportFact]:
        rows = uow.overview.report_facts(team_id, period.previous().start, period.end)
        occurrences = uow.occurrences.facts(team_id, period.previous().start, period.end)
        return [
            ReportFact(
                occurred_on=row.occurred_on,
                category=row.category,
                area=row.area or NO_AREA,
                unit=row.unit,
                place=None if row.anonymised_at else row.place,
                occurrence=occurrence,
                occurred_time=row.occurred_time,
            )
            for rows_, occurrence in ((rows, False), (occurrences, True))
            for row in rows_
        ]

    def _round_weeks(self, uow: UnitOfWork, team_id: str, period: Period) -> tuple[WeekCoverage, ...]:
        """The weekly round before each meeting held in the period (those it went out for)."""
        since = datetime.combine(period.start, time(0), self.tz)
        until = datetime.combine(period.end + timedelta(days=1), time(0), self.tz)
        found = coverage_by_meeting(uow, team_id, since, until)
        return tuple(
            WeekCoverage(week_key(self._day(starts_at)), self._day(starts_at), cover)
            for starts_at, cover in sorted(found.items())
        )

    def _day(self, instant: datetime) -> date:
        return instant.astimezone(self.tz).date()
