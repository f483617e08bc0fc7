"""Who may do what. The README's permission table is generated from ``PERMISSIONS`` (a test keeps the two
equal) and every service asks ``allowed`` before it shows or changes anything.

Three of the roles are relations to the thing at hand, not titles: the *reporter* of this report, the
*reviewer* of this report's unit, the *owner* of this action. The others hold across the workspace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    REPORTER = "reporter"  # rapportör: wrote this report (anyone may report, see FILE_REPORT)
    REVIEWER = "reviewer"  # granskare: education chief of this report's unit
    PARTICIPANT = "participant"  # deltagare: in the meeting channel, or a registered actor contact
    OWNER = "owner"  # åtgärdsägare: responsible for this action
    CHAIR = "chair"  # ordförande/samordnare: ORAT_CHAIRS and those a chair added
    ADMIN = "admin"  # administratör: manages the organisation, sees no report contents
    # gäst: someone outside the city's workspace (a Slack guest or a Slack Connect user) connected to
    # this report's or action's unit - their own actor. A guest holds no workspace role (never a
    # participant, chair or administrator), whatever channel they are in or role they were given.
    GUEST = "guest"


class Permission(StrEnum):
    FILE_REPORT = "file_report"
    SEE_REPORT = "see_report"
    EDIT_REPORT = "edit_report"
    REVIEW_REPORT = "review_report"
    SEE_AGENDA = "see_agenda"
    TAKE_RESPONSIBILITY = "take_responsibility"
    ASSIGN_ACTION = "assign_action"
    DECIDE_ITEM = "decide_item"
    CHANGE_ACTION = "change_action"
    CLOSE_ACTION = "close_action"
    ANSWER_SOLVED = "answer_solved"
    RUN_MEETING = "run_meeting"
    READ_AUDIT = "read_audit"
    ADMINISTER = "administer"
    GRANT_CHAIR = "grant_chair"
    SEE_STATISTICS = "see_statistics"


ROLE_ORDER = (
    Role.REPORTER,
    Role.REVIEWER,
    Role.PARTICIPANT,
    Role.OWNER,
    Role.CHAIR,
    Role.ADMIN,
    Role.GUEST,
)

# Everyone in the workspace holds REPORTER for FILE_REPORT unless ORAT_REPORTERS restricts it.
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.FILE_REPORT: frozenset(ROLE_ORDER),
    Permission.SEE_REPORT: frozenset(
        {Role.REPORTER, Role.REVIEWER, Role.PARTICIPANT, Role.OWNER, Role.CHAIR, Role.GUEST}
    ),
    Permission.EDIT_REPORT: frozenset({Role.REPORTER}),
    Permission.REVIEW_REPORT: frozenset({Role.REVIEWER, Role.CHAIR}),
    Permission.SEE_AGENDA: frozenset({Role.PARTICIPANT, Role.CHAIR}),
    Permission.TAKE_RESPONSIBILITY: frozenset({Role.PARTICIPANT, Role.CHAIR}),
    Permission.ASSIGN_ACTION: frozenset({Role.CHAIR}),
    Permission.DECIDE_ITEM: frozenset({Role.CHAIR}),
    Permission.CHANGE_ACTION: frozenset({Role.OWNER, Role.CHAIR, Role.GUEST}),
    Permission.CLOSE_ACTION: frozenset({Role.OWNER, Role.CHAIR, Role.GUEST}),
    Permission.ANSWER_SOLVED: frozenset({Role.REPORTER}),
    Permission.RUN_MEETING: frozenset({Role.CHAIR}),
    Permission.READ_AUDIT: frozenset({Role.CHAIR, Role.ADMIN}),
    Permission.ADMINISTER: frozenset({Role.CHAIR, Role.ADMIN}),
    Permission.GRANT_CHAIR: frozenset({Role.CHAIR}),
    Permission.SEE_STATISTICS: frozenset({Role.PARTICIPANT, Role.CHAIR}),
}

# What the README calls each row and column (Swedish, as the users say it).
PERMISSION_LABELS: dict[Permission, str] = {
    Permission.FILE_REPORT: "Rapportera (`/rapportera`)¹",
    Permission.SEE_REPORT: "Se en rapports innehåll (kvitto, granskning, `/orat rapport`)²",
    Permission.EDIT_REPORT: "Ändra en rapport som granskaren skickat tillbaka",
    Permission.REVIEW_REPORT: "Granska: lyfta, slå ihop, skicka tillbaka med fråga",
    Permission.SEE_AGENDA: "Se dagordningen (`/orat agenda`, export) och protokollet",
    Permission.TAKE_RESPONSIBILITY: "Ta ansvar för en punkt, säga *Inte vår fråga*",
    Permission.ASSIGN_ACTION: "Tilldela en annan ansvaret för en punkt",
    Permission.DECIDE_ITEM: "Besluta *Ingen åtgärd* eller *Bordlägg*",
    Permission.CHANGE_ACTION: "Ändra en åtgärd: nytt slutdatum, lämna över",
    Permission.CLOSE_ACTION: "Avsluta en åtgärd (*Klar*)",
    Permission.ANSWER_SOLVED: "Svara på *Är problemet löst?*",
    Permission.RUN_MEETING: "Flytta/ställa in möte, publicera dagordning, protokoll",
    Permission.READ_AUDIT: "Läsa loggen (`/orat logg`)",
    Permission.ADMINISTER: "Administrera enheter, granskare, medlemmar och roller (`/orat admin`)",
    Permission.GRANT_CHAIR: "Göra någon till ordförande",
    Permission.SEE_STATISTICS: "Se statistik och lägesbild (`/orat statistik`, `/orat lagesbild`)",
}
ROLE_LABELS: dict[Role, str] = {
    Role.REPORTER: "Rapportör (egen rapport)",
    Role.REVIEWER: "Granskare (egen enhet)",
    Role.PARTICIPANT: "Deltagare",
    Role.OWNER: "Åtgärdsägare (egen åtgärd)",
    Role.CHAIR: "Ordförande",
    Role.ADMIN: "Administratör",
    Role.GUEST: "Gäst (egen aktör)³",
}


PERMISSION_NOTES = (
    "¹ Alla i arbetsytan, om inte `ORAT_REPORTERS=enheter`: då bara personal som registrerats vid en enhet, "
    "för den egna enheten. ² Deltagare ser en rapport först när den stått på en publicerad dagordning; "
    "rapporter i granskning ser bara rapportören, granskaren och ordförandena. Administratörer ser aldrig "
    "rapporters innehåll, och en administratör kan inte ge sig själv eller en annan administratör "
    "tillgång till det (rollen deltagare, granskare för en enhet, plats vid en förvaltning eller aktör): "
    "det kan bara en ordförande. Den som tar ansvar för en punkt är själv ansvarig, för sin egen enhet om "
    "hen är registrerad vid en; att göra någon annan ansvarig är att tilldela. ³ Gäster i Slack och "
    "användare från en annan organisation (Slack Connect) rapporterar bara för den aktör en ordförande "
    "eller administratör kopplat dem till, ser den aktörens rapporter och sköter dess åtgärder; de blir "
    "aldrig deltagare, ordförande eller administratörer."
)


def allowed(permission: Permission, roles: Iterable[Role]) -> bool:
    """True when any of the roles the user holds for this subject grants ``permission``."""
    granted = PERMISSIONS[permission]
    return any(role in granted for role in roles)


def permission_table() -> str:
    """The Markdown table the README shows (``ja``/``–`` per role)."""
    lines = [
        "| Vad | " + " | ".join(ROLE_LABELS[r] for r in ROLE_ORDER) + " |",
        "|---|" + "---|" * len(ROLE_ORDER),
    ]
    for permission in Permission:
        cells = ("ja" if role in PERMISSIONS[permission] else "–" for role in ROLE_ORDER)
        lines.append(f"| {PERMISSION_LABELS[permission]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


@dataclass(frozen=True)
class GuestCheck:
    """What Slack said about a user when a modal opened, carried in the modal's private_metadata
    (set by the app; Slack returns it untouched in the signed submission): the submit, perhaps in
    another worker, need not ask ``users.info`` again."""

    user_id: str
    guest: bool
    checked_at: float  # Unix time of Slack's answer
