"""A background loop that deletes expired translation-cache rows, hourly.

Expired rows are already ignored on read and overwritten on the next translation of the
same text; this only keeps the table from growing with texts nobody asks for again. Any
number of processes may run it: the delete is idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

import structlog

from flowhooks.store import translation as cache_store

if TYPE_CHECKING:
    from flowhooks.runtime import Runtime

PURGE_INTERVAL_SECONDS = 3600.0
log = structlog.get_logger("flowhooks.translation")


class TranslationCachePurger:
    """Deletes expired cache rows every ``interval`` seconds until stopped."""

    def __init__(self, runtime: Runtime, interval: float = PURGE_INTERVAL_SECONDS) -> None:
        self.runtime = runtime
        self.interval = interval

    async def purge_once(self) -> int:
        """Delete the rows expired now; the number deleted."""
        async with self.runtime.db.session() as session:
            return await cache_store.purge_expired(session, self.runtime.now())

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                deleted = await self.purge_once()
            except Exception:  # a failed purge must never stop the process; try next time
                log.exception("translation_cache_purge_failed")
            else:
                if deleted:
                    log.info("translation_cache_purged", deleted=deleted)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)


def install_translation_cache_purger(runtime: Runtime) -> None:
    """Add the purger to the runtime's background services (once)."""
    if runtime.translation_purger is None:
        runtime.translation_purger = TranslationCachePurger(runtime)
        runtime.services.append(runtime.translation_purger)
