"""The report modal, the confirmation view and the reporter's receipt."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.dates import long_date, meeting_when
from bot.domain.photos import MAX_PHOTOS, PHOTO_FILETYPES
from bot.domain.reports import DESCRIPTION_MAX, PLACE_MAX, UNIT_NAME_MAX, UnitKind
from bot.domain.text import escape_mrkdwn, shorten
from bot.domain.vocabulary import AREA, CATEGORY, MALMO, Vocabulary
from bot.results.common import Message, Receipt, ReportView
from bot.results.reports import PhotoLine, ReportCard, ReportForm, UnitChoice
from bot.texts import Texts
from handlers.blocks.common import context, header, mrkdwn, option, plain, section
from handlers.blocks.status import action_line, report_status
from handlers.ids import (
    REPORT_BLOCKS,
    REPORT_PLACE_ACTION,
    REPORT_RECEIVED_VIEW,
    REPORT_UNIT_ACTION,
    REPORT_VIEW,
    VALUE,
)

SELECT_OPTIONS_MAX = 100  # Slack's limit per select, and per option group
RECEIPT_DESCRIPTION_MAX = 1500


def _input(
    field: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str | None = None
):
    block: dict[str, Any] = {
        "type": "input",
        "block_id": REPORT_BLOCKS[field],
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def unit_option(unit: UnitChoice) -> dict[str, Any]:
    return option(unit.name, str(unit.id))


def unit_option_groups(
    units: Sequence[UnitChoice], texts: Texts, vocabulary: Vocabulary | None = None
) -> list[dict[str, Any]]:
    """Schools per city area (in the workspace's order), then departments, then other actors."""
    area_order = (vocabulary or texts.vocabulary() or MALMO).order(AREA)
    kind_order = {UnitKind.SCHOOL.value: 0, UnitKind.DEPARTMENT.value: 1, UnitKind.ACTOR.value: 2}
    groups: dict[tuple[int, int, str], list[UnitChoice]] = {}
    for unit in units:
        area_key = area_order.get(unit.area or "", len(area_order)) if unit.kind == UnitKind.SCHOOL else 0
        label = _group_label(unit, texts)
        groups.setdefault((kind_order.get(unit.kind, 3), area_key, label), []).append(unit)
    return [
        {
            "label": plain(label, 75),
            "options": [unit_option(u) for u in sorted(members, key=lambda u: u.name.lower())],
        }
        for (_, _, label), members in sorted(groups.items())
    ]


def _group_label(unit: UnitChoice, texts: Texts) -> str:
    if unit.kind == UnitKind.SCHOOL:
        return (
            texts("unit_group.schools_in", area=texts.area(unit.area))
            if unit.area
            else texts("unit_group.schools_no_area")
        )
    return texts("unit_group.departments" if unit.kind == UnitKind.DEPARTMENT else "unit_group.actors")


def _unit_select(form: ReportForm, texts: Texts) -> dict[str, Any]:
    groups = unit_option_groups(form.units, texts, form.vocabulary)
    fits = len(groups) <= SELECT_OPTIONS_MAX and all(len(g["options"]) <= SELECT_OPTIONS_MAX for g in groups)
    element: dict[str, Any] = {
        "type": "static_select" if fits else "external_select",
        "action_id": REPORT_UNIT_ACTION,
        "placeholder": plain(texts("report_modal.unit_placeholder"), 150),
    }
    if fits:
        element["option_groups"] = groups
    else:
        element["min_query_length"] = 0  # many units: Slack asks us for matches as the user types
    if form.remembered_unit is not None:
        element["initial_option"] = unit_option(form.remembered_unit)
    return element


def report_modal(form: ReportForm, texts: Texts, tz: ZoneInfo) -> dict[str, Any]:
    """The ``/rapportera`` modal. The unit is asked for once; after that it is preselected."""
    editing = form.editing
    blocks = [
        *_opening_blocks(form, texts, tz),
        *_unit_blocks(form, texts),
        *_place_and_time_blocks(form, texts),
        *_description_blocks(form, texts),
    ]
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": REPORT_VIEW,
        "title": plain(texts("report_modal.edit_title" if editing else "report_modal.title"), 24),
        "submit": plain(texts("report_modal.resubmit" if editing else "report_modal.submit"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "blocks": blocks,
    }
    metadata: dict[str, Any] = {}
    if editing is not None:
        metadata["edit"] = editing.report_id
    elif form.draft_id is not None:
        metadata["draft"] = form.draft_id
        view["notify_on_close"] = True  # so the kept text is removed if the modal is cancelled
    if form.guest_check is not None:
        check = form.guest_check
        metadata["guest"] = [check.user_id, check.guest, int(check.checked_at)]
    if metadata:
        view["private_metadata"] = json.dumps(metadata)
    return view


def _opening_blocks(form: ReportForm, texts: Texts, tz: ZoneInfo) -> list[dict[str, Any]]:
    """112 first, the reviewer's question when editing, when it will be heard, and the category."""
    categories = [option(texts.term(CATEGORY, term), term.key) for term in form.vocabulary.active(CATEGORY)]
    category: dict[str, Any] = {
        "type": "static_select",
        "action_id": VALUE,
        "placeholder": plain(texts("report_modal.category_placeholder"), 150),
        "options": categories,
    }
    if form.category is not None and form.category not in form.vocabulary.active_keys(CATEGORY):
        # A returned report whose category was retired since: still its own, offered last.
        categories.append(option(texts.category(form.category), form.category))
    if form.category is not None:
        category["initial_option"] = next(o for o in categories if o["value"] == form.category)
    blocks: list[dict[str, Any]] = [section(texts("report_modal.emergency"))]
    if form.editing is not None and form.question:
        blocks.append(section(texts("report_modal.question", question=quote(form.question))))
    blocks += [
        context(
            texts("report_modal.intro", meeting=meeting_when(form.meeting.starts_at, tz, texts.language))
        ),
        _input("category", texts("report_modal.category"), category),
    ]
    return blocks


def _unit_blocks(form: ReportForm, texts: Texts) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if form.units:
        blocks.append(
            _input(
                "unit",
                texts("report_modal.unit"),
                _unit_select(form, texts),
                optional=form.remembered_unit is None,
                hint=texts("report_modal.unit_hint"),
            )
        )
    if form.remembered_unit is None and form.editing is None:
        # No unit yet (or none that fits): the reporter may name their school; it is remembered.
        first = not form.units
        blocks.append(
            _input(
                "new_unit_name",
                texts("report_modal.new_unit_name_first" if first else "report_modal.new_unit_name"),
                {
                    **_TEXT_INPUT,
                    "max_length": UNIT_NAME_MAX,
                    "placeholder": plain(texts("report_modal.new_unit_placeholder"), 150),
                },
                optional=not first,
                hint=texts("report_modal.unit_hint") if first else None,
            )
        )
        blocks.append(
            _input(
                "new_unit_area",
                texts("report_modal.new_unit_area"),
                {
                    "type": "static_select",
                    "action_id": VALUE,
                    "placeholder": plain(texts("report_modal.area_placeholder"), 150),
                    "options": [option(texts.term(AREA, a), a.key) for a in form.vocabulary.active(AREA)],
                },
                optional=not first,
            )
        )
    return blocks


def _place_and_time_blocks(form: ReportForm, texts: Texts) -> list[dict[str, Any]]:
    editing = form.editing
    place: dict[str, Any] = {
        **_TEXT_INPUT,
        "max_length": PLACE_MAX,
        "placeholder": plain(texts("report_modal.place_placeholder")),
    }
    occurred_on = editing.occurred_on if editing is not None else form.today
    occurred_time: dict[str, Any] = {"type": "timepicker", "action_id": VALUE}
    if editing is not None:
        place["initial_value"] = editing.place
        if editing.occurred_time is not None:
            occurred_time["initial_time"] = editing.occurred_time.strftime("%H:%M")
    return [
        *_place_blocks(form, texts, place),
        _input(
            "occurred_on",
            texts("report_modal.occurred_on"),
            {"type": "datepicker", "action_id": VALUE, "initial_date": occurred_on.isoformat()},
        ),
        _input("occurred_time", texts("report_modal.occurred_time"), occurred_time, optional=True),
    ]


def _place_blocks(form: ReportForm, texts: Texts, place: dict[str, Any]) -> list[dict[str, Any]]:
    """The place as free text; where the unit has reported places before, first a type-ahead of
    them (its options: ``handlers.blocks.places``), and the free text becomes the alternative."""
    if not form.earlier_places or form.editing is not None:
        return [_input("place", texts("report_modal.place"), place)]
    earlier = {
        "type": "external_select",
        "action_id": REPORT_PLACE_ACTION,
        "min_query_length": 0,  # the most used places show as soon as the list opens
        "placeholder": plain(texts("report_modal.earlier_place_placeholder"), 150),
    }
    return [
        _input("earlier_place", texts("report_modal.earlier_place"), earlier, optional=True),
        _input(
            "place",
            texts("report_modal.place_other"),
            place,
            optional=True,
            hint=texts("report_modal.place_other_hint"),
        ),
    ]


def _description_blocks(form: ReportForm, texts: Texts) -> list[dict[str, Any]]:
    """The description (with a note when a kept text was cut to fit) and whether it recurs."""
    description: dict[str, Any] = {**_TEXT_INPUT, "multiline": True, "max_length": DESCRIPTION_MAX}
    if form.description:
        description["initial_value"] = form.description
    blocks = [
        _input(
            "description",
            texts("report_modal.description"),
            description,
            hint=texts("report_modal.description_hint"),
        )
    ]
    if form.overflow_length is not None:
        blocks.append(
            context(texts("report_modal.overflow_note", length=form.overflow_length, limit=DESCRIPTION_MAX))
        )
    recurring_option = option(texts("report_modal.recurring_option"), "yes")
    recurring: dict[str, Any] = {"type": "checkboxes", "action_id": VALUE, "options": [recurring_option]}
    if form.editing is not None and form.editing.recurring:
        recurring["initial_options"] = [recurring_option]
    blocks.append(_input("recurring", texts("report_modal.recurring_label"), recurring, optional=True))
    if form.editing is None:  # photos come with the first filing (an edit keeps those it had)
        blocks.append(photo_input(texts))
    return blocks


def photo_input(texts: Texts) -> dict[str, Any]:
    """Up to five images, optional, with the request not to photograph children or people."""
    element = {
        "type": "file_input",
        "action_id": VALUE,
        "filetypes": list(PHOTO_FILETYPES),
        "max_files": MAX_PHOTOS,
    }
    return _input(
        "photos", texts("report_modal.photos"), element, optional=True, hint=texts("report_modal.photos_hint")
    )


_TEXT_INPUT: dict[str, Any] = {"type": "plain_text_input", "action_id": VALUE}


def quote(text: str) -> str:
    """User text as an mrkdwn block quote, escaped."""
    return "\n".join("&gt;" + line for line in escape_mrkdwn(text).splitlines() or [""])


def report_fields(report: ReportView, texts: Texts) -> list[str]:
    """The report's facts as section fields (user text escaped)."""
    lang = texts.language
    occurred = long_date(report.occurred_on, lang)
    if report.occurred_time is not None:
        occurred += " " + report.occurred_time.strftime("%H:%M")
    if report.recurring:
        occurred += f" ({texts('receipt.recurring').lower()})"
    return [
        texts("receipt.reference", reference=report.reference),
        texts("receipt.category", category=texts(f"category.{report.category}")),
        texts("receipt.unit", unit=escape_mrkdwn(report.unit_name)),
        texts("receipt.place", place=escape_mrkdwn(report.place)),
        texts("receipt.occurred", occurred=occurred),
    ]


def fields_section(fields: list[str]) -> dict[str, Any]:
    return {"type": "section", "fields": [mrkdwn(f) for f in fields]}


def description_section(
    report: ReportView, texts: Texts, limit: int = RECEIPT_DESCRIPTION_MAX
) -> dict[str, Any]:
    return section(
        texts("receipt.description", description=escape_mrkdwn(shorten(report.description, limit)))
    )


def report_card(card: ReportCard, texts: Texts, tz: ZoneInfo, today: date) -> Message:
    """One report, shown on request (``/orat rapport``) to someone allowed to see it, with where it
    stands and its actions worded as on the Home tab."""
    report = card.report
    title = texts("report_card.header", reference=report.reference)
    status = report_status(card.followed, texts, tz, today)
    for action in card.followed.actions[:10]:
        status += "\n" + action_line(action, today, texts)
    blocks = [
        header(title),
        fields_section(report_fields(report, texts)),
        description_section(report, texts, limit=2500),
        section(shorten(texts("report_card.status", status=status), 2900)),
    ]
    if card.photos:
        blocks.append(section(shorten(photo_list(card.photos, texts), 2900)))
    blocks.append(context(texts("report_card.footer")))
    return Message(text=title, blocks=blocks)


def photo_list(photos: Sequence[PhotoLine], texts: Texts) -> str:
    """The report's photos, one a line: the name (escaped), linked to the bot's copy where there is
    one; otherwise a note that they are shown in the meeting channel once the agenda is out."""
    lines = [texts.plural("report_card.photos", len(photos))]
    for photo in photos:
        name = escape_mrkdwn(shorten(photo.name, 100))
        if photo.link and photo.link.startswith("https://"):
            lines.append(f"• <{photo.link.replace('|', '%7C').replace('>', '%3E')}|{name.replace('|', '¦')}>")
        else:
            lines.append(texts("report_card.photo_unshared", name=name))
    return "\n".join(lines)


def report_received_view(receipt: Receipt, texts: Texts, tz: ZoneInfo) -> dict[str, Any]:
    """What the modal turns into after a successful submit: the reference at once."""
    meeting = meeting_when(receipt.meeting_starts_at, tz, texts.language)
    body = texts("report_received.body", reference=receipt.report.reference, meeting=meeting)
    blocks = [section(body)]
    if receipt.reviewer_user_id is not None:
        blocks.append(context(texts("receipt.in_review", reviewer=receipt.reviewer_user_id)))
    return {
        "type": "modal",
        "callback_id": REPORT_RECEIVED_VIEW,
        "title": plain(texts("report_received.title"), 24),
        "close": plain(texts("report_received.close"), 24),
        "blocks": blocks,
    }


def report_receipt(receipt: Receipt, texts: Texts, tz: ZoneInfo) -> Message:
    report, lang = receipt.report, texts.language
    meeting = meeting_when(receipt.meeting_starts_at, tz, lang)
    blocks: list[dict[str, Any]] = [
        header(texts("receipt.header_resent" if receipt.resent else "receipt.header")),
        fields_section([*report_fields(report, texts), texts("receipt.meeting", meeting=meeting)]),
        description_section(report, texts),
    ]
    if receipt.reviewer_user_id is not None:
        blocks.append(context(texts("receipt.in_review", reviewer=receipt.reviewer_user_id)))
    if receipt.missed_meeting_starts_at is not None:
        missed = long_date(receipt.missed_meeting_starts_at.astimezone(tz).date(), lang)
        blocks.append(context(texts("receipt.late", missed=missed)))
    blocks.append(context(texts("receipt.footer", reference=report.reference)))
    return Message(text=texts("receipt.text", reference=report.reference, meeting=meeting), blocks=blocks)
