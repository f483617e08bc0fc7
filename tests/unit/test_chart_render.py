"""Charts drawn in a child process (``python -m bot.files.render``, what ``serve``'s workers use) are
the same bytes as charts drawn in the process itself; the numbers survive the trip as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, time

import pytest

from bot.domain.statistics import ActionFact, ReportFact, Situation, compute, period_for, situation
from bot.files import render
from bot.texts import Texts


def _situation() -> Situation:
    reports = [
        ReportFact(date(2026, 11, day), category, area, school, place, occurred_time=time(8 + day % 14, 30))
        for day in range(2, 28, 3)
        for category, area, school, place in (
            ("arson", "Öster", "Rosengårdsskolan", "Skolgården"),
            ("vandalism", "Norr", "Kirsebergsskolan", None),
            ("drug_sales", "", "Stadsbiblioteket", "Entrén"),
        )
    ]
    actions = [
        ActionFact("Polisen", date(2026, 11, 3), date(2026, 11, 10), "done", date(2026, 11, 9)),
        ActionFact("Fastighetskontoret", date(2026, 11, 3), date(2026, 11, 17), "open", None),
    ]
    return situation(reports, actions, period_for(date(2026, 10, 5), date(2026, 11, 29)), date(2026, 12, 1))


@pytest.fixture
def in_child() -> Iterator[None]:
    render.draw_in_child_process(True)
    yield
    render.draw_in_child_process(False)


def test_the_numbers_survive_json():
    picture = _situation()
    assert picture.statistics.repeat_places and picture.statistics.by_category_and_area
    assert picture.statistics.patterns.hot_spots and picture.statistics.patterns.timed
    sent = json.loads(json.dumps(render.encode(picture)))
    assert render.decode(Situation, sent) == picture
    stats = compute([], period_for(date(2026, 1, 1), date(2026, 12, 31)))  # months, no reports
    assert render.decode(type(stats), json.loads(json.dumps(render.encode(stats)))) == stats


def test_a_child_process_draws_the_same_bytes(in_child: None):
    picture, texts = _situation(), Texts("sv")
    charts = (*render.CHARTS, *render.PATTERN_CHARTS)
    drawn_there = render.draw(picture, charts, texts)
    drawn_here = render.draw_here(picture, charts, texts)
    assert drawn_there == drawn_here
    assert all(png.startswith(b"\x89PNG") for png in drawn_there)
