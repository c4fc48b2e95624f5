"""/api/v1/short-urls: list, edit, delete, visits and stats, scoped per account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from tests.conftest import ADMIN
from tests.shortlinks.fixtures import BROWSER, flush_visits

DEMO = {"Authorization": "Bearer abcd1234"}
HUMAN = {"User-Agent": BROWSER}


async def create(
    client: httpx.AsyncClient, headers: dict[str, str], **body: object
) -> dict[str, Any]:
    response = await client.post("/api/v1/short-urls", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def second_account(client: httpx.AsyncClient, **settings: object) -> dict[str, str]:
    body = {"id": 2, "name": "Other", "custToken": "other-token-2", "settings": settings}
    response = await client.post("/api/v1/accounts", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text
    return {"Authorization": "Bearer other-token-2"}


async def test_create_list_show(client: httpx.AsyncClient, shortlinks_app: FastAPI) -> None:
    """A link created with the account's token is listed and shown with its fields."""
    made = await create(client, DEMO, longUrl="https://example.com/a", maxVisits=3)
    assert made["longUrl"] == "https://example.com/a"
    assert made["redirectCode"] == 302
    assert made["maxVisits"] == 3
    assert made["accountId"] == 1
    listed = (await client.get("/api/v1/short-urls", headers=DEMO)).json()
    assert listed["total"] == 1
    assert listed["shortUrls"][0]["code"] == made["code"]
    shown = await client.get(f"/api/v1/short-urls/{made['code']}", headers=DEMO)
    assert shown.json()["shortUrl"] == made["shortUrl"]


async def test_no_or_wrong_token_is_401(client: httpx.AsyncClient, shortlinks_app: FastAPI) -> None:
    """The REST API needs a Bearer custToken or admin token."""
    assert (await client.get("/api/v1/short-urls")).status_code == 401
    wrong = {"Authorization": "Bearer nope-nope"}
    assert (await client.get("/api/v1/short-urls", headers=wrong)).status_code == 401


async def test_accounts_see_only_their_links(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """Another account's token neither lists, shows, edits nor deletes a link; admins see all."""
    made = await create(client, DEMO, longUrl="https://example.com/mine")
    other = await second_account(client)
    await create(client, other, longUrl="https://example.com/theirs")
    assert (await client.get("/api/v1/short-urls", headers=other)).json()["total"] == 1
    path = f"/api/v1/short-urls/{made['code']}"
    assert (await client.get(path, headers=other)).status_code == 404
    assert (await client.patch(path, json={"maxVisits": 1}, headers=other)).status_code == 404
    assert (await client.delete(path, headers=other)).status_code == 404
    assert (await client.get("/api/v1/short-urls", headers=ADMIN)).json()["total"] == 2
    scoped = await client.get("/api/v1/short-urls", params={"accountId": 2}, headers=ADMIN)
    assert scoped.json()["total"] == 1


async def test_admin_creates_for_a_named_account(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """An admin token creates a link for the account named by accountId (required)."""
    made = await create(client, ADMIN, longUrl="https://example.com/", accountId=1)
    assert made["accountId"] == 1
    missing = await client.post(
        "/api/v1/short-urls", json={"longUrl": "https://example.com/"}, headers=ADMIN
    )
    assert missing.status_code == 400


async def test_edit_takes_effect_at_once(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """After an edit the redirect goes to the new URL with the new code (no stale cache)."""
    made = await create(client, DEMO, longUrl="https://example.com/old")
    code = made["code"]
    assert (await client.get("/" + code, headers=HUMAN)).headers["location"].endswith("/old")
    edited = await client.patch(
        f"/api/v1/short-urls/{code}",
        json={"longUrl": "https://example.com/new", "redirectCode": 307},
        headers=DEMO,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["longUrl"] == "https://example.com/new"
    followed = await client.get("/" + code, headers=HUMAN)
    assert followed.status_code == 307
    assert followed.headers["location"] == "https://example.com/new"


async def test_edit_refuses_bad_values_and_clears_with_null(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """A bad URL in an edit is a 400; null clears maxVisits and expiresAt."""
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    made = await create(client, DEMO, longUrl="https://example.com/", maxVisits=1, expiresAt=later)
    path = f"/api/v1/short-urls/{made['code']}"
    bad = await client.patch(path, json={"longUrl": "javascript:alert(1)"}, headers=DEMO)
    assert bad.status_code == 400
    cleared = await client.patch(path, json={"maxVisits": None, "expiresAt": None}, headers=DEMO)
    assert cleared.json()["maxVisits"] is None
    assert cleared.json()["expiresAt"] is None
    unknown = await client.patch(path, json={"colour": "red"}, headers=DEMO)
    assert unknown.status_code == 400


async def test_a_max_visits_past_the_column_is_a_400(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """maxVisits past the 32-bit column is refused, on create and on edit (it was a 500)."""
    huge = {"longUrl": "https://example.com/", "maxVisits": 2**31}
    created = await client.post("/api/v1/short-urls", json=huge, headers=DEMO)
    assert created.status_code == 400, created.text
    assert "maxVisits" in created.json()["error"]["message"]
    made = await create(client, DEMO, longUrl="https://example.com/")
    path = f"/api/v1/short-urls/{made['code']}"
    edited = await client.patch(path, json={"maxVisits": 2**63}, headers=DEMO)
    assert edited.status_code == 400, edited.text


async def test_an_expiry_at_the_end_of_time_is_a_400(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """expiresAt 9999-12-31T23:59:59-14:00 is refused naming it (it overflowed: a 500)."""
    body = {"longUrl": "https://example.com/", "expiresAt": "9999-12-31T23:59:59-14:00"}
    response = await client.post("/api/v1/short-urls", json=body, headers=DEMO)
    assert response.status_code == 400, response.text
    assert "expiresAt" in response.json()["error"]["message"]


async def test_an_offset_past_every_row_is_an_empty_page(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """An offset of 2**63 answers an empty page (the database could not bind it: a 500)."""
    made = await create(client, DEMO, longUrl="https://example.com/")
    links = await client.get(f"/api/v1/short-urls?offset={2**63}", headers=DEMO)
    assert links.status_code == 200, links.text
    assert links.json()["shortUrls"] == []
    visits_path = f"/api/v1/short-urls/{made['code']}/visits?offset={2**63}"
    visits = await client.get(visits_path, headers=DEMO)
    assert visits.status_code == 200, visits.text
    assert visits.json()["visits"] == []


async def test_delete_makes_the_code_unknown(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """A deleted link answers 404 at once, its visits go with it."""
    made = await create(client, DEMO, longUrl="https://example.com/")
    code = made["code"]
    await client.get("/" + code, headers=HUMAN)
    await flush_visits(shortlinks_app)
    assert (await client.delete(f"/api/v1/short-urls/{code}", headers=DEMO)).status_code == 204
    assert (await client.get("/" + code, headers=HUMAN)).status_code == 404
    assert (await client.get(f"/api/v1/short-urls/{code}", headers=DEMO)).status_code == 404


async def test_visits_are_recorded_anonymised_with_bot_flag(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """A visit keeps time, referrer, user agent, an anonymised IP and the bot flag."""
    code = (await create(client, DEMO, longUrl="https://example.com/"))["code"]
    await client.get("/" + code, headers={**HUMAN, "Referer": "https://sms.example/"})
    await client.get("/" + code, headers={"User-Agent": "Googlebot/2.1"})
    await flush_visits(shortlinks_app)
    visits = (await client.get(f"/api/v1/short-urls/{code}/visits", headers=DEMO)).json()
    assert len(visits["visits"]) == 2
    newest, oldest = visits["visits"]
    assert newest["potentialBot"] is True
    assert oldest == {
        "visitedAt": oldest["visitedAt"],
        "referrer": "https://sms.example/",
        "userAgent": BROWSER,
        "ip": "127.0.0.0",
        "potentialBot": False,
    }
    humans = await client.get(
        f"/api/v1/short-urls/{code}/visits", params={"excludeBots": "true"}, headers=DEMO
    )
    assert len(humans.json()["visits"]) == 1


async def test_stats_per_day_in_the_account_zone(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """Stats count visits per local day, every day of the window present."""
    code = (await create(client, DEMO, longUrl="https://example.com/"))["code"]
    for _ in range(3):
        await client.get("/" + code, headers=HUMAN)
    await flush_visits(shortlinks_app)
    stats = (await client.get(f"/api/v1/short-urls/{code}/stats?days=7", headers=DEMO)).json()
    assert stats["visits"] == {"total": 3, "bots": 0, "humans": 3}
    assert stats["timezone"] == "Asia/Kolkata"
    assert len(stats["byDay"]) == 7
    assert stats["byDay"][-1]["total"] == 3
    assert sum(day["total"] for day in stats["byDay"]) == 3


async def test_custom_domain_serves_only_its_account(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """A link of an account with a domain answers only there; other links never answer there."""
    other = await second_account(client, shortlinks={"domains": ["go.other.example"]})
    theirs = await create(client, other, longUrl="https://example.com/theirs")
    mine = await create(client, DEMO, longUrl="https://example.com/mine")
    assert theirs["shortUrl"] == f"http://go.other.example/{theirs['code']}"
    on_domain = {**HUMAN, "Host": "go.other.example"}
    assert (await client.get("/" + theirs["code"], headers=on_domain)).status_code == 302
    assert (await client.get("/" + theirs["code"], headers=HUMAN)).status_code == 404
    assert (await client.get("/" + mine["code"], headers=on_domain)).status_code == 404
    assert (await client.get("/" + mine["code"], headers=HUMAN)).status_code == 302
    with_port = {**HUMAN, "Host": "go.other.example:8443"}
    assert (await client.get("/" + theirs["code"], headers=with_port)).status_code == 302
