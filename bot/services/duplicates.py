"""Duplicate suggestions while reporting: before a new report is stored, the open reports of the
last six weeks it may be another occurrence of (``bot.domain.duplicates``). The filled-in report is
kept as a draft row (``report_drafts``, JSON) while the person answers, so nothing is lost and
``private_metadata`` only carries its id."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime, time
from typing import Any

from bot.domain.duplicates import WINDOW, OpenReport, ReportFacts, candidates
from bot.domain.photos import PhotoInput
from bot.domain.reports import ReportInput
from bot.results.occurrences import MatchCandidate, MatchOffer
from storage.models import ReportDraft
from storage.uow import UnitOfWork

PENDING = "pending_report"  # marks a draft row holding a filled-in report, not command text


def offer_match(
    uow: UnitOfWork,
    *,
    team_id: str,
    user_id: str,
    view_id: str,
    report: ReportInput,
    draft_id: int | None,
    now: datetime,
    own_unit_only: bool = False,
) -> MatchOffer | None:
    """The open reports ``report`` may be another occurrence of, with the report kept until the
    person answers; None when there are none (or this modal already stored something).
    ``own_unit_only``: a guest is offered only their own actor's reports (they may see no others).
    The caller has found no report stored by ``view_id``."""
    if uow.occurrences.by_view(team_id, view_id):
        return None  # a repeated delivery: filing finds what was stored
    assert report.category is not None and report.occurred_on is not None  # validated
    unit_id = _unit_id(uow, team_id, report)
    new = ReportFacts(unit_id, report.category, report.place, report.occurred_on, report.description)
    rows = uow.occurrences.open_reports(team_id, report.category, now - WINDOW)
    if own_unit_only:
        rows = [r for r in rows if r.unit_id == unit_id]
    found = candidates(
        new,
        (
            OpenReport(
                r.id,
                ReportFacts(r.unit_id, r.category, r.place, r.occurred_on, r.description),
                r.created_at,
            )
            for r in rows
        ),
        now,
    )
    if not found:
        return None
    shown = []
    for candidate in found:
        stored = uow.reports.get(team_id, candidate.report_id)
        assert stored is not None
        shown.append(
            MatchCandidate(
                stored.id,
                stored.reference,
                stored.category,
                stored.place,
                stored.occurred_on,
                candidate.score,
            )
        )
    kept = dump_pending(report, draft_id, tuple(c.report_id for c in shown))
    pending = uow.drafts.add(ReportDraft(team_id=team_id, user_id=user_id, text=kept, created_at=now))
    return MatchOffer(pending.id, tuple(shown))


def _unit_id(uow: UnitOfWork, team_id: str, report: ReportInput) -> int:
    if report.unit_id is not None:
        return report.unit_id
    unit = uow.units.by_name(team_id, (report.new_unit_name or "").strip())
    return unit.id if unit is not None else 0  # a school new to the bot: only its place can match


def dump_pending(report: ReportInput, draft_id: int | None, offered: tuple[int, ...] = ()) -> str:
    """The filled-in report, its command-text draft and the reports offered as matches, as text."""
    fields: dict[str, Any] = asdict(report)
    fields["occurred_on"] = report.occurred_on.isoformat() if report.occurred_on else None
    fields["occurred_time"] = report.occurred_time.isoformat() if report.occurred_time else None
    return json.dumps({PENDING: fields, "draft": draft_id, "offered": list(offered)}, ensure_ascii=False)


def load_pending(text: str) -> tuple[ReportInput, int | None, tuple[int, ...]] | None:
    """The report kept by ``dump_pending``, the id of its command-text draft and the ids of the
    reports offered (only those may get the occurrence); None for a draft row of command text."""
    try:
        data = json.loads(text)
        fields = dict(data[PENDING])
    except (ValueError, TypeError, KeyError):
        return None
    on, at = fields.get("occurred_on"), fields.get("occurred_time")
    fields["occurred_on"] = date.fromisoformat(on) if on else None
    fields["occurred_time"] = time.fromisoformat(at) if at else None
    fields["photos"] = tuple(PhotoInput(**p) for p in fields.get("photos") or () if isinstance(p, dict))
    draft, offered = data.get("draft"), data.get("offered") or []
    return (
        ReportInput(**fields),
        draft if isinstance(draft, int) else None,
        tuple(i for i in offered if isinstance(i, int)),
    )
