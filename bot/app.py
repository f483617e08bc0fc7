"""The one wiring place: settings in, a Bolt app with its services out. Nothing runs at import."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse, Respond
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.config import ConfigError, Settings
from bot.notifier import Directory, Notifier, Posted
from bot.services import DueWork, HealthService, Services, Teams
from bot.services.actions import ActionService
from bot.services.admin import AdminService
from bot.services.agenda import AgendaService
from bot.services.common import Clock, utc_now
from bot.services.home import HomeService
from bot.services.meetings import MeetingService
from bot.services.minutes import MinutesService
from bot.services.occurrences import OccurrenceService
from bot.services.organisation import OrganisationService
from bot.services.outbox import OutboxService
from bot.services.privacy import PrivacyService, mask_free_text_on_flush
from bot.services.reports import ReportService
from bot.services.responsibility import ResponsibilityService
from bot.services.review import ReviewService
from bot.services.roles import AccessSettings, Roles
from bot.services.rounds import RoundBuilders, RoundService
from bot.services.snapshots import LAGESBILD_KIND, SnapshotService
from bot.services.statistics import StatisticsService
from bot.slack_notifier import SlackNotifier
from bot.texts import Texts
from handlers.blocks.common import ephemeral
from handlers.blocks.messages import SlackMessages
from handlers.blocks.rounds import round_answered, round_question
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


def _wire_services(
    settings: Settings,
    *,
    engine: Engine,
    notifier: Notifier,
    directory: Directory | None,
    clock: Clock,
    home_team: Callable[[], str | None] | None,
) -> Services:
    sessions = session_factory(engine)
    mask_free_text_on_flush(sessions, clock=clock, tz=settings.tz)
    texts = Texts(settings.language)
    messages = SlackMessages(texts, settings.tz)
    roles = Roles(
        sessions,
        settings=AccessSettings(
            chairs=settings.chairs,
            admins=settings.admins,
            reporters=settings.reporters,
            meeting_channel=settings.meeting_channel,
            allow_open_channel=settings.allow_open_channel,
        ),
        directory=directory,
    )
    meetings = MeetingService(
        sessions,
        schedule=settings.meeting,
        tz=settings.tz,
        roles=roles,
        messages=messages,
        meeting_channel=settings.meeting_channel,
        texts=texts,
    )
    responsibility = ResponsibilityService(
        sessions, roles=roles, meetings=meetings, messages=messages, tz=settings.tz
    )
    outbox = OutboxService(
        sessions,
        notifier,
        chairs=roles.chairs,
        messages=messages,
        horizon=settings.delivery_horizon,
        clock=clock,
        files=notifier if isinstance(notifier, SlackNotifier) else None,
    )
    actions = ActionService(
        sessions,
        roles=roles,
        responsibility=responsibility,
        messages=messages,
        tz=settings.tz,
        rules=settings.reminders,
        digest=settings.digest,
    )
    # What is rewritten, not dropped, when Slack comes back after its moment (bot.services.outbox).
    outbox.refreshers["reminder"] = actions.refresh_reminder
    outbox.refreshers["digest"] = actions.refresh_digest
    outbox.refreshers["round"] = lambda uow, message, now: None  # after the cutoff the question is moot
    rounds = RoundService(
        sessions,
        meetings=meetings,
        builders=RoundBuilders(
            question=lambda q: round_question(q, texts, settings.tz),
            answered=lambda a: round_answered(a, texts, settings.tz),
        ),
        rule=settings.weekly_round,
        reminder_at=settings.reminders.at,
        tz=settings.tz,
    )
    reports = ReportService(
        sessions, meetings=meetings, tz=settings.tz, messages=messages, roles=roles, rounds=rounds
    )
    statistics = StatisticsService(sessions, roles=roles, tz=settings.tz, texts=texts)
    snapshots = SnapshotService(
        sessions,
        statistics=statistics,
        roles=roles,
        tz=settings.tz,
        texts=texts,
        rhythm=settings.lagesbild_rhythm,
        channel=settings.lagesbild_channel or settings.meeting_channel,
    )
    # A stored lägesbild queued by the schedule: its files rendered and uploaded when delivered.
    outbox.documents[LAGESBILD_KIND] = snapshots.document
    services = Services(
        reports=reports,
        review=ReviewService(sessions, roles=roles, messages=messages),
        meetings=meetings,
        agenda=AgendaService(
            sessions,
            meetings=meetings,
            responsibility=responsibility,
            roles=roles,
            messages=messages,
            tz=settings.tz,
            meeting_channel=settings.meeting_channel,
        ),
        responsibility=responsibility,
        actions=actions,
        outbox=outbox,
        organisation=OrganisationService(sessions),
        admin=AdminService(sessions, roles=roles),
        home=HomeService(sessions, roles=roles, meetings=meetings, tz=settings.tz),
        statistics=statistics,
        snapshots=snapshots,
        privacy=PrivacyService(
            sessions, roles=roles, rules=settings.retention, tz=settings.tz, directory=directory
        ),
        roles=roles,
        health=HealthService(engine),
        teams=Teams(sessions, home_team or (lambda: None)),
        minutes=MinutesService(sessions, roles=roles, responsibility=responsibility, messages=messages),
        rounds=rounds,
        occurrences=OccurrenceService(
            sessions, reports=reports, roles=roles, messages=messages, tz=settings.tz
        ),
        clock=clock,
    )
    # The tick looks only at the workspaces with something due (a few queries for all of them).
    services.due = DueWork(
        sessions,
        agenda=services.agenda,
        rounds=rounds,
        actions=actions,
        privacy=services.privacy,
        snapshots=snapshots,
    )
    return services


def home_team_resolver(settings: Settings, client: WebClient) -> Callable[[], str | None]:
    """SLACK_TEAM_ID, else asked of Slack once (auth.test) when first needed."""
    cache: dict[str, str | None] = {}

    def home() -> str | None:
        if settings.team_id is not None:
            return settings.team_id
        if "team" not in cache:
            try:
                cache["team"] = str(client.auth_test()["team_id"])
            except Exception as exc:  # no team known yet: scheduled work runs for teams with data
                log.warning("could not learn the workspace from auth.test: %s", type(exc).__name__)
                return None
        return cache["team"]

    return home


def slack_client(settings: Settings, *, retries: bool = True) -> WebClient:
    """``retries=False`` for posting from the outbox: the outbox is the one that retries, and a
    second retrier would post again what Slack already accepted."""
    client = WebClient(
        token=settings.bot_token, base_url=settings.slack_api_url, timeout=settings.slack_timeout
    )
    if not retries:
        client.retry_handlers = []
    return client


def build_runtime(
    settings: Settings,
    *,
    clock: Clock = utc_now,
    engine: Engine | None = None,
    with_app: bool | None = None,
    offline: bool = False,
    notifier: Notifier | None = None,
    directory: Directory | None = None,
    listener_executor: Executor | None = None,
) -> Runtime:
    """The one way services are built: the services for ``settings`` and, when Slack is reached
    online, the Bolt app. Slack is reached one of three ways:

    - online, the default (the server, the scheduler, ``tick``, the sandbox): the Slack settings are
      required, and the app is built unless ``with_app`` is false;
    - ``offline`` (the commands that work on the database): Slack is asked only for what a command
      needs when there is a bot token; without one, posting refuses with a ConfigError;
    - ``notifier`` (and ``directory``, if any), stand-ins for Slack (tests, benchmarks).

    The last two have no app."""
    online = not offline and notifier is None
    if with_app is None:
        with_app = online
    if with_app and not online:
        raise ValueError("the Bolt app needs Slack: build it online")
    client: WebClient | None = None
    home_team: Callable[[], str | None] | None = None  # offline: the teams with data, none else
    if online:
        settings.require_slack()
        client = slack_client(settings)
        notifier = directory = SlackNotifier(slack_client(settings, retries=False))
        home_team = home_team_resolver(settings, client)
    elif notifier is None:
        client = slack_client(settings) if settings.bot_token else None
        notifier = directory = SlackNotifier(client) if client is not None else None
    engine = engine or make_engine(settings.database_url)
    services = _wire_services(
        settings,
        engine=engine,
        notifier=notifier if notifier is not None else _NoSlack(),
        directory=directory,
        clock=clock,
        home_team=home_team,
    )
    app = None
    if with_app:
        assert client is not None
        app = create_bolt_app(settings, services, client, listener_executor)
    return Runtime(settings=settings, app=app, services=services, engine=engine)


def create_app(settings: Settings, *, clock: Clock = utc_now) -> App:
    """Settings in, the Bolt app with its services out (what Socket Mode serves)."""
    app = build_runtime(settings, clock=clock).app
    assert app is not None
    return app


class _NoSlack:
    """The notifier offline without a bot token: the commands that need Slack say what is missing."""

    def post(self, *_args: object, **_kwargs: object) -> Posted:
        raise ConfigError("SLACK_BOT_TOKEN behövs för att skicka meddelanden.")

    def update(self, *_args: object, **_kwargs: object) -> Posted:
        raise ConfigError("SLACK_BOT_TOKEN behövs för att skicka meddelanden.")

    def find_posted(self, *_args: object, **_kwargs: object) -> Posted | None:
        raise ConfigError("SLACK_BOT_TOKEN behövs för att skicka meddelanden.")


class _DropClientOverTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client (with the same token) wins."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def create_bolt_app(
    settings: Settings, services: Services, client: WebClient, listener_executor: Executor | None = None
) -> App:
    """``listener_executor``: where listeners run after their ack (Bolt's own pool when None; the
    sandbox passes one that knows when they are done)."""
    bolt_logger = logging.getLogger("slack_bolt")
    if not any(isinstance(f, _DropClientOverTokenWarning) for f in bolt_logger.filters):
        bolt_logger.addFilter(_DropClientOverTokenWarning())
    app = App(
        client=client,
        signing_secret=settings.signing_secret or "",
        # HTTP reaches the app only through bot.web, which checks the signature over the raw body
        # and hands Bolt the body it checked; Socket Mode requests carry no signature.
        request_verification_enabled=False,
        logger=bolt_logger,
        **({"listener_executor": listener_executor} if listener_executor is not None else {}),
    )
    texts = Texts(settings.language)
    app.use(only_the_installed_workspace(settings.team_id, services.teams.home, texts))
    app.use(noting_outside_users(services.roles))
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


def noting_outside_users(
    roles: Roles,
) -> Callable[[BoltRequest, BoltResponse, Callable[[], BoltResponse]], BoltResponse]:
    """Bolt middleware: a person whose own team in the payload (``user.team_id``, an event's
    ``user_team``) is another than the workspace's takes part through Slack Connect - a guest
    (``Roles.is_guest``), whatever ``users.info`` says about them."""

    def middleware(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        team, user = req.context.team_id, req.context.user_id
        body = req.body if isinstance(req.body, dict) else {}
        payload_user = body.get("user") if isinstance(body.get("user"), dict) else {}
        event = body.get("event") if isinstance(body.get("event"), dict) else {}
        own = payload_user.get("team_id") or event.get("user_team")
        if team and user and isinstance(own, str) and own.startswith("T") and own != team:
            roles.note_outside(team, user)
        return next()

    return middleware


def only_the_installed_workspace(
    configured: str | None, home: Callable[[], str | None], texts: Texts
) -> Callable[[BoltRequest, BoltResponse, Callable[[], BoltResponse]], BoltResponse]:
    """Bolt middleware: a request from any workspace but the installed one (SLACK_TEAM_ID, else the
    bot token's: a forged request, or another organisation's) is refused before a listener runs, so
    nothing of it is stored or posted. A slash command gets a polite answer; anything else 403."""

    def middleware(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        team = req.context.team_id
        authorized = req.context.authorize_result
        installed = configured or (authorized.team_id if authorized is not None else None) or home()
        if installed is not None and team == installed:
            return next()
        log.warning(
            "refused a request from another workspace (%s)", "no team" if team is None else "other team"
        )
        if req.body.get("command"):
            return BoltResponse(
                status=200,
                body=json.dumps(ephemeral(texts("workspace.not_installed"))),
                headers={"content-type": "application/json"},
            )
        return BoltResponse(status=403, body="this app is installed in another workspace")

    return middleware
