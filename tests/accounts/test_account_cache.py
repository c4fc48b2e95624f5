"""The per-process caches read through TtlCache.load: one read for many waiting calls,
refreshed ahead, and forget wins over a read under way (the account cache is the example)."""

from __future__ import annotations

import asyncio
from typing import Any

from flowhooks.runtime import Runtime
from flowhooks.store import accounts as account_store
from tests.conftest import AppFactory


def _count_loads(monkeypatch: Any) -> list[int]:
    loads: list[int] = []
    original = account_store.get

    async def counted(session: Any, account_id: int) -> Any:
        loads.append(account_id)
        await asyncio.sleep(0.01)  # a load takes a while: the other calls arrive meanwhile
        return await original(session, account_id)

    monkeypatch.setattr(account_store, "get", counted)
    return loads


async def test_calls_that_miss_together_share_one_load(
    app_factory: AppFactory, monkeypatch: Any
) -> None:
    """Sixteen calls finding the entry expired wait on one ORM load, not sixteen (which
    stalled the loop 15-25 ms each time a busy account's entry expired)."""
    application = await app_factory(account_cache_seconds=60)
    runtime: Runtime = application.state.runtime
    from flowhooks.accounts import demo

    await demo.seed(runtime.db)
    loads = _count_loads(monkeypatch)
    found = await asyncio.gather(*(runtime.account(demo.DEMO_ACCOUNT_ID) for _ in range(16)))
    assert {account.id for account in found if account} == {demo.DEMO_ACCOUNT_ID}
    assert loads == [demo.DEMO_ACCOUNT_ID]


async def test_an_entry_near_its_end_is_reloaded_while_calls_use_it(
    app_factory: AppFactory, monkeypatch: Any
) -> None:
    """In the last quarter of its life an entry is reloaded in the background; the call that
    noticed answers from the cache at once, and no call ever waits on the reload."""
    application = await app_factory(account_cache_seconds=0.2)
    runtime: Runtime = application.state.runtime
    from flowhooks.accounts import demo

    await demo.seed(runtime.db)
    assert await runtime.account(demo.DEMO_ACCOUNT_ID) is not None
    loads = _count_loads(monkeypatch)
    await asyncio.sleep(0.16)  # past three quarters of 0.2 s
    assert await runtime.account(demo.DEMO_ACCOUNT_ID) is not None  # cached, not waited for
    assert loads == []
    await asyncio.sleep(0)
    assert loads == [demo.DEMO_ACCOUNT_ID]  # the refresh started
    await asyncio.sleep(0.05)  # the refresh has put a new entry: the old one would be gone
    assert runtime.accounts.get(demo.DEMO_ACCOUNT_ID) is not None


async def test_a_load_under_way_when_the_account_changes_is_not_cached(
    app_factory: AppFactory, monkeypatch: Any
) -> None:
    """forget_account (this process changed the account) wins over a load that read it
    before the change: the next call reads it again."""
    application = await app_factory(account_cache_seconds=60)
    runtime: Runtime = application.state.runtime
    from flowhooks.accounts import demo

    await demo.seed(runtime.db)
    loads = _count_loads(monkeypatch)
    first = asyncio.ensure_future(runtime.account(demo.DEMO_ACCOUNT_ID))
    await asyncio.sleep(0)
    runtime.forget_account(demo.DEMO_ACCOUNT_ID)
    await first
    assert runtime.accounts.get(demo.DEMO_ACCOUNT_ID) is None
    await runtime.account(demo.DEMO_ACCOUNT_ID)
    assert loads == [demo.DEMO_ACCOUNT_ID, demo.DEMO_ACCOUNT_ID]
