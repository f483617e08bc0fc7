"""Reports (anmälningar): categories, the rules a new report must meet, reference numbers."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from bot.domain.identity_numbers import contains_identity_number
from bot.domain.photos import PhotoInput

PLACE_MAX = 200
DESCRIPTION_MAX = 3000  # Slack's limit for a plain-text input
UNIT_NAME_MAX = 100
REFERENCE_PREFIX = "ÖMM"


class Category(StrEnum):
    GANGS = "gangs"  # störande gäng/grupper
    VANDALISM = "vandalism"  # skadegörelse
    ARSON = "arson"  # anlagd brand
    DRUG_SALES = "drug_sales"  # drogförsäljning
    THREATS = "threats"  # hot och våld
    UNSAFE_ENVIRONMENT = "unsafe_environment"  # otrygg miljö
    OTHER = "other"  # annat


class Area(StrEnum):
    """Malmö's city areas (stadsområden); the agenda is grouped by them."""

    NORR = "Norr"
    OSTER = "Öster"
    SODER = "Söder"
    VASTER = "Väster"
    INNERSTADEN = "Innerstaden"


class UnitKind(StrEnum):
    SCHOOL = "school"  # skola
    DEPARTMENT = "department"  # förvaltning
    ACTOR = "actor"  # extern aktör, t.ex. Polisen


class ReportStatus(StrEnum):
    NEW = "new"  # filed, waiting for its meeting
    IN_REVIEW = "in_review"  # with the unit's education chief
    RETURNED = "returned"  # sent back to the reporter with a question
    ON_AGENDA = "on_agenda"
    CLOSED = "closed"


@dataclass(frozen=True)
class ReportInput:
    """What the reporter entered in the modal, already parsed from Slack's state."""

    category: str | None
    unit_id: int | None
    new_unit_name: str | None
    new_unit_area: str | None
    place: str
    occurred_on: date | None
    occurred_time: time | None
    description: str
    recurring: bool
    photos: tuple[PhotoInput, ...] = ()  # images attached in the form (bot.domain.photos)


def validate_report(
    report: ReportInput,
    *,
    today: date,
    local_time: time,
    categories: Collection[str] | None = None,
    areas: Collection[str] | None = None,
    editing_category: str | None = None,
) -> dict[str, str]:
    """Return ``{field: error_code}``; empty when the report may be stored.

    ``today`` and ``local_time`` are the reporter's local date and time, for the future check.
    ``categories`` and ``areas``: the workspace's active keys (bot.domain.vocabulary; the shipped
    ones when None); a returned report keeps its own ``editing_category`` even if retired since.
    """
    errors: dict[str, str] = {}
    offered = {c.value for c in Category} if categories is None else set(categories)
    areas = {a.value for a in Area} if areas is None else set(areas)
    if editing_category is not None:
        offered.add(editing_category)
    if report.category not in offered:
        errors["category"] = "category_missing"
    if report.unit_id is None:
        if not report.new_unit_name:
            errors["unit"] = "unit_missing"
        elif len(report.new_unit_name) > UNIT_NAME_MAX:
            errors["new_unit_name"] = "unit_name_too_long"
        if report.new_unit_name and report.new_unit_area not in areas:
            errors["new_unit_area"] = "area_missing"
    if not report.place.strip():
        errors["place"] = "place_empty"
    elif len(report.place) > PLACE_MAX:
        errors["place"] = "place_too_long"
    if report.occurred_on is None:
        errors["occurred_on"] = "date_missing"
    elif report.occurred_on > today:
        errors["occurred_on"] = "date_in_future"
    elif (
        report.occurred_on == today and report.occurred_time is not None and report.occurred_time > local_time
    ):
        errors["occurred_time"] = "time_in_future"
    if not report.description.strip():
        errors["description"] = "description_empty"
    elif len(report.description) > DESCRIPTION_MAX:
        errors["description"] = "description_too_long"
    return errors


# The free-text fields a personnummer may be typed or pasted into, and the warning's code.
IDENTITY_NUMBER_FIELDS = ("place", "description")
IDENTITY_NUMBER_WARNING = "identity_number"


def identity_number_fields(report: ReportInput, *, today: date) -> list[str]:
    """The free-text fields of ``report`` that hold a personnummer or samordningsnummer, judged on
    the municipality's date ``today`` (nobody is born after it), as the masking before storage is."""
    return [f for f in IDENTITY_NUMBER_FIELDS if contains_identity_number(getattr(report, f), today=today)]


def with_identity_number_warnings(
    errors: Mapping[str, str], flagged: Collection[str], warned: Collection[str]
) -> dict[str, str]:
    """Every problem of the form at once: ``errors`` plus a warning on each ``flagged`` field (one that
    holds a personnummer) that has no error of its own and whose warning the reporter has not seen yet.

    The warning is asked once per field: sending again with the number still there is the reporter's
    answer, and the report is stored with the number masked. A field with an error of its own gets
    its warning on a later submit, once that error is fixed, so that no warning goes unseen."""
    warnings = {f: IDENTITY_NUMBER_WARNING for f in flagged if f not in errors and f not in warned}
    return {**errors, **warnings}


def format_reference(year: int, number: int) -> str:
    """``ÖMM-2026-0042``: the number the school head quotes when asking about a report."""
    return f"{REFERENCE_PREFIX}-{year}-{number:04d}"


# At most nine digits: a number a database INTEGER holds (a longer one is no reference, not a crash).
_REFERENCE = re.compile(rf"^(?:{REFERENCE_PREFIX}|OMM)-(\d{{4}})-(\d{{4,9}})$", re.IGNORECASE)


def parse_reference(text: str) -> tuple[int, int] | None:
    """``(year, number)`` from a reference as a person might type it (``omm-2026-42`` is not one)."""
    match = _REFERENCE.match(text.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None
