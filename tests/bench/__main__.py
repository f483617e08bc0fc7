"""``make bench``: every benchmark in turn, then each figure against its target.

Writes ``bench-results/*.json`` and ``bench-results/summary.md``. Nothing here is a test: a missed
target is printed as such (and profiled by hand: see the README's performance section).
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.bench.common import RESULTS, machine

BENCHMARKS = (
    "tests.bench.http_stack",
    "tests.bench.agenda_compile",
    "tests.bench.reminder_sweep",
    "tests.bench.explain",
)


def _load(name: str) -> Any:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _row(what: str, figure: str, target: str, met: bool | None) -> str:
    verdict = "–" if met is None else ("ja" if met else "**nej**")
    return f"| {what} | {figure} | {target} | {verdict} |"


def summary() -> str:
    http, agenda, sweep = _load("http_stack"), _load("agenda_compile"), _load("reminder_sweep")
    rows = ["| Mätning | Resultat | Mål | Nått |", "|---|---|---|---|"]
    if http:
        for level, figures in http["a_command_ack"]["by_concurrency"].items():
            o, b = figures["orat"], figures["bare"]
            met = figures["p99_ratio"] <= 1.3 and o["errors"] == 0 if level == "50" else None
            rows.append(
                _row(
                    f"(a) `/rapportera` ack, {level} samtidiga",
                    f"Örat p50 {o['p50_ms']} / p99 {o['p99_ms']} ms; bar Bolt p50 {b['p50_ms']} / p99 "
                    f"{b['p99_ms']} ms; kvot p99 {figures['p99_ratio']}; fel {o['errors']}",
                    "p99-kvot ≤ 1,3, 0 fel (vid 50)" if level == "50" else "–",
                    met,
                )
            )
        for figures in http["b_submit_ack"]:
            rows.append(
                _row(
                    f"(b) skicka rapport (modal), 20 samtidiga, {figures['backend']}",
                    f"p50 {figures['p50_ms']} / p99 {figures['p99_ms']} ms; fel {figures['errors']}",
                    "p99 ≤ 100 ms",
                    figures["p99_ms"] <= 100 and figures["errors"] == 0,
                )
            )
        serve = http["e_serve"]
        memory = serve["memory_after_load"]
        rows.append(
            _row(
                "(e) `serve`: start → första ack",
                f"{serve['start_to_first_ack_s']} s",
                "≤ 2 s",
                serve["start_to_first_ack_s"] <= 2,
            )
        )
        rows.append(
            _row(
                "(e) `serve`: minne per process efter 200 rapporter",
                f"största processen {memory['largest_rss_mb']} MB RSS",
                "≤ 120 MB",
                memory["largest_rss_mb"] <= 120,
            )
        )
        rows.append(
            _row(
                f"(e) `serve`: alla {len(memory['processes'])} processer (gunicorn-master, 2 arbetare, "
                "schemaläggare)",
                f"{memory['total_rss_mb']} MB RSS, {memory['total_pss_mb']} MB PSS",
                "≤ 120 MB",
                memory["total_pss_mb"] <= 120,
            )
        )
    if http and http.get("f_burst"):
        for burst in http["f_burst"]:
            rows.append(
                _row(
                    f"(f) {burst['clients']} rapporter skickade samtidigt, {burst['backend']}",
                    f"p50 {burst['p50_ms']} / p95 {burst['p95_ms']} / max {burst['max_ms']} ms; över 3 s "
                    f"{burst['over_3s']}; fel {burst['errors']}; sparade {burst['stored']}",
                    "p95 ≤ 3 s, alla sparade",
                    burst["p95_ms"] <= 3000 and burst["stored"] == burst["clients"],
                )
            )
    if agenda:
        for run in agenda["runs"]:
            big = run["reports"] == 10_000
            rows.append(
                _row(
                    f"(c) dagordning, {run['reports']} rapporter + {run['open_actions']} åtgärder, "
                    f"{run['backend']}",
                    f"{run['agenda_items']} punkter; p50 {run['compile']['p50_ms']} ms (max "
                    f"{run['compile']['max_ms']}); {run['statements']} SQL-satser",
                    "≤ 150 ms, ≤ 10 satser" if big else "samma antal satser",
                    (run["compile"]["p50_ms"] <= 150 and run["statements"] <= 10) if big else None,
                )
            )
    if sweep:
        for run in sweep["runs"]:
            big = run["open_actions"] == 10_000
            morning, idle = run["morning_sweep"], run["idle_sweep"]
            rows.append(
                _row(
                    f"(d) påminnelsesvep, {run['open_actions']} åtgärder, {run['backend']}",
                    f"arbetsmorgon p50 {morning['p50_ms']} ms (max {morning['max_ms']}) med "
                    f"{min(run['queued_per_morning'])}–{max(run['queued_per_morning'])} påminnelser; "
                    f"övriga minuter p50 {idle['p50_ms']} ms",
                    "≤ 300 ms" if big else "–",
                    morning["p50_ms"] <= 300 if big else None,
                )
            )
    about = machine()
    head = f"Maskin: {about['cpu']}, {about['cores']} kärnor, Python {about['python']}, {about['system']}."
    return head + "\n\n" + "\n".join(rows) + "\n"


def main() -> int:
    failed = [name for name in BENCHMARKS if subprocess.run([sys.executable, "-m", name]).returncode != 0]
    text = summary()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "summary.md").write_text(text)
    print("\n" + text)
    if failed:
        print(f"benchmarks that did not finish: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
