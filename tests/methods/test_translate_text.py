"""translateText through the real HTTP app, against local Google v2 and LibreTranslate servers."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from flowhooks.accounts import demo
from tests.conftest import ADMIN, AppFactory, client_for, flush_invocations
from tests.language.translation.translation_fakes import LocalServer, ProviderScript, google_error
from tests.webhook_calls import FLOW, envelope, variables

PATH = "/googleapiwebhook-v1/prod/"
CALL_KEY = "AIzaCALL-key-that-must-never-leak-42"
ACCOUNT_KEY = "AIzaACCOUNT-key-that-must-never-leak-7"


@pytest.fixture
async def app(app_factory: AppFactory, google_server: LocalServer) -> FastAPI:
    """The app with its Google base URL on the local fake, and the demo account."""
    application: FastAPI = await app_factory(google_translate_url=google_server.url)
    await demo.seed(application.state.runtime.db)
    return application


@pytest.fixture
async def client(app: FastAPI) -> Any:
    async with client_for(app) as c:
        yield c


async def set_translation(client: httpx.AsyncClient, **section: Any) -> None:
    response = await client.patch(
        "/api/v1/accounts/1", json={"settings": {"translation": section}}, headers=ADMIN
    )
    assert response.status_code == 200, response.text


async def test_translates_with_the_calls_key_and_detects_the_source(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """apiKey goes to Google in X-Goog-Api-Key; the answer names the detected language."""
    response = await client.post(
        PATH,
        json=envelope(
            "translateText", {"inputText": "Hello", "targetLang": "Hindi", "apiKey": CALL_KEY}, FLOW
        ),
    )
    assert response.status_code == 200, response.text
    got = variables(response, FLOW)
    assert got["status"] == "SUCCESS"
    assert got["translatedText"] == "[hi] Hello"
    assert got["detectedSourceLanguage"] == "English"
    assert got["detectedSourceLanguageCode"] == "en"
    [seen] = google.received
    assert seen.headers["x-goog-api-key"] == CALL_KEY
    assert seen.body == {"q": "Hello", "target": "hi", "format": "text"}


async def test_native_names_and_region_codes_are_accepted(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """targetLang हिन्दी and sourceLang en-IN reach Google as hi and en."""
    keys = {"inputText": "Hello", "targetLang": "हिन्दी", "sourceLang": "en-IN", "apiKey": "k"}
    response = await client.post(PATH, json=envelope("translateText", keys, FLOW))
    assert response.status_code == 200, response.text
    assert google.received[0].body == {
        "q": "Hello",
        "target": "hi",
        "source": "en",
        "format": "text",
    }
    assert variables(response, FLOW)["detectedSourceLanguage"] == "English"


async def test_account_key_is_used_when_the_call_has_none(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """Without apiKey the account's translation.api_key is sent."""
    await set_translation(client, api_key=ACCOUNT_KEY)
    response = await client.post(
        PATH,
        json=envelope(
            "translateText", {"inputText": "Hello", "targetLang": "ta", "accountID": "1"}, FLOW
        ),
    )
    assert response.status_code == 200, response.text
    assert google.received[0].headers["x-goog-api-key"] == ACCOUNT_KEY


async def test_no_key_anywhere_is_missing_parameter(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """Google without a key in the call or the account is a 422 naming apiKey."""
    response = await client.post(
        PATH, json=envelope("translateText", {"inputText": "Hello", "targetLang": "hi"}, FLOW)
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "MISSING_PARAMETER"
    assert "apiKey" in response.json()["error"]["message"]
    assert google.received == []


@pytest.mark.parametrize("key", ["\x80", "ключ", "two words", "tab\tkey"])
async def test_a_key_that_cannot_travel_in_a_header_is_invalid_parameter(
    client: httpx.AsyncClient, google: ProviderScript, key: str
) -> None:
    """An apiKey with non-ASCII or space characters is a 422 naming apiKey, never echoed
    (it crashed encoding the X-Goog-Api-Key header: a 500, found by the fuzzing)."""
    response = await client.post(
        PATH,
        json=envelope(
            "translateText", {"inputText": "Hello", "targetLang": "hi", "apiKey": key}, FLOW
        ),
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "INVALID_PARAMETER"
    assert "apiKey" in error["message"]
    assert key not in error["message"]
    assert google.received == []


async def test_an_account_key_that_cannot_travel_in_a_header_is_refused(
    client: httpx.AsyncClient,
) -> None:
    """The account's translation.api_key is checked the same way when it is set."""
    response = await client.patch(
        "/api/v1/accounts/1", json={"settings": {"translation": {"api_key": "ключ"}}}, headers=ADMIN
    )
    assert response.status_code == 422, response.text
    assert "api_key" in response.json()["error"]["message"]
    assert "ключ" not in response.json()["error"]["message"]


async def test_unknown_language_is_invalid_parameter(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """An unknown targetLang is a 422 naming the variable and the accepted forms."""
    response = await client.post(
        PATH,
        json=envelope(
            "translateText", {"inputText": "Hello", "targetLang": "Klingon", "apiKey": "k"}, FLOW
        ),
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "INVALID_PARAMETER"
    assert "targetLang" in error["message"]
    assert "English name (Hindi)" in error["message"]
    assert google.received == []


async def test_cache_hit_makes_no_provider_call(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """The same translation asked twice reaches Google once and answers the same."""
    request = envelope(
        "translateText",
        {"inputText": "Please hold the line", "targetLang": "mr", "apiKey": "k"},
        FLOW,
    )
    first = await client.post(PATH, json=request)
    second = await client.post(PATH, json=request)
    assert first.status_code == second.status_code == 200
    assert variables(first, FLOW)["translatedText"] == variables(second, FLOW)["translatedText"]
    assert variables(second, FLOW)["detectedSourceLanguage"] == "English"
    assert len(google.received) == 1


async def test_cache_days_zero_always_asks_the_provider(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """An account with cache_days 0 calls the provider every time."""
    await set_translation(client, api_key=ACCOUNT_KEY, cache_days=0)
    request = envelope(
        "translateText", {"inputText": "Thank you", "targetLang": "te", "accountID": "1"}, FLOW
    )
    for _ in range(2):
        assert (await client.post(PATH, json=request)).status_code == 200
    assert len(google.received) == 2


async def test_slow_provider_is_answered_504_inside_the_budget(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """A provider slower than the account's budget gives 504 UPSTREAM_TIMEOUT at the budget."""
    await set_translation(client, api_key=ACCOUNT_KEY, timeout_seconds=0.5)
    google.delay_seconds = 5.0
    started = time.monotonic()
    response = await client.post(
        PATH,
        json=envelope(
            "translateText", {"inputText": "Hello", "targetLang": "hi", "accountID": "1"}, FLOW
        ),
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 504
    got = variables(response, FLOW)
    assert got["status"] == "FAILED"
    assert got["errorCode"] == "UPSTREAM_TIMEOUT"
    assert elapsed < 0.5 + 0.5


async def test_provider_error_is_502_with_googles_message(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """Google's 403 quota answer is a 502 UPSTREAM_ERROR carrying Google's message."""
    google.answer_next(403, google_error(403, "Daily Limit Exceeded", "dailyLimitExceeded"))
    response = await client.post(
        PATH,
        json=envelope(
            "translateText", {"inputText": "Hello", "targetLang": "hi", "apiKey": CALL_KEY}, FLOW
        ),
    )
    assert response.status_code == 502
    got = variables(response, FLOW)
    assert got["errorCode"] == "UPSTREAM_ERROR"
    assert "Daily Limit Exceeded" in got["errorMessage"]
    assert CALL_KEY not in response.text


async def test_language_google_refuses_is_422_with_its_message(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """Google's 400 'Invalid Value' for the target is a 422 on targetLang."""
    google.answer_next(400, google_error(400, "Invalid Value"))
    response = await client.post(
        PATH,
        json=envelope(
            "translateText", {"inputText": "Hello", "targetLang": "Santali", "apiKey": "k"}, FLOW
        ),
    )
    assert response.status_code == 422
    assert "targetLang" in response.json()["error"]["message"]
    assert "Invalid Value" in response.json()["error"]["message"]


async def test_libretranslate_account_uses_its_server(
    client: httpx.AsyncClient,
    libre: ProviderScript,
    libre_server: LocalServer,
    google: ProviderScript,
) -> None:
    """An account on LibreTranslate sends source auto and its key in the body."""
    await set_translation(
        client,
        provider="libretranslate",
        libretranslate_url=libre_server.url,
        libretranslate_api_key="lt-key-123456",
    )
    response = await client.post(
        PATH,
        json=envelope(
            "translateText",
            {"inputText": "Good morning", "targetLang": "Bengali", "accountID": "1"},
            FLOW,
        ),
    )
    assert response.status_code == 200, response.text
    assert variables(response, FLOW)["translatedText"] == "[bn] Good morning"
    assert variables(response, FLOW)["detectedSourceLanguage"] == "English"
    assert libre.received[0].body["source"] == "auto"
    assert libre.received[0].body["api_key"] == "lt-key-123456"
    assert google.received == []


async def test_api_key_is_in_neither_the_invocation_log_nor_the_logs(
    app: FastAPI,
    client: httpx.AsyncClient,
    google: ProviderScript,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The apiKey value is redacted in the stored invocation and absent from all log output."""
    caplog.set_level("DEBUG")
    response = await client.post(
        PATH,
        json=envelope(
            "translateText", {"inputText": "Hello", "targetLang": "hi", "apiKey": CALL_KEY}, FLOW
        ),
    )
    assert response.status_code == 200
    google.answer_next(403, google_error(403, f"Key {CALL_KEY} suspended", "forbidden"))
    failed = await client.post(
        PATH,
        json=envelope(
            "translateText", {"inputText": "Hi again", "targetLang": "hi", "apiKey": CALL_KEY}, FLOW
        ),
    )
    assert failed.status_code == 502
    await flush_invocations(app)
    listed = await client.get("/api/v1/invocations?method=translateText", headers=ADMIN)
    rows = listed.json()["invocations"]
    assert len(rows) == 2
    stored = json.dumps(rows)
    assert CALL_KEY not in stored
    for row in rows:
        api_key = next(i for i in row["inputs"] if i["name"].endswith("apiKey"))
        assert api_key["value"] == "***"
    captured = capfd.readouterr()
    output = captured.out + captured.err + caplog.text
    assert CALL_KEY not in output


async def test_concurrent_identical_webhooks_make_one_provider_call(
    client: httpx.AsyncClient, google: ProviderScript
) -> None:
    """Ten calls asking the same prompt at once reach Google once and all succeed."""
    google.delay_seconds = 0.2
    request = envelope(
        "translateText", {"inputText": "Press 1 for Hindi", "targetLang": "hi", "apiKey": "k"}, FLOW
    )
    responses = await asyncio.gather(*(client.post(PATH, json=request) for _ in range(10)))
    assert [r.status_code for r in responses] == [200] * 10
    assert {variables(r, FLOW)["translatedText"] for r in responses} == {"[hi] Press 1 for Hindi"}
    assert len(google.received) == 1
