"""The translation cache table on SQLite and PostgreSQL: get, upsert, expiry, purge."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from fastapi import FastAPI

from flowhooks.language.translation.base import Translation
from flowhooks.language.translation.service import cache_key
from flowhooks.store import translation as store
from flowhooks.store.database import Database
from flowhooks.store.translation import DatabaseTranslationCache, TranslationCacheRow

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=30)


async def test_put_then_get_until_expiry(db: Database) -> None:
    """A stored translation is read back until it expires, then it is absent."""
    cache = DatabaseTranslationCache(db)
    key = cache_key("google", None, "hi", "Hello")
    await cache.put(key, Translation("नमस्ते", "en"), NOW, LATER)
    assert await cache.get(key, NOW) == Translation("नमस्ते", "en")
    assert await cache.get(key, LATER - timedelta(seconds=1)) is not None
    assert await cache.get(key, LATER) is None
    assert await cache.get(cache_key("google", "en", "hi", "Hello"), NOW) is None


async def test_put_twice_replaces_the_row(db: Database) -> None:
    """A second put of the same key (a race between processes, or a refresh) replaces it."""
    cache = DatabaseTranslationCache(db)
    key = cache_key("libretranslate@http://lt:5000", "en", "ta", "Bye")
    await cache.put(key, Translation("old", None), NOW, NOW + timedelta(days=1))
    await cache.put(key, Translation("new", None), NOW, LATER)
    assert await cache.get(key, NOW + timedelta(days=2)) == Translation("new", None)


async def test_purge_deletes_only_expired_rows(db: Database) -> None:
    """purge_expired removes rows past their expiry and keeps the others."""
    cache = DatabaseTranslationCache(db)
    old = cache_key("google", None, "hi", "old text")
    fresh = cache_key("google", None, "hi", "fresh text")
    await cache.put(old, Translation("a", "en"), NOW, NOW + timedelta(days=1))
    await cache.put(fresh, Translation("b", "en"), NOW, LATER)
    async with db.session() as session:
        deleted = await store.purge_expired(session, NOW + timedelta(days=2))
    assert deleted == 1
    assert await cache.get(fresh, NOW + timedelta(days=2)) == Translation("b", "en")
    assert await cache.get(old, NOW) is None


async def test_long_provider_names_are_hashed_into_the_key(db: Database) -> None:
    """A LibreTranslate URL longer than the column still gives a storable, distinct key."""
    long_name = "libretranslate@http://lt.example/" + "x" * 400
    key = cache_key(long_name, None, "hi", "Hello")
    assert len(key.provider) <= 300
    cache = DatabaseTranslationCache(db)
    await cache.put(key, Translation("t", "en"), NOW, LATER)
    assert await cache.get(key, NOW) == Translation("t", "en")


async def test_background_purger_deletes_expired_rows_and_stops(app: FastAPI) -> None:
    """The installed purger deletes expired rows on its first pass and ends when stopped."""
    runtime = app.state.runtime
    purger = runtime.translation_purger
    cache = DatabaseTranslationCache(runtime.db)
    now = runtime.now()
    expired = cache_key("google", None, "hi", "expired")
    await cache.put(
        expired, Translation("x", "en"), now - timedelta(days=2), now - timedelta(days=1)
    )
    await cache.put(cache_key("google", None, "hi", "kept"), Translation("y", "en"), now, LATER)
    stop = asyncio.Event()
    task = asyncio.create_task(purger.run(stop))
    for _ in range(100):
        async with runtime.db.read() as session:
            remaining = await session.scalar(
                sa.select(sa.func.count()).select_from(TranslationCacheRow)
            )
        if remaining == 1:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, timeout=2)
    assert remaining == 1
