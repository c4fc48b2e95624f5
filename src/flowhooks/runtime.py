"""Per-process singletons, owned by the app lifespan or the worker: database, HTTP client,
caches, batch writers and background services. Nothing here is created at import time.
"""

from __future__ import annotations

import asyncio
import gc
import os
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx
import structlog

from flowhooks.accounts import Account
from flowhooks.accounts.rate_limits import MemoryCounter, RateLimiter, RedisCounter
from flowhooks.metrics import Metrics
from flowhooks.registry import Registry
from flowhooks.settings import Settings
from flowhooks.store import accounts as account_store
from flowhooks.store.batch_writer import BatchWriter
from flowhooks.store.database import Database
from flowhooks.store.invocations import InvocationRow

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class Service(Protocol):
    """A background loop owned by the runtime (a job worker, a dispatcher)."""

    async def run(self, stop: asyncio.Event) -> None: ...


def settle_heap() -> None:
    """Move everything loaded so far out of the garbage collector's sight.

    Warm-ups load large, long-lived object graphs (dateparser's language data, holiday
    tables, the NLU model); every full collection would walk them again, a pause of tens to
    hundreds of milliseconds in the middle of live calls. Frozen objects are never scanned.
    """
    gc.collect()
    gc.freeze()


class TtlCache:
    """A small per-process cache with a short expiry (settings change rarely, calls are many)."""

    def __init__(self, seconds: float, max_items: int = 10_000) -> None:
        self.seconds = seconds
        self.max_items = max_items
        self._items: dict[Any, tuple[float, Any]] = {}

    def get(self, key: Any) -> Any:
        item = self._items.get(key)
        if item is None or item[0] < time.monotonic():
            return None
        return item[1]

    def put(self, key: Any, value: Any) -> None:
        if len(self._items) >= self.max_items:
            self._items.clear()
        self._items[key] = (time.monotonic() + self.seconds, value)

    def clear(self) -> None:
        self._items.clear()


class Runtime:
    """Everything a process shares between requests."""

    def __init__(
        self,
        settings: Settings,
        registry: Registry,
        *,
        clock: Clock = system_clock,
        db: Database | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.clock = clock
        self.db = db or Database(
            settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            connect_timeout=settings.db_connect_timeout_seconds,
            pool_timeout=settings.db_pool_timeout_seconds,
            busy_timeout=settings.db_busy_timeout_seconds,
        )
        self.http = http or httpx.AsyncClient(timeout=httpx.Timeout(10.0), follow_redirects=False)
        self.metrics = Metrics()
        self.log = structlog.get_logger("flowhooks")
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}"
        self.accounts = TtlCache(settings.account_cache_seconds)
        self.basic_auth = TtlCache(60.0)
        # (kind, token digest) -> account id, and (account, flow id) -> outbound flow: both
        # expire like accounts, so a revoked token or a changed flow is seen within seconds.
        self.credentials = TtlCache(settings.account_cache_seconds)
        self.flows = TtlCache(settings.account_cache_seconds)
        self.invocations = BatchWriter(
            self.db,
            InvocationRow,
            interval=settings.invocation_flush_seconds,
        )
        self.rate_limiter = RateLimiter(
            RedisCounter(settings.redis_url) if settings.redis_url else MemoryCounter()
        )
        # Background work shared by the deployment (jobs, dispatch): embedded or `worker`.
        self.services: list[Service] = []
        # Per-process warm-ups: every serving process needs its own, worker or not.
        self.warmups: list[Service] = []
        # Batch writers of other areas (visits…): stopped, and so flushed, with the process.
        self.writers: list[BatchWriter] = []
        self.extensions: dict[str, Any] = {}
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._started = False

    def now(self) -> datetime:
        return self.clock()

    async def start(self, *, background: bool = True, warm_up: bool = False) -> None:
        """Start batch writers; the warm-ups when `warm_up` or `background`; the background
        services when `background`. A server without the embedded worker still warms up."""
        if self._started:
            return
        self._started = True
        self.invocations.start()
        started = (self.warmups if warm_up or background else []) + (
            self.services if background else []
        )
        for service in started:
            self._tasks.append(asyncio.create_task(service.run(self._stop)))

    async def stop(self) -> None:
        self._stop.set()
        for task in self._tasks:
            try:
                await asyncio.wait_for(task, timeout=10)
            except TimeoutError:
                task.cancel()
        self._tasks.clear()
        await self.invocations.stop()
        for writer in self.writers:
            await writer.stop()
        if isinstance(self.rate_limiter.counter, RedisCounter):
            await self.rate_limiter.counter.close()
        await self.http.aclose()
        await self.db.dispose()
        self._started = False

    async def account(self, account_id: int) -> Account | None:
        """The account, from a short-lived per-process cache."""
        cached: Account | None = self.accounts.get(account_id)
        if cached is not None:
            return cached
        async with self.db.read() as session:
            row = await account_store.get(session, account_id)
            account = row.to_domain() if row else None
        if account is not None:
            self.accounts.put(account_id, account)
        return account

    async def credential_account(self, kind: str, token: str) -> int | None:
        """The account owning a credential (custToken, security ID…), cached briefly."""
        key = (kind, account_store.token_digest(token))
        account_id: int | None = self.credentials.get(key)
        if account_id is None:
            async with self.db.read() as session:
                found = await account_store.find_credential(session, kind, token)
            if found is None or found.account_id is None:
                return None
            account_id = found.account_id
            self.credentials.put(key, account_id)
        return account_id

    def forget_account(self, account_id: int) -> None:
        """Drop a cached account after this process changed it (other processes expire soon)."""
        self.accounts._items.pop(account_id, None)
        self.basic_auth.clear()
        self.credentials.clear()
        self.flows.clear()
