"""Per-process singletons, owned by the app lifespan or the worker: database, HTTP client,
caches, batch writers and background services. Nothing here is created at import time.

Every shared service is a named, typed attribute of `Runtime`. A service owned by another
package is created there, once, and stored here (None until then); its class is imported
for the annotation only, so this module stays light and free of import cycles.
"""

from __future__ import annotations

import asyncio
import gc
import os
import socket
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

import httpx
import structlog

from flowhooks.accounts import Account
from flowhooks.accounts.rate_limits import MemoryCounter, RateLimiter, RedisCounter
from flowhooks.language.translation.inflight import InFlight
from flowhooks.metrics import Metrics
from flowhooks.registry import Registry
from flowhooks.settings import Settings
from flowhooks.store import accounts as account_store
from flowhooks.store.batch_writer import BatchWriter
from flowhooks.store.database import Database
from flowhooks.store.invocations import InvocationRow

if TYPE_CHECKING:
    from flowhooks.auth.login_throttle import LoginThrottle
    from flowhooks.calendar.warmup import CalendarWarmUp
    from flowhooks.jobs.worker import JobWorker
    from flowhooks.language.nlu.builtin import ModelCache
    from flowhooks.language.translation.purge import TranslationCachePurger
    from flowhooks.outbound.dispatcher import Dispatcher
    from flowhooks.outbound.webhook_intake import WebhookIntake
    from flowhooks.shortlinks.redirects import ShortLinkRuntime

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
    """A small per-process cache with a short expiry (settings change rarely, calls are many).

    `load` is the way to read through it on a hot path. When an entry expired, every call in
    flight used to run a database read of its own (an ORM load is ~5 ms of the loop's CPU):
    sixteen at once stalled the loop 15-25 ms, the p99 of the bench's half-load runs
    (docs/benchmarks.md). With `load`, concurrent misses share one read, and an entry in the
    last quarter of its life is read again in the background while calls keep using it, so
    a key in steady use never misses. `forget` wins over a read already under way.
    """

    REFRESH_SHARE = 0.25  # of an entry's life left when it is read again ahead

    def __init__(self, seconds: float, max_items: int = 10_000) -> None:
        self.seconds = seconds
        self.max_items = max_items
        self._items: dict[Any, tuple[float, Any]] = {}
        self._loads: dict[Any, asyncio.Task[Any]] = {}
        self._generation: dict[Any, int] = {}

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
        for key in list(self._loads):
            self.forget(key)  # reads under way must not put back what was cleared
        self._items.clear()

    def forget(self, key: Any) -> None:
        """Drop the entry; a read under way began before the change, so it is not cached
        and later calls start their own."""
        self._items.pop(key, None)
        self._generation[key] = self._generation.get(key, 0) + 1
        self._loads.pop(key, None)

    async def load(self, key: Any, read: Callable[[], Awaitable[Any]]) -> Any:
        """The cached value, else what ``read()`` answers (cached unless None), shared with
        every call asking for the key meanwhile."""
        item = self._items.get(key)
        if item is not None:
            left = item[0] - time.monotonic()
            if left >= 0:
                if left < self.seconds * self.REFRESH_SHARE and key not in self._loads:
                    self._start(key, read)  # refresh ahead; this call does not wait
                return item[1]
        task = self._loads.get(key) or self._start(key, read)
        return await asyncio.shield(task)

    def _start(self, key: Any, read: Callable[[], Awaitable[Any]]) -> asyncio.Task[Any]:
        generation = self._generation.get(key, 0)

        async def run() -> Any:
            value = await read()
            if value is not None and self._generation.get(key, 0) == generation:
                self.put(key, value)
            return value

        task = asyncio.ensure_future(run())
        self._loads[key] = task
        task.add_done_callback(lambda done: self._finished(key, done))
        return task

    def _finished(self, key: Any, task: asyncio.Task[Any]) -> None:
        if self._loads.get(key) is task:
            del self._loads[key]
        if not task.cancelled():
            task.exception()  # a refresh nobody awaited must not be reported as unretrieved


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
        # host name -> account id of every account's webhooks.domains (accounts.hosts).
        self.webhook_domains = TtlCache(settings.account_cache_seconds, max_items=1)
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
        self._warming: list[asyncio.Task[None]] = []
        # Batch writers of other areas (visits…): stopped, and so flushed, with the process.
        self.writers: list[BatchWriter] = []
        # Concurrent identical translations share one provider call (translateText).
        self.translations_in_flight = InFlight()
        # Set once by the module that owns each, where the process needs it; None until then.
        self.job_worker: JobWorker | None = None  # jobs.worker.install_job_worker
        self.dispatcher: Dispatcher | None = None  # outbound.dispatcher.install_dispatcher
        self.translation_purger: TranslationCachePurger | None = None  # language.translation
        self.calendar_warmup: CalendarWarmUp | None = None  # calendar.warmup
        self.shortlinks: ShortLinkRuntime | None = None  # shortlinks.redirects.shortlinks_runtime
        self.console_secret_key: bytes | None = None  # auth.console.secret_key
        self.login_throttle: LoginThrottle | None = None  # http.console.login
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._started = False

    def now(self) -> datetime:
        return self.clock()

    @cached_property
    def nlu_models(self) -> ModelCache:
        """The process's trained NLU models (per intents text), created on first use.

        Imported here, not at the top: the NLU stack takes most of a second to import, and a
        CLI command that never understands speech must not pay for it."""
        from flowhooks.language.nlu.builtin import ModelCache

        return ModelCache()

    @cached_property
    def outbound_intake(self) -> WebhookIntake:
        """The outbound intake as a webhook method uses it (createOutbound)."""
        from flowhooks.outbound.webhook_intake import WebhookIntake

        return WebhookIntake(self)

    async def start(self, *, background: bool = True, warm_up: bool = False) -> None:
        """Start batch writers; the warm-ups when `warm_up` or `background`; the background
        services when `background`. A server without the embedded worker still warms up."""
        if self._started:
            return
        self._started = True
        self.invocations.start()
        warmups = self.warmups if warm_up or background else []
        self._warming = [asyncio.create_task(warmup.run(self._stop)) for warmup in warmups]
        self._tasks.extend(self._warming)
        for service in self.services if background else []:
            self._tasks.append(asyncio.create_task(service.run(self._stop)))

    @property
    def warming(self) -> bool:
        """Whether a warm-up still runs. /readyz answers 503 until none does: a warm-up
        builds models in a thread, and calls served meanwhile share the CPU and the GIL with
        it (measured: fetchUserPreferences at half its speed for the first seconds)."""
        return any(not task.done() for task in self._warming)

    async def warmed(self) -> None:
        """Wait until every warm-up has finished."""
        if self._warming:
            await asyncio.wait(self._warming)

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
        """The account, from a short-lived per-process cache (read through, refreshed ahead)."""

        async def read() -> Account | None:
            async with self.db.read() as session:
                row = await account_store.get(session, account_id)
                return row.to_domain() if row else None

        found: Account | None = await self.accounts.load(account_id, read)
        return found

    async def credential_account(self, kind: str, token: str) -> int | None:
        """The account owning a credential (custToken, security ID…), cached briefly."""
        key = (kind, account_store.token_digest(token))

        async def read() -> int | None:
            async with self.db.read() as session:
                found = await account_store.find_credential(session, kind, token)
            return None if found is None else found.account_id

        account_id: int | None = await self.credentials.load(key, read)
        return account_id

    def forget_account(self, account_id: int) -> None:
        """Drop a cached account after this process changed it (other processes expire soon)."""
        self.accounts.forget(account_id)
        self.basic_auth.clear()
        self.credentials.clear()
        self.flows.clear()
