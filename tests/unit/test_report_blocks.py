"""The report builders, without Slack: limits, grouping, escaping."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.meetings import MeetingSlot
from bot.results.common import Receipt, ReportView
from bot.results.reports import ReportForm, UnitChoice
from bot.texts import Texts
from handlers.blocks.messages import SlackMessages
from handlers.blocks.report import report_modal, report_received_view, unit_option_groups

TZ = ZoneInfo("Europe/Stockholm")
SV = Texts("sv")
SLOT = MeetingSlot(
    datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
    datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
    datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
)


def form(**changes: object) -> ReportForm:
    values = {
        "units": (),
        "remembered_unit": None,
        "meeting": SLOT,
        "today": date(2026, 11, 20),
        "description": "",
    }
    return ReportForm(**{**values, **changes})


def _texts_in(view: dict) -> list[dict]:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn"):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(view)
    return found


def test_the_modal_stays_within_slacks_limits_with_long_unit_names():
    units = tuple(
        UnitChoice(i, f"Skolan med ett mycket långt namn nummer {i} " + "x" * 60, "school", "Norr")
        for i in range(1, 60)
    )
    view = report_modal(form(units=units, remembered_unit=units[0], description="d" * 3000), SV, TZ)
    assert len(view["title"]["text"]) <= 24 and len(view["blocks"]) <= 100
    for option in json.loads(json.dumps(view))["blocks"][3]["element"]["option_groups"][0]["options"]:
        assert len(option["text"]["text"]) <= 75
    assert all(len(t["text"]) <= 3000 for t in _texts_in(view))


def test_units_are_grouped_schools_by_area_then_departments_then_actors():
    units = [
        UnitChoice(1, "Polisen", "actor", None),
        UnitChoice(2, "Sofielundsskolan", "school", "Innerstaden"),
        UnitChoice(3, "Fritidsförvaltningen", "department", None),
        UnitChoice(4, "Kirsebergsskolan", "school", "Norr"),
        UnitChoice(5, "Apelgårdsskolan", "school", "Öster"),
    ]
    groups = unit_option_groups(units, SV)
    assert [(g["label"]["text"], [o["text"]["text"] for o in g["options"]]) for g in groups] == [
        ("Skolor – Norr", ["Kirsebergsskolan"]),
        ("Skolor – Öster", ["Apelgårdsskolan"]),
        ("Skolor – Innerstaden", ["Sofielundsskolan"]),
        ("Förvaltningar", ["Fritidsförvaltningen"]),
        ("Andra aktörer", ["Polisen"]),
    ]


def test_the_modal_in_english():
    view = report_modal(form(), Texts("en"), TZ)
    assert view["title"]["text"] == "Report"
    assert "Tuesday 24 November at 09:00" in json.dumps(view)


def test_receipt_escapes_user_text_and_keeps_the_reference_plain():
    report = ReportView(
        report_id=7,
        reference="ÖMM-2026-0007",
        reporter_user_id="U1",
        category="drug_sales",
        unit_name="A & B <skola>",
        area="Öster",
        place="<!everyone>",
        occurred_on=date(2026, 11, 19),
        occurred_time=time(21, 5),
        recurring=False,
        description="y" * 5000,
        status="new",
    )
    receipt = Receipt(report, SLOT.starts_at, None)
    message = SlackMessages(SV, TZ).report_receipt(receipt)
    dumped = json.dumps(message.blocks, ensure_ascii=False)
    assert "&lt;!everyone&gt;" in dumped and "A &amp; B &lt;skola&gt;" in dumped
    assert "<!everyone>" not in dumped
    assert "torsdag 19 november 21:05" in dumped and "Drogförsäljning" in dumped
    assert all(len(t["text"]) <= 3000 for t in _texts_in({"blocks": message.blocks}))
    assert len(message.blocks) <= 50
    assert "ÖMM-2026-0007" in report_received_view(receipt, SV, TZ)["blocks"][0]["text"]["text"]
