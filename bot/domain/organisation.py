"""Organisation data (units, their city areas, reviewers, members) as read from a seed file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.domain.reports import UNIT_NAME_MAX, Area, UnitKind

UNIT_KINDS = {"skola": UnitKind.SCHOOL, "förvaltning": UnitKind.DEPARTMENT, "aktör": UnitKind.ACTOR}
ROLES = {
    "rapportör": "reporter",
    "granskare": "reviewer",
    "deltagare": "participant",
    "ordförande": "chair",
    "admin": "admin",
}
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_TEAM_ID = re.compile(r"^[TE][A-Z0-9]{2,}$")


@dataclass(frozen=True)
class UnitSeed:
    name: str
    kind: UnitKind
    area: Area | None
    reviewer_user_id: str | None


@dataclass(frozen=True)
class MemberSeed:
    user_id: str
    unit_name: str | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class OrganisationSeed:
    team_id: str | None
    units: tuple[UnitSeed, ...]
    members: tuple[MemberSeed, ...]


class SeedError(ValueError):
    """The seed file is wrong; the message says where, in Swedish."""


def parse_seed(data: dict[str, Any]) -> OrganisationSeed:
    """Check a parsed TOML document (see ``examples/malmo.toml``) and return plain values."""
    organisation = data.get("organisation", {})
    team_id = organisation.get("slack_team")
    if team_id is not None and not (isinstance(team_id, str) and _TEAM_ID.match(team_id)):
        raise SeedError(f"[organisation] slack_team ska vara ett team-id som T0123ABCD, inte {team_id!r}")

    units: list[UnitSeed] = []
    seen: set[str] = set()
    for index, entry in enumerate(data.get("enhet", []), start=1):
        where = f"[[enhet]] nr {index}"
        name = str(entry.get("namn", "")).strip()
        if not name or len(name) > UNIT_NAME_MAX:
            raise SeedError(f"{where}: 'namn' saknas eller är längre än {UNIT_NAME_MAX} tecken")
        if name.lower() in seen:
            raise SeedError(f"{where}: enheten {name!r} finns redan tidigare i filen")
        seen.add(name.lower())
        kind = UNIT_KINDS.get(str(entry.get("typ", "")).lower())
        if kind is None:
            raise SeedError(f"{where} ({name}): 'typ' ska vara en av {', '.join(UNIT_KINDS)}")
        area_text = entry.get("stadsomrade")
        area = _area(area_text) if area_text is not None else None
        if area_text is not None and area is None:
            raise SeedError(
                f"{where} ({name}): 'stadsomrade' ska vara en av {', '.join(a.value for a in Area)}"
            )
        if kind == UnitKind.SCHOOL and area is None:
            raise SeedError(f"{where} ({name}): en skola behöver 'stadsomrade'")
        reviewer = entry.get("granskare")
        if reviewer is not None and not _USER_ID.match(str(reviewer)):
            raise SeedError(f"{where} ({name}): 'granskare' ska vara ett Slack-användar-id (U…)")
        units.append(UnitSeed(name=name, kind=kind, area=area, reviewer_user_id=reviewer))

    members: list[MemberSeed] = []
    for index, entry in enumerate(data.get("medlem", []), start=1):
        where = f"[[medlem]] nr {index}"
        user_id = str(entry.get("slack_id", ""))
        if not _USER_ID.match(user_id):
            raise SeedError(f"{where}: 'slack_id' ska vara ett Slack-användar-id (U…)")
        unit_name = entry.get("enhet")
        if unit_name is not None and str(unit_name).lower() not in seen:
            raise SeedError(f"{where}: enheten {unit_name!r} finns inte bland filens [[enhet]]")
        roles = []
        for role in entry.get("roller", []):
            if str(role).lower() not in ROLES:
                raise SeedError(f"{where}: okänd roll {role!r}; välj bland {', '.join(ROLES)}")
            roles.append(ROLES[str(role).lower()])
        members.append(MemberSeed(user_id=user_id, unit_name=unit_name, roles=tuple(roles)))
    return OrganisationSeed(team_id=team_id, units=tuple(units), members=tuple(members))


def _area(text: object) -> Area | None:
    normalised = str(text).strip().lower()
    return next((a for a in Area if a.value.lower() == normalised), None)
