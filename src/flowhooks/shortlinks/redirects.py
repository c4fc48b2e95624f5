"""The redirect's hot path, per process: a code → link cache, the domain check and the
visit batch writer.

A redirect costs one indexed lookup by code (or a cache hit), and never waits on visit
logging: the visit row goes to a BatchWriter that inserts in batches off the request
path. Links with a visit limit are the one exception: each human visit is counted with a
single conditional UPDATE, so the limit holds exactly across processes. Bots (link
previews in WhatsApp or Slack) are recorded but never use up a limited link.
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass
from datetime import datetime

from flowhooks.runtime import Runtime, TtlCache
from flowhooks.shortlinks.hostnames import host_matches
from flowhooks.shortlinks.service import link_settings
from flowhooks.shortlinks.visitors import VisitFacts
from flowhooks.store import accounts as account_store
from flowhooks.store import shortlinks as store
from flowhooks.store.batch_writer import BatchWriter

LINK_CACHE_SECONDS = 10.0


class Outcome(enum.Enum):
    REDIRECT = "redirect"
    NOT_FOUND = "not_found"
    EXPIRED = "expired"
    USED_UP = "used_up"


@dataclass(frozen=True, slots=True)
class Resolution:
    outcome: Outcome
    link: store.LinkSnapshot | None = None


class ShortLinkRuntime:
    """Per-process state of the shortener; also the background service that flushes visits."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.links = TtlCache(LINK_CACHE_SECONDS)
        self.owners = TtlCache(runtime.settings.account_cache_seconds, max_items=1)
        self.visits = BatchWriter(
            runtime.db,
            store.ShortLinkVisitRow,
            interval=runtime.settings.invocation_flush_seconds,
        )
        runtime.writers.append(self.visits)  # flushed by Runtime.stop() in every process

    async def run(self, stop: asyncio.Event) -> None:
        """Flush visits until the process stops, then flush what is left."""
        self.visits.start()
        await stop.wait()
        await self.visits.stop()

    def forget(self, code: str) -> None:
        """Drop a cached link after this process changed it (others expire within 10 s)."""
        self.links.forget(code)

    async def snapshot(self, code: str) -> store.LinkSnapshot | None:
        async def read() -> store.LinkSnapshot | None:
            async with self.runtime.db.read() as session:
                return await store.snapshot_by_code(session, code)

        found: store.LinkSnapshot | None = await self.links.load(code, read)
        return found

    async def _owners(self) -> dict[str, int]:
        async def read() -> dict[str, int]:
            async with self.runtime.db.read() as session:
                return await account_store.domain_owners(session, "shortlinks")

        owners: dict[str, int] = await self.owners.load("all", read)
        return owners

    async def answers_on(self, link: store.LinkSnapshot, host: str) -> bool:
        """A link answers on its account's domains only; a link of an account without
        domains answers on any host that is not another account's domain."""
        account = await self.runtime.account(link.account_id)
        if account is None:
            return False
        domains = link_settings(account).domains
        host = host.lower()
        if domains:
            return any(host_matches(host, d) for d in domains)
        return not any(host_matches(host, d) for d in await self._owners())

    async def resolve(
        self, code: str, host: str, now: datetime, *, bot: bool, count: bool = True
    ) -> Resolution:
        """Where a visit of `code` on `host` goes; a human visit of a limited link is counted."""
        link = await self.snapshot(code)
        if link is None or not await self.answers_on(link, host):
            return Resolution(Outcome.NOT_FOUND)
        if link.expires_at is not None and link.expires_at <= now:
            return Resolution(Outcome.EXPIRED, link)
        if link.max_visits is not None:
            if count and not bot:
                async with self.runtime.db.session() as session:
                    allowed = await store.consume_visit(session, link.id)
            else:
                async with self.runtime.db.read() as session:
                    allowed = not await store.is_used_up(session, link.id)
            if not allowed:
                return Resolution(Outcome.USED_UP, link)
        return Resolution(Outcome.REDIRECT, link)

    def record(self, link: store.LinkSnapshot, facts: VisitFacts, now: datetime) -> None:
        """Queue one visit row; never blocks, never touches the database."""
        self.visits.start()  # idempotent: a serve process without the embedded worker
        self.visits.add(
            {
                "link_id": link.id,
                "visited_at": now,
                "referrer": facts.referrer,
                "user_agent": facts.user_agent,
                "ip": facts.ip,
                "potential_bot": facts.potential_bot,
            }
        )


def shortlinks_runtime(runtime: Runtime) -> ShortLinkRuntime:
    """The process's ShortLinkRuntime, created on first use."""
    if runtime.shortlinks is None:
        runtime.shortlinks = ShortLinkRuntime(runtime)
    return runtime.shortlinks


def install(runtime: Runtime) -> None:
    """Background service: flush visits in `serve` and `worker` (listed in background.py)."""
    service = shortlinks_runtime(runtime)
    if service not in runtime.services:
        runtime.services.append(service)
