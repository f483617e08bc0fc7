"""The archive of stored lägesbilder: *Öppna* sends one to the person's DM, rendered again from its
stored figures (the same files as when it was made); *Nyare*/*Äldre* page through the archive."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.domain.dates import period_label
from handlers.blocks.common import ephemeral
from handlers.blocks.snapshots import archive_blocks, file_comment
from handlers.context import HandlerContext, clicked_value, explaining_refusals, parse_id, team_of
from handlers.ids import SNAPSHOT_NEWER, SNAPSHOT_OLDER, SNAPSHOT_OPEN


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)

    @app.action(SNAPSHOT_OPEN)
    @explained
    def open_snapshot(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        user = body["user"]["id"]
        line, files = hc.services.snapshots.open(team_of(body, context), user, parse_id(clicked_value(body)))
        period = period_label(line.start, line.end, hc.texts.language)
        respond(
            replace_original=False,
            **ephemeral(hc.texts("snapshot.opened", number=line.number, period=period)),
        )
        channel = client.conversations_open(users=user)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            file_uploads=[{"filename": name, "content": data, "title": name} for name, data in files],
            initial_comment=file_comment(
                line.number, line.start, line.end, line.made_at, line.anonymised, hc.texts, hc.tz
            ),
        )

    def page(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        shown = hc.services.snapshots.archive(
            team_of(body, context), body["user"]["id"], parse_id(clicked_value(body)) - 1
        )
        message = archive_blocks(shown, hc.texts, hc.tz)
        respond(replace_original=True, response_type="ephemeral", text=message.text, blocks=message.blocks)

    for action_id in (SNAPSHOT_NEWER, SNAPSHOT_OLDER):
        app.action(action_id)(explained(page))
