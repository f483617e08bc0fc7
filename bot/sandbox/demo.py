"""``python -m bot demo``: a scripted week in the terminal, through the same sandbox the browser
uses — a report, its review, the chairs' draft, the agenda, responsibility taken, the reminder,
done, and the school told. It prints the conversation as people would read it in Slack."""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.domain.dates import short_date
from bot.sandbox.server import CHAIR, CHANNEL, CHIEF, HEAD, PEOPLE, POLICE, Sandbox
from bot.sandbox.standin import BOT_ID

NAMES = {p.id: p.name for p in PEOPLE}
EMOJI = {
    ":rotating_light:": "🚨",
    ":warning:": "⚠️",
    ":white_check_mark:": "✅",
    ":question:": "❓",
    ":information_source:": "ℹ️",
    ":repeat:": "🔁",
    ":memo:": "📝",
    ":round_pushpin:": "📍",
    ":fire:": "🔥",
    ":handshake:": "🤝",
    ":alarm_clock:": "⏰",
    ":mag:": "🔍",
    ":calendar:": "📅",
    ":date:": "📅",
    ":spiral_calendar_pad:": "🗓️",
    ":bell:": "🔔",
    ":tada:": "🎉",
    ":pushpin:": "📌",
    ":hourglass_flowing_sand:": "⏳",
    ":x:": "❌",
    ":no_entry:": "⛔",
    ":heavy_check_mark:": "✔️",
    ":exclamation:": "❗",
    ":arrows_counterclockwise:": "🔄",
    ":leftwards_arrow_with_hook:": "↩️",
    ":arrow_right:": "➡️",
    ":lock:": "🔒",
    ":busts_in_silhouette:": "👥",
    ":clipboard:": "📋",
    ":bar_chart:": "📊",
}


# ---------------------------------------------------------------------------------------- forms
def fill(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """``view.state.values`` as Slack would send them, for the answers given by block id; other
    inputs keep their initial values."""
    values: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        answer = answers.get(block_id)
        kind = element["type"]
        state: dict[str, Any] = {"type": kind}
        if kind == "plain_text_input":
            state["value"] = answer if answer is not None else element.get("initial_value")
        elif kind in ("static_select", "external_select", "radio_buttons"):
            option = _option(element, answer) if answer is not None else element.get("initial_option")
            state["selected_option"] = option
        elif kind == "users_select":
            state["selected_user"] = answer or element.get("initial_user")
        elif kind == "datepicker":
            state["selected_date"] = (
                answer.isoformat() if isinstance(answer, date) else element.get("initial_date")
            )
        elif kind == "timepicker":
            state["selected_time"] = answer or element.get("initial_time")
        elif kind == "checkboxes":
            state["selected_options"] = [_option(element, a) for a in answer or []] or element.get(
                "initial_options", []
            )
        values[block_id] = {element["action_id"]: state}
    return values


def _option(element: dict[str, Any], value: str) -> dict[str, Any]:
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options += group.get("options", [])
    return next(
        (o for o in options if o["value"] == value),
        {"text": {"type": "plain_text", "text": value}, "value": value},
    )


def find_button(blocks: list[dict[str, Any]] | None, action_id: str) -> dict[str, Any] | None:
    for block in blocks or []:
        elements = (
            block.get("elements", []) if block.get("type") == "actions" else [block.get("accessory") or {}]
        )
        for element in elements:
            if element.get("action_id") == action_id:
                return {"block_id": block.get("block_id", "b"), **element}
    return None


# ---------------------------------------------------------------------------------------- text
def mrkdwn_as_text(text: str) -> str:
    """Slack's mrkdwn as a person reads it: names for mentions, link texts, no markup characters."""
    text = re.sub(r"<@(U[A-Z0-9]+)(?:\|[^>]*)?>", lambda m: "@" + NAMES.get(m.group(1), m.group(1)), text)
    text = re.sub(r"<#C[A-Z0-9]+\|([^>]+)>", r"#\1", text)
    text = re.sub(r"<#(C[A-Z0-9]+)>", r"#\1", text)
    text = re.sub(r"<!date\^[^|>]*\|([^>]*)>", r"\1", text)
    text = re.sub(r"<!(here|channel|everyone)>", r"@\1", text)
    text = re.sub(r"<(?:https?|mailto):[^|>]+\|([^>]+)>", r"\1", text)
    text = re.sub(r"<((?:https?|mailto):[^>]+)>", r"\1", text)
    for mark in ("*", "_", "~"):
        m = re.escape(mark)
        text = re.sub(rf"(?<![\w{m}]){m}([^{m}\n]+){m}(?![\w{m}])", r"\1", text)
    text = re.sub(r"```\n?|`", "", text)
    text = re.sub(r"^(?:>|&gt;) ?", "│ ", text, flags=re.MULTILINE)
    for code, emoji in EMOJI.items():
        text = text.replace(code, emoji)
    return text.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")


def blocks_as_text(blocks: list[dict[str, Any]] | None, fallback: str) -> list[str]:
    if not blocks:
        return [mrkdwn_as_text(fallback)]
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(block["text"]["text"].upper())
        elif kind == "section":
            if block.get("text"):
                lines.append(mrkdwn_as_text(block["text"]["text"]))
            lines += [mrkdwn_as_text(f["text"]) for f in block.get("fields", [])]
        elif kind == "context":
            lines.append(
                "  " + " · ".join(mrkdwn_as_text(e.get("text", "")) for e in block.get("elements", []))
            )
        elif kind == "actions":
            labels = [e.get("text", {}).get("text", "⋯") for e in block.get("elements", [])]
            lines.append("  " + "  ".join(f"[{label}]" for label in labels))
        elif kind == "divider":
            lines.append("  ────────")
    return [line for chunk in lines for line in chunk.splitlines()]


def stamp(instant: datetime, tz: ZoneInfo) -> str:
    """When a message came, as a Swedish reader writes it: ``tors 3 dec 10:00``."""
    local = instant.astimezone(tz)
    return f"{short_date(local.date(), 'sv').replace('.', '')} {local:%H:%M}"


# ---------------------------------------------------------------------------------------- the week
class Narrator:
    def __init__(self, sandbox: Sandbox, out: TextIO) -> None:
        self.sandbox = sandbox
        self.out = out
        self.seen: set[str] = set()

    def say(self, text: str) -> None:
        print(f"\n▶ {text}", file=self.out)

    def move(self, to: datetime) -> None:
        """Move the sandbox's clock and say what the scheduler did on the way, like the page's toast."""
        answer = self.sandbox.move_clock(to)
        print(f"  ⏩ {answer.get('summary') or answer.get('error')}", file=self.out)

    def show_new(self) -> None:
        """Print every message that appeared since last time, in the order they were posted."""
        self.sandbox.settle()
        ws = self.sandbox.workspace
        fresh = []
        for channel, messages in ws.conversations.items():
            for message in messages:
                for item in (message, *message.replies):
                    if item.ts not in self.seen:
                        self.seen.add(item.ts)
                        fresh.append((item, channel))
        for message, channel in sorted(fresh, key=lambda pair: pair[0].ts.split(".")[1]):
            where = (
                f"#{ws.channel_name}" if channel == CHANNEL else f"DM {NAMES.get('U' + channel[1:], channel)}"
            )
            who = "Örat" if message.author == BOT_ID else NAMES.get(message.author, message.author)
            seen_by = f" (bara {NAMES.get(message.ephemeral_for, '')} ser)" if message.ephemeral_for else ""
            when = stamp(message.posted_at, self.sandbox.tz)
            print(f"  [{when}] {where} · {who}{seen_by}:", file=self.out)
            for line in blocks_as_text(message.blocks, message.text):
                print(f"      {line}", file=self.out)
            for file in message.files:
                print(f"      📎 {file['name']}", file=self.out)

    def modal(self, user: str) -> dict[str, Any]:
        self.sandbox.settle()
        top = self.sandbox.workspace.top_view(user)
        if top is None:
            raise RuntimeError(f"no modal opened for {user}")
        return self.sandbox.workspace.view_json(top)

    def click(self, user: str, channel: str, action_id: str) -> None:
        """The latest message in ``channel`` with that button, clicked by ``user``."""
        self.sandbox.settle()
        for message in reversed(self._messages(channel)):
            button = find_button(message.blocks, action_id)
            if button is not None:
                action = {
                    "action_id": action_id,
                    "block_id": button["block_id"],
                    "type": "button",
                    "value": button.get("value"),
                }
                self.sandbox.action(user, {"kind": "message", "channel": channel, "ts": message.ts}, action)
                return
        raise RuntimeError(f"no {action_id} button in {channel}")

    def _messages(self, channel: str) -> list[Any]:
        return [
            m for top in self.sandbox.workspace.conversations.get(channel, []) for m in (top, *top.replies)
        ]


def next_weekday(after: date, weekday: int) -> date:
    return after + timedelta(days=(weekday - after.weekday()) % 7 or 7)


def run_demo(out: TextIO = sys.stdout, *, start: datetime | None = None, db_dir: Path | None = None) -> float:
    """The scripted week; returns the seconds it took."""
    started = time.monotonic()
    tz = ZoneInfo("Europe/Stockholm")
    if start is None:
        thursday = next_weekday(datetime.now(tz).date(), 3)
        start = datetime(thursday.year, thursday.month, thursday.day, 10, 0, tzinfo=tz)
    with tempfile.TemporaryDirectory() as scratch:
        db = (db_dir or Path(scratch)) / "orat-demo.db"
        sandbox = Sandbox(db_path=db, start=start).start()
        try:
            _script(Narrator(sandbox, out), sandbox)
        finally:
            sandbox.stop()
    seconds = time.monotonic() - started
    print(
        f"\nDemoveckan klar på {seconds:.1f} s. "
        "Allt ovan hände i en lokal sandlåda; inget skickades till Slack.",
        file=out,
    )
    return seconds


def _script(n: Narrator, sb: Sandbox) -> None:
    ws = sb.workspace
    dm: Callable[[str], str] = ws.dm_of
    today = sb.clock.now.date()
    print(f"Örat – en vecka i sandlådan. Klockan står på {sb.clock_json()['label']}.", file=n.out)

    n.say("Anna Rektor (Rosengårdsskolan) skriver /rapportera i sitt DM med Örat och fyller i formuläret.")
    sb.command(HEAD, dm(HEAD), "/rapportera Ungdomar tänder eld i soptunnan vid entrén efter skoltid")
    modal = n.modal(HEAD)
    school = next(
        o["value"]
        for b in modal["blocks"]
        if b.get("block_id") == "report_unit"
        for g in b["element"].get("option_groups", [])
        for o in g["options"]
        if o["text"]["text"] == "Rosengårdsskolan"
    )
    answers = {
        "report_category": "arson",
        "report_unit": school,
        "report_place": "Soptunnorna vid entrén mot Ystadvägen",
        "report_occurred_on": today - timedelta(days=1),
    }
    sb.submit(HEAD, modal["id"], fill(modal, answers))
    sb.close(HEAD, modal["id"])  # "Rapporten är mottagen": she closes it
    n.show_new()

    n.say("Bo Utbildningschef granskar rapporten och lyfter den till mötet.")
    n.click(CHIEF, dm(CHIEF), "review_raise")
    n.show_new()

    for jump in sb.jumps():
        if "utkast" in jump.label:
            n.say(jump.label + ".")
            n.move(jump.to)
            n.show_new()
            break
    publish = next(j for j in sb.jumps() if "dagordningen" in j.label)
    n.say(publish.label + ".")
    n.move(publish.to)
    n.show_new()

    meeting = next(j for j in sb.jumps() if "mötet börjar" in j.label)
    n.move(meeting.to + timedelta(minutes=20))
    n.say("På mötet: David Polis tar ansvar för punkten.")
    n.click(POLICE, CHANNEL, "item_take")
    modal = n.modal(POLICE)
    due = sb.clock.now.date() + timedelta(days=7)
    sb.submit(
        POLICE,
        modal["id"],
        fill(
            modal,
            {"action_description": "Patrullera vid skolan kvällstid i två veckor", "action_due_on": due},
        ),
    )
    n.show_new()

    minutes = next(j for j in sb.jumps() if "protokollet" in j.label)
    n.say(minutes.label + ".")
    n.move(minutes.to)
    n.show_new()

    reminder = next(j for j in sb.jumps() if "påminnelser" in j.label)
    n.say(f"Dagarna går; Örat påminner i tid före slutdatumet. {reminder.label}.")
    n.move(reminder.to)
    n.show_new()

    n.say("David Polis trycker Klar och skriver vad som gjorts.")
    n.click(POLICE, dm(POLICE), "action_done")
    modal = n.modal(POLICE)
    sb.submit(
        POLICE,
        modal["id"],
        fill(modal, {"follow_up_note": "Patrull varje kväll v.48–49; inga fler bränder."}),
    )
    n.show_new()

    n.say("Cecilia Ordförande öppnar fliken Hem.")
    sb.open_home(CHAIR)
    sb.settle()
    home = ws.views[ws.homes[CHAIR]].view
    for line in blocks_as_text(home.get("blocks"), ""):
        print(f"      {line}", file=n.out)
