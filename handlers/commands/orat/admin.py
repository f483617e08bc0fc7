"""``/orat admin``: the administrators' modal (units, members, roles)."""

from __future__ import annotations

from handlers.blocks.admin import admin_home
from handlers.commands.orat.common import Invocation


def admin(inv: Invocation) -> None:
    inv.ack()
    overview = inv.hc.services.admin.overview(inv.team, inv.user)
    inv.client.views_open(trigger_id=inv.command["trigger_id"], view=admin_home(overview, inv.texts))
