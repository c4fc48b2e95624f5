"""The Direct Dial agent state machine, as pure functions.

An agent is AVAILABLE, PAUSED (on break) or ON_CALL. A pause asked for during a call does
not interrupt it: it becomes the agent's *pending* status and is applied when the call is
released, as Amazon Connect's "next status" is. Every function takes the current state and
returns a `Transition`: the new state and the change record to keep (time, from, to,
reason). A request that changes nothing still returns a record, with `changed` False, so
the caller decides whether to store it. No I/O, no clock: the time is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from flowhooks.agents.settings import AgentSettings


class AgentStatus(StrEnum):
    """Where an agent is; the values are the `agentStatus` answer."""

    AVAILABLE = "AVAILABLE"
    PAUSED = "PAUSED"
    ON_CALL = "ON_CALL"


class PauseRequest(StrEnum):
    """What a caller of updatePauseStatusForCLI asks for (`pauseStatus`)."""

    PAUSE = "pause"
    UNPAUSE = "unpause"
    TOGGLE = "toggle"


class InvalidPauseReason(ValueError):
    """The pause reason is not one of the account's pause codes, or is missing."""


class AgentNotAvailable(ValueError):
    """The agent cannot take a call: paused, or already on one."""


@dataclass(frozen=True, slots=True)
class AgentState:
    """One agent's state. `since` is when `status` last changed (idle-since when AVAILABLE)."""

    status: AgentStatus
    since: datetime
    reason: str | None = None
    pending: AgentStatus | None = None
    pending_reason: str | None = None

    def __post_init__(self) -> None:
        if self.since.tzinfo is None:
            raise ValueError("AgentState.since must be timezone-aware")


@dataclass(frozen=True, slots=True)
class StatusChange:
    """The record of one request: time, status before and after, and the reason."""

    at: datetime
    from_status: AgentStatus
    to_status: AgentStatus
    reason: str | None = None
    pending: AgentStatus | None = None
    changed: bool = True


@dataclass(frozen=True, slots=True)
class Transition:
    """The new state and the record that explains it."""

    state: AgentState
    change: StatusChange


def available(at: datetime) -> AgentState:
    """The state of a newly registered agent: available since `at`."""
    return AgentState(status=AgentStatus.AVAILABLE, since=at)


def validate_reason(reason: str | None, settings: AgentSettings) -> str | None:
    """Return the reason in the account's own spelling, or raise InvalidPauseReason."""
    text = reason.strip() if reason else ""
    if not settings.pause_codes:
        return text[:64] or None
    if not text:
        if settings.require_pause_reason:
            raise InvalidPauseReason("a pause reason is required: " + _codes(settings))
        return None
    for code in settings.pause_codes:
        if code.casefold() == text.casefold():
            return code
    raise InvalidPauseReason(f"unknown pause reason {text!r}: " + _codes(settings))


def _codes(settings: AgentSettings) -> str:
    return "one of " + ", ".join(settings.pause_codes)


def _move(state: AgentState, to: AgentStatus, at: datetime, reason: str | None) -> Transition:
    new = AgentState(status=to, since=at, reason=reason if to is AgentStatus.PAUSED else None)
    change = StatusChange(at=at, from_status=state.status, to_status=to, reason=new.reason)
    return Transition(new, change)


def _stay(state: AgentState, at: datetime) -> Transition:
    change = StatusChange(
        at=at,
        from_status=state.status,
        to_status=state.status,
        reason=state.reason,
        pending=state.pending,
        changed=False,
    )
    return Transition(state, change)


def _set_pending(
    state: AgentState, pending: AgentStatus | None, reason: str | None, at: datetime
) -> Transition:
    if state.pending == pending and state.pending_reason == reason:
        return _stay(state, at)
    new = replace(state, pending=pending, pending_reason=reason)
    change = StatusChange(
        at=at,
        from_status=state.status,
        to_status=state.status,
        reason=reason,
        pending=pending,
    )
    return Transition(new, change)


def pause(
    state: AgentState, at: datetime, settings: AgentSettings, reason: str | None = None
) -> Transition:
    """Put the agent on break; during a call the break becomes pending."""
    code = validate_reason(reason, settings)
    if state.status is AgentStatus.ON_CALL:
        return _set_pending(state, AgentStatus.PAUSED, code, at)
    if state.status is AgentStatus.PAUSED:
        if code is None or code == state.reason:
            return _stay(state, at)
        new = replace(state, reason=code)
        change = StatusChange(
            at=at, from_status=AgentStatus.PAUSED, to_status=AgentStatus.PAUSED, reason=code
        )
        return Transition(new, change)
    return _move(state, AgentStatus.PAUSED, at, code)


def unpause(state: AgentState, at: datetime) -> Transition:
    """End the break; during a call, cancel a pending break."""
    if state.status is AgentStatus.ON_CALL:
        return _set_pending(state, None, None, at)
    if state.status is AgentStatus.PAUSED:
        return _move(state, AgentStatus.AVAILABLE, at, None)
    return _stay(state, at)


def toggle(
    state: AgentState, at: datetime, settings: AgentSettings, reason: str | None = None
) -> Transition:
    """Pause an agent who is not (and will not be) on break; otherwise unpause."""
    if is_paused_or_pending(state):
        return unpause(state, at)
    return pause(state, at, settings, reason)


def request(
    state: AgentState,
    wanted: PauseRequest,
    at: datetime,
    settings: AgentSettings,
    reason: str | None = None,
) -> Transition:
    """Apply one updatePauseStatusForCLI request."""
    if wanted is PauseRequest.PAUSE:
        return pause(state, at, settings, reason)
    if wanted is PauseRequest.UNPAUSE:
        return unpause(state, at)
    return toggle(state, at, settings, reason)


def occupy(state: AgentState, at: datetime) -> Transition:
    """Give the agent a call; only an AVAILABLE agent can take one."""
    if state.status is not AgentStatus.AVAILABLE:
        raise AgentNotAvailable(f"agent is {state.status.value}, not AVAILABLE")
    return _move(state, AgentStatus.ON_CALL, at, None)


def release(state: AgentState, at: datetime) -> Transition:
    """End the agent's call; a pending break starts now. Releasing an idle agent is a no-op."""
    if state.status is not AgentStatus.ON_CALL:
        return _stay(state, at)
    if state.pending is AgentStatus.PAUSED:
        return _move(state, AgentStatus.PAUSED, at, state.pending_reason)
    return _move(state, AgentStatus.AVAILABLE, at, None)


def is_paused_or_pending(state: AgentState) -> bool:
    """True when the agent is on break or will be when the current call ends."""
    return state.status is AgentStatus.PAUSED or state.pending is AgentStatus.PAUSED


def pause_update_label(state: AgentState) -> str:
    """The `cli_pause_update` answer: `paused` (now or at call end) or `unpaused`."""
    return "paused" if is_paused_or_pending(state) else "unpaused"


def pending_label(state: AgentState) -> str:
    """The `pendingStatus` answer: the status applied at call end, or `NONE`."""
    return state.pending.value if state.pending is not None else "NONE"
