"""Following up actions: reminders, the owner's buttons and modals, the digest, the school's answer."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.actions import NOTE_MAX, UNSOLVED_REASON_MAX
from bot.domain.dates import long_date
from bot.domain.reminders import working_days_between
from bot.domain.text import escape_mrkdwn, shorten
from bot.results.actions import ActionEvent, ActionView, ReminderNotice
from bot.results.common import Message
from bot.results.reports import UnitChoice
from bot.texts import Texts
from handlers.blocks.common import button, context, header, plain, section
from handlers.blocks.report import quote, unit_option_groups
from handlers.ids import (
    ACTION_DEADLINE,
    ACTION_DEADLINE_VIEW,
    ACTION_DONE,
    ACTION_DONE_VIEW,
    ACTION_HANDOVER,
    ACTION_HANDOVER_VIEW,
    FOLLOW_UP_BLOCKS,
    HANDOVER_ACCEPT,
    HANDOVER_DECLINE,
    SOLVED_NO,
    SOLVED_NO_VIEW,
    SOLVED_YES,
    VALUE,
)

DIGEST_MAX = 20  # cards in one digest message (2 blocks each, under Slack's 50)


def action_card(action: ActionView, texts: Texts, today: date) -> list[dict[str, Any]]:
    """The action and its three buttons: Klar, Nytt slutdatum, Lämna över."""
    due = long_date(action.due_on, texts.language)
    late = action.due_on < today
    text = texts(
        "action.card",
        reference=action.reference,
        school=escape_mrkdwn(action.school),
        place=escape_mrkdwn(shorten(action.place, 100)),
        unit=escape_mrkdwn(action.unit),
        what=quote(shorten(action.description, 600)),
        due=due,
    )
    if late:
        text += "\n" + texts("action.overdue_mark")
    if action.flagged:
        text += " " + texts("action.flagged_mark")
    value = str(action.action_id)
    return [
        section(text),
        {
            "type": "actions",
            "block_id": f"action_{action.action_id}",
            "elements": [
                button(texts("action.done"), ACTION_DONE, value, "primary"),
                button(texts("action.deadline"), ACTION_DEADLINE, value),
                button(texts("action.handover"), ACTION_HANDOVER, value),
            ],
        },
    ]


def answered_card(action: ActionView, line: str, texts: Texts, today: date) -> Message:
    """A message with one action card (a reminder), after a button on it was acted on: ``line``
    says what was done, by whom and when; only the buttons that still apply are left (none once
    the action is done, no Lämna över while a handover waits for its answer)."""
    card = action_card(action, texts, today)
    buttons = live_buttons(action, card[-1])
    blocks = [section(line), card[0], *([buttons] if buttons is not None else [])]
    return Message(text=texts("answered.text", reference=action.reference), blocks=blocks)


def live_buttons(action: ActionView, buttons: dict[str, Any]) -> dict[str, Any] | None:
    """The card's actions block with only the buttons that still apply: none once the action is
    done, no Lämna över while a handover waits for its answer."""
    if action.status != "open":
        return None
    if action.handover_to_user_id:
        return {**buttons, "elements": [e for e in buttons["elements"] if e["action_id"] != ACTION_HANDOVER]}
    return buttons


def answered_in_place(
    blocks: list[dict[str, Any]], line: str, block_id: str | None = None
) -> list[dict[str, Any]]:
    """A message's blocks as Slack sent them back with a click, with its buttons (or only the
    actions block ``block_id``) replaced by ``line``: what was answered, or why they no longer apply."""
    return [
        {**context(line), **({"block_id": b["block_id"]} if isinstance(b.get("block_id"), str) else {})}
        if isinstance(b, dict)
        and b.get("type") == "actions"
        and (block_id is None or b.get("block_id") == block_id)
        else b
        for b in blocks
    ]


def answered_line(line: str, action: ActionView) -> str:
    """What an answered button says (``line``: done, new due date, handed over by whom and when);
    after *Klar* also what was done, so the owner's reminder keeps the account they gave."""
    if action.status == "done" and action.outcome_note:
        return f"{line}\n{quote(shorten(action.outcome_note, 600))}"
    return line


def reminder(notice: ReminderNotice, texts: Texts, tz: ZoneInfo) -> Message:
    action = notice.action
    due = long_date(action.due_on, texts.language)
    # Worded from the day it is sent, not the day it was meant for: a "due today" reminder that
    # goes out days late (the bot or Slack was down) says the action is late.
    if notice.today < action.due_on:
        days = working_days_between(notice.today, action.due_on)
        lead = texts.plural("reminder.before", days, due=due)
    elif notice.today == action.due_on:
        lead = texts("reminder.due", due=due)
    elif notice.sequence >= 1:
        lead = texts("reminder.overdue", due=due, n=notice.sequence)
    else:
        lead = texts("reminder.late", due=due)
    blocks = [section(lead), *action_card(action, texts, notice.today)]
    return Message(text=texts("reminder.text", reference=action.reference, due=due), blocks=blocks)


def action_event(event: ActionEvent, texts: Texts, tz: ZoneInfo) -> Message:
    action = event.action
    values: dict[str, Any] = {
        "reference": action.reference,
        "unit": escape_mrkdwn(action.unit),
        "owner": action.owner_user_id or "",
        "by": event.by_user_id or "",
        "what": quote(shorten(action.description, 600)),
        "due": long_date(action.due_on, texts.language),
        "previous": long_date(event.previous_due_on, texts.language) if event.previous_due_on else "",
        "to_unit": escape_mrkdwn(event.to_unit) if event.to_unit else "",
        "note": quote(shorten(event.note, 1000)) if event.note else "",
        "school": escape_mrkdwn(action.school),
    }
    blocks = [section(texts(f"action_event.{event.kind}", **values))]
    if event.kind == "handover_request":
        if event.to_unit:
            blocks.append(context(texts("action_event.handover_unit", **values)))
        if event.note:
            blocks.append(section(values["note"]))
        value = str(action.action_id)
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    button(texts("action_event.accept"), HANDOVER_ACCEPT, value, "primary"),
                    button(texts("action_event.decline"), HANDOVER_DECLINE, value),
                ],
            }
        )
    return Message(text=texts(f"action_event.text_{event.kind}", **values), blocks=blocks)


def solved_check(action: ActionView, texts: Texts) -> Message:
    value = str(action.action_id)
    blocks = [
        section(
            texts(
                "solved.question",
                reference=action.reference,
                unit=escape_mrkdwn(action.unit),
                note=quote(shorten(action.outcome_note or "", 600)),
            )
        ),
        {
            "type": "actions",
            "elements": [
                button(texts("solved.yes"), SOLVED_YES, value, "primary"),
                button(texts("solved.no"), SOLVED_NO, value),
            ],
        },
    ]
    return Message(text=texts("solved.text", reference=action.reference), blocks=blocks)


def solved_answered(action: ActionView, texts: Texts) -> list[dict[str, Any]]:
    """The school's Ja confirmed: the report is closed."""
    return [section(texts("solved.thanks_yes", reference=action.reference))]


def reopened_answer(
    action: ActionView, by: str, day: str, meeting: str, reason: str, texts: Texts
) -> list[dict[str, Any]]:
    """The school's Nej confirmed: reopened by whom and when, why, and the meeting it comes up at."""
    values = {"reference": action.reference, "by": by, "day": day, "meeting": meeting}
    blocks = [section(texts("solved.thanks_no", **values))]
    if reason.strip():
        blocks.append(section(texts("solved.reason_given", reason=quote(shorten(reason.strip(), 600)))))
    return blocks


def unsolved_modal(action: ActionView, texts: Texts) -> dict[str, Any]:
    """Nej on "Är problemet löst?": what is still a problem, in a few words (optional)."""
    reason = {
        "type": "plain_text_input",
        "action_id": VALUE,
        "multiline": True,
        "max_length": UNSOLVED_REASON_MAX,
    }
    blocks = [
        section(texts("solved.reason_intro", reference=action.reference)),
        _input("reason", texts("solved.reason_label"), reason, optional=True),
        context(texts("solved.reason_hint")),
    ]
    modal = _modal(SOLVED_NO_VIEW, texts("solved.reason_title"), action.action_id, blocks, texts)
    return {**modal, "submit": plain(texts("solved.reason_submit"), 24)}


def digest(
    actions: list[ActionView],
    today: date,
    texts: Texts,
    *,
    title: str = "digest.header",
    late_from: date | None = None,
) -> Message:
    """``late_from``: the day it should have come (it is sent later, as of ``today``)."""
    blocks: list[dict[str, Any]] = [header(texts(title)), context(texts.plural("digest.count", len(actions)))]
    if late_from is not None:
        blocks.insert(1, context(texts("digest.late", day=long_date(late_from, texts.language))))
    if not actions:
        blocks.append(section(texts("digest.none")))
    for action in actions[:DIGEST_MAX]:
        blocks += action_card(action, texts, today)
    if len(actions) > DIGEST_MAX:
        blocks.append(context(texts("digest.more", n=len(actions) - DIGEST_MAX)))
    return Message(text=texts.plural("digest.text", len(actions)), blocks=blocks)


def _modal(
    callback: str, title: str, action_id: int, blocks: list[dict[str, Any]], texts: Texts
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback,
        "title": plain(title, 24),
        "submit": plain(texts("outcome.submit"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": json.dumps({"action": action_id}),
        "blocks": blocks,
    }


def _input(field: str, label: str, element: dict[str, Any], optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": FOLLOW_UP_BLOCKS[field],
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }


def done_modal(action: ActionView, texts: Texts) -> dict[str, Any]:
    note = {"type": "plain_text_input", "action_id": VALUE, "multiline": True, "max_length": NOTE_MAX}
    blocks = [
        section(
            texts(
                "action.done_intro", reference=action.reference, what=quote(shorten(action.description, 600))
            )
        ),
        _input("note", texts("action.done_note"), note),
        context(texts("action.done_hint")),
    ]
    return _modal(ACTION_DONE_VIEW, texts("action.done"), action.action_id, blocks, texts)


def deadline_modal(action: ActionView, texts: Texts) -> dict[str, Any]:
    picker = {"type": "datepicker", "action_id": VALUE, "initial_date": action.due_on.isoformat()}
    blocks = [
        section(
            texts(
                "action.deadline_intro",
                reference=action.reference,
                due=long_date(action.due_on, texts.language),
            )
        ),
        _input("due_on", texts("action.deadline_label"), picker),
        context(texts("action.deadline_hint")),
    ]
    return _modal(ACTION_DEADLINE_VIEW, texts("action.deadline"), action.action_id, blocks, texts)


def handover_modal(action: ActionView, units: tuple[UnitChoice, ...], texts: Texts) -> dict[str, Any]:
    unit_select = {
        "type": "static_select",
        "action_id": VALUE,
        "option_groups": unit_option_groups(units, texts),
    }
    note = {"type": "plain_text_input", "action_id": VALUE, "multiline": True, "max_length": NOTE_MAX}
    blocks = [
        section(texts("action.handover_intro", reference=action.reference)),
        _input("to_user", texts("action.handover_user"), {"type": "users_select", "action_id": VALUE}),
        _input("to_unit", texts("action.handover_unit"), unit_select, optional=True),
        _input("note", texts("action.handover_note"), note, optional=True),
    ]
    return _modal(ACTION_HANDOVER_VIEW, texts("action.handover"), action.action_id, blocks, texts)
