"""The administration modals (``/orat admin``): an overview, a unit form and a member form."""

from __future__ import annotations

import json
from typing import Any

from bot.domain.reports import UnitKind
from bot.domain.text import escape_mrkdwn
from bot.domain.vocabulary import AREA, CATEGORY, KINDS, LABEL_MAX, MALMO, Vocabulary
from bot.results.admin import AdminOverview, MemberState, UnitDetails
from bot.texts import Texts
from handlers.blocks.common import button, context, header, option, plain, section
from handlers.blocks.settings import settings_button
from handlers.ids import (
    ADMIN_BLOCKS,
    ADMIN_MEMBER,
    ADMIN_MEMBER_VIEW,
    ADMIN_TERM_BLOCKS,
    ADMIN_TERMS,
    ADMIN_TERMS_VIEW,
    ADMIN_UNIT_EDIT,
    ADMIN_UNIT_NEW,
    ADMIN_UNIT_VIEW,
    VALUE,
)

UNITS_LISTED = 60
SELECT_MAX = 100


def _input(field: str, label: str, element: dict[str, Any], *, optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": ADMIN_BLOCKS[field],
        "label": plain(label, 2000),
        "element": {"action_id": VALUE, **element},
        "optional": optional,
    }


def _unit_line(details: UnitDetails, texts: Texts) -> str:
    unit = details.unit
    parts = [f"*{escape_mrkdwn(unit.name)}*", texts(f"unit_kind.{unit.kind}")]
    if unit.area:
        parts.append(escape_mrkdwn(texts.area(unit.area)))
    if details.reviewer_user_id:
        parts.append(texts("admin.reviewer_is", user=details.reviewer_user_id))
    if not details.active:
        parts.append(texts("admin.inactive"))
    return " · ".join(parts)


def admin_home(overview: AdminOverview, texts: Texts) -> dict[str, Any]:
    lines = [_unit_line(d, texts) for d in overview.units[:UNITS_LISTED]]
    more = len(overview.units) - UNITS_LISTED
    blocks: list[dict[str, Any]] = [
        header(texts("admin.units_header")),
        section("\n".join(lines) if lines else texts("admin.no_units")),
    ]
    if more > 0:
        blocks.append(context(texts.plural("admin.more_units", more)))
    elements: list[dict[str, Any]] = [button(texts("admin.unit_new"), ADMIN_UNIT_NEW, "new")]
    if overview.units:
        elements.append(
            {
                "type": "static_select",
                "action_id": ADMIN_UNIT_EDIT,
                "placeholder": plain(texts("admin.unit_edit"), 150),
                "options": [option(d.unit.name, str(d.unit.id)) for d in overview.units[:SELECT_MAX]],
            }
        )
    elements.append(button(texts("admin.member"), ADMIN_MEMBER, "member"))
    elements.append(button(texts("admin.terms"), ADMIN_TERMS, "terms"))
    blocks += [
        {"type": "actions", "block_id": "admin_actions", "elements": elements},
        header(texts("admin.meetings_header")),
        section(texts("admin.meetings_help")),
        {"type": "actions", "block_id": "admin_settings", "elements": [settings_button(texts)]},
        context(texts("admin.footer")),
    ]
    return {
        "type": "modal",
        "callback_id": "admin_home",
        "title": plain(texts("admin.title"), 24),
        "close": plain(texts("admin.close"), 24),
        "blocks": blocks,
        "private_metadata": json.dumps({"chair": overview.may_grant_chair}),
    }


def unit_form(
    details: UnitDetails | None, texts: Texts, vocabulary: Vocabulary | None = None
) -> dict[str, Any]:
    kinds = [option(texts(f"unit_kind.{k.value}"), k.value) for k in UnitKind]
    vocabulary = vocabulary or texts.vocabulary() or MALMO
    areas = [option(texts.term(AREA, t), t.key) for t in vocabulary.active(AREA)]
    if details is not None and details.unit.area and details.unit.area not in vocabulary.active_keys(AREA):
        areas.append(option(texts.area(details.unit.area), details.unit.area))  # retired since: kept
    name: dict[str, Any] = {"type": "plain_text_input", "max_length": 100}
    kind: dict[str, Any] = {"type": "static_select", "options": kinds}
    area: dict[str, Any] = {"type": "static_select", "options": areas}
    reviewer: dict[str, Any] = {"type": "users_select"}
    active_option = option(texts("admin.active_option"), "yes")
    active: dict[str, Any] = {
        "type": "checkboxes",
        "options": [active_option],
        "initial_options": [active_option],
    }
    if details is not None:
        unit = details.unit
        name["initial_value"] = unit.name
        kind["initial_option"] = next(o for o in kinds if o["value"] == unit.kind)
        if unit.area:
            area["initial_option"] = next(o for o in areas if o["value"] == unit.area)
        if details.reviewer_user_id:
            reviewer["initial_user"] = details.reviewer_user_id
        if not details.active:
            del active["initial_options"]
    return {
        "type": "modal",
        "callback_id": ADMIN_UNIT_VIEW,
        "title": plain(texts("admin.unit_title"), 24),
        "submit": plain(texts("admin.save"), 24),
        "close": plain(texts("admin.back"), 24),
        "private_metadata": json.dumps({"unit": details.unit.id if details else None}),
        "blocks": [
            _input("name", texts("admin.unit_name"), name),
            _input("kind", texts("admin.unit_kind"), kind),
            _input("area", texts("admin.unit_area"), area, optional=True),
            _input("reviewer", texts("admin.unit_reviewer"), reviewer, optional=True),
            _input("active", texts("admin.unit_active"), active, optional=True),
        ],
    }


def member_form(
    state: MemberState | None, units: list[UnitDetails], may_grant_chair: bool, texts: Texts
) -> dict[str, Any]:
    roles = [option(texts(f"admin.role.{r}"), r) for r in ("participant", "chair", "admin")]
    if not may_grant_chair:
        roles = [o for o in roles if o["value"] != "chair"]
    unit_options = [option(d.unit.name, str(d.unit.id)) for d in units[:SELECT_MAX]]
    user: dict[str, Any] = {"type": "users_select"}
    unit: dict[str, Any] = {"type": "static_select", "options": unit_options}
    role_box: dict[str, Any] = {"type": "checkboxes", "options": roles}
    if state is not None:
        user["initial_user"] = state.user_id
        chosen = [o for o in unit_options if o["value"] == str(state.unit_id)]
        if chosen:
            unit["initial_option"] = chosen[0]
        held = [o for o in roles if o["value"] in state.roles]
        if held:
            role_box["initial_options"] = held
    # Choosing a person loads their unit and roles; new block ids make Slack show them rather
    # than keep what was checked for the previous person.
    suffix = f":{state.user_id}" if state is not None else ""
    blocks = [{**_input("user", texts("admin.member_user"), user), "dispatch_action": True}]
    if unit_options:
        blocks.append(_input("unit", texts("admin.member_unit"), unit, optional=True))
    blocks += [
        _input("roles", texts("admin.member_roles"), role_box, optional=True),
        context(texts("admin.member_help")),
    ]
    for block in blocks[1:]:
        if "block_id" in block:
            block["block_id"] += suffix
    return {
        "type": "modal",
        "callback_id": ADMIN_MEMBER_VIEW,
        "title": plain(texts("admin.member_title"), 24),
        "submit": plain(texts("admin.save"), 24),
        "close": plain(texts("admin.back"), 24),
        "blocks": blocks,
    }


# ------------------------------------------------------------------------------ areas and categories
def _term_line(vocabulary: Vocabulary, kind: str, texts: Texts) -> str:
    names = [
        escape_mrkdwn(texts.term(kind, t)) + (f" _{texts('admin.terms_retired')}_" if t.retired else "")
        for t in vocabulary.terms(kind)
    ]
    return texts(f"admin.terms_{kind}", terms=" · ".join(names))


def terms_form(vocabulary: Vocabulary, texts: Texts, done: str | None = None) -> dict[str, Any]:
    """ "Områden och kategorier": the workspace's lists, and one form to add a term, rename one,
    retire one or bring one back (there is no deleting: old reports keep their category)."""
    actions = [option(texts(f"admin.term_action.{a}"), a) for a in ("add", "rename", "retire", "restore")]
    kinds = [option(texts(f"admin.term_kind.{k}"), k) for k in KINDS]
    groups = _term_groups(vocabulary, texts)
    blocks: list[dict[str, Any]] = [
        section(_term_line(vocabulary, AREA, texts)),
        section(_term_line(vocabulary, CATEGORY, texts)),
        context(texts("admin.terms_help")),
    ]
    if done:
        blocks.append(context(done))
    blocks += [
        _term_input("action", texts("admin.term_action"), {"type": "radio_buttons", "options": actions}),
        _term_input(
            "kind", texts("admin.term_kind"), {"type": "static_select", "options": kinds}, optional=True
        ),
        _term_input(
            "term",
            texts("admin.term_term"),
            {"type": "static_select", "option_groups": groups},
            optional=True,
        ),
        _term_input(
            "label",
            texts("admin.term_label"),
            {"type": "plain_text_input", "max_length": LABEL_MAX},
            optional=True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": ADMIN_TERMS_VIEW,
        "title": plain(texts("admin.terms_title"), 24),
        "submit": plain(texts("admin.save"), 24),
        "close": plain(texts("admin.back"), 24),
        "blocks": blocks,
    }


def _term_groups(vocabulary: Vocabulary, texts: Texts) -> list[dict[str, Any]]:
    """Every term, retired ones too (to bring back), grouped by kind; values ``kind:key``."""
    retired = f" ({texts('admin.terms_retired')})"
    return [
        {
            "label": plain(texts(f"admin.term_kind.{kind}"), 75),
            "options": [
                option(texts.term(kind, t) + (retired if t.retired else ""), f"{kind}:{t.key}")
                for t in vocabulary.terms(kind)[:SELECT_MAX]
            ],
        }
        for kind in (AREA, CATEGORY)
        if vocabulary.terms(kind)
    ]


def _term_input(field: str, label: str, element: dict[str, Any], *, optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": ADMIN_TERM_BLOCKS[field],
        "label": plain(label, 2000),
        "element": {"action_id": VALUE, **element},
        "optional": optional,
    }
