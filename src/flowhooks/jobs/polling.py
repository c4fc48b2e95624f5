"""The one claim-and-poll loop behind every background queue (jobs, outbound dispatch).

Each round claims up to `batch` items under a lease, so the items of a process that dies
are taken over by another once the lease expires, and handles them, one after the other
or all together. It sleeps `poll_seconds`, or until stopped, only after a round that found
nothing. A database that cannot be reached (ServiceUnavailable while claiming) costs a
round, not the loop; an item whose handling crashes is logged and left to its lease, and
the other items of the round go on.
"""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Generic, TypeVar

import structlog

from flowhooks.errors import ServiceUnavailable

Item = TypeVar("Item")


class ClaimLoop(ABC, Generic[Item]):
    """Claim a batch under a lease, handle it, back off when idle, until `stop` is set.

    A subclass says how to claim (`claim`) and handle (`handle`) an item, which log fields
    name an item (`describe`), and the two events its log uses.
    """

    claim_failed_event: str  # logged (warning) when the database refuses a claim
    crash_event: str  # logged (with the traceback) when handling one item crashes
    concurrent: bool = False  # handle a round's items together rather than in turn

    def __init__(
        self,
        *,
        batch: int,
        lease: timedelta,
        poll_seconds: float,
        log: structlog.typing.FilteringBoundLogger,
    ) -> None:
        self.batch = batch
        self.lease = lease
        self.poll_seconds = poll_seconds
        self.log = log

    @abstractmethod
    async def claim(self) -> Sequence[Item]:
        """Up to `batch` due items, now held by this process until `lease` expires."""

    @abstractmethod
    async def handle(self, item: Item) -> None:
        """Do the work of one claimed item and record its outcome."""

    @abstractmethod
    def describe(self, item: Item) -> Mapping[str, Any]:
        """The log fields that name an item (its id)."""

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                worked = await self.run_once()
            except ServiceUnavailable as exc:
                self.log.warning(self.claim_failed_event, error=exc.message)
                worked = 0
            if not worked:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)

    async def run_once(self) -> int:
        """Claim one batch and handle it; returns how many items were claimed."""
        items = await self.claim()
        if self.concurrent:
            await asyncio.gather(*(self._guarded(item) for item in items))
        else:
            for item in items:
                await self._guarded(item)
        return len(items)

    async def _guarded(self, item: Item) -> None:
        try:
            await self.handle(item)
        except Exception:  # one bad item must not stop the others; its lease will expire
            self.log.exception(self.crash_event, **self.describe(item))
