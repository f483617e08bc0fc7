"""What the outbox reports: a dispatch's counts and the messages that did not arrive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

HORIZON_CODE = "horizon"  # last_error prefix of a message given up after the horizon


@dataclass(frozen=True)
class DispatchResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    dropped: int = 0

    def __add__(self, other: DispatchResult) -> DispatchResult:
        return DispatchResult(
            self.sent + other.sent,
            self.retried + other.retried,
            self.failed + other.failed,
            self.dropped + other.dropped,
        )


@dataclass(frozen=True)
class Undelivered:
    """One line of the chairs' summary of what could not be delivered."""

    kind: str
    target: str
    code: str
    due_at: datetime
    text: str
