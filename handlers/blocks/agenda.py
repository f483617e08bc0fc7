"""The agenda as Slack messages (split to Slack's limits, no item ever dropped) and as Markdown."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.actions import NOTE_MAX, OUTCOMES
from bot.domain.agenda import (
    Agenda,
    AgendaItem,
    HistoryEntry,
    OpenAction,
    OtherItem,
    PastAction,
    PastDecision,
    recent_history,
    swedish_ordinal,
)
from bot.domain.dates import day_and_month, long_date, meeting_when, short_date
from bot.domain.text import escape_markdown, escape_mrkdwn, shorten
from bot.results.common import Message
from bot.results.responsibility import Attendee, ItemStatus, Minutes, MinutesCorrection
from bot.results.shaping import ItemChoice, ShapingForm
from bot.texts import Texts
from handlers.blocks.common import button, context, header, mrkdwn, option, plain, section
from handlers.blocks.minutes import CORRECTIONS_BUDGET, correct_button, with_corrections
from handlers.blocks.rounds import coverage_line, missing_line
from handlers.blocks.status import carried_status
from handlers.ids import (
    AGENDA_ADD_OTHER,
    AGENDA_ATTENDANCE,
    AGENDA_PRESENT,
    AGENDA_PUBLISH_NOW,
    ITEM_ASSIGN,
    ITEM_DOWN,
    ITEM_MERGE_INTO,
    ITEM_MERGE_VIEW,
    ITEM_MORE,
    ITEM_MOVE_REASON,
    ITEM_MOVE_VIEW,
    ITEM_OUTCOME,
    ITEM_REMOVE_REASON,
    ITEM_REMOVE_VIEW,
    ITEM_TAKE,
    ITEM_UP,
    OTHER_BLOCKS,
    OTHER_VIEW,
    VALUE,
)

MAX_BLOCKS = 50
# Slack rejects a message whose blocks hold more than about 12,000 characters in all
# (msg_blocks_too_long, not in the documented limits); stay well below it.
MAX_MESSAGE_CHARS = 10_000
ITEM_DESCRIPTION_MAX = 400
SECTION_BUDGET = 2900  # under the 3000 characters of a section, so nothing is cut off
PRESENT_MAX = 1500  # characters of the published agenda's line of who is present
STATUS_MAX = 900  # characters of an item's status lines (who took it, what was decided)
HISTORY_TEXT_MAX = 120  # characters of each user text quoted in an item's history
CATEGORY_EMOJI = {
    "gangs": ":busts_in_silhouette:",
    "vandalism": ":hammer:",
    "arson": ":fire:",
    "drug_sales": ":pill:",
    "threats": ":warning:",
    "unsafe_environment": ":bulb:",
    "other": ":pushpin:",
}


@dataclass
class _Atom:
    """Blocks that belong together; ``item`` is the agenda item number they show, if any.
    ``room`` keeps space for what is added in place later (the item's status lines)."""

    blocks: list[dict[str, Any]]
    item: int | None = None
    room: tuple[int, int] = (0, 0)  # blocks, characters
    chars: int = field(init=False)

    def __post_init__(self) -> None:
        self.chars = sum(_text_length(b) for b in self.blocks)

    @property
    def block_budget(self) -> int:
        return len(self.blocks) + self.room[0]

    @property
    def char_budget(self) -> int:
        return self.chars + self.room[1]


def _text_length(node: Any) -> int:
    if isinstance(node, dict):
        own = len(node["text"]) if isinstance(node.get("text"), str) else 0
        return own + sum(_text_length(v) for k, v in node.items() if k != "text" or not isinstance(v, str))
    if isinstance(node, list):
        return sum(_text_length(v) for v in node)
    return 0


def _fit(lines: list[str], budget: int) -> str:
    """Lines joined within ``budget`` characters; what does not fit is counted, not cut mid-line."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        if sum(len(k) + 1 for k in kept) + len(line) > budget - 20:
            return "\n".join([*kept, f"… (+{len(lines) - index})"])
        kept.append(line)
    return "\n".join(kept)


def _chunks(lines: list[str], budget: int) -> list[list[str]]:
    """Consecutive lines grouped so each group's text stays within ``budget`` characters."""
    chunks: list[list[str]] = []
    size = 0
    for line in lines:
        if not chunks or size + len(line) + 1 > budget:
            chunks.append([])
            size = 0
        chunks[-1].append(line)
        size += len(line) + 1
    return chunks


class AgendaRenderer:
    def __init__(self, texts: Texts, tz: ZoneInfo) -> None:
        self.texts = texts
        self.tz = tz

    # ------------------------------------------------------------------------------ Slack
    def messages(self, agenda: Agenda, *, mode: str, meeting_id: int) -> list[Message]:
        """``mode``: "channel" (published, with Ta ansvar), "draft" (chairs, with Publicera nu) or
        "preview" (ephemeral, no buttons)."""
        t = self.texts
        when = meeting_when(agenda.meeting_starts_at, self.tz, t.language)
        opening = [header(t("agenda.header")), context(self._summary(agenda, when))]
        opening += self._coverage(agenda, chairs=mode in ("draft", "preview"))
        if mode == "draft":
            opening.append({**section(t("agenda.draft_intro")), "block_id": "agenda_draft_intro"})
            opening.append(
                {
                    "type": "actions",
                    "block_id": "agenda_draft",
                    "elements": [
                        {
                            "type": "button",
                            "text": plain(t("agenda.publish_now"), 75),
                            "action_id": AGENDA_PUBLISH_NOW,
                            "value": str(meeting_id),
                            "style": "primary",
                        },
                        button(t("agenda.add_other"), AGENDA_ADD_OTHER, str(meeting_id)),
                    ],
                }
            )
        elif mode == "preview":
            opening.append(context(t("agenda.preview_note")))
        elif mode == "channel":  # participants mark themselves present; the minutes list them
            present = {
                "type": "button",
                "text": plain(t("agenda.present"), 75),
                "action_id": AGENDA_PRESENT,
                "value": str(meeting_id),
            }
            chair = button(t("agenda.attendance"), AGENDA_ATTENDANCE, str(meeting_id))  # chairs only
            other = button(t("agenda.add_other"), AGENDA_ADD_OTHER, str(meeting_id))  # chairs only
            opening.append(
                {"type": "actions", "block_id": "agenda_present", "elements": [present, chair, other]}
            )
        atoms = [
            _Atom(opening, room=(1, PRESENT_MAX) if mode == "channel" else (0, 0)),  # who is present
            *self._body(agenda, buttons=mode == "channel", meeting_id=meeting_id, draft=mode == "draft"),
        ]
        return self._split(atoms, when)

    def _coverage(self, agenda: Agenda, *, chairs: bool) -> list[dict[str, Any]]:
        """The weekly round's line; for the chairs also the units that have not answered (never in
        the channel)."""
        if agenda.coverage is None:
            return []
        lines = [coverage_line(agenda.coverage, self.texts)]
        missing = missing_line(agenda.coverage, self.texts) if chairs else None
        return [{**context(*lines, *([missing] if missing else [])), "block_id": "agenda_coverage"}]

    def _summary(self, agenda: Agenda, when: str) -> str:
        t = self.texts
        parts = [when, t.plural("agenda.count_new", agenda.new_count)]
        if agenda.actions:
            overdue = t.plural("agenda.count_overdue", agenda.overdue_count)
            parts.append(t.plural("agenda.count_actions", len(agenda.actions), overdue=overdue))
        if agenda.carried:
            parts.append(t.plural("agenda.count_carried", len(agenda.carried)))
        return " · ".join(parts)

    def _body(self, agenda: Agenda, *, buttons: bool, meeting_id: int, draft: bool = False) -> list[_Atom]:
        t = self.texts
        if agenda.is_empty:
            return [_Atom([section(t("agenda.empty"))])]
        atoms: list[_Atom] = []
        if agenda.actions or agenda.carried:
            atoms.append(_Atom([{"type": "divider"}, section(t("agenda.follow_up"))]))
        for chunk in _chunks([self._action_line(a, agenda) for a in agenda.actions], SECTION_BUDGET):
            atoms.append(_Atom([section("\n".join(chunk))]))
        atoms += [self._item_atom(item, buttons, meeting_id, draft) for item in agenda.carried]
        if agenda.areas:
            atoms.append(_Atom([{"type": "divider"}, section(t("agenda.new_reports"))]))
        for area in agenda.areas:
            count = sum(len(g.items) for g in area.groups)
            atoms.append(_Atom([section(t("agenda.area", area=escape_mrkdwn(t.area(area.area)), n=count))]))
            for group in area.groups:
                label = t(f"category.{group.category}")
                atoms.append(
                    _Atom([context(f"{CATEGORY_EMOJI.get(group.category, '')} {label} · {len(group.items)}")])
                )
                atoms += [self._item_atom(i, buttons, meeting_id, draft) for i in group.items]
        if agenda.other:
            atoms.append(_Atom(self._other_heading()))
        atoms += [_Atom([section(self._other_line(other))]) for other in agenda.other]
        return atoms

    def _other_heading(self) -> list[dict[str, Any]]:
        heading = section(self.texts("agenda.other"))
        heading["block_id"] = "agenda_other"
        return [{"type": "divider"}, heading]

    def _other_line(self, other: OtherItem) -> str:
        body = f"\n{escape_mrkdwn(other.body)}" if other.body else ""
        return self.texts(
            "agenda.other_item", title=escape_mrkdwn(other.title), user=other.added_by, body=body
        )

    def _action_line(self, action: OpenAction, agenda: Agenda) -> str:
        t = self.texts
        owner = escape_mrkdwn(action.owner_unit)
        if action.owner_user_id:
            owner += f" – <@{action.owner_user_id}>"
        due = long_date(action.due_on, t.language)
        late = action.due_on < agenda.today
        line = t(
            "agenda.action_overdue" if late else "agenda.action",
            reference=action.reference,
            owner=owner,
            description=escape_mrkdwn(shorten(action.description, 200)),
            due=due,
        )
        if action.status_note:
            line += " – " + escape_mrkdwn(shorten(action.status_note, 150))
        if action.flagged:
            line += " " + t("action.flagged_mark")
        return line

    def item_text(self, item: AgendaItem) -> str:
        """The item's section text; the description excerpt shrinks until it fits one section."""
        limit = ITEM_DESCRIPTION_MAX
        text = self._item_text(item, limit)
        while len(text) > SECTION_BUDGET and limit > 0:
            limit //= 2
            text = self._item_text(item, limit)
        return text

    def _item_text(self, item: AgendaItem, description_limit: int) -> str:
        t, report = self.texts, item.report
        area = f" ({escape_mrkdwn(t.area(report.area))})" if report.area else ""
        when = long_date(report.occurred_on, t.language)
        if report.occurred_time is not None:
            when += " " + report.occurred_time.strftime("%H:%M")
        emoji, category = CATEGORY_EMOJI.get(report.category, ""), t(f"category.{report.category}")
        lines = [
            f"*{item.number}.* {emoji} *{category}* – {escape_mrkdwn(report.unit_name)}{area}",
            t("agenda.item_where_when", place=escape_mrkdwn(shorten(report.place, 200)), when=when)
            + (f" · {t('receipt.recurring').lower()}" if report.recurring else ""),
            "&gt;" + escape_mrkdwn(shorten(report.description, description_limit)).replace("\n", "\n&gt;"),
        ]
        notes = [f"`{report.reference}`"]
        if item.carried is not None:
            notes.append(carried_status(item.carried.reason, item.carried.previous_meeting, t, self.tz))
        if report.unreviewed:
            notes.append(t("agenda.unreviewed"))
        if report.merged_references:
            notes.append(t("agenda.merged", references=", ".join(report.merged_references)))
        if report.occurrences and report.occurrences_since is not None:
            since = day_and_month(report.occurrences_since, t.language)
            notes.append(t.plural("occurrences.count", report.occurrences + 1, since=since))
        if report.photos:
            notes.append(t.plural("agenda.photos", report.photos))
        lines.append(" · ".join(notes))
        if item.repeat is not None:
            category = t(f"category.{item.repeat.category}").lower()
            lines.append(
                t(
                    "agenda.repeat",
                    ordinal=swedish_ordinal(item.repeat.ordinal),
                    category=category,
                    where=escape_mrkdwn(shorten(item.repeat.where, 100)),
                )
            )
        return "\n".join(lines)

    def _draft_controls(self, number: int, meeting_id: int) -> dict[str, Any]:
        """▲, ▼ and "⋯" (move to the next meeting, merge, remove) under an item of the chairs' draft."""
        value, t = f"{meeting_id}:{number}", self.texts
        shaping = [
            button(t("agenda.item_up"), ITEM_UP, value),
            button(t("agenda.item_down"), ITEM_DOWN, value),
            shaping_menu(value, t, ("move", "merge", "remove")),
        ]
        return {"type": "actions", "block_id": f"item_{number}_draft", "elements": shaping}

    def _item_atom(self, item: AgendaItem, buttons: bool, meeting_id: int, draft: bool = False) -> _Atom:
        """The item's text; in the channel also its buttons, and room for its status lines; on the
        chairs' draft "Flytta till nästa möte"."""
        block = section(self.item_text(item))
        block["block_id"] = f"item_{item.number}"
        blocks = [block]
        history = self.history_lines(item, slack=True)
        if history:
            blocks.append(
                {
                    "type": "context",
                    "block_id": f"item_{item.number}_history",
                    "elements": [mrkdwn("\n".join(history))],
                }
            )
        if draft:
            blocks.append(self._draft_controls(item.number, meeting_id))
        if not buttons:
            return _Atom(blocks, item.number)
        t, value = self.texts, f"{meeting_id}:{item.number}"
        controls = {
            "type": "actions",
            "block_id": f"item_{item.number}_actions",
            "elements": [
                {
                    "type": "button",
                    "text": plain(t("agenda.take_responsibility"), 75),
                    "style": "primary",
                    "action_id": ITEM_TAKE,
                    "value": value,
                },
                {
                    "type": "button",
                    "text": plain(t("agenda.assign"), 75),
                    "action_id": ITEM_ASSIGN,
                    "value": value,
                },
                {
                    "type": "overflow",
                    "action_id": ITEM_OUTCOME,
                    "options": [
                        *(option(t(f"agenda.outcome_{o}"), f"{o}:{value}") for o in OUTCOMES),
                        *(option(t(f"agenda.shape_{o}"), f"{o}:{value}") for o in ("merge", "remove")),
                    ],
                },
            ],
        }
        return _Atom([*blocks, controls], item.number, room=(1, STATUS_MAX))

    # ------------------------------------------------------------------------------ history
    def history_lines(self, item: AgendaItem, *, slack: bool) -> list[str]:
        """A carried or reopened item's earlier decisions, actions and the school's Nej, newest
        first: at most three lines, then how many earlier ones there are (Slack mrkdwn or Markdown)."""
        if item.carried is None or not item.carried.history:
            return []
        shown, more = recent_history(item.carried.history)
        bullet = "•" if slack else "-"
        lines = [f"{bullet} {self._history_line(entry, slack)}" for entry in shown]
        if more:
            lines.append(self.texts("agenda.history_more", n=more))
        return lines

    def _history_line(self, entry: HistoryEntry, slack: bool) -> str:
        t = self.texts
        escape = escape_mrkdwn if slack else escape_markdown

        def quote(text: str) -> str:
            return t("agenda.history_quote", text=escape(shorten(" ".join(text.split()), HISTORY_TEXT_MAX)))

        def quoted(text: str | None) -> str:
            return " – " + quote(text) if text and text.strip() else ""

        def who(user_id: str | None) -> str:
            return (f"<@{user_id}>" if slack else user_id) if user_id else "–"

        when = short_date(entry.at.astimezone(self.tz).date(), t.language)
        if isinstance(entry, PastDecision):
            line = t(f"agenda.history_{entry.outcome}", meeting=when, who=who(entry.by_user_id))
            if entry.outcome == "not_ours" and entry.suggested_unit:
                line += ", " + t("agenda.history_suggested", unit=escape(entry.suggested_unit))
            return line + quoted(entry.note)
        if isinstance(entry, PastAction):
            line = t(
                "agenda.history_action",
                when=when,
                who=who(entry.owner_user_id),
                unit=escape(entry.owner_unit),
                what=quote(entry.description),
                due=short_date(entry.due_on, t.language),
            )
            if entry.done_at is not None:
                done = short_date(entry.done_at.astimezone(self.tz).date(), t.language)
                return f"{line} · {t('agenda.history_done', day=done)}{quoted(entry.outcome_note)}"
            return f"{line} · {t('agenda.history_open')}"
        return t("agenda.history_reopened", when=when) + quoted(entry.reason)

    def _split(self, atoms: list[_Atom], when: str, kind: str = "agenda") -> list[Message]:
        """Pack atoms into messages within Slack's limits, keeping a heading with what follows it.
        One block and some characters are kept free for the "part n of m" line."""
        parts: list[list[_Atom]] = [[]]
        for atom in atoms:
            current = parts[-1]
            blocks = sum(a.block_budget for a in current) + atom.block_budget
            chars = sum(a.char_budget for a in current) + atom.char_budget
            if current and (blocks > MAX_BLOCKS - 1 or chars > MAX_MESSAGE_CHARS - 300):
                carry = []
                while current and current[-1].item is None and len(current) > 1:
                    carry.insert(0, current.pop())  # a heading goes with its first item
                parts.append(carry)
            parts[-1].append(atom)
        total = len(parts)
        messages = []
        for index, part in enumerate(parts):
            blocks = [b for atom in part for b in atom.blocks]
            if total > 1 and index == 0:
                blocks.append(context(self.texts(f"{kind}.continues", total=total)))
            elif total > 1:
                blocks.insert(0, context(self.texts(f"{kind}.part", when=when, part=index + 1, total=total)))
            text = self.texts(f"{kind}.text", when=when)
            if total > 1:
                text += f" ({index + 1}/{total})"
            messages.append(
                Message(text=text, blocks=blocks, item_numbers=tuple(a.item for a in part if a.item))
            )
        return messages

    # ------------------------------------------------------------------------------ minutes
    def minutes(self, minutes: Minutes) -> list[Message]:
        """The minutes (protokoll): what each item got, and what comes back next time."""
        t = self.texts
        when = meeting_when(minutes.meeting_starts_at, self.tz, t.language)
        opening = [
            header(t("minutes.header")),
            context(
                t.plural("minutes.summary", len(minutes.decided), when=when, carried=len(minutes.carried))
            ),
        ]
        atoms = [
            _Atom(opening, room=(3, CORRECTIONS_BUDGET)),  # room for "Rätta protokollet" and "Rättelse"
            _Atom([section(_fit([t("minutes.present"), *self._attendees(minutes)], SECTION_BUDGET))]),
        ]
        for title, entries in (("minutes.decided", minutes.decided), ("minutes.carried", minutes.carried)):
            if not entries:
                continue
            atoms.append(_Atom([{"type": "divider"}, section(t(title))]))
            for entry in entries:
                report = entry.report
                lines = [
                    t(
                        "minutes.item",
                        number=entry.number,
                        reference=report.reference,
                        category=t(f"category.{report.category}"),
                        unit=escape_mrkdwn(report.unit_name),
                    )
                ]
                if entry.merged_references:
                    lines.append(t("minutes.merged", references=", ".join(entry.merged_references)))
                lines += [self.status_line(s) for s in entry.statuses] or [t("minutes.undecided")]
                atoms.append(_Atom([section(_fit(lines, SECTION_BUDGET))], entry.number))
        if minutes.other:
            atoms.append(_Atom(self._other_heading()))
        atoms += [_Atom([section(self._other_line(other))]) for other in minutes.other]
        if not minutes.decided and not minutes.carried and not minutes.other:
            atoms.append(_Atom([section(t("minutes.empty"))]))
        messages = self._split(atoms, when, kind="minutes")
        first = messages[0]
        blocks = first.blocks
        if minutes.meeting_id is not None:  # at the end of the message the channel sees
            blocks = [*blocks, correct_button(minutes.meeting_id, t)]
        messages[0] = replace(first, blocks=self.minutes_corrected(blocks, minutes.corrections))
        return messages

    def minutes_corrected(
        self, blocks: list[dict[str, Any]], corrections: tuple[MinutesCorrection, ...]
    ) -> list[dict[str, Any]]:
        """Posted minutes with their "Rättelse" section (re)written at the end."""
        return with_corrections(blocks, corrections, self.texts, self.tz)

    def _attendees(self, minutes: Minutes) -> list[str]:
        """ "Närvarande": each person with the actor they are registered at."""
        return [
            f"<@{a.user_id}>" + (f" – {escape_mrkdwn(a.unit)}" if a.unit else "") for a in minutes.present
        ] or [self.texts("minutes.present_none")]

    # ------------------------------------------------------------------------------ in place
    def retired(self, blocks: list[dict[str, Any]], key: str, at: datetime) -> list[dict[str, Any]]:
        """An agenda message whose buttons no longer apply (``key``: ``agenda.closed`` once the
        minutes are out, ``agenda.draft_published`` for a chair's draft once the agenda is out):
        every button gone, and where the top buttons stood a line saying why and since when. The
        items and their status lines stay as they were."""
        line = self.texts(key, when=meeting_when(at, self.tz, self.texts.language))
        note = {"type": "context", "block_id": "agenda_present", "elements": [mrkdwn(line)]}
        kept: list[dict[str, Any]] = []
        for index, block in enumerate(blocks):
            if block.get("block_id") == "agenda_draft_intro":
                continue  # "publiceras … – eller nu, med knappen": said and done
            if block.get("type") != "actions":
                kept.append(block)
            elif index <= 3 and note not in kept:  # the opening's buttons: the note takes their place
                kept.append(note)
        if note not in kept:  # a later part of a long agenda: the note under its first line
            kept.insert(min(1, len(kept)), note)
        return kept

    def with_attendees(
        self, blocks: list[dict[str, Any]], present: tuple[Attendee, ...]
    ) -> list[dict[str, Any]]:
        """The published agenda with who is present so far under "Jag är här" (as the minutes will
        list them), or without that line while nobody is."""
        kept = [b for b in blocks if b.get("block_id") != "agenda_attendees"]
        if not present:
            return kept
        names = [f"<@{a.user_id}>" + (f" – {escape_mrkdwn(a.unit)}" if a.unit else "") for a in present]
        shown: list[str] = []
        for index, name in enumerate(names):
            if sum(len(n) + 3 for n in shown) + len(name) > PRESENT_MAX - 100:
                shown.append(f"… (+{len(names) - index})")
                break
            shown.append(name)
        line = self.texts.plural("agenda.attendees", len(present), names=" · ".join(shown))
        block = {"type": "context", "block_id": "agenda_attendees", "elements": [mrkdwn(line)]}
        at = next((i + 1 for i, b in enumerate(kept) if b.get("block_id") == "agenda_present"), len(kept))
        return [*kept[:at], block, *kept[at:]]

    def draft_item_moved(
        self, blocks: list[dict[str, Any]], number: int, reference: str, by: str, reason: str
    ) -> list[dict[str, Any]]:
        """A chair's draft with item ``number`` replaced by a line saying it moved to the next meeting."""
        t = self.texts
        why = t("agenda.moved_reason", reason=escape_mrkdwn(shorten(reason, 300))) if reason else ""
        line = t("agenda.moved_line", number=number, reference=escape_mrkdwn(reference), user=by, reason=why)
        moved = {"type": "context", "block_id": f"item_{number}", "elements": [mrkdwn(line)]}
        own = {f"item_{number}_history", f"item_{number}_draft", f"item_{number}_status"}
        return [
            moved if b.get("block_id") == f"item_{number}" else b
            for b in blocks
            if b.get("block_id") not in own
        ]

    def item_struck(
        self, blocks: list[dict[str, Any]], number: int, kind: str, reference: str, by: str, detail: str
    ) -> list[dict[str, Any]]:
        """The agenda's item ``number`` replaced by a line saying a chair removed it (``detail``:
        the reason) or merged it (``detail``: the main item's number); its controls go with it."""
        t = self.texts
        values = {"number": number, "reference": escape_mrkdwn(reference), "user": by}
        if kind == "removed":
            line = t("agenda.removed_line", reason=escape_mrkdwn(shorten(detail, 300)), **values)
        else:
            line = t("agenda.merged_line", into=detail, **values)
        struck = {"type": "context", "block_id": f"item_{number}", "elements": [mrkdwn(line)]}
        own = {f"item_{number}_{part}" for part in ("history", "draft", "status", "actions")}
        return [
            struck if b.get("block_id") == f"item_{number}" else b
            for b in blocks
            if b.get("block_id") not in own
        ]

    def item_redrawn(self, blocks: list[dict[str, Any]], item: AgendaItem) -> list[dict[str, Any]]:
        """The item's text rewritten in place (a report merged into it is named under it)."""
        return [
            {**b, "text": mrkdwn(self.item_text(item))} if b.get("block_id") == f"item_{item.number}" else b
            for b in blocks
        ]

    def with_other(self, blocks: list[dict[str, Any]], other: OtherItem) -> list[dict[str, Any]] | None:
        """The published agenda's last part with a chairs' item added under "Övrigt" (the heading
        too when it is the first); None when the part has no room left for it."""
        added = [] if any(b.get("block_id") == "agenda_other" for b in blocks) else self._other_heading()
        added.append(section(self._other_line(other)))
        new = [*blocks, *added]
        # Room stays for the status line each undecided item of the part may still get in place.
        ids = [str(b.get("block_id", "")) for b in blocks]
        waiting = sum(i.endswith("_actions") for i in ids) - sum(i.endswith("_status") for i in ids)
        if len(new) + waiting > MAX_BLOCKS or _text_length(new) + waiting * STATUS_MAX > MAX_MESSAGE_CHARS:
            return None
        return new

    def other_message(self, other: OtherItem) -> Message:
        """A chairs' item posted in the published agenda's thread when its last part is full."""
        blocks = [*self._other_heading()[1:], section(self._other_line(other))]
        return Message(text=self.texts("agenda.other_plain"), blocks=blocks)

    def with_item_status(
        self, blocks: list[dict[str, Any]], number: int, statuses: list[ItemStatus]
    ) -> list[dict[str, Any]]:
        """The message's blocks with item ``number``'s status lines (re)written under its text."""
        status_id = f"item_{number}_status"
        tabled = any(s.kind == "tabled" for s in statuses)
        kept = [
            self._with_tabling_option(b, number, tabled) for b in blocks if b.get("block_id") != status_id
        ]
        if not statuses:
            return kept
        index = next(i for i, b in enumerate(kept) if b.get("block_id") == f"item_{number}")
        lines = _fit([self.status_line(s) for s in statuses], STATUS_MAX)
        status = {"type": "context", "block_id": status_id, "elements": [mrkdwn(lines)]}
        return [*kept[: index + 1], status, *kept[index + 1 :]]

    def _with_tabling_option(self, block: dict[str, Any], number: int, tabled: bool) -> dict[str, Any]:
        """The item's outcome menu offers "Ångra bordläggning" in place of "Bordlägg" while the
        item is tabled, and "Bordlägg" again once that is undone."""
        if block.get("block_id") != f"item_{number}_actions":
            return block
        wanted = "untable" if tabled else "tabled"

        def swapped(choice: dict[str, Any]) -> dict[str, Any]:
            kind, _, item = str(choice.get("value", "")).partition(":")
            if kind not in ("tabled", "untable"):
                return choice
            return option(self.texts(f"agenda.outcome_{wanted}"), f"{wanted}:{item}")

        elements = [
            {**e, "options": [swapped(o) for o in e["options"]]} if e.get("action_id") == ITEM_OUTCOME else e
            for e in block.get("elements", [])
        ]
        return {**block, "elements": elements}

    def status_line(self, status: ItemStatus) -> str:
        t = self.texts
        who = f"<@{status.user_id}>" if status.user_id else ""
        text = escape_mrkdwn(shorten(status.text or "", 120))  # the full text is in the owner's DM
        if status.kind == "done":
            return t("agenda.status_done", unit=escape_mrkdwn(status.unit or ""), who=who, what=text)
        if status.kind == "action":
            due = short_date(status.due_on, t.language) if status.due_on else ""
            return t(
                "agenda.status_action", unit=escape_mrkdwn(status.unit or ""), who=who, what=text, due=due
            )
        if status.kind == "not_ours":
            suggested = (
                escape_mrkdwn(status.suggested_unit) if status.suggested_unit else t("agenda.no_suggestion")
            )
            return t("agenda.status_not_ours", who=who, suggested=suggested) + (f" – {text}" if text else "")
        return t(f"agenda.status_{status.kind}", who=who) + (f" – {text}" if text else "")

    # ------------------------------------------------------------------------------ Markdown
    def markdown(self, agenda: Agenda) -> str:
        """The whole agenda as a Markdown file for the minutes archive (full descriptions)."""
        t = self.texts
        when = meeting_when(agenda.meeting_starts_at, self.tz, t.language)
        out = [
            f"# {t('agenda.header')}",
            "",
            f"{when} · {self._summary(agenda, when).split(' · ', 1)[1]}",
            "",
        ]
        if agenda.coverage is not None:
            out += [coverage_line(agenda.coverage, t), ""]
        if agenda.is_empty:
            out += [t("agenda.empty").replace("*", "**"), ""]
        if agenda.actions or agenda.carried:
            out += [f"## {t('agenda.follow_up_plain')}", ""]
        for action in agenda.actions:
            late = f" **{t('agenda.overdue_word')}**" if action.due_on < agenda.today else ""
            owner = action.owner_unit + (f" ({action.owner_user_id})" if action.owner_user_id else "")
            out.append(
                f"- {action.reference} – {owner}: {escape_markdown(action.description)} – "
                f"{t('agenda.due_word')} {long_date(action.due_on, t.language)}{late}"
            )
        if agenda.actions:
            out.append("")
        for item in agenda.carried:
            out += self._markdown_item(item)
        if agenda.areas:
            out += [f"## {t('agenda.new_reports_plain')}", ""]
        for area in agenda.areas:
            out += [f"### {t.area(area.area)}", ""]
            for group in area.groups:
                out += [f"#### {t(f'category.{group.category}')}", ""]
                for item in group.items:
                    out += self._markdown_item(item)
        if agenda.other:
            out += [f"## {t('agenda.other_plain')}", ""]
        for other in agenda.other:
            out += [f"- **{escape_markdown(other.title)}** ({other.added_by})"]
            out += [f"  {escape_markdown(line)}" for line in (other.body or "").splitlines()] + [""]
        return "\n".join(out).rstrip() + "\n"

    def _markdown_item(self, item: AgendaItem) -> list[str]:
        t, report = self.texts, item.report
        when = long_date(report.occurred_on, t.language)
        if report.occurred_time is not None:
            when += " " + report.occurred_time.strftime("%H:%M")
        category = t(f"category.{report.category}")
        lines = [
            f"**{item.number}. {category} – {escape_markdown(report.unit_name)}** ({report.reference})",
            "",
            f"{t('agenda.item_where_when', place=escape_markdown(report.place), when=when)}",
            "",
            *(f"> {line}" for line in escape_markdown(report.description).splitlines() or [""]),
            "",
        ]
        if item.carried is not None:
            lines += [carried_status(item.carried.reason, item.carried.previous_meeting, t, self.tz), ""]
        history = self.history_lines(item, slack=False)
        if history:
            lines += [*history, ""]
        if item.repeat is not None:
            category = t(f"category.{item.repeat.category}").lower()
            lines += [
                t(
                    "agenda.repeat",
                    ordinal=swedish_ordinal(item.repeat.ordinal),
                    category=category,
                    where=item.repeat.where,
                ),
                "",
            ]
        return lines


def move_item_modal(meeting_id: int, number: int, reference: str, texts: Texts) -> dict[str, Any]:
    """ "Flytta till nästa möte" on the chairs' draft: what happens, and an optional reason."""
    reason = {"type": "plain_text_input", "action_id": VALUE, "multiline": True, "max_length": NOTE_MAX}
    return {
        "type": "modal",
        "callback_id": ITEM_MOVE_VIEW,
        "title": plain(texts("agenda.move_title"), 24),
        "submit": plain(texts("agenda.move_submit"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": json.dumps({"meeting": meeting_id, "number": number}),
        "blocks": [
            section(texts("agenda.move_intro", number=number, reference=escape_mrkdwn(reference))),
            {
                "type": "input",
                "block_id": ITEM_MOVE_REASON,
                "label": plain(texts("agenda.move_reason"), 2000),
                "element": reason,
                "optional": True,
            },
        ],
    }


def other_item_modal(meeting_id: int, texts: Texts) -> dict[str, Any]:
    """ "Lägg till övrig punkt" on the chairs' draft: a title and an optional text."""
    title = {"type": "plain_text_input", "action_id": VALUE, "max_length": 150}
    body = {"type": "plain_text_input", "action_id": VALUE, "multiline": True, "max_length": 2000}
    return {
        "type": "modal",
        "callback_id": OTHER_VIEW,
        "title": plain(texts("agenda.other_modal_title"), 24),
        "submit": plain(texts("agenda.other_submit"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": json.dumps({"meeting": meeting_id}),
        "blocks": [
            section(texts("agenda.other_modal_intro")),
            {
                "type": "input",
                "block_id": OTHER_BLOCKS["title"],
                "label": plain(texts("agenda.other_title"), 2000),
                "element": title,
            },
            {
                "type": "input",
                "block_id": OTHER_BLOCKS["body"],
                "label": plain(texts("agenda.other_body"), 2000),
                "element": body,
                "optional": True,
            },
        ],
    }


def shaping_menu(value: str, texts: Texts, kinds: tuple[str, ...]) -> dict[str, Any]:
    """The "⋯" of an item a chair shapes: ``kinds`` of up, down, move, merge, remove."""
    return {
        "type": "overflow",
        "action_id": ITEM_MORE,
        "options": [option(texts(f"agenda.shape_{kind}"), f"{kind}:{value}") for kind in kinds],
    }


def item_choice_text(choice: ItemChoice, texts: Texts) -> str:
    """``3. Anlagd brand – Rosengårdsskolan (ÖMM-2026-0004)`` (plain text: a select's option)."""
    category = texts(f"category.{choice.category}")
    return f"{choice.number}. {category} – {choice.unit} ({choice.reference})"


def remove_item_modal(form: ShapingForm, texts: Texts) -> dict[str, Any]:
    """ "Ta bort från dagordningen": what happens, and the reason (required: the school is told)."""
    reason = {"type": "plain_text_input", "action_id": VALUE, "multiline": True, "max_length": NOTE_MAX}
    item = form.item
    return {
        "type": "modal",
        "callback_id": ITEM_REMOVE_VIEW,
        "title": plain(texts("agenda.remove_title"), 24),
        "submit": plain(texts("agenda.remove_submit"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": json.dumps({"meeting": form.meeting_id, "number": item.number}),
        "blocks": [
            section(
                texts("agenda.remove_intro", number=item.number, reference=escape_mrkdwn(item.reference))
            ),
            {
                "type": "input",
                "block_id": ITEM_REMOVE_REASON,
                "label": plain(texts("agenda.remove_reason"), 2000),
                "hint": plain(texts("agenda.remove_reason_hint"), 2000),
                "element": reason,
            },
        ],
    }


def merge_item_modal(form: ShapingForm, texts: Texts) -> dict[str, Any]:
    """ "Slå ihop med …": the item's report goes under another item of the same agenda."""
    item = form.item
    intro = section(texts("agenda.merge_intro", number=item.number, reference=escape_mrkdwn(item.reference)))
    blocks: list[dict[str, Any]] = [intro]
    if form.others:
        choices = [
            option(shorten(item_choice_text(other, texts), 75), str(other.number))
            for other in form.others[:100]
        ]
        blocks.append(
            {
                "type": "input",
                "block_id": ITEM_MERGE_INTO,
                "label": plain(texts("agenda.merge_into"), 2000),
                "element": {
                    "type": "static_select",
                    "action_id": VALUE,
                    "placeholder": plain(texts("agenda.merge_placeholder"), 150),
                    "options": choices,
                },
            }
        )
    else:
        blocks.append(section(texts("agenda.merge_nothing")))
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": ITEM_MERGE_VIEW,
        "title": plain(texts("agenda.merge_title"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": json.dumps({"meeting": form.meeting_id, "number": item.number}),
        "blocks": blocks,
    }
    if form.others:
        view["submit"] = plain(texts("agenda.merge_submit"), 24)
    return view
