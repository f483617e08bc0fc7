"""Agenda compilation and its Slack and Markdown forms, without Slack or a database."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.agenda import (
    AgendaReport,
    CarriedOver,
    OpenAction,
    PastReport,
    compile_agenda,
    place_key,
    repeat_signals,
    swedish_ordinal,
)
from bot.texts import Texts
from handlers.blocks.agenda import MAX_BLOCKS, MAX_MESSAGE_CHARS, AgendaRenderer

TZ = ZoneInfo("Europe/Stockholm")
MEETING = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)
BASE = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
RENDER = AgendaRenderer(Texts("sv"), TZ)


def report(
    report_id: int,
    *,
    area: str | None = "Öster",
    category: str = "arson",
    unit_id: int = 1,
    unit: str = "Rosengårdsskolan",
    place: str = "Cykelparkeringen",
    minutes: int = 0,
    description: str = "Brand i papperskorg.",
    **extra: object,
) -> AgendaReport:
    return AgendaReport(
        report_id=report_id,
        reference=f"ÖMM-2026-{report_id:04d}",
        category=category,
        unit_id=unit_id,
        unit_name=unit,
        area=area,
        place=place,
        occurred_on=date(2026, 11, 19),
        occurred_time=None,
        description=description,
        recurring=False,
        created_at=BASE + timedelta(minutes=minutes),
        reporter_user_id="UHEAD1",
        **extra,
    )


def past(r: AgendaReport) -> PastReport:
    return PastReport(r.report_id, r.unit_id, r.unit_name, r.place, r.category, r.created_at)


def test_new_reports_are_grouped_by_area_then_category_and_numbered_in_that_order():
    reports = [
        report(1, area="Väster", category="vandalism", unit_id=2, unit="Holmaskolan"),
        report(2, area="Öster", category="drug_sales", unit_id=3, unit="Apelgårdsskolan"),
        report(3, area="Norr", category="arson", unit_id=4, unit="Kirsebergsskolan"),
        report(4, area="Öster", category="gangs", unit_id=1),
        report(5, area=None, category="other", unit_id=5, unit="Fritidsförvaltningen"),
    ]
    agenda = compile_agenda(meeting_starts_at=MEETING, today=TODAY, new_reports=reports)
    layout = [(a.area, [(g.category, [i.number for i in g.items]) for g in a.groups]) for a in agenda.areas]
    assert layout == [
        ("Norr", [("arson", [1])]),
        ("Öster", [("gangs", [2]), ("drug_sales", [3])]),
        ("Väster", [("vandalism", [4])]),
        ("Hela staden", [("other", [5])]),
    ]
    assert [i.report.report_id for i in agenda.items] == [3, 4, 2, 1, 5]


def test_numbers_given_in_the_draft_stay_and_late_items_get_new_ones():
    first = compile_agenda(
        meeting_starts_at=MEETING, today=TODAY, new_reports=[report(1), report(2, minutes=5)]
    )
    later = compile_agenda(
        meeting_starts_at=MEETING,
        today=TODAY,
        new_reports=[report(9, area="Norr", minutes=-5), report(1), report(2, minutes=5)],
        existing_numbers=first.numbers,
    )
    assert {i.report.report_id: i.number for i in later.items} == {9: 3, 1: 1, 2: 2}


def test_follow_up_lists_overdue_actions_first_and_carried_items_before_new_ones():
    actions = [
        OpenAction(1, "ÖMM-2026-0001", "Polisen", "UCOP", "Ökad närvaro", date(2026, 12, 8)),
        OpenAction(
            2, "ÖMM-2026-0002", "Fastighets- och gatukontoret", None, "Ny belysning", date(2026, 11, 20)
        ),
        OpenAction(3, "ÖMM-2026-0003", "Räddningstjänsten Syd", None, "Besök", date(2026, 12, 1)),
    ]
    carried = [CarriedOver(report(7, minutes=-10000), "tabled", MEETING - timedelta(days=7))]
    agenda = compile_agenda(
        meeting_starts_at=MEETING, today=TODAY, new_reports=[report(8)], carried=carried, open_actions=actions
    )
    assert [a.action_id for a in agenda.actions] == [2, 3, 1]
    assert agenda.overdue_count == 1
    assert [(i.number, i.report.report_id, i.carried.reason) for i in agenda.carried] == [(1, 7, "tabled")]
    assert agenda.areas[0].groups[0].items[0].number == 2


def test_repeat_signal_counts_the_same_school_or_place_within_six_weeks():
    older = report(1, minutes=-60 * 24 * 43)  # 43 days before: outside the window
    inside = [report(2, minutes=-60 * 24 * 20), report(3, minutes=-60 * 24 * 3)]
    other_category = report(4, category="vandalism", minutes=-60)
    elsewhere_same_place = report(
        5, unit_id=9, unit="Annan skola", place="Parken vid Amiralsgatan", minutes=-30
    )
    new = report(6)
    new_in_park = report(7, unit_id=8, unit="Tredje skolan", place="parken vid  Amiralsgatan!")
    history = [past(r) for r in (older, *inside, other_category, elsewhere_same_place, new, new_in_park)]
    signals = repeat_signals([new, new_in_park], history)
    assert signals[6].ordinal == 3 and signals[6].where == "Rosengårdsskolan"
    assert signals[7].ordinal == 2 and signals[7].where == "parken vid  Amiralsgatan!"
    assert repeat_signals([older], history) == {}  # nothing earlier
    assert repeat_signals([inside[0]], history)[2].ordinal == 2  # older is 23 days before it
    assert place_key("Parken vid Amiralsgatan") == place_key("parken  vid amiralsgatan.")


def test_swedish_ordinals():
    assert [swedish_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 21, 22, 23, 101, 102, 111)] == [
        "1:a",
        "2:a",
        "3:e",
        "4:e",
        "11:e",
        "12:e",
        "21:a",
        "22:a",
        "23:e",
        "101:a",
        "102:a",
        "111:e",
    ]


def _all_texts(blocks: list) -> list[str]:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def test_a_300_item_agenda_keeps_every_item_within_slacks_limits():
    areas = ["Norr", "Öster", "Söder", "Väster", "Innerstaden"]
    categories = ["gangs", "vandalism", "arson", "drug_sales", "threats", "unsafe_environment", "other"]
    reports = [
        report(
            i,
            area=areas[i % 5],
            category=categories[i % 7],
            unit_id=i % 40,
            unit=f"Skola {i % 40}",
            place=f"Plats {i}",
            minutes=i,
            description=("Lång beskrivning & <detaljer> " * 40)[:1500],
        )
        for i in range(1, 301)
    ]
    actions = [
        OpenAction(i, f"ÖMM-2026-{i:04d}", "Polisen", "UCOP", "Åtgärd " * 30, TODAY - timedelta(days=i % 3))
        for i in range(1, 41)
    ]
    agenda = compile_agenda(meeting_starts_at=MEETING, today=TODAY, new_reports=reports, open_actions=actions)

    messages = RENDER.messages(agenda, mode="channel", meeting_id=1)

    assert len(messages) > 1
    for message in messages:
        assert len(message.blocks) <= MAX_BLOCKS
        texts = _all_texts(message.blocks)
        assert sum(len(t) for t in texts) <= MAX_MESSAGE_CHARS
        assert all(len(t) <= 3000 for t in texts)
    numbers = [n for m in messages for n in m.item_numbers]
    assert sorted(numbers) == list(range(1, 301))
    shown = json.dumps([m.blocks for m in messages], ensure_ascii=False)
    for i in range(1, 301):
        assert f'"*{i}.* ' in shown and f"ÖMM-2026-{i:04d}" in shown
    for action in actions:
        assert f"`{action.reference}` Polisen" in shown
    assert "del 2 av" in json.dumps(messages[1].blocks, ensure_ascii=False)
    assert f"del 2–{len(messages)}" in json.dumps(messages[0].blocks, ensure_ascii=False)


def test_an_empty_week_says_so():
    agenda = compile_agenda(meeting_starts_at=MEETING, today=TODAY, new_reports=[])
    [message] = RENDER.messages(agenda, mode="channel", meeting_id=1)
    shown = json.dumps(message.blocks, ensure_ascii=False)
    assert "Inga nya rapporter" in shown and "tisdag 1 december kl. 09:00" in shown
    assert "Inga nya rapporter" in RENDER.markdown(agenda)


def test_item_text_escapes_user_text_and_shows_signals():
    hostile = report(
        1,
        place="<!channel>",
        unit="A&B",
        description="<https://evil|klick>",
        unreviewed=True,
        merged_references=("ÖMM-2026-0009",),
    )
    agenda = compile_agenda(
        meeting_starts_at=MEETING,
        today=TODAY,
        new_reports=[hostile, report(2, unit="A&B")],
        history=[past(hostile)],
    )
    text = RENDER.item_text(agenda.items[0])
    assert "&lt;!channel&gt;" in text and "A&amp;B" in text and "&lt;https://evil|klick&gt;" in text
    assert "<!channel>" not in text
    assert "_ej granskad_" in text and "sammanslagen med ÖMM-2026-0009" in text
    assert ":repeat: *2:a rapporten om anlagd brand vid A&amp;B på 6 veckor*" in RENDER.item_text(
        agenda.items[1]
    )


def test_buttons_depend_on_the_mode():
    agenda = compile_agenda(meeting_starts_at=MEETING, today=TODAY, new_reports=[report(1)])
    channel = json.dumps(RENDER.messages(agenda, mode="channel", meeting_id=4)[0].blocks)
    draft = json.dumps(RENDER.messages(agenda, mode="draft", meeting_id=4)[0].blocks)
    preview = json.dumps(RENDER.messages(agenda, mode="preview", meeting_id=4)[0].blocks)
    assert '"item_take"' in channel and '"4:1"' in channel and "agenda_publish_now" not in channel
    assert '"agenda_publish_now"' in draft and "item_take" not in draft
    assert "agenda_publish_now" not in preview and "item_take" not in preview


def test_markdown_has_every_item_with_its_full_description():
    long = "Mening. " * 200
    agenda = compile_agenda(
        meeting_starts_at=MEETING,
        today=TODAY,
        new_reports=[report(1, description=long), report(2, area="Norr")],
    )
    text = RENDER.markdown(agenda)
    assert text.startswith("# Dagordning – Örat mot marken\n")
    assert "### Norr" in text and "### Öster" in text
    assert "**1. Anlagd brand – Rosengårdsskolan** (ÖMM-2026-0002)" in text
    assert long.strip() in text


def test_time_of_day_is_shown_when_known():
    with_time = report(1)
    with_time = AgendaReport(**{**with_time.__dict__, "occurred_time": time(15, 30)})
    agenda = compile_agenda(meeting_starts_at=MEETING, today=TODAY, new_reports=[with_time])
    assert "När: torsdag 19 november 15:30" in RENDER.item_text(agenda.items[0])


def test_status_lines_added_in_place_keep_every_message_within_limits():
    from bot.results.responsibility import ItemStatus

    reports = [
        report(
            i,
            area=["Norr", "Öster"][i % 2],
            unit_id=i % 9,
            place=f"Plats {i}",
            minutes=i,
            description="Lång text & <mer> " * 30,
        )
        for i in range(1, 301)
    ]
    agenda = compile_agenda(meeting_starts_at=MEETING, today=TODAY, new_reports=reports)
    messages = RENDER.messages(agenda, mode="channel", meeting_id=1)
    statuses = [
        ItemStatus(
            "action",
            unit="Polisen – Polisområde Malmö",
            user_id="UCOP1",
            text="Ökad närvaro & " * 20,
            due_on=date(2026, 12, 15),
        ),
        ItemStatus(
            "action",
            unit="Fastighets- och gatukontoret",
            user_id="UFGK1",
            text="Belysning " * 30,
            due_on=date(2026, 12, 22),
        ),
        ItemStatus("not_ours", user_id="UFRI1", suggested_unit="Fritidsförvaltningen"),
    ]
    for message in messages:
        blocks = message.blocks
        for number in message.item_numbers:
            blocks = RENDER.with_item_status(blocks, number, statuses)
        assert len(blocks) <= MAX_BLOCKS
        assert sum(len(t) for t in _all_texts(blocks)) <= 12_000
        assert all(len(t) <= 3000 for t in _all_texts(blocks))
    first = RENDER.with_item_status(messages[0].blocks, messages[0].item_numbers[0], statuses[:1])
    again = RENDER.with_item_status(first, messages[0].item_numbers[0], statuses)
    status_blocks = [b for b in again if b.get("block_id", "").endswith("_status")]
    assert len(status_blocks) == 1  # rewritten, not added twice
    text = status_blocks[0]["elements"][0]["text"]
    assert "Ansvar: *Polisen – Polisområde Malmö* – <@UCOP1>: Ökad närvaro &amp;" in text
    assert "senast tis 15 dec." in text and "inte vår fråga – föreslår Fritidsförvaltningen" in text


def _naive_repeat_counts(reports: list[AgendaReport], history: list[PastReport]) -> dict[int, tuple]:
    """The definition, pair by pair: the oracle for the indexed version."""
    from bot.domain.agenda import REPEAT_WINDOW

    out = {}
    for r in reports:
        same_unit = same_place = 0
        for past in history:
            if past.report_id == r.report_id or past.category != r.category:
                continue
            if not r.created_at - REPEAT_WINDOW <= past.created_at <= r.created_at:
                continue
            same_unit += past.unit_id == r.unit_id
            same_place += place_key(past.place) == place_key(r.place)
        if same_unit:
            out[r.report_id] = (same_unit + 1, r.unit_name)
        elif same_place:
            out[r.report_id] = (same_place + 1, r.place)
    return out


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["arson", "gangs"]),
            st.integers(1, 3),
            st.sampled_from(["Torget", "torget ", "Parken", "Skolgården"]),
            st.integers(0, 60 * 24 * 60),  # minutes over sixty days
        ),
        max_size=40,
    ),
    st.data(),
)
def test_repeat_signals_count_exactly_what_the_pairwise_definition_counts(rows, data):
    history = [
        PastReport(i + 1, unit_id, f"Skola {unit_id}", place, category, BASE + timedelta(minutes=m))
        for i, (category, unit_id, place, m) in enumerate(rows)
    ]
    chosen = data.draw(st.lists(st.sampled_from(history), unique_by=lambda p: p.report_id)) if history else []
    reports = [
        report(
            p.report_id,
            category=p.category,
            unit_id=p.unit_id,
            unit=p.unit_name,
            place=p.place,
            minutes=int((p.created_at - BASE).total_seconds() // 60),
        )
        for p in chosen
    ]
    # A report filed now (not yet in the history) is counted the same way.
    reports.append(
        report(10_000, category="arson", unit_id=1, unit="Skola 1", place="Torget", minutes=45 * 24 * 60)
    )
    got = {rid: (s.ordinal, s.where) for rid, s in repeat_signals(reports, history).items()}
    assert got == _naive_repeat_counts(reports, history)
