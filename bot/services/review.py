"""Review by the education chief (utbildningschef): raise to the meeting, merge a duplicate, or
return to the reporter with a question. Nothing is lost: what is not reviewed by the cutoff still
reaches the agenda, marked as not reviewed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.permissions import Permission
from bot.domain.reports import ReportStatus
from bot.results.common import Denied, Rejected, ReportView, ReviewNotice
from bot.services.common import MessageBuilders, queue_message
from bot.services.reports import report_view
from bot.services.roles import Roles
from storage.models import Report
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

QUESTION_MAX = 1000
MERGE_WINDOW = timedelta(weeks=6)
MERGE_CANDIDATES_MAX = 100  # a static select's limit


@dataclass(frozen=True)
class Reviewed:
    report: ReportView
    outcome: str  # raised | merged | returned
    notification_keys: tuple[tuple[str, str], ...]
    merged_into: str | None = None


class ReviewService:
    def __init__(self, sessions: sessionmaker[Session], *, roles: Roles, messages: MessageBuilders) -> None:
        self.sessions = sessions
        self.roles = roles
        self.messages = messages

    def raise_to_meeting(self, team_id: str, user_id: str, report_id: int, now: datetime) -> Reviewed:
        with unit_of_work(self.sessions) as uow:
            report = self._reviewable(uow, team_id, user_id, report_id)
            report.status = ReportStatus.NEW
            return self._done(uow, report, user_id, "raised", now)

    def review_view(self, team_id: str, user_id: str, report_id: int) -> ReportView:
        """The report, for a reviewer about to return it with a question."""
        with unit_of_work(self.sessions) as uow:
            return report_view(self._reviewable(uow, team_id, user_id, report_id))

    def merge_candidates(
        self, team_id: str, user_id: str, report_id: int, now: datetime
    ) -> tuple[ReportView, list[ReportView]]:
        """The report and the reports it may be merged into (``_merge_targets``), newest first."""
        with unit_of_work(self.sessions) as uow:
            report = self._reviewable(uow, team_id, user_id, report_id)
            others = [report_view(r) for r in self._merge_targets(uow, report, now)]
            return report_view(report), others

    @staticmethod
    def _merge_targets(uow: UnitOfWork, report: Report, now: datetime) -> list[Report]:
        """What the merge modal offers, and so all a merge may go into: reports from the same
        school or city area of the last weeks that are open, not merged and not yet on a published
        agenda (the next agenda shows the merged reference under them), never the report itself."""
        candidates = uow.reports.merge_targets(
            report.team_id, report.unit_id, report.unit.area, now - MERGE_WINDOW, MERGE_CANDIDATES_MAX + 1
        )
        return [r for r in candidates if r.id != report.id][:MERGE_CANDIDATES_MAX]

    def merge(
        self, team_id: str, user_id: str, report_id: int, into_id: int | None, now: datetime
    ) -> Reviewed | Rejected:
        with unit_of_work(self.sessions) as uow:
            report = self._reviewable(uow, team_id, user_id, report_id)
            if into_id is None:
                return Rejected({"merge_into": "merge_target_missing"})
            target = next((r for r in self._merge_targets(uow, report, now) if r.id == into_id), None)
            if target is None:
                log.info("merge of report %s refused: target %s was not offered", report.id, into_id)
                return Rejected({"merge_into": "merge_target_not_offered"})
            report.merged_into_id = target.id
            report.status = ReportStatus.CLOSED
            # Reports merged into this one go along: the agenda notes every merged reference under
            # the report that reaches it, and a chain would hide all but the last link.
            for earlier in uow.reports.merged_into(team_id, report.id):
                earlier.merged_into_id = target.id
            return self._done(uow, report, user_id, "merged", now, merged_into=target.reference)

    def return_with_question(
        self, team_id: str, user_id: str, report_id: int, question: str, now: datetime
    ) -> Reviewed | Rejected:
        question = question.strip()
        if not question:
            return Rejected({"question": "question_empty"})
        if len(question) > QUESTION_MAX:
            return Rejected({"question": "question_too_long"})
        with unit_of_work(self.sessions) as uow:
            report = self._reviewable(uow, team_id, user_id, report_id)
            report.status = ReportStatus.RETURNED
            report.review_question = question
            return self._done(uow, report, user_id, "returned", now, question=question)

    def _reviewable(self, uow: UnitOfWork, team_id: str, user_id: str, report_id: int) -> Report:
        report = uow.reports.get(team_id, report_id)
        if report is None:
            raise Denied("report_not_found")
        self.roles.require(uow.session, team_id, user_id, Permission.REVIEW_REPORT, report=report)
        if report.status != ReportStatus.IN_REVIEW:
            raise Denied("already_reviewed")
        return report

    def _done(
        self,
        uow: UnitOfWork,
        report: Report,
        user_id: str,
        outcome: str,
        now: datetime,
        *,
        merged_into: str | None = None,
        question: str | None = None,
    ) -> Reviewed:
        report.reviewed_at, report.reviewed_by_user_id, report.updated_at = now, user_id, now
        uow.session.flush()
        view = report_view(report)
        notice = ReviewNotice(
            report=view,
            outcome=outcome,
            reviewer_user_id=user_id,
            meeting_starts_at=report.meeting.starts_at if report.meeting is not None else None,
            merged_into_reference=merged_into,
            question=question,
        )
        key = queue_message(
            uow,
            team_id=report.team_id,
            key=f"review-notice:{report.id}:{report.revision}",
            kind="review_notice",
            channel=report.reporter_user_id,
            message=self.messages.review_notice(notice),
            now=now,
        )
        uow.audit.report_reviewed(report, by=user_id, at=now, outcome=outcome, merged_into=merged_into)
        log.info("report %s reviewed: %s", report.id, outcome)
        return Reviewed(view, outcome, (key,), merged_into)
