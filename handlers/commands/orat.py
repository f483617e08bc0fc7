"""``/orat <subcommand>``: the meeting's commands (agenda, meetings, help)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.domain.dates import meeting_when, period_label
from bot.domain.icalendar import Deadline, calendar_file
from bot.domain.parsing import FIRST_YEAR, LAST_YEAR, YearOutOfRange, parse_move, read_day
from bot.domain.reports import parse_reference
from bot.domain.statistics import Period, read_period
from bot.domain.text import escape_mrkdwn, shorten
from bot.services.common import Denied
from bot.texts import HELP_WORDS
from handlers.blocks.actions import digest
from handlers.blocks.admin import admin_home
from handlers.blocks.agenda import AgendaRenderer
from handlers.blocks.audit import audit_log
from handlers.blocks.common import ephemeral
from handlers.blocks.meetings import calendar_text
from handlers.blocks.report import report_card
from handlers.blocks.statistics import statistics_summary
from handlers.context import HandlerContext, explaining_refusals, team_of
from handlers.ids import ORAT_COMMAND

RESPONSE_URL_USES = 5  # Slack allows five posts to a command's response_url
CALENDAR_WEEKS = 26  # how far ahead /orat kalender lists meetings: a school term


def register(app: App, hc: HandlerContext) -> None:
    renderer = AgendaRenderer(hc.texts, hc.tz)

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
        words = (command.get("text") or "").split()
        sub = words[0].lower() if words else "hjälp"
        team, user, now = team_of(body, context), command["user_id"], hc.services.clock()
        if sub in HELP_WORDS:
            ack(**ephemeral(hc.texts("help.orat")))
        elif sub == "agenda":
            ack()
            agenda_command(words[1:], team, user, now, respond, client)
        elif sub in ("protokoll", "minutes"):
            ack()
            delivery = hc.services.agenda.post_minutes_now(team, user, now)
            hc.services.outbox.dispatch_soon(delivery.notification_keys)
            text = hc.texts("minutes.posted_now", items=delivery.items, messages=delivery.messages)
            respond(**ephemeral(text))
        elif sub in ("mina", "mine"):
            ack()
            mine = hc.services.actions.mine(team, user)
            message = digest(mine, now.astimezone(hc.tz).date(), hc.texts, title="mina.header")
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)
        elif sub in ("möte", "mote", "möten"):
            ack()
            meeting_command(words[1:], team, user, now, respond)
        elif sub in ("rapport", "report", "visa"):
            ack()
            reference = parse_reference(words[1]) if len(words) > 1 else None
            if reference is None:
                raise Denied("report_usage")
            report = hc.services.reports.show(team, user, *reference, now)
            message = report_card(report, hc.texts)
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)
        elif sub == "admin":
            ack()
            overview = hc.services.admin.overview(team, user)
            client.views_open(trigger_id=command["trigger_id"], view=admin_home(overview, hc.texts))
        elif sub in ("statistik", "stats", "statistics"):
            ack()
            statistics_command(" ".join(words[1:]), team, user, now, respond, client)
        elif sub in ("lagesbild", "lägesbild", "situation"):
            ack()
            situation_command(" ".join(words[1:]), team, user, now, respond, client)
        elif sub in ("kalender", "calendar", "ics"):
            ack()
            calendar_command(team, user, now, respond, client)
        elif sub in ("logg", "log"):
            ack()
            reference = parse_reference(words[1]) if len(words) > 1 else None
            if reference is None:
                raise Denied("log_usage")
            lines = hc.services.privacy.audit_for_reference(team, user, *reference, now)
            message = audit_log(words[1].upper(), lines, hc.texts, hc.tz)
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)
        else:
            # The unknown word is shown back in code formatting: backticks would end it early.
            shown = escape_mrkdwn(shorten(words[0], 40).replace("`", "'"))
            ack(**ephemeral(hc.texts("orat.unknown", command=shown)))

    def agenda_command(
        args: list[str], team: str, user: str, now, respond: Respond, client: WebClient
    ) -> None:
        action = args[0].lower() if args else ""
        if action in ("publicera", "publish"):
            delivery = hc.services.agenda.publish_now(team, user, now)
            hc.services.outbox.dispatch_soon(delivery.notification_keys)
            respond(
                **ephemeral(
                    hc.texts("agenda.published_now", items=delivery.items, messages=delivery.messages)
                )
            )
            return
        if action not in ("", "export", "exportera", "fil"):
            raise Denied("agenda_usage")
        agenda, meeting_id = hc.services.agenda.preview(
            team, user, now, surface="file" if action else "command"
        )
        if action:
            when = meeting_when(agenda.meeting_starts_at, hc.tz, hc.texts.language)
            day = agenda.meeting_starts_at.astimezone(hc.tz).date().isoformat()
            channel = client.conversations_open(users=user)["channel"]["id"]
            client.files_upload_v2(
                channel=channel,
                content=renderer.markdown(agenda),
                filename=f"dagordning-{day}.md",
                title=hc.texts("agenda.file_title", when=when),
                initial_comment=hc.texts("agenda.file_comment", when=when),
            )
            respond(**ephemeral(hc.texts("agenda.file_sent")))
            return
        parts = renderer.messages(agenda, mode="preview", meeting_id=meeting_id)
        if len(parts) > RESPONSE_URL_USES:
            parts = parts[: RESPONSE_URL_USES - 1]
            more = ephemeral(hc.texts("agenda.preview_more", total=len(parts)))
        else:
            more = None
        for part in parts:
            respond(response_type="ephemeral", text=part.text, blocks=part.blocks)
        if more:
            respond(**more)

    def send_files(client: WebClient, user: str, files: list[tuple[str, bytes]], comment: str) -> None:
        """Files go to the user's DM with the bot: a response_url cannot carry them."""
        channel = client.conversations_open(users=user)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            file_uploads=[{"filename": name, "content": data, "title": name} for name, data in files],
            initial_comment=comment,
        )

    def statistics_command(
        text: str, team: str, user: str, now: datetime, respond: Respond, client: WebClient
    ) -> None:
        period = period_of(text, now, respond)
        if period is None:
            return
        # Imported here: matplotlib costs a worker ~30 MB and half a second, and few ask for charts.
        from bot.charts import area_chart, category_chart
        from bot.exports import statistics_csv

        stats = hc.services.statistics.statistics(team, user, period)
        summary = statistics_summary(stats, hc.texts)
        respond(response_type="ephemeral", text=summary.text, blocks=summary.blocks)
        label = period_label(period.start, period.end, hc.texts.language)
        stem = f"statistik-{period.start.isoformat()}--{period.end.isoformat()}"
        send_files(
            client,
            user,
            [
                (f"{stem}.png", category_chart(stats, hc.texts)),
                (f"{stem}-omraden.png", area_chart(stats, hc.texts)),
                (f"{stem}.csv", statistics_csv(stats, hc.texts)),
            ],
            hc.texts("stats.file_comment", period=label),
        )

    def situation_command(
        text: str, team: str, user: str, now: datetime, respond: Respond, client: WebClient
    ) -> None:
        from bot.exports import lagesbild_files  # draws charts: see statistics_command

        period = period_of(text, now, respond)
        if period is None:
            return
        picture = hc.services.statistics.situation(team, user, period.start, period.end, now)
        label = period_label(period.start, period.end, hc.texts.language)
        respond(**ephemeral(hc.texts("lagesbild.sent", period=label)))
        files = lagesbild_files(picture, hc.texts, generated_at=now, tz=hc.tz)
        send_files(client, user, files, hc.texts("lagesbild.file_comment", period=label))

    def period_of(text: str, now: datetime, respond: Respond) -> Period | None:
        """The period typed after the command; None when the person was told why there is none."""
        found = read_period(text, now.astimezone(hc.tz).date())
        if found is None:
            raise Denied("statistics_usage")
        if isinstance(found, YearOutOfRange):
            refuse_year(found, respond)
            return None
        return found

    def refuse_year(found: YearOutOfRange, respond: Respond) -> None:
        text = hc.texts("parse.year_out_of_range", year=found.shown, first=FIRST_YEAR, last=LAST_YEAR)
        respond(**ephemeral(text))

    def calendar_command(team: str, user: str, now: datetime, respond: Respond, client: WebClient) -> None:
        meetings = hc.services.meetings.calendar(team, now, CALENDAR_WEEKS)
        deadlines = [
            Deadline(
                action_id=a.action_id,
                reference=a.reference,
                description=a.description,
                unit=a.unit,
                school=a.school,
                place=a.place,
                due_on=a.due_on,
            )
            for a in hc.services.actions.mine(team, user)
        ]
        ics = calendar_file(
            team_id=team, meetings=meetings, deadlines=deadlines, now=now, tz=hc.tz, texts=hc.texts
        )
        held = sum(1 for m in meetings if m.starts_at is not None)
        respond(**ephemeral(hc.texts("kalender.sent", meetings=held, deadlines=len(deadlines))))
        send_files(client, user, [("orat-mot-marken.ics", ics)], hc.texts("kalender.file_comment"))

    def meeting_command(args: list[str], team: str, user: str, now, respond: Respond) -> None:
        today = now.astimezone(hc.tz).date()
        action = " ".join(args[:2]).lower() if args[:1] == ["ställ"] else (args[0].lower() if args else "")
        if not action:
            respond(**ephemeral(calendar_text(hc.services.meetings.calendar(team, now), hc.texts, hc.tz)))
            return
        if action == "flytta":
            move = parse_move(" ".join(args[1:]), today)
            if move is None:
                raise Denied("move_usage")
            if isinstance(move, YearOutOfRange):
                refuse_year(move, respond)
                return
            changed = hc.services.meetings.move(
                team, user, day=move.origin, to_day=move.to_day, to_time=move.to_time, now=now
            )
        elif action in ("ställ in", "ställin", "inställ", "avboka"):
            words = args[2:] if args[:1] == ["ställ"] else args[1:]
            day = read_day(" ".join(words), today)
            if day is None:
                raise Denied("cancel_usage")
            if isinstance(day, YearOutOfRange):
                refuse_year(day, respond)
                return
            changed = hc.services.meetings.cancel(team, user, day=day, now=now)
        else:
            raise Denied("meeting_usage")
        hc.services.outbox.dispatch_soon(changed.notification_keys)
        regular = meeting_when(changed.change.regular_starts_at, hc.tz, hc.texts.language)
        if changed.change.starts_at is None:
            respond(**ephemeral(hc.texts("meeting.cancelled_ok", regular=regular)))
        else:
            moved = meeting_when(changed.change.starts_at, hc.tz, hc.texts.language)
            respond(**ephemeral(hc.texts("meeting.moved_ok", regular=regular, moved=moved)))
