"""``make run`` in a terminal, stopped with Ctrl+C as a person would: the sandbox says it stopped,
and make ends with exit status 0 (not make's own "Interrupt" and 130). Run through a pseudo-
terminal, so the terminal sends SIGINT to its foreground process group as a real one does."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import socket
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed here")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the other end has closed
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_ctrl_c_ends_make_run_quietly_with_status_0(tmp_path: Path):
    venv = Path(sys.executable).parent.parent
    stamp = tmp_path / "installed"  # this venv is set up already: make must not install anything
    stamp.touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MAKE", "MFLAGS"))}
    env.update(PORT=str(free_port()), DATABASE_URL=f"sqlite:///{tmp_path / 'sandbox.db'}")
    pid, fd = pty.fork()
    if pid == 0:  # the child: make in the pseudo-terminal, as a person types it
        os.chdir(ROOT)
        os.execvpe(  # noqa: S606 – make itself, no shell between
            "make", ["make", "--no-print-directory", "run", f"VENV={venv}", f"RUNTIME_STAMP={stamp}"], env
        )
    try:
        started = read_until(fd, b"Ctrl+C", 60)
        assert b"sandl\xc3\xa5dan k\xc3\xb6rs" in started, started.decode(errors="replace")
        time.sleep(0.5)
        os.write(fd, b"\x03")  # Ctrl+C, typed
        stopped = read_until(fd, b"stoppad", 20)
        _, status = os.waitpid(pid, 0)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(fd)
    text = stopped.decode(errors="replace")
    assert "sandlådan är stoppad" in text
    assert "Interrupt" not in text and "Traceback" not in text
    assert os.waitstatus_to_exitcode(status) == 0
