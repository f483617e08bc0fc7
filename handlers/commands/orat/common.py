"""What every ``/orat`` subcommand is handed, and the answers they share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NoReturn

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.domain.parsing import FIRST_YEAR, LAST_YEAR, YearOutOfRange
from bot.domain.permissions import Permission, allowed
from bot.results.common import Denied, Message
from bot.texts import Texts
from handlers.blocks.common import ephemeral
from handlers.context import HandlerContext


@dataclass(frozen=True)
class Invocation:
    """One ``/orat`` command: who typed what, when, and how to answer."""

    hc: HandlerContext
    team: str
    user: str
    now: datetime
    words: tuple[str, ...]  # the command's text split on whitespace, the subcommand first
    ack: Ack
    respond: Respond
    client: WebClient
    command: dict[str, Any]

    @property
    def args(self) -> tuple[str, ...]:
        """The words after the subcommand."""
        return self.words[1:]

    @property
    def texts(self) -> Texts:
        return self.hc.texts

    @property
    def today(self) -> date:
        return self.now.astimezone(self.hc.tz).date()

    def may(self, permission: Permission) -> bool:
        """Whether this person's roles grant ``permission`` (to choose what to explain)."""
        return allowed(permission, self.hc.services.roles.held(self.team, self.user))

    def usage(self, code: str, permission: Permission) -> NoReturn:
        """How to type a command, for someone who may use it; anyone else gets the refusal they
        would get for the command itself."""
        self.hc.services.roles.check(self.team, self.user, permission)
        raise Denied(code)

    def say(self, text: str) -> None:
        """An ephemeral answer through the response_url."""
        self.respond(**ephemeral(text))

    def show(self, message: Message) -> None:
        self.respond(response_type="ephemeral", text=message.text, blocks=message.blocks)

    def refuse_year(self, found: YearOutOfRange) -> None:
        self.say(self.texts("parse.year_out_of_range", year=found.shown, first=FIRST_YEAR, last=LAST_YEAR))

    def send_files(self, files: Sequence[tuple[str, bytes]], comment: str) -> None:
        """Files go to the user's DM with the bot: a response_url cannot carry them."""
        channel = self.client.conversations_open(users=self.user)["channel"]["id"]
        self.client.files_upload_v2(
            channel=channel,
            file_uploads=[{"filename": name, "content": data, "title": name} for name, data in files],
            initial_comment=comment,
        )


# A subcommand acks first (Slack waits at most 3 s), then answers through respond or a DM.
Subcommand = Callable[[Invocation], None]
