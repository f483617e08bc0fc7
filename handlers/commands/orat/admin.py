"""``/orat admin``: the administrators' modal (units, members, roles)."""

from __future__ import annotations

from handlers.blocks.admin import admin_home
from handlers.blocks.settings import settings_form
from handlers.commands.orat.common import Invocation


def admin(inv: Invocation) -> None:
    inv.ack()
    overview = inv.hc.services.admin.overview(inv.team, inv.user)
    inv.client.views_open(trigger_id=inv.command["trigger_id"], view=admin_home(overview, inv.texts))


def settings(inv: Invocation) -> None:
    """``/orat inställningar``: the workspace's settings modal at once (admins and chairs)."""
    inv.ack()
    form = inv.hc.services.workspaces.form(inv.team, inv.user)
    inv.client.views_open(trigger_id=inv.command["trigger_id"], view=settings_form(form, inv.texts))
