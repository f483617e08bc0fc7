"""``/orat <subcommand>``: the meeting's commands. The first word picks the subcommand from
``SUBCOMMANDS``; each group lives in its own module and gets the command as an ``Invocation``."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.domain.text import escape_mrkdwn, shorten
from bot.texts import HELP_WORDS
from handlers.blocks.common import ephemeral
from handlers.blocks.help import help_message
from handlers.commands.orat import admin, agenda, calendar, meetings, reports, statistics
from handlers.commands.orat.common import Invocation, Subcommand
from handlers.context import HandlerContext, explaining_refusals, team_of
from handlers.ids import ORAT_COMMAND


def help_(inv: Invocation) -> None:
    """What this person may do: their roles decide which commands are listed."""
    inv.ack()
    inv.show(help_message(inv.hc.services.roles.held(inv.team, inv.user), inv.texts))


def unknown(inv: Invocation) -> None:
    # The unknown word is shown back in code formatting: backticks would end it early.
    shown = escape_mrkdwn(shorten(inv.words[0], 40).replace("`", "'"))
    inv.ack(**ephemeral(inv.texts("orat.unknown", command=shown)))


# The first word, lower-cased, and every alias it has; a word not here gets ``unknown``.
SUBCOMMANDS: dict[str, Subcommand] = {
    "agenda": agenda.agenda,
    **dict.fromkeys(("protokoll", "minutes"), agenda.minutes),
    **dict.fromkeys(("mina", "mine"), reports.mine),
    **dict.fromkeys(("möte", "mote", "möten"), meetings.meeting),
    **dict.fromkeys(("rapport", "report", "visa"), reports.report),
    "admin": admin.admin,
    **dict.fromkeys(("inställningar", "installningar", "settings"), admin.settings),
    **dict.fromkeys(("statistik", "stats", "statistics"), statistics.statistics),
    **dict.fromkeys(("lagesbild", "lägesbild", "situation"), statistics.situation),
    **dict.fromkeys(("kalender", "calendar", "ics"), calendar.calendar),
    **dict.fromkeys(("logg", "log"), reports.log),
    **dict.fromkeys(HELP_WORDS, help_),
}
EMPTY = "hjälp"  # what /orat alone means


def register(app: App, hc: HandlerContext) -> None:
    @app.command(ORAT_COMMAND)
    @explaining_refusals(hc.texts)
    def orat(
        ack: Ack,
        command: dict[str, Any],
        body: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        words = tuple((command.get("text") or "").split())
        run = SUBCOMMANDS.get(words[0].lower() if words else EMPTY, unknown)
        run(
            Invocation(
                hc=hc,
                team=team_of(body, context),
                user=command["user_id"],
                now=hc.services.clock(),
                words=words,
                ack=ack,
                respond=respond,
                client=client,
                command=command,
            )
        )
