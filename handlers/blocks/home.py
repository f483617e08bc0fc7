"""The App Home tab, built from ``bot.results.home.Home``: one view within Slack's 100 blocks."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.domain.dates import meeting_when, short_date
from bot.domain.permissions import Role
from bot.domain.reports import ReportStatus
from bot.domain.text import escape_mrkdwn, shorten
from bot.results.actions import ActionView
from bot.results.common import ReportView
from bot.results.home import Home, MyReport, Page, WaitingReport
from bot.texts import Texts
from handlers.blocks.actions import action_card
from handlers.blocks.agenda import shaping_menu
from handlers.blocks.common import button, context, header, mrkdwn, section
from handlers.blocks.delivery import target_mention
from handlers.blocks.report import quote, report_fields
from handlers.blocks.review import review_buttons
from handlers.blocks.rounds import coverage_line, missing_line
from handlers.blocks.settings import checklist_blocks
from handlers.blocks.status import action_line, report_status
from handlers.ids import (
    AGENDA_ADD_OTHER,
    HOME_ADMIN,
    HOME_NEW_REPORT,
    HOME_PAGE_NEXT,
    HOME_PAGE_PREVIOUS,
    REPORT_EDIT,
)

MAX_BLOCKS = 100  # Slack's limit for a home tab
T = TypeVar("T")


def home_view(home: Home, texts: Texts, tz: ZoneInfo, notice: str | None = None) -> dict[str, Any]:
    """The whole tab: for a chair the meeting's state first, then what is on the person's own plate;
    ``notice``: what was just done from the tab (by whom, when), said at its top."""
    chair = Role.CHAIR in home.roles
    top = [button(texts("home.new_report"), HOME_NEW_REPORT, "new", "primary")]
    if chair or Role.ADMIN in home.roles:
        top.append(button(texts("home.admin"), HOME_ADMIN, "admin"))
    blocks: list[dict[str, Any]] = [
        header(texts("home.header")),
        context(texts("home.intro", user=home.user_id)),
        {"type": "actions", "block_id": "home_top", "elements": top},
        *([section(notice)] if notice else []),
        *(checklist_blocks(home.checklist, texts) if home.checklist is not None else []),
    ]
    if home.next_meeting is not None or chair or Role.PARTICIPANT in home.roles:
        blocks += _meeting(home, texts, tz)
    blocks += _shaping(home, texts)
    blocks += _work_sections(home, texts, tz)
    blocks += [{"type": "divider"}, context(texts("home.footer"))]
    if len(blocks) > MAX_BLOCKS:  # cannot happen with the page sizes; guards a future change
        blocks = [*blocks[: MAX_BLOCKS - 1], context(texts("home.truncated"))]
    return {
        "type": "home",
        "callback_id": "home",
        "private_metadata": json.dumps(home.offsets),
        "blocks": blocks,
    }


def _work_sections(home: Home, texts: Texts, tz: ZoneInfo) -> list[dict[str, Any]]:
    """The lists under the meeting: waiting reports, overdue actions, review, own actions, own reports."""
    chair = Role.CHAIR in home.roles
    blocks: list[dict[str, Any]] = []
    if home.waiting is not None:
        blocks += _titled(texts("home.waiting_header", n=home.waiting.total))
        blocks += _lines(
            home.waiting, [_waiting_line(r, texts) for r in home.waiting.items], texts("home.waiting_none")
        )
        blocks += _pager("waiting", home.waiting, texts)
    if home.overdue is not None:
        blocks += _titled(texts("home.overdue_header", n=home.overdue.total))
        lines = [_overdue_line(a, home.today, texts) for a in home.overdue.items]
        blocks += _lines(home.overdue, lines, texts("home.overdue_none"))
        blocks += _pager("overdue", home.overdue, texts)
    if home.review is not None:
        blocks += _titled(texts("home.review_header", n=home.review.total))
        if not home.review.items:
            blocks.append(section(texts("home.review_none")))
        for report in home.review.items:
            blocks += _review_item(report, texts)
        blocks += _pager("review", home.review, texts)
    if home.actions.total or Role.PARTICIPANT in home.roles or chair:
        blocks += _titled(texts("home.actions_header", n=home.actions.total))
        if not home.actions.items:
            blocks.append(section(texts("home.actions_none")))
        for action in home.actions.items:
            blocks += action_card(action, texts, home.today)
        blocks += _pager("actions", home.actions, texts)
    blocks += _titled(texts("home.reports_header", n=home.reports.total))
    if not home.reports.items:
        blocks.append(section(texts("home.reports_none")))
    for report in home.reports.items:
        blocks.append(_my_report(report, home.today, texts, tz))
    blocks += _pager("reports", home.reports, texts)
    return blocks


def _titled(title: str) -> list[dict[str, Any]]:
    return [{"type": "divider"}, header(title)]


def _lines(page: Page[T], lines: list[str], empty: str) -> list[dict[str, Any]]:
    return [section("\n".join(lines) if lines else empty)]


def _pager(name: str, page: Page[T], texts: Texts) -> list[dict[str, Any]]:
    """ "Visa fler" and "Föregående" when the list is longer than a page."""
    if not (page.has_more or page.has_previous):
        return []
    first, last = page.offset + 1, page.offset + len(page.items)
    elements = []
    if page.has_previous:
        elements.append(
            button(texts("home.previous"), HOME_PAGE_PREVIOUS, f"{name}:{max(0, page.offset - page.size)}")
        )
    if page.has_more:
        next_last = min(page.total, last + page.size)
        elements.append(
            button(
                texts("home.more", first=last + 1, last=next_last, total=page.total),
                HOME_PAGE_NEXT,
                f"{name}:{page.offset + page.size}",
            )
        )
    return [
        context(texts("home.showing", first=first, last=last, total=page.total)),
        {"type": "actions", "block_id": f"home_page_{name}", "elements": elements},
    ]


def _meeting(home: Home, texts: Texts, tz: ZoneInfo) -> list[dict[str, Any]]:
    meeting = home.next_meeting
    blocks = _titled(texts("home.meeting_header"))
    if meeting is None:
        return [*blocks, section(texts("home.no_meeting"))]
    moved = (
        texts("home.moved", regular=meeting_when(meeting.regular_starts_at, tz, texts.language))
        if meeting.moved
        else ""
    )
    text = texts(
        "home.meeting",
        when=meeting_when(meeting.starts_at, tz, texts.language),
        moved=moved,
        cutoff=meeting_when(meeting.cutoff_at, tz, texts.language),
    )
    if meeting.agenda_published:
        state = texts("home.agenda_published")
    elif meeting.draft_sent:
        state = texts("home.agenda_draft")
    else:
        state = texts("home.agenda_not_yet")
    blocks += [section(f"{text}\n{state}"), context(texts("home.participant_hint"))]
    if home.round_coverage is not None:  # chairs only: who has not answered the weekly round
        missing = missing_line(home.round_coverage, texts)
        lines = [coverage_line(home.round_coverage, texts), *([missing] if missing else [])]
        blocks.append({**context(*lines), "block_id": "home_round"})
    if home.unreachable:
        blocks.append(section(_unreachable(home, texts)))
    return blocks


SHAPING_SHOWN = 10  # items of the agenda a chair shapes on the tab; the rest on the draft


def _shaping(home: Home, texts: Texts) -> list[dict[str, Any]]:
    """A chair's "Forma dagordningen": each item with the draft's "⋯" (▲/▼, move, merge, remove;
    once published merge and remove), and "Lägg till övrig punkt"."""
    shaping = home.shaping
    if shaping is None:
        return []
    note = texts("home.shaping_published" if shaping.published else "home.shaping_intro")
    blocks = [section(texts("home.shaping_header")), context(note)]
    kinds = ("merge", "remove") if shaping.published else ("up", "down", "move", "merge", "remove")
    for item in shaping.items[:SHAPING_SHOWN]:
        line = section(
            f"*{item.number}.* {texts(f'category.{item.category}')} – {escape_mrkdwn(item.unit)}"
            f" · `{item.reference}`"
        )
        line["block_id"] = f"home_item_{item.number}"
        line["accessory"] = shaping_menu(f"{shaping.meeting_id}:{item.number}", texts, kinds)
        blocks.append(line)
    if not shaping.items:
        blocks.append(section(texts("home.shaping_none")))
    if len(shaping.items) > SHAPING_SHOWN:
        blocks.append(context(texts.plural("home.shaping_more", len(shaping.items) - SHAPING_SHOWN)))
    add = button(texts("agenda.add_other"), AGENDA_ADD_OTHER, str(shaping.meeting_id))
    blocks.append({"type": "actions", "block_id": "home_shaping", "elements": [add]})
    return blocks


UNREACHABLE_SHOWN = 10


def _unreachable(home: Home, texts: Texts) -> str:
    """Who and where Örat cannot reach: the chairs were told once; here it stays visible."""
    lines = [texts("home.unreachable_header")]
    for item in home.unreachable[:UNREACHABLE_SHOWN]:
        key = f"delivery.unreachable_{item.reason}"
        if item.reason.startswith("refused:"):
            reason = texts(f"channel.{item.reason.removeprefix('refused:')}").rstrip(".")
        else:
            reason = texts(key) if texts.has(key) else f"`{item.reason}`"
        lines.append(
            texts(
                "home.unreachable_line",
                who=target_mention(item.target),
                reason=reason,
                since=short_date(item.since, texts.language),
            )
        )
    if len(home.unreachable) > UNREACHABLE_SHOWN:
        lines.append(texts("home.unreachable_more", n=len(home.unreachable) - UNREACHABLE_SHOWN))
    return "\n".join(lines)


def _waiting_line(report: WaitingReport, texts: Texts) -> str:
    return texts(
        "home.waiting_line",
        reference=report.reference,
        category=texts(f"category.{report.category}"),
        school=escape_mrkdwn(shorten(report.school, 60)),
        area=f" ({escape_mrkdwn(texts.area(report.area))})" if report.area else "",
        filed=short_date(report.filed_on, texts.language),
    )


def _overdue_line(action: ActionView, today: date, texts: Texts) -> str:
    return texts.plural(
        "home.overdue_line",
        (today - action.due_on).days,
        reference=action.reference,
        unit=escape_mrkdwn(shorten(action.unit, 60)),
        owner=f" (<@{action.owner_user_id}>)" if action.owner_user_id else "",
        what=escape_mrkdwn(shorten(action.description, 120)),
        due=short_date(action.due_on, texts.language),
    )


def _review_item(report: ReportView, texts: Texts) -> list[dict[str, Any]]:
    return [
        {
            "type": "section",
            "text": mrkdwn(quote(shorten(report.description, 500))),
            "fields": [mrkdwn(shorten(field, 300)) for field in report_fields(report, texts)],
        },
        review_buttons(report.report_id, texts, f"home_review_{report.report_id}"),
    ]


def _my_report(report: MyReport, today: date, texts: Texts, tz: ZoneInfo) -> dict[str, Any]:
    text = texts(
        "home.report_line",
        reference=report.reference,
        category=texts(f"category.{report.category}"),
        school=escape_mrkdwn(shorten(report.school, 60)),
        place=escape_mrkdwn(shorten(report.place, 80)),
        filed=short_date(report.filed_on, texts.language),
        status=report_status(report, texts, tz, today),
    )
    if report.photos:
        text += " · " + texts.plural("agenda.photos", report.photos)
    for action in report.actions[:5]:
        text += "\n" + action_line(action, today, texts)
    block = section(shorten(text, 2900))
    if report.status == ReportStatus.RETURNED:
        block["accessory"] = button(texts("home.edit"), REPORT_EDIT, str(report.report_id), "primary")
    return block
