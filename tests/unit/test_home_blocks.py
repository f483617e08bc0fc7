"""The App Home view for a person holding every role with every list full: within Slack's limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.domain.permissions import Role
from bot.results.actions import ActionView
from bot.results.common import ReportView
from bot.results.home import PAGE_SIZES, ActionLine, Home, MyReport, NextMeeting, Page, WaitingReport
from bot.texts import Texts
from handlers.blocks.home import home_view
from handlers.blocks.status import report_status
from tests.support.fake_slack import limit_problem

TZ = ZoneInfo("Europe/Stockholm")
LONG = "<b>&" + "x" * 4000  # longer than any Slack text field, with characters to escape


def page(name: str, items: list, total: int = 1000) -> Page:
    return Page(tuple(items[: PAGE_SIZES[name]]), PAGE_SIZES[name], total, PAGE_SIZES[name])


def full_home() -> Home:
    action = ActionView(
        1, "ÖMM-2026-0001", LONG, "UCOP1", LONG, date(2026, 11, 1), "open", LONG, LONG, "UHEAD1"
    )
    line = ActionLine(LONG, LONG, date(2026, 11, 1), "open", None, None)
    done = ActionLine(LONG, LONG, date(2026, 11, 1), "done", LONG, date(2026, 11, 2))
    report = MyReport(
        1, "ÖMM-2026-0001", "arson", LONG, LONG, "returned", date(2026, 11, 1), date(2026, 11, 1), LONG, None,
        None, "responsibility_taken", datetime(2026, 11, 3, 8, tzinfo=UTC), (line, done) * 5,
    )  # fmt: skip
    review = ReportView(
        1,
        "ÖMM-2026-0001",
        "UHEAD1",
        "arson",
        LONG,
        "Öster",
        LONG,
        date(2026, 11, 1),
        None,
        True,
        LONG,
        "in_review",
    )
    starts = datetime(2026, 11, 24, 8, tzinfo=UTC)
    return Home(
        user_id="UALL",
        today=date(2026, 11, 23),
        roles=frozenset(Role),
        reports=page("reports", [report] * 20),
        actions=page("actions", [action] * 20),
        review=page("review", [review] * 20),
        next_meeting=NextMeeting(starts, datetime(2026, 11, 24, 7, tzinfo=UTC), starts, True, False),
        waiting=page(
            "waiting", [WaitingReport("ÖMM-2026-0001", "arson", LONG, "Öster", date(2026, 11, 1))] * 20
        ),
        overdue=page("overdue", [action] * 20),
    )


def test_every_role_with_every_list_full_fits_in_one_home_view():
    for language in ("sv", "en"):
        view = home_view(full_home(), Texts(language), TZ)
        assert 60 < len(view["blocks"]) <= 100
        assert limit_problem("views.publish", {"view": view}) is None
        text = str(view["blocks"])
        assert "<b>" not in text and "&lt;b&gt;&amp;" in text
        assert "Visa fler" in text or "Show more" in text


def test_an_empty_home_invites_a_first_report():
    empty = Page((), 0, 0, 8)
    home = Home("UNEW", date(2026, 11, 23), frozenset(), empty, Page((), 0, 0, 6), None, None, None, None)
    view = home_view(home, Texts("sv"), TZ)
    text = str(view["blocks"])
    assert "Du har inte rapporterat något än." in text and "Ny rapport" in text
    assert "Mina åtgärder" not in text and "Att granska" not in text and "Nästa möte" not in text


def test_a_report_closed_after_its_meeting_says_both():
    def mine(status: str) -> MyReport:
        return MyReport(
            1, "ÖMM-2026-0001", "arson", "Rosengårdsskolan", "Entrén", status, date(2026, 12, 2),
            date(2026, 12, 3), None, None, None, "responsibility_taken",
            datetime(2026, 12, 8, 8, tzinfo=UTC), (),
        )  # fmt: skip

    texts = Texts("sv")
    assert report_status(mine("on_agenda"), texts, TZ) == "Mötet tis 8 dec.: ansvar taget."
    pending = replace(mine("on_agenda"), outcome="pending")
    # The date's own dot ends the sentence (not "tis 8 dec..").
    assert report_status(pending, texts, TZ, date(2026, 12, 8)) == "På dagordningen tis 8 dec."
    # The meeting is over and nothing was decided: it comes up again, as the agenda says.
    assert report_status(pending, texts, TZ, date(2026, 12, 9)) == "Ej avgjord tis 8 dec. – tas upp igen"
    assert report_status(mine("closed"), texts, TZ) == "Mötet tis 8 dec.: ansvar taget. Avslutad."
