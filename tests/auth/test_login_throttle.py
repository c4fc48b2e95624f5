"""The login throttle counts failures per key inside a sliding window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from flowhooks.auth.login_throttle import LoginThrottle

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
KEYS = ("user:ops", "ip:10.0.0.1")


def test_blocks_after_the_limit_and_forgets_after_the_window() -> None:
    """Five failures block; fifteen minutes later the key is free again."""
    throttle = LoginThrottle(max_failures=5, window=timedelta(minutes=15))
    for i in range(4):
        throttle.failed(KEYS, T0 + timedelta(seconds=i))
    assert not throttle.blocked(KEYS, T0 + timedelta(seconds=5))
    throttle.failed(KEYS, T0 + timedelta(seconds=5))
    assert throttle.blocked(KEYS, T0 + timedelta(seconds=6))
    assert throttle.blocked(("ip:10.0.0.1",), T0 + timedelta(seconds=6))
    assert not throttle.blocked(("user:other",), T0 + timedelta(seconds=6))
    assert not throttle.blocked(KEYS, T0 + timedelta(minutes=15, seconds=6))


def test_success_clears_the_count() -> None:
    """A successful login forgets the earlier failures of its keys."""
    throttle = LoginThrottle(max_failures=2)
    throttle.failed(KEYS, T0)
    throttle.succeeded(KEYS)
    throttle.failed(KEYS, T0)
    assert not throttle.blocked(KEYS, T0)


@given(st.lists(st.integers(min_value=0, max_value=3600), max_size=30))
def test_blocked_exactly_when_enough_failures_are_recent(offsets: list[int]) -> None:
    """Blocked at the end iff at least max_failures failures fall inside the window."""
    throttle = LoginThrottle(max_failures=3, window=timedelta(minutes=10))
    for offset in sorted(offsets):
        throttle.failed(("k",), T0 + timedelta(seconds=offset))
    now = T0 + timedelta(seconds=3600)
    recent = sum(1 for o in offsets if o > 3600 - 600)
    assert throttle.blocked(("k",), now) == (recent >= 3)
