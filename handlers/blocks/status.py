"""Where a report stands and its actions, worded once for every place that shows them (the Home
tab, ``/orat rapport``, and for a report that comes up again the agenda)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.dates import meeting_when, short_date
from bot.domain.reports import ReportStatus
from bot.domain.text import escape_mrkdwn, shorten
from bot.results.home import ActionLine, MyReport
from bot.texts import Texts


def report_status(report: MyReport, texts: Texts, tz: ZoneInfo, today: date | None = None) -> str:
    """Where a report stands, in the one wording Home and ``/orat rapport`` share (``today``: a
    report still pending on a meeting that is over was not decided there, and comes up again)."""
    if report.merged_into:
        return texts("home.status.merged", merged_into=report.merged_into)
    if report.status == ReportStatus.RETURNED:
        return texts(
            "home.status.returned", question=escape_mrkdwn(shorten(report.review_question or "", 300))
        )
    if report.status == ReportStatus.IN_REVIEW:
        return texts("home.status.in_review")
    if report.outcome in ("tabled", "reopened") and report.outcome_meeting_starts_at is not None:
        return carried_status(report.outcome, report.outcome_meeting_starts_at, texts, tz)
    if (
        report.outcome == "pending"
        and report.outcome_meeting_starts_at is not None
        and today is not None
        and report.outcome_meeting_starts_at.astimezone(tz).date() < today
    ):
        return carried_status("undecided", report.outcome_meeting_starts_at, texts, tz)
    if report.outcome is not None and report.outcome_meeting_starts_at is not None:
        when = short_date(report.outcome_meeting_starts_at.astimezone(tz).date(), texts.language)
        if texts.has(f"home.outcome.{report.outcome}"):
            decided = texts(f"home.outcome.{report.outcome}", meeting=when)
            if report.status == ReportStatus.CLOSED:  # e.g. done, and the school said it is solved
                return f"{decided} {texts('home.status.closed')}"
            return decided
    if report.status == ReportStatus.CLOSED:
        return texts("home.status.closed")
    if report.meeting_starts_at is not None:
        return texts("home.status.new", meeting=meeting_when(report.meeting_starts_at, tz, texts.language))
    return texts("home.status.closed")


def carried_status(reason: str, meeting: datetime, texts: Texts, tz: ZoneInfo) -> str:
    """Why a report comes up again – tabled, undecided or reopened at or after ``meeting`` – in the
    one wording the agenda (published and draft), Home and ``/orat rapport`` share."""
    return texts(f"status.{reason}", meeting=short_date(meeting.astimezone(tz).date(), texts.language))


def action_line(action: ActionLine, today: date, texts: Texts) -> str:
    values = {
        "unit": escape_mrkdwn(shorten(action.unit, 60)),
        "what": escape_mrkdwn(shorten(action.description, 150)),
        "due": short_date(action.due_on, texts.language),
    }
    if action.status == "done":
        done = short_date(action.done_on, texts.language) if action.done_on else ""
        note = escape_mrkdwn(shorten(action.outcome_note or "", 200))
        return texts("home.action_done", unit=values["unit"], done=done, note=note)
    return texts("home.action_late" if action.due_on < today else "home.action_open", **values)
