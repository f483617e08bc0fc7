"""Organisation data (units, their city areas, reviewers, members) as read from a seed file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.domain.reports import UNIT_NAME_MAX, UnitKind
from bot.domain.vocabulary import AREA, CATEGORY, KEY_MAX, MALMO, Term, Vocabulary, label_error, make_key

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
    area: str | None  # the area's key (Malmö's: its name, e.g. "Norr")
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
    # The workspace's own lists ([[omrade]], [[kategori]]), in the file's order; empty: not in the
    # file (the workspace's lists stay as they are).
    areas: tuple[Term, ...] = ()
    categories: tuple[Term, ...] = ()


class SeedError(ValueError):
    """The seed file is wrong; the message says where, in Swedish."""


def parse_seed(data: dict[str, Any], vocabulary: Vocabulary = MALMO) -> OrganisationSeed:
    """Check a parsed TOML document (see ``examples/malmo.toml``, ``examples/lund.toml``) and return
    plain values. A unit's ``stadsomrade`` is one of the file's ``[[omrade]]``, else of
    ``vocabulary``'s active areas (the workspace's; Malmö's by default)."""
    organisation = data.get("organisation", {})
    team_id = organisation.get("slack_team")
    if team_id is not None and not (isinstance(team_id, str) and _TEAM_ID.match(team_id)):
        raise SeedError(f"[organisation] slack_team ska vara ett team-id som T0123ABCD, inte {team_id!r}")

    areas = _terms(data, "omrade", AREA)
    categories = _terms(data, "kategori", CATEGORY)
    offered = areas or vocabulary.active(AREA)
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
        area = _area(area_text, offered) if area_text is not None else None
        if area_text is not None and area is None:
            names = ", ".join(t.label or t.key for t in offered)
            raise SeedError(f"{where} ({name}): 'stadsomrade' ska vara en av {names}")
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
    return OrganisationSeed(
        team_id=team_id,
        units=tuple(units),
        members=tuple(members),
        areas=areas,
        categories=categories,
    )


_SECTION_NAMES = {"omrade": "stadsområde", "kategori": "kategori"}


def _terms(data: dict[str, Any], section: str, kind: str) -> tuple[Term, ...]:
    """``[[omrade]]`` or ``[[kategori]]``: ``namn`` (what people read) and, optionally, ``nyckel``
    (the stable key; made from the name when left out, so give it to rename later)."""
    terms: list[Term] = []
    entries = data.get(section, [])
    if not isinstance(entries, list):
        raise SeedError(f'[[{section}]] ska vara en lista av tabeller ([[{section}]] namn = "…")')
    for index, entry in enumerate(entries, start=1):
        where = f"[[{section}]] nr {index}"
        if not isinstance(entry, dict):
            raise SeedError(f"{where}: ska ha 'namn'")
        label = " ".join(str(entry.get("namn", "")).split())
        error = label_error(label, [t.label or t.key for t in terms])
        if error == "term_duplicate":
            raise SeedError(f"{where}: {_SECTION_NAMES[section]}et {label!r} finns redan tidigare i filen")
        if error is not None:
            raise SeedError(
                f"{where}: 'namn' saknas, är längre än 60 tecken eller har något av tecknen < > & * _ ~ ` |"
            )
        key = entry.get("nyckel")
        if key is not None and not (isinstance(key, str) and _KEY.match(key) and len(key) <= KEY_MAX):
            raise SeedError(
                f"{where} ({label}): 'nyckel' ska vara högst {KEY_MAX} bokstäver, siffror eller _"
            )
        key = key or make_key(kind, label, [t.key for t in terms])
        if any(t.key == key for t in terms):
            raise SeedError(f"{where} ({label}): nyckeln {key!r} finns redan tidigare i filen")
        terms.append(Term(key, label))
    return tuple(terms)


_KEY = re.compile(r"^[\wÅÄÖåäö][\w ÅÄÖåäö/-]*$")


def _area(text: object, offered: tuple[Term, ...]) -> str | None:
    """The key of the area a unit names, by its name or its key (case aside)."""
    normalised = str(text).strip().casefold()
    return next(
        (t.key for t in offered if normalised in {t.key.casefold(), (t.label or t.key).casefold()}), None
    )
