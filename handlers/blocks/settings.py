"""The workspace's settings modal (``/orat admin`` → Inställningar), its confirmation, the
organisation-file modal of the first-run checklist, and the checklist's blocks on the Home tab."""

from __future__ import annotations

from typing import Any

from bot.domain.workspace_settings import LANGUAGES, REPORTER_POLICIES, TEXT_FIELDS, Checklist
from bot.results.settings import SettingsForm
from bot.texts import Texts
from handlers.blocks.common import button, context, header, option, plain, section
from handlers.ids import (
    SETTINGS_BLOCK_PREFIX,
    SETTINGS_OPEN,
    SETTINGS_UNITS_BLOCK,
    SETTINGS_UNITS_OPEN,
    SETTINGS_UNITS_VIEW,
    SETTINGS_VIEW,
    VALUE,
)

# The text fields that may be left empty (no breaks, no retention rules).
OPTIONAL_TEXT = ("breaks", "retention")
MULTILINE = ("breaks", "retention")
# The sections of the form: a header before the first field of each.
SECTIONS = {"meeting": "meeting", "remind_days_before": "reminders", "retention": "other"}


def block_of(name: str) -> str:
    """The block id of a settings field."""
    return SETTINGS_BLOCK_PREFIX + name


def _input(name: str, texts: Texts, element: dict[str, Any], *, optional: bool = False) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_of(name),
        "label": plain(texts(f"settings.field.{name}"), 2000),
        "element": {"action_id": VALUE, **element},
        "optional": optional,
    }
    hint_key = f"settings.hint.{name}"
    if texts.has(hint_key):
        block["hint"] = plain(texts(hint_key), 2000)
    return block


def _select(name: str, values: tuple[str, ...], current: str, texts: Texts) -> dict[str, Any]:
    options = [option(texts(f"settings.{name}.{v}"), v) for v in values]
    chosen = next((o for o in options if o["value"] == current), options[0])
    return _input(name, texts, {"type": "static_select", "options": options, "initial_option": chosen})


def settings_form(form: SettingsForm, texts: Texts) -> dict[str, Any]:
    """Every setting with its current value; the chairs and the channel only for who may change them."""
    values = form.values
    blocks: list[dict[str, Any]] = [section(texts("settings.intro"))]
    if form.may_name_chairs:
        channel: dict[str, Any] = {
            "type": "conversations_select",
            "filter": {"include": ["private"], "exclude_bot_users": True},
        }
        if values.get("meeting_channel"):
            channel["initial_conversation"] = values["meeting_channel"]
        chairs: dict[str, Any] = {"type": "multi_users_select"}
        if values.get("chairs"):
            chairs["initial_users"] = list(values["chairs"])
        blocks += [_input("meeting_channel", texts, channel), _input("chairs", texts, chairs)]
    else:
        chairs_text = ", ".join(f"<@{u}>" for u in values.get("chairs") or ()) or "–"
        channel_text = f"<#{values['meeting_channel']}>" if values.get("meeting_channel") else "–"
        blocks.append(context(texts("settings.chairs_fixed", chairs=chairs_text, channel=channel_text)))
    admins: dict[str, Any] = {"type": "multi_users_select"}
    if values.get("admins"):
        admins["initial_users"] = list(values["admins"])
    blocks.append(_input("admins", texts, admins, optional=True))
    for name in TEXT_FIELDS:
        if name in SECTIONS:
            blocks.append(header(texts(f"settings.section.{SECTIONS[name]}")))
        element: dict[str, Any] = {"type": "plain_text_input", "max_length": 500}
        if name in MULTILINE:
            element["multiline"] = True
        if values.get(name):
            element["initial_value"] = str(values[name])
        blocks.append(_input(name, texts, element, optional=name in OPTIONAL_TEXT))
    blocks += [
        _select("language", LANGUAGES, str(values.get("language")), texts),
        _select("reporters", REPORTER_POLICIES, str(values.get("reporters")), texts),
    ]
    return {
        "type": "modal",
        "callback_id": SETTINGS_VIEW,
        "title": plain(texts("settings.title"), 24),
        "submit": plain(texts("settings.save"), 24),
        "close": plain(texts("settings.close"), 24),
        "blocks": blocks,
    }


def settings_saved(changed: tuple[str, ...], texts: Texts) -> dict[str, Any]:
    """What the modal turns into after a save: which settings changed."""
    names = ", ".join(texts(f"settings.field.{n}") for n in changed)
    text = texts("settings.saved", fields=names) if changed else texts("settings.saved_nothing")
    return {
        "type": "modal",
        "title": plain(texts("settings.saved_title"), 24),
        "close": plain(texts("settings.done"), 24),
        "blocks": [section(text)],
    }


def units_form(texts: Texts) -> dict[str, Any]:
    """The checklist's *Lägg in enheter*: the organisation file ``python -m bot seed`` reads, pasted."""
    return {
        "type": "modal",
        "callback_id": SETTINGS_UNITS_VIEW,
        "title": plain(texts("settings.units_title"), 24),
        "submit": plain(texts("settings.units_submit"), 24),
        "close": plain(texts("settings.close"), 24),
        "blocks": [
            section(texts("settings.units_intro")),
            {
                "type": "input",
                "block_id": SETTINGS_UNITS_BLOCK,
                "label": plain(texts("settings.units_label"), 2000),
                "hint": plain(texts("settings.units_hint"), 2000),
                "element": {
                    "action_id": VALUE,
                    "type": "plain_text_input",
                    "multiline": True,
                    "max_length": 3000,
                },
            },
        ],
    }


def units_loaded(added: int, updated: int, texts: Texts) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": plain(texts("settings.units_title"), 24),
        "close": plain(texts("settings.done"), 24),
        "blocks": [section(texts("settings.units_saved", added=added, updated=updated))],
    }


def checklist_blocks(checklist: Checklist, texts: Texts) -> list[dict[str, Any]]:
    """The Home tab's first-run checklist: each step ✅ or ⬜, with a button for what is left."""
    steps = (
        ("channel", checklist.channel_chosen, SETTINGS_OPEN),
        ("chairs", checklist.chairs_named, SETTINGS_OPEN),
        ("units", checklist.units_loaded, SETTINGS_UNITS_OPEN),
    )
    blocks: list[dict[str, Any]] = [
        header(texts("home.checklist_header")),
        section(texts("home.checklist_intro")),
    ]
    for name, done, action_id in steps:
        mark = "✅" if done else "⬜"
        block = section(f"{mark} {texts(f'home.checklist.{name}')}")
        if not done:
            block["accessory"] = button(texts(f"home.checklist.{name}_button"), action_id, name)
        blocks.append(block)
    return blocks


def settings_button(texts: Texts) -> dict[str, Any]:
    """The admin overview's way into the settings modal."""
    return button(texts("settings.open"), SETTINGS_OPEN, "admin")
