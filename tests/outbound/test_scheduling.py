"""Calling hours, alternates and retry rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowhooks.outbound.api_models import AttemptStatus
from flowhooks.outbound.scheduling import (
    CallingHours,
    CallState,
    RetryPolicy,
    after_attempt,
    call_state_after,
    next_allowed_time,
    number_index,
)

IST = ZoneInfo("Asia/Kolkata")
HOURS = CallingHours(time(9, 0), time(21, 0))


def ist(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=IST)


def test_inside_hours_is_unchanged() -> None:
    """A call due inside the calling hours is due as it is."""
    assert next_allowed_time(ist(25, 10, 30), HOURS, IST) == ist(25, 10, 30)


def test_night_waits_for_the_morning() -> None:
    """A call due at night waits for the next morning's opening."""
    assert next_allowed_time(ist(25, 23, 0), HOURS, IST) == ist(26, 9, 0)
    assert next_allowed_time(ist(26, 3, 0), HOURS, IST) == ist(26, 9, 0)
    assert next_allowed_time(ist(26, 21, 0), HOURS, IST) == ist(27, 9, 0)


def test_holiday_and_weekend_are_skipped() -> None:
    """A call due on a non-business day waits for the next business day's opening."""
    holidays = {date(2026, 11, 27)}

    def business(day: date) -> bool:
        return day.weekday() < 5 and day not in holidays

    # Thursday 26 Nov at 22:00 -> Friday 27 is a holiday, weekend -> Monday 30 at 09:00.
    assert next_allowed_time(ist(26, 22, 0), HOURS, IST, business) == ist(30, 9, 0)


def test_result_is_utc_and_naive_is_refused() -> None:
    """Due times come back in UTC; a naive due time is a ValueError."""
    assert next_allowed_time(ist(25, 10, 0), HOURS, IST).tzinfo is UTC
    with pytest.raises(ValueError, match="aware"):
        next_allowed_time(datetime(2026, 11, 25, 10, 0), HOURS, IST)


def test_no_business_day_is_an_error() -> None:
    """A calendar without any business day cannot schedule."""
    with pytest.raises(ValueError, match="within a year"):
        next_allowed_time(ist(25, 10, 0), HOURS, IST, lambda _: False)


def test_calling_hours_must_be_a_window() -> None:
    """Calling hours that end before they start are refused."""
    with pytest.raises(ValueError, match="before"):
        CallingHours(time(21, 0), time(9, 0))


@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    )
)
def test_allowed_time_is_never_early_and_always_inside(due: datetime) -> None:
    """The allowed time is never before the due time and always inside the hours."""
    allowed = next_allowed_time(due, HOURS, IST)
    assert allowed >= due
    assert HOURS.start <= allowed.astimezone(IST).time() < HOURS.end
    assert allowed - due < timedelta(hours=13)


def test_alternates_cycle_in_order() -> None:
    """Attempt n dials alternate (n-1) mod count."""
    assert [number_index(n, 2) for n in range(1, 6)] == [0, 1, 0, 1, 0]


def test_failure_falls_through_to_alternate_immediately() -> None:
    """A failed attempt on the first number moves at once to the alternate."""
    ended = ist(25, 10, 0)
    nxt = after_attempt(AttemptStatus.BUSY, 1, 2, RetryPolicy(3, timedelta(minutes=30)), ended)
    assert nxt is not None
    assert (nxt.attempt_number, nxt.number_index, nxt.not_before) == (2, 1, ended)


def test_new_round_waits_the_retry_gap() -> None:
    """Going back to the first number waits the flow's retry gap."""
    ended = ist(25, 10, 0)
    nxt = after_attempt(AttemptStatus.NO_ANSWER, 2, 2, RetryPolicy(3, timedelta(minutes=30)), ended)
    assert nxt is not None
    assert nxt.number_index == 0
    assert nxt.not_before == ended + timedelta(minutes=30)


def test_limit_answer_and_cancel_end_the_call() -> None:
    """The attempt limit, an answer or a cancellation end the call."""
    policy = RetryPolicy(2)
    ended = ist(25, 10, 0)
    assert after_attempt(AttemptStatus.FAILED, 2, 3, policy, ended) is None
    assert after_attempt(AttemptStatus.ANSWERED, 1, 3, policy, ended) is None
    assert after_attempt(AttemptStatus.CANCELLED, 1, 3, policy, ended) is None


def test_call_state_after_attempt() -> None:
    """Answered completes, cancelled cancels, exhausted fails, otherwise rescheduled."""
    nxt = after_attempt(AttemptStatus.BUSY, 1, 1, RetryPolicy(3), ist(25, 10, 0))
    assert call_state_after(AttemptStatus.ANSWERED, None) is CallState.COMPLETED
    assert call_state_after(AttemptStatus.CANCELLED, None) is CallState.CANCELLED
    assert call_state_after(AttemptStatus.BUSY, None) is CallState.FAILED
    assert call_state_after(AttemptStatus.BUSY, nxt) is CallState.SCHEDULED
    assert call_state_after(AttemptStatus.DIALING, None) is CallState.IN_PROGRESS
    assert CallState.FAILED.final
    assert not CallState.SCHEDULED.final


def test_retry_policy_bounds() -> None:
    """A policy needs 1..20 attempts and a non-negative gap."""
    with pytest.raises(ValueError, match="attempts"):
        RetryPolicy(0)
    with pytest.raises(ValueError, match="gap"):
        RetryPolicy(3, timedelta(minutes=-1))
