"""Running the bot: gunicorn for HTTP, Bolt's Socket Mode handler otherwise."""

from __future__ import annotations

import atexit
import logging
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from bot.config import Settings

log = logging.getLogger(__name__)


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn in-process, so ``python -m bot serve`` needs no separate config file."""

    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Runs in each worker after the fork: engines and Slack clients are never shared.
        from bot.app import build_runtime
        from bot.web import create_wsgi_app

        return create_wsgi_app(build_runtime(self.settings))


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
    }


def serve_http(settings: Settings) -> None:
    _Gunicorn(settings, gunicorn_options(settings)).run()


def serve_socket_mode(settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app

    SocketModeHandler(create_app(settings), settings.app_token).start()


def start_scheduler_process() -> subprocess.Popen[bytes]:
    """The scheduler as a child process: one scheduler, however many web workers gunicorn forks."""
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
