"""Every input is checked against what was offered (issue 14, defect 2), through the real app: signed
requests in, the fake Slack Web API out, on SQLite and PostgreSQL.

* ``test_offered_values_*``: a generated test. For each modal and each button that carries an id or
  a choice, hypothesis sends values outside what that person was offered (another workspace's units,
  an inactive unit, ids of rows that exist but were not offered, another person as owner, a merge
  target from another area or already on an agenda, an item of an unpublished agenda, …) and expects
  a refusal – inline ``response_action: errors`` for a modal, an ephemeral explanation (or nothing
  opened) for a button – and not one row changed in any table.
* The defects as the issue names them, each as a story: taking responsibility in someone else's
  name, an administrator giving themself (or another administrator) report contents, a merge into a
  report the modal never offered, and a merged report's reference lost from the next agenda.

Hypothesis runs derandomized and without its example database, as in ``test_hardening``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from bot.domain.actions import ActionInput
from bot.domain.organisation import parse_seed
from bot.domain.reports import ReportInput
from bot.texts import SV
from handlers import ids
from storage.models import (
    Action,
    AgendaItem,
    AuditEvent,
    Meeting,
    Member,
    MemberRole,
    OutboxMessage,
    Report,
    ReportDraft,
    Unit,
)
from tests.conftest import STOCKHOLM, RunningApp
from tests.e2e.test_hardening import Probe, _settings
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import report_values

CHAIR, COP, FGK, PART, HEAD, CHIEF = "UCHAIR1", "UCOP1", "UFGK1", "UPART1", "UHEAD1", "UCHIEF1"
ADMIN, ADMIN2 = "UADMIN1", "UADMIN2"
OTHER_TEAM = "T0OTHER"
PUBLISH_TIME = datetime(2026, 12, 1, 8, 0, tzinfo=STOCKHOLM)
DURING = PUBLISH_TIME + timedelta(hours=1, minutes=10)
NEXT_DRAFT = datetime(2026, 12, 7, 12, 0, tzinfo=STOCKHOLM)  # the chairs' draft of 8 December
NEXT_PUBLISH = datetime(2026, 12, 8, 8, 0, tzinfo=STOCKHOLM)
NO_SUCH_ID = st.integers(100_000, 2**31 - 1)  # no row has such an id

UNITS = [
    {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster", "granskare": CHIEF},
    {"namn": "Apelgårdsskolan", "typ": "skola", "stadsomrade": "Öster", "granskare": CHIEF},
    {"namn": "Örtagårdsskolan", "typ": "skola", "stadsomrade": "Väster", "granskare": CHIEF},
    {"namn": "Polisen", "typ": "aktör"},
    {"namn": "Fastighets- och gatukontoret", "typ": "förvaltning"},
    {"namn": "Fritidsförvaltningen", "typ": "förvaltning"},  # made inactive
]
MEMBERS = [
    {"slack_id": COP, "enhet": "Polisen", "roller": ["deltagare"]},
    {"slack_id": FGK, "enhet": "Fastighets- och gatukontoret"},
    {"slack_id": ADMIN, "enhet": "Örtagårdsskolan", "roller": ["admin"]},
    {"slack_id": ADMIN2, "roller": ["admin"]},
]
OTHER_UNITS = [
    {"namn": "Annanskolan", "typ": "skola", "stadsomrade": "Öster", "granskare": CHIEF},
    {"namn": "Polisen", "typ": "aktör"},
]
# Every explanation a refusal can give.
REFUSAL_TEXTS = {text for key, text in SV.items() if key.startswith("denied.")}


# ================================================================================ the world
@dataclass
class World:
    units: dict[str, int]
    other_units: list[int]  # of another workspace
    inactive: int
    published_items: list[tuple[int, int, int]]  # (item id, meeting id, number)
    draft_items: list[tuple[int, int, int]]  # of the next meeting, not yet published
    published_meeting: int
    cop_action: int
    fgk_action: int
    reports: dict[str, int]

    @property
    def not_offered_units(self) -> list[int]:
        """Units no modal offers anyone: another workspace's and an inactive one."""
        return [*self.other_units, self.inactive]


def _file(app: RunningApp, team: str, unit: int, description: str, user: str = HEAD) -> int:
    services = app.runtime.services
    services.reports.file_report(
        team_id=team,
        user_id=user,
        view_id=None,
        report=ReportInput(
            "arson", unit, None, None, f"Plats {description}", date(2026, 11, 19), None, description, False
        ),
        draft_id=None,
        now=services.clock(),
    )
    return max(r.id for r in all_rows(app.runtime.engine, Report))


def build_world(app: RunningApp, fake: FakeSlack, clock: Any) -> World:
    """A published agenda during its meeting (two actions taken), reports in review after it, the
    next meeting's draft, an inactive unit, and another workspace with its own units and report."""
    services, engine = app.runtime.services, app.runtime.engine
    fake.channel_members["C0MEETING"] = [CHAIR, COP, FGK, PART]
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": UNITS, "medlem": MEMBERS}), services.clock())
    services.organisation.seed(OTHER_TEAM, parse_seed({"enhet": OTHER_UNITS}), services.clock())
    units = {u.name: u.id for u in all_rows(engine, Unit) if u.team_id == TEAM_ID}
    other_units = [u.id for u in all_rows(engine, Unit) if u.team_id == OTHER_TEAM]
    reports = {
        "published": _file(app, TEAM_ID, units["Apelgårdsskolan"], "brand vid entrén"),
        "published_2": _file(app, TEAM_ID, units["Rosengårdsskolan"], "klotter"),
    }
    services.tick(PUBLISH_TIME)
    wait_until_delivered(engine, now=PUBLISH_TIME)
    clock.now = DURING
    items = sorted(all_rows(engine, AgendaItem), key=lambda i: i.number)
    published = [(i.id, i.meeting_id, i.number) for i in items]
    for (item_id, _, _), user, unit in zip(
        published[:2], (COP, FGK), ("Polisen", "Fastighets- och gatukontoret"), strict=True
    ):
        taken = services.responsibility.take(
            TEAM_ID,
            user,
            item_id,
            ActionInput(units[unit], user, "Ökad närvaro", date(2026, 12, 15), ""),
            assign=False,
            now=clock(),
        )
        assert not hasattr(taken, "errors"), taken
    actions = {a.owner_user_id: a.id for a in all_rows(engine, Action)}
    # After the meeting's cutoff, for the next one: in review with the education chief.
    reports["in_review"] = _file(app, TEAM_ID, units["Rosengårdsskolan"], "gäng i parken")
    reports["same_area"] = _file(app, TEAM_ID, units["Apelgårdsskolan"], "gäng vid busshållplatsen")
    reports["other_area"] = _file(app, TEAM_ID, units["Örtagårdsskolan"], "gäng i Väster")
    reports["returned"] = _file(app, TEAM_ID, units["Rosengårdsskolan"], "otydlig")
    services.review.return_with_question(TEAM_ID, CHIEF, reports["returned"], "Var?", clock())
    reports["merged"] = _file(app, TEAM_ID, units["Apelgårdsskolan"], "samma gäng")
    merged = services.review.merge(TEAM_ID, CHIEF, reports["merged"], reports["same_area"], clock())
    assert not hasattr(merged, "errors"), merged
    reports["other_team"] = _file(app, OTHER_TEAM, other_units[0], "annan arbetsyta")
    with Session(engine) as session, session.begin():
        session.execute(update(Unit).where(Unit.id == units["Fritidsförvaltningen"]).values(active=False))
    services.tick(NEXT_DRAFT)  # numbers the next agenda's items; the chairs get the draft
    wait_until_delivered(engine, now=NEXT_DRAFT)
    draft = [
        (i.id, i.meeting_id, i.number)
        for i in all_rows(engine, AgendaItem)
        if i.id not in {p[0] for p in published}
    ]
    assert draft, "the draft numbered no items"
    services.outbox.dispatch(clock())
    wait_until_delivered(engine, now=clock())
    return World(
        units=units,
        other_units=other_units,
        inactive=units["Fritidsförvaltningen"],
        published_items=published,
        draft_items=draft,
        published_meeting=published[0][1],
        cop_action=actions[COP],
        fgk_action=actions[FGK],
        reports=reports,
    )


@pytest.fixture
def world(app_server: RunningApp, fake_slack: FakeSlack, clock: Any) -> World:
    return build_world(app_server, fake_slack, clock)


# ================================================================================ what changed
TABLES = (
    Unit,
    Member,
    MemberRole,
    Report,
    Meeting,
    AgendaItem,
    Action,
    OutboxMessage,
    AuditEvent,
    ReportDraft,
)


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the app writes."""
    with engine.connect() as connection:
        return {
            model.__tablename__: [
                tuple(row)
                for row in connection.execute(select(model.__table__).order_by(model.__table__.c.id))
            ]
            for model in TABLES
        }


def changes(before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    return [table for table in before if before[table] != after[table]]


# ================================================================================ requests
_views = itertools.count(1)


def submission(
    callback_id: str, user: str, metadata: dict[str, Any], values: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "orat-test"},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0ORAT",
        "trigger_id": "8.8.8",
        "view": {
            "id": f"V0OFFER{next(_views):05d}",
            "team_id": TEAM_ID,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": json.dumps(metadata),
            "blocks": [],
            "state": {"values": values},
        },
    }


def click(
    action_id: str, user: str, value: str, response_url: str, *, in_modal: bool = False
) -> dict[str, Any]:
    action: dict[str, Any] = {"action_id": action_id, "block_id": "b", "type": "button", "value": value}
    if action_id == ids.ITEM_OUTCOME:
        action = {
            "action_id": action_id,
            "block_id": "b",
            "type": "overflow",
            "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": value},
        }
    elif action_id == ids.ADMIN_UNIT_EDIT:
        action = {
            "action_id": action_id,
            "block_id": "admin_actions",
            "type": "static_select",
            "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": value},
        }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "orat-test"},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0ORAT",
        "trigger_id": "7.7.7",
        "actions": [action],
    }
    if in_modal:
        payload["container"] = {"type": "view", "view_id": "V0ADMINHOME"}
        payload["view"] = {"id": "V0ADMINHOME", "type": "modal", "callback_id": "admin_home", "hash": "1.a"}
    else:
        payload["response_url"] = response_url
        payload["container"] = {
            "type": "message",
            "channel_id": "C0MEETING",
            "message_ts": "1700000001.000001",
        }
    return payload


def selected(value: Any) -> dict[str, Any]:
    return {ids.VALUE: {"type": "static_select", "selected_option": {"value": str(value)}}}


def typed(text: str) -> dict[str, Any]:
    return {ids.VALUE: {"type": "plain_text_input", "value": text}}


def responsibility(user: str, item: int, assign: bool, unit: Any, owner: str | None) -> dict[str, Any]:
    blocks = ids.RESPONSIBILITY_BLOCKS
    values = {
        blocks["unit"]: selected(unit),
        blocks["description"]: typed("Ökad närvaro kvällstid"),
        blocks["due_on"]: {ids.VALUE: {"type": "datepicker", "selected_date": "2026-12-20"}},
        blocks["note"]: typed(""),
    }
    if owner is not None:
        values[blocks["owner"]] = {ids.VALUE: {"type": "users_select", "selected_user": owner}}
    return submission(ids.RESPONSIBILITY_VIEW, user, {"item": item, "assign": assign}, values)


def outcome(user: str, item: int, kind: str, suggested: Any = None) -> dict[str, Any]:
    blocks = ids.RESPONSIBILITY_BLOCKS
    values = {blocks["note"]: typed("Gäller belysningen")}
    if suggested is not None:
        values[blocks["suggested_unit"]] = selected(suggested)
    return submission(ids.OUTCOME_VIEW, user, {"item": item, "outcome": kind}, values)


def follow_up(callback_id: str, user: str, action: int, to_unit: Any = None) -> dict[str, Any]:
    blocks = ids.FOLLOW_UP_BLOCKS
    values = {
        blocks["note"]: typed("Klart"),
        blocks["due_on"]: {ids.VALUE: {"type": "datepicker", "selected_date": "2026-12-22"}},
        blocks["to_user"]: {ids.VALUE: {"type": "users_select", "selected_user": PART}},
    }
    if to_unit is not None:
        values[blocks["to_unit"]] = selected(to_unit)
    return submission(callback_id, user, {"action": action}, values)


def merge(user: str, report: int, into: Any) -> dict[str, Any]:
    metadata = {"report": report, "channel": "DCHIEF1", "ts": "1700000003.000003"}
    return submission(ids.REVIEW_MERGE_VIEW, user, metadata, {ids.MERGE_INTO_BLOCK: selected(into)})


def member(user: str, who: str, unit: Any, roles: list[str]) -> dict[str, Any]:
    values = {
        ids.ADMIN_BLOCKS["user"]: {ids.VALUE: {"type": "users_select", "selected_user": who}},
        ids.ADMIN_BLOCKS["roles"]: {
            ids.VALUE: {"type": "checkboxes", "selected_options": [{"value": r} for r in roles]}
        },
    }
    if unit is not None:
        values[ids.ADMIN_BLOCKS["unit"]] = selected(unit)
    return submission(ids.ADMIN_MEMBER_VIEW, user, {}, values)


def unit_form(user: str, unit: int, name: str, kind: str, area: str | None, reviewer: str | None) -> dict:
    blocks = ids.ADMIN_BLOCKS
    values = {
        blocks["name"]: typed(name),
        blocks["kind"]: {ids.VALUE: {"type": "static_select", "selected_option": {"value": kind}}},
        blocks["reviewer"]: {ids.VALUE: {"type": "users_select", "selected_user": reviewer}},
        blocks["active"]: {ids.VALUE: {"type": "checkboxes", "selected_options": [{"value": "yes"}]}},
    }
    if area is not None:
        values[blocks["area"]] = {ids.VALUE: {"type": "static_select", "selected_option": {"value": area}}}
    return submission(ids.ADMIN_UNIT_VIEW, user, {"unit": unit}, values)


# ================================================================================ what is tried
@dataclass(frozen=True)
class Case:
    answer: str  # errors (a modal's inline errors) | told (an ephemeral refusal) | nothing (no modal)
    payloads: Callable[[World, str], st.SearchStrategy[dict[str, Any]]]  # (world, response_url)


def _ids(*values: int) -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(values), NO_SUCH_ID)


def _item(w: World, index: int = 0) -> int:
    return w.published_items[index][0]


def _button_item(item: tuple[int, int, int]) -> str:
    return f"{item[1]}:{item[2]}"


CASES: dict[str, Case] = {
    # ---------------------------------------------------------------- Ta ansvar / Tilldela
    "take: another person as owner": Case(
        "errors",
        lambda w, _: st.builds(
            lambda owner: responsibility(COP, _item(w), False, w.units["Polisen"], owner),
            st.sampled_from([PART, HEAD, CHAIR, FGK, ADMIN, "UNOBODY1"]),
        ),
    ),
    "take: a unit other than one's own": Case(
        "errors",
        lambda w, _: st.builds(
            lambda unit, owner: responsibility(COP, _item(w), False, unit, owner),
            _ids(w.units["Fastighets- och gatukontoret"], w.units["Rosengårdsskolan"], *w.not_offered_units),
            st.sampled_from([COP, None]),
        ),
    ),
    "take: a unit not offered to the unregistered": Case(
        "errors",
        lambda w, _: st.builds(
            lambda unit: responsibility(PART, _item(w), False, unit, PART), _ids(*w.not_offered_units)
        ),
    ),
    "take: assign forged in private_metadata": Case(
        "errors",
        lambda w, _: st.builds(
            lambda owner: responsibility(COP, _item(w), True, w.units["Polisen"], owner),
            st.sampled_from([PART, FGK, COP]),
        ),
    ),
    "take: an item not offered": Case(
        "errors",
        lambda w, _: st.builds(
            lambda item: responsibility(COP, item, False, w.units["Polisen"], COP),
            _ids(*[i for i, _, _ in w.draft_items]),
        ),
    ),
    "assign: a unit not offered": Case(
        "errors",
        lambda w, _: st.builds(
            lambda unit: responsibility(CHAIR, _item(w), True, unit, COP), _ids(*w.not_offered_units)
        ),
    ),
    # ---------------------------------------------------------------- Inte vår fråga, Ingen åtgärd
    "not ours: a suggested unit not offered": Case(
        "errors",
        lambda w, _: st.builds(
            lambda unit: outcome(COP, _item(w, 1), "not_ours", unit), _ids(*w.not_offered_units)
        ),
    ),
    "outcome: a chair's decision forged": Case(
        "errors",
        lambda w, _: st.builds(
            lambda kind, user: outcome(user, _item(w, 1), kind),
            st.sampled_from(["no_action", "tabled"]),
            st.sampled_from([COP, PART]),
        ),
    ),
    "outcome: an item not offered": Case(
        "errors",
        lambda w, _: st.builds(
            lambda item, kind: outcome(CHAIR, item, kind, w.units["Polisen"] if kind == "not_ours" else None),
            _ids(*[i for i, _, _ in w.draft_items]),
            st.sampled_from(["no_action", "not_ours"]),
        ),
    ),
    # ------------------------------------------------------------- Klar, Nytt slutdatum, Lämna över
    "handover: a unit not offered": Case(
        "errors",
        lambda w, _: st.builds(
            lambda unit: follow_up(ids.ACTION_HANDOVER_VIEW, COP, w.cop_action, unit),
            _ids(*w.not_offered_units),
        ),
    ),
    "follow-up: someone else's action": Case(
        "errors",
        lambda w, _: st.builds(
            lambda view, action: follow_up(view, COP, action),
            st.sampled_from([ids.ACTION_DONE_VIEW, ids.ACTION_DEADLINE_VIEW, ids.ACTION_HANDOVER_VIEW]),
            _ids(w.fgk_action),
        ),
    ),
    # ---------------------------------------------------------------- review
    "merge: a target not offered": Case(
        "errors",
        lambda w, _: st.builds(
            lambda into: merge(CHIEF, w.reports["in_review"], into),
            _ids(
                w.reports["other_area"],
                w.reports["published"],
                w.reports["published_2"],
                w.reports["merged"],
                w.reports["in_review"],
                w.reports["other_team"],
            ),
        ),
    ),
    "merge or return: not the reviewer": Case(
        "errors",
        lambda w, _: st.builds(
            lambda user, question: (
                submission(
                    ids.REVIEW_RETURN_VIEW,
                    user,
                    {"report": w.reports["in_review"], "channel": None, "ts": None},
                    {ids.QUESTION_BLOCK: typed("Var?")},
                )
                if question
                else merge(user, w.reports["in_review"], w.reports["same_area"])
            ),
            st.sampled_from([HEAD, COP, ADMIN]),
            st.booleans(),
        ),
    ),
    # ---------------------------------------------------------------- /rapportera
    "report: a unit not offered": Case(
        "errors",
        lambda w, _: st.builds(
            lambda unit: submission(ids.REPORT_VIEW, HEAD, {}, report_values(unit_id=unit)),
            _ids(*w.not_offered_units),
        ),
    ),
    "report: editing a report not offered for editing": Case(
        "errors",
        lambda w, _: st.builds(
            lambda user, report: submission(
                ids.REPORT_VIEW, user, {"edit": report}, report_values(unit_id=w.units["Rosengårdsskolan"])
            ),
            st.sampled_from([HEAD, COP]),
            st.sampled_from(
                [w.reports["in_review"], w.reports["published"], w.reports["merged"], w.reports["other_team"]]
            ),
        ),
    ),
    # ---------------------------------------------------------------- /orat admin
    "admin member: report contents for an administrator": Case(
        "errors",
        lambda w, _: st.one_of(
            st.builds(
                lambda who, roles: member(ADMIN, who, None, roles),
                st.sampled_from([ADMIN, ADMIN2]),
                st.sampled_from([["participant"], ["admin", "participant"], ["admin", "chair"]]),
            ),
            st.builds(
                lambda who, unit: member(ADMIN, who, unit, ["admin"]),
                st.sampled_from([ADMIN, ADMIN2]),
                st.sampled_from([w.units["Polisen"], w.units["Fastighets- och gatukontoret"], w.inactive]),
            ),
            st.builds(lambda: member(ADMIN2, ADMIN2, w.units["Polisen"], ["admin"])),
        ),
    ),
    "admin member: a unit not offered": Case(
        "errors",
        lambda w, _: st.builds(
            lambda unit: member(ADMIN, HEAD, unit, []), st.one_of(st.sampled_from(w.other_units), NO_SUCH_ID)
        ),
    ),
    "admin unit: report contents for an administrator": Case(
        "errors",
        lambda w, _: st.one_of(
            st.builds(
                lambda who, name: unit_form(ADMIN, w.units[name], name, "school", "Öster", who),
                st.sampled_from([ADMIN, ADMIN2]),
                st.sampled_from(["Rosengårdsskolan", "Apelgårdsskolan"]),
            ),
            # ADMIN is registered at Örtagårdsskolan: made an actor, it would make them a participant.
            st.builds(
                lambda kind: unit_form(
                    ADMIN, w.units["Örtagårdsskolan"], "Örtagårdsskolan", kind, None, CHIEF
                ),
                st.sampled_from(["actor", "department"]),
            ),
        ),
    ),
    "admin unit: another workspace's unit": Case(
        "errors",
        lambda w, _: st.builds(
            lambda unit: unit_form(ADMIN, unit, "Ny skola", "school", "Öster", None),
            st.one_of(st.sampled_from(w.other_units), NO_SUCH_ID),
        ),
    ),
    # ---------------------------------------------------------------- buttons
    "button: agenda item not offered": Case(
        "told",
        lambda w, url: st.builds(
            lambda action, item: click(action, COP, _button_item(item), url),
            st.sampled_from([ids.ITEM_TAKE, ids.ITEM_ASSIGN]),
            st.sampled_from(w.draft_items),
        ),
    ),
    "button: agenda item for someone who may not": Case(
        "told",
        lambda w, url: st.one_of(
            st.builds(
                lambda user: click(ids.ITEM_TAKE, user, _button_item(w.published_items[0]), url),
                st.sampled_from([HEAD, ADMIN, CHIEF]),
            ),
            st.builds(lambda: click(ids.ITEM_ASSIGN, COP, _button_item(w.published_items[0]), url)),
            st.builds(
                lambda kind: click(
                    ids.ITEM_OUTCOME, COP, f"{kind}:{_button_item(w.published_items[1])}", url
                ),
                st.sampled_from(["no_action", "tabled"]),
            ),
            st.builds(
                lambda kind, item: click(ids.ITEM_OUTCOME, CHAIR, f"{kind}:{_button_item(item)}", url),
                st.sampled_from(["no_action", "tabled", "not_ours"]),
                st.sampled_from(w.draft_items),
            ),
        ),
    ),
    "button: review of a report not offered": Case(
        "told",
        lambda w, url: st.one_of(
            st.builds(
                lambda action, report: click(action, CHIEF, str(report), url),
                st.sampled_from([ids.REVIEW_RAISE, ids.REVIEW_MERGE, ids.REVIEW_RETURN]),
                _ids(
                    w.reports["published"],
                    w.reports["merged"],
                    w.reports["other_team"],
                    w.reports["returned"],
                ),
            ),
            st.builds(
                lambda action, user: click(action, user, str(w.reports["in_review"]), url),
                st.sampled_from([ids.REVIEW_RAISE, ids.REVIEW_MERGE, ids.REVIEW_RETURN]),
                st.sampled_from([HEAD, COP, ADMIN]),
            ),
            st.builds(
                lambda user, report: click(ids.REPORT_EDIT, user, str(report), url),
                st.sampled_from([HEAD, COP]),
                st.sampled_from([w.reports["in_review"], w.reports["published"], w.reports["other_team"]]),
            ),
            st.builds(lambda: click(ids.REPORT_EDIT, COP, str(w.reports["returned"]), url)),
        ),
    ),
    "button: an action not offered": Case(
        "told",
        lambda w, url: st.one_of(
            st.builds(
                lambda action, user, target: click(action, user, str(target), url),
                st.sampled_from([ids.ACTION_DONE, ids.ACTION_DEADLINE, ids.ACTION_HANDOVER]),
                st.sampled_from([COP, HEAD, PART]),
                _ids(w.fgk_action),
            ),
            st.builds(
                lambda action, user: click(action, user, str(w.cop_action), url),
                st.sampled_from([ids.HANDOVER_ACCEPT, ids.HANDOVER_DECLINE, ids.SOLVED_YES, ids.SOLVED_NO]),
                st.sampled_from([PART, FGK]),
            ),
        ),
    ),
    "button: publishing an agenda not offered": Case(
        "told",
        lambda w, url: st.one_of(
            st.builds(lambda: click(ids.AGENDA_PUBLISH_NOW, COP, str(w.draft_items[0][1]), url)),
            st.builds(
                lambda meeting: click(ids.AGENDA_PUBLISH_NOW, CHAIR, str(meeting), url),
                _ids(w.published_meeting),
            ),
        ),
    ),
    "button: administration not offered": Case(
        "nothing",
        lambda w, url: st.one_of(
            st.builds(
                lambda user, unit: click(ids.ADMIN_UNIT_EDIT, user, str(unit), url, in_modal=True),
                st.sampled_from([ADMIN, COP]),
                st.one_of(st.sampled_from(w.other_units), NO_SUCH_ID),
            ),
            st.builds(lambda: click(ids.ADMIN_MEMBER, COP, "member", url, in_modal=True)),
        ),
    ),
}


def _listener(payload: dict[str, Any]) -> str:
    if payload["type"] == "view_submission":
        return payload["view"]["callback_id"]
    return payload["actions"][0]["action_id"]


def _refused(case: Case, result: Any, fake: FakeSlack, calls_before: int) -> str | None:
    """Why the answer is not a refusal (None: it is one)."""
    new = fake.calls[calls_before:]
    opened = [c.method for c in new if c.method in ("views.open", "views.push", "views.update")]
    if case.answer == "errors":
        answer = result.json() if result.body else None
        if not (isinstance(answer, dict) and answer.get("response_action") == "errors"):
            return f"answered {result.status} {result.body[:300]!r}, not inline errors"
        return None
    if opened:
        return f"opened a modal: {opened}"
    if case.answer == "told":
        told = [c.args.get("text") for c in new if c.method == "response_url"]
        if not any(text in REFUSAL_TEXTS for text in told):
            return f"no refusal told, only {told} (calls: {[c.method for c in new]})"
    return None


def _explore(probe: Probe, fake: FakeSlack, world: World, name: str, examples: int, tried: dict[str, int]):
    engine, case = probe.app.runtime.engine, CASES[name]

    @_settings(examples=examples)
    @given(payload=case.payloads(world, fake.response_url))
    def attempt(payload: dict[str, Any]) -> None:
        before, calls_before = snapshot(engine), len(fake.calls)
        result = probe.send(_listener(payload), payload)
        problem = _refused(case, result, fake, calls_before)
        changed = changes(before, snapshot(engine))
        detail = json.dumps(payload, ensure_ascii=False)[:1500]
        assert problem is None, f"{name}: {problem}\npayload: {detail}"
        assert not changed, f"{name}: changed {changed}\npayload: {detail}"
        tried[name] += 1

    attempt()


def run_cases(app: RunningApp, fake: FakeSlack, world: World, names: list[str], examples: int) -> None:
    tried: dict[str, int] = dict.fromkeys(names, 0)
    with Probe(app) as probe:
        for name in names:
            _explore(probe, fake, world, name, examples, tried)
    print(f"\noffered_values[{app.runtime.engine.dialect.name}]: " + json.dumps(tried, ensure_ascii=False))
    assert all(tried.values()), f"never tried: {[n for n, k in tried.items() if not k]}"


MODAL_CASES = [name for name, case in CASES.items() if case.answer == "errors"]
BUTTON_CASES = [name for name, case in CASES.items() if case.answer != "errors"]


def test_offered_values_modals_refuse_what_they_did_not_offer(
    app_server: RunningApp, fake_slack: FakeSlack, world: World
):
    run_cases(app_server, fake_slack, world, MODAL_CASES, examples=12)


def test_offered_values_buttons_refuse_what_they_did_not_offer(
    app_server: RunningApp, fake_slack: FakeSlack, world: World
):
    run_cases(app_server, fake_slack, world, BUTTON_CASES, examples=12)


def _collect(case: Case, world: World, reached: set[str]) -> None:
    @_settings(examples=60)
    @given(payload=case.payloads(world, "http://127.0.0.1:9/r"))
    def collect(payload: dict[str, Any]) -> None:
        reached.add(_listener(payload))

    collect()


def test_offered_values_reach_every_modal_and_button_that_carries_an_id():
    """The generated cases reach every modal with a choice or an id, and every button with an id."""
    reached: set[str] = set()
    world = World(
        units={u["namn"]: n for n, u in enumerate(UNITS, start=1)},
        other_units=[90, 91],
        inactive=6,
        published_items=[(1, 1, 1), (2, 1, 2)],
        draft_items=[(3, 2, 1)],
        published_meeting=1,
        cop_action=1,
        fgk_action=2,
        reports=dict.fromkeys(
            [
                "published",
                "published_2",
                "in_review",
                "same_area",
                "other_area",
                "returned",
                "merged",
                "other_team",
            ],
            1,
        ),
    )
    for case in CASES.values():
        _collect(case, world, reached)
    carrying_ids = {
        ids.RESPONSIBILITY_VIEW,
        ids.OUTCOME_VIEW,
        ids.ACTION_DONE_VIEW,
        ids.ACTION_DEADLINE_VIEW,
        ids.ACTION_HANDOVER_VIEW,
        ids.REVIEW_MERGE_VIEW,
        ids.REVIEW_RETURN_VIEW,
        ids.REPORT_VIEW,
        ids.ADMIN_MEMBER_VIEW,
        ids.ADMIN_UNIT_VIEW,
        ids.ITEM_TAKE,
        ids.ITEM_ASSIGN,
        ids.ITEM_OUTCOME,
        ids.REVIEW_RAISE,
        ids.REVIEW_MERGE,
        ids.REVIEW_RETURN,
        ids.REPORT_EDIT,
        ids.ACTION_DONE,
        ids.ACTION_DEADLINE,
        ids.ACTION_HANDOVER,
        ids.HANDOVER_ACCEPT,
        ids.HANDOVER_DECLINE,
        ids.SOLVED_YES,
        ids.SOLVED_NO,
        ids.AGENDA_PUBLISH_NOW,
        ids.ADMIN_UNIT_EDIT,
        ids.ADMIN_MEMBER,
    }
    assert carrying_ids <= reached, sorted(carrying_ids - reached)


# ================================================================================ the defects, as stories
def _opened(fake: FakeSlack, before: int) -> dict[str, Any]:
    return fake.wait_for("views.open", before + 1)[-1].args["view"]


def _block(view: dict[str, Any], block_id: str) -> dict[str, Any] | None:
    return next((b for b in view["blocks"] if b.get("block_id") == block_id), None)


def _options(element: dict[str, Any]) -> list[str]:
    groups = element.get("option_groups") or [{"options": element.get("options", [])}]
    return [o["value"] for g in groups for o in g["options"]]


def _with_state(view: dict[str, Any], values: dict[str, Any], user: str) -> dict[str, Any]:
    payload = submission(view["callback_id"], user, json.loads(view["private_metadata"]), values)
    payload["view"]["blocks"] = view["blocks"]
    return payload


def test_taking_responsibility_is_for_oneself_and_for_ones_own_unit(
    app_server: RunningApp, fake_slack: FakeSlack, world: World
):
    engine, blocks = app_server.runtime.engine, ids.RESPONSIBILITY_BLOCKS
    item = world.published_items[1]
    app_server.slack.interactive(click(ids.ITEM_TAKE, COP, _button_item(item), fake_slack.response_url))
    modal = _opened(fake_slack, 0)
    before = snapshot(engine)

    def submit(unit_id: int, owner: str | None) -> Any:
        values = responsibility(COP, item[0], False, unit_id, owner)["view"]["state"]["values"]
        return app_server.slack.interactive(_with_state(modal, values, COP))

    forged_owner = submit(world.units["Polisen"], PART).json()
    assert forged_owner == {
        "response_action": "errors",
        "errors": {blocks["description"]: SV.get("denied.take_for_yourself")},
    }
    other_unit = submit(world.units["Fastighets- och gatukontoret"], None).json()
    assert other_unit == {
        "response_action": "errors",
        "errors": {blocks["unit"]: SV.get("error.action_unit_not_yours")},
    }
    assert changes(before, snapshot(engine)) == []
    # The police contact is the owner, for the police: the modal offers nothing else.
    assert _block(modal, blocks["owner"]) is None
    assert f"<@{COP}> (du)" in json.dumps(modal["blocks"], ensure_ascii=False)
    unit = _block(modal, blocks["unit"])
    assert unit is not None and _options(unit["element"]) == [str(world.units["Polisen"])]

    assert submit(world.units["Polisen"], None).status == 200
    taken = [a for a in all_rows(engine, Action) if a.agenda_item_id == item[0] and a.owner_user_id == COP]
    assert [(a.owner_unit_id, a.created_by_user_id) for a in taken] == [(world.units["Polisen"], COP)]

    # Someone in the meeting channel registered at no unit chooses among the active units.
    app_server.slack.interactive(click(ids.ITEM_TAKE, PART, _button_item(item), fake_slack.response_url))
    unit = _block(_opened(fake_slack, 1), blocks["unit"])
    assert unit is not None
    offered = set(_options(unit["element"]))
    assert str(world.units["Fritidsförvaltningen"]) not in offered
    assert offered == {str(v) for k, v in world.units.items() if k != "Fritidsförvaltningen"}


def test_an_administrator_cannot_give_themself_report_contents_a_chair_can(
    app_server: RunningApp, fake_slack: FakeSlack, world: World
):
    engine, services = app_server.runtime.engine, app_server.runtime.services
    reference = next(r.reference for r in all_rows(engine, Report) if r.id == world.reports["published"])
    refusal = SV.get("denied.admin_content_access")

    def as_admin(payload: dict[str, Any]) -> Any:
        return app_server.slack.interactive(payload).json()

    before = snapshot(engine)
    attempts = {
        "participant": member(ADMIN, ADMIN, None, ["admin", "participant"]),
        "participant, dropping admin": member(ADMIN, ADMIN, None, ["participant"]),
        "at the police": member(ADMIN, ADMIN, world.units["Polisen"], ["admin"]),
        "another admin a participant": member(ADMIN, ADMIN2, None, ["admin", "participant"]),
        "reviewer": unit_form(
            ADMIN, world.units["Rosengårdsskolan"], "Rosengårdsskolan", "school", "Öster", ADMIN
        ),
        "another admin reviewer": unit_form(
            ADMIN, world.units["Apelgårdsskolan"], "Apelgårdsskolan", "school", "Öster", ADMIN2
        ),
        "own school made an actor": unit_form(
            ADMIN, world.units["Örtagårdsskolan"], "Örtagårdsskolan", "actor", None, CHIEF
        ),
    }
    for name, payload in attempts.items():
        answer = as_admin(payload)
        assert answer is not None and answer["response_action"] == "errors", (name, answer)
        assert refusal in answer["errors"].values(), (name, answer)
    assert changes(before, snapshot(engine)) == []
    with pytest.raises(Exception, match="not_allowed_report"):
        services.reports.show(TEAM_ID, ADMIN, 2026, int(reference[-4:]), services.clock())

    # Administrators still manage members, units and reviewers for others.
    assert as_admin(member(ADMIN, "UNEWCONTACT", world.units["Polisen"], ["participant"])) is None
    assert (
        as_admin(
            unit_form(
                ADMIN, world.units["Rosengårdsskolan"], "Rosengårdsskolan", "school", "Öster", "UCHIEF2"
            )
        )
        is None
    )
    # A chair may give an administrator access; then they read reports like any participant.
    assert as_admin(member(CHAIR, ADMIN, None, ["admin", "participant"])) is None
    app_server.slack.command("/orat", f"rapport {reference}", user=ADMIN)
    shown = fake_slack.wait_for("response_url")[-1].args
    assert reference in json.dumps(shown, ensure_ascii=False) and shown["text"] not in REFUSAL_TEXTS


def test_a_merge_goes_only_into_an_offered_report_and_no_merged_reference_is_lost(
    app_server: RunningApp, fake_slack: FakeSlack, world: World, clock: Any
):
    engine, services = app_server.runtime.engine, app_server.runtime.services
    reports = world.reports
    reference = {
        name: r.reference for r in all_rows(engine, Report) for name, i in reports.items() if i == r.id
    }
    app_server.slack.interactive(
        click(ids.REVIEW_MERGE, CHIEF, str(reports["in_review"]), fake_slack.response_url)
    )
    modal = _opened(fake_slack, 0)
    select = _block(modal, ids.MERGE_INTO_BLOCK)
    assert select is not None
    # Same city area (Öster), not yet on a published agenda, not merged, not itself.
    assert set(_options(select["element"])) == {str(reports["same_area"]), str(reports["returned"])}

    before = snapshot(engine)
    for target in ("published", "other_area", "merged", "other_team"):
        answer = app_server.slack.interactive(
            _with_state(modal, {ids.MERGE_INTO_BLOCK: selected(reports[target])}, CHIEF)
        ).json()
        assert answer == {
            "response_action": "errors",
            "errors": {ids.MERGE_INTO_BLOCK: SV["error.merge_target_not_offered"]},
        }, target
    assert changes(before, snapshot(engine)) == []

    # A report that others were merged into is merged itself: they all go along.
    merged = services.review.merge(TEAM_ID, CHIEF, reports["same_area"], reports["in_review"], clock())
    assert not hasattr(merged, "errors"), merged
    into = {r.id: r.merged_into_id for r in all_rows(engine, Report)}
    assert into[reports["merged"]] == into[reports["same_area"]] == reports["in_review"]

    posted_before = len(fake_slack.calls_to("chat.postMessage"))
    services.tick(NEXT_PUBLISH)
    wait_until_delivered(engine, now=NEXT_PUBLISH)
    posted = fake_slack.calls_to("chat.postMessage")[posted_before:]
    agenda = json.dumps(
        [c.args["blocks"] for c in posted if c.args["channel"] == "C0MEETING"], ensure_ascii=False
    )
    merged_note = SV["agenda.merged"].format(references=f"{reference['same_area']}, {reference['merged']}")
    assert (
        merged_note in agenda
        or SV["agenda.merged"].format(references=f"{reference['merged']}, {reference['same_area']}") in agenda
    ), agenda
    assert reference["other_area"] in agenda  # refused as a merge, it reaches the meeting on its own
