"""The modal toolkit, used by every view: reading a submitted modal (``FormState``), answering a
refusal or bad input under its fields (``submitted``), and delivering what the service queued once
Slack has its answer (``deliver``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, TypeVar

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.photos import PhotoInput
from bot.results.common import Denied, Rejected
from bot.results.responsibility import Decided
from bot.texts import Texts
from handlers.context import HandlerContext, optional_id, team_of, tolerating_malformed
from handlers.ids import VALUE

T = TypeVar("T")


def private_metadata(view: dict[str, Any]) -> dict[str, Any]:
    """The view's ``private_metadata`` as a dict; anything malformed reads as empty."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except (ValueError, TypeError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _parsed(parse: Callable[[str], T], value: Any) -> T | None:
    """An ISO date or time as Slack's pickers send it; anything else reads as None."""
    if not isinstance(value, str):
        return None
    try:
        return parse(value)
    except ValueError:
        return None


class FormState:
    """What a submitted modal holds, read by block id. Whatever is missing or malformed reads as
    empty (``""``, ``None``, ``[]``, ``{}``), never as an exception: Slack's payload is not trusted.

    ``suffixed``: block ids may carry a ``:suffix`` (the member form's do, so that Slack shows a newly
    chosen person's values); the first block with the id, with or without a suffix, is read.
    """

    def __init__(self, view: Any, *, suffixed: bool = False) -> None:
        view = view if isinstance(view, dict) else {}
        state = view.get("state")
        values = state.get("values") if isinstance(state, dict) else None
        self._values: dict[Any, Any] = values if isinstance(values, dict) else {}
        blocks = view.get("blocks")
        blocks = blocks if isinstance(blocks, list) else []
        self._shown = [
            b["block_id"] for b in blocks if isinstance(b, dict) and isinstance(b.get("block_id"), str)
        ]
        self._suffixed = suffixed
        self.metadata = private_metadata(view)
        view_id = view.get("id")
        self.view_id = view_id if isinstance(view_id, str) else None

    def _block(self, block_id: str) -> dict[str, Any]:
        if not self._suffixed:
            block = self._values.get(block_id)
            return block if isinstance(block, dict) else {}
        for key, block in self._values.items():
            named = key == block_id or (isinstance(key, str) and key.startswith(block_id + ":"))
            if named and isinstance(block, dict):
                return block
        return {}

    def element(self, block_id: str, action_id: str = VALUE) -> dict[str, Any]:
        """The state of element ``action_id`` in block ``block_id``."""
        found = self._block(block_id).get(action_id)
        return found if isinstance(found, dict) else {}

    def text(self, block_id: str) -> str:
        """What was typed, as typed: the domain measures lengths before it strips."""
        value = self.element(block_id).get("value")
        return value if isinstance(value, str) else ""

    def option(self, block_id: str, action_id: str = VALUE) -> str | None:
        """The value of the selected option (a static or external select, radio buttons)."""
        option = self.element(block_id, action_id).get("selected_option")
        value = option.get("value") if isinstance(option, dict) else None
        return value if isinstance(value, str) else None

    def option_id(self, block_id: str, action_id: str = VALUE) -> int | None:
        """The selected option as a row id; anything that is not one reads as None."""
        return optional_id(self.option(block_id, action_id))

    def options(self, block_id: str) -> list[str]:
        """The values of the checked boxes (or of a multi-select's options)."""
        options = self.element(block_id).get("selected_options")
        if not isinstance(options, list):
            return []
        return [o["value"] for o in options if isinstance(o, dict) and isinstance(o.get("value"), str)]

    def user(self, block_id: str) -> str | None:
        """The user chosen in a users select."""
        user = self.element(block_id).get("selected_user")
        return user if isinstance(user, str) else None

    def conversation(self, block_id: str) -> str | None:
        """The channel chosen in a conversations select."""
        chosen = self.element(block_id).get("selected_conversation")
        return chosen if isinstance(chosen, str) else None

    def users(self, block_id: str) -> list[str]:
        """The users chosen in a multi-users select."""
        users = self.element(block_id).get("selected_users")
        return [u for u in users if isinstance(u, str)] if isinstance(users, list) else []

    def day(self, block_id: str) -> date | None:
        """The date picked in a datepicker."""
        return _parsed(date.fromisoformat, self.element(block_id).get("selected_date"))

    def time_of_day(self, block_id: str) -> time | None:
        """The time picked in a timepicker."""
        return _parsed(time.fromisoformat, self.element(block_id).get("selected_time"))

    def files(self, block_id: str) -> list[PhotoInput]:
        """The files uploaded in a file_input: each one's id, name, type, size and download URL as
        Slack describes them; an entry without an id is left out."""
        files = self.element(block_id).get("files")
        found = []
        for f in files if isinstance(files, list) else []:
            if not isinstance(f, dict) or not isinstance(f.get("id"), str) or not f["id"]:
                continue
            name, mimetype, size = f.get("name"), f.get("mimetype"), f.get("size")
            url = f.get("url_private_download") or f.get("url_private")
            found.append(
                PhotoInput(
                    file_id=f["id"],
                    name=name if isinstance(name, str) and name else f["id"],
                    mimetype=mimetype if isinstance(mimetype, str) else None,
                    size=size if isinstance(size, int) and not isinstance(size, bool) else None,
                    url=url if isinstance(url, str) else None,
                )
            )
        return found

    def has_block(self, block_id: str) -> bool:
        """Whether the submitted modal had this block (a form shows some fields only to some people)."""
        return block_id in self._shown or block_id in self._values

    def shown_block(self, block_id: str) -> str:
        """The id block ``block_id`` is shown under (with its suffix, in a suffixed form): errors go there."""
        if not self._suffixed:
            return block_id
        return next((b for b in self._shown if b == block_id or b.startswith(block_id + ":")), block_id)


@dataclass(frozen=True)
class ErrorPlaces:
    """Where a modal tells what the service said: the block of each field the service names, the
    field a refusal (``Denied``) is told under, and the values some messages quote, by error code."""

    blocks: Mapping[str, str]
    refusal_field: str
    limits: Mapping[str, Mapping[str, object]] = field(default_factory=dict)


def answer_errors(
    ack: Ack, texts: Texts, refusal: Denied | Rejected, places: ErrorPlaces, form: FormState
) -> None:
    """Answer inline under the modal's fields: a refusal under its field, bad input with every error."""
    if isinstance(refusal, Denied):
        errors = {places.blocks[places.refusal_field]: texts(f"denied.{refusal.code}")}
    else:
        errors = {
            places.blocks[name]: texts(f"error.{code}", **places.limits.get(code, {}))
            for name, code in refusal.errors.items()
        }
    ack(response_action="errors", errors={form.shown_block(block): text for block, text in errors.items()})


def submitted(
    hc: HandlerContext, ack: Ack, form: FormState, places: ErrorPlaces, run: Callable[[], T | Rejected]
) -> T | None:
    """Run the service. A refusal or bad input is answered under the modal's fields and None comes
    back; otherwise the result, for the caller to ack."""
    try:
        result = run()
    except Denied as exc:
        answer_errors(ack, hc.texts, exc, places, form)
        return None
    if isinstance(result, Rejected):
        answer_errors(ack, hc.texts, result, places, form)
        return None
    return result


def deliver(hc: HandlerContext, keys: Iterable[tuple[str, str]]) -> None:
    """Hand what the service queued to the outbox's sender, after the ack: Slack waits for no post."""
    hc.services.outbox.dispatch_soon(keys)


def apply_decision(hc: HandlerContext, client: WebClient, decided: Decided) -> None:
    """After the commit: the agenda message in place, then whoever is to be told."""
    if decided.update is not None:
        update = decided.update
        client.chat_update(channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks)
    deliver(hc, decided.notification_keys)


def submit_decision(
    hc: HandlerContext,
    ack: Ack,
    client: WebClient,
    form: FormState,
    places: ErrorPlaces,
    run: Callable[[], Decided | Rejected],
) -> bool:
    """Run the service; a refusal or bad input answers inline under the modal's fields, success
    closes the modal and then updates and notifies. True when it succeeded."""
    decided = submitted(hc, ack, form, places, run)
    if decided is None:
        return False
    ack()
    apply_decision(hc, client, decided)
    return True


AfterDecision = Callable[[HandlerContext, WebClient, dict[str, Any], BoltContext], None]


def decision_view(
    app: App,
    hc: HandlerContext,
    callback_id: str,
    places: ErrorPlaces,
    decide: Callable[[str, str, FormState], Decided | Rejected],
    after: AfterDecision | None = None,
) -> None:
    """Register the submit of a modal that decides something: ``decide(team, user, form)`` runs the
    service (see ``submit_decision``); after a success, ``after(hc, client, body, context)``."""

    @app.view(callback_id)
    @tolerating_malformed
    def submit_decided(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        form = FormState(view)
        team, user = team_of(body, context), body["user"]["id"]
        if submit_decision(hc, ack, client, form, places, lambda: decide(team, user, form)) and after:
            after(hc, client, body, context)
