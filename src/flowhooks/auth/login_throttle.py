"""Login throttling: after too many wrong passwords for a user name or from an address,
further attempts are refused for a while (per process; argon2 already makes each guess slow).
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
MAX_KEYS = 10_000


class LoginThrottle:
    """Counts recent failures per key (a user name, an address)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: timedelta = WINDOW) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, deque[datetime]] = {}

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def blocked(self, keys: tuple[str, ...], now: datetime) -> bool:
        """True when any key has had max_failures failures within the window."""
        return any(len(self._recent(k, now)) >= self.max_failures for k in keys)

    def failed(self, keys: tuple[str, ...], now: datetime) -> None:
        if len(self._failures) > MAX_KEYS:
            self._failures.clear()
        for key in keys:
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times

    def succeeded(self, keys: tuple[str, ...]) -> None:
        for key in keys:
            self._failures.pop(key, None)
