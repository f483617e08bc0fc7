"""What the settings modal and the first-run checklist are handed by ``bot.services.workspaces``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.domain.workspace_settings import WorkspaceSettings


@dataclass(frozen=True)
class SettingsForm:
    """What the settings modal shows: the current values and whether the user may change the
    chairs and the meeting channel."""

    values: dict[str, Any]
    may_name_chairs: bool


@dataclass(frozen=True)
class SettingsSaved:
    changed: tuple[str, ...]  # the fields whose value changed
    settings: WorkspaceSettings


@dataclass(frozen=True)
class SettingsRejected:
    """The form's errors by field: ``errors`` the parsers' Swedish sentences (the same as for the
    environment's values), ``codes`` text keys (``settings.error.<code>``)."""

    errors: dict[str, str]
    codes: dict[str, str]


@dataclass(frozen=True)
class UnitsLoaded:
    added: int
    updated: int
