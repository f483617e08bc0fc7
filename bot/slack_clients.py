"""The Web API client (and so the Notifier, FileStore and Directory) for a workspace's own token.

With one bot token (``SLACK_BOT_TOKEN``) there is one client, whatever the team. With the install
flow ("Lägg till i Slack", ``Settings.oauth``) each workspace has its installation in slack_sdk's
installation store (migration 0017): its bot token is looked up by team id, kept a short while, and
rotated before it expires when the installation has a refresh token. A workspace without an
installation (never installed, uninstalled, tokens revoked) has no client: nothing is sent there.

No token is ever logged."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.token_rotation.rotator import TokenRotator

from bot.slack_notifier import SlackNotifier
from storage.repositories.installations import InstallationRepository

if TYPE_CHECKING:  # the store module pulls in sqlalchemy.ext.asyncio: only with many workspaces
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

log = logging.getLogger(__name__)


class SlackClients:
    """The one bot token's client for every team (a single-workspace install)."""

    def __init__(self, notifier: SlackNotifier) -> None:
        self.notifier = notifier

    def for_team(self, team_id: str) -> SlackNotifier | None:
        return self.notifier

    def installed(self) -> list[str] | None:
        """None: one workspace per install (``Teams`` finds it from the token)."""
        return None

    def forget(self, team_id: str) -> None:
        pass


class InstalledClients(SlackClients):
    """Each workspace's client from its installation (the OAuth install flow)."""

    CACHE_SECONDS = 30.0  # how long a looked-up token is used before the store is asked again

    def __init__(
        self,
        store: SQLAlchemyInstallationStore,
        *,
        client_id: str,
        client_secret: str,
        base_url: str,
        timeout: float,
        rotation_minutes: int = 120,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.installations = InstallationRepository(store.engine, store.bots, client_id)
        self.base_url = base_url
        self.timeout = timeout
        self.rotation_minutes = rotation_minutes
        self.rotator = TokenRotator(
            client_id=client_id,
            client_secret=client_secret,
            client=WebClient(base_url=base_url, timeout=timeout),
        )
        self.monotonic = monotonic
        self._cache: dict[str, tuple[float, SlackNotifier]] = {}
        self._lock = threading.Lock()

    def for_team(self, team_id: str) -> SlackNotifier | None:
        now = self.monotonic()
        with self._lock:
            cached = self._cache.get(team_id)
            if cached is not None and cached[0] > now:
                return cached[1]
        row = self.installations.latest_bot(team_id)
        if row is None:
            self.forget(team_id)
            return None
        bot = self._rotated(type(self.store).build_bot_entity(row))
        if bot.bot_token is None:
            return None
        client = WebClient(token=bot.bot_token, base_url=self.base_url, timeout=self.timeout)
        client.retry_handlers = []  # the outbox is the one that retries (bot.app.slack_client)
        notifier = SlackNotifier(client)
        keep = self.CACHE_SECONDS
        if bot.bot_token_expires_at is not None:
            # Never past the moment the token is due for rotation.
            left = bot.bot_token_expires_at - int(time.time()) - self.rotation_minutes * 60
            keep = max(0.0, min(keep, float(left)))
        with self._lock:
            self._cache[team_id] = (now + keep, notifier)
        return notifier

    def _rotated(self, bot: Bot) -> Bot:
        if bot.bot_refresh_token is None or bot.bot_token_expires_at is None:
            return bot
        try:
            refreshed = self.rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=self.rotation_minutes
            )
        except SlackTokenRotationError as exc:  # the old token until it expires; then Slack says so
            log.warning("could not rotate a workspace's bot token: %s", exc.api_error.response.get("error"))
            return bot
        if refreshed is None:
            return bot
        self.store.save_bot(refreshed)  # the same row (same installed_at), as Bolt's authorize does
        log.info("rotated a workspace's bot token")
        return refreshed

    def installed(self) -> list[str]:
        return self.installations.installed_teams()

    def is_installed(self, team_id: str) -> bool:
        """Asked of the store each time (not the cache): an uninstall counts at once, everywhere."""
        return self.installations.latest_bot(team_id) is not None

    def forget(self, team_id: str) -> None:
        with self._lock:
            self._cache.pop(team_id, None)
