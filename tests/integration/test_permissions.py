"""The README's permission table, cell by cell, against the services (SQLite and PostgreSQL).

Each cell builds a small world in which the user holds exactly one role for the subject at hand, runs
the use case the row names, and expects it to pass or to be refused with ``Denied``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from bot.app import build_runtime
from bot.config import Settings
from bot.domain.actions import ActionInput
from bot.domain.organisation import parse_seed
from bot.domain.permissions import PERMISSIONS, ROLE_ORDER, Permission, Role, permission_table
from bot.domain.reports import ReportInput
from bot.notifier import ChannelFacts, UserFacts
from bot.results.admin import MemberInput, UnitInput
from bot.results.common import Denied, Rejected
from bot.services import Services
from storage.models import Action, AgendaItem, Report, Unit
from tests.support.db import all_rows
from tests.support.quiet import QuietNotifier

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TEAM = "T0ORAT"
FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=STOCKHOLM)
PUBLISH = datetime(2026, 11, 24, 8, 0, tzinfo=STOCKHOLM)
DURING = datetime(2026, 11, 24, 9, 30, tzinfo=STOCKHOLM)
README = Path(__file__).resolve().parents[2] / "README.md"

# One person per role; none of them holds another role for the subjects below.
USERS = {
    Role.REPORTER: "UREPORTER",
    Role.REVIEWER: "UREVIEWER",
    Role.PARTICIPANT: "UPARTICIPANT",
    Role.OWNER: "UOWNER",
    Role.CHAIR: "UCHAIR",
    Role.ADMIN: "UADMIN",
    Role.GUEST: "UGUEST",  # a Slack guest; connected to the subject's own unit (GUEST_AT)
}


class Quiet(QuietNotifier):
    """Posts nothing anywhere; the meeting channel is private and has one member."""

    def channel_members(self, channel: str) -> frozenset[str]:
        return frozenset({USERS[Role.PARTICIPANT]})

    def channel_facts(self, channel: str) -> ChannelFacts:
        return ChannelFacts(private=True, shared=False)

    def user_deleted(self, user_id: str) -> bool | None:
        return False

    def user_facts(self, user_id: str) -> UserFacts | None:
        return UserFacts(restricted=user_id == USERS[Role.GUEST], team_id=TEAM)


@dataclass
class World:
    services: Services
    published: Report  # on the published agenda, with an action owned by UOWNER
    in_review: Report  # filed later, waiting for the reviewer
    returned: Report  # sent back to its reporter with a question
    item: AgendaItem
    action: Action  # open
    done_action: Action  # done: its reporter is asked whether the problem is solved

    def now(self) -> datetime:
        return self.services.clock()


def build_world(engine: Engine, database_url: str) -> World:
    settings = Settings(
        database_url=database_url,
        meeting_channel="C0MEETING",
        chairs=(USERS[Role.CHAIR],),
        admins=(USERS[Role.ADMIN],),
    )
    clock = {"now": FRIDAY}
    quiet = Quiet()
    services = build_runtime(
        settings, engine=engine, notifier=quiet, directory=quiet, clock=lambda: clock["now"]
    ).services
    seed = {
        "enhet": [
            {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster", "granskare": "UREVIEWER"},
            {"namn": "Polisen", "typ": "aktör"},
        ]
    }
    services.organisation.seed(TEAM, parse_seed(seed), FRIDAY)
    units = {u.name: u.id for u in all_rows(engine, Unit)}

    def file(description: str) -> Report:
        services.reports.file_report(
            team_id=TEAM,
            user_id=USERS[Role.REPORTER],
            view_id=None,
            report=ReportInput(
                "gangs",
                units["Rosengårdsskolan"],
                None,
                None,
                "Entrén",
                date(2026, 11, 19),
                None,
                description,
                False,
            ),
            draft_id=None,
            now=clock["now"],
        )
        return max(all_rows(engine, Report), key=lambda r: r.id)

    published = file("Gäng vid entrén")
    services.review.raise_to_meeting(TEAM, USERS[Role.REVIEWER], published.id, FRIDAY)
    services.tick(PUBLISH)
    clock["now"] = DURING
    returned = file("Otydlig rapport")
    services.review.return_with_question(TEAM, USERS[Role.REVIEWER], returned.id, "Vilken entré?", DURING)
    [item] = [i for i in all_rows(engine, AgendaItem) if i.report_id == published.id]
    services.responsibility.take(
        TEAM,
        USERS[Role.CHAIR],
        item.id,
        ActionInput(units["Polisen"], USERS[Role.OWNER], "Närvaro vid entrén", date(2026, 12, 8), ""),
        assign=True,
        now=DURING,
    )
    [action] = all_rows(engine, Action)
    services.responsibility.take(
        TEAM,
        USERS[Role.CHAIR],
        item.id,
        ActionInput(units["Polisen"], USERS[Role.OWNER], "Samtal med vårdnadshavare", date(2026, 12, 8), ""),
        assign=True,
        now=DURING,
    )
    done_action = max(all_rows(engine, Action), key=lambda a: a.id)
    services.actions.done(TEAM, USERS[Role.OWNER], done_action.id, "Samtalen hållna", DURING)
    in_review = file("Ny rapport i granskning")
    return World(services, published, in_review, returned, item, action, done_action)


def _reference(report: Report) -> tuple[int, int]:
    return report.year, report.number


# What each row of the table does, as the user ``u`` in the world ``w``.
USE_CASES: dict[Permission, Callable[[World, str], object]] = {
    Permission.FILE_REPORT: lambda w, u: w.services.reports.report_form(TEAM, u, "", w.now()),
    Permission.SEE_REPORT: lambda w, u: w.services.reports.show(TEAM, u, *_reference(w.published), w.now()),
    Permission.EDIT_REPORT: lambda w, u: w.services.reports.edit_form(TEAM, u, w.returned.id, w.now()),
    Permission.REVIEW_REPORT: lambda w, u: w.services.review.review_view(TEAM, u, w.in_review.id),
    Permission.SEE_AGENDA: lambda w, u: w.services.agenda.preview(TEAM, u, w.now()),
    Permission.TAKE_RESPONSIBILITY: lambda w, u: w.services.responsibility.form(
        TEAM, u, w.item.meeting_id, w.item.number, assign=False, now=w.now()
    ),
    Permission.ASSIGN_ACTION: lambda w, u: w.services.responsibility.form(
        TEAM, u, w.item.meeting_id, w.item.number, assign=True, now=w.now()
    ),
    Permission.DECIDE_ITEM: lambda w, u: w.services.responsibility.decide(
        TEAM, u, w.item.id, "tabled", w.now(), note="Nästa vecka"
    ),
    Permission.CHANGE_ACTION: lambda w, u: w.services.actions.new_deadline(
        TEAM, u, w.action.id, date(2026, 12, 15), w.now()
    ),
    Permission.CLOSE_ACTION: lambda w, u: w.services.actions.done(TEAM, u, w.action.id, "Klart", w.now()),
    Permission.ANSWER_SOLVED: lambda w, u: w.services.actions.answer_solved(
        TEAM, u, w.done_action.id, True, w.now()
    ),
    Permission.RUN_MEETING: lambda w, u: w.services.meetings.cancel(
        TEAM, u, day=date(2026, 12, 1), now=w.now()
    ),
    Permission.READ_AUDIT: lambda w, u: w.services.privacy.audit_for_reference(
        TEAM, u, *_reference(w.published), w.now()
    ),
    Permission.ADMINISTER: lambda w, u: w.services.admin.overview(TEAM, u),
    Permission.GRANT_CHAIR: lambda w, u: w.services.admin.save_member(
        TEAM, u, MemberInput("UNEWCHAIR", None, ("chair",)), w.now()
    ),
    Permission.SEE_STATISTICS: lambda w, u: w.services.statistics.statistics(
        TEAM, u, w.services.statistics.period("", w.now())
    ),
}

CELLS = [(p, r) for p in Permission for r in ROLE_ORDER]

# The guest's own actor in each cell: the unit of the report or action the row is about (the world's
# report is Rosengårdsskolan's, its actions are Polisen's), so that the guest is a guest *of* it.
GUEST_AT = {Permission.SEE_REPORT: "Rosengårdsskolan", Permission.EDIT_REPORT: "Rosengårdsskolan"}


def connect_guest(world: World, engine: Engine, unit: str) -> None:
    """A chair connects the guest to their actor in ``/orat admin``."""
    units = {u.name: u.id for u in all_rows(engine, Unit)}
    member = MemberInput(USERS[Role.GUEST], units[unit], ())
    world.services.admin.save_member(TEAM, USERS[Role.CHAIR], member, world.now())


@pytest.mark.parametrize(("permission", "role"), CELLS, ids=[f"{p.value}-{r.value}" for p, r in CELLS])
def test_permission_cell(engine: Engine, database_url: str, permission: Permission, role: Role):
    world = build_world(engine, database_url)
    user = USERS[role]
    if role == Role.GUEST:
        connect_guest(world, engine, GUEST_AT.get(permission, "Polisen"))
    if role in PERMISSIONS[permission]:
        USE_CASES[permission](world, user)  # no Denied
    else:
        with pytest.raises(Denied):
            USE_CASES[permission](world, user)


def test_every_permission_has_a_use_case():
    assert set(USE_CASES) == set(Permission)


def test_the_readme_shows_the_table_the_code_enforces():
    readme = README.read_text(encoding="utf-8")
    assert permission_table() in readme


def test_participants_see_reports_only_once_their_agenda_is_out(engine: Engine, database_url: str):
    world = build_world(engine, database_url)
    participant = USERS[Role.PARTICIPANT]
    with pytest.raises(Denied):
        world.services.reports.show(TEAM, participant, *_reference(world.in_review), world.now())
    world.services.reports.show(TEAM, participant, *_reference(world.published), world.now())


def test_reporting_can_be_restricted_to_registered_units(engine: Engine, database_url: str):
    settings = Settings(database_url=database_url, reporters="enheter")
    services = build_runtime(settings, engine=engine, notifier=Quiet(), clock=lambda: FRIDAY).services
    seed = {
        "enhet": [
            {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
            {"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Väster"},
        ],
        "medlem": [{"slack_id": "UHEAD", "enhet": "Rosengårdsskolan"}],
    }
    services.organisation.seed(TEAM, parse_seed(seed), FRIDAY)
    units = {u.name: u.id for u in all_rows(engine, Unit)}
    with pytest.raises(Denied, match="reporters_restricted"):
        services.reports.report_form(TEAM, "USTRANGER", "", FRIDAY)
    form = services.reports.report_form(TEAM, "UHEAD", "", FRIDAY)
    assert [u.name for u in form.units] == ["Rosengårdsskolan"]

    def file(unit: str) -> object:
        report = ReportInput(
            "arson", units[unit], None, None, "Gården", date(2026, 11, 19), None, "Brand", False
        )
        return services.reports.file_report(
            team_id=TEAM, user_id="UHEAD", view_id=None, report=report, draft_id=None, now=FRIDAY
        )

    with pytest.raises(Denied, match="reporters_restricted"):
        file("Holmaskolan")
    file("Rosengårdsskolan")
    assert len(all_rows(engine, Report)) == 1


def test_the_readme_table_has_a_row_per_permission():
    rows = [line for line in permission_table().splitlines()[2:]]
    assert len(rows) == len(Permission)
    assert all(re.fullmatch(r"\| .+ \|( (ja|–) \|){7}", row) for row in rows)


# ---------------------------------------------------------------------------------------- issue 14
def test_an_administrator_cannot_give_themself_or_another_administrator_report_contents(
    engine: Engine, database_url: str
):
    world = build_world(engine, database_url)
    admin, chair, now = USERS[Role.ADMIN], USERS[Role.CHAIR], world.now()
    service = world.services.admin
    units = {u.name: u.id for u in all_rows(engine, Unit)}

    def reviewer(who: str) -> UnitInput:
        return UnitInput(units["Rosengårdsskolan"], "Rosengårdsskolan", "school", "Öster", who, True)

    attempts = {
        "participant": lambda: service.save_member(
            TEAM, admin, MemberInput(admin, None, ("participant",)), now
        ),
        "at an actor": lambda: service.save_member(
            TEAM, admin, MemberInput(admin, units["Polisen"], ()), now
        ),
        "reviewer": lambda: service.save_unit(TEAM, admin, reviewer(admin), now),
        "another admin": lambda: service.save_member(
            TEAM, admin, MemberInput("UADMIN2", None, ("admin", "participant")), now
        ),
    }
    for attempt in attempts.values():
        with pytest.raises(Denied, match="admin_content_access"):
            attempt()
    with pytest.raises(Denied, match="not_allowed_report"):
        world.services.reports.show(TEAM, admin, *_reference(world.published), now)

    # Others they still manage; and a chair may give an administrator access.
    service.save_member(TEAM, admin, MemberInput("UCONTACT", units["Polisen"], ("participant",)), now)
    service.save_unit(TEAM, admin, reviewer("UCHIEF2"), now)
    service.save_member(TEAM, chair, MemberInput(admin, None, ("participant",)), now)
    world.services.reports.show(TEAM, admin, *_reference(world.published), now)


def test_taking_responsibility_is_for_oneself_for_a_unit_offered(engine: Engine, database_url: str):
    world = build_world(engine, database_url)
    participant, units = USERS[Role.PARTICIPANT], {u.name: u.id for u in all_rows(engine, Unit)}

    def take(unit: int, owner: str | None, *, assign: bool = False) -> object:
        action = ActionInput(unit, owner, "Samtal", date(2026, 12, 8), "")
        return world.services.responsibility.take(
            TEAM, participant, world.item.id, action, assign=assign, now=world.now()
        )

    with pytest.raises(Denied, match="take_for_yourself"):
        take(units["Polisen"], USERS[Role.OWNER])
    with pytest.raises(Denied, match="chair_only"):
        take(units["Polisen"], USERS[Role.OWNER], assign=True)
    assert take(2**31 - 1, participant) == Rejected({"unit": "unit_not_offered"})
    assert len(all_rows(engine, Action)) == 2  # the world's open and done actions
    take(units["Polisen"], None)
    assert [a.owner_user_id for a in all_rows(engine, Action)] == [USERS[Role.OWNER]] * 2 + [participant]


def test_a_merge_goes_only_into_a_report_the_modal_offers(engine: Engine, database_url: str):
    world = build_world(engine, database_url)
    reviewer, now = USERS[Role.REVIEWER], world.now()
    _, offered = world.services.review.merge_candidates(TEAM, reviewer, world.in_review.id, now)
    assert [r.report_id for r in offered] == [world.returned.id]  # not the one already on an agenda
    refused = world.services.review.merge(TEAM, reviewer, world.in_review.id, world.published.id, now)
    assert refused == Rejected({"merge_into": "merge_target_not_offered"})
    assert {r.id: r.merged_into_id for r in all_rows(engine, Report)}[world.in_review.id] is None
