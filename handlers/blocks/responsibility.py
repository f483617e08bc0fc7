"""Taking responsibility for an agenda item: the modal, the other outcomes, and who is told."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.actions import ACTION_MAX, NOTE_MAX
from bot.domain.dates import long_date, meeting_when
from bot.domain.text import escape_mrkdwn, shorten
from bot.results.common import Message
from bot.results.reports import UnitChoice
from bot.results.responsibility import (
    AttendanceForm,
    AttendanceSet,
    DecisionNotice,
    ItemView,
    NotOursNotice,
    ResponsibilityForm,
    ResponsibilityNotice,
)
from bot.texts import Texts
from handlers.blocks.common import context, plain, section
from handlers.blocks.report import quote, unit_option, unit_option_groups
from handlers.ids import (
    ATTENDANCE_BLOCK,
    ATTENDANCE_VIEW,
    OUTCOME_VIEW,
    RESPONSIBILITY_BLOCKS,
    RESPONSIBILITY_VIEW,
    VALUE,
)


def _input(field: str, label: str, element: dict[str, Any], *, optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": RESPONSIBILITY_BLOCKS[field],
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }


def item_context(item: ItemView, texts: Texts) -> dict[str, Any]:
    report = item.report
    return context(
        texts(
            "responsibility.item",
            number=item.number,
            reference=report.reference,
            category=texts(f"category.{report.category}"),
            unit=escape_mrkdwn(report.unit_name),
            place=escape_mrkdwn(shorten(report.place, 100)),
        )
    )


def _unit_select(units: tuple[UnitChoice, ...], selected: int | None, texts: Texts) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": VALUE,
        "placeholder": plain(texts("responsibility.unit_placeholder"), 150),
        "option_groups": unit_option_groups(units, texts),
    }
    chosen = next((u for u in units if u.id == selected), None)
    if chosen is not None:
        element["initial_option"] = unit_option(chosen)
    return element


def _owner_block(form: ResponsibilityForm, texts: Texts) -> dict[str, Any]:
    """A chair assigning chooses the owner; someone taking responsibility is the owner."""
    if not form.assign and form.owner_user_id is not None:
        return context(texts("responsibility.owner_you", user=form.owner_user_id))
    owner: dict[str, Any] = {"type": "users_select", "action_id": VALUE}
    if form.owner_user_id is not None:
        owner["initial_user"] = form.owner_user_id
    return _input("owner", texts("responsibility.owner"), owner)


def responsibility_modal(form: ResponsibilityForm, texts: Texts) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": RESPONSIBILITY_VIEW,
        "title": plain(texts("responsibility.title_assign" if form.assign else "responsibility.title"), 24),
        "submit": plain(texts("responsibility.submit"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": json.dumps({"item": form.item.item_id, "assign": form.assign}),
        "blocks": [
            item_context(form.item, texts),
            _input("unit", texts("responsibility.unit"), _unit_select(form.units, form.unit_id, texts)),
            _owner_block(form, texts),
            _input(
                "description",
                texts("responsibility.description"),
                {"type": "plain_text_input", "action_id": VALUE, "multiline": True, "max_length": ACTION_MAX},
            ),
            _input(
                "due_on",
                texts("responsibility.due_on"),
                {"type": "datepicker", "action_id": VALUE, "initial_date": form.due_on.isoformat()},
            ),
            _input(
                "note",
                texts("responsibility.note"),
                {"type": "plain_text_input", "action_id": VALUE, "multiline": True, "max_length": NOTE_MAX},
                optional=True,
            ),
        ],
    }


def outcome_modal(
    outcome: str, item: ItemView, units: tuple[UnitChoice, ...], texts: Texts
) -> dict[str, Any]:
    """ "Ingen åtgärd" asks for the reason; "Bordlägg" for an optional one; "Inte vår fråga" for a
    better actor and a comment."""
    blocks = [item_context(item, texts)]
    if outcome == "not_ours":
        blocks.append(
            _input(
                "suggested_unit",
                texts("outcome.suggested_unit"),
                _unit_select(units, None, texts),
                optional=True,
            )
        )
    note = {"type": "plain_text_input", "action_id": VALUE, "multiline": True, "max_length": NOTE_MAX}
    reason = _input("note", texts(f"outcome.note_{outcome}"), note, optional=outcome != "no_action")
    if outcome == "tabled":
        reason["hint"] = plain(texts("outcome.note_tabled_hint"), 2000)
    blocks.append(reason)
    return {
        "type": "modal",
        "callback_id": OUTCOME_VIEW,
        "title": plain(texts(f"agenda.outcome_{outcome}"), 24),
        "submit": plain(texts("outcome.submit"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": json.dumps({"item": item.item_id, "outcome": outcome}),
        "blocks": blocks,
    }


ATTENDEES_MAX = 100  # Slack's own limit on a multi-select


def attendance_modal(form: AttendanceForm, texts: Texts, tz: ZoneInfo) -> dict[str, Any]:
    """The chair's "Närvaro…": everyone who attended, pre-filled with who is noted as present."""
    select: dict[str, Any] = {
        "type": "multi_users_select",
        "action_id": VALUE,
        "placeholder": plain(texts("attendance.placeholder"), 150),
        "max_selected_items": ATTENDEES_MAX,
    }
    if form.present:
        select["initial_users"] = list(form.present[:ATTENDEES_MAX])
    when = meeting_when(form.meeting_starts_at, tz, texts.language)
    return {
        "type": "modal",
        "callback_id": ATTENDANCE_VIEW,
        "title": plain(texts("attendance.title"), 24),
        "submit": plain(texts("attendance.submit"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": json.dumps({"meeting": form.meeting_id}),
        "blocks": [
            context(texts("attendance.intro", when=when)),
            {
                "type": "input",
                "block_id": ATTENDANCE_BLOCK,
                "label": plain(texts("attendance.label"), 2000),
                "element": select,
                "optional": True,
            },
        ],
    }


def attendance_saved(saved: AttendanceSet, texts: Texts) -> dict[str, Any]:
    """What the "Närvaro…" modal turns into once saved: how many the minutes will list."""
    return {
        "type": "modal",
        "title": plain(texts("attendance.title"), 24),
        "close": plain(texts("notice.close"), 24),
        "blocks": [
            section(
                texts.plural("attendance.saved", saved.present)
                if saved.present
                else texts("attendance.saved_none")
            )
        ],
    }


def responsibility_taken(notice: ResponsibilityNotice, texts: Texts, tz: ZoneInfo) -> Message:
    values = _notice_values(notice, texts)
    text = texts("responsibility.reporter_told", **values)
    return Message(text=texts("responsibility.reporter_text", **values), blocks=[section(text)])


def action_assigned(notice: ResponsibilityNotice, texts: Texts, tz: ZoneInfo) -> Message:
    values = _notice_values(notice, texts)
    blocks = [
        section(texts("responsibility.owner_told", **values)),
        context(texts("responsibility.owner_footer")),
    ]
    return Message(text=texts("responsibility.owner_text", **values), blocks=blocks)


def _notice_values(notice: ResponsibilityNotice, texts: Texts) -> dict[str, str]:
    return {
        "reference": notice.report.reference,
        "unit": escape_mrkdwn(notice.unit),
        "owner": notice.owner_user_id,
        "by": notice.by_user_id,
        "what": quote(shorten(notice.description, 1000)),
        "due": long_date(notice.due_on, texts.language),
        "place": escape_mrkdwn(shorten(notice.report.place, 100)),
    }


def not_ours(notice: NotOursNotice, texts: Texts) -> Message:
    suggested = (
        escape_mrkdwn(notice.suggested_unit) if notice.suggested_unit else texts("agenda.no_suggestion")
    )
    by_unit = f" ({escape_mrkdwn(notice.by_unit)})" if notice.by_unit else ""
    text = texts(
        "outcome.chairs_told",
        by=notice.by_user_id,
        by_unit=by_unit,
        number=notice.item.number,
        reference=notice.item.report.reference,
        suggested=suggested,
    )
    blocks = [section(text)]
    if notice.comment:
        blocks.append(section(quote(notice.comment)))
    return Message(text=texts("outcome.chairs_text", reference=notice.item.report.reference), blocks=blocks)


def school_told(notice: DecisionNotice, texts: Texts, tz: ZoneInfo) -> Message:
    """The reporter's DM when the meeting decides the report without an action."""
    report = notice.report
    values = {
        "reference": report.reference,
        "place": escape_mrkdwn(shorten(report.place, 100)),
        "by": notice.by_user_id,
        "by_unit": f" ({escape_mrkdwn(notice.by_unit)})" if notice.by_unit else "",
        "suggested": escape_mrkdwn(notice.suggested_unit) if notice.suggested_unit else "",
        "when": meeting_when(notice.comes_back_at, tz, texts.language) if notice.comes_back_at else "",
        "merged_into": notice.merged_into or "",
    }
    key = notice.outcome
    if notice.outcome == "not_ours" and notice.suggested_unit:
        key = "not_ours_suggested"
    blocks = [section(texts(f"decision.school_{key}", **values))]
    if notice.note:
        blocks.append(section(texts("decision.school_reason", reason=quote(shorten(notice.note, 1000)))))
    return Message(
        text=texts(f"decision.school_{notice.outcome}_text", reference=report.reference), blocks=blocks
    )
