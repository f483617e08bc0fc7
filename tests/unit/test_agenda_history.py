"""A carried or reopened item's history on the agenda: what is kept, its order, and how it reads."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from bot.domain.agenda import (
    CarriedOver,
    PastAction,
    PastDecision,
    Reopened,
    compile_agenda,
    item_history,
    recent_history,
)
from bot.texts import Texts
from handlers.blocks.agenda import MAX_BLOCKS, MAX_MESSAGE_CHARS, AgendaRenderer
from tests.unit.test_agenda import MEETING, RENDER, TODAY, TZ, _all_texts, report

DEC_1 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
DEC_8 = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
DEC_15 = datetime(2026, 12, 15, 8, 0, tzinfo=UTC)


def action(**changes: object) -> PastAction:
    values: dict[str, object] = {
        "owner_unit": "Polisen",
        "owner_user_id": "UCOP1",
        "description": "Ökad närvaro vid entrén",
        "due_on": date(2026, 12, 15),
        "created_at": DEC_8 + timedelta(hours=2),
        "status": "done",
        "done_at": datetime(2026, 12, 14, 15, 0, tzinfo=UTC),
        "outcome_note": "Patrullerat varje eftermiddag.",
    }
    return PastAction(**{**values, **changes})  # type: ignore[arg-type]


def carried_agenda(history: tuple, reason: str = "reopened"):
    carried = CarriedOver(report(1), reason, DEC_8, history)
    return compile_agenda(
        meeting_starts_at=MEETING + timedelta(weeks=5), today=TODAY, new_reports=[], carried=[carried]
    )


def test_history_is_newest_first_and_only_the_three_newest_are_shown():
    tabled = PastDecision(DEC_1, "tabled", "Inväntar lägesbild")
    done = action()
    reopened = Reopened(datetime(2026, 12, 29, 9, 0, tzinfo=UTC), "Fortfarande gäng")
    history = item_history([tabled], [done], [reopened])
    assert history == (reopened, done, tabled)
    assert recent_history(history, 2) == ((reopened, done), 1)
    assert recent_history(history) == (history, 0)


def test_reopened_item_shows_the_schools_reason_and_the_earlier_action():
    history = item_history(
        [PastDecision(DEC_1, "undecided")],
        [action()],
        [Reopened(datetime(2026, 12, 29, 9, 0, tzinfo=UTC), "Gänget är <!channel> tillbaka")],
    )
    [item] = carried_agenda(history).carried
    assert RENDER.history_lines(item, slack=True) == [
        "• tis 29 dec.: skolan svarade att problemet inte är löst – ”Gänget är &lt;!channel&gt; tillbaka”",
        "• tis 8 dec.: <@UCOP1> (Polisen) åtog sig ”Ökad närvaro vid entrén”, klart senast tis 15 dec."
        " · klar mån 14 dec. – ”Patrullerat varje eftermiddag.”",
        "• tis 1 dec.: ej avgjord",
    ]


def test_decisions_read_with_their_reasons_and_older_entries_are_counted():
    history = item_history(
        [
            PastDecision(DEC_1, "tabled", "Inväntar\npolisens lägesbild"),
            PastDecision(DEC_8, "not_ours", "Gäller belysning", "UFGK1", "Fastighets- & gatukontoret"),
            PastDecision(DEC_15, "no_action"),
        ],
        [action(status="open", done_at=None, outcome_note=None, created_at=DEC_15 + timedelta(days=7))],
    )
    [item] = carried_agenda(history, "undecided").carried
    lines = RENDER.history_lines(item, slack=True)
    assert lines == [
        "• tis 22 dec.: <@UCOP1> (Polisen) åtog sig ”Ökad närvaro vid entrén”,"
        " klart senast tis 15 dec. · pågår",
        "• tis 15 dec.: ingen åtgärd",
        "• tis 8 dec.: inte vår fråga enligt <@UFGK1>, föreslår Fastighets- &amp; gatukontoret"
        " – ”Gäller belysning”",
        "… och 1 tidigare",
    ]
    english = AgendaRenderer(Texts("en"), TZ).history_lines(item, slack=True)
    assert english[-1] == "… and 1 earlier" and "not ours according to <@UFGK1>" in english[2]


def test_history_shows_in_slack_and_in_the_markdown_export():
    history = item_history([PastDecision(DEC_1, "tabled", "Inväntar <b>lägesbild</b>")], [])
    agenda = carried_agenda(history, "tabled")
    for mode in ("channel", "draft", "preview"):
        [message] = RENDER.messages(agenda, mode=mode, meeting_id=1)
        [block] = [b for b in message.blocks if b.get("block_id") == "item_1_history"]
        assert block["type"] == "context"
        assert (
            block["elements"][0]["text"] == "• tis 1 dec.: bordlagd – ”Inväntar &lt;b&gt;lägesbild&lt;/b&gt;”"
        )
    assert "- tis 1 dec.: bordlagd – ”Inväntar \\<b\\>lägesbild\\</b\\>”" in RENDER.markdown(agenda)


def test_new_items_and_items_without_history_have_no_history_block():
    agenda = compile_agenda(
        meeting_starts_at=MEETING,
        today=TODAY,
        new_reports=[report(2)],
        carried=[CarriedOver(report(1), "undecided", DEC_1)],
    )
    shown = json.dumps([m.blocks for m in RENDER.messages(agenda, mode="channel", meeting_id=1)])
    assert "_history" not in shown
    assert RENDER.markdown(agenda).count("- ") == 0


def test_long_histories_keep_every_message_within_slacks_limits():
    long = "Mycket lång text & <tecken> " * 40
    history = item_history(
        [PastDecision(DEC_1 - timedelta(weeks=w), "tabled", long) for w in range(10)],
        [action(description=long, outcome_note=long)],
        [Reopened(DEC_15, long)],
    )
    carried = [
        CarriedOver(report(i, minutes=i, description=long), "reopened", DEC_8, history) for i in range(1, 121)
    ]
    agenda = compile_agenda(
        meeting_starts_at=MEETING + timedelta(weeks=5), today=TODAY, new_reports=[], carried=carried
    )
    messages = RENDER.messages(agenda, mode="channel", meeting_id=1)
    assert sorted(n for m in messages for n in m.item_numbers) == list(range(1, 121))
    for message in messages:
        assert len(message.blocks) <= MAX_BLOCKS
        texts = _all_texts(message.blocks)
        assert sum(len(t) for t in texts) <= MAX_MESSAGE_CHARS
        assert all(len(t) <= 3000 for t in texts)
    [block] = [b for b in messages[0].blocks if b.get("block_id") == "item_1_history"]
    assert block["elements"][0]["text"].endswith("… och 9 tidigare")
