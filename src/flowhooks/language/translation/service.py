"""Translate through a cache: the provider is called only for text not translated before.

The cache is keyed by provider + source (``auto`` when detecting) + target + SHA-256 of
the text, so the text itself is never a key and every process sharing the database shares
the answers. Only successes are cached. A text whose source equals its target, or that is
blank, is answered as is without any provider call.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from flowhooks.language.translation.base import Translation, Translator
from flowhooks.language.translation.inflight import InFlight

AUTO = "auto"
MAX_PROVIDER_LENGTH = 300


@dataclass(frozen=True, slots=True)
class CacheKey:
    """Where one translation is cached."""

    provider: str
    source: str
    target: str
    text_sha256: str


class TranslationCache(Protocol):
    """Storage of successful translations (the database table in production)."""

    async def get(self, key: CacheKey, now: datetime) -> Translation | None:
        """The cached translation if present and not expired at ``now``."""
        ...

    async def put(
        self, key: CacheKey, value: Translation, now: datetime, expires_at: datetime
    ) -> None:
        """Store (or replace) a translation made at ``now``, valid until ``expires_at``."""
        ...


def cache_key(provider: str, source: str | None, target: str, text: str) -> CacheKey:
    """The cache key of translating ``text`` from ``source`` (None = detect) into ``target``."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if len(provider) > MAX_PROVIDER_LENGTH:
        # A very long LibreTranslate URL still names one server: keep its hash instead.
        provider = "sha256:" + hashlib.sha256(provider.encode("utf-8")).hexdigest()
    return CacheKey(provider=provider, source=source or AUTO, target=target, text_sha256=digest)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A translation and whether it came from the cache (for logs and metrics)."""

    translation: Translation
    cached: bool
    shared: bool = False


async def translate_cached(
    translator: Translator,
    cache: TranslationCache | None,
    text: str,
    target: str,
    source: str | None,
    *,
    now: datetime,
    cache_days: int,
    inflight: InFlight | None = None,
    credential: str = "",
) -> Outcome:
    """Translate ``text``, reading and filling the cache; ``cache_days`` 0 skips the cache.

    With ``inflight``, concurrent misses for the same key and ``credential`` (a fingerprint
    of the API key, so one caller's bad key never answers another's request) share one call.
    """
    if not text.strip() or (source is not None and source == target):
        return Outcome(Translation(text=text, detected_source=source), cached=False)
    use_cache = cache is not None and cache_days > 0
    key = cache_key(translator.name, source, target, text)
    if use_cache and cache is not None:
        hit = await cache.get(key, now)
        if hit is not None:
            return Outcome(hit, cached=True)

    async def call() -> Translation:
        if use_cache and cache is not None and inflight is not None:
            # A concurrent request may have filled the cache between our miss above and
            # this call starting (its in-flight entry already gone): look once more.
            again = await cache.get(key, now)
            if again is not None:
                return again
        result = await translator.translate(text, target, source)
        if use_cache and cache is not None:
            await cache.put(key, result, now, now + timedelta(days=cache_days))
        return result

    if inflight is None:
        return Outcome(await call(), cached=False)
    result, shared = await inflight.share((key, credential, use_cache), call)
    return Outcome(result, cached=False, shared=shared)
