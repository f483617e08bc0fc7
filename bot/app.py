"""The one wiring place: settings in, a Bolt app with its services out. Nothing runs at import."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, Respond
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.config import Settings
from bot.notifier import Notifier, SlackNotifier
from bot.services import (
    Clock,
    HealthService,
    OrganisationService,
    OutboxService,
    ReportService,
    Services,
    utc_now,
)
from bot.texts import Texts
from handlers.blocks.common import ephemeral
from handlers.blocks.report import SlackMessages
from handlers.context import HandlerContext
from handlers.registry import register_all
from storage.db import make_engine
from storage.uow import session_factory

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """The app and what it was built from, for the server, the CLI and the tests."""

    settings: Settings
    app: App | None
    services: Services
    engine: Engine
    client: WebClient | None


def build_services(
    settings: Settings, *, engine: Engine | None = None, notifier: Notifier, clock: Clock = utc_now
) -> tuple[Services, Engine]:
    engine = engine or make_engine(settings.database_url)
    sessions = session_factory(engine)
    texts = Texts(settings.language)
    services = Services(
        reports=ReportService(
            sessions, schedule=settings.meeting, tz=settings.tz, messages=SlackMessages(texts, settings.tz)
        ),
        outbox=OutboxService(sessions, notifier),
        health=HealthService(engine),
        organisation=OrganisationService(sessions),
        clock=clock,
    )
    return services, engine


def slack_client(settings: Settings) -> WebClient:
    return WebClient(token=settings.bot_token, base_url=settings.slack_api_url, timeout=10)


def build_runtime(
    settings: Settings,
    *,
    clock: Clock = utc_now,
    engine: Engine | None = None,
    with_app: bool = True,
) -> Runtime:
    """Build services (and, unless ``with_app`` is false, the Bolt app). Requires the Slack settings."""
    settings.require_slack()
    client = slack_client(settings)
    services, engine = build_services(settings, engine=engine, notifier=SlackNotifier(client), clock=clock)
    app = create_bolt_app(settings, services, client) if with_app else None
    return Runtime(settings=settings, app=app, services=services, engine=engine, client=client)


class _DropClientOverTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client (with the same token) wins."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def create_bolt_app(settings: Settings, services: Services, client: WebClient) -> App:
    bolt_logger = logging.getLogger("slack_bolt")
    if not any(isinstance(f, _DropClientOverTokenWarning) for f in bolt_logger.filters):
        bolt_logger.addFilter(_DropClientOverTokenWarning())
    app = App(
        client=client,
        # Socket Mode requests carry no signature; Bolt skips the check for them.
        signing_secret=settings.signing_secret or "",
        logger=bolt_logger,
    )
    texts = Texts(settings.language)
    register_all(app, HandlerContext(services=services, texts=texts, tz=settings.tz))

    @app.error
    def on_error(error: Exception, body: dict[str, Any], logger: logging.Logger, respond: Respond) -> None:
        # Type and request kind only: the body may hold report text.
        logger.error(
            "listener failed: %s (%s)", type(error).__name__, body.get("type") or body.get("command")
        )
        if body.get("response_url"):
            # A command whose modal could not open: say so rather than leave the user waiting.
            try:
                respond(**ephemeral(texts("error.generic")))
            except Exception as exc:  # nothing more can be done for this user
                logger.warning("could not tell the user about the failure: %s", type(exc).__name__)

    return app


def create_app(settings: Settings, *, clock: Clock = utc_now) -> App:
    """The Bolt app for ``settings`` (what ``serve`` runs)."""
    runtime = build_runtime(settings, clock=clock)
    assert runtime.app is not None
    return runtime.app
