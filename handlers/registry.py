"""Registers every listener on the Bolt app."""

from __future__ import annotations

from slack_bolt import App

from handlers.actions import (
    admin,
    agenda,
    draft,
    follow_up,
    minutes,
    places,
    review,
    rounds,
    settings,
    snapshots,
    units,
)
from handlers.commands import orat, report
from handlers.context import HandlerContext
from handlers.events import home
from handlers.views import admin as admin_view
from handlers.views import draft as draft_view
from handlers.views import follow_up as follow_up_view
from handlers.views import minutes as minutes_view
from handlers.views import report as report_view
from handlers.views import report_match as report_match_view
from handlers.views import responsibility as responsibility_view
from handlers.views import review as review_view
from handlers.views import settings as settings_view


def register_all(app: App, hc: HandlerContext) -> None:
    for module in (
        report,
        orat,
        report_view,
        report_match_view,
        review_view,
        responsibility_view,
        minutes_view,
        follow_up_view,
        units,
        places,
        review,
        agenda,
        draft,
        draft_view,
        follow_up,
        minutes,
        admin,
        admin_view,
        home,
        rounds,
        snapshots,
        settings,
        settings_view,
    ):
        module.register(app, hc)
