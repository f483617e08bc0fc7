"""``python -m bot serve`` as a real process tree (gunicorn master, its workers, the scheduler) against
the fake Slack: start it, see when its port accepts, measure the tree's memory, stop it. Shared by
the serve tests (tests/e2e/test_serve_ready.py) and the benchmarks (tests/bench/first_request.py,
tests/bench/serve_memory.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.slack_requests import SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_env(fake: FakeSlack, database_url: str, port: int, **extra: str) -> dict[str, str]:
    """This environment without our variables, and the ones a served bot against ``fake`` needs."""
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL", "PORT"))
    }
    return {
        **base,
        "SLACK_BOT_TOKEN": "xoxb-serve",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.url,
        "SLACK_TEAM_ID": TEAM_ID,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        **extra,
    }


def start_serve(env: dict[str, str], log: TextIO | int | None, *args: str) -> subprocess.Popen[bytes]:
    """``python -m bot serve [args]``; its own session, so stopping it reaches the whole tree."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", *args],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
        start_new_session=True,
    )


def accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_until_accepting(process: subprocess.Popen[bytes], port: int, timeout: float = 90) -> float:
    """Polls the port every 5 ms; the seconds from now until it accepted a connection."""
    started = time.perf_counter()
    while not accepts(port):
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode} before it listened")
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"serve did not listen within {timeout} s")
        time.sleep(0.005)
    return time.perf_counter() - started


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# ------------------------------------------------------------------------------------------ memory
def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def tree(pid: int) -> list[int]:
    pids = [pid]
    for child in children(pid):
        pids += tree(child)
    return pids


def _kb(path: Path, field: str) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def tree_memory(pid: int) -> dict[str, Any]:
    """RSS and PSS (``/proc/<pid>/smaps_rollup``) of every process in the tree under ``pid``. PSS
    counts a page shared by n processes as 1/n in each: the sum is what the tree really costs."""
    processes = []
    for p in tree(pid):
        try:
            command = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            processes.append(
                {
                    "pid": p,
                    "command": command[-60:],
                    "rss_mb": round(_kb(Path(f"/proc/{p}/status"), "VmRSS") / 1024, 1),
                    "pss_mb": round(_kb(Path(f"/proc/{p}/smaps_rollup"), "Pss") / 1024, 1),
                }
            )
        except OSError:
            continue
    return {
        "processes": processes,
        "largest_pss_mb": max(p["pss_mb"] for p in processes),
        "total_rss_mb": round(sum(p["rss_mb"] for p in processes), 1),
        "total_pss_mb": round(sum(p["pss_mb"] for p in processes), 1),
    }
