"""``python -m bot demo``: a scripted week in the terminal, through the same sandbox the browser
uses — the weekly round (the school answers with a report, the police with *Inget nytt*), the
report's review, the chairs' draft, the agenda with the round's coverage, responsibility taken, the
reminder, done, and the school told. It prints the conversation as people would read it in Slack."""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.domain.dates import short_date
from bot.sandbox.server import CHAIR, CHANNEL, CHIEF, HEAD, PEOPLE, POLICE, Sandbox
from bot.sandbox.standin import BOT_ID, Message

NAMES = {p.id: p.name for p in PEOPLE}
EMOJI = {
    ":rotating_light:": "🚨",
    ":warning:": "⚠️",
    ":white_check_mark:": "✅",
    ":question:": "❓",
    ":information_source:": "ℹ️",
    ":repeat:": "🔁",
    ":memo:": "📝",
    ":mega:": "📣",
    ":raising_hand:": "🙋",
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
    ":wave:": "👋",
    ":no_entry_sign:": "🚫",
    ":red_circle:": "🔴",
    ":link:": "🔗",
    ":hourglass:": "⌛",
    ":triangular_flag_on_post:": "🚩",
    ":eyes:": "👀",
    ":pill:": "💊",
    ":hammer:": "🔨",
    ":bulb:": "💡",
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


def find_button(
    blocks: list[dict[str, Any]] | None, action_id: str, block_id: str | None = None
) -> dict[str, Any] | None:
    for block in blocks or []:
        if block_id is not None and block.get("block_id") != block_id:
            continue
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
@dataclass(frozen=True)
class _Shown:
    order: int  # the workspace's counter: posted, changed or (for the Home tab) published then
    lines: list[str]


class Narrator:
    """Prints what the sandbox's people see: each new message once, and again (``↻ ändrat``) each
    time a button press or the bot changed it. With ``person``, only what is on that person's screen."""

    def __init__(self, sandbox: Sandbox, out: TextIO, person: str | None = None) -> None:
        self.sandbox = sandbox
        self.out = out
        self.person = person
        self.printed: dict[str, int] = {}  # ts → the revision last printed
        self.homes: dict[str, int] = {}  # person → the Home tab's revision last printed

    def say(self, text: str) -> None:
        print(f"\n▶ {text}", file=self.out)

    def move(self, to: datetime) -> None:
        """Move the sandbox's clock and say what the scheduler did on the way, like the page's toast."""
        answer = self.sandbox.move_clock(to)
        print(f"  ⏩ {answer.get('summary') or answer.get('error')}", file=self.out)

    def sees(self, user: str) -> bool:
        return self.person is None or self.person == user

    def _visible(self, message: Message, channel: str) -> bool:
        if self.person is None:
            return True
        return channel in self.sandbox.workspace.visible_conversations(self.person) and (
            message.ephemeral_for in (None, self.person)
        )

    def show_new(self, *, whole_in: tuple[str, ...] | None = None) -> None:
        """Print every message that appeared or changed since last time, in the order it happened;
        a message that was taken away is said so. With ``whole_in``, messages in other conversations
        are cut to their first line (a long jump's meetings in between)."""
        self.sandbox.settle()
        ws = self.sandbox.workspace
        shown: list[_Shown] = []
        present: set[str] = set()
        rounds = 0
        for channel, messages in ws.conversations.items():
            for message in messages:
                for item in (message, *message.replies):
                    present.add(item.ts)
                    if not self._visible(item, channel):
                        continue
                    brief = whole_in is not None and channel not in whole_in
                    if whole_in is not None and item.ts not in self.printed and _is_round(item):
                        rounds += 1  # a long jump's weekly rounds: counted, not each shown
                        self.printed[item.ts] = item.revision
                        continue
                    if item.ts not in self.printed:
                        order = int(item.ts.split(".")[1])
                        shown.append(_Shown(order, self._message(item, channel, changed=False, brief=brief)))
                    elif item.revision > self.printed[item.ts]:
                        lines = self._message(item, channel, changed=True, brief=brief)
                        shown.append(_Shown(item.revision, lines))
                    else:
                        continue
                    self.printed[item.ts] = item.revision
        for ts in [ts for ts in self.printed if ts not in present]:
            del self.printed[ts]
            shown.append(_Shown(sys.maxsize, ["  ✖ ett meddelande togs bort."]))
        for user, revision in list(self.homes.items()):
            view = ws.views.get(ws.homes.get(user, ""))
            if view is not None and view.revision > revision:
                self.homes[user] = view.revision
                shown.append(_Shown(view.revision, self._home(user, changed=True)))
        if rounds:
            said = "fråga eller påminnelse" if rounds == 1 else "frågor och påminnelser"
            shown.append(_Shown(sys.maxsize, [f"  ✉ {rounds} {said} i veckans runda i DM däremellan."]))
        for item in sorted(shown, key=lambda s: s.order):
            for line in item.lines:
                print(line, file=self.out)

    def _message(self, message: Message, channel: str, *, changed: bool, brief: bool = False) -> list[str]:
        ws, tz = self.sandbox.workspace, self.sandbox.tz
        where = f"#{ws.channel_name}" if channel == CHANNEL else f"DM {NAMES.get('U' + channel[1:], channel)}"
        who = "Örat" if message.author == BOT_ID else NAMES.get(message.author, message.author)
        seen_by = f" (bara {NAMES.get(message.ephemeral_for, '')} ser)" if message.ephemeral_for else ""
        if changed and message.edited_at is not None:
            posted = stamp(message.posted_at, tz)
            since = f", skickat {posted}" if stamp(message.edited_at, tz) != posted else ""
            head = f"  ↻ ändrat: [{stamp(message.edited_at, tz)}] {where} · {who}{seen_by}{since}:"
        else:
            head = f"  [{stamp(message.posted_at, tz)}] {where} · {who}{seen_by}:"
        body = [f"      {line}" for line in blocks_as_text(message.blocks, message.text)]
        if brief and len(body) > 2:
            body = [*body[:2], "      …"]
        elif changed and not any(b.get("type") == "actions" for b in message.blocks or []):
            body.append("      (inga knappar kvar)")
        return [head, *body, *(f"      📎 {file['name']}" for file in message.files)]

    def home(self, user: str) -> None:
        """``user`` opens the Home tab: print it (and later, each time it changes)."""
        self.sandbox.open_home(user)
        self.sandbox.settle()
        ws = self.sandbox.workspace
        view = ws.views[ws.homes[user]]
        self.homes[user] = view.revision
        for line in self._home(user, changed=False):
            print(line, file=self.out)

    def _home(self, user: str, *, changed: bool) -> list[str]:
        ws = self.sandbox.workspace
        view = ws.views[ws.homes[user]].view
        when = stamp(self.sandbox.clock(), self.sandbox.tz)
        mark = "↻ ändrat: " if changed else ""
        head = f"  {mark}[{when}] Hem-fliken · {NAMES.get(user, user)}:"
        return [head, *(f"      {line}" for line in blocks_as_text(view.get("blocks"), ""))]

    def modal(self, user: str) -> dict[str, Any]:
        self.sandbox.settle()
        top = self.sandbox.workspace.top_view(user)
        if top is None:
            raise RuntimeError(f"no modal opened for {user}")
        return self.sandbox.workspace.view_json(top)

    def click(self, user: str, channel: str, action_id: str, *, block_id: str | None = None) -> None:
        """The latest message in ``channel`` with that button (in block ``block_id``, when given),
        clicked by ``user``."""
        self.sandbox.settle()
        for message in reversed(self._messages(channel)):
            button = find_button(message.blocks, action_id, block_id)
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


def _is_round(message: Message) -> bool:
    """A DM of the weekly round (its question or reminder)."""
    return any(b.get("block_id") == "round_question" for b in message.blocks or [])


def next_weekday(after: date, weekday: int) -> date:
    return after + timedelta(days=(weekday - after.weekday()) % 7 or 7)


def run_demo(
    out: TextIO = sys.stdout,
    *,
    start: datetime | None = None,
    db_dir: Path | None = None,
    person: str | None = None,
) -> float:
    """The scripted meeting cycle (``person``: only what that person's screen shows); returns the
    seconds it took."""
    started = time.monotonic()
    tz = ZoneInfo("Europe/Stockholm")
    if start is None:
        thursday = next_weekday(datetime.now(tz).date(), 3)
        start = datetime(thursday.year, thursday.month, thursday.day, 10, 0, tzinfo=tz)
    with tempfile.TemporaryDirectory() as scratch:
        db = (db_dir or Path(scratch)) / "orat-demo.db"
        sandbox = Sandbox(db_path=db, start=start).start()
        try:
            _script(Narrator(sandbox, out, person), sandbox)
        finally:
            sandbox.stop()
    seconds = time.monotonic() - started
    print(
        f"\nDemon klar på {seconds:.1f} s. Allt ovan hände i en lokal sandlåda; inget skickades till Slack.",
        file=out,
    )
    return seconds


def person_named(name: str) -> str | None:
    """The sandbox person whose name (or first name) is ``name``, any case; None if no one is."""
    wanted = name.strip().casefold()
    for p in PEOPLE:
        if wanted in (p.name.casefold(), p.name.split()[0].casefold(), p.id.casefold()):
            return p.id
    return None


def _jump(
    n: Narrator, sb: Sandbox, label: str, say: str = "", whole_in: tuple[str, ...] | None = None
) -> None:
    """Move the clock to the next jump whose label has ``label``, as the page's buttons would."""
    jump = next(j for j in sb.jumps() if label in j.label)
    n.say(f"{say}{jump.label}.")
    n.move(jump.to)
    n.show_new(whole_in=whole_in)


def _script(n: Narrator, sb: Sandbox) -> None:
    ws = sb.workspace
    dm: Callable[[str], str] = ws.dm_of
    today = sb.clock.now.date()
    print(f"Örat – ett mötesvarv i sandlådan. Klockan står på {sb.clock_json()['label']}.", file=n.out)
    if n.person is not None:
        name = NAMES[n.person]
        whose = name if name[-1] in "sxz" else f"{name}s"  # Swedish genitive: "David Polis skärm"
        print(f"Bara det som syns på {whose} skärm visas.", file=n.out)

    _jump(
        n, sb, "veckans runda", "Inför varje möte frågar Örat varje enhet om den har något att rapportera. "
    )
    n.say("Anna Rektor (Rosengårdsskolan) trycker Rapportera i frågan och fyller i formuläret.")
    n.click(HEAD, dm(HEAD), "round_report")
    modal = n.modal(HEAD)  # the form, with her school already chosen
    answers = {
        "report_category": "arson",
        "report_place": "Soptunnorna vid entrén mot Ystadvägen",
        "report_occurred_on": today - timedelta(days=1),
        "report_description": "Ungdomar tänder eld i soptunnan vid entrén efter skoltid",
    }
    sb.submit(HEAD, modal["id"], fill(modal, answers))
    sb.close(HEAD, modal["id"])  # "Rapporten är mottagen": she closes it
    n.show_new()
    n.say("David Polis har inget nytt att rapportera och trycker Inget nytt.")
    n.click(POLICE, dm(POLICE), "round_nothing_new")
    n.show_new()

    n.say("Bo Utbildningschef trycker Lyft till mötet.")
    n.click(CHIEF, dm(CHIEF), "review_raise")
    n.show_new()

    _jump(n, sb, "utkast")
    n.say("Cecilia Ordförande trycker Lägg till övrig punkt och skriver en egen punkt.")
    n.click(CHAIR, dm(CHAIR), "agenda_add_other")
    modal = n.modal(CHAIR)
    sb.submit(
        CHAIR,
        modal["id"],
        fill(
            modal,
            {
                "other_title": "Sommarlovsaktiviteter",
                "other_body": "Vilka aktiviteter planerar förvaltningarna kvällstid?",
            },
        ),
    )
    n.show_new()

    _jump(n, sb, "dagordningen")
    meeting = next(j for j in sb.jumps() if "mötet börjar" in j.label)
    n.say("Mötet börjar.")
    n.move(meeting.to + timedelta(minutes=5))
    n.show_new()
    n.say("David Polis trycker Jag är här på dagordningen.")
    n.click(POLICE, CHANNEL, "agenda_present")
    n.show_new()

    n.move(meeting.to + timedelta(minutes=20))
    n.say("På mötet: David Polis trycker Ta ansvar på punkten och fyller i åtgärden.")
    n.click(POLICE, CHANNEL, "item_take")
    modal = n.modal(POLICE)
    due = sb.clock.now.date() + timedelta(days=7)
    description = "Patrullera vid skolan kvällstid i två veckor"
    sb.submit(POLICE, modal["id"], fill(modal, {"action_description": description, "action_due_on": due}))
    n.show_new()

    _jump(n, sb, "protokollet")
    _jump(n, sb, "påminnelser", "Dagarna går; Örat påminner i tid före slutdatumet. ")

    n.say("David Polis trycker Klar och skriver vad som gjorts.")
    n.click(POLICE, dm(POLICE), "action_done")
    modal = n.modal(POLICE)
    sb.submit(
        POLICE,
        modal["id"],
        fill(modal, {"follow_up_note": "Patrull varje kväll v.50–51; inga fler bränder."}),
    )
    n.show_new()

    later = "Två veckor efter Klar frågar Örat skolan (mötena däremellan i korthet). "
    _jump(n, sb, "problemet är löst", later, whole_in=(dm(HEAD),))
    n.say("Anna Rektor svarar Ja.")
    n.click(HEAD, dm(HEAD), "solved_yes")
    n.show_new()

    for user in (HEAD, POLICE, CHAIR):
        if n.sees(user):
            n.say(f"{NAMES[user]} öppnar fliken Hem.")
            n.home(user)
