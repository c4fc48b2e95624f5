"""speechprocessing through the real HTTP app, on both databases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.conftest import ADMIN
from tests.language.nlu.rasa_server import running_rasa
from tests.webhook_calls import envelope, variables

SENSEFORTH = "/hdfcsenseforthwebhook-v1/prod/"
INTENTS = """
version: "3.1"
nlu:
- intent: check_balance
  examples: |
    - what is my balance
    - mera balance kitna hai
    - मेरा बैलेंस बताइए
- intent: block_card
  examples: |
    - block my card
    - mera card block karo
    - मेरा कार्ड ब्लॉक कर दो
"""


async def speech(client: httpx.AsyncClient, text: str, **extra: str) -> httpx.Response:
    return await client.post(
        SENSEFORTH, json=envelope("speechprocessing", {"$flow.key.speechText": text, **extra})
    )


@pytest.fixture
async def rasa_url() -> AsyncIterator[str]:
    async with running_rasa() as (url, _texts):
        yield url


async def test_speech_with_starter_set_and_entities(client: httpx.AsyncClient) -> None:
    """Without an account the starter set answers; entities come as entity_* outputs."""
    response = await speech(client, "Kal shaam 6 baje call karna, mera number 9979746666 hai")
    assert response.status_code == 200, response.text
    got = variables(response)
    assert got["$flow.key.intent"] == "request_callback"
    assert got["$flow.key.isFallback"] == "false"
    assert float(got["$flow.key.intentConfidence"]) >= 0.5
    assert (
        got["$flow.key.normalizedText"] == "kal shaam 6 baje call karna mera number 9979746666 hai"
    )
    assert got["$flow.key.entity_time"] == "18:00"
    assert got["$flow.key.entity_phone"] == "+919979746666"


async def test_speech_amount_and_yes_no(client: httpx.AsyncClient) -> None:
    """'haan ji theek hai, do hazaar rupaye' is affirm with yesNo=yes, number and amount 2000."""
    got = variables(await speech(client, "haan ji theek hai, do hazaar rupaye"))
    assert got["$flow.key.intent"] == "affirm"
    assert got["$flow.key.entity_yesNo"] == "yes"
    assert got["$flow.key.entity_amount"] == "2000"
    assert got["$flow.key.entity_number"] == "2000"


async def test_speech_off_topic_is_fallback(client: httpx.AsyncClient) -> None:
    """Off-topic speech is nlu_fallback with isFallback=true."""
    got = variables(await speech(client, "blue elephant"))
    assert got["$flow.key.intent"] == "nlu_fallback"
    assert got["$flow.key.isFallback"] == "true"


async def test_empty_speech_is_missing_parameter(client: httpx.AsyncClient) -> None:
    """Blank speechText is a 422 MISSING_PARAMETER, like any absent required variable."""
    response = await speech(client, "  ")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "MISSING_PARAMETER"


async def test_bad_asr_confidence_is_invalid_parameter(client: httpx.AsyncClient) -> None:
    """asrConfidence 'high' is a 422 naming the expected form."""
    response = await speech(client, "yes", **{"$flow.key.asrConfidence": "high"})
    assert response.status_code == 422
    assert "asrConfidence" in response.json()["error"]["message"]


async def test_uploaded_intents_are_used_and_retrained_on_change(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """After PUT intents the account's model answers them; DELETE brings the starter set back."""
    response = await client.put(
        f"/api/v1/accounts/{demo_account}/nlu/intents", content=INTENTS, headers=ADMIN
    )
    assert response.status_code == 200, response.text
    assert response.json()["intents"] == {"check_balance": 3, "block_card": 3}
    account = {"$flow.key.accountID": str(demo_account)}
    got = variables(await speech(client, "balance kitna hai", **account))
    assert got["$flow.key.intent"] == "check_balance"
    shown = await client.get(f"/api/v1/accounts/{demo_account}/nlu/intents", headers=ADMIN)
    assert shown.json()["source"] == "account"
    deleted = await client.delete(f"/api/v1/accounts/{demo_account}/nlu/intents", headers=ADMIN)
    assert deleted.status_code == 204
    got = variables(await speech(client, "haan ji", **account))
    assert got["$flow.key.intent"] == "affirm"


async def test_invalid_intents_upload_is_refused(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """A YAML with one intent is a 422 saying why, and nothing is stored."""
    response = await client.put(
        f"/api/v1/accounts/{demo_account}/nlu/intents",
        content="nlu:\n- intent: only\n  examples: ['x']\n",
        headers=ADMIN,
    )
    assert response.status_code == 422
    assert "at least two intents" in response.json()["error"]["message"]
    shown = await client.get(f"/api/v1/accounts/{demo_account}/nlu/intents", headers=ADMIN)
    assert shown.json()["source"] == "starter"


async def test_intents_api_needs_the_admin_token(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """Without the admin token the intents API is 401."""
    response = await client.put(f"/api/v1/accounts/{demo_account}/nlu/intents", content=INTENTS)
    assert response.status_code == 401


async def test_try_a_sentence_on_the_account(client: httpx.AsyncClient, demo_account: int) -> None:
    """POST nlu/parse answers intent and entities as JSON."""
    response = await client.post(
        f"/api/v1/accounts/{demo_account}/nlu/parse", json={"text": "nahi"}, headers=ADMIN
    )
    assert response.status_code == 200, response.text
    assert response.json()["intent"] == "deny"
    assert response.json()["entities"] == {"yesNo": "no"}


async def _use_rasa(client: httpx.AsyncClient, account: int, url: str) -> None:
    response = await client.patch(
        f"/api/v1/accounts/{account}",
        json={"settings": {"nlu": {"provider": "rasa", "rasa_url": url, "timeout_seconds": 0.5}}},
        headers=ADMIN,
    )
    assert response.status_code == 200, response.text


async def test_rasa_account_answers_through_rasa(
    client: httpx.AsyncClient, demo_account: int, rasa_url: str
) -> None:
    """An account set to Rasa gets Rasa's intent and mapped entities."""
    await _use_rasa(client, demo_account, rasa_url)
    got = variables(await speech(client, "pay Rs 500", **{"$flow.key.accountID": "1"}))
    assert got["$flow.key.intent"] == "pay_bill"
    assert got["$flow.key.intentConfidence"] == "0.93"
    assert got["$flow.key.entity_amount"] == "500"
    assert got["$flow.key.entity_account_type"] == "savings"


async def test_rasa_error_is_502_and_slow_rasa_is_504(
    client: httpx.AsyncClient, demo_account: int, rasa_url: str
) -> None:
    """Rasa's error answer is 502 UPSTREAM_ERROR; a slow Rasa is 504 UPSTREAM_TIMEOUT."""
    await _use_rasa(client, demo_account, rasa_url)
    account = {"$flow.key.accountID": "1"}
    failed = await speech(client, "crash now", **account)
    assert failed.status_code == 502
    assert failed.json()["status"] == "FAILED"
    assert failed.json()["error"]["code"] == "UPSTREAM_ERROR"
    slow = await speech(client, "slow please", **account)
    assert slow.status_code == 504
    assert slow.json()["error"]["code"] == "UPSTREAM_TIMEOUT"


async def test_methods_are_in_the_catalogue(client: httpx.AsyncClient) -> None:
    """GET /webhook/methods lists FindLanguage and speechprocessing with their outputs."""
    response = await client.get("/webhook/methods")
    assert response.status_code == 200
    text = response.text
    assert "FindLanguage" in text
    assert "speechprocessing" in text
    assert "entity_amount" in text


async def test_server_start_warms_the_models(app_factory: Any) -> None:
    """With background services running, the starter model is trained without any request."""
    import asyncio

    application = await app_factory(background=True)
    cache = application.state.runtime.nlu_models
    for _ in range(600):
        if len(cache):
            break
        await asyncio.sleep(0.05)
    assert len(cache) == 1
