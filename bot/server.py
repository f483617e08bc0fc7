"""Running the bot: gunicorn for HTTP, Bolt's Socket Mode handler otherwise.

``serve`` over HTTP is ready when it listens (issue 17): gunicorn loads the app in its master
(``preload_app``) *before* it binds the port, so the first request finds the modules imported, the
mappers configured and the texts loaded, and is as fast as the tenth. The workers are forks of that
master and share its pages. What must not be shared across a fork is renewed in each child
(``after_fork``): the database engine's pool. Nothing in the master starts a thread or keeps a
socket open before the forks (its one look at the database and Bolt's ``auth.test`` are closed
again; gunicorn's control socket is off). Charts are drawn in a short-lived child process
(``bot.files.render``), so no worker keeps matplotlib.

The scheduler runs in one of the workers (``SchedulerSeat``), started after the fork.

``SIGHUP`` to the master is a graceful restart: new workers are forked from the loaded app and the
old ones finish the requests they have before they stop; the listening socket never closes. (New
code needs a new ``serve``: the master keeps the code it loaded.)
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import os
import subprocess
import sys
import tempfile
import threading
from typing import Any

from gunicorn.app.base import BaseApplication

from bot.config import Settings
from storage.db import ping

log = logging.getLogger(__name__)


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn in-process, so ``python -m bot serve`` needs no separate config file."""

    def __init__(self, settings: Settings, options: dict[str, Any], *, scheduler: bool = False) -> None:
        self.settings = settings
        self.options = options
        self.runtime: Any = None  # bot.app.Runtime once loaded
        self.seat = SchedulerSeat() if scheduler else None
        super().__init__()

    def load_config(self) -> None:
        hooks = {
            "post_fork": self._post_fork,
            "post_worker_init": self._post_worker_init,
            "worker_exit": self._worker_exit,
            "on_exit": self._on_exit,
        }
        for key, value in {**self.options, **hooks}.items():
            if key in self.cfg.settings:  # an older gunicorn lacks some settings (control socket)
                self.cfg.set(key, value)

    def load(self) -> Any:
        # preload_app: runs once, in the master, before the port is bound. No collection while
        # loading: what it freed would leave holes in pages the forks share, and the forks' first
        # allocations would fill them (and copy the pages).
        gc.disable()
        if self.seat is not None:
            import bot.scheduler  # noqa: F401 – shared with the worker that takes the seat
        from bot.app import build_runtime
        from bot.files import render
        from bot.web import create_wsgi_app

        self.runtime = build_runtime(self.settings)
        warm_up(self.runtime)
        # Charts are drawn in a short-lived child process, never in a web worker: matplotlib would
        # stay in the worker's memory for good.
        render.draw_in_child_process(True)
        app = create_wsgi_app(self.runtime)
        app.url_map.update()  # the routes' matcher, built on the first request otherwise
        # Everything loaded so far is kept out of the collector's reach: a collection in a fork
        # would otherwise write to every object's header and copy every page the forks share.
        gc.freeze()
        gc.enable()
        return app

    def _post_fork(self, _server: Any, _worker: Any) -> None:
        after_fork(self.runtime)
        if self.seat is not None and self.runtime is not None:
            self.seat.wait_for_it(self.runtime.services)

    def _post_worker_init(self, worker: Any) -> None:
        # Threads are started only now, in the worker: the one that will take the first request
        # and the one Bolt runs its first listener in (each costs that request ~15 ms otherwise).
        pools = [getattr(worker, "tpool", None)]
        if self.runtime is not None and self.runtime.app is not None:
            pools.append(getattr(self.runtime.app.listener_runner, "listener_executor", None))
        for pool in pools:
            if pool is not None:
                pool.submit(_nothing).result()
        # Then its first database connection (PostgreSQL: ~50 ms).
        if self.runtime is not None:
            try:
                ping(self.runtime.engine)
            except Exception as exc:  # the first request tries again; /healthz tells
                log.warning("the database did not answer: %s", type(exc).__name__)

    def _worker_exit(self, _server: Any, _worker: Any) -> None:
        if self.seat is not None:
            self.seat.leave()

    def _on_exit(self, _server: Any) -> None:
        if self.seat is not None:
            self.seat.remove()


def _nothing() -> None:
    pass


class SchedulerSeat:
    """One scheduler, however many workers: it runs in the worker that holds the lock on this
    master's seat file (``flock``). Every worker waits for the seat in a thread of its own; when the
    worker holding it stops (a graceful restart, a crash), the lock goes with the process and another
    worker takes the seat within ``RETRY_SECONDS``. A tick is safe in several processes anyway (the
    tables decide what is due, and claims make it once), so a moment with two is harmless.

    Not a process of its own: a fork that ran the ticks would copy some 25 MB of the pages it
    shares with the master (every object a tick touches is written to), a worker has done so already."""

    RETRY_SECONDS = 5.0
    FIRST_LOOK_SECONDS = 3.0  # after a start, the first requests go before the first tick

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="orat-scheduler-", suffix=".lock")
        os.close(handle)
        self._file: Any = None
        self._scheduler: Any = None
        self._leaving = threading.Event()

    def wait_for_it(self, services: Any) -> None:
        """In a worker, after the fork: a thread that takes the seat when it is free."""
        threading.Thread(target=self._wait, args=(services,), name="scheduler-seat", daemon=True).start()

    def _wait(self, services: Any) -> None:
        import fcntl

        from bot.scheduler import build_scheduler

        self._leaving.wait(self.FIRST_LOOK_SECONDS)
        while not self._leaving.is_set():
            try:
                file = open(self.path)  # held open while this worker has the seat
            except OSError:  # the master has gone and taken the file with it
                return
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                file.close()
                self._leaving.wait(self.RETRY_SECONDS)
                continue
            self._file = file
            self._scheduler = build_scheduler(services, blocking=False)
            self._scheduler.start()
            log.info("scheduler running (pid %s)", os.getpid())
            return

    def leave(self) -> None:
        """The worker stops: let a tick in progress finish, then free the seat."""
        self._leaving.set()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
        if self._file is not None:
            self._file.close()

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def warm_up(runtime: Any) -> None:
    """What the first request would otherwise pay for, done in the master before the port is bound
    (and then shared by the forks instead of loaded by each): the ORM's mapper configuration, the
    locale data of the dates and texts, the Swedish holidays, the dialect's first look at the
    database. No connection stays open (a connection
    in the master would be shared by its forks: the one opened here is closed again)."""
    from datetime import date

    from babel import Locale
    from sqlalchemy.orm import configure_mappers

    from bot.domain.holidays import holiday_name

    configure_mappers()
    # The configured language's locale (as bot.domain.dates and bot.files.charts name them).
    Locale.parse({"en": "en_GB"}.get(runtime.settings.language, "sv_SE")).date_formats  # noqa: B018
    # The holidays package imports all its ~250 countries on first use (~20 MB in each worker).
    this_year = date.today().year
    for year in (this_year - 1, this_year, this_year + 1):
        holiday_name(date(year, 1, 1))
    # The dialect learns the server on its first connection, and the report form's queries are
    # compiled once for all (the engine's statement cache is shared with the forks); the
    # connection is closed again here.
    try:
        ping(runtime.engine)
    except Exception as exc:  # the database may come later: /healthz says so until then
        log.warning("the database did not answer at start: %s", type(exc).__name__)
    else:
        try:
            _warm_report_form(runtime)
        except Exception as exc:  # only a warm-up (e.g. ORAT_REPORTERS=enheter refuses a stranger)
            log.debug("the report form was not warmed: %s", type(exc).__name__)
    finally:
        runtime.engine.dispose()


def _warm_report_form(runtime: Any) -> None:
    """``/rapportera``'s reads and its modal, built once and thrown away (nothing is written)."""
    from bot.texts import Texts
    from handlers.blocks.report import report_modal

    team = runtime.settings.team_id
    if team is None:  # learnt from Slack on the first request
        return
    services = runtime.services
    form = services.reports.report_form(team, "U0WARMUP", "", services.clock())
    report_modal(form, Texts(runtime.settings.language), runtime.settings.tz)


def after_fork(runtime: Any) -> None:
    """In a fresh fork of the master: its own database connections (the parent's stay the parent's)."""
    if runtime is not None:
        runtime.engine.dispose(close=False)


def listen_address(settings: Settings, default_host: str) -> str:
    """``host:port`` from ORAT_BIND (else ``default_host``) and PORT; an IPv6 host in brackets."""
    host = settings.bind or default_host
    return f"[{host}]:{settings.port}" if ":" in host else f"{host}:{settings.port}"


def gunicorn_options(settings: Settings, bind: str | None = None) -> dict[str, Any]:
    return {
        "bind": bind or listen_address(settings, "0.0.0.0"),  # noqa: S104 – ORAT_BIND narrows it
        "workers": settings.web_workers,
        "worker_class": "gthread",
        "threads": settings.web_threads,
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": settings.log_level.lower(),
        "proc_name": "orat-web",
        # Load the app in the master, then bind: the port accepts only when the app can answer.
        "preload_app": True,
        # gunicorn ≥ 25 opens a control socket in ~/.gunicorn with a thread in the master: neither
        # is wanted (the master forks new workers on SIGHUP; several servers on one machine).
        "control_socket_disable": True,
    }


def serve_http(settings: Settings, *, scheduler: bool = False) -> None:
    _Gunicorn(settings, gunicorn_options(settings), scheduler=scheduler).run()


def serve_socket_mode(settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app

    SocketModeHandler(create_app(settings), settings.app_token).start()


def start_scheduler_process() -> subprocess.Popen[bytes]:
    """The scheduler as a child process (Socket Mode, where there is no preloaded master to fork)."""
    child = subprocess.Popen([sys.executable, "-m", "bot", "scheduler"])

    def stop() -> None:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()

    atexit.register(stop)
    return child
