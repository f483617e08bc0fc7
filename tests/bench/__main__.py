"""``make bench``: every benchmark in turn, then each figure against its target.

Writes ``bench-results/*.json`` and ``bench-results/summary.md`` (the table the README's performance
section quotes). Nothing here is a test: a missed target is printed as such, and the README says
where the time goes.

The hook for a benchmark module: list it in ``BENCHMARKS`` (a module that does not exist yet is
skipped), let it write ``bench-results/<name>.json`` with ``common.write_results``, and either give
it a ``summary_rows(figures) -> list[Row]`` function or add a formatter to ``FORMATTERS`` here. Its
rows appear in the table in the order of ``BENCHMARKS``. ``python -m tests.bench --summary`` writes
the table again from the JSON files already there, without measuring.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any, NamedTuple

from tests.bench.common import RESULTS, machine

BENCHMARKS = (
    "tests.bench.first_request",  # issue 17, 1: ready when it listens
    "tests.bench.serve_memory",  # issue 17, 2: PSS of the serve tree
    "tests.bench.http_stack",  # (a) ack against bare Bolt, (b) submit, (e), (f)
    "tests.bench.reminder_sweep",  # (d)
    "tests.bench.agenda_compile",  # (c)
    "tests.bench.explain",
    "tests.bench.many_workspaces",  # issue 20, 6: 290 workspaces, (g) the idle tick, (h) the week
)

ACK_RATIO_TARGET = 1.3
SUBMIT_P99_TARGET_MS = 100
SWEEP_TARGET_MS = 300
PSS_TARGET_MB = 150


class Row(NamedTuple):
    what: str
    figure: str
    target: str
    met: bool | None  # None: no target for this line


def _load(name: str) -> Any:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _number(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------------- formatters
def first_request_rows(f: dict[str, Any]) -> list[Row]:
    target = f.get("target_ratio", 3.0)
    return [
        Row(
            "`serve`: första `/rapportera` när porten tar emot, mot de följande",
            f"första {_number(f['first_ms'])} ms (status {f.get('first_status')}), sedan p50 "
            f"{_number(f['steady_p50_ms'])} ms: kvot {_number(f['ratio'])}; porten öppen "
            f"{_number(f['start_to_listening_s'])} s efter start",
            f"kvot ≤ {_number(target)}, långt under Slacks 3 s".replace(".", ","),
            f["ratio"] <= target and f.get("first_status") == 200 and f["first_ms"] < 3000,
        )
    ]


def serve_memory_rows(f: dict[str, Any]) -> list[Row]:
    target = f.get("target_mb", PSS_TARGET_MB)
    after = f.get("after_statistics") or {}
    processes = after.get("processes") or []
    return [
        Row(
            f"`serve`: hela trädet ({len(processes)} processer) efter {f.get('requests', 200)} "
            "förfrågningar och `/orat statistik`",
            f"{_number(f['total_pss_mb'])} MB PSS (per process "
            + ", ".join(_number(p["pss_mb"]) for p in processes)
            + ")",
            f"≤ {_number(target)} MB PSS",
            f["total_pss_mb"] <= target,
        )
    ]


def http_stack_rows(http: dict[str, Any], *, with_serve: bool = True) -> list[Row]:
    rows = []
    for level, figures in http["a_command_ack"]["by_concurrency"].items():
        o, b = figures["orat"], figures["bare"]
        judged = level in ("20", "50")
        rows.append(
            Row(
                f"(a) `/rapportera` ack, {level} samtidiga",
                f"Örat p50 {o['p50_ms']} / p99 {o['p99_ms']} ms; bar Bolt p50 {b['p50_ms']} / p99 "
                f"{b['p99_ms']} ms; kvot p99 {figures['p99_ratio']}; fel {o['errors']}"
                + _cpu_note(o.get("cpu_ms_per_request"), b.get("cpu_ms_per_request"))
                + _same_modal_note(figures),
                "p99-kvot ≤ 1,3, 0 fel" if judged else "–",
                figures["p99_ratio"] <= ACK_RATIO_TARGET and o["errors"] == 0 if judged else None,
            )
        )
    for figures in http["b_submit_ack"]:
        bare = figures.get("bare")
        floor = (
            f"; serverns CPU {figures['cpu_ms_per_submit']} ms per rapport, alltså minst "
            f"{figures['floor_mean_ms']} ms i snitt med {figures.get('concurrency', 20)} klienter på "
            f"{figures['cores']} kärnor; bar Bolt (statiskt kvitto, ingen databas) p99 {bare['p99_ms']} ms, "
            f"CPU {bare['cpu_ms_per_submit']} ms"
            if bare
            else ""
        )
        rows.append(
            Row(
                f"(b) skicka rapport (modal), {figures.get('concurrency', 20)} samtidiga, "
                f"{figures['backend']}",
                f"p50 {figures['p50_ms']} / p99 {figures['p99_ms']} ms; fel {figures['errors']}{floor}",
                f"p99 ≤ {SUBMIT_P99_TARGET_MS} ms",
                figures["p99_ms"] <= SUBMIT_P99_TARGET_MS and figures["errors"] == 0,
            )
        )
    serve = http.get("e_serve")
    if serve and with_serve:  # the older figures, when first_request/serve_memory have none
        memory = serve["memory_after_load"]
        rows.append(Row("(e) `serve`: start → första ack", f"{serve['start_to_first_ack_s']} s", "–", None))
        rows.append(
            Row(
                f"(e) `serve`: alla {len(memory['processes'])} processer efter 200 rapporter",
                f"{memory['total_rss_mb']} MB RSS, {memory['total_pss_mb']} MB PSS",
                f"≤ {PSS_TARGET_MB} MB PSS",
                memory["total_pss_mb"] <= PSS_TARGET_MB,
            )
        )
    for burst in http.get("f_burst") or []:
        rows.append(
            Row(
                f"(f) {burst['clients']} rapporter skickade samtidigt, {burst['backend']}",
                f"p50 {burst['p50_ms']} / p95 {burst['p95_ms']} / max {burst['max_ms']} ms; över 3 s "
                f"{burst['over_3s']}; fel {burst['errors']}; sparade {burst['stored']}",
                "p95 ≤ 3 s, alla sparade",
                burst["p95_ms"] <= 3000 and burst["stored"] == burst["clients"],
            )
        )
    return rows


def _same_modal_note(figures: dict[str, Any]) -> str:
    same = figures.get("bare_same")
    if not same:
        return ""
    return (
        f"; bar Bolt med en kopia av Örats modal p99 {same['p99_ms']} ms "
        f"(kvot {figures['p99_ratio_same_modal']}, CPU {same['cpu_ms_per_request']} ms)"
    )


def _cpu_note(orat: float | None, bare: float | None) -> str:
    if orat is None or bare is None:
        return ""
    return f"; serverns CPU per förfrågan {orat} / {bare} ms (kvot {orat / bare:.2f})"


def agenda_rows(agenda: dict[str, Any]) -> list[Row]:
    rows = []
    for run in agenda["runs"]:
        big = run["reports"] == 10_000
        rows.append(
            Row(
                f"(c) dagordning, {run['reports']} rapporter + {run['open_actions']} åtgärder, "
                f"{run['backend']}",
                f"{run['agenda_items']} punkter; p50 {run['compile']['p50_ms']} ms (max "
                f"{run['compile']['max_ms']}); {run['statements']} SQL-satser",
                "≤ 150 ms, ≤ 10 satser" if big else "samma antal satser",
                (run["compile"]["p50_ms"] <= 150 and run["statements"] <= 10) if big else None,
            )
        )
    return rows


def sweep_rows(sweep: dict[str, Any]) -> list[Row]:
    rows = []
    for run in sweep["runs"]:
        # The target is PostgreSQL's (issue 17); SQLite's figure is shown beside it.
        judged = run["open_actions"] == 10_000 and run["backend"] == "postgresql"
        morning, idle = run["morning_sweep"], run["idle_sweep"]
        statements = run.get("statements_per_morning") or []
        rows.append(
            Row(
                f"(d) påminnelsesvep, {run['open_actions']} åtgärder, {run['backend']}",
                f"arbetsmorgon p50 {morning['p50_ms']} ms (max {morning['max_ms']}) med "
                f"{min(run['queued_per_morning'])}–{max(run['queued_per_morning'])} påminnelser"
                + (f" i {max(statements)} SQL-satser" if statements else "")
                + f"; övriga minuter p50 {idle['p50_ms']} ms",
                f"≤ {SWEEP_TARGET_MS} ms" if judged else "–",
                morning["p50_ms"] <= SWEEP_TARGET_MS if judged else None,
            )
        )
    return rows


FORMATTERS: dict[str, Callable[[dict[str, Any]], list[Row]]] = {
    "first_request": first_request_rows,
    "serve_memory": serve_memory_rows,
    "agenda_compile": agenda_rows,
    "reminder_sweep": sweep_rows,
}


def _rows_for(module: str, figures: dict[str, Any], present: set[str]) -> list[Row]:
    name = module.rsplit(".", 1)[1]
    if name == "http_stack":
        # (e) only when the dedicated start-up and memory benchmarks have no figures.
        return http_stack_rows(figures, with_serve=not {"first_request", "serve_memory"} & present)
    if importlib.util.find_spec(module) is not None:
        own = getattr(importlib.import_module(module), "summary_rows", None)
        if callable(own):
            return [Row(*row) for row in own(figures)]
    formatter = FORMATTERS.get(name)
    return formatter(figures) if formatter is not None else []


def summary() -> str:
    loaded = {m: _load(m.rsplit(".", 1)[1]) for m in BENCHMARKS}
    present = {m.rsplit(".", 1)[1] for m, figures in loaded.items() if figures}
    rows: list[Row] = []
    problems: list[str] = []
    for module, figures in loaded.items():
        if not figures:
            continue
        try:
            rows += _rows_for(module, figures, present)
        except (KeyError, TypeError, ValueError) as exc:  # a module's figures changed shape
            problems.append(f"{module}: {type(exc).__name__} {exc}")
    lines = ["| Mätning | Resultat | Mål | Nått |", "|---|---|---|---|"]
    for row in rows:
        verdict = "–" if row.met is None else ("ja" if row.met else "**nej**")
        lines.append(f"| {row.what} | {row.figure} | {row.target} | {verdict} |")
    judged = [row for row in rows if row.met is not None]
    met = sum(1 for row in judged if row.met)
    about = machine()
    head = (
        f"Maskin: {about['cpu']}, {about['cores']} kärnor, Python {about['python']}, {about['system']}.\n\n"
        f"Mål nådda: {met} av {len(judged)}."
    )
    tail = "".join(f"\nKunde inte läsa {problem}" for problem in problems)
    return head + "\n\n" + "\n".join(lines) + "\n" + tail


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--summary", action="store_true", help="only write summary.md from the JSON files")
    args = parser.parse_args()
    failed = []
    if not args.summary:
        for name in BENCHMARKS:
            if importlib.util.find_spec(name) is None:
                print(f"{name}: not here, skipped")
                continue
            if subprocess.run([sys.executable, "-m", name]).returncode != 0:
                failed.append(name)
    text = summary()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "summary.md").write_text(text)
    print("\n" + text)
    if failed:
        print(f"benchmarks that did not finish: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
