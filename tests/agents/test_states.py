"""The agent state machine: pause, unpause, toggle, calls and pending breaks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowhooks.agents import states
from flowhooks.agents.settings import AgentSettings
from flowhooks.agents.states import AgentStatus, PauseRequest

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ANY = AgentSettings()
CODES = AgentSettings(pause_codes=["LUNCH", "Training"])


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_available_to_paused_to_available() -> None:
    """An available agent pauses and unpauses, and each step is recorded with its time."""
    agent = states.available(T0)
    paused = states.pause(agent, at(5), ANY, "lunch")
    assert paused.state.status is AgentStatus.PAUSED
    assert paused.state.reason == "lunch"
    assert paused.change.from_status is AgentStatus.AVAILABLE
    assert paused.change.to_status is AgentStatus.PAUSED
    assert paused.change.at == at(5)
    back = states.unpause(paused.state, at(35))
    assert back.state.status is AgentStatus.AVAILABLE
    assert back.state.since == at(35)
    assert back.change.from_status is AgentStatus.PAUSED
    assert back.change.to_status is AgentStatus.AVAILABLE
    assert back.change.changed


def test_pause_during_call_is_applied_at_release() -> None:
    """A pause asked during a call becomes pending and starts when the call is released."""
    on_call = states.occupy(states.available(T0), at(1)).state
    asked = states.pause(on_call, at(2), CODES, "lunch")
    assert asked.state.status is AgentStatus.ON_CALL
    assert asked.state.pending is AgentStatus.PAUSED
    assert asked.state.pending_reason == "LUNCH"
    assert states.pending_label(asked.state) == "PAUSED"
    assert states.pause_update_label(asked.state) == "paused"
    released = states.release(asked.state, at(10))
    assert released.state.status is AgentStatus.PAUSED
    assert released.state.reason == "LUNCH"
    assert released.state.pending is None
    assert released.change.from_status is AgentStatus.ON_CALL
    assert released.change.to_status is AgentStatus.PAUSED


def test_release_without_pending_makes_agent_available() -> None:
    """Releasing a call without a pending break makes the agent available, idle since then."""
    on_call = states.occupy(states.available(T0), at(1)).state
    released = states.release(on_call, at(4))
    assert released.state.status is AgentStatus.AVAILABLE
    assert released.state.since == at(4)


def test_toggling_twice_returns_to_available() -> None:
    """Toggle pauses an available agent and a second toggle makes them available again."""
    first = states.toggle(states.available(T0), at(1), ANY)
    assert first.state.status is AgentStatus.PAUSED
    assert states.pause_update_label(first.state) == "paused"
    second = states.toggle(first.state, at(2), ANY)
    assert second.state.status is AgentStatus.AVAILABLE
    assert states.pause_update_label(second.state) == "unpaused"


def test_toggling_twice_during_call_cancels_pending() -> None:
    """During a call, toggle sets a pending break and a second toggle cancels it."""
    on_call = states.occupy(states.available(T0), at(1)).state
    first = states.toggle(on_call, at(2), ANY)
    assert first.state.pending is AgentStatus.PAUSED
    second = states.toggle(first.state, at(3), ANY)
    assert second.state.pending is None
    assert states.pending_label(second.state) == "NONE"
    assert states.release(second.state, at(4)).state.status is AgentStatus.AVAILABLE


def test_unpause_during_call_cancels_pending_break() -> None:
    """Unpause during a call cancels the pending break and records the cancellation."""
    on_call = states.occupy(states.available(T0), at(1)).state
    asked = states.pause(on_call, at(2), ANY).state
    cancelled = states.unpause(asked, at(3))
    assert cancelled.state.pending is None
    assert cancelled.change.changed
    assert cancelled.change.from_status is cancelled.change.to_status is AgentStatus.ON_CALL


def test_repeated_requests_change_nothing() -> None:
    """Pausing a paused agent or unpausing an available one is recorded as unchanged."""
    paused = states.pause(states.available(T0), at(1), ANY, "x").state
    again = states.pause(paused, at(2), ANY)
    assert not again.change.changed
    assert again.state == paused
    idle = states.available(T0)
    assert not states.unpause(idle, at(3)).change.changed
    assert not states.release(idle, at(3)).change.changed


def test_pausing_again_with_another_reason_changes_the_reason() -> None:
    """A paused agent who pauses with another reason keeps the break under the new reason."""
    paused = states.pause(states.available(T0), at(1), CODES, "lunch").state
    moved = states.pause(paused, at(20), CODES, "training")
    assert moved.state.reason == "Training"
    assert moved.state.since == at(1)
    assert moved.change.changed


def test_reason_must_be_a_pause_code_when_account_has_codes() -> None:
    """A reason outside the account's pause codes is refused, naming the allowed codes."""
    with pytest.raises(states.InvalidPauseReason, match="LUNCH, Training"):
        states.pause(states.available(T0), at(1), CODES, "smoke")


def test_reason_required_when_account_says_so() -> None:
    """An account may require a reason when it has pause codes."""
    strict = AgentSettings(pause_codes=["LUNCH"], require_pause_reason=True)
    with pytest.raises(states.InvalidPauseReason, match="required"):
        states.pause(states.available(T0), at(1), strict)
    assert states.pause(states.available(T0), at(1), strict, "lunch").state.reason == "LUNCH"


def test_any_reason_accepted_without_codes() -> None:
    """Without pause codes any reason is accepted and kept as given."""
    assert states.validate_reason(" Tea break ", ANY) == "Tea break"
    assert states.validate_reason(None, ANY) is None


def test_paused_or_busy_agent_cannot_take_a_call() -> None:
    """Only an available agent can be given a call."""
    paused = states.pause(states.available(T0), at(1), ANY).state
    with pytest.raises(states.AgentNotAvailable):
        states.occupy(paused, at(2))
    busy = states.occupy(states.available(T0), at(1)).state
    with pytest.raises(states.AgentNotAvailable):
        states.occupy(busy, at(2))


def test_request_dispatches_each_pause_status() -> None:
    """The pauseStatus values pause, unpause and toggle map to their transitions."""
    idle = states.available(T0)
    assert states.request(idle, PauseRequest.PAUSE, at(1), ANY).state.status is AgentStatus.PAUSED
    assert states.request(idle, PauseRequest.TOGGLE, at(1), ANY).state.status is AgentStatus.PAUSED
    assert (
        states.request(idle, PauseRequest.UNPAUSE, at(1), ANY).state.status is AgentStatus.AVAILABLE
    )


def test_naive_time_is_refused() -> None:
    """States carry aware times only."""
    with pytest.raises(ValueError, match="timezone-aware"):
        states.available(datetime(2026, 1, 1))


def test_duplicate_pause_codes_are_refused() -> None:
    """Pause codes are distinct, case-insensitively."""
    with pytest.raises(ValueError, match="twice"):
        AgentSettings(pause_codes=["Lunch", "LUNCH"])


_ACTIONS = st.lists(
    st.sampled_from(["pause", "unpause", "toggle", "occupy", "release"]), max_size=40
)


@given(_ACTIONS)
def test_a_paused_agent_is_never_put_on_a_call(actions: list[str]) -> None:
    """Whatever the sequence, only available agents get calls and records chain up."""
    state = states.available(T0)
    for step, action in enumerate(actions, start=1):
        now = at(step)
        if action == "occupy":
            if state.status is not AgentStatus.AVAILABLE:
                with pytest.raises(states.AgentNotAvailable):
                    states.occupy(state, now)
                continue
            result = states.occupy(state, now)
        elif action == "release":
            result = states.release(state, now)
        else:
            result = states.request(state, PauseRequest(action), now, ANY)
        assert result.change.from_status is state.status
        assert result.change.to_status is result.state.status
        if result.state.pending is not None:
            assert result.state.status is AgentStatus.ON_CALL
        state = result.state
