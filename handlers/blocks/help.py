"""``/orat hjälp``: the commands this person may use, grouped by who may use them.

Each line names the permission it needs (``bot.domain.permissions.PERMISSIONS``); a line without
one is for everyone. A group shows when one of its lines does."""

from __future__ import annotations

from collections.abc import Collection

from bot.domain.permissions import Permission, Role, allowed
from bot.results.common import Message
from bot.texts import Texts
from handlers.blocks.common import section

P = Permission
# (group's text key, ((line's text key, the permission it needs or None), …)), in the order shown.
HELP_GROUPS: tuple[tuple[str, tuple[tuple[str, Permission | None], ...]], ...] = (
    (
        "help.group_everyone",
        (
            ("help.rapportera_command", P.FILE_REPORT),
            ("help.report", None),
            ("help.mine", None),
            ("help.meetings", None),
            ("help.calendar", None),
            ("help.home", None),
            ("help.help", None),
        ),
    ),
    (
        "help.group_participant",
        (
            ("help.agenda", P.SEE_AGENDA),
            ("help.take", P.TAKE_RESPONSIBILITY),
            ("help.statistics", P.SEE_STATISTICS),
            ("help.snapshots", P.SEE_STATISTICS),
        ),
    ),
    ("help.group_owner", (("help.actions", P.CLOSE_ACTION),)),
    ("help.group_reviewer", (("help.review", P.REVIEW_REPORT),)),
    (
        "help.group_chair",
        (
            ("help.publish", P.RUN_MEETING),
            ("help.minutes", P.RUN_MEETING),
            ("help.move", P.RUN_MEETING),
            ("help.cancel", P.RUN_MEETING),
        ),
    ),
    ("help.group_admin", (("help.log", P.READ_AUDIT), ("help.admin", P.ADMINISTER))),
)


def help_lines(roles: Collection[Role]) -> list[tuple[str, list[str]]]:
    """The groups and lines (text keys) ``roles`` may use, empty groups left out."""
    shown: dict[str, list[str]] = {}
    for group, lines in HELP_GROUPS:
        for key, permission in lines:
            if permission is None or allowed(permission, roles):
                shown.setdefault(group, []).append(key)
    return list(shown.items())


def help_message(roles: Collection[Role], texts: Texts) -> Message:
    """One section per group (a section holds 3000 characters; a group is far shorter)."""
    parts = [texts("help.title")]
    parts += ["\n".join([texts(group), *(texts(k) for k in keys)]) for group, keys in help_lines(roles)]
    return Message(text="\n".join(parts), blocks=[section(part) for part in parts])
