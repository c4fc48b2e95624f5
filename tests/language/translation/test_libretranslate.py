"""The LibreTranslate provider against a local server speaking LibreTranslate's protocol."""

from __future__ import annotations

import time

import httpx
import pytest

from flowhooks.errors import InvalidParameter, UpstreamError, UpstreamTimeout
from flowhooks.language.translation.libretranslate import LibreTranslateTranslator
from tests.language.translation.translation_fakes import (
    LocalServer,
    ProviderScript,
    bound_socket,
    libre_app,
)

KEY = "libre-fake-key-0000-1111"


def translator(
    http: httpx.AsyncClient, url: str, *, key: str | None = KEY, timeout: float = 3.0
) -> LibreTranslateTranslator:
    return LibreTranslateTranslator(http, base_url=url, api_key=key, timeout_seconds=timeout)


async def test_auto_source_reads_detected_language(
    http: httpx.AsyncClient, libre: ProviderScript, libre_server: LocalServer
) -> None:
    """Without a source the request says 'auto' and detectedLanguage.language is returned."""
    result = await translator(http, libre_server.url).translate("Hello", "hi")
    assert result.text == "[hi] Hello"
    assert result.detected_source == "en"
    [seen] = libre.received
    assert seen.path == "/translate"
    assert seen.body == {
        "q": "Hello",
        "source": "auto",
        "target": "hi",
        "format": "text",
        "api_key": KEY,
    }
    assert seen.query == {}


async def test_given_source_and_no_key(
    http: httpx.AsyncClient, libre: ProviderScript, libre_server: LocalServer
) -> None:
    """A given source is sent as is; without a key no api_key field is sent."""
    result = await translator(http, libre_server.url, key=None).translate("x", "en", source="hi")
    assert result.detected_source is None
    assert libre.received[0].body["source"] == "hi"
    assert "api_key" not in libre.received[0].body


async def test_chinese_and_norwegian_use_libretranslate_codes(
    http: httpx.AsyncClient, libre: ProviderScript, libre_server: LocalServer
) -> None:
    """zh-CN/zh-TW/no are sent as LibreTranslate's zh-Hans/zh-Hant/nb."""
    await translator(http, libre_server.url).translate("Hello", "zh-CN", source="no")
    await translator(http, libre_server.url).translate("Hello", "zh-TW")
    assert [r.body["target"] for r in libre.received] == ["zh-Hans", "zh-Hant"]
    assert libre.received[0].body["source"] == "nb"


DETECTED_UNSUPPORTED = "{'confidence': 40.0, 'language': 'xx'} is not supported"
PAIR_UNAVAILABLE = "Kashmiri (ks) is not available as a target language from English (en)"
TOO_LONG = "Invalid request: request (6000) exceeds text limit (5000)"
TARGET, SOURCE, TEXT = "$flow.key.targetLang", "$flow.key.sourceLang", "$flow.key.inputText"


@pytest.mark.parametrize(
    ("source", "target", "error", "variable"),
    [
        (None, "sat", "sat is not supported", TARGET),
        ("brx", "en", "brx is not supported", SOURCE),
        (None, "hi", DETECTED_UNSUPPORTED, TEXT),
        ("en", "ks", PAIR_UNAVAILABLE, TARGET),
        (None, "hi", TOO_LONG, TEXT),
    ],
)
async def test_refused_languages_are_invalid_parameters(
    http: httpx.AsyncClient,
    libre: ProviderScript,
    libre_server: LocalServer,
    source: str | None,
    target: str,
    error: str,
    variable: str,
) -> None:
    """LibreTranslate's 400 about a language or the text is a 422 naming that variable."""
    libre.answer_next(400, {"error": error})
    with pytest.raises(InvalidParameter) as info:
        await translator(http, libre_server.url).translate("Hello", target, source=source)
    assert info.value.variable == variable
    assert error in info.value.message


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, "Please contact the server operator to get an API key"),
        (403, "Invalid API key"),
        (403, "Too many request limits violations"),
        (429, "Slowdown: 20 per 1 minute"),
        (500, "Cannot translate text: model not loaded"),
    ],
)
async def test_other_errors_are_upstream_errors(
    http: httpx.AsyncClient,
    libre: ProviderScript,
    libre_server: LocalServer,
    status: int,
    error: str,
) -> None:
    """Key, ban, rate-limit and server errors are 502 with LibreTranslate's message, not retried."""
    libre.answer_next(status, {"error": error})
    with pytest.raises(UpstreamError) as info:
        await translator(http, libre_server.url).translate("Hello", "hi")
    assert error in info.value.message
    assert f"HTTP {status}" in info.value.message
    assert KEY not in info.value.message
    assert len(libre.received) == 1


async def test_answer_without_translated_text_is_upstream_error(
    http: httpx.AsyncClient, libre: ProviderScript, libre_server: LocalServer
) -> None:
    """A 200 without translatedText is a 502."""
    libre.answer_next(200, {"detectedLanguage": {"language": "en", "confidence": 90}})
    with pytest.raises(UpstreamError, match="translatedText"):
        await translator(http, libre_server.url).translate("Hello", "hi")


async def test_slow_server_times_out_within_budget(
    http: httpx.AsyncClient, libre: ProviderScript, libre_server: LocalServer
) -> None:
    """A server slower than the budget gives UpstreamTimeout at the budget."""
    libre.delay_seconds = 5.0
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout):
        await translator(http, libre_server.url, timeout=0.25).translate("Hello", "hi")
    assert time.monotonic() - started < 0.25 + 0.25
    assert len(libre.received) == 1


async def test_refused_connection_is_retried_once_then_succeeds() -> None:
    """A refused first connection is retried once and the second reaches the server."""
    script = ProviderScript()
    server = LocalServer(libre_app(script), bound_socket())
    attempts = 0

    async def start_on_second_attempt(request: httpx.Request) -> None:
        nonlocal attempts
        attempts += 1
        if attempts == 2:
            await server.start()

    try:
        async with httpx.AsyncClient(event_hooks={"request": [start_on_second_attempt]}) as http:
            result = await translator(http, server.url).translate("Hello", "mr")
    finally:
        await server.stop()
    assert result.text == "[mr] Hello"
    assert attempts == 2
