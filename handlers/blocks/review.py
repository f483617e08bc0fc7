"""The education chief's review: the request, the merge and question modals, the reporter's notice."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.dates import long_date, meeting_when
from bot.results.common import Message, ReportView, ReviewNotice, ReviewRequest
from bot.texts import Texts
from handlers.blocks.common import button, context, header, option, plain, section
from handlers.blocks.report import description_section, fields_section, quote, report_fields
from handlers.ids import (
    MERGE_INTO_BLOCK,
    QUESTION_BLOCK,
    REPORT_EDIT,
    REVIEW_MERGE,
    REVIEW_MERGE_VIEW,
    REVIEW_RAISE,
    REVIEW_RETURN,
    REVIEW_RETURN_VIEW,
    VALUE,
)

QUESTION_MAX = 1000


def review_request(request: ReviewRequest, texts: Texts, tz: ZoneInfo) -> Message:
    report = request.report
    meeting = meeting_when(request.meeting_starts_at, tz, texts.language)
    blocks = [
        header(texts("review.header")),
        section(texts("review.intro", reporter=report.reporter_user_id, meeting=meeting)),
        fields_section(report_fields(report, texts)),
        description_section(report, texts),
        review_buttons(report.report_id, texts, "review_actions"),
        context(texts("review.deadline")),
    ]
    return Message(text=texts("review.text", reference=report.reference), blocks=blocks)


def review_buttons(report_id: int, texts: Texts, block_id: str) -> dict[str, Any]:
    """Lyft till mötet, Slå ihop, Skicka tillbaka: in the review request and in the Home tab."""
    value = str(report_id)
    return {
        "type": "actions",
        "block_id": block_id,
        "elements": [
            button(texts("review.raise"), REVIEW_RAISE, value, "primary"),
            button(texts("review.merge"), REVIEW_MERGE, value),
            button(texts("review.return"), REVIEW_RETURN, value),
        ],
    }


def review_done(
    report: ReportView,
    outcome: str,
    reviewer: str,
    when: str,
    texts: Texts,
    merged_into: str | None = None,
):
    """The review request as it reads after the decision: the same facts, the outcome (by whom,
    ``when``), no buttons."""
    return [
        header(texts("review.header")),
        fields_section(report_fields(report, texts)),
        description_section(report, texts),
        context(review_done_line(report, outcome, reviewer, when, texts, merged_into)),
    ]


def review_done_line(
    report: ReportView,
    outcome: str,
    reviewer: str,
    when: str,
    texts: Texts,
    merged_into: str | None = None,
    *,
    with_reference: bool = False,
) -> str:
    """What the review decided, by whom and when (``with_reference``: on the Home tab, where the
    report itself is no longer shown)."""
    line = texts(f"review.done_{outcome}", reviewer=reviewer, when=when, merged_into=merged_into or "")
    return f"`{report.reference}` {line}" if with_reference else line


def review_notice(notice: ReviewNotice, texts: Texts, tz: ZoneInfo) -> Message:
    report = notice.report
    values = {"reference": report.reference, "reviewer": notice.reviewer_user_id}
    if notice.outcome == "raised":
        meeting = (
            meeting_when(notice.meeting_starts_at, tz, texts.language) if notice.meeting_starts_at else ""
        )
        blocks = [section(texts("review_notice.raised", meeting=meeting, **values))]
    elif notice.outcome == "merged":
        blocks = [section(texts("review_notice.merged", merged_into=notice.merged_into_reference, **values))]
    else:
        blocks = [
            section(texts("review_notice.returned", question=quote(notice.question or ""), **values)),
            {
                "type": "actions",
                "elements": [
                    button(texts("review_notice.edit"), REPORT_EDIT, str(report.report_id), "primary")
                ],
            },
            context(texts("review_notice.returned_footer")),
        ]
    return Message(text=texts(f"review_notice.text_{notice.outcome}", **values), blocks=blocks)


def _metadata(report_id: int, channel: str | None, ts: str | None) -> str:
    return json.dumps({"report": report_id, "channel": channel, "ts": ts})


def merge_modal(
    report: ReportView, candidates: list[ReportView], texts: Texts, channel: str | None, ts: str | None
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": REVIEW_MERGE_VIEW,
        "title": plain(texts("merge_modal.title"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": _metadata(report.report_id, channel, ts),
        "blocks": [section(texts("merge_modal.intro", reference=report.reference))],
    }
    if not candidates:
        view["blocks"].append(section(texts("merge_modal.none")))
        return view
    options = []
    for other in candidates:
        label = f"{other.reference} · {texts(f'category.{other.category}')} · {other.place}"
        options.append(
            option(f"{label} ({long_date(other.occurred_on, texts.language)})", str(other.report_id))
        )
    view["submit"] = plain(texts("merge_modal.submit"), 24)
    view["blocks"].append(
        {
            "type": "input",
            "block_id": MERGE_INTO_BLOCK,
            "label": plain(texts("merge_modal.label")),
            "element": {"type": "static_select", "action_id": VALUE, "options": options},
        }
    )
    return view


def return_modal(report: ReportView, texts: Texts, channel: str | None, ts: str | None) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": REVIEW_RETURN_VIEW,
        "title": plain(texts("return_modal.title"), 24),
        "submit": plain(texts("return_modal.submit"), 24),
        "close": plain(texts("report_modal.close"), 24),
        "private_metadata": _metadata(report.report_id, channel, ts),
        "blocks": [
            section(
                texts("return_modal.intro", reference=report.reference, reporter=report.reporter_user_id)
            ),
            {
                "type": "input",
                "block_id": QUESTION_BLOCK,
                "label": plain(texts("return_modal.label")),
                "element": {
                    "type": "plain_text_input",
                    "action_id": VALUE,
                    "multiline": True,
                    "max_length": QUESTION_MAX,
                },
            },
        ],
    }
