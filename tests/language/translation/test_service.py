"""translate_cached: cache hits make no provider call; only successes are cached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from flowhooks.errors import UpstreamError
from flowhooks.language.translation.base import Translation
from flowhooks.language.translation.google_v2 import GoogleV2Translator
from flowhooks.language.translation.service import CacheKey, cache_key, translate_cached
from tests.language.translation.translation_fakes import LocalServer, ProviderScript, google_error

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


class DictCache:
    """An in-memory TranslationCache with expiry, standing in for the database table."""

    def __init__(self) -> None:
        self.rows: dict[CacheKey, tuple[Translation, datetime]] = {}

    async def get(self, key: CacheKey, now: datetime) -> Translation | None:
        row = self.rows.get(key)
        if row is None or row[1] <= now:
            return None
        return row[0]

    async def put(
        self, key: CacheKey, value: Translation, now: datetime, expires_at: datetime
    ) -> None:
        self.rows[key] = (value, expires_at)


async def test_second_identical_request_is_served_from_cache(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """The same text/source/target twice reaches the provider once."""
    cache = DictCache()
    translator = GoogleV2Translator(http, api_key="k", base_url=google_server.url)
    first = await translate_cached(translator, cache, "Hello", "hi", None, now=NOW, cache_days=30)
    second = await translate_cached(translator, cache, "Hello", "hi", None, now=NOW, cache_days=30)
    assert (first.cached, second.cached) == (False, True)
    assert second.translation == first.translation == Translation("[hi] Hello", "en")
    assert len(google.received) == 1


async def test_expired_entry_and_zero_days_call_the_provider(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """An entry past its days is not used, and cache_days=0 never stores."""
    cache = DictCache()
    translator = GoogleV2Translator(http, api_key="k", base_url=google_server.url)
    await translate_cached(translator, cache, "Hi", "ta", None, now=NOW, cache_days=1)
    later = NOW + timedelta(days=1, seconds=1)
    again = await translate_cached(translator, cache, "Hi", "ta", None, now=later, cache_days=1)
    assert not again.cached
    await translate_cached(translator, cache, "Bye", "ta", None, now=NOW, cache_days=0)
    assert len(google.received) == 3
    assert cache_key("google", None, "ta", "Bye") not in cache.rows


async def test_errors_are_not_cached(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """A provider error is raised and the next call asks the provider again."""
    cache = DictCache()
    translator = GoogleV2Translator(http, api_key="k", base_url=google_server.url)
    google.answer_next(503, google_error(503, "Backend Error", "backendError"))
    with pytest.raises(UpstreamError):
        await translate_cached(translator, cache, "Hello", "hi", None, now=NOW, cache_days=30)
    result = await translate_cached(translator, cache, "Hello", "hi", None, now=NOW, cache_days=30)
    assert not result.cached
    assert len(google.received) == 2


async def test_same_language_and_blank_text_need_no_provider(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """Source equal to target, or blank text, is answered as is without a call."""
    translator = GoogleV2Translator(http, api_key="k", base_url=google_server.url)
    same = await translate_cached(translator, None, "नमस्ते", "hi", "hi", now=NOW, cache_days=30)
    blank = await translate_cached(translator, None, "  ", "hi", None, now=NOW, cache_days=30)
    assert same.translation == Translation("नमस्ते", "hi")
    assert blank.translation.text == "  "
    assert google.received == []


def test_cache_key_separates_provider_source_target_and_text() -> None:
    """Keys differ by provider, source (auto when detecting), target and text hash."""
    base = cache_key("google", None, "hi", "Hello")
    assert base.source == "auto"
    assert len(base.text_sha256) == 64
    assert "Hello" not in repr(base)
    others = {
        cache_key("libretranslate@http://lt", None, "hi", "Hello"),
        cache_key("google", "en", "hi", "Hello"),
        cache_key("google", None, "ta", "Hello"),
        cache_key("google", None, "hi", "Hello!"),
    }
    assert base not in others
    assert len(others) == 4
