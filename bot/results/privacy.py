"""What privacy returns: a retention run's counts and the audit log's lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class RetentionResult:
    anonymised: int = 0
    deleted: int = 0
    payloads_cleared: int = 0
    pseudonymised: int = 0
    users_checked: int = 0
    due: dict[str, int] = field(default_factory=dict)  # dry run: what would be done

    def as_dict(self) -> dict[str, int]:
        return {
            "anonymised": self.anonymised,
            "deleted": self.deleted,
            "payloads_cleared": self.payloads_cleared,
            "pseudonymised": self.pseudonymised,
            "users_checked": self.users_checked,
            **{f"would_{k}": v for k, v in self.due.items()},
        }


@dataclass(frozen=True)
class AuditLine:
    team_id: str
    at: datetime
    actor_user_id: str | None
    event: str
    subject_type: str
    subject_id: int
    reference: str | None
    surface: str
    details: dict[str, Any]
