"""What the administration modals show (units, members and their roles) and what their forms hand in."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.vocabulary import MALMO, Vocabulary
from bot.results.reports import UnitChoice


@dataclass(frozen=True)
class UnitDetails:
    unit: UnitChoice
    reviewer_user_id: str | None
    active: bool


@dataclass(frozen=True)
class AdminOverview:
    units: tuple[UnitDetails, ...]
    may_grant_chair: bool
    vocabulary: Vocabulary = MALMO  # the workspace's areas (a unit's) and categories


@dataclass(frozen=True)
class UnitInput:
    unit_id: int | None  # None: a new unit
    name: str
    kind: str | None
    area: str | None
    reviewer_user_id: str | None
    active: bool


@dataclass(frozen=True)
class MemberInput:
    user_id: str | None
    unit_id: int | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class MemberState:
    user_id: str
    unit_id: int | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class TermInput:
    """What the admin modal's form holds: what to do, the kind (to add), the term (``kind:key``)
    to change, and the (new) name."""

    action: str | None
    kind: str | None
    term: str | None
    label: str
