"""What the dispatcher needs from a dialer, and what a dialer answers.

A dialer takes one attempt — one number of one call — and answers whether it accepted it.
The attempt's result (answered, busy, …) arrives later, through the status API. Every
attempt carries an idempotency key, `<phonon-uuid>:<attempt-number>`: after a crash the
same attempt may be handed over again, and the dialer recognises it by that key.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


def idempotency_key(phonon_uuid: str, attempt_number: int) -> str:
    """The key that names one attempt for its whole life, across retries and restarts."""
    return f"{phonon_uuid}:{attempt_number}"


@dataclass(frozen=True)
class DialAttempt:
    """One attempt to be placed: who to call, for which flow, with which keys."""

    phonon_uuid: str
    attempt_number: int
    number: str
    caller_id: str
    flow_id: str
    client_identifier: str
    keys: tuple[tuple[str, str], ...]
    status_url: str

    @property
    def idempotency_key(self) -> str:
        """See `idempotency_key()`."""
        return idempotency_key(self.phonon_uuid, self.attempt_number)


class DialOutcome(StrEnum):
    """How a hand-off ended.

    ACCEPTED: the dialer took the attempt (its result comes later).
    REJECTED: the dialer refused it for good (4xx); the attempt failed, try the next number.
    UNREACHABLE: every retry hit a 5xx, a timeout or a dead socket; hand it over again later
    with the same idempotency key.
    """

    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    UNREACHABLE = "UNREACHABLE"


@dataclass(frozen=True)
class DialResult:
    """The outcome of a hand-off, the dialer's own call id when it gave one, and why."""

    outcome: DialOutcome
    provider_call_id: str | None = None
    detail: str = ""


class Dialer(Protocol):
    """Anything that can place an attempt."""

    async def place(self, attempt: DialAttempt) -> DialResult:
        """Hand `attempt` over; never raises for a dialer's failure, answers it instead."""
        ...
