"""Following up an action end to end: reminders through ``tick`` at chosen instants (each once,
also when Slack answers 429), escalation, the weekly digest, the owner's buttons, the handover,
and the answer back to the school."""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from types import SimpleNamespace

from bot.domain.actions import ActionInput
from bot.domain.organisation import parse_seed
from handlers.ids import FOLLOW_UP_BLOCKS
from storage.models import Action, AgendaItem, OutboxMessage, Unit
from tests.conftest import STOCKHOLM, RunningApp
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.reports import file_directly

CHAIR, COP, HEAD, FGK = "UCHAIR1", "UCOP1", "UHEAD1", "UFGK1"
DUE = date(2026, 12, 15)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def setup_action(app: RunningApp, clock) -> int:
    services = app.runtime.services
    units = [
        {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
        {"namn": "Polisen", "typ": "aktör"},
        {"namn": "Fastighets- och gatukontoret", "typ": "förvaltning"},
    ]
    # The police contact is registered with the police: a participant who may take responsibility.
    contacts = [{"slack_id": COP, "enhet": "Polisen"}]
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": units, "medlem": contacts}), services.clock())
    ids = {u.name: u.id for u in all_rows(app.runtime.engine, Unit)}
    file_directly(
        services,
        user=HEAD,
        unit_id=ids["Rosengårdsskolan"],
        category="gangs",
        place="Entrén",
        occurred_on=date(2026, 11, 19),
        description="Gäng vid entrén",
    )
    services.tick(local(2026, 12, 1, 8, 0))
    clock.now = local(2026, 12, 1, 9, 30)
    [item] = all_rows(app.runtime.engine, AgendaItem)
    services.responsibility.take(
        TEAM_ID,
        COP,
        item.id,
        ActionInput(ids["Polisen"], COP, "Ökad närvaro vid entrén", DUE, ""),
        assign=False,
        now=clock(),
    )
    services.outbox.dispatch(clock())
    [action] = all_rows(app.runtime.engine, Action)
    return action.id


def dms(fake: FakeSlack, user: str, contains: str = "") -> list:
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.args["channel"] == user and contains in json.dumps(c.args.get("blocks"), ensure_ascii=False)
    ]


def click(app: RunningApp, fake: FakeSlack, message, action_id: str, user: str):
    button = next(
        e
        for b in message.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    return app.slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "orat-test"},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "A0ORAT",
            "trigger_id": "5.5.5",
            "response_url": fake.response_url,
            "container": {"type": "message", "channel_id": "D" + user[1:], "message_ts": "1"},
            "message": {"ts": "1", "text": message.args.get("text", ""), "blocks": message.args["blocks"]},
            "actions": [
                {"action_id": action_id, "block_id": "b", "value": button["value"], "type": "button"}
            ],
        }
    )


def test_each_reminder_goes_out_once_and_overdue_actions_escalate(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    setup_action(app_server, clock)
    services = app_server.runtime.services
    instants = [
        (11, 7, 59),
        (11, 8, 0),
        (11, 8, 0),
        (14, 12, 0),
        (15, 8, 0),
        (17, 8, 0),
        (18, 8, 0),
        (22, 9, 0),
        (23, 8, 0),
        (23, 8, 1),
    ]
    counts = []
    for day, hour, minute in instants:
        result = services.tick(local(2026, 12, day, hour, minute))
        counts.append((day, hour, minute, result["reminders"], result["escalations"]))
    assert [(d, r, e) for d, _, _, r, e in counts] == [
        (11, 0, 0),
        (11, 1, 0),
        (11, 0, 0),
        (14, 0, 0),
        (15, 1, 0),
        (17, 0, 0),
        (18, 1, 0),
        (22, 0, 0),
        (23, 1, 1),
        (23, 0, 0),
    ]
    reminders = [c.args["text"] for c in dms(fake_slack, COP) if c.args["text"].startswith("Påminnelse")]
    assert len(reminders) == 4
    texts = json.dumps([c.args["blocks"] for c in dms(fake_slack, COP)], ensure_ascii=False)
    assert "om 2 arbetsdagar" in texts and "klar *i dag*" in texts and "Påminnelse 1." in texts
    assert "Påminnelse 2." in texts
    [escalation] = dms(fake_slack, CHAIR, "påmints flera gånger")
    assert "<@UCOP1>" in escalation.args["blocks"][0]["text"]["text"]
    assert all_rows(app_server.runtime.engine, Action)[0].flagged is True

    # The next agenda shows the action as overdue and flagged.
    services.tick(local(2026, 12, 29, 8, 0))
    agenda = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Dagordning")][
        -1
    ]
    shown = json.dumps(agenda.args["blocks"], ensure_ascii=False)
    assert "*försenad*" in shown and "flaggad till ordförandena" in shown


def test_the_sweep_reads_an_action_again_only_on_its_next_reminder_day(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    action_id = setup_action(app_server, clock)
    services = app_server.runtime.services

    def next_day() -> date | None:
        return next(
            a for a in all_rows(app_server.runtime.engine, Action) if a.id == action_id
        ).next_reminder_on

    assert next_day() is None  # new: the next sweep looks at it
    services.tick(local(2026, 12, 9, 8, 0))
    assert next_day() == date(2026, 12, 11)  # two working days before the due date
    services.tick(local(2026, 12, 11, 8, 0))
    assert next_day() == DUE
    services.tick(local(2026, 12, 15, 8, 0))
    assert next_day() == date(2026, 12, 18)  # the first overdue round, three working days on
    reminders = [c for c in dms(fake_slack, COP) if c.args["text"].startswith("Påminnelse")]
    assert len(reminders) == 2

    # A new deadline starts a new series: the owner's next sweep looks at the action again.
    fake_slack.reset()
    changed = services.actions.new_deadline(
        TEAM_ID, COP, action_id, date(2026, 12, 21), local(2026, 12, 16, 10, 0)
    )
    assert not hasattr(changed, "errors"), changed
    assert next_day() is None
    services.tick(local(2026, 12, 17, 8, 0))  # Thursday: two working days before Monday 21st
    assert next_day() == date(2026, 12, 21)
    services.tick(local(2026, 12, 17, 8, 1))
    [reminder] = [c for c in dms(fake_slack, COP) if c.args["text"].startswith("Påminnelse")]
    assert "om 2 arbetsdagar" in json.dumps(reminder.args["blocks"], ensure_ascii=False)


def test_a_rate_limited_reminder_is_sent_once_after_retry_after(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    setup_action(app_server, clock)
    services = app_server.runtime.services
    fake_slack.script(
        "chat.postMessage",
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "30"},
    )

    # Friday 11 December 08:00: the reminder two working days before the due date, and nothing else.
    first = services.tick(local(2026, 12, 11, 8, 0))
    assert (first["reminders"], first["sent"], first["retried"]) == (1, 0, 1)
    assert services.tick(local(2026, 12, 11, 8, 0, 29))["sent"] == 0
    assert services.tick(local(2026, 12, 11, 8, 0, 30))["sent"] == 1
    assert services.tick(local(2026, 12, 11, 9, 0))["sent"] == 0
    attempts = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Påminnelse")]
    assert len(attempts) == 2  # one refused with 429, one delivered
    [row] = [m for m in all_rows(app_server.runtime.engine, OutboxMessage) if m.kind == "reminder"]
    assert (row.status, row.attempts) == ("sent", 2)


def update_of(fake: FakeSlack, channel: str, timeout: float = 5.0):
    """The latest ``chat.update`` of a message in ``channel``, waiting for one to come."""
    deadline = time.monotonic() + timeout
    while True:
        found = [c for c in fake.calls_to("chat.update") if c.args["channel"] == channel]
        if found or time.monotonic() > deadline:
            assert found, f"no chat.update in {channel}"
            return found[-1]
        time.sleep(0.02)


def test_done_tells_the_school_and_asks_two_weeks_later(app_server: RunningApp, fake_slack: FakeSlack, clock):
    action_id = setup_action(app_server, clock)
    services = app_server.runtime.services
    services.tick(local(2026, 12, 15, 8, 0))
    [reminder] = [c for c in dms(fake_slack, COP) if c.args["text"].startswith("Påminnelse")]
    clock.now = local(2026, 12, 15, 10, 0)

    click(app_server, fake_slack, reminder, "action_done", HEAD)  # only the owner and the chairs may
    assert "ligger nu hos <@UCOP1> (Polisen)" in fake_slack.wait_for("response_url")[0].args["text"]
    # "Är problemet löst?" is only asked once the action is done: a forged answer before is refused.
    forged = SimpleNamespace(
        args={
            "blocks": [{"type": "actions", "elements": [{"action_id": "solved_no", "value": str(action_id)}]}]
        }
    )
    click(app_server, fake_slack, forged, "solved_no", HEAD)
    assert "inte klar än" in fake_slack.wait_for("response_url", 2)[-1].args["text"]
    assert all_rows(app_server.runtime.engine, Action)[0].solved is None

    click(app_server, fake_slack, reminder, "action_done", COP)
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    empty = app_server.slack.view_submission(
        modal, {FOLLOW_UP_BLOCKS["note"]: {"value": {"value": " "}}}, user=COP
    )
    assert empty.json()["errors"] == {
        FOLLOW_UP_BLOCKS["note"]: "Skriv kort vad som blev gjort; skolan får se det."
    }
    note = {FOLLOW_UP_BLOCKS["note"]: {"value": {"value": "Patrullerat varje eftermiddag i två veckor."}}}
    assert app_server.slack.view_submission(modal, note, user=COP).status == 200

    update = fake_slack.wait_for("chat.update")[0]
    assert "Klart: *Polisen*" in json.dumps(update.args["blocks"], ensure_ascii=False)
    wait_until_delivered(app_server.runtime.engine, now=clock())
    [told] = dms(fake_slack, HEAD, "har gjort klart")
    assert "Patrullerat varje eftermiddag" in told.args["blocks"][0]["text"]["text"]
    assert services.tick(local(2026, 12, 18, 8, 0))["reminders"] == 0  # done: no more reminders

    # Two weeks on, at the morning hour of reminders (not at 10:00, when Klar was pressed).
    services.tick(local(2026, 12, 29, 7, 59))
    assert dms(fake_slack, HEAD, "Är problemet löst?") == []
    services.tick(local(2026, 12, 29, 8, 0))  # with that morning's agenda
    [question] = dms(fake_slack, HEAD, "Är problemet löst?")
    # Nej asks what is still a problem (optional); nothing changes until it is sent.
    clock.now = local(2026, 12, 29, 10, 5)
    click(app_server, fake_slack, question, "solved_no", HEAD)
    modal = fake_slack.wait_for("views.open", 2)[-1].args["view"]
    assert "Vad är fortfarande ett problem? (valfritt)" in json.dumps(modal, ensure_ascii=False)
    assert all_rows(app_server.runtime.engine, Action)[0].solved is None
    reason = FOLLOW_UP_BLOCKS["reason"]
    too_long = app_server.slack.view_submission(modal, {reason: {"value": {"value": "x" * 301}}}, user=HEAD)
    assert "högst 300 tecken" in too_long.json()["errors"][reason]
    still = {reason: {"value": {"value": "Gänget är tillbaka <!channel> varje fredag."}}}
    assert app_server.slack.view_submission(modal, still, user=HEAD).status == 200
    # The question itself, answered in place (the owner's reminder was updated before, maybe twice).
    answer = update_of(fake_slack, "DHEAD1")
    assert (answer.args["channel"], answer.args["ts"]) == ("DHEAD1", "1")
    answered = json.dumps(answer.args["blocks"], ensure_ascii=False)
    assert "solved_no" not in answered
    # Reopened: by whom and when, why, and the meeting whose agenda brings it back (below).
    assert "är *återöppnad* av <@UHEAD1> tisdag 29 december" in answered
    assert "tas upp igen på mötet tisdag 5 januari kl." in answered
    assert "Ditt svar:\\n&gt;Gänget är tillbaka &lt;!channel&gt; varje fredag." in answered
    click(app_server, fake_slack, question, "solved_no", HEAD)
    assert "redan svarat" in fake_slack.wait_for("response_url", 3)[-1].args["text"]
    [row] = all_rows(app_server.runtime.engine, Action)
    assert (row.solved, row.unsolved_reason) == (False, "Gänget är tillbaka <!channel> varje fredag.")

    services.tick(local(2027, 1, 5, 8, 0))
    agenda = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Dagordning")][
        -1
    ]
    blocks = json.dumps(agenda.args["blocks"], ensure_ascii=False)
    assert "Återöppnad: inte löst enligt skolan – tas upp igen" in blocks
    # The item brings its history: the school's Nej and reason first, then the earlier action.
    [history] = [b for b in agenda.args["blocks"] if b.get("block_id", "").endswith("_history")]
    lines = history["elements"][0]["text"].split("\n")
    assert lines[0] == (
        "• tis 29 dec.: skolan svarade att problemet inte är löst"
        " – ”Gänget är tillbaka &lt;!channel&gt; varje fredag.”"
    )
    assert lines[1] == (
        "• tis 1 dec.: <@UCOP1> (Polisen) åtog sig ”Ökad närvaro vid entrén”, klart senast tis 15 dec."
        " · klar tis 15 dec. – ”Patrullerat varje eftermiddag i två veckor.”"
    )
    assert [a.id for a in all_rows(app_server.runtime.engine, Action)] == [action_id]


def test_nej_without_a_reason_reopens_as_before(app_server: RunningApp, fake_slack: FakeSlack, clock):
    action_id = setup_action(app_server, clock)
    services = app_server.runtime.services
    clock.now = local(2026, 12, 15, 10, 0)
    assert not hasattr(services.actions.done(TEAM_ID, COP, action_id, "Patrullerat.", clock()), "errors")
    services.tick(local(2026, 12, 29, 8, 0))
    services.tick(local(2026, 12, 29, 10, 0))
    [question] = dms(fake_slack, HEAD, "Är problemet löst?")
    clock.now = local(2026, 12, 30, 9, 0)

    click(app_server, fake_slack, question, "solved_no", HEAD)
    modal = fake_slack.wait_for("views.open")[-1].args["view"]
    assert app_server.slack.view_submission(modal, {}, user=HEAD).status == 200
    answered = json.dumps(fake_slack.wait_for("chat.update")[-1].args["blocks"], ensure_ascii=False)
    assert "Svar: *Nej* – <@UHEAD1> onsdag 30 december" in answered and "solved_no" not in answered
    [row] = all_rows(app_server.runtime.engine, Action)
    assert (row.solved, row.unsolved_reason) == (False, None)

    services.tick(local(2027, 1, 5, 8, 0))
    agenda = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Dagordning")]
    [history] = [b for b in agenda[-1].args["blocks"] if b.get("block_id", "").endswith("_history")]
    assert history["elements"][0]["text"].split("\n")[0] == (
        "• ons 30 dec.: skolan svarade att problemet inte är löst"
    )


def test_new_deadline_and_handover(app_server: RunningApp, fake_slack: FakeSlack, clock):
    setup_action(app_server, clock)
    services = app_server.runtime.services
    services.tick(local(2026, 12, 11, 8, 0))
    [reminder] = [c for c in dms(fake_slack, COP) if c.args["text"].startswith("Påminnelse")]
    clock.now = local(2026, 12, 11, 9, 0)

    click(app_server, fake_slack, reminder, "action_deadline", COP)
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    past = {FOLLOW_UP_BLOCKS["due_on"]: {"value": {"selected_date": "2026-12-10"}}}
    assert app_server.slack.view_submission(modal, past, user=COP).json()["errors"] == {
        FOLLOW_UP_BLOCKS["due_on"]: "Datumet har redan passerat."
    }
    later = {FOLLOW_UP_BLOCKS["due_on"]: {"value": {"selected_date": "2027-01-12"}}}
    app_server.slack.view_submission(modal, later, user=COP)
    wait_until_delivered(app_server.runtime.engine)
    [chairs] = dms(fake_slack, CHAIR, "ett nytt slutdatum")
    assert "ett nytt slutdatum: *tisdag 12 januari*" in chairs.args["blocks"][0]["text"]["text"]
    assert services.tick(local(2026, 12, 15, 8, 0))["reminders"] == 0  # the old due date no longer counts

    click(app_server, fake_slack, reminder, "action_handover", COP)
    modal = fake_slack.wait_for("views.open", 2)[-1].args["view"]
    fgk_unit = next(
        u.id for u in all_rows(app_server.runtime.engine, Unit) if u.name.startswith("Fastighets")
    )
    handover = {
        FOLLOW_UP_BLOCKS["to_user"]: {"value": {"selected_user": FGK}},
        FOLLOW_UP_BLOCKS["to_unit"]: {"value": {"selected_option": {"value": str(fgk_unit)}}},
        FOLLOW_UP_BLOCKS["note"]: {"value": {"value": "Det gäller belysningen"}},
    }
    app_server.slack.view_submission(modal, handover, user=COP)
    wait_until_delivered(app_server.runtime.engine)
    [request] = dms(fake_slack, FGK, "vill lämna över")
    assert all_rows(app_server.runtime.engine, Action)[0].owner_user_id == COP  # not before accepting

    click(app_server, fake_slack, request, "handover_accept", "UOTHER1")
    assert "gäller inte dig" in fake_slack.wait_for("response_url")[0].args["text"]
    click(app_server, fake_slack, request, "handover_accept", FGK)
    assert "Du har tagit över åtgärden" in fake_slack.wait_for("response_url", 2)[-1].args["text"]
    wait_until_delivered(app_server.runtime.engine)
    [action] = all_rows(app_server.runtime.engine, Action)
    assert (action.owner_user_id, action.owner_unit_id) == (FGK, fgk_unit)
    assert dms(fake_slack, COP, "har tagit över åtgärden")


def test_weekly_digest_and_my_actions(app_server: RunningApp, fake_slack: FakeSlack, clock):
    setup_action(app_server, clock)
    services = app_server.runtime.services

    assert services.tick(local(2026, 12, 7, 7, 59))["digests"] == 0
    assert services.tick(local(2026, 12, 7, 8, 0))["digests"] == 1
    assert services.tick(local(2026, 12, 8, 8, 0))["digests"] == 0  # once a week
    assert services.tick(local(2026, 12, 14, 8, 0))["digests"] == 1
    digests = dms(fake_slack, COP, "Dina öppna åtgärder")
    assert len(digests) == 2 and "Ökad närvaro vid entrén" in json.dumps(
        digests[0].args["blocks"], ensure_ascii=False
    )

    app_server.slack.command("/orat", "mina", user=COP)
    mine = fake_slack.wait_for("response_url")[0]
    shown = json.dumps(mine.args["blocks"], ensure_ascii=False)
    assert mine.args["response_type"] == "ephemeral" and "Mina öppna åtgärder" in shown
    assert '"action_done"' in shown and '"action_deadline"' in shown and '"action_handover"' in shown

    app_server.slack.command("/orat", "mina", user=HEAD)
    assert "Du har inga öppna åtgärder." in json.dumps(
        fake_slack.wait_for("response_url", 2)[-1].args["blocks"], ensure_ascii=False
    )


def test_a_deactivated_owner_reroutes_to_the_chairs_without_a_retry_loop(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    setup_action(app_server, clock)
    services = app_server.runtime.services
    fake_slack.script("chat.postMessage", body={"ok": False, "error": "account_inactive"})

    result = services.tick(local(2026, 12, 11, 8, 0))

    assert (result["reminders"], result["failed"]) == (1, 1)
    [rerouted] = [c for c in dms(fake_slack, CHAIR) if "Örat når inte <@UCOP1>" in c.args["text"]]
    assert "account_inactive" in rerouted.args["text"] and "kontot är avaktiverat" in rerouted.args["text"]
    assert any(
        e["action_id"] == "action_done"
        for b in rerouted.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    )
    assert all_rows(app_server.runtime.engine, Action)[0].flagged is True
    attempts = len(fake_slack.calls_to("chat.postMessage"))
    for hour, minute in ((8, 1), (8, 10), (9, 0)):
        assert services.tick(local(2026, 12, 11, hour, minute))["sent"] == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == attempts  # no retry loop


ALERTS = ("Örat når inte", "publicerade *inte*")  # a notice that someone or somewhere is unreachable


def test_a_departed_owner_and_an_archived_channel_alert_the_chairs_once_in_seven_weeks(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    setup_action(app_server, clock)
    services = app_server.runtime.services
    fake_slack.inactive_users.add(COP)
    fake_slack.archived_channels.add("C0MEETING")
    chair_before = len(dms(fake_slack, CHAIR))

    # Seven weeks of the scheduler: mornings (reminders, digests, publication), noon (drafts,
    # minutes) and afternoons, every day.
    ticks = 0
    day = date(2026, 12, 2)
    while day < date(2027, 1, 20):
        for hour in (8, 12, 15):
            services.tick(local(day.year, day.month, day.day, hour, 0))
            ticks += 1
        day = date.fromordinal(day.toordinal() + 1)

    to_chair = dms(fake_slack, CHAIR)[chair_before:]
    alerts = [c for c in to_chair if any(a in c.args["text"] for a in ALERTS)]
    assert len(alerts) == 2, [c.args["text"][:80] for c in alerts]  # one per person or channel
    assert {("<@UCOP1>" in c.args["text"], "<#C0MEETING>" in c.args["text"]) for c in alerts} == {
        (True, False),
        (False, True),
    }
    # The meeting still gets its agenda: in the chairs' direct messages, week after week.
    agendas = [c for c in to_chair if c.args["text"].startswith("Dagordning")]
    assert len({c.args["text"] for c in agendas}) >= 6
    # The owner's reminders are tried (a reactivated account would get them), never rerouted again.
    to_owner = fake_slack.calls_to("chat.postMessage")
    assert any(c.args["channel"] == COP for c in to_owner)
    stored = all_rows(app_server.runtime.engine, OutboxMessage)
    assert not [m for m in stored if m.status in ("pending", "claimed")]
    assert len([m for m in stored if m.kind == "reroute"]) <= 2
    # The chair's Home tab keeps it visible.
    assert app_server.slack.home_opened(CHAIR).status == 200
    home = json.dumps(fake_slack.wait_for("views.publish")[-1].args["view"], ensure_ascii=False)
    assert "Örat når inte" in home and "<#C0MEETING>: kanalen är arkiverad" in home
    assert "<@UCOP1>: kontot är avaktiverat" in home
    print(f"seven weeks: {ticks} ticks, {len(to_chair)} messages to the chair, {len(alerts)} alerts")

    # Once the channel works again, the agenda goes there and the Home tab no longer warns.
    fake_slack.archived_channels.discard("C0MEETING")
    services.roles._cache = type(services.roles._cache)(0)  # Slack's channel facts, asked anew
    assert services.tick(local(2027, 1, 26, 8, 0))["agendas_published"] == 1
    assert any(
        (m.channel, m.status) == ("C0MEETING", "sent")
        for m in all_rows(app_server.runtime.engine, OutboxMessage)
    )
    published = len(fake_slack.calls_to("views.publish"))
    assert app_server.slack.home_opened(CHAIR).status == 200
    home = json.dumps(
        fake_slack.wait_for("views.publish", published + 1)[-1].args["view"], ensure_ascii=False
    )
    assert "kanalen är arkiverad" not in home and "<@UCOP1>: kontot är avaktiverat" in home


def test_two_schedulers_remind_once(app_server: RunningApp, fake_slack: FakeSlack, clock, settings, engine):
    import threading

    from bot.app import build_runtime

    setup_action(app_server, clock)
    runtimes = [build_runtime(settings, clock=clock, engine=engine, with_app=False) for _ in range(3)]
    barrier = threading.Barrier(len(runtimes))
    results: list[dict] = []

    def run(runtime) -> None:
        barrier.wait()
        results.append(runtime.services.tick(local(2026, 12, 11, 8, 0)))

    threads = [threading.Thread(target=run, args=(r,)) for r in runtimes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    reminders = [c for c in dms(fake_slack, COP) if c.args["text"].startswith("Påminnelse")]
    assert len(reminders) == 1
    assert sum(r["sent"] for r in results) == 1


def test_a_reminder_is_worded_when_sent_and_not_sent_for_an_action_done_meanwhile(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    """The sweep only claims the morning's reminders; each is worded from the action as it is when
    it goes out (issue 17: the sweep builds no messages while it holds the rows). An action done
    between the two gets no reminder, and the claim stays: the next sweep queues none again."""
    action_id = setup_action(app_server, clock)
    services = app_server.runtime.services
    morning = local(2026, 12, 11, 8, 0)  # two working days before the due date

    assert services.actions.remind(TEAM_ID, morning) == {"reminders": 1, "escalations": 0}
    [queued] = [m for m in all_rows(app_server.runtime.engine, OutboxMessage) if m.kind == "reminder"]
    assert queued.payload == {"text": ""}  # not worded yet
    clock.now = local(2026, 12, 11, 8, 0, 20)
    assert not hasattr(services.actions.done(TEAM_ID, COP, action_id, "Patrullerat.", clock()), "errors")
    services.outbox.dispatch(clock())

    assert [c for c in dms(fake_slack, COP) if c.args["text"].startswith("Påminnelse")] == []
    [dropped] = [m for m in all_rows(app_server.runtime.engine, OutboxMessage) if m.kind == "reminder"]
    assert (dropped.status, dropped.last_error) == ("dropped", "superseded")
    assert services.actions.remind(TEAM_ID, morning.replace(minute=1)) == {"reminders": 0, "escalations": 0}


def test_a_claimed_reminder_goes_out_worded_for_its_day(app_server: RunningApp, fake_slack: FakeSlack, clock):
    action_id = setup_action(app_server, clock)
    services = app_server.runtime.services

    services.actions.remind(TEAM_ID, local(2026, 12, 11, 8, 0))
    services.outbox.dispatch(local(2026, 12, 11, 8, 0, 5))

    [reminder] = [c for c in dms(fake_slack, COP) if c.args["text"].startswith("Påminnelse")]
    shown = json.dumps(reminder.args["blocks"], ensure_ascii=False)
    assert "om 2 arbetsdagar" in shown and "Ökad närvaro vid entrén" in shown
    [sent] = [m for m in all_rows(app_server.runtime.engine, OutboxMessage) if m.kind == "reminder"]
    assert (sent.status, sent.payload) == ("sent", {})  # the words are not kept once delivered
    assert sent.key.startswith(f"reminder:{action_id}:")
