"""The report form keeps the workspace's units and meeting a few seconds (``bot.services.cache``):
what changes in this process shows at once, another process's change within the cache's lifetime,
and the meeting moves on when its cutoff passes. Submitting always reads the database."""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from datetime import time as clock_time

from sqlalchemy import insert

from bot.services.cache import FORM_CACHE_SECONDS
from handlers.ids import REPORT_BLOCKS, REPORT_UNIT_ACTION
from storage.models import Unit
from tests.conftest import STOCKHOLM, RunningApp
from tests.e2e.test_report_flow import SCHOOL, open_modal, seed_units
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import block

OTHER_SCHOOL = {"namn": "Sofielundsskolan", "typ": "skola", "stadsomrade": "Öster"}


def unit_names(view: dict) -> set[str]:
    element = block(view, REPORT_BLOCKS["unit"])["element"]
    assert element["action_id"] == REPORT_UNIT_ACTION
    options = element.get("options", []) + [o for g in element.get("option_groups", []) for o in g["options"]]
    return {o["text"]["text"] for o in options}


def test_a_unit_added_in_this_process_is_offered_at_once(app_server: RunningApp, fake_slack: FakeSlack):
    seed_units(app_server, [SCHOOL])
    assert "Rosengårdsskolan" in unit_names(open_modal(app_server, fake_slack))

    seed_units(app_server, [SCHOOL, OTHER_SCHOOL])

    assert {"Rosengårdsskolan", "Sofielundsskolan"} <= unit_names(open_modal(app_server, fake_slack))


def test_another_process_s_unit_is_offered_once_the_cached_list_has_aged(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    seed_units(app_server, [SCHOOL])
    assert "Sofielundsskolan" not in unit_names(open_modal(app_server, fake_slack))
    # Written as another process would: this process's sessions never see the write.
    with app_server.runtime.engine.begin() as connection:
        connection.execute(
            insert(Unit).values(
                team_id=TEAM_ID, name="Sofielundsskolan", kind="school", area="Öster", created_at=clock()
            )
        )
    cache = app_server.runtime.services.reports.form_cache
    cache.clock = lambda: time.monotonic() + FORM_CACHE_SECONDS + 1

    assert "Sofielundsskolan" in unit_names(open_modal(app_server, fake_slack))


def test_the_form_names_the_moved_meeting_and_the_next_one_after_the_cutoff(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    seed_units(app_server, [SCHOOL])
    assert "tisdag 24 november kl. 09:00" in json.dumps(
        open_modal(app_server, fake_slack), ensure_ascii=False
    )

    app_server.runtime.services.meetings.move(
        TEAM_ID,
        "UCHAIR1",
        day=date(2026, 11, 24),
        to_day=date(2026, 11, 25),
        to_time=clock_time(13, 0),
        now=clock(),
    )
    moved = json.dumps(open_modal(app_server, fake_slack), ensure_ascii=False)
    assert "onsdag 25 november kl. 13:00" in moved and "tisdag 24 november" not in moved

    clock.now = datetime(2026, 11, 24, 13, 1, tzinfo=STOCKHOLM)  # the moved meeting's cutoff has passed
    after_cutoff = json.dumps(open_modal(app_server, fake_slack), ensure_ascii=False)
    assert "tisdag 1 december kl. 09:00" in after_cutoff
