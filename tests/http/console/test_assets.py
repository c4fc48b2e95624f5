"""Static files at versioned URLs, the favicon, GET /webhook in a browser, the page frame."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from flowhooks.http.console import assets
from tests.conftest import client_for


async def test_pages_link_the_stylesheet_by_its_hash(app: FastAPI) -> None:
    """The stylesheet URL carries the file's hash and is cached for a year."""
    async with client_for(app) as client:
        page = (await client.get("/admin/login")).text
        href = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
        assert href is not None
        assert href.group(1) == f"/admin/static/console.css?v={assets.version('console.css')}"
        current = await client.get(href.group(1))
        assert current.status_code == 200
        assert current.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert current.headers["content-type"].startswith("text/css")
        stale = await client.get("/admin/static/console.css?v=000000000000")
        assert stale.headers["cache-control"] == "public, max-age=60"
        assert (await client.get("/admin/static/nope.css")).status_code == 404
        assert (await client.get("/admin/static/..%2Fassets.py")).status_code == 404


async def test_the_favicon_is_an_icon_not_the_short_link_page(app: FastAPI) -> None:
    """/favicon.ico answers the icon; it is not looked up as a short link."""
    async with client_for(app) as client:
        response = await client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"


async def test_get_webhook_explains_the_endpoint(app: FastAPI) -> None:
    """A browser's GET /webhook gets a page naming POST and the catalogue, not a 404."""
    async with client_for(app) as client:
        page = await client.get("/webhook")
        posted = await client.post("/webhook", content=b"{}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "POST" in page.text
    assert 'href="/webhook/methods"' in page.text
    assert "fetchUserPreferences" in page.text
    assert posted.headers["content-type"].startswith("application/json")  # still the door


async def test_every_page_starts_with_a_skip_link_and_scoped_headers(
    console: httpx.AsyncClient,
) -> None:
    """The first link of a page skips to the content; table headers carry scope."""
    for path in ("/admin", "/admin/methods", "/admin/invocations", "/admin/account"):
        page = (await console.get(path)).text
        body = page.split("<body>", 1)[1]
        assert body.lstrip().startswith('<a class="skip" href="#content">'), path
        assert '<main id="content"' in page
        assert "<th>" not in page, path
