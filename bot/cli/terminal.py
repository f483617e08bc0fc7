"""Ctrl+C under ``make run``: make would die of the signal itself (exit 130, even when the bot
stopped cleanly), because the terminal sends SIGINT to the whole foreground process group, make
included. Under make, a long-running command therefore takes the terminal's foreground in a
process group of its own: Ctrl+C reaches only the bot, which stops quietly, and make reports the
bot's exit status (0)."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator


@contextlib.contextmanager
def own_foreground_under_make(under_make: bool) -> Iterator[None]:
    """``under_make``: Settings.under_make (MAKELEVEL is set)."""
    terminal = _take_foreground() if under_make else None
    try:
        yield
    finally:
        if terminal is not None:
            _give_back(*terminal)


def _take_foreground() -> tuple[int, int] | None:
    """(terminal fd, the process group that had the foreground), or None when there is no
    terminal or this process is not in its foreground (CI, output piped, started in background)."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return None
    try:
        had_it = os.tcgetpgrp(fd)
        if had_it != os.getpgrp():
            raise OSError("not in the terminal's foreground")
        os.setpgid(0, 0)
        _set_foreground(fd, os.getpgrp())
    except OSError:
        os.close(fd)
        return None
    return fd, had_it


def _give_back(fd: int, process_group: int) -> None:
    with contextlib.suppress(OSError):
        _set_foreground(fd, process_group)
    os.close(fd)


def _set_foreground(fd: int, process_group: int) -> None:
    # A process group not in the foreground that changes the terminal's foreground gets SIGTTOU.
    previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        os.tcsetpgrp(fd, process_group)
    finally:
        signal.signal(signal.SIGTTOU, previous)
