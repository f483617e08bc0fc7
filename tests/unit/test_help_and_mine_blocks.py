"""The help a role set is shown, and ``/orat mina``'s grouped message, as pure builders."""

from __future__ import annotations

import json
from datetime import date, timedelta

from bot.domain.permissions import PERMISSIONS, Role
from bot.results.actions import ActionView
from bot.texts import Texts
from handlers.blocks.actions import DIGEST_MAX
from handlers.blocks.help import HELP_GROUPS, help_lines, help_message
from handlers.blocks.mine import my_actions

SV, EN = Texts("sv"), Texts("en")
TODAY = date(2026, 12, 16)  # a Wednesday


def keys(roles: set[Role]) -> set[str]:
    return {key for _, lines in help_lines(roles) for key in lines}


def test_each_role_sees_its_own_lines():
    everyone = {"help.report", "help.mine", "help.meetings", "help.calendar", "help.home", "help.help"}
    assert keys(set()) == everyone  # ORAT_REPORTERS=enheter and not in a unit: no /rapportera
    assert keys({Role.REPORTER}) == everyone | {"help.rapportera_command"}
    assert keys({Role.REPORTER, Role.OWNER}) == everyone | {"help.rapportera_command", "help.actions"}
    assert keys({Role.REPORTER, Role.REVIEWER}) == everyone | {"help.rapportera_command", "help.review"}
    participant = keys({Role.REPORTER, Role.PARTICIPANT})
    assert {"help.agenda", "help.take", "help.statistics"} <= participant
    assert not participant & {"help.publish", "help.minutes", "help.move", "help.cancel", "help.admin"}
    assert keys({Role.ADMIN}) - everyone == {"help.rapportera_command", "help.log", "help.admin"}
    assert keys({Role.CHAIR}) == {key for _, lines in HELP_GROUPS for key, _ in lines}


def test_every_line_names_a_permission_of_the_table_and_has_both_languages():
    for group, lines in HELP_GROUPS:
        assert SV.has(group) and EN.has(group)
        for key, permission in lines:
            assert SV.has(key) and EN.has(key)
            assert permission is None or permission in PERMISSIONS


def test_the_help_message_lists_groups_in_order():
    message = help_message({Role.CHAIR}, SV)
    shown = [b["text"]["text"] for b in message.blocks]
    assert shown[0] == "*Örat mot marken – det här kan du göra*"
    assert [s.split("\n")[0] for s in shown[1:]] == [
        "*Alla*",
        "*Mötets deltagare*",
        "*Åtgärder*",
        "*Granskare*",
        "*Ordförande och samordnare*",
        "*Administration*",
    ]
    assert message.text == "\n".join(shown)


def action(n: int, due: date) -> ActionView:
    return ActionView(
        n, f"ÖMM-2026-{n:04d}", "Polisen", "UCOP1", f"Åtgärd {n}", due, "open", "Entrén", "Skolan", "U1"
    )


def headings(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section" and b["text"]["text"].startswith("*")]


def test_my_actions_are_grouped_with_swedish_counts():
    actions = [action(1, TODAY + timedelta(days=30)), action(2, TODAY - timedelta(days=1)), action(3, TODAY)]
    message = my_actions(actions, TODAY, SV)
    assert headings(message.blocks) == [
        "*Försenade* – 1 åtgärd",
        "*Den här veckan* – 1 åtgärd",
        "*Senare* – 1 åtgärd",
    ]
    shown = json.dumps(message.blocks, ensure_ascii=False)
    assert shown.index("ÖMM-2026-0002") < shown.index("ÖMM-2026-0003") < shown.index("ÖMM-2026-0001")
    assert message.text == "Mina öppna åtgärder: 3 öppna åtgärder"
    one = my_actions(actions[:1], TODAY, SV)
    assert one.text == "Mina öppna åtgärder: 1 öppen åtgärd" and headings(one.blocks) == [
        "*Senare* – 1 åtgärd"
    ]
    assert headings(my_actions(actions, TODAY, EN).blocks)[0] == "*Overdue* – 1 action"


def test_a_long_list_stays_within_slacks_block_limit():
    actions = [action(n, TODAY + timedelta(days=n - 15)) for n in range(1, 31)]
    message = my_actions(actions, TODAY, SV)
    assert len(message.blocks) <= 50
    assert sum(1 for b in message.blocks if b["type"] == "actions") == DIGEST_MAX
    assert headings(message.blocks)[:2] == ["*Försenade* – 14 åtgärder", "*Den här veckan* – 5 åtgärder"]
    assert message.blocks[-1]["elements"][0]["text"] == "… och 10 till."
