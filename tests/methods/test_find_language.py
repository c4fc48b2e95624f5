"""FindLanguage through the real HTTP app, on both databases."""

from __future__ import annotations

import httpx

from tests.webhook_calls import envelope, variables

GOOGLE = "/googleapiwebhook-v1/prod/"


async def test_find_language_answers_every_output(client: httpx.AsyncClient) -> None:
    """FindLanguage answers language, code, confidence, script and isRomanized."""
    response = await client.post(
        GOOGLE, json=envelope("FindLanguage", {"$flow.key.inputText": "mera naam john hai"})
    )
    assert response.status_code == 200, response.text
    got = variables(response)
    assert got["$flow.key.status"] == "SUCCESS"
    assert got["$flow.key.language"] == "Hindi"
    assert got["$flow.key.languageCode"] == "hi"
    assert got["$flow.key.script"] == "Latin"
    assert got["$flow.key.isRomanized"] == "true"
    assert 0.9 < float(got["$flow.key.languageConfidence"]) <= 1.0


async def test_find_language_flat_answer_for_tamil(client: httpx.AsyncClient) -> None:
    """?format=flat answers a flat map; Tamil text is Tamil in Tamil script."""
    response = await client.post(
        "/webhook/FindLanguage?format=flat", json={"inputText": "என் பெயர் ராகுல்"}
    )
    assert response.status_code == 200, response.text
    flat = response.json()
    assert flat["$flow.key.language"] == "Tamil"
    assert flat["$flow.key.script"] == "Tamil"
    assert flat["$flow.key.isRomanized"] == "false"


async def test_find_language_without_text_is_missing_parameter(client: httpx.AsyncClient) -> None:
    """No inputText is a 422 MISSING_PARAMETER naming it."""
    response = await client.post(GOOGLE, json=envelope("FindLanguage", {}))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "MISSING_PARAMETER"
    assert "inputText" in response.json()["error"]["message"]
