"""Through a real uvicorn server on 127.0.0.1: a real client follows short links, and a
flood of redirects on one hot code from many connections loses no visit."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import sqlalchemy as sa

from flowhooks.store.shortlinks import ShortLinkVisitRow
from tests.shortlinks.fixtures import SEED_PATH, LiveServer, browser_client, flush_visits

FLOOD = 300


async def test_a_real_client_follows_the_seed_short_url(live_server: LiveServer) -> None:
    """The seed's request over real HTTP gives a short URL that httpx follows to the long URL."""
    base = live_server.base_url
    async with browser_client(base, follow_redirects=True) as client:
        created = await client.post(
            SEED_PATH,
            json={"custToken": "abcd1234", "longUrl": f"{base}/healthz?from=sms"},
            headers={"Accept": "application/json"},
        )
        assert created.status_code == 200, created.text
        short = created.json()["shortUrl"]
        assert short.startswith(base + "/")
        landed = await client.get(short)
    assert landed.status_code == 200
    assert str(landed.url) == f"{base}/healthz?from=sms"
    assert landed.json() == {"status": "ok"}
    assert [r.status_code for r in landed.history] == [302]


@pytest.mark.slow
async def test_a_flood_on_one_code_loses_no_visit(live_server: LiveServer) -> None:
    """300 redirects of one code over 30 connections are 300 visit rows after the flush."""
    base = live_server.base_url
    async with browser_client(base) as client:
        created = await client.post(
            SEED_PATH, json={"custToken": "abcd1234", "longUrl": "https://example.com/hot"}
        )
        code = created.json()["shortUrl"].rsplit("/", 1)[-1]
    limits = httpx.Limits(max_connections=30, max_keepalive_connections=30)
    async with browser_client(base, limits=limits, timeout=30.0) as client:

        async def hit() -> int:
            return (await client.get("/" + code)).status_code

        statuses = await asyncio.gather(*(hit() for _ in range(FLOOD)))
    assert statuses == [302] * FLOOD
    await flush_visits(live_server.app)
    async with live_server.app.state.runtime.db.read() as session:
        stored = await session.scalar(sa.select(sa.func.count()).select_from(ShortLinkVisitRow))
    assert stored == FLOOD
