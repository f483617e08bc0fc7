"""The memory of the whole ``serve`` tree (gunicorn master, its workers, the scheduler) after 200
requests and one ``/orat statistik`` (issue 17, item 2).

``python -m bot serve`` is started as ``make run`` starts it (two workers, scheduler included) on a
seeded SQLite database. 100 ``/rapportera`` and 100 report submissions are sent, then a chair asks
for ``/orat statistik`` (two charts and a CSV: drawn in a short-lived child process, not in the
worker); once the files have reached the fake Slack and the drawing process is gone, the PSS of
every process in the tree is read from ``/proc/<pid>/smaps_rollup`` (a page shared by n processes
counts 1/n in each, so the sum is what the tree costs). Target: ≤ 150 MB PSS for the tree.

Run: ``.venv/bin/python -m tests.bench.serve_memory`` (writes bench-results/serve_memory.json).
``serve_memory(fake)`` returns the figures (for ``make bench``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.common import write_results
from tests.bench.http_stack import own_event
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import report_values
from tests.support.serve_process import (
    ROOT,
    children,
    free_port,
    serve_env,
    start_serve,
    stop,
    tree_memory,
    wait_until_accepting,
)
from tests.support.slack_requests import SlackSender

EXAMPLE = ROOT / "examples" / "malmo.toml"
CHAIR = "UMEMCHAIR"
REQUESTS = 200
TARGET_MB = 150.0


def serve_memory(fake: FakeSlack, requests: int = REQUESTS) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="orat-bench-") as directory:
        port = free_port()
        env = serve_env(
            fake,
            f"sqlite:///{Path(directory) / 'orat.db'}",
            port,
            ORAT_LOG_LEVEL="WARNING",
            ORAT_CHAIRS=CHAIR,
        )
        for args in (["migrate"], ["seed", str(EXAMPLE), "--team", TEAM_ID]):
            subprocess.run(
                [sys.executable, "-m", "bot", *args], env=env, cwd=ROOT, check=True, capture_output=True
            )
        process = start_serve(env, subprocess.DEVNULL)
        try:
            wait_until_accepting(process, port)
            time.sleep(2)  # the workers and the scheduler finish starting; the scheduler's first tick
            at_start = tree_memory(process.pid)
            slack = SlackSender(f"http://127.0.0.1:{port}", response_url=fake.response_url)
            opened = len(fake.calls_to("views.open"))
            commands = requests // 2
            for i in range(commands):
                assert slack.command("/rapportera", f"minne {i}", user=f"UMEM{i % 10}").status == 200
            view = fake.wait_for("views.open", opened + commands)[-1].args["view"]
            for i in range(requests - commands):
                slack.view_submission(
                    view,
                    own_event(report_values(new_unit_name=f"Minnesskola {i % 10}", new_unit_area="Norr"), i),
                    user=f"UMEM{i % 10}",
                    view_id=f"VMEM{i:06d}",
                )
            after_requests = tree_memory(process.pid)
            uploads = len(fake.calls_to("files.completeUploadExternal"))
            assert slack.command("/orat", "statistik", user=CHAIR).status == 200
            fake.wait_for("files.completeUploadExternal", uploads + 1, timeout=120)
            _wait_for_drawing_to_end(process.pid, expected=len(at_start["processes"]) - 1)
            after_statistics = tree_memory(process.pid)
        finally:
            stop(process)
    figures = {
        "requests": requests,
        "at_start": at_start,
        "after_requests": after_requests,
        "after_statistics": after_statistics,
        "total_pss_mb": after_statistics["total_pss_mb"],
        "target_mb": TARGET_MB,
    }
    print(
        f"serve memory: {len(after_statistics['processes'])} processes; PSS at start "
        f"{at_start['total_pss_mb']} MB, after {requests} requests {after_requests['total_pss_mb']} MB, "
        f"after /orat statistik {after_statistics['total_pss_mb']} MB (target ≤ {TARGET_MB}); per process "
        + ", ".join(f"{p['pss_mb']}" for p in after_statistics["processes"]),
        flush=True,
    )
    return figures


def _wait_for_drawing_to_end(master: int, expected: int, timeout: float = 60) -> None:
    """The drawing child is a grandchild of the master (under a worker); wait until it has gone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(1 + len(children(pid)) for pid in children(master)) <= expected:
            return
        time.sleep(0.1)


def main() -> int:
    fake = FakeSlack().start()
    try:
        figures = serve_memory(fake)
    finally:
        fake.stop()
    write_results("serve_memory", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
