"""Concurrent identical translations share one provider call (per key and credential)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest

from flowhooks.errors import UpstreamError
from flowhooks.language.translation.google_v2 import GoogleV2Translator
from flowhooks.language.translation.inflight import InFlight
from flowhooks.language.translation.service import translate_cached
from tests.language.translation.translation_fakes import LocalServer, ProviderScript, google_error

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


async def ask(
    http: httpx.AsyncClient,
    server: LocalServer,
    inflight: InFlight,
    *,
    key: str = "k",
    text: str = "Your call is important to us",
) -> tuple[str, bool]:
    translator = GoogleV2Translator(http, api_key=key, base_url=server.url)
    outcome = await translate_cached(
        translator, None, text, "hi", None, now=NOW, cache_days=0, inflight=inflight, credential=key
    )
    return outcome.translation.text, outcome.shared


async def test_concurrent_identical_requests_make_one_call(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """Five concurrent asks for one prompt reach the provider once; four are shared."""
    google.delay_seconds = 0.2
    inflight = InFlight()
    results = await asyncio.gather(*(ask(http, google_server, inflight) for _ in range(5)))
    assert {text for text, _ in results} == {"[hi] Your call is important to us"}
    assert sorted(shared for _, shared in results) == [False, True, True, True, True]
    assert len(google.received) == 1
    assert len(inflight) == 0


async def test_different_keys_or_texts_do_not_share(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """Another credential or another text gets its own call."""
    google.delay_seconds = 0.1
    inflight = InFlight()
    await asyncio.gather(
        ask(http, google_server, inflight, key="a"),
        ask(http, google_server, inflight, key="b"),
        ask(http, google_server, inflight, key="a", text="Goodbye"),
    )
    assert len(google.received) == 3


async def test_an_error_reaches_every_waiter_and_is_not_remembered(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """A shared call's error is raised to each waiter; the next ask calls again."""
    google.delay_seconds = 0.1
    google.answer_next(503, google_error(503, "Backend Error", "backendError"))
    inflight = InFlight()
    results = await asyncio.gather(
        *(ask(http, google_server, inflight) for _ in range(3)), return_exceptions=True
    )
    assert all(isinstance(r, UpstreamError) for r in results)
    google.delay_seconds = 0.0
    assert (await ask(http, google_server, inflight))[0].startswith("[hi]")
    assert len(google.received) == 2


async def test_a_caller_giving_up_does_not_cancel_the_shared_call(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """Cancelling the first caller leaves the call running for the one still waiting."""
    google.delay_seconds = 0.2
    inflight = InFlight()
    first = asyncio.create_task(ask(http, google_server, inflight))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(ask(http, google_server, inflight))
    await asyncio.sleep(0.01)
    first.cancel()
    text, shared = await second
    assert shared
    assert text.startswith("[hi]")
    with pytest.raises(asyncio.CancelledError):
        await first
    assert len(google.received) == 1
