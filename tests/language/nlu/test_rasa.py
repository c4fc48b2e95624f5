"""The Rasa provider against a local server speaking Rasa's HTTP API."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest

from flowhooks.errors import UpstreamError, UpstreamTimeout
from flowhooks.language.nlu.rasa import RasaNlu, map_entities
from tests.language.nlu.rasa_server import TOKEN, running_rasa


@pytest.fixture
async def rasa() -> AsyncIterator[tuple[str, list[str]]]:
    async with running_rasa() as served:
        yield served


async def test_intent_confidence_and_entities_are_mapped(rasa: tuple[str, list[str]]) -> None:
    """Rasa's intent, confidence and Duckling entities come back under our names."""
    url, texts = rasa
    async with httpx.AsyncClient() as http:
        result = await RasaNlu(http, url, token=TOKEN).parse("Pay Rs 500 today at 5 pm, savings")
    assert texts == ["Pay Rs 500 today at 5 pm, savings"]
    assert (result.intent, result.confidence, result.is_fallback) == ("pay_bill", 0.93, False)
    assert result.entities["amount"] == "500"
    assert result.entities["time"] == "17:00"
    assert result.entities["account_type"] == "savings"
    assert result.normalized_text == "pay rs 500 today at 5 pm savings"


async def test_entities_rasa_missed_are_filled_in(rasa: tuple[str, list[str]]) -> None:
    """yesNo and digits, which this Rasa model does not extract, come from the built-ins."""
    url, _ = rasa
    async with httpx.AsyncClient() as http:
        result = await RasaNlu(http, url).parse("haan, my pin is 1 2 3 4")
    assert result.entities["yesNo"] == "yes"
    assert result.entities["digits"] == "1234"


async def test_below_threshold_and_rasa_fallback_are_fallback(rasa: tuple[str, list[str]]) -> None:
    """A confidence under the threshold, or Rasa's own nlu_fallback, is isFallback."""
    url, _ = rasa
    async with httpx.AsyncClient() as http:
        strict = await RasaNlu(http, url, threshold=0.95).parse("pay my bill")
        rasa_fallback = await RasaNlu(http, url).parse("unsure what I want")
    assert (strict.intent, strict.is_fallback, strict.confidence) == ("nlu_fallback", True, 0.93)
    assert (rasa_fallback.intent, rasa_fallback.is_fallback) == ("nlu_fallback", True)


async def test_error_answer_is_upstream_error_with_rasas_message(
    rasa: tuple[str, list[str]],
) -> None:
    """Rasa's HTTP 500 becomes UpstreamError (502) carrying Rasa's message."""
    url, _ = rasa
    async with httpx.AsyncClient() as http:
        with pytest.raises(UpstreamError, match="HTTP 500: An unexpected error occurred"):
            await RasaNlu(http, url).parse("crash please")


async def test_wrong_token_is_upstream_error(rasa: tuple[str, list[str]]) -> None:
    """Rasa's 401 for a wrong token is an UpstreamError naming it."""
    url, _ = rasa
    async with httpx.AsyncClient() as http:
        with pytest.raises(UpstreamError, match="401: User is not authenticated"):
            await RasaNlu(http, url, token="wrong").parse("hello")


async def test_slow_server_is_cut_off_at_the_timeout(rasa: tuple[str, list[str]]) -> None:
    """A Rasa that does not answer within timeout_seconds is UpstreamTimeout (504), on time."""
    url, _ = rasa
    started = time.monotonic()
    async with httpx.AsyncClient() as http:
        with pytest.raises(UpstreamTimeout, match=r"within 0\.3 s"):
            await RasaNlu(http, url, timeout_seconds=0.3).parse("slow answer")
    assert time.monotonic() - started < 2.0
    assert UpstreamTimeout.status_code == 504


async def test_unreachable_server_is_upstream_error() -> None:
    """Nothing listening at the URL is an UpstreamError, not a crash."""
    sock_url = "http://127.0.0.1:9"  # discard port: nothing listens there
    async with httpx.AsyncClient() as http:
        with pytest.raises(UpstreamError, match="could not be reached"):
            await RasaNlu(http, sock_url, timeout_seconds=1).parse("hello")


def test_duckling_values_map_to_our_forms() -> None:
    """Midnight Duckling times are dates, phone numbers become E.164, numbers lose '.0'."""
    mapped = map_entities(
        [
            {"entity": "time", "value": "2026-12-08T00:00:00.000+05:30"},
            {"entity": "phone-number", "value": "09979746666"},
            {"entity": "number", "value": 2500.0},
            {"entity": "yes_no", "value": "yes"},
            {"entity": "bad name!", "value": "x"},
            {"entity": "empty", "value": ""},
            "not an entity",
        ]
    )
    assert mapped == {
        "date": "2026-12-08",
        "phone": "+919979746666",
        "number": "2500",
        "yesNo": "yes",
        "bad_name_": "x",
    }
