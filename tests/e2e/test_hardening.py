"""Hardening: whatever a correctly signed request holds, the app answers 2xx or 4xx, never 5xx, and
no listener fails; forged or malformed requests are refused before anything is stored; a retried
delivery of the same interaction stores one record.

* Property-based (hypothesis): generated payloads for every listener the app registers (the slash
  commands, every ``block_actions`` action id, every ``view_submission`` callback id,
  ``view_closed``, ``block_suggestion``) and for request types nobody listens to. Each request is
  signed with the test secret and goes through the real WSGI app (``app_server``); the listener is
  waited for, and the app's loggers are watched for ``listener failed`` and exception records.
  ``test_hardening_every_registered_listener_is_generated`` fails when a new listener appears that
  the generators do not reach.
* Crashes found and not yet fixed are listed in ``KNOWN_CRASHES``, each with what triggers it, where
  it fails and an exact reproducing payload. The generators skip (and count) inputs of a known
  crash, so the property holds for everything else; ``test_hardening_known_crashes_still_crash``
  replays each reproducer and fails once one is fixed, so its entry gets deleted and its inputs are
  generated again.
* The signature/body matrix: the cases of ``test_forged_requests`` plus more, on one server.
* Retries: ``X-Slack-Retry-Num: 1..3`` with ``X-Slack-Retry-Reason: http_timeout``.

Every test prints one ``hardening[...]`` line with its figures (``pytest -s -k hardening``).
Hypothesis runs derandomized and without its example database: CI sees the same inputs each time.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import itertools
import json
import logging
import math
import re
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.domain.actions import OUTCOMES, ActionInput
from bot.domain.organisation import parse_seed
from bot.domain.reports import ReportInput
from handlers import ids
from storage.models import Action, AgendaItem, Meeting, OutboxMessage, Report, ReportDraft, Unit
from tests.conftest import STOCKHOLM, RunningApp
from tests.e2e.test_forged_requests import CASES as FORGED_CASES
from tests.support.db import all_rows, counts, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import report_values
from tests.support.slack_requests import HttpResult, sign

# Hypothesis also caches Unicode tables and source constants on disk: keep them out of the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "orat-hypothesis")

CHAIR, COP, HEAD, CHIEF, FGK = "UCHAIR1", "UCOP1", "UHEAD1", "UCHIEF1", "UFGK1"
USERS = (CHAIR, COP, HEAD, CHIEF, FGK)
OTHER_TEAM = "T0OTHER"
PUBLISH_TIME = datetime(2026, 12, 1, 8, 0, tzinfo=STOCKHOLM)
DB_INT_MAX = 2**31 - 1  # PostgreSQL INTEGER; SQLite overflows later, at 2**63
SLACK_ID_MAX = 32  # storage.models.SLACK_ID
MISSING = object()  # a key left out of the payload altogether


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


# ================================================================================ what the app registers
MEMBER_CHOSEN = (
    "admin_member_user/value"  # @app.action({"block_id": ADMIN_BLOCKS["user"], "action_id": VALUE})
)
ACTION_IDS = [
    ids.AGENDA_PUBLISH_NOW,
    ids.ITEM_TAKE,
    ids.ITEM_ASSIGN,
    ids.ITEM_OUTCOME,
    ids.AGENDA_PRESENT,
    ids.AGENDA_ATTENDANCE,
    ids.ITEM_UP,
    ids.ITEM_DOWN,
    ids.ITEM_MOVE,
    ids.ITEM_MORE,
    ids.AGENDA_ADD_OTHER,
    ids.MINUTES_CORRECT,
    ids.REVIEW_RAISE,
    ids.REVIEW_MERGE,
    ids.REVIEW_RETURN,
    ids.REPORT_EDIT,
    ids.ACTION_DONE,
    ids.ACTION_DEADLINE,
    ids.ACTION_HANDOVER,
    ids.HANDOVER_ACCEPT,
    ids.HANDOVER_DECLINE,
    ids.SOLVED_YES,
    ids.SOLVED_NO,
    ids.ADMIN_UNIT_NEW,
    ids.ADMIN_UNIT_EDIT,
    ids.ADMIN_MEMBER,
    MEMBER_CHOSEN,
    ids.HOME_NEW_REPORT,
    ids.HOME_ADMIN,
    ids.HOME_PAGE_NEXT,
    ids.HOME_PAGE_PREVIOUS,
    ids.ROUND_REPORT,
    ids.ROUND_NOTHING_NEW,
    ids.SNAPSHOT_OPEN,
    ids.SNAPSHOT_NEWER,
    ids.SNAPSHOT_OLDER,
    ids.SETTINGS_OPEN,
    ids.SETTINGS_UNITS_OPEN,
    ids.ADMIN_TERMS,
]
HOME_ACTIONS = {ids.HOME_NEW_REPORT, ids.HOME_ADMIN, ids.HOME_PAGE_NEXT, ids.HOME_PAGE_PREVIOUS}
UNKNOWN_ACTION = "unknown action"
# Listeners wrapped in explaining_refusals (a refusal is told through response_url).
EXPLAINED_ACTIONS = set(ACTION_IDS[:23]) | {
    ids.ROUND_REPORT,
    ids.ROUND_NOTHING_NEW,
    ids.SNAPSHOT_OPEN,
    ids.SNAPSHOT_NEWER,
    ids.SNAPSHOT_OLDER,
    ids.SETTINGS_OPEN,
    ids.SETTINGS_UNITS_OPEN,
}
# Listeners that open or push a modal with body["trigger_id"].
MODAL_ACTIONS = {
    ids.ROUND_REPORT,
    ids.AGENDA_ATTENDANCE,
    ids.MINUTES_CORRECT,
    ids.ITEM_MOVE,
    ids.ITEM_MORE,
    ids.AGENDA_ADD_OTHER,
    ids.ITEM_TAKE,
    ids.ITEM_ASSIGN,
    ids.ITEM_OUTCOME,
    ids.REVIEW_MERGE,
    ids.REVIEW_RETURN,
    ids.REPORT_EDIT,
    ids.ACTION_DONE,
    ids.ACTION_DEADLINE,
    ids.ACTION_HANDOVER,
    ids.SOLVED_NO,
    ids.ADMIN_UNIT_NEW,
    ids.ADMIN_UNIT_EDIT,
    ids.ADMIN_MEMBER,
    ids.SETTINGS_OPEN,
    ids.SETTINGS_UNITS_OPEN,
    ids.ADMIN_TERMS,
}
REVIEW_ACTIONS = {ids.REVIEW_RAISE, ids.REVIEW_MERGE, ids.REVIEW_RETURN, ids.REPORT_EDIT}
VIEW_IDS = [
    ids.REPORT_VIEW,
    ids.REVIEW_MERGE_VIEW,
    ids.REVIEW_RETURN_VIEW,
    ids.RESPONSIBILITY_VIEW,
    ids.OUTCOME_VIEW,
    ids.ATTENDANCE_VIEW,
    ids.ITEM_MOVE_VIEW,
    ids.ITEM_REMOVE_VIEW,
    ids.ITEM_MERGE_VIEW,
    ids.OTHER_VIEW,
    ids.MINUTES_CORRECT_VIEW,
    ids.ACTION_DONE_VIEW,
    ids.ACTION_DEADLINE_VIEW,
    ids.ACTION_HANDOVER_VIEW,
    ids.SOLVED_NO_VIEW,
    ids.ADMIN_UNIT_VIEW,
    ids.ADMIN_MEMBER_VIEW,
    ids.REPORT_MATCH_VIEW,
    ids.SETTINGS_VIEW,
    ids.SETTINGS_UNITS_VIEW,
    ids.ADMIN_TERMS_VIEW,
]
REVIEW_VIEWS = {ids.REVIEW_MERGE_VIEW, ids.REVIEW_RETURN_VIEW}
UNHANDLED_VIEWS = [ids.REPORT_RECEIVED_VIEW, "admin_home"]  # no submit listener: Bolt answers 404
UNKNOWN_VIEW = "unknown view"


def _action_payload(listener: str) -> dict[str, Any]:
    if listener == MEMBER_CHOSEN:
        action = {"action_id": ids.VALUE, "block_id": ids.ADMIN_BLOCKS["user"], "type": "users_select"}
    else:
        action = {"action_id": listener, "block_id": "b", "type": "button"}
    return {"type": "block_actions", "actions": [action]}


def listener_candidates() -> dict[str, dict[str, Any]]:
    """One minimal body per listener family the generators produce, for matching against Bolt."""
    found: dict[str, dict[str, Any]] = {}
    for command in (ids.REPORT_COMMAND, ids.ORAT_COMMAND):
        found[command] = {"command": command, "text": ""}
    for listener in ACTION_IDS:
        found[listener] = _action_payload(listener)
    for callback_id in VIEW_IDS:
        found[callback_id] = {
            "type": "view_submission",
            "view": {"type": "modal", "callback_id": callback_id},
        }
    found["view_closed"] = {"type": "view_closed", "view": {"type": "modal", "callback_id": ids.REPORT_VIEW}}
    found["block_suggestion"] = {"type": "block_suggestion", "action_id": ids.REPORT_UNIT_ACTION}
    found["block_suggestion place"] = {"type": "block_suggestion", "action_id": ids.REPORT_PLACE_ACTION}
    found["app_home_opened"] = {"type": "event_callback", "event": {"type": "app_home_opened"}}
    return found


def test_hardening_every_registered_listener_is_generated(app_server: RunningApp):
    """A listener added to the app without a generator here fails this test: add its id above."""
    bolt = app_server.runtime.app
    assert bolt is not None
    candidates = listener_candidates()
    matched: dict[str, list[str]] = {}
    uncovered = []
    for listener in bolt._listeners:
        name = f"{listener.ack_function.__module__}.{listener.ack_function.__qualname__}"
        hits = [
            family
            for family, body in candidates.items()
            if listener.matches(req=BoltRequest(body=body, mode="socket_mode"), resp=BoltResponse(status=200))
        ]
        matched[name] = hits
        if not hits:
            uncovered.append(name)
    print(f"\nhardening[listeners]: registered={len(bolt._listeners)} generated_families={len(candidates)}")
    assert not uncovered, f"listeners no generator reaches: {uncovered}"
    assert len(bolt._listeners) >= len(candidates)


# ================================================================================ watching the app
class _ErrorRecords(logging.Handler):
    """ERROR records of the app's loggers: ``listener failed`` from ``@app.error``, Flask's
    ``Exception on /slack/events``, anything logged with an exception."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._lock:
            self.records.append(record)

    def since(self, mark: int) -> list[logging.LogRecord]:
        with self._lock:
            return self.records[mark:]


class _SettlingExecutor(concurrent.futures.Executor):
    """Bolt's listener executor, remembering what it ran. Bolt answers at ``ack()`` and the
    listener runs on (Slack calls, the outbox); ``settle`` waits for that, so a failure is
    attributed to the request that caused it."""

    def __init__(self, inner: concurrent.futures.Executor) -> None:
        self.inner = inner
        self._pending: list[concurrent.futures.Future[Any]] = []
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        future = self.inner.submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.append(future)
        return future

    def settle(self, timeout: float = 15.0) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
        _, not_done = concurrent.futures.wait(pending, timeout=timeout)
        assert not not_done, "a listener was still running after 15 s"

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)


WATCHED_LOGGERS = ("slack_bolt", "bot", "handlers", "storage", "orat")  # "orat": the Flask app


@dataclass
class Tally:
    inputs: int = 0  # requests sent
    ok: int = 0  # 2xx
    client_errors: int = 0  # 4xx
    server_errors: int = 0  # 5xx
    statuses: Counter[int] = field(default_factory=Counter)
    tried: Counter[str] = field(default_factory=Counter)  # listener → requests sent
    known: Counter[str] = field(default_factory=Counter)  # KNOWN_CRASHES id → inputs skipped


class Probe:
    """Sends signed requests to the running app and checks each answer: never 5xx, no failure
    logged. Inputs of a known crash are skipped (and counted)."""

    def __init__(self, app: RunningApp) -> None:
        self.app = app
        self.dialect = app.runtime.engine.dialect.name
        self.tally = Tally()
        self.errors = _ErrorRecords()
        bolt = app.runtime.app
        assert bolt is not None
        self._runner = bolt.listener_runner
        self.executor = _SettlingExecutor(self._runner.listener_executor)

    def __enter__(self) -> Probe:
        self._runner.listener_executor = self.executor
        for name in WATCHED_LOGGERS:
            logging.getLogger(name).addHandler(self.errors)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.executor.settle()
        for name in WATCHED_LOGGERS:
            logging.getLogger(name).removeHandler(self.errors)
        self._runner.listener_executor = self.executor.inner

    def send(self, listener: str, payload: Any, *, as_json: bool = False) -> HttpResult:
        crash = known_crash(listener, payload, self.dialect)
        if crash is not None:
            self.tally.known[crash] += 1
            assume(False)  # see KNOWN_CRASHES[crash]
        mark = len(self.errors.records)
        if isinstance(payload, dict) and "command" in payload:
            result = self.app.slack.command(payload["command"], payload["text"], user=payload["user_id"])
        elif as_json:
            result = self.app.slack.post(json.dumps(payload).encode(), content_type="application/json")
        else:
            result = self.app.slack.interactive(payload)
        self.executor.settle()
        failures = self.errors.since(mark)
        tally = self.tally
        tally.inputs += 1
        tally.tried[listener] += 1
        tally.statuses[result.status] += 1
        if 200 <= result.status < 300:
            tally.ok += 1
        elif 400 <= result.status < 500:
            tally.client_errors += 1
        else:
            tally.server_errors += 1
        if result.status >= 500 or failures:
            logged = [f"{r.name}: {r.getMessage()}" for r in failures]
            raise AssertionError(
                f"{listener}: HTTP {result.status} {result.body[:200]!r}, logged {logged}\n"
                f"payload: {json.dumps(payload, ensure_ascii=False, default=repr)[:6000]}"
            )
        if result.status == 200 and result.body:
            json.loads(result.body)  # Bolt's ack body: JSON or nothing
        return result


def explore(
    probe: Probe, listener: str, payloads: st.SearchStrategy[Any], examples: int, *, as_json: bool = False
) -> None:
    """Send ``examples`` generated payloads for ``listener`` (inputs of a known crash not counted)."""

    @_settings(examples=examples)
    @given(payload=payloads)
    def run(payload: Any) -> None:
        probe.send(listener, payload, as_json=as_json)

    run()


def stored(engine: Engine) -> dict[str, int]:
    figures = counts(engine)
    with Session(engine) as session:
        figures["actions"] = session.scalar(select(func.count()).select_from(Action)) or 0
        figures["decided_items"] = (
            session.scalar(
                select(func.count()).select_from(AgendaItem).where(AgendaItem.outcome != "pending")
            )
            or 0
        )
    return figures


def summary(name: str, engine: Engine, tally: Tally) -> str:
    rows = stored(engine)
    line = (
        f"hardening[{name}/{engine.dialect.name}]: inputs={tally.inputs} 2xx={tally.ok} "
        f"4xx={tally.client_errors} 5xx={tally.server_errors} reports={rows['reports']} "
        f"actions={rows['actions']} decided_items={rows['decided_items']} drafts={rows['report_drafts']} "
        f"units={rows['units']} members={rows['members']} outbox={rows['outbox']} "
        f"audit={rows['audit_events']} statuses={dict(sorted(tally.statuses.items()))} "
        f"known_crash_inputs_skipped={sum(tally.known.values())} {dict(sorted(tally.known.items()))}"
    )
    print("\n" + line)
    return line


def assert_sensible(tally: Tally, listeners: list[str]) -> None:
    assert tally.inputs > 0 and tally.server_errors == 0
    assert tally.inputs == tally.ok + tally.client_errors + tally.server_errors
    assert tally.ok > 0
    untried = [listener for listener in listeners if not tally.tried[listener]]
    assert not untried, f"never sent: {untried}"


# ================================================================================ known crashes
# Each entry: an input class that makes the app answer 5xx or log a listener failure today. The
# property tests skip (and count) such inputs; the reproducer is replayed by
# test_hardening_known_crashes_still_crash. Delete an entry once the product handles it.
def _parse(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _action(p: dict[str, Any]) -> dict[str, Any]:
    actions = p.get("actions")
    return actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}


def _view(p: dict[str, Any]) -> dict[str, Any]:
    return p["view"] if isinstance(p.get("view"), dict) else {}


def _metadata(p: dict[str, Any]) -> Any:
    return _parse(_view(p).get("private_metadata") or "{}")


def _state_values(p: dict[str, Any]) -> Any:
    state = _view(p).get("state")
    return state.get("values") if isinstance(state, dict) else None


def _elements(p: dict[str, Any]) -> list[Any]:
    values = _state_values(p)
    if not isinstance(values, dict):
        return []
    return [e for block in values.values() if isinstance(block, dict) for e in block.values()]


def _selected_values(p: dict[str, Any]) -> list[Any]:
    found = []
    for element in _elements(p):
        option = element.get("selected_option") if isinstance(element, dict) else None
        if isinstance(option, dict) and "value" in option:
            found.append(option["value"])
    return found


def _typed_values(p: dict[str, Any], block_ids: tuple[str, ...]) -> list[str]:
    """The text typed into the blocks ``block_ids`` (block ids may carry a ``:suffix``)."""
    values = _state_values(p)
    if not isinstance(values, dict):
        return []
    found = []
    for block_id, block in values.items():
        element = block.get(ids.VALUE) if isinstance(block, dict) else None
        if block_id.split(":")[0] in block_ids and isinstance(element, dict):
            if isinstance(element.get("value"), str):
                found.append(element["value"])
    return found


def _metadata_values(p: dict[str, Any]) -> list[Any]:
    metadata = _metadata(p)
    return list(metadata.values()) if isinstance(metadata, dict) else []


def _beyond_db_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return not math.isfinite(value) or abs(value) > DB_INT_MAX
    if isinstance(value, int):
        return abs(value) > DB_INT_MAX
    return isinstance(value, str) and value.isdecimal() and int(value) > DB_INT_MAX


def _int_convertible(value: Any) -> bool:
    try:
        int(value)
    except (TypeError, ValueError, OverflowError):
        return False
    return True


def _is_slack_user(user: Any) -> bool:
    return isinstance(user, dict) and isinstance(user.get("id"), str) and bool(user["id"])


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in (*_strings(key), *_strings(value))]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


_BUTTON_FORMATS = {
    ids.ITEM_TAKE: r"[0-9]{1,9}:[0-9]{1,9}",
    ids.ITEM_ASSIGN: r"[0-9]{1,9}:[0-9]{1,9}",
    ids.ITEM_UP: r"[0-9]{1,9}:[0-9]{1,9}",
    ids.ITEM_DOWN: r"[0-9]{1,9}:[0-9]{1,9}",
    ids.ITEM_MOVE: r"[0-9]{1,9}:[0-9]{1,9}",
    ids.ITEM_OUTCOME: rf"(?:{'|'.join(OUTCOMES)}|merge|remove):[0-9]{{1,9}}:[0-9]{{1,9}}",
    ids.ITEM_MORE: r"(?:up|down|move|merge|remove):[0-9]{1,9}:[0-9]{1,9}",
    ids.ROUND_REPORT: r"[0-9]{1,9}:[0-9]{1,9}",
    ids.ROUND_NOTHING_NEW: r"[0-9]{1,9}:[0-9]{1,9}",
}
OVERFLOWS = (ids.ITEM_OUTCOME, ids.ITEM_MORE)  # the chosen option's value is the one read


def _button_value_not_ours(listener: str, p: dict[str, Any]) -> bool:
    if listener not in EXPLAINED_ACTIONS and listener != ids.ADMIN_UNIT_EDIT:
        return False
    action = _action(p)
    if listener == ids.ADMIN_UNIT_EDIT:
        option = action.get("selected_option")
        return option is not None and not isinstance(option, dict) and bool(option)
    if listener in OVERFLOWS:
        option = action.get("selected_option")
        value = option.get("value") if isinstance(option, dict) else None
    else:
        value = action.get("value")
    return not (isinstance(value, str) and re.fullmatch(_BUTTON_FORMATS.get(listener, r"[0-9]{1,9}"), value))


def _bolt_envelope(p: Any) -> bool:
    if not isinstance(p, dict):
        return False
    kind = p.get("type")
    for key in ("team", "user", "channel", "enterprise"):
        if isinstance(p.get(key), (int, float)):  # incl. booleans
            return True
    if kind == "block_actions":
        actions = p.get("actions", [{}])
        if "view" in p and not isinstance(p["view"], dict):
            return True
        if not (isinstance(actions, list) and actions and isinstance(actions[0], dict)):
            return True
    if kind in ("view_submission", "view_closed") and "view" in p:
        view = p["view"]
        if not isinstance(view, dict) or (kind == "view_submission" and "type" not in view):
            return True
    if "event" in p and not isinstance(p["event"], dict):  # any type: Bolt looks for an event first
        return True
    return "authorizations" in p and not isinstance(p["authorizations"], list)


def _state_not_object(listener: str, p: dict[str, Any]) -> bool:
    if listener not in VIEW_IDS or p.get("type") != "view_submission":
        return False
    state = _view(p).get("state", {})
    if not isinstance(state, dict) or not isinstance(state.get("values", {}), dict | None):
        return True
    values = state.get("values", {})
    if values is None:  # forms.element and the admin modals read null values as {}
        return listener in (ids.REPORT_VIEW, *REVIEW_VIEWS)
    if listener in (
        ids.REPORT_VIEW,
        ids.ADMIN_UNIT_VIEW,
        ids.ADMIN_MEMBER_VIEW,
        ids.ADMIN_TERMS_VIEW,
        ids.ATTENDANCE_VIEW,
    ):
        return False  # these read each block defensively
    for block in values.values():
        if not isinstance(block, dict):
            return True
        for element in block.values():
            if listener in REVIEW_VIEWS and element and not isinstance(element, dict):
                return True
            option = element.get("selected_option") if isinstance(element, dict) else None
            if option and not isinstance(option, dict):
                return True
    return False


@dataclass(frozen=True)
class KnownCrash:
    summary: str
    where: str
    applies: Callable[[str, Any, str], bool]  # (listener, payload, dialect) → an input of this crash
    reproducer: Callable[[World, str], tuple[str, dict[str, Any]]] | None = None  # (world, response_url)
    backends: tuple[str, ...] = ("sqlite", "postgresql")
    raw: Callable[[RunningApp], HttpResult] | None = None  # a request that is not an interaction


def _block_action(listener: str, value: Any, response_url: str | None, **envelope: Any) -> dict[str, Any]:
    payload = _action_payload(listener)
    action = payload["actions"][0]
    if listener in OVERFLOWS:
        action.update(
            type="overflow", selected_option={"text": {"type": "plain_text", "text": "x"}, "value": value}
        )
    elif value is not MISSING:
        action["value"] = value
    payload.update(
        team={"id": TEAM_ID, "domain": "orat-test"},
        user={"id": COP, "team_id": TEAM_ID},
        api_app_id="A0ORAT",
        trigger_id="7.7.7",
        container={"type": "message", "channel_id": "C0MEETING", "message_ts": "1700000001.000001"},
    )
    if response_url is not None:
        payload["response_url"] = response_url
    payload.update(envelope)
    return without_missing(payload)


_repro_views = itertools.count(1)
_generated_views = itertools.count(1)


def _submission(
    callback_id: str, metadata: Any, values: Any, *, user: Any = None, state: Any = MISSING
) -> dict:
    view = {
        "id": f"V0REPRO{next(_repro_views):04d}",
        "team_id": TEAM_ID,
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": metadata if isinstance(metadata, str) else json.dumps(metadata),
        "state": {"values": values} if state is MISSING else state,
    }
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "orat-test"},
        "user": {"id": CHAIR, "team_id": TEAM_ID} if user is None else user,
        "api_app_id": "A0ORAT",
        "trigger_id": "8.8.8",
        "view": view,
    }


def _responsibility_values(world: World, **override: Any) -> dict[str, Any]:
    blocks = ids.RESPONSIBILITY_BLOCKS
    values = {
        blocks["unit"]: {
            ids.VALUE: {"type": "static_select", "selected_option": {"value": str(world.police)}}
        },
        blocks["owner"]: {ids.VALUE: {"type": "users_select", "selected_user": COP}},
        blocks["description"]: {ids.VALUE: {"type": "plain_text_input", "value": "Ökad närvaro"}},
        blocks["due_on"]: {ids.VALUE: {"type": "datepicker", "selected_date": "2026-12-20"}},
        blocks["note"]: {ids.VALUE: {"type": "plain_text_input", "value": ""}},
    }
    values.update(override)
    return values


KNOWN_CRASHES: dict[str, KnownCrash] = {}


def known_crash(listener: str, payload: Any, dialect: str) -> str | None:
    return next(
        (name for name, crash in KNOWN_CRASHES.items() if crash.applies(listener, payload, dialect)), None
    )


# ================================================================================ a populated app
@dataclass
class World:
    units: dict[str, int]
    report_ids: list[int]
    meeting_ids: list[int]
    items: list[tuple[int, int, int]]  # (item id, meeting id, number)
    action_ids: list[int]
    draft_ids: list[int]

    @property
    def unit_ids(self) -> list[int]:
        return list(self.units.values())

    @property
    def police(self) -> int:
        return self.units["Polisen"]

    @property
    def school(self) -> int:
        return self.units["Apelgårdsskolan"]


UNITS = [
    {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster", "granskare": CHIEF},
    {"namn": "Apelgårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
    {"namn": "Örtagårdsskolan", "typ": "skola", "stadsomrade": "Väster"},
    {"namn": "Polisen", "typ": "aktör"},
    {"namn": "Fastighets- och gatukontoret", "typ": "förvaltning"},
]
MEMBERS = [
    {"slack_id": COP, "enhet": "Polisen", "roller": ["deltagare"]},
    {"slack_id": FGK, "enhet": "Fastighets- och gatukontoret", "roller": ["deltagare"]},
]


def build_world(app: RunningApp, clock: Any) -> World:
    """Units, reports (one in review), a published agenda during its meeting, an action with its
    owner, and a draft: so generated ids sometimes hit real rows."""
    services = app.runtime.services
    engine = app.runtime.engine
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": UNITS, "medlem": MEMBERS}), services.clock())
    units = {u.name: u.id for u in all_rows(engine, Unit)}
    for i, unit in enumerate(("Apelgårdsskolan", "Apelgårdsskolan", "Rosengårdsskolan")):
        services.reports.file_report(
            team_id=TEAM_ID,
            user_id=HEAD,
            view_id=None,
            report=ReportInput(
                "arson", units[unit], None, None, f"Plats {i}", date(2026, 11, 19), None, f"Brand {i}", False
            ),
            draft_id=None,
            now=services.clock(),
        )
    services.tick(PUBLISH_TIME)
    wait_until_delivered(engine, now=PUBLISH_TIME)
    clock.now = PUBLISH_TIME + timedelta(hours=1, minutes=10)  # during the meeting
    items = all_rows(engine, AgendaItem)
    assert items, "the agenda was not published"
    services.responsibility.take(
        TEAM_ID,
        COP,
        items[0].id,
        ActionInput(units["Polisen"], COP, "Ökad närvaro", date(2026, 12, 15), ""),
        assign=False,
        now=clock(),
    )
    services.reports.report_form(TEAM_ID, HEAD, "lång " * 1000, clock())  # keeps a draft
    services.outbox.dispatch(clock())
    wait_until_delivered(engine, now=clock())
    return World(
        units=units,
        report_ids=[r.id for r in all_rows(engine, Report)],
        meeting_ids=[m.id for m in all_rows(engine, Meeting)],
        items=[(i.id, i.meeting_id, i.number) for i in items],
        action_ids=[a.id for a in all_rows(engine, Action)],
        draft_ids=[d.id for d in all_rows(engine, ReportDraft)],
    )


@pytest.fixture
def world(app_server: RunningApp, clock: Any) -> World:
    return build_world(app_server, clock)


# ================================================================================ strategies
def mostly(valid: st.SearchStrategy[Any], broken: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``valid`` four times in five: a payload is mostly right, with the odd thing wrong."""
    return st.integers(0, 4).flatmap(lambda n: broken if n == 4 else valid)


def without_missing(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not MISSING}


def real_or_random(real: list[int]) -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(real), st.integers(-2, 10_000))


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
ODD_STRINGS = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1.5",
        "1e3",
        "abc",
        ":",
        "1:",
        ":1",
        "1:2:3",
        "٣",  # an Arabic-Indic digit: int() reads it
        "²",  # a superscript two: isdigit() is true, int() refuses it
        "null",
        "None",
        "Ω≈ç√∫",
        "\x00",
        "<!channel>",
        "*_~`",
        "🙂" * 3,
        "9" * 25,  # beyond any database integer
    ]
)
LONG_STRINGS = st.sampled_from([1001, 3001, 10_000, 40_000]).map(lambda n: ("å" + "x" * 9) * (n // 10))
TEXTS = st.one_of(st.text(max_size=60), ODD_STRINGS, LONG_STRINGS)
WRONG_TYPES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.integers(), max_size=2), ANY_JSON
)
DATES = st.one_of(
    st.dates(date(2025, 1, 1), date(2028, 12, 31)).map(date.isoformat),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-13-01",
            "2026-11-31",
            "0000-00-00",
            "9999-12-31",
            "26-1-1",
            "",
            "2026-11-20T10:00",
        ]
    ),
    st.text(max_size=12),
)
TIMES = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.sampled_from(["25:00", "23:60", "24:00", "7:5", "", "noon", "12:00:00.5"]),
)
USER_IDS = st.one_of(st.sampled_from(USERS), st.from_regex(r"[UW][A-Z0-9]{2,10}", fullmatch=True))


def user_field() -> st.SearchStrategy[Any]:
    valid = USER_IDS.map(lambda u: {"id": u, "team_id": TEAM_ID, "username": "someone"})
    broken = st.sampled_from([MISSING, None, {}, {"id": None}, {"id": 5}, "UHEAD1", [], 7])
    return mostly(valid, broken)


def team_field() -> st.SearchStrategy[Any]:
    valid = st.sampled_from([{"id": TEAM_ID, "domain": "orat-test"}, {"id": OTHER_TEAM, "domain": "other"}])
    broken = st.sampled_from([MISSING, None, {}, {"id": None}, TEAM_ID, 7])
    return mostly(valid, broken)


def container_field() -> st.SearchStrategy[Any]:
    valid = st.sampled_from(
        [
            {"type": "message", "channel_id": "C0MEETING", "message_ts": "1700000001.000001"},
            {"type": "message", "channel_id": "DHEAD1", "message_ts": "1700000002.000002"},
            {"type": "view", "view_id": "V0CONTAINER"},
        ]
    )
    broken = st.sampled_from([MISSING, None, {}, {"channel_id": 5, "message_ts": None}, "C0MEETING"])
    return mostly(valid, broken)


# ================================================================================ 1a. slash commands
SUBCOMMANDS = [
    "",
    "hjälp",
    "help",
    "?",
    "--help",
    "agenda",
    "agenda publicera",
    "agenda publish",
    "agenda export",
    "agenda fil",
    "agenda okänt",
    "möte",
    "möten",
    "mote",
    "möte flytta",
    "möte flytta tisdag 10:00",
    "möte flytta 2026-12-08 till 2026-12-09 13:00",
    "möte flytta 8/12 till 9/12 kl 9",
    "möte flytta till",
    "möte flytta 2026-02-30 till 2026-02-31 25:00",
    "möte ställ in",
    "möte ställ in 8 dec",
    "möte avboka 2026-12-15",
    "möte inställ imorgon",
    "möte något",
    "mina",
    "mine",
    "protokoll",
    "minutes",
    "rapport",
    "rapport ÖMM-2026-0001",
    "rapport omm-2026-9999",
    "visa ÖMM-2026-0002",
    "logg",
    "logg ÖMM-2026-0001",
    "admin",
    "AGENDA",
    "Mina",
]
COMMAND_WORDS = st.one_of(
    st.sampled_from(
        [
            "till",
            "tisdag",
            "idag",
            "imorgon",
            "i morgon",
            "10:00",
            "kl",
            "kl.9",
            "25:99",
            "9.30",
            "2026-02-30",
            "31/2",
            "30 feb",
            "1 december 2026",
            "ställ",
            "in",
            "ÖMM-2026-0001",
            "ÖMM-2026-99999999999",
        ]
    ),
    st.text(max_size=15),
    ODD_STRINGS,
)
COMMAND_TEXTS = st.one_of(
    st.builds(
        lambda head, rest, sep: sep.join([head, *rest]).strip(),
        st.sampled_from(SUBCOMMANDS),
        st.lists(COMMAND_WORDS, max_size=4),
        st.sampled_from([" ", "  ", "\t", "\n", " \u00a0"]),
    ),
    st.text(max_size=120),
    LONG_STRINGS,
)


def test_hardening_slash_commands(app_server: RunningApp, world: World):
    with Probe(app_server) as probe:

        @_settings(examples=70)
        @given(
            command=st.sampled_from([ids.REPORT_COMMAND, ids.ORAT_COMMAND]),
            text=COMMAND_TEXTS,
            user=st.one_of(USER_IDS, st.just(CHAIR)),
        )
        def run(command: str, text: str, user: str) -> None:
            probe.send(command, {"command": command, "text": text, "user_id": user})

        run()
    summary("commands", app_server.runtime.engine, probe.tally)
    assert_sensible(probe.tally, [ids.REPORT_COMMAND, ids.ORAT_COMMAND])


# ================================================================================ 1b. block_actions
def _valid_action_value(world: World, listener: str) -> st.SearchStrategy[Any]:
    """What the app itself puts in the element's value (with real or random ids)."""
    items = st.one_of(
        st.sampled_from([f"{meeting}:{number}" for _, meeting, number in world.items]),
        st.builds(lambda m, n: f"{m}:{n}", real_or_random(world.meeting_ids), st.integers(0, 50)),
    )
    if listener in (ids.AGENDA_PUBLISH_NOW, ids.AGENDA_PRESENT, ids.AGENDA_ATTENDANCE, ids.AGENDA_ADD_OTHER):
        return real_or_random(world.meeting_ids).map(str)
    if listener == ids.MINUTES_CORRECT:
        return real_or_random(world.meeting_ids).map(str)
    if listener in (ids.ITEM_TAKE, ids.ITEM_ASSIGN, ids.ITEM_UP, ids.ITEM_DOWN, ids.ITEM_MOVE):
        return items
    if listener == ids.ITEM_OUTCOME:
        kinds = st.sampled_from([*OUTCOMES, "untable", "merge", "remove"])
        return st.builds(lambda kind, item: f"{kind}:{item}", kinds, items)
    if listener == ids.ITEM_MORE:
        kinds = st.sampled_from(["up", "down", "move", "merge", "remove"])
        return st.builds(lambda kind, item: f"{kind}:{item}", kinds, items)
    if listener in (ids.ROUND_REPORT, ids.ROUND_NOTHING_NEW):  # "meeting:unit"
        return st.builds(
            lambda m, u: f"{m}:{u}", real_or_random(world.meeting_ids), real_or_random(world.unit_ids)
        )
    if listener in REVIEW_ACTIONS or listener == ids.ADMIN_UNIT_EDIT:
        return real_or_random(world.report_ids if listener in REVIEW_ACTIONS else world.unit_ids).map(str)
    if listener in (ids.ADMIN_UNIT_NEW, ids.ADMIN_MEMBER, ids.ADMIN_TERMS):
        return st.just(MISSING)
    if listener == MEMBER_CHOSEN:
        return USER_IDS
    if listener in (ids.HOME_PAGE_NEXT, ids.HOME_PAGE_PREVIOUS):
        sections = st.sampled_from(["reports", "actions", "review", "waiting", "overdue", "nonsense"])
        return st.builds(lambda name, n: f"{name}:{n}", sections, st.integers(0, 10**12))
    if listener in HOME_ACTIONS:
        return st.sampled_from(["new", "admin"])
    return real_or_random(world.action_ids).map(str)


@st.composite
def block_actions(draw: st.DrawFn, world: World, response_url: str, listener: str) -> dict[str, Any]:
    valid = _valid_action_value(world, ids.ITEM_TAKE if listener == UNKNOWN_ACTION else listener)
    value = draw(mostly(valid, st.one_of(st.just(MISSING), ODD_STRINGS, TEXTS, WRONG_TYPES)))
    if listener == UNKNOWN_ACTION:
        action_id = draw(st.one_of(st.text(max_size=20), st.sampled_from(["", "item_takes", "ITEM_TAKE"])))
        action: dict[str, Any] = {"action_id": action_id, "block_id": "b"}
    else:
        action = _action_payload(listener)["actions"][0]
        action["block_id"] = (
            action["block_id"]
            if listener == MEMBER_CHOSEN
            else draw(st.sampled_from(["item_1_actions", "b", ""]))
        )
    action["action_ts"] = "1700000000.000100"
    if listener in (*OVERFLOWS, ids.ADMIN_UNIT_EDIT):
        shape = draw(st.sampled_from(["option"] * 6 + ["no option", "option not an object"]))
        action["type"] = "overflow" if listener in OVERFLOWS else "static_select"
        if shape == "option":
            action["selected_option"] = without_missing(
                {"text": {"type": "plain_text", "text": "x"}, "value": value}
            )
        elif shape == "option not an object":
            action["selected_option"] = value
    elif listener == MEMBER_CHOSEN:
        action["type"] = "users_select"
        if value is not MISSING:
            action["selected_user"] = value
    else:
        action["type"] = draw(st.sampled_from(["button", "button", "static_select", "overflow"]))
        if value is not MISSING:
            action["value"] = value
    actions = draw(mostly(st.just([action]), st.sampled_from([[], [action, action], MISSING, [None], {}])))
    in_home = listener in HOME_ACTIONS or draw(st.sampled_from([False] * 9 + [True]))
    in_modal = in_home or listener in (
        ids.ADMIN_UNIT_NEW,
        ids.ADMIN_UNIT_EDIT,
        ids.ADMIN_MEMBER,
        ids.ADMIN_TERMS,
        MEMBER_CHOSEN,
    )
    metadata = ['{"chair": true}', '{"chair": false}', "", "{", "[]"]
    if in_home:  # a button in the App Home tab: a view of type home, its paging in private_metadata
        metadata += ['{"reports": 10}', '{"reports": -3, "actions": "x"}', '{"overdue": 99999999999}']
    modal = {
        "id": "V0ADMINHOME",
        "type": "home" if in_home else "modal",
        "callback_id": "home" if in_home else "admin_home",
        "hash": "1700000000.abcdef",
        "private_metadata": draw(st.sampled_from(metadata)),
    }
    payload = without_missing(
        {
            "type": "block_actions",
            "team": draw(team_field()),
            "user": draw(user_field()),
            "api_app_id": "A0ORAT",
            "token": "legacy-verification-token",
            "trigger_id": draw(mostly(st.just("7.7.7"), st.sampled_from([MISSING, None, "", 5]))),
            # A button in a modal comes without response_url, in a message with one.
            "response_url": MISSING if in_modal else draw(mostly(st.just(response_url), st.just(MISSING))),
            "container": {"type": "view", "view_id": "V0ADMINHOME"} if in_modal else draw(container_field()),
            "channel": MISSING if in_modal else draw(mostly(st.just({"id": "C0MEETING"}), st.just(MISSING))),
            "message": MISSING if in_modal else {"ts": "1700000001.000001", "blocks": []},
            "view": draw(mostly(st.just(modal), st.sampled_from([MISSING, None, "view"])))
            if in_modal
            else draw(st.sampled_from([MISSING] * 6 + [None, {"id": "V0X", "type": "modal"}])),
            "actions": actions,
        }
    )
    return payload


def test_hardening_block_actions(app_server: RunningApp, fake_slack: FakeSlack, world: World):
    """Every action id in turn (so each is reached), then ids nobody listens to."""
    with Probe(app_server) as probe:
        for listener in [*ACTION_IDS, UNKNOWN_ACTION]:
            explore(probe, listener, block_actions(world, fake_slack.response_url, listener), examples=8)
    summary("block_actions", app_server.runtime.engine, probe.tally)
    assert_sensible(probe.tally, [*ACTION_IDS, UNKNOWN_ACTION])


# ================================================================================ 1c. view_submission
def text_element() -> st.SearchStrategy[dict[str, Any]]:
    """Mostly what a person types (so submissions get as far as storing), else odd text or null."""
    typed = st.text(min_size=1, max_size=80).filter(str.strip)
    return st.builds(
        lambda v: {"type": "plain_text_input", "value": v}, mostly(typed, st.one_of(TEXTS, st.none()))
    )


def select_element(values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    option = mostly(
        values.map(lambda v: {"text": {"type": "plain_text", "text": "x"}, "value": str(v)}), st.none()
    )
    return st.builds(lambda o: {"type": "static_select", "selected_option": o}, option)


def date_element() -> st.SearchStrategy[dict[str, Any]]:
    """Mostly a date around the meeting (before it for reports, after it for deadlines), else odd."""
    around = st.dates(date(2026, 6, 1), date(2027, 3, 31)).map(date.isoformat)
    return st.builds(
        lambda d: {"type": "datepicker", "selected_date": d}, mostly(around, st.one_of(DATES, st.none()))
    )


def users_element() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda u: {"type": "users_select", "selected_user": u}, st.one_of(USER_IDS, st.none()))


def multi_users_element() -> st.SearchStrategy[dict[str, Any]]:
    chosen = st.one_of(st.lists(st.one_of(USER_IDS, st.sampled_from([None, 5, ""])), max_size=3), WRONG_TYPES)
    return st.builds(lambda u: {"type": "multi_users_select", "selected_users": u}, chosen)


def typed(text: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": text}


def checkboxes_element(values: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    chosen = st.lists(st.sampled_from(values), max_size=len(values), unique=True)
    return st.builds(lambda c: {"type": "checkboxes", "selected_options": [{"value": v} for v in c]}, chosen)


def broken_element() -> st.SearchStrategy[Any]:
    """An element Slack would not send: wrong types and shapes."""
    return st.one_of(
        WRONG_TYPES,
        st.builds(lambda v: {"value": v}, WRONG_TYPES),
        st.builds(lambda v: {"type": "static_select", "selected_option": v}, st.one_of(WRONG_TYPES, TEXTS)),
        st.builds(lambda v: {"type": "static_select", "selected_option": {"value": v}}, WRONG_TYPES),
        st.builds(lambda v: {"type": "static_select", "selected_option": {"value": v}}, ODD_STRINGS),
        st.builds(lambda v: {"type": "datepicker", "selected_date": v}, st.one_of(WRONG_TYPES, DATES)),
        st.builds(lambda v: {"type": "timepicker", "selected_time": v}, st.one_of(WRONG_TYPES, TIMES)),
        st.builds(lambda v: {"type": "users_select", "selected_user": v}, st.one_of(WRONG_TYPES, TEXTS)),
        st.builds(lambda v: {"type": "checkboxes", "selected_options": v}, WRONG_TYPES),
    )


@st.composite
def state_values(draw: st.DrawFn, fields: dict[str, tuple[str, st.SearchStrategy[Any]]]) -> dict[str, Any]:
    """``view.state.values`` for ``{block id: (action id, valid element)}``: every block as the
    modal sends it, or each block right, missing, not an object, holding a broken element, or one
    under another action id."""
    values: dict[str, Any] = {}
    as_sent = draw(st.booleans())
    for block_id, (action_id, valid) in fields.items():
        shape = (
            "valid"
            if as_sent
            else draw(st.sampled_from(["valid"] * 4 + ["missing", "broken", "not an object", "other id"]))
        )
        if shape == "valid":
            values[block_id] = {action_id: draw(valid)}
        elif shape == "broken":
            values[block_id] = {action_id: draw(broken_element())}
        elif shape == "not an object":
            values[block_id] = draw(WRONG_TYPES)
        elif shape == "other id":
            values[block_id] = {"something_else": draw(valid)}
    if draw(st.integers(0, 9)) == 0:
        values[draw(st.text(max_size=10))] = draw(ANY_JSON)
    return values


def _view_fields(world: World, callback_id: str) -> tuple[dict[str, Any], st.SearchStrategy[Any]]:
    """The fields of modal ``callback_id`` and what its ``private_metadata`` normally holds."""
    units = real_or_random(world.unit_ids)
    reports = real_or_random(world.report_ids)
    items = real_or_random([item_id for item_id, _, _ in world.items])
    value = ids.VALUE
    if callback_id in (ids.REPORT_VIEW, ids.REPORT_RECEIVED_VIEW):
        blocks = ids.REPORT_BLOCKS
        fields = {
            blocks["category"]: (
                value,
                select_element(st.sampled_from(["arson", "gangs", "other", "Arson", "🔥"])),
            ),
            blocks["unit"]: (ids.REPORT_UNIT_ACTION, select_element(units)),
            blocks["new_unit_name"]: (value, text_element()),
            blocks["new_unit_area"]: (value, select_element(st.sampled_from(["Öster", "Söder", "Mars"]))),
            blocks["place"]: (value, text_element()),
            blocks["earlier_place"]: (ids.REPORT_PLACE_ACTION, select_element(TEXTS)),
            blocks["occurred_on"]: (value, date_element()),
            blocks["occurred_time"]: (
                value,
                st.builds(lambda t: {"type": "timepicker", "selected_time": t}, st.one_of(TIMES, st.none())),
            ),
            blocks["description"]: (value, text_element()),
            blocks["recurring"]: (value, checkboxes_element(["yes", "no"])),
        }
        metadata = st.one_of(
            st.builds(lambda d: {"draft": d}, real_or_random(world.draft_ids)),
            st.builds(lambda r: {"edit": r}, reports),
            st.just({}),
        )
    elif callback_id == ids.REPORT_MATCH_VIEW:
        choice = st.one_of(reports, st.sampled_from([ids.REPORT_MATCH_NEW, "x", "-1", ""]))
        fields = {ids.REPORT_MATCH_BLOCK: (value, select_element(choice))}
        metadata = st.builds(lambda d: {"pending": d}, real_or_random(world.draft_ids))
    elif callback_id in REVIEW_VIEWS:
        block = ids.MERGE_INTO_BLOCK if callback_id == ids.REVIEW_MERGE_VIEW else ids.QUESTION_BLOCK
        element = select_element(reports) if callback_id == ids.REVIEW_MERGE_VIEW else text_element()
        fields = {block: (value, element)}
        metadata = st.builds(
            lambda r: {"report": r, "channel": "DCHIEF1", "ts": "1700000003.000003"}, reports
        )
    elif callback_id == ids.RESPONSIBILITY_VIEW:
        blocks = ids.RESPONSIBILITY_BLOCKS
        fields = {
            blocks["unit"]: (value, select_element(units)),
            blocks["owner"]: (value, users_element()),
            blocks["description"]: (value, text_element()),
            blocks["due_on"]: (value, date_element()),
            blocks["note"]: (value, text_element()),
        }
        metadata = st.builds(lambda i, a: {"item": i, "assign": a}, items, st.booleans())
    elif callback_id == ids.OUTCOME_VIEW:
        blocks = ids.RESPONSIBILITY_BLOCKS
        fields = {
            blocks["note"]: (value, text_element()),
            blocks["suggested_unit"]: (value, select_element(units)),
        }
        metadata = st.builds(lambda i, o: {"item": i, "outcome": o}, items, st.sampled_from(OUTCOMES))
    elif callback_id == ids.ITEM_MOVE_VIEW:
        fields = {ids.ITEM_MOVE_REASON: (value, text_element())}
        metadata = st.builds(
            lambda m, n: {"meeting": m, "number": n}, real_or_random(world.meeting_ids), st.integers(0, 50)
        )
    elif callback_id == ids.ITEM_REMOVE_VIEW:
        fields = {ids.ITEM_REMOVE_REASON: (value, text_element())}
        metadata = st.builds(
            lambda m, n: {"meeting": m, "number": n}, real_or_random(world.meeting_ids), st.integers(0, 50)
        )
    elif callback_id == ids.ITEM_MERGE_VIEW:
        into = st.one_of(st.integers(0, 50), st.sampled_from(["x", "-1", ""]))
        fields = {ids.ITEM_MERGE_INTO: (value, select_element(into))}
        metadata = st.builds(
            lambda m, n: {"meeting": m, "number": n}, real_or_random(world.meeting_ids), st.integers(0, 50)
        )
    elif callback_id == ids.OTHER_VIEW:
        fields = {
            ids.OTHER_BLOCKS["title"]: (value, text_element()),
            ids.OTHER_BLOCKS["body"]: (value, text_element()),
        }
        metadata = st.builds(lambda m: {"meeting": m}, real_or_random(world.meeting_ids))
    elif callback_id == ids.MINUTES_CORRECT_VIEW:
        points = st.sampled_from(["general", "present", "other", "item:1", "item:99", "nonsense"])
        fields = {
            ids.MINUTES_CORRECTION_BLOCKS["point"]: (value, select_element(points)),
            ids.MINUTES_CORRECTION_BLOCKS["text"]: (value, text_element()),
        }
        metadata = st.builds(lambda m: {"meeting": m}, real_or_random(world.meeting_ids))
    elif callback_id == ids.ATTENDANCE_VIEW:
        chosen = st.lists(st.one_of(USER_IDS, st.sampled_from([None, 5, ""])), max_size=4)
        element = st.builds(lambda u: {"type": "multi_users_select", "selected_users": u}, chosen)
        fields = {ids.ATTENDANCE_BLOCK: (value, element)}
        metadata = st.builds(lambda m: {"meeting": m}, real_or_random(world.meeting_ids))
    elif callback_id == ids.SETTINGS_VIEW:
        rules = st.sampled_from(["tisdag 09:00", "onsdag 10:30", "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9", "x"])
        fields = {
            ids.SETTINGS_BLOCK_PREFIX + "meeting_channel": (
                value,
                st.builds(
                    lambda c: {"type": "conversations_select", "selected_conversation": c},
                    st.one_of(st.sampled_from(["C0MEETING", "C0OTHER", "allmänt"]), TEXTS, st.none()),
                ),
            ),
            ids.SETTINGS_BLOCK_PREFIX + "chairs": (value, multi_users_element()),
            ids.SETTINGS_BLOCK_PREFIX + "admins": (value, multi_users_element()),
            ids.SETTINGS_BLOCK_PREFIX + "meeting": (value, mostly(rules.map(typed), text_element())),
            ids.SETTINGS_BLOCK_PREFIX + "breaks": (value, text_element()),
            ids.SETTINGS_BLOCK_PREFIX + "cutoff_hours": (value, text_element()),
            ids.SETTINGS_BLOCK_PREFIX + "reminder_time": (value, text_element()),
            ids.SETTINGS_BLOCK_PREFIX + "retention": (value, text_element()),
            ids.SETTINGS_BLOCK_PREFIX + "language": (
                value,
                select_element(st.sampled_from(["sv", "en", "de"])),
            ),
            ids.SETTINGS_BLOCK_PREFIX + "reporters": (value, select_element(st.sampled_from(["alla", "x"]))),
        }
        metadata = st.just({})
    elif callback_id == ids.SETTINGS_UNITS_VIEW:
        toml = st.sampled_from(
            [
                '[[enhet]]\nnamn = "Nyskolan"\ntyp = "skola"\nstadsomrade = "Öster"',
                "enhet = 1",
                'enhet = ["a"]',
                "[[enhet]]\nnamn = 5",
                "[organisation]\nslack_team = 'T0OTHER'",
                "=",
            ]
        )
        fields = {ids.SETTINGS_UNITS_BLOCK: (value, mostly(toml.map(typed), text_element()))}
        metadata = st.just({})
    elif callback_id in (ids.ADMIN_UNIT_VIEW, ids.ADMIN_MEMBER_VIEW, "admin_home"):
        blocks = ids.ADMIN_BLOCKS
        fields = {
            blocks["name"]: (value, text_element()),
            blocks["kind"]: (value, select_element(st.sampled_from(["school", "department", "actor", "x"]))),
            blocks["area"]: (value, select_element(st.sampled_from(["Öster", "Norr", "Mars"]))),
            blocks["reviewer"]: (value, users_element()),
            blocks["active"]: (value, checkboxes_element(["yes"])),
        }
        if callback_id == ids.ADMIN_MEMBER_VIEW:
            suffix = ":UCOP1"  # the member form's block ids carry the person
            fields = {
                blocks["user"] + suffix: (value, users_element()),
                blocks["unit"] + suffix: (value, select_element(units)),
                blocks["roles"] + suffix: (
                    value,
                    checkboxes_element(["reporter", "reviewer", "participant", "chair", "admin", "god"]),
                ),
            }
        metadata = st.one_of(st.builds(lambda u: {"unit": u}, st.one_of(units, st.none())), st.just({}))
    elif callback_id == ids.ADMIN_TERMS_VIEW:
        blocks = ids.ADMIN_TERM_BLOCKS
        actions = st.sampled_from(["add", "rename", "retire", "restore", "delete", ""])
        terms = st.sampled_from(["area:Norr", "category:arson", "category:", "area:Mars", "x:y", "Norr", ""])
        fields = {
            blocks["action"]: (value, select_element(actions)),
            blocks["kind"]: (value, select_element(st.sampled_from(["area", "category", "unit", ""]))),
            blocks["term"]: (value, select_element(terms)),
            blocks["label"]: (value, text_element()),
        }
        metadata = st.just({})
    else:  # follow-up modals, and a callback id nobody listens to
        blocks = ids.FOLLOW_UP_BLOCKS
        fields = {
            blocks["note"]: (value, text_element()),
            blocks["due_on"]: (value, date_element()),
            blocks["to_user"]: (value, users_element()),
            blocks["to_unit"]: (value, select_element(units)),
            blocks["reason"]: (value, text_element()),
        }
        metadata = st.builds(lambda a: {"action": a}, real_or_random(world.action_ids))
    return fields, metadata


PRIVATE_METADATA_NOISE = st.one_of(
    st.just(MISSING),
    st.sampled_from(["", "{", "[]", "null", "1", '"text"', "{}", '{"item": "x"}', '{"action": [1]}']),
    TEXTS,
    ANY_JSON.map(json.dumps),
    st.dictionaries(
        st.sampled_from(["item", "report", "action", "draft", "edit", "assign", "outcome", "unit", "chair"]),
        st.one_of(WRONG_TYPES, ODD_STRINGS),
        max_size=3,
    ).map(json.dumps),
)


@st.composite
def view_submissions(draw: st.DrawFn, world: World, listener: str) -> dict[str, Any]:
    callback_id = draw(st.text(max_size=20)) if listener == UNKNOWN_VIEW else listener
    fields, metadata = _view_fields(world, listener)
    private_metadata = draw(mostly(metadata.map(json.dumps), PRIVATE_METADATA_NOISE))
    state = draw(
        mostly(st.builds(lambda v: {"values": v}, state_values(fields)), WRONG_TYPES | st.just(MISSING))
    )
    team_id = draw(st.sampled_from([TEAM_ID, TEAM_ID, TEAM_ID, OTHER_TEAM]))
    view = without_missing(
        {
            "id": f"V0GEN{next(_generated_views):06d}",  # each modal once: the same id is a retry
            "team_id": team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": state,
            "hash": "1700000000.abcdef",
            "root_view_id": draw(st.sampled_from([MISSING, None, "V0ADMINHOME"])),
        }
    )
    payload = without_missing(
        {
            "type": "view_submission",
            "team": draw(mostly(st.just({"id": team_id, "domain": "orat-test"}), team_field())),
            "user": draw(user_field()),
            "api_app_id": "A0ORAT",
            "token": "legacy-verification-token",
            "trigger_id": "8.8.8",
            "view": draw(mostly(st.just(view), st.sampled_from([MISSING, None, {}, "view"]))),
            "response_urls": [],
        }
    )
    return payload


def test_hardening_view_submissions(app_server: RunningApp, world: World):
    """Every callback id in turn, those without a submit listener, then ids nobody uses."""
    with Probe(app_server) as probe:
        for listener in [*VIEW_IDS, *UNHANDLED_VIEWS, UNKNOWN_VIEW]:
            examples = {ids.REPORT_VIEW: 24, ids.RESPONSIBILITY_VIEW: 20}.get(listener, 12)
            examples = 4 if listener in UNHANDLED_VIEWS else examples
            explore(probe, listener, view_submissions(world, listener), examples=examples)
    summary("view_submission", app_server.runtime.engine, probe.tally)
    assert_sensible(probe.tally, [*VIEW_IDS, *UNHANDLED_VIEWS, UNKNOWN_VIEW])
    # Whatever was submitted, nothing stored before is gone.
    assert stored(app_server.runtime.engine)["reports"] >= len(world.report_ids)


# ================================================================================ 1d. the rest
OTHER_KINDS = ["view_closed", "block_suggestion", "unknown type", "events api"]


@st.composite
def other_requests(draw: st.DrawFn, world: World, kind: str) -> Any:
    """A ``kind`` payload: view_closed, block_suggestion, an interaction type nobody listens to, or
    an Events API body (sent as JSON)."""
    envelope = {
        "team": draw(team_field()),
        "user": draw(user_field()),
        "api_app_id": "A0ORAT",
        "token": "legacy-verification-token",
    }
    if kind == "view_closed":
        callback_id = draw(st.sampled_from([ids.REPORT_VIEW, ids.REPORT_VIEW, *VIEW_IDS, "x"]))
        metadata = draw(
            st.one_of(
                st.builds(lambda d: json.dumps({"draft": d}), real_or_random(world.draft_ids)),
                PRIVATE_METADATA_NOISE,
            )
        )
        view = without_missing(
            {
                "id": "V0CLOSED",
                "team_id": TEAM_ID,
                "type": "modal",
                "callback_id": callback_id,
                "private_metadata": metadata,
            }
        )
        payload = {
            "type": "view_closed",
            **envelope,
            "view": draw(mostly(st.just(view), st.sampled_from([MISSING, None, {}]))),
            "is_cleared": draw(st.booleans()),
        }
        return without_missing(payload)
    if kind == "block_suggestion":
        payload = {
            "type": "block_suggestion",
            **envelope,
            "action_id": draw(
                mostly(
                    st.sampled_from([ids.REPORT_UNIT_ACTION, ids.REPORT_PLACE_ACTION]), st.text(max_size=10)
                )
            ),
            "block_id": draw(
                st.sampled_from([ids.REPORT_BLOCKS["unit"], ids.REPORT_BLOCKS["earlier_place"]])
            ),
            "value": draw(mostly(TEXTS, st.one_of(WRONG_TYPES, st.just(MISSING)))),
            "view": {"id": "V0SUGGEST", "team_id": TEAM_ID, "type": "modal", "callback_id": ids.REPORT_VIEW},
        }
        return without_missing(payload)
    if kind == "unknown type":
        payload = {
            "type": draw(
                st.one_of(
                    st.sampled_from(
                        ["shortcut", "message_action", "dialog_submission", "workflow_step_edit"]
                    ),
                    st.text(max_size=15),
                    WRONG_TYPES,
                )
            ),
            **envelope,
            "callback_id": draw(st.text(max_size=10)),
            "trigger_id": "9.9.9",
        }
        return without_missing(payload)
    event = draw(
        st.fixed_dictionaries(
            {"type": st.sampled_from(["app_mention", "message", "app_home_opened", "member_joined_channel"])},
            optional={
                "user": USER_IDS,
                "text": TEXTS,
                "channel": st.just("C0GENERAL"),
                "ts": st.just("1.2"),
                "tab": st.sampled_from(["home", "home", "messages", "", 5]),
            },
        )
    )
    payload = {
        "type": draw(st.sampled_from(["event_callback", "event_callback", "app_rate_limited", "nonsense"])),
        "team_id": draw(st.sampled_from([TEAM_ID, OTHER_TEAM])),
        "api_app_id": "A0ORAT",
        "event": draw(mostly(st.just(event), WRONG_TYPES)),
        "event_id": "Ev0HARDENING",
        "event_time": 1700000000,
    }
    return payload


def test_hardening_view_closed_suggestions_and_unhandled_types(app_server: RunningApp, world: World):
    with Probe(app_server) as probe:
        for kind in OTHER_KINDS:
            as_json = kind == "events api"
            explore(probe, kind, other_requests(world, kind), examples=20, as_json=as_json)
    summary("closed+suggestion+other", app_server.runtime.engine, probe.tally)
    assert_sensible(probe.tally, OTHER_KINDS)
    assert stored(app_server.runtime.engine)["reports"] == len(world.report_ids)  # none of these files one


# ================================================================================ 1e. the known crashes
def test_hardening_known_crashes_still_crash(app_server: RunningApp, fake_slack: FakeSlack, world: World):
    """Each KNOWN_CRASHES reproducer still makes the app fail. When one no longer does, the product
    was fixed: delete its entry, and the property tests generate those inputs again."""
    dialect = app_server.runtime.engine.dialect.name
    errors = _ErrorRecords()
    for name in WATCHED_LOGGERS:
        logging.getLogger(name).addHandler(errors)
    outcomes: dict[str, str] = {}
    try:
        for crash_id, crash in KNOWN_CRASHES.items():
            if dialect not in crash.backends:
                continue
            if crash.raw is not None:
                outcomes[crash_id] = _replay(lambda raw=crash.raw: raw(app_server), errors)
                continue
            assert crash.reproducer is not None
            listener, payload = crash.reproducer(world, fake_slack.response_url)
            assert known_crash(listener, payload, dialect) == crash_id, (
                f"{crash_id}: reproducer misclassified"
            )
            outcomes[crash_id] = _replay(
                lambda payload=payload: app_server.slack.interactive(payload), errors
            )
    finally:
        for name in WATCHED_LOGGERS:
            logging.getLogger(name).removeHandler(errors)
    print(f"\nhardening[known_crashes/{dialect}]: reproduced={len(outcomes)} " + json.dumps(outcomes))
    fixed = [crash_id for crash_id, outcome in outcomes.items() if outcome == "no failure"]
    assert not fixed, f"fixed: remove them from KNOWN_CRASHES so they are generated again: {fixed}"


def _replay(request: Callable[[], HttpResult], errors: _ErrorRecords) -> str:
    """Send one request; return how it failed. A listener that fails after ack() leaves Bolt
    waiting 3 s before its 404, so the log record is enough and the answer is not waited for."""
    mark = len(errors.records)
    answer: list[HttpResult] = []
    sender = threading.Thread(target=lambda: answer.append(request()), daemon=True)
    sender.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        logged = errors.since(mark)
        if logged:
            return f"logged {logged[0].getMessage()[:80]!r}"
        if answer:
            time.sleep(0.2)  # a listener still running after the answer logs shortly
            logged = errors.since(mark)
            if answer[0].status >= 500 or logged:
                return f"HTTP {answer[0].status}" + (
                    f", logged {logged[0].getMessage()[:80]!r}" if logged else ""
                )
            return "no failure"
        time.sleep(0.02)
    return "no answer in 10 s"


# ================================================================================ 2. signatures and bodies
def _now() -> str:
    return str(int(time.time()))


SIGNED_SUBMISSION = urlencode(
    {
        "payload": json.dumps(
            {
                "type": "view_submission",
                "user": {"id": HEAD},
                "team": {"id": TEAM_ID},
                "view": {
                    "id": "V1",
                    "type": "modal",
                    "callback_id": ids.REPORT_VIEW,
                    "state": {"values": {}},
                },
            }
        )
    }
).encode()


def _raw_post(url: str, body: bytes, headers: dict[str, Any], *, chunked: bool = False) -> int:
    """A request urllib cannot make: chunked without Content-Length, or a Content-Length that lies."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        if chunked:
            connection.putrequest("POST", parts.path)
            for key, value in headers.items():
                connection.putheader(key, value)
            connection.putheader("Transfer-Encoding", "chunked")
            connection.endheaders()
            for start in range(0, len(body), 65536):
                chunk = body[start : start + 65536]
                connection.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            connection.send(b"0\r\n\r\n")
        else:
            connection.request("POST", parts.path, body=body, headers=headers)
        return connection.getresponse().status
    except (ConnectionError, http.client.HTTPException):
        return 413  # the server refused and closed while the body was still being sent
    finally:
        connection.close()


def _signed_headers(body: bytes, content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    ts = _now()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sign(body, ts),
    }


COMMAND_BODY = urlencode(
    {"command": "/rapportera", "text": "x", "user_id": HEAD, "team_id": TEAM_ID, "trigger_id": "1.2.3"}
).encode()
BIG = b"text=" + b"a" * (2 * 1024 * 1024)
EXTRA_CASES: dict[str, Callable[[RunningApp], int]] = {
    "signature header empty": lambda a: a.slack.post(COMMAND_BODY, headers={"X-Slack-Signature": ""}).status,
    "timestamp header empty": lambda a: (
        a.slack.post(COMMAND_BODY, headers={"X-Slack-Request-Timestamp": ""}).status
    ),
    "signature scheme v1": lambda a: (
        a.slack.post(
            COMMAND_BODY, headers={"X-Slack-Signature": "v1=" + sign(COMMAND_BODY, _now())[3:]}
        ).status
    ),
    "signature hex in upper case": lambda a: (
        a.slack.post(
            COMMAND_BODY, headers={"X-Slack-Signature": "v0=" + sign(COMMAND_BODY, _now())[3:].upper()}
        ).status
    ),
    "signature without v0= prefix": lambda a: (
        a.slack.post(COMMAND_BODY, headers={"X-Slack-Signature": sign(COMMAND_BODY, _now())[3:]}).status
    ),
    "signature truncated": lambda a: (
        a.slack.post(COMMAND_BODY, headers={"X-Slack-Signature": sign(COMMAND_BODY, _now())[:-2]}).status
    ),
    "signature of the body without its last byte": lambda a: (
        a.slack.post(COMMAND_BODY, headers={"X-Slack-Signature": sign(COMMAND_BODY[:-1], _now())}).status
    ),
    "signature non-ASCII": lambda a: _raw_post(
        a.slack.url,
        COMMAND_BODY,
        {**_signed_headers(COMMAND_BODY), "X-Slack-Signature": "v0=ä".encode()},
    ),
    "timestamp with a plus sign": lambda a: a.slack.post(COMMAND_BODY, timestamp="+" + _now()).status,
    "timestamp negative": lambda a: a.slack.post(COMMAND_BODY, timestamp="-" + _now()).status,
    "timestamp zero": lambda a: a.slack.post(COMMAND_BODY, timestamp="0").status,
    "timestamp Arabic-Indic digits": lambda a: _raw_post(
        a.slack.url,
        COMMAND_BODY,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": "١٧٠٠٠٠٠٠٠٠".encode(),
            "X-Slack-Signature": sign(COMMAND_BODY, "١٧٠٠٠٠٠٠٠٠"),
        },
    ),
    "timestamp of 300 digits": lambda a: a.slack.post(COMMAND_BODY, timestamp="9" * 300).status,
    # "9" * 400 answers 500: KNOWN_CRASHES["guard-timestamp-overflow"], replayed there.
    "timestamp in hex": lambda a: a.slack.post(COMMAND_BODY, timestamp=hex(int(time.time()))).status,
    "replayed five minutes and one second later": lambda a: (
        a.slack.post(COMMAND_BODY, timestamp=str(int(time.time()) - 301)).status
    ),
    "signed by the right secret over another timestamp": lambda a: (
        a.slack.post(
            COMMAND_BODY, headers={"X-Slack-Signature": sign(COMMAND_BODY, str(int(time.time()) - 1))}
        ).status
    ),
    "valid submission, unsigned": lambda a: a.slack.post(SIGNED_SUBMISSION, signed=False).status,
    "payload empty": lambda a: a.slack.post(b"payload=").status,
    "payload JSON null": lambda a: a.slack.post(b"payload=null").status,
    "payload JSON string": lambda a: a.slack.post(b"payload=%22text%22").status,
    "payload JSON with a byte-order mark": lambda a: (
        a.slack.post(urlencode({"payload": "\ufeff" + json.dumps({"type": "block_actions"})}).encode()).status
    ),
    "payload with a bad percent-escape": lambda a: a.slack.post(b"payload=%ZZ%7B").status,
    "payload twice, the first not JSON": lambda a: (
        a.slack.post(
            b"payload=nope&" + urlencode({"payload": json.dumps({"type": "block_actions"})}).encode()
        ).status
    ),
    "form of ampersands only": lambda a: a.slack.post(b"&&&").status,
    "JSON body an array": lambda a: a.slack.post(b"[1, 2]", content_type="application/json").status,
    "JSON body a string": lambda a: a.slack.post(b'"event"', content_type="application/json").status,
    "JSON body not UTF-8": lambda a: (
        a.slack.post(b'{"type": "\xff"}', content_type="application/json").status
    ),
    "multipart body": lambda a: (
        a.slack.post(
            b'--b\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{}\r\n--b--\r\n',
            content_type="multipart/form-data; boundary=b",
        ).status
    ),
    "oversized signed JSON body": lambda a: (
        a.slack.post(
            b'{"type": "event_callback", "pad": "' + b"a" * (2 * 1024 * 1024) + b'"}',
            content_type="application/json",
        ).status
    ),
    "oversized body, chunked, no Content-Length": lambda a: _raw_post(
        a.slack.url, BIG, _signed_headers(BIG), chunked=True
    ),
    "Content-Length claiming 2 MB": lambda a: _raw_post(
        a.slack.url, COMMAND_BODY, {**_signed_headers(COMMAND_BODY), "Content-Length": str(2 * 1024 * 1024)}
    ),
}


def test_hardening_signature_and_body_matrix(app_server: RunningApp, fake_slack: FakeSlack, world: World):
    """Forged, stale, malformed and oversized requests: 4xx, nothing stored, no Slack call, no 500."""
    engine = app_server.runtime.engine
    cases: dict[str, Callable[[RunningApp], int]] = {
        **{
            f"forged: {name}": (lambda a, case=case: case(a.slack).status)
            for name, case in FORGED_CASES.items()
        },
        **EXTRA_CASES,
    }
    tally = Tally()
    wrong = {}
    errors = _ErrorRecords()
    for name in WATCHED_LOGGERS:
        logging.getLogger(name).addHandler(errors)
    try:
        for name, case in cases.items():
            before_rows, before_calls = counts(engine), len(fake_slack.calls)
            mark = len(errors.records)
            status = case(app_server)
            time.sleep(0.01)
            tally.inputs += 1
            tally.tried[name] += 1
            tally.statuses[status] += 1
            tally.ok += 200 <= status < 300
            tally.client_errors += 400 <= status < 500
            tally.server_errors += status >= 500
            if not 400 <= status < 500:
                wrong[name] = f"HTTP {status}"
            elif counts(engine) != before_rows:
                wrong[name] = "stored something"
            elif len(fake_slack.calls) != before_calls:
                wrong[name] = f"called Slack: {[c.method for c in fake_slack.calls[before_calls:]]}"
            elif errors.since(mark):
                wrong[name] = f"logged {errors.since(mark)[0].getMessage()}"
    finally:
        for name in WATCHED_LOGGERS:
            logging.getLogger(name).removeHandler(errors)
    summary("signature+body", engine, tally)
    assert not wrong, wrong
    assert tally.inputs == len(cases) > len(FORGED_CASES) and tally.server_errors == 0 and tally.ok == 0
    assert stored(engine)["reports"] == len(world.report_ids)


# ================================================================================ 3. retries
RETRIES = [None, "1", "2", "3"]  # the first delivery, then Slack's retries after a timeout


def _deliver(app: RunningApp, payload: dict[str, Any], retry: str | None) -> HttpResult:
    headers = {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"} if retry else None
    return app.slack.interactive(payload, headers=headers)


def _submitted(view: dict[str, Any], values: dict[str, Any], user: str, view_id: str) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "orat-test"},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0ORAT",
        "trigger_id": "8.8.8",
        "view": {**view, "id": view_id, "team_id": TEAM_ID, "state": {"values": values}},
    }


def test_hardening_retried_report_submission_stores_one_report(app_server: RunningApp, fake_slack: FakeSlack):
    services = app_server.runtime.services
    services.organisation.seed(TEAM_ID, parse_seed({"enhet": UNITS}), services.clock())
    school = next(u.id for u in all_rows(app_server.runtime.engine, Unit) if u.name == "Apelgårdsskolan")
    assert app_server.slack.command(ids.REPORT_COMMAND, user=HEAD).status == 200
    view = fake_slack.wait_for("views.open")[0].args["view"]
    payload = _submitted(view, report_values(unit_id=school), HEAD, "V0RETRY0001")

    answers = [_deliver(app_server, payload, retry) for retry in RETRIES]
    wait_until_delivered(app_server.runtime.engine)

    engine = app_server.runtime.engine
    receipts = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == HEAD]
    with Session(engine) as session:
        queued = session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "report_receipt")
        )
    tally = Tally(inputs=len(answers), ok=sum(200 <= a.status < 300 for a in answers))
    tally.client_errors = sum(400 <= a.status < 500 for a in answers)
    tally.server_errors = sum(a.status >= 500 for a in answers)
    tally.statuses.update(a.status for a in answers)
    summary("retry report_submit", engine, tally)
    print(f"hardening[retry report_submit]: receipts_posted={len(receipts)} receipts_queued={queued}")
    assert [a.status for a in answers] == [200] * len(RETRIES)
    references = {json.dumps(a.json(), ensure_ascii=False).count("ÖMM-2026-0001") > 0 for a in answers}
    assert references == {True}  # every delivery answers with the same receipt
    assert [r.reference for r in all_rows(engine, Report)] == ["ÖMM-2026-0001"]
    assert len(receipts) == 1 and queued == 1


def test_hardening_retried_responsibility_submission_stores_one_action(
    app_server: RunningApp, fake_slack: FakeSlack, world: World
):
    meeting, number = world.items[-1][1], world.items[-1][2]
    click = _block_action(ids.ITEM_TAKE, f"{meeting}:{number}", fake_slack.response_url)
    assert app_server.slack.interactive(click).status == 200
    view = fake_slack.wait_for("views.open")[0].args["view"]
    payload = _submitted(view, _responsibility_values(world), COP, "V0RETRY0002")
    engine = app_server.runtime.engine
    before = stored(engine)["actions"]
    told_before = len([c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == HEAD])

    answers = [_deliver(app_server, payload, retry) for retry in RETRIES]
    wait_until_delivered(engine, now=app_server.runtime.services.clock())

    created = stored(engine)["actions"] - before
    updates = len(fake_slack.calls_to("chat.update"))
    told = (
        len([c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == HEAD]) - told_before
    )
    tally = Tally(inputs=len(answers), ok=sum(200 <= a.status < 300 for a in answers))
    tally.client_errors = sum(400 <= a.status < 500 for a in answers)
    tally.server_errors = sum(a.status >= 500 for a in answers)
    tally.statuses.update(a.status for a in answers)
    summary("retry responsibility_submit", engine, tally)
    print(
        f"hardening[retry responsibility_submit]: actions_created={created} agenda_updates={updates} "
        f"reporter_notified={told}"
    )
    assert [a.status for a in answers] == [200] * len(RETRIES)
    assert created == 1
