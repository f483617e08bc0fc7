"""The agenda as Slack messages (split to Slack's limits, no item ever dropped) and as Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.agenda import Agenda, AgendaItem, OpenAction, swedish_ordinal
from bot.domain.dates import long_date, meeting_when
from bot.domain.text import escape_mrkdwn, shorten
from bot.services.common import Message
from bot.texts import Texts
from handlers.blocks.common import context, header, plain, section
from handlers.ids import AGENDA_PUBLISH_NOW, AGENDA_TAKE_RESPONSIBILITY

MAX_BLOCKS = 50
# Slack rejects a message whose blocks hold more than about 12,000 characters in all
# (msg_blocks_too_long, not in the documented limits); stay well below it.
MAX_MESSAGE_CHARS = 10_000
ITEM_DESCRIPTION_MAX = 400
SECTION_BUDGET = 2900  # under the 3000 characters of a section, so nothing is cut off
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
    """Blocks that belong together; ``item`` is the agenda item number they show, if any."""

    blocks: list[dict[str, Any]]
    item: int | None = None
    chars: int = field(init=False)

    def __post_init__(self) -> None:
        self.chars = sum(_text_length(b) for b in self.blocks)


def _text_length(node: Any) -> int:
    if isinstance(node, dict):
        own = len(node["text"]) if isinstance(node.get("text"), str) else 0
        return own + sum(_text_length(v) for k, v in node.items() if k != "text" or not isinstance(v, str))
    if isinstance(node, list):
        return sum(_text_length(v) for v in node)
    return 0


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
        if mode == "draft":
            opening.append(section(t("agenda.draft_intro")))
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
                        }
                    ],
                }
            )
        elif mode == "preview":
            opening.append(context(t("agenda.preview_note")))
        atoms = [_Atom(opening), *self._body(agenda, buttons=mode == "channel", meeting_id=meeting_id)]
        return self._split(atoms, when)

    def _summary(self, agenda: Agenda, when: str) -> str:
        t = self.texts
        parts = [when, t("agenda.count_new", n=agenda.new_count)]
        if agenda.actions:
            parts.append(t("agenda.count_actions", n=len(agenda.actions), overdue=agenda.overdue_count))
        if agenda.carried:
            parts.append(t("agenda.count_carried", n=len(agenda.carried)))
        return " · ".join(parts)

    def _body(self, agenda: Agenda, *, buttons: bool, meeting_id: int) -> list[_Atom]:
        t = self.texts
        if agenda.is_empty:
            return [_Atom([section(t("agenda.empty"))])]
        atoms: list[_Atom] = []
        if agenda.actions or agenda.carried:
            atoms.append(_Atom([{"type": "divider"}, section(t("agenda.follow_up"))]))
        for chunk in _chunks([self._action_line(a, agenda) for a in agenda.actions], SECTION_BUDGET):
            atoms.append(_Atom([section("\n".join(chunk))]))
        for item in agenda.carried:
            atoms.append(_Atom([self._item_block(item, buttons, meeting_id)], item.number))
        if agenda.areas:
            atoms.append(_Atom([{"type": "divider"}, section(t("agenda.new_reports"))]))
        for area in agenda.areas:
            count = sum(len(g.items) for g in area.groups)
            atoms.append(_Atom([section(t("agenda.area", area=escape_mrkdwn(area.area), n=count))]))
            for group in area.groups:
                label = t(f"category.{group.category}")
                atoms.append(
                    _Atom([context(f"{CATEGORY_EMOJI.get(group.category, '')} {label} · {len(group.items)}")])
                )
                atoms += [_Atom([self._item_block(i, buttons, meeting_id)], i.number) for i in group.items]
        return atoms

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
        area = f" ({escape_mrkdwn(report.area)})" if report.area else ""
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
            previous = long_date(item.carried.previous_meeting.astimezone(self.tz).date(), t.language)
            notes.append(t(f"agenda.carried_{item.carried.reason}", previous=previous))
        if report.unreviewed:
            notes.append(t("agenda.unreviewed"))
        if report.merged_references:
            notes.append(t("agenda.merged", references=", ".join(report.merged_references)))
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

    def _item_block(self, item: AgendaItem, buttons: bool, meeting_id: int) -> dict[str, Any]:
        block = section(self.item_text(item))
        block["block_id"] = f"item_{item.number}"
        if buttons:
            block["accessory"] = {
                "type": "button",
                "text": plain(self.texts("agenda.take_responsibility"), 75),
                "action_id": AGENDA_TAKE_RESPONSIBILITY,
                "value": f"{meeting_id}:{item.number}",
            }
        return block

    def _split(self, atoms: list[_Atom], when: str) -> list[Message]:
        """Pack atoms into messages within Slack's limits, keeping a heading with what follows it.
        One block and some characters are kept free for the "part n of m" line."""
        parts: list[list[_Atom]] = [[]]
        for atom in atoms:
            current = parts[-1]
            blocks = sum(len(a.blocks) for a in current) + len(atom.blocks)
            chars = sum(a.chars for a in current) + atom.chars
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
                blocks.append(context(self.texts("agenda.continues", total=total)))
            elif total > 1:
                blocks.insert(0, context(self.texts("agenda.part", when=when, part=index + 1, total=total)))
            text = self.texts("agenda.text", when=when)
            if total > 1:
                text += f" ({index + 1}/{total})"
            messages.append(
                Message(text=text, blocks=blocks, item_numbers=tuple(a.item for a in part if a.item))
            )
        return messages

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
        if agenda.is_empty:
            out += [t("agenda.empty").replace("*", "**"), ""]
        if agenda.actions or agenda.carried:
            out += [f"## {t('agenda.follow_up_plain')}", ""]
        for action in agenda.actions:
            late = f" **{t('agenda.overdue_word')}**" if action.due_on < agenda.today else ""
            owner = action.owner_unit + (f" ({action.owner_user_id})" if action.owner_user_id else "")
            out.append(
                f"- {action.reference} – {owner}: {action.description} – "
                f"{t('agenda.due_word')} {long_date(action.due_on, t.language)}{late}"
            )
        if agenda.actions:
            out.append("")
        for item in agenda.carried:
            out += self._markdown_item(item)
        if agenda.areas:
            out += [f"## {t('agenda.new_reports_plain')}", ""]
        for area in agenda.areas:
            out += [f"### {area.area}", ""]
            for group in area.groups:
                out += [f"#### {t(f'category.{group.category}')}", ""]
                for item in group.items:
                    out += self._markdown_item(item)
        return "\n".join(out).rstrip() + "\n"

    def _markdown_item(self, item: AgendaItem) -> list[str]:
        t, report = self.texts, item.report
        when = long_date(report.occurred_on, t.language)
        if report.occurred_time is not None:
            when += " " + report.occurred_time.strftime("%H:%M")
        category = t(f"category.{report.category}")
        lines = [
            f"**{item.number}. {category} – {report.unit_name}** ({report.reference})",
            "",
            f"{t('agenda.item_where_when', place=report.place, when=when)}",
            "",
            *(f"> {line}" for line in report.description.splitlines() or [""]),
            "",
        ]
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
