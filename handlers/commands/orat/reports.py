"""``/orat rapport <referens>``, ``/orat logg <referens>`` and ``/orat mina``."""

from __future__ import annotations

from bot.domain.permissions import Permission
from bot.domain.reports import parse_reference
from bot.results.common import Denied
from handlers.blocks.audit import audit_log
from handlers.blocks.mine import my_actions
from handlers.blocks.report import report_card
from handlers.commands.orat.common import Invocation


def report(inv: Invocation) -> None:
    """One report as its card, for whoever may see it."""
    inv.ack()
    reference = parse_reference(inv.args[0]) if inv.args else None
    if reference is None:
        raise Denied("report_usage")
    found = inv.hc.services.reports.show(inv.team, inv.user, *reference, inv.now)
    inv.show(report_card(found, inv.texts, inv.hc.tz, inv.today))


def log(inv: Invocation) -> None:
    """Who did what with a report, from the audit log."""
    inv.ack()
    reference = parse_reference(inv.args[0]) if inv.args else None
    if reference is None:
        inv.usage("log_usage", Permission.READ_AUDIT)
    lines = inv.hc.services.privacy.audit_for_reference(inv.team, inv.user, *reference, inv.now)
    inv.show(audit_log(inv.args[0].upper(), lines, inv.texts, inv.hc.tz))


def mine(inv: Invocation) -> None:
    """The user's own open actions: overdue, this week, later."""
    inv.ack()
    actions = inv.hc.services.actions.mine(inv.team, inv.user)
    inv.show(my_actions(actions, inv.today, inv.texts))
