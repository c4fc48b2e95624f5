"""linkcreation (chatbotwebhook-v1) and GET /api/v1/bot-sessions/{botUniqueID}."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx
from fastapi import FastAPI

from tests.conftest import ADMIN
from tests.shortlinks.fixtures import BROWSER
from tests.webhook_calls import envelope, variables

PATH = "/chatbotwebhook-v1/prod/"
SEED_KEYS = {
    "$flow.key.cli": "918160712345",
    "$flow.key.botid": "123",
    "$flow.key.token": "abcd1234",
    "$flow.key.customerName": "Ravi Kumar",
    "$flow.key.policy": "P-99&1",
}


async def link(client: httpx.AsyncClient, **keys: str | None) -> httpx.Response:
    return await client.post(PATH, json=envelope("linkcreation", {**SEED_KEYS, **keys}))


async def follow(client: httpx.AsyncClient, short_url: str) -> str:
    response = await client.get("/" + short_url.rsplit("/", 1)[-1], headers={"User-Agent": BROWSER})
    assert response.status_code == 302
    return response.headers["location"]


async def test_append_mode_link_carries_the_callers_context(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """The seed's linkcreation answers a short link to the bot URL with cli, id and variables."""
    response = await link(client)
    assert response.status_code == 200, response.text
    out = variables(response.json())
    assert out["$flow.key.status"] == "SUCCESS"
    bot_id = out["$flow.key.botUniqueID"]
    assert len(bot_id) == 20
    target = await follow(client, out["$flow.key.shortenUrl"])
    assert target.startswith("https://bot.example.com/chat?")
    assert dict(parse_qsl(urlsplit(target).query)) == {
        "botid": "123",
        "cli": "+918160712345",
        "botUniqueID": bot_id,
        "customerName": "Ravi Kumar",
        "policy": "P-99&1",
    }


async def test_the_bot_reads_its_session_with_the_token(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """GET /api/v1/bot-sessions/{id} with the chatbot's token answers cli, botid and variables."""
    out = variables((await link(client)).json())
    bot_id = out["$flow.key.botUniqueID"]
    session = await client.get(
        f"/api/v1/bot-sessions/{bot_id}", headers={"Authorization": "Bearer abcd1234"}
    )
    assert session.status_code == 200, session.text
    body = session.json()
    assert body["cli"] == "+918160712345"
    assert body["botid"] == "123"
    assert body["variables"] == {"customerName": "Ravi Kumar", "policy": "P-99&1"}
    assert body["shortUrl"] == out["$flow.key.shortenUrl"]
    assert (await client.get(f"/api/v1/bot-sessions/{bot_id}")).status_code == 401
    assert (await client.get("/api/v1/bot-sessions/unknown", headers=ADMIN)).status_code == 404


async def test_reference_mode_keeps_the_number_out_of_the_url(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """In reference mode the link carries only botid and botUniqueID."""
    await client.patch(
        "/api/v1/accounts/1",
        json={"settings": {"shortlinks": {"bot_link_mode": "reference"}}},
        headers=ADMIN,
    )
    out = variables((await link(client)).json())
    target = await follow(client, out["$flow.key.shortenUrl"])
    assert dict(parse_qsl(urlsplit(target).query)) == {
        "botid": "123",
        "botUniqueID": out["$flow.key.botUniqueID"],
    }
    assert "918160712345" not in target


async def test_wrong_token_is_401_and_missing_botid_is_422(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """An unknown chatbot token is a 401 FAILED; a missing botid is a 422."""
    wrong = await link(client, **{"$flow.key.token": "not-a-token"})
    assert wrong.status_code == 401
    assert variables(wrong.json())["$flow.key.status"] == "FAILED"
    missing = await link(client, **{"$flow.key.botid": None})
    assert missing.status_code == 422


async def test_another_accounts_token_cannot_read_the_session(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """A bot session is private to its account's tokens."""
    bot_id = variables((await link(client)).json())["$flow.key.botUniqueID"]
    await client.post(
        "/api/v1/accounts",
        json={"id": 2, "name": "Other", "custToken": "other-token-2"},
        headers=ADMIN,
    )
    other = {"Authorization": "Bearer other-token-2"}
    assert (await client.get(f"/api/v1/bot-sessions/{bot_id}", headers=other)).status_code == 404


async def test_account_without_template_is_a_clear_failure(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """An account without a bot URL template answers 409 BOT_URL_TEMPLATE_MISSING."""
    await client.post(
        "/api/v1/accounts",
        json={"id": 2, "name": "Other", "custToken": "other-token-2"},
        headers=ADMIN,
    )
    response = await link(client, **{"$flow.key.token": "other-token-2"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "BOT_URL_TEMPLATE_MISSING"


async def test_the_token_is_not_stored_in_the_invocation_log(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """The chatbot token is redacted in the invocation log."""
    await link(client)
    await shortlinks_app.state.runtime.invocations.flush()
    log = (await client.get("/api/v1/invocations", headers=ADMIN)).json()["invocations"]
    assert "abcd1234" not in str(log)


async def test_a_bot_session_keeps_no_secret_named_variable(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """Secret-named flow variables (apiKey, password…) are neither stored in the bot session
    nor answered by GET /api/v1/bot-sessions/{id}."""
    out = variables(
        (await link(client, **{"$flow.key.apiKey": "k-123456", "$flow.key.password": "p"})).json()
    )
    bot_id = out["$flow.key.botUniqueID"]
    session = await client.get(
        f"/api/v1/bot-sessions/{bot_id}", headers={"Authorization": "Bearer abcd1234"}
    )
    assert session.json()["variables"] == {"customerName": "Ravi Kumar", "policy": "P-99&1"}
    from flowhooks.store import shortlinks as store

    async with shortlinks_app.state.runtime.db.read() as db_session:
        stored = await store.bot_session(db_session, bot_id)
    assert stored is not None
    assert set(stored.variables) == {"customerName", "policy"}
