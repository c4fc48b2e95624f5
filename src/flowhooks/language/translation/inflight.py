"""Concurrent identical translations in one process share one provider call.

When an outbound campaign starts, hundreds of calls ask for the same prompt in the same
second, before the first answer has reached the cache. Requests with the same cache key and
the same credential wait for the one call already under way instead of each paying for
their own. The shared call runs as its own task, so a caller that gives up (its webhook
timed out) does not cancel it for the others; it is still bounded by the provider budget.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable

from flowhooks.language.translation.base import Translation


class InFlight:
    """The provider calls under way in this process, by key."""

    def __init__(self) -> None:
        self._calls: dict[Hashable, asyncio.Task[Translation]] = {}

    def __len__(self) -> int:
        return len(self._calls)

    async def share(
        self, key: Hashable, call: Callable[[], Awaitable[Translation]]
    ) -> tuple[Translation, bool]:
        """The result of ``call()`` and whether it was shared with a call already under way."""
        task = self._calls.get(key)
        shared = task is not None
        if task is None:
            task = asyncio.ensure_future(call())
            self._calls[key] = task
            task.add_done_callback(lambda done: self._forget(key, done))
        return await asyncio.shield(task), shared

    def _forget(self, key: Hashable, task: asyncio.Task[Translation]) -> None:
        if self._calls.get(key) is task:
            del self._calls[key]
        if not task.cancelled():
            task.exception()  # retrieved here, so an error nobody awaited is not reported twice
