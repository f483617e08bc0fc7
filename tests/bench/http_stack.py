"""(a) ``/rapportera`` ack latency, Örat against a bare Bolt app, at 1, 20 and 50 concurrent
clients; (b) report modal submit ack latency at 20 concurrent, SQLite and PostgreSQL; (e) memory
of ``python -m bot serve`` and the time from its start to its first ack; (f) 150 report submits at
the same instant, SQLite and PostgreSQL.

Both apps run as gunicorn processes with the same options (2 workers x 8 threads) and talk to
the same fake Slack Web API on 127.0.0.1; rounds alternate between them so that whatever else
the machine is doing falls on both. Targets: (a) Örat's p99 at most 1.3 x the bare app's at 50
concurrent, no errors; (b) p99 ≤ 100 ms; (e) ≤ 120 MB and ≤ 2 s; (f) p95 ≤ 3 s, every report stored.

Run: ``.venv/bin/python -m tests.bench.http_stack [--requests N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.bench.common import backends, fresh_database, summary, write_results
from tests.support.fake_slack import FakeSlack
from tests.support.modal import report_values
from tests.support.slack_requests import SIGNING_SECRET, HttpResult, SlackSender

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "malmo.toml"
CONCURRENCY = (1, 20, 50)
ROUNDS = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(fake: FakeSlack, database_url: str, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.url,
        SLACK_TEAM_ID="T0ORAT",
        DATABASE_URL=database_url,
        PORT=str(port),
        ORAT_LOG_LEVEL="WARNING",
        **extra,
    )
    return env


@contextmanager
def running(command: list[str], env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{command} did not start") from None
                time.sleep(0.05)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def load(send: Callable[[int], HttpResult], concurrency: int, total: int) -> tuple[list[float], int]:
    """``total`` requests from ``concurrency`` clients; latencies of the 200s and the error count."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    lock = threading.Lock()

    def client() -> None:
        nonlocal errors
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            try:
                result = send(i)
                ok = result.status == 200
            except OSError:
                ok, result = False, None
            with lock:
                if ok and result is not None:
                    latencies.append(result.seconds)
                else:
                    errors += 1

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and all its descendants so far (gunicorn: master + workers)."""
    pids, total = [pid], 0.0
    for current in pids:
        pids += _children(current)
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class CpuMeter:
    """The server CPU spent per request over measured loads (the load generator's is not in it)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.seconds, self.requests = pid, 0.0, 0

    def load(
        self, send: Callable[[int], HttpResult], concurrency: int, total: int
    ) -> tuple[list[float], int]:
        before = tree_cpu_seconds(self.pid)
        result = load(send, concurrency, total)
        time.sleep(0.5)  # what runs after the acks (modals opened, receipts sent) belongs to them
        self.seconds += tree_cpu_seconds(self.pid) - before
        self.requests += total
        return result

    @property
    def ms_per_request(self) -> float:
        return round(1000 * self.seconds / max(self.requests, 1), 2)


def migrate_and_seed(env: dict[str, str]) -> None:
    for args in (["migrate"], ["seed", str(EXAMPLE), "--team", "T0ORAT"]):
        subprocess.run(
            [sys.executable, "-m", "bot", *args], env=env, cwd=ROOT, check=True, capture_output=True
        )


# ------------------------------------------------------------------------------------------ (a)
def ack_comparison(
    fake: FakeSlack, requests: int, levels: tuple[int, ...] = CONCURRENCY, rounds: int = ROUNDS
) -> dict[str, Any]:
    """Örat against two bare Bolt apps: one opening a small static modal (the baseline the target
    is set against), and one opening a static copy of the very modal Örat opens ("bare_same",
    7-8 kB with the seeded units): the difference between the two bare apps is what the modal's
    size costs, the rest of Örat's is its work before the modal (reading the reporter's unit,
    building the blocks)."""
    with tempfile.TemporaryDirectory(prefix="orat-bench-") as directory, contextlib.ExitStack() as stack:
        url = f"sqlite:///{Path(directory) / 'orat.db'}"
        ports = {"orat": free_port(), "bare": free_port(), "bare_same": free_port()}
        orat_env = server_env(fake, url, ports["orat"], ORAT_SCHEDULER="off")
        migrate_and_seed(orat_env)
        orat_process = stack.enter_context(
            running([sys.executable, "-m", "bot", "serve"], orat_env, ports["orat"])
        )
        senders = {name: SlackSender(f"http://127.0.0.1:{port}") for name, port in ports.items()}
        view, _ = report_form(senders["orat"], fake, "UWARM0")
        view_file = Path(directory) / "orat-modal.json"
        view_file.write_text(json.dumps(view, ensure_ascii=False))
        processes = {"orat": orat_process.pid}
        for name in ("bare", "bare_same"):
            extra = {"BARE_VIEW_FILE": str(view_file)} if name == "bare_same" else {}
            command = [sys.executable, "-m", "tests.bench.bare_app"]
            processes[name] = stack.enter_context(
                running(command, server_env(fake, url, ports[name], **extra), ports[name])
            ).pid
        for sender in senders.values():  # warm-up: imports, connection pools, first auth.test
            load(lambda i, s=sender: s.command("/rapportera", "", user=f"UWARM{i % 10}"), 10, 100)
        results: dict[str, Any] = {}
        for concurrency in levels:
            samples: dict[str, list[float]] = {name: [] for name in senders}
            errors = dict.fromkeys(senders, 0)
            meters = {name: CpuMeter(pid) for name, pid in processes.items()}
            for _ in range(rounds):
                for name, sender in senders.items():
                    latencies, failed = meters[name].load(
                        lambda i, s=sender: s.command("/rapportera", f"bänk {i}", user=f"UBENCH{i % 40}"),
                        concurrency,
                        requests,
                    )
                    samples[name] += latencies
                    errors[name] += failed
            figures = {
                name: {
                    **summary(samples[name]),
                    "errors": errors[name],
                    "cpu_ms_per_request": meters[name].ms_per_request,
                }
                for name in senders
            }
            orat, bare, same = figures["orat"], figures["bare"], figures["bare_same"]
            results[str(concurrency)] = {
                **figures,
                "p50_ratio": round(orat["p50_ms"] / bare["p50_ms"], 2),
                "p99_ratio": round(orat["p99_ms"] / bare["p99_ms"], 2),
                "p99_ratio_same_modal": round(orat["p99_ms"] / same["p99_ms"], 2),
            }
            print(
                f"(a) /rapportera ack, {concurrency:>2} concurrent: Örat p50 {orat['p50_ms']} ms "
                f"p99 {orat['p99_ms']} ms, bare Bolt p50 {bare['p50_ms']} ms p99 {bare['p99_ms']} ms, "
                f"p99 ratio {results[str(concurrency)]['p99_ratio']}; bare Bolt with Örat's modal p99 "
                f"{same['p99_ms']} ms, ratio {results[str(concurrency)]['p99_ratio_same_modal']}; "
                f"errors {errors['orat']}/{errors['bare']}/{errors['bare_same']}; server CPU per request "
                f"{orat['cpu_ms_per_request']}/{bare['cpu_ms_per_request']}/{same['cpu_ms_per_request']} ms",
                flush=True,
            )
        views_opened = len(fake.calls_to("views.open"))
    return {
        "requests_per_round": requests,
        "rounds": rounds,
        "views_opened": views_opened,
        "by_concurrency": results,
    }


# ------------------------------------------------------------------------------------------ (b)
def report_form(slack: SlackSender, fake: FakeSlack, user: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report modal as ``/rapportera`` opens it, and a valid filling-in for its first unit."""
    before = len(fake.calls_to("views.open"))
    assert slack.command("/rapportera", "", user=user).status == 200
    view = fake.wait_for("views.open", before + 1)[-1].args["view"]
    unit = next(
        o["value"]
        for b in view["blocks"]
        if b.get("block_id") == "report_unit"
        for o in b["element"].get("options", [])
        + [o for g in b["element"].get("option_groups", []) for o in g["options"]]
    )
    return view, report_values(unit_id=int(unit), occurred_on="2026-11-19")


_CATEGORIES = ("gangs", "vandalism", "arson", "drug_sales", "threats", "unsafe_environment", "other")


def own_event(values: dict[str, Any], i: int) -> dict[str, Any]:
    """``values`` as another event: its own category, place and text (the same ones again would be
    offered as the same event, "Samma händelse som …?", and not stored – 150 heads report 150
    different things). Invented letters, so that no two are alike to the matcher."""
    import random
    import string

    rng = random.Random(i)  # invented text, repeatable

    def word() -> str:
        return "".join(rng.choices(string.ascii_lowercase + "åäö", k=rng.randint(4, 9)))

    changed = dict(values)
    changed["report_category"] = {
        "value": {"type": "static_select", "selected_option": {"value": _CATEGORIES[i % len(_CATEGORIES)]}}
    }
    changed["report_place"] = {
        "value": {"type": "plain_text_input", "value": f"{word()} {word()}".capitalize()}
    }
    text = " ".join(word() for _ in range(10)).capitalize() + "."
    changed["report_description"] = {"value": {"type": "plain_text_input", "value": text}}
    return changed


def is_receipt(result: HttpResult) -> bool:
    """Answered with the receipt (the report stored), not with a question or errors."""
    return result.status == 200 and '"report_received"' in result.body


def submit_latency(
    fake: FakeSlack,
    backend: str,
    pg_url: str | None,
    requests: int,
    concurrency: int = 20,
    rounds: int = ROUNDS,
) -> dict[str, Any]:
    """Örat's report submit against the bare app's (a static receipt: no database, nothing sent
    after it), in alternating rounds, with the server CPU each costs. On a machine of ``cores``
    cores, ``concurrency`` clients that send again as soon as they are answered wait on average at
    least ``concurrency`` × CPU per submit ÷ ``cores`` (Little's law): the floor the figures are
    read against."""
    from tests.bench.bare_app import STATIC_VIEW

    with fresh_database(backend, pg_url) as database:
        port, bare_port = free_port(), free_port()
        env = server_env(fake, database.url, port, ORAT_SCHEDULER="off")
        migrate_and_seed(env)
        with (
            running([sys.executable, "-m", "bot", "serve"], env, port) as process,
            running(
                [sys.executable, "-m", "tests.bench.bare_app"],
                server_env(fake, database.url, bare_port),
                bare_port,
            ) as bare_process,
        ):
            slack, bare = (
                SlackSender(f"http://127.0.0.1:{port}"),
                SlackSender(f"http://127.0.0.1:{bare_port}"),
            )
            view, values = report_form(slack, fake, "UBENCH0")

            def submit(i: int) -> HttpResult:
                result = slack.view_submission(
                    view,
                    own_event(values, i),
                    user=f"UBENCH{i % 20}",
                    view_id=f"V{backend[:2].upper()}{i:07d}",
                )
                if result.status == 200 and not is_receipt(result):
                    return HttpResult(599, result.body, result.seconds)  # answered, but not with the receipt
                return result

            def submit_bare(i: int) -> HttpResult:
                result = bare.view_submission(
                    STATIC_VIEW, {}, user=f"UBENCH{i % 20}", view_id=f"VBARE{i:07d}"
                )
                if result.status == 200 and '"update"' not in result.body:
                    return HttpResult(599, result.body, result.seconds)
                return result

            load(submit, 5, 50)  # warm-up
            load(submit_bare, 5, 50)
            meters = {"orat": CpuMeter(process.pid), "bare": CpuMeter(bare_process.pid)}
            samples: dict[str, list[float]] = {"orat": [], "bare": []}
            errors = {"orat": 0, "bare": 0}
            per_round = max(requests // rounds, 1)
            for r in range(rounds):
                for name, send in (("orat", submit), ("bare", submit_bare)):
                    latencies, failed = meters[name].load(
                        lambda i, f=send, r=r: f(100_000 * (r + 1) + i), concurrency, per_round
                    )
                    samples[name] += latencies
                    errors[name] += failed
    cores = os.cpu_count() or 1
    cpu = meters["orat"].ms_per_request
    bare_figures = summary(samples["bare"])
    figures = {
        "backend": backend,
        "concurrency": concurrency,
        **summary(samples["orat"]),
        "errors": errors["orat"],
        "cpu_ms_per_submit": cpu,
        "floor_mean_ms": round(concurrency * cpu / cores, 1),
        "cores": cores,
        "bare": {
            **bare_figures,
            "errors": errors["bare"],
            "cpu_ms_per_submit": meters["bare"].ms_per_request,
        },
    }
    print(
        f"(b) report submit ack, {concurrency} concurrent, {backend}: p50 {figures['p50_ms']} ms "
        f"p99 {figures['p99_ms']} ms (mean {figures['mean_ms']}), errors {errors['orat']}; server CPU "
        f"{cpu} ms per submit, so at least {figures['floor_mean_ms']} ms mean on {cores} cores; bare "
        f"Bolt p50 {bare_figures['p50_ms']} p99 {bare_figures['p99_ms']} ms, CPU "
        f"{meters['bare'].ms_per_request} ms",
        flush=True,
    )
    return figures


# ------------------------------------------------------------------------------------------ (f)
def burst_submit(fake: FakeSlack, backend: str, pg_url: str | None, clients: int = 150) -> dict[str, Any]:
    """``clients`` school heads press *Skicka* at the same instant (a barrier): each submit's ack
    time, and whether every report was stored. Slack gives up on an ack after 3 s."""
    from sqlalchemy import func, select

    from storage.db import make_engine
    from storage.models import Report

    with fresh_database(backend, pg_url) as database:
        port = free_port()
        env = server_env(fake, database.url, port)
        migrate_and_seed(env)
        with running([sys.executable, "-m", "bot", "serve"], env, port):
            slack = SlackSender(f"http://127.0.0.1:{port}")
            # Each school head opened the form before pressing Skicka, as in Slack (not timed).
            forms = [report_form(slack, fake, f"UBURST{i}") for i in range(clients)]
            barrier = threading.Barrier(clients)
            results: list[HttpResult | None] = [None] * clients

            def press(i: int) -> None:
                barrier.wait()
                try:
                    view, values = forms[i]
                    results[i] = slack.view_submission(
                        view,
                        own_event(values, i),
                        user=f"UBURST{i}",
                        view_id=f"VBURST{backend[:2].upper()}{i:05d}",
                    )
                except OSError:
                    results[i] = None

            threads = [threading.Thread(target=press, args=(i,)) for i in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            time.sleep(2)  # the receipts go out after the acks
        engine = make_engine(database.url)
        try:
            with engine.connect() as connection:
                stored = connection.scalar(select(func.count()).select_from(Report)) or 0
        finally:
            engine.dispose()
    answered = [r for r in results if r is not None and is_receipt(r)]
    latencies = [r.seconds for r in answered]
    figures = {
        "backend": backend,
        "clients": clients,
        **summary(latencies or [float("nan")]),
        "errors": clients - len(answered),
        "stored": stored,
        "over_3s": sum(1 for x in latencies if x > 3.0),
    }
    print(
        f"(f) {clients} report submits at once, {backend}: p50 {figures['p50_ms']} ms, p95 "
        f"{figures['p95_ms']} ms, max {figures['max_ms']} ms, over 3 s {figures['over_3s']}, "
        f"errors {figures['errors']}, stored {stored}",
        flush=True,
    )
    return figures


# ------------------------------------------------------------------------------------------ (e)
def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for child in _children(pid):
        pids += _tree(child)
    return pids


def _memory_kb(pid: int, field: str, file: str) -> int:
    for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def process_memory(pid: int) -> dict[str, Any]:
    processes = []
    for p in _tree(pid):
        try:
            name = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            processes.append(
                {
                    "pid": p,
                    "command": name[-60:],
                    "rss_mb": round(_memory_kb(p, "VmRSS", "status") / 1024, 1),
                    "pss_mb": round(_memory_kb(p, "Pss", "smaps_rollup") / 1024, 1),
                }
            )
        except OSError:
            continue
    return {
        "processes": processes,
        "largest_rss_mb": max(p["rss_mb"] for p in processes),
        "total_rss_mb": round(sum(p["rss_mb"] for p in processes), 1),
        "total_pss_mb": round(sum(p["pss_mb"] for p in processes), 1),
    }


def startup_and_memory(fake: FakeSlack, requests: int) -> dict[str, Any]:
    """``serve`` as ``make run`` starts it (scheduler child included) on a migrated database."""
    with tempfile.TemporaryDirectory(prefix="orat-bench-") as directory:
        port = free_port()
        env = server_env(fake, f"sqlite:///{Path(directory) / 'orat.db'}", port)
        migrate_and_seed(env)
        slack = SlackSender(f"http://127.0.0.1:{port}")
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, cwd=ROOT)
        try:
            while True:
                try:
                    if slack.command("/rapportera", "", user="USTART1").status == 200:
                        break
                except OSError:
                    pass
                if time.perf_counter() - started > 60 or process.poll() is not None:
                    raise RuntimeError("serve did not answer")
                time.sleep(0.01)
            first_ack = time.perf_counter() - started
            time.sleep(1)  # the other worker and the scheduler finish starting
            at_start = process_memory(process.pid)
            count = views = len(fake.calls_to("views.open"))
            for i in range(requests):
                slack.command("/rapportera", f"minne {i}", user=f"UMEM{i % 10}")
                views = fake.wait_for("views.open", count + i + 1)
            view = views[-1].args["view"]
            for i in range(requests):
                slack.view_submission(
                    view,
                    own_event(report_values(new_unit_name=f"Minnesskola {i % 10}", new_unit_area="Norr"), i),
                    user=f"UMEM{i % 10}",
                    view_id=f"VMEM{i:06d}",
                )
            after_load = process_memory(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=20)
    figures = {
        "start_to_first_ack_s": round(first_ack, 2),
        "memory_at_start": at_start,
        "memory_after_load": after_load,
    }
    print(
        f"(e) serve: first ack {figures['start_to_first_ack_s']} s after start; after {requests} reports "
        f"largest process {after_load['largest_rss_mb']} MB RSS, "
        f"all {len(after_load['processes'])} processes "
        f"{after_load['total_rss_mb']} MB RSS / {after_load['total_pss_mb']} MB PSS",
        flush=True,
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400, help="requests per app, round and concurrency")
    parser.add_argument("--only-burst", action="store_true", help="only (f), the 150 simultaneous submits")
    parser.add_argument(
        "--only", default="", help="comma-separated parts to run (a,b,e,f); figures printed, not written"
    )
    parser.add_argument("--concurrency", default="", help="(a): comma-separated levels instead of 1,20,50")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="(a): rounds per level")
    args = parser.parse_args()
    fake = FakeSlack().start()
    if args.only:
        try:
            parts = set(args.only.split(","))
            levels = tuple(int(c) for c in args.concurrency.split(",") if c) or CONCURRENCY
            if "a" in parts:
                ack_comparison(fake, args.requests, levels, args.rounds)
            for backend, pg_url in backends() if "b" in parts else ():
                submit_latency(fake, backend, pg_url, args.requests)
            if "e" in parts:
                startup_and_memory(fake, 200)
            for backend, pg_url in backends() if "f" in parts else ():
                burst_submit(fake, backend, pg_url)
        finally:
            fake.stop()
        return 0
    if args.only_burst:
        try:
            for backend, pg_url in backends():
                burst_submit(fake, backend, pg_url)
        finally:
            fake.stop()
        return 0
    try:
        figures = {"a_command_ack": ack_comparison(fake, args.requests)}
        figures["b_submit_ack"] = [
            submit_latency(fake, backend, pg_url, args.requests) for backend, pg_url in backends()
        ]
        figures["e_serve"] = startup_and_memory(fake, 200)
        figures["f_burst"] = [burst_submit(fake, backend, pg_url) for backend, pg_url in backends()]
    finally:
        fake.stop()
    write_results("http_stack", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
