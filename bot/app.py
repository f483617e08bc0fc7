"""The one wiring place: settings in, a Bolt app with its services out. Nothing runs at import."""

from __future__ import annotations

import contextvars
import json
import logging
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest, BoltResponse, Respond
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.listener.builtins import TokenRevocationListeners
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot import install_pages
from bot.config import ConfigError, Settings
from bot.domain.workspace_settings import WorkspaceSettings
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
from bot.services.roles import Roles
from bot.services.rounds import RoundBuilders, RoundService
from bot.services.snapshots import LAGESBILD_KIND, SnapshotService
from bot.services.statistics import StatisticsService
from bot.services.vocabulary import CURRENT_TEAM, VocabularyService
from bot.services.workspace_store import WorkspaceSettingsStore
from bot.services.workspaces import WorkspaceService
from bot.slack_clients import InstalledClients, SlackClients
from bot.slack_notifier import SlackNotifier
from bot.texts import Texts, speak
from handlers.blocks.common import ephemeral
from handlers.blocks.messages import SlackMessages
from handlers.blocks.rounds import round_answered, round_question
from handlers.context import HandlerContext
from handlers.registry import register_all
from storage.db import make_engine
from storage.uow import session_factory

if TYPE_CHECKING:  # loaded only with many workspaces: they pull in sqlalchemy.ext.asyncio (~7 MB)
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """The app and what it was built from, for the server, the CLI and the tests."""

    settings: Settings
    app: App | None
    services: Services
    engine: Engine
    # Each workspace's Slack: the one token's client, or each installation's (the install flow).
    clients: SlackClients | None = None


def _wire_services(
    settings: Settings,
    *,
    engine: Engine,
    notifier: Notifier,
    directory: Directory | None,
    clock: Clock,
    home_team: Callable[[], str | None] | None,
    installed: InstalledClients | None = None,
) -> Services:
    """``installed``: with many workspaces (the install flow), each team's own Slack (its
    installation) for the outbox and the directory lookups, and the workspaces scheduled work runs
    for; None: ``notifier`` and ``directory`` for the one workspace."""
    sessions = session_factory(engine)
    mask_free_text_on_flush(sessions, clock=clock, tz=settings.tz)
    # Each workspace's settings: the environment's, unless it stored its own (the settings modal).
    store = WorkspaceSettingsStore(sessions, settings.workspace_defaults())
    roles = Roles(
        sessions,
        workspaces=store,
        directory=directory,
        directories=installed.for_team if installed is not None else None,
    )
    # One reader of the workspaces' areas and categories; the texts name categories in its words
    # and speak the language of the workspace being served.
    catalogue = Texts(settings.language, follows_workspace=True)
    vocabulary = VocabularyService(sessions, roles=roles, catalogue=catalogue.category)
    texts = Texts(
        settings.language, terms=vocabulary.current(home_team or (lambda: None)), follows_workspace=True
    )
    messages = SlackMessages(texts, settings.tz)
    meetings = MeetingService(sessions, tz=settings.tz, roles=roles, messages=messages, texts=texts)
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
        slack_for=installed.for_team if installed is not None else None,
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
        sessions,
        meetings=meetings,
        tz=settings.tz,
        messages=messages,
        roles=roles,
        rounds=rounds,
        vocabulary=vocabulary,
    )
    statistics = StatisticsService(sessions, roles=roles, tz=settings.tz, texts=texts, vocabulary=vocabulary)
    snapshots = SnapshotService(
        sessions,
        statistics=statistics,
        roles=roles,
        tz=settings.tz,
        texts=texts,
        rhythm=settings.lagesbild_rhythm,
        channel=settings.lagesbild_channel or settings.meeting_channel,
    )
    organisation = OrganisationService(sessions, vocabulary=vocabulary)
    workspaces = WorkspaceService(
        sessions, store=store, roles=roles, organisation=organisation, directory=directory
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
            vocabulary=vocabulary,
        ),
        responsibility=responsibility,
        actions=actions,
        outbox=outbox,
        organisation=organisation,
        admin=AdminService(sessions, roles=roles, vocabulary=vocabulary),
        home=HomeService(
            sessions, roles=roles, meetings=meetings, tz=settings.tz, checklist=workspaces.checklist
        ),
        statistics=statistics,
        snapshots=snapshots,
        privacy=PrivacyService(
            sessions, roles=roles, rules=settings.retention, tz=settings.tz, directory=directory
        ),
        roles=roles,
        health=HealthService(engine),
        teams=Teams(
            sessions,
            home_team or (lambda: None),
            installed=installed.installed if installed is not None else None,
        ),
        minutes=MinutesService(sessions, roles=roles, responsibility=responsibility, messages=messages),
        rounds=rounds,
        occurrences=OccurrenceService(
            sessions, reports=reports, roles=roles, messages=messages, tz=settings.tz
        ),
        workspaces=workspaces,
        clock=clock,
        vocabulary=vocabulary,
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
    outbox.serving = services.serving
    workspaces.categories = lambda team: vocabulary.load(team).keys("category")
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
    engine = engine or make_engine(settings.database_url)
    stores: OAuthStores | None = None
    installed: InstalledClients | None = None
    if settings.oauth and notifier is None:
        # Many workspaces: no token of our own; each team's from its installation.
        stores = oauth_stores(settings, engine)
        installed = installed_clients(settings, stores)
        client = WebClient(base_url=settings.slack_api_url, timeout=settings.slack_timeout)
    elif online:
        client = slack_client(settings)
        notifier = directory = SlackNotifier(slack_client(settings, retries=False))
        home_team = home_team_resolver(settings, client)
    elif notifier is None:
        client = slack_client(settings) if settings.bot_token else None
        notifier = directory = SlackNotifier(client) if client is not None else None
    services = _wire_services(
        settings,
        engine=engine,
        notifier=notifier if notifier is not None else _NoSlack(),
        directory=directory,
        clock=clock,
        home_team=home_team,
        installed=installed,
    )
    app = None
    if with_app:
        assert client is not None
        app = create_bolt_app(
            settings, services, client, listener_executor, stores=stores, installed=installed
        )
    clients = installed or (SlackClients(notifier) if isinstance(notifier, SlackNotifier) else None)
    return Runtime(settings=settings, app=app, services=services, engine=engine, clients=clients)


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


# The bot's scopes, as manifest.yml asks for them (the install flow asks Slack for these).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "files:write",
    "files:read",
    "channels:read",
    "groups:read",
    "users:read",
    "channels:history",
    "groups:history",
    "im:history",
)
INSTALL_PATH, REDIRECT_PATH = "/slack/install", "/slack/oauth_redirect"
STATE_SECONDS = 600  # how long an install link's state is good for (Bolt's default)


@dataclass(frozen=True)
class OAuthStores:
    """slack_sdk's SQLAlchemy stores, in our database (tables from migration 0017)."""

    installations: SQLAlchemyInstallationStore
    states: SQLAlchemyOAuthStateStore


def oauth_stores(settings: Settings, engine: Engine) -> OAuthStores:
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    assert settings.client_id is not None
    return OAuthStores(
        installations=SQLAlchemyInstallationStore(client_id=settings.client_id, engine=engine),
        states=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine),
    )


def installed_clients(settings: Settings, stores: OAuthStores) -> InstalledClients:
    assert settings.client_id is not None and settings.client_secret is not None
    return InstalledClients(
        stores.installations,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        base_url=settings.slack_api_url,
        timeout=settings.slack_timeout,
    )


def create_bolt_app(
    settings: Settings,
    services: Services,
    client: WebClient,
    listener_executor: Executor | None = None,
    *,
    stores: OAuthStores | None = None,
    installed: InstalledClients | None = None,
) -> App:
    """``listener_executor``: where listeners run after their ack (Bolt's own pool when None; the
    sandbox passes one that knows when they are done). ``stores``: the install flow (many
    workspaces), each request authorized with its workspace's installation."""
    bolt_logger = logging.getLogger("slack_bolt")
    if not any(isinstance(f, _DropClientOverTokenWarning) for f in bolt_logger.filters):
        bolt_logger.addFilter(_DropClientOverTokenWarning())
    texts = Texts(
        settings.language, terms=services.vocabulary.current(services.teams.home), follows_workspace=True
    )
    oauth: dict[str, Any] = {}
    if stores is not None and installed is not None:
        # The install pages: no workspace yet, the installation's own language.
        pages = Texts(settings.language)
        oauth = _oauth_options(settings, services, client, stores, installed, pages, bolt_logger)
    app = App(
        client=client,
        signing_secret=settings.signing_secret or "",
        # HTTP reaches the app only through bot.web, which checks the signature over the raw body
        # and hands Bolt the body it checked; Socket Mode requests carry no signature.
        request_verification_enabled=False,
        logger=bolt_logger,
        **oauth,
        # Listeners run after the ack in this pool: they keep the request's context (the
        # workspace's language, ``speaking``).
        listener_executor=CarryingContext(listener_executor or ThreadPoolExecutor(max_workers=10)),
    )
    if stores is None or installed is None:
        app.use(only_the_installed_workspace(settings.team_id, services.teams.home, texts))
    app.use(noting_outside_users(services.roles))
    app.use(in_the_workspace_language(services.workspaces.for_team))
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


class CarryingContext(Executor):
    """An executor that runs each task in the context it was submitted from (``contextvars``),
    as threads of a plain pool do not."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self.inner.submit(contextvars.copy_context().run, fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)


def in_the_workspace_language(
    settings_of: Callable[[str | None], WorkspaceSettings],
) -> Callable[[BoltRequest, BoltResponse, Callable[[], BoltResponse]], BoltResponse]:
    """Bolt middleware: the request is answered in its workspace's language (the settings modal;
    ORAT_LANGUAGE until the workspace chooses) and words (its areas and categories), its listeners
    too (``CarryingContext``)."""

    def middleware(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        team = req.context.team_id
        # Set, not scoped: Bolt runs the listener after the middleware chain has returned. Every
        # request through Bolt sets it afresh, so a worker thread never carries another's.
        speak(settings_of(team).language if team else None)
        CURRENT_TEAM.set(team)  # its areas and categories (bot.services.vocabulary)
        return next()

    return middleware


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


# ---------------------------------------------------------------------------------- the install flow
def _oauth_options(
    settings: Settings,
    services: Services,
    client: WebClient,
    stores: OAuthStores,
    installed: InstalledClients,
    texts: Texts,
    logger: logging.Logger,
) -> dict[str, Any]:
    """Bolt's OAuth flow with our stores, Swedish pages and every Web API call (oauth.v2.access,
    token rotation) to SLACK_API_URL; requests from a workspace without an installation refused
    before Bolt's own authorization."""
    assert settings.client_id is not None and settings.client_secret is not None

    def installed_page(args: SuccessArgs) -> BoltResponse:
        team = args.installation.team_id
        if team is not None:
            installed.forget(team)
            services.outbox.resume_workspace(team, services.clock())
            if args.installation.user_id:
                # The one who added the app sets it up (the Home tab's first-run checklist): its
                # first admin, unless the workspace already has one (a reinstall).
                services.workspaces.claim_first_admin(team, args.installation.user_id, services.clock())
        log.info("the app was installed in a workspace")
        return _html(200, install_pages.installed_page(texts, args.installation.team_name or ""), args)

    def failed_page(args: FailureArgs) -> BoltResponse:
        log.warning("an installation failed: %s", args.reason)
        status = args.suggested_status_code if args.suggested_status_code >= 400 else 400
        return _html(status, install_pages.failed_page(texts, INSTALL_PATH), args)

    oauth_settings = OAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=True,
        callback_options=CallbackOptions(success=installed_page, failure=failed_page),
        installation_store=stores.installations,
        installation_store_bot_only=True,
        state_store=stores.states,
        state_expiration_seconds=STATE_SECONDS,
        logger=logger,
    )
    authorize = InstallationStoreAuthorize(
        logger=logger,
        installation_store=stores.installations,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        bot_only=True,
        client=client,  # token rotation's oauth.v2.access goes to SLACK_API_URL too
        token_rotation_expiration_minutes=installed.rotation_minutes,
    )
    flow = _SwedishOAuthFlow(client=client, logger=logger, settings=oauth_settings, texts=texts)
    return {
        "oauth_flow": flow,
        "installation_store": stores.installations,
        "authorize": authorize,
        "before_authorize": only_installed_workspaces(
            installed, texts, revoking(services, stores, installed)
        ),
    }


class _SwedishOAuthFlow(OAuthFlow):
    """Bolt's flow, with our install page."""

    def __init__(self, *, texts: Texts, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.texts = texts

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_pages.install_page(self.texts, url)


def _html(status: int, page: str, args: SuccessArgs | FailureArgs) -> BoltResponse:
    """A page that also forgets the install's state cookie (it has been used)."""
    return BoltResponse(
        status=status,
        body=page,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Set-Cookie": args.settings.state_utils.build_set_cookie_for_deletion(),
        },
    )


# Events that come when a workspace's installation is (being) lost: they need no authorization.
_WITHOUT_INSTALLATION = frozenset({"app_uninstalled", "tokens_revoked"})


def only_installed_workspaces(
    installed: InstalledClients, texts: Texts, revoke: Callable[[BoltRequest], None]
) -> Callable[[BoltRequest, BoltResponse, Callable[[], BoltResponse]], BoltResponse]:
    """Bolt middleware (before authorization): a request from a workspace that has not installed
    the app (or uninstalled it) is refused before anything runs, so nothing of it is stored. A
    slash command gets a polite answer; anything else 403. An uninstall or a revoked token is
    handled here (``revoke``), before the answer."""

    def middleware(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        body = req.body if isinstance(req.body, dict) else {}
        event = body.get("event") if isinstance(body.get("event"), dict) else {}
        if body.get("type") in ("url_verification", "ssl_check"):
            return next()
        if body.get("type") == "event_callback" and event.get("type") in _WITHOUT_INSTALLATION:
            revoke(req)
            return BoltResponse(status=200, body="")
        team = req.context.team_id
        if team is not None and installed.is_installed(team):
            return next()
        log.warning("refused a request from a workspace without an installation")
        if body.get("command"):
            return BoltResponse(
                status=200,
                body=json.dumps(ephemeral(texts("workspace.not_installed"))),
                headers={"content-type": "application/json"},
            )
        return BoltResponse(status=403, body="this app is not installed in the workspace")

    return middleware


def revoking(
    services: Services, stores: OAuthStores, installed: InstalledClients
) -> Callable[[BoltRequest], None]:
    """``app_uninstalled`` and ``tokens_revoked`` (the bot's): the installation goes (Bolt's own
    revocation listeners' code deletes it from the store) and the workspace's posting stops at once;
    its data stays, and a reinstall resumes (``OutboxService.resume_workspace``). Run in the
    middleware, before Slack has its 200: then nothing more goes to the workspace."""
    revocation = TokenRevocationListeners(stores.installations)

    def revoke(req: BoltRequest) -> None:
        context, event = req.context, req.body.get("event") or {}
        if context.team_id is None or not installed.is_installed(context.team_id):
            return  # a retry, or a workspace that never installed: nothing to forget, nothing stored
        if event.get("type") == "app_uninstalled":
            services.outbox.hold_workspace(context.team_id, services.clock())
            revocation.handle_app_uninstalled_events(context)
        else:
            if (event.get("tokens") or {}).get("bot"):
                services.outbox.hold_workspace(context.team_id, services.clock())
            revocation.handle_tokens_revoked_events(event, context)
        installed.forget(context.team_id)

    return revoke
