"""The Google Translation v2 provider against a local server speaking Google's protocol."""

from __future__ import annotations

import logging
import time

import httpx
import pytest

from flowhooks.errors import InvalidParameter, UpstreamError, UpstreamTimeout
from flowhooks.language.translation.google_v2 import GoogleV2Translator
from tests.language.translation.translation_fakes import (
    LocalServer,
    ProviderScript,
    bound_socket,
    google_app,
    google_error,
)

KEY = "AIzaFAKE-google-key-0123456789"


def translator(http: httpx.AsyncClient, url: str, timeout: float = 3.0) -> GoogleV2Translator:
    return GoogleV2Translator(http, api_key=KEY, base_url=url + "/", timeout_seconds=timeout)


async def test_detects_source_and_sends_plain_text_request(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """Without a source Google detects it; the request is q/target/format=text, key in a header."""
    result = await translator(http, google_server.url).translate("Hello", "hi")
    assert result.text == "[hi] Hello"
    assert result.detected_source == "en"
    [seen] = google.received
    assert seen.path == "/language/translate/v2"
    assert seen.body == {"q": "Hello", "target": "hi", "format": "text"}
    assert seen.headers["x-goog-api-key"] == KEY
    assert seen.query == {}


async def test_given_source_is_sent_and_nothing_is_detected(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """A given source goes in the body and the answer has no detected language."""
    result = await translator(http, google_server.url).translate("नमस्ते", "en", source="hi")
    assert result.detected_source is None
    assert google.received[0].body["source"] == "hi"


async def test_invalid_language_is_invalid_parameter_with_googles_message(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """Google's 400 'Invalid Value' for a language becomes a 422 on targetLang."""
    google.answer_next(400, google_error(400, "Invalid Value"))
    with pytest.raises(InvalidParameter) as info:
        await translator(http, google_server.url).translate("Hello", "sat")
    assert info.value.variable == "$flow.key.targetLang"
    assert "Invalid Value" in info.value.message
    assert info.value.status_code == 422


async def test_bad_language_pair_with_source_names_both_variables(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """A refused pair with a given source names sourceLang or targetLang."""
    google.answer_next(400, google_error(400, "Bad language pair: brx|hi"))
    with pytest.raises(InvalidParameter) as info:
        await translator(http, google_server.url).translate("x", "hi", source="brx")
    assert info.value.variable == "$flow.key.sourceLang or $flow.key.targetLang"
    assert "Bad language pair" in info.value.message


async def test_bad_key_is_upstream_error_without_the_key(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """Google's 400 'API key not valid' is a 502 carrying Google's message, never the key."""
    body = google_error(400, "API key not valid. Please pass a valid API key.", "badRequest")
    body["error"]["details"] = [{"reason": "API_KEY_INVALID", "domain": "googleapis.com"}]
    google.answer_next(400, body)
    with pytest.raises(UpstreamError) as info:
        await translator(http, google_server.url).translate("Hello", "hi")
    assert info.value.status_code == 502
    assert "API key not valid" in info.value.message
    assert KEY not in info.value.message


@pytest.mark.parametrize(
    ("status", "message", "reason"),
    [
        (403, "Daily Limit Exceeded", "dailyLimitExceeded"),
        (403, "User Rate Limit Exceeded", "userRateLimitExceeded"),
        (403, "Requests from this client are blocked.", "forbidden"),
        (500, "Internal error encountered.", "backendError"),
        (503, "The service is currently unavailable.", "backendError"),
    ],
)
async def test_quota_and_server_errors_are_upstream_errors(
    http: httpx.AsyncClient,
    google: ProviderScript,
    google_server: LocalServer,
    status: int,
    message: str,
    reason: str,
) -> None:
    """403 quota/key answers and 5xx answers are 502 with Google's message, not retried."""
    google.answer_next(status, google_error(status, message, reason))
    with pytest.raises(UpstreamError) as info:
        await translator(http, google_server.url).translate("Hello", "hi")
    assert message in info.value.message
    assert f"HTTP {status}" in info.value.message
    assert len(google.received) == 1


async def test_key_echoed_by_provider_is_scrubbed(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """A provider message that repeats the key is passed on with the key masked."""
    google.answer_next(403, google_error(403, f"Key {KEY} is suspended", "forbidden"))
    with pytest.raises(UpstreamError) as info:
        await translator(http, google_server.url).translate("Hello", "hi")
    assert KEY not in info.value.message
    assert "Key *** is suspended" in info.value.message


async def test_answer_without_translations_is_upstream_error(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """A 200 without data.translations is a 502, not a crash."""
    google.answer_next(200, {"data": {}})
    with pytest.raises(UpstreamError, match=r"data\.translations"):
        await translator(http, google_server.url).translate("Hello", "hi")


async def test_slow_provider_times_out_within_budget(
    http: httpx.AsyncClient, google: ProviderScript, google_server: LocalServer
) -> None:
    """A provider slower than the budget gives UpstreamTimeout at the budget, tried once."""
    google.delay_seconds = 5.0
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout) as info:
        await translator(http, google_server.url, timeout=0.3).translate("Hello", "hi")
    elapsed = time.monotonic() - started
    assert 0.25 <= elapsed < 0.3 + 0.25
    assert info.value.status_code == 504
    assert len(google.received) == 1


async def test_refused_connection_is_retried_once_then_succeeds() -> None:
    """A refused connection is retried once; the second attempt reaches the provider."""
    script = ProviderScript()
    server = LocalServer(google_app(script), bound_socket())
    attempts = 0

    async def start_on_second_attempt(request: httpx.Request) -> None:
        nonlocal attempts
        attempts += 1
        if attempts == 2:
            await server.start()

    try:
        async with httpx.AsyncClient(event_hooks={"request": [start_on_second_attempt]}) as http:
            result = await translator(http, server.url).translate("Hello", "ta")
    finally:
        await server.stop()
    assert result.text == "[ta] Hello"
    assert attempts == 2
    assert len(script.received) == 1


async def test_refused_twice_is_upstream_error(http: httpx.AsyncClient) -> None:
    """Two refused connections give a 502 quickly, after exactly one retry."""
    sock = bound_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    started = time.monotonic()
    try:
        with pytest.raises(UpstreamError, match="could not be reached"):
            await translator(http, url).translate("Hello", "hi")
    finally:
        sock.close()
    assert time.monotonic() - started < 1.0


async def test_key_never_appears_in_log_output(
    http: httpx.AsyncClient,
    google: ProviderScript,
    google_server: LocalServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With httpx/httpcore logging at DEBUG, no log line contains the API key."""
    for name in (None, "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    await translator(http, google_server.url).translate("Hello", "hi")
    google.answer_next(403, google_error(403, "Daily Limit Exceeded", "dailyLimitExceeded"))
    with pytest.raises(UpstreamError):
        await translator(http, google_server.url).translate("Hello", "hi")
    assert "HTTP Request: POST" in caplog.text
    assert KEY not in caplog.text
