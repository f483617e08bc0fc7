"""An invented history for demonstrations and trials (``python -m bot demo-data``): weeks of reports
from the seeded schools, weekly meetings with their agendas and the weekly round before each
(units that reported, units that answered "Inget nytt", units that stayed silent), actions given to
the actors and most of them done. Nothing in it is real; it refuses to write into a workspace that
has reports.

The story it tells, so that the statistics have something to show: arson around the schools in
Öster rises over the period, vandalism falls, a few places are reported again and again, and more
units answer the weekly round as the weeks go by.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.reports import Category, ReportStatus, UnitKind, format_reference
from bot.domain.rounds import NOTHING_NEW, RoundRule, round_times
from storage.models import Action, AgendaItem, Meeting, Report, ReportOccurrence, RoundAnswer, Unit
from storage.uow import unit_of_work

PLACES = (
    "Vid entrén",
    "Skolgården vid cykelstället",
    "Baksidan mot parkeringen",
    "Busshållplatsen utanför skolan",
    "Gångtunneln mot centrum",
    "Idrottsplatsen",
    "Lekplatsen bakom matsalen",
    "Soprummet vid gaveln",
)
DESCRIPTIONS = {
    Category.GANGS: "En grupp ungdomar samlas efter skolans slut och stör elever på väg hem.",
    Category.VANDALISM: "Krossade rutor och klotter på fasaden.",
    Category.ARSON: "Brand i papperskorg och soptunna; räddningstjänsten kom.",
    Category.DRUG_SALES: "Misstänkt försäljning av narkotika under lunchrasten.",
    Category.THREATS: "Elever har blivit hotade på väg till skolan.",
    Category.UNSAFE_ENVIRONMENT: "Trasig belysning gör platsen mörk och otrygg.",
    Category.OTHER: "Kastade kundvagnar och skräp som ligger kvar.",
}
ACTIONS = {
    Category.GANGS: "Riktad närvaro med fältassistenter eftermiddagar",
    Category.VANDALISM: "Laga rutor och sanera klotter",
    Category.ARSON: "Ta bort brännbart material och öka tillsynen kvällstid",
    Category.DRUG_SALES: "Riktade kontroller på platsen",
    Category.THREATS: "Samtal med skolan och trygghetsvandring",
    Category.UNSAFE_ENVIRONMENT: "Byta belysning och beskära buskage",
    Category.OTHER: "Städa och hämta kundvagnar",
}
# When each kind of problem tends to happen (hours of the day, weights): fires and damage in the
# evening and at night, gangs after school, drug sales at lunch and after school, threats on the
# way to and from school, the dark places in the evening. The lägesbild's weekday × time chart
# then shows a pattern a patrol plan would recognise.
HOURS = {
    Category.GANGS: {14: 1, 15: 3, 16: 3, 17: 3, 18: 2, 19: 2, 20: 1},
    Category.VANDALISM: {17: 1, 18: 2, 19: 3, 20: 3, 21: 3, 22: 3, 23: 2, 0: 2, 1: 1, 2: 1},
    Category.ARSON: {18: 1, 19: 2, 20: 3, 21: 4, 22: 4, 23: 3, 0: 2, 1: 1},
    Category.DRUG_SALES: {11: 2, 12: 3, 13: 2, 15: 2, 16: 2, 17: 1, 18: 1},
    Category.THREATS: {7: 2, 8: 2, 12: 1, 15: 3, 16: 2},
    Category.UNSAFE_ENVIRONMENT: {16: 1, 17: 2, 18: 2, 19: 2, 20: 2, 21: 1},
    Category.OTHER: {8: 1, 10: 1, 12: 1, 14: 1, 16: 1, 18: 1, 20: 1},
}
WEEKEND_SHARE = {Category.VANDALISM: 0.5, Category.ARSON: 0.55}  # moved to the weekend before
UNTIMED_SHARE = 0.15  # reporters who did not know when it happened

# Who usually takes which kind of problem (a substring of the actor's name).
ACTORS = {
    Category.GANGS: ("Polisen", "Arbetsmarknads"),
    Category.VANDALISM: ("Fastighets", "MKB"),
    Category.ARSON: ("Räddningstjänsten", "Polisen"),
    Category.DRUG_SALES: ("Polisen",),
    Category.THREATS: ("Polisen", "Arbetsmarknads"),
    Category.UNSAFE_ENVIRONMENT: ("Fastighets", "MKB"),
    Category.OTHER: ("Fastighets",),
}


class DemoDataRefused(Exception):
    """The workspace has reports already, or no schools to report from."""


@dataclass(frozen=True)
class DemoHistory:
    weeks: int
    meetings: int
    reports: int
    actions: int
    open_actions: int
    round_answers: int = 0  # "Inget nytt" answers to the weekly rounds
    occurrences: int = 0  # the same event reported again ("Lägg till som nytt tillfälle")


def add_demo_history(
    sessions: sessionmaker[Session],
    team_id: str,
    *,
    weeks: int,
    today: date,
    tz: ZoneInfo,
    seed: int = 2026,
    meeting_weekday: int = 1,
    meeting_at: time = time(9, 0),
) -> DemoHistory:
    """``weeks`` weeks of invented history up to ``today``, in one transaction."""
    rng = random.Random(seed)  # noqa: S311 (invented data, repeatable by design)
    with unit_of_work(sessions) as uow:
        session = uow.session
        if uow.reports.any_in(team_id):
            raise DemoDataRefused("arbetsytan har redan rapporter")
        units = sorted((unit for unit in uow.units.all(team_id) if unit.active), key=lambda unit: unit.id)
        schools = [u for u in units if u.kind == UnitKind.SCHOOL]
        actors = [u for u in units if u.kind != UnitKind.SCHOOL]
        if not schools or not actors:
            raise DemoDataRefused("läs in enheter först (python -m bot seed examples/malmo.toml)")
        schools.sort(key=lambda u: u.name)
        heads = {s.id: f"UDEMO{i:04d}" for i, s in enumerate(schools, start=1)}
        # A few places that keep coming back: the repeat places of the statistics.
        hot_spots = [(rng.choice(schools), rng.choice(PLACES)) for _ in range(4)]

        last_meeting_day = today - timedelta(days=(today.weekday() - meeting_weekday) % 7)
        if last_meeting_day == today:
            last_meeting_day -= timedelta(days=7)
        reports = actions = open_actions = quiet = 0
        round_rng = random.Random(seed + 1)  # noqa: S311 (its own: the reports stay as they were)
        again_rng = random.Random(seed + 2)  # noqa: S311 (likewise, for the occurrences)
        when_rng = random.Random(seed + 3)  # noqa: S311 (likewise, for the times of day)
        occurrences = 0
        for week in range(weeks):
            meeting_day = last_meeting_day - timedelta(weeks=weeks - 1 - week)
            starts_at = datetime.combine(meeting_day, meeting_at, tz).astimezone(UTC)
            meeting = Meeting(
                team_id=team_id,
                starts_at=starts_at,
                regular_starts_at=starts_at,
                cutoff_at=starts_at - timedelta(hours=24),
                status="planned",
                draft_sent_at=starts_at - timedelta(hours=21),
                agenda_published_at=starts_at - timedelta(hours=1),
                minutes_posted_at=starts_at + timedelta(hours=3),
                created_at=starts_at - timedelta(days=7),
            )
            session.add(meeting)
            session.flush()
            progress = week / max(1, weeks - 1)  # 0 → 1 over the period
            reported: set[int] = set()  # the units that filed a report for this meeting
            for number in range(rng.randint(8, 16)):
                category = _category(rng, progress)
                school = rng.choice(schools)
                place = rng.choice(PLACES)
                if rng.random() < 0.2:
                    school, place = rng.choice(hot_spots)
                if category is Category.ARSON and rng.random() < 0.5 + 0.4 * progress:
                    school = rng.choice([s for s in schools if s.area == "Öster"] or schools)
                occurred = meeting_day - timedelta(days=rng.randint(2, 8))
                occurred, at = _when(when_rng, category, occurred, meeting_day)
                filed = datetime.combine(occurred, time(rng.randint(8, 16), rng.randint(0, 59)), tz)
                if at is not None and at > filed.time():
                    filed += timedelta(days=1)  # reported the morning after the evening it happened
                year = filed.year
                sequence = uow.reports.next_number(team_id, year)
                report = Report(
                    team_id=team_id,
                    year=year,
                    number=sequence,
                    reference=format_reference(year, sequence),
                    reporter_user_id=heads[school.id],
                    unit_id=school.id,
                    category=category.value,
                    place=place,
                    occurred_on=occurred,
                    occurred_time=at,
                    description=DESCRIPTIONS[category],
                    recurring=rng.random() < 0.3,
                    status=ReportStatus.ON_AGENDA,
                    meeting_id=meeting.id,
                    created_at=min(filed.astimezone(UTC), meeting.cutoff_at - timedelta(minutes=1)),
                    updated_at=meeting.starts_at,
                )
                session.add(report)
                session.flush()
                reported.add(school.id)
                occurrences += _occurrences(
                    session, again_rng, when_rng, report, schools, actors, heads, meeting, tz
                )
                taken = rng.random() < 0.7
                item = AgendaItem(
                    team_id=team_id,
                    meeting_id=meeting.id,
                    report_id=report.id,
                    number=number + 1,
                    kind="new",
                    outcome="responsibility_taken"
                    if taken
                    else rng.choice(["no_action", "no_action", "tabled"]),
                    created_at=meeting.agenda_published_at,
                )
                session.add(item)
                session.flush()
                reports += 1
                if not taken:
                    if item.outcome == "no_action":
                        report.status = ReportStatus.CLOSED
                    continue
                actor = _actor(rng, actors, category)
                due_on = meeting_day + timedelta(weeks=rng.randint(1, 4))
                done_on = None
                if (due_on < today and rng.random() < 0.85) or (due_on >= today and rng.random() < 0.3):
                    late = rng.random() < 0.25
                    done_on = (
                        due_on + timedelta(days=rng.randint(1, 10))
                        if late
                        else due_on - timedelta(days=rng.randint(0, 6))
                    )
                    done_on = min(max(done_on, meeting_day), today)
                action = Action(
                    team_id=team_id,
                    report_id=report.id,
                    agenda_item_id=item.id,
                    owner_unit_id=actor.id,
                    owner_user_id=f"UDEMOACT{actors.index(actor):02d}",
                    description=ACTIONS[category],
                    due_on=due_on,
                    status="done" if done_on else "open",
                    outcome_note="Utfört." if done_on else None,
                    created_by_user_id="UDEMOCHAIR",
                    created_at=meeting.starts_at + timedelta(minutes=30),
                    updated_at=meeting.starts_at + timedelta(minutes=30),
                    done_at=datetime.combine(done_on, time(14, 0), tz).astimezone(UTC) if done_on else None,
                    next_reminder_on=None,
                )
                session.add(action)
                if done_on:
                    report.status = ReportStatus.CLOSED
                else:
                    open_actions += 1
                actions += 1
            quiet += _round(session, round_rng, meeting, units, actors, heads, reported, progress, tz)
    return DemoHistory(
        weeks=weeks,
        meetings=weeks,
        reports=reports,
        actions=actions,
        open_actions=open_actions,
        round_answers=quiet,
        occurrences=occurrences,
    )


def _occurrences(
    session: Session,
    rng: random.Random,
    when_rng: random.Random,
    report: Report,
    schools: list[Unit],
    actors: list[Unit],
    heads: dict[int, str],
    meeting: Meeting,
    tz: ZoneInfo,
) -> int:
    """Now and then the same fire or damage reported again before the meeting, by the school or by
    another actor (the police, the property owner): occurrences under the first report."""
    if report.category not in (Category.ARSON.value, Category.VANDALISM.value) or rng.random() >= 0.15:
        return 0
    latest = meeting.cutoff_at.astimezone(tz).date() - timedelta(days=1)
    added = 0
    for _ in range(rng.randint(1, 2)):
        unit = rng.choice([next(s for s in schools if s.id == report.unit_id), *actors])
        occurred = min(report.occurred_on + timedelta(days=rng.randint(1, 3)), latest)
        filed = datetime.combine(occurred, time(rng.randint(8, 17), rng.randint(0, 59)), tz).astimezone(UTC)
        session.add(
            ReportOccurrence(
                team_id=report.team_id,
                report_id=report.id,
                unit_id=unit.id,
                reporter_user_id=heads[unit.id] if unit.id in heads else f"UDEMOACT{actors.index(unit):02d}",
                place=report.place,
                occurred_on=occurred,
                occurred_time=_time_of_day(when_rng, Category(report.category)),
                description=DESCRIPTIONS[Category(report.category)],
                created_at=min(filed, meeting.cutoff_at - timedelta(minutes=1)),
            )
        )
        added += 1
    return added


def _round(
    session: Session,
    rng: random.Random,
    meeting: Meeting,
    units: list[Unit],
    actors: list[Unit],
    heads: dict[int, str],
    reported: set[int],
    progress: float,
    tz: ZoneInfo,
) -> int:
    """The weekly round before ``meeting`` (the default ORAT_ROUND): sent and reminded; of the
    units that filed no report, some answer "Inget nytt" (more as the weeks go by), the others stay
    silent. Returns the answers added."""
    times = round_times(meeting.cutoff_at, RoundRule(), time(8, 0), tz)
    if times is None:
        return 0
    meeting.round_sent_at, meeting.round_reminded_at = times.asked_at, times.reminder_at
    window = int((times.cutoff_at - times.asked_at).total_seconds() // 60)
    added = 0
    for unit in units:
        if unit.id in reported or rng.random() >= 0.3 + 0.5 * progress:
            continue
        user = heads.get(unit.id) or f"UDEMOACT{actors.index(unit):02d}"
        at = times.asked_at + timedelta(minutes=rng.randint(1, max(1, window - 1)))
        session.add(
            RoundAnswer(
                team_id=meeting.team_id,
                meeting_id=meeting.id,
                unit_id=unit.id,
                kind=NOTHING_NEW,
                user_id=user,
                answered_at=at,
            )
        )
        added += 1
    return added


def _when(
    rng: random.Random, category: Category, occurred: date, meeting_day: date
) -> tuple[date, time | None]:
    """The day (fires and damage often moved to the weekend before the meeting) and the time of
    day it happened, or None when the reporter did not know."""
    weekend = [
        day
        for day in (meeting_day - timedelta(days=n) for n in range(2, 9))
        if day.weekday() >= 5  # Saturday, Sunday
    ]
    if weekend and rng.random() < WEEKEND_SHARE.get(category, 0.0):
        occurred = rng.choice(weekend)
    return occurred, _time_of_day(rng, category)


def _time_of_day(rng: random.Random, category: Category) -> time | None:
    if rng.random() < UNTIMED_SHARE:
        return None
    hours = HOURS[category]
    hour = rng.choices(list(hours), weights=list(hours.values()))[0]
    return time(hour, rng.choice((0, 10, 15, 20, 30, 40, 45, 50)))


def _category(rng: random.Random, progress: float) -> Category:
    weights = {
        Category.GANGS: 3,
        Category.VANDALISM: 4 - 2 * progress,
        Category.ARSON: 1 + 3 * progress,
        Category.DRUG_SALES: 2,
        Category.THREATS: 1.5,
        Category.UNSAFE_ENVIRONMENT: 2,
        Category.OTHER: 0.7,
    }
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _actor(rng: random.Random, actors: list[Unit], category: Category) -> Unit:
    fitting = [a for a in actors if any(word in a.name for word in ACTORS[category])]
    return rng.choice(fitting or actors)
