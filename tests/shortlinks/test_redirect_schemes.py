"""A short link only ever redirects to http(s): every door that sets a long URL refuses others.

The doors: the seed's /UrlShortner API, POST and PATCH /api/v1/short-urls, and the account's
chatbot URL template (PATCH /api/v1/accounts/{id}). Each refuses the same unsafe URLs, and a
refused edit leaves the link redirecting where it did.
"""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from flowhooks.accounts.demo import DEMO_CUST_TOKEN
from tests.conftest import ADMIN
from tests.shortlinks.fixtures import BROWSER, SEED_PATH

DEMO = {"Authorization": f"Bearer {DEMO_CUST_TOKEN}"}
UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "ftp://example.com/file",
    "vbscript:msgbox(1)",
    "blob:https://example.com/4c6f",
    "mailto:someone@example.com",
    "ws://example.com/socket",
    "about:blank",
    "//evil.example/path",
    "https:evil.example",
    "http:\\\\evil.example",
]


async def test_creation_refuses_non_http_urls(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """Both creation APIs answer 400 INVALID_URL to every unsafe URL and create nothing."""
    for url in UNSAFE:
        seed = await client.post(SEED_PATH, json={"custToken": DEMO_CUST_TOKEN, "longUrl": url})
        rest = await client.post("/api/v1/short-urls", json={"longUrl": url}, headers=DEMO)
        for response in (seed, rest):
            assert response.status_code == 400, (url, response.text)
            assert response.json()["error"]["code"] == "INVALID_URL"
    listed = await client.get("/api/v1/short-urls", headers=DEMO)
    assert listed.json()["shortUrls"] == []


async def test_an_edit_refuses_non_http_urls_and_keeps_the_link(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """Every unsafe URL is a 400 in an edit; the link still redirects to its http(s) URL."""
    made = await client.post(
        "/api/v1/short-urls", json={"longUrl": "https://example.com/offer"}, headers=DEMO
    )
    code = made.json()["code"]
    for url in UNSAFE:
        edit = await client.patch(f"/api/v1/short-urls/{code}", json={"longUrl": url}, headers=DEMO)
        assert edit.status_code == 400, (url, edit.text)
    followed = await client.get(f"/{code}", headers={"User-Agent": BROWSER})
    assert followed.headers["location"] == "https://example.com/offer"


@pytest.mark.parametrize("template", ["javascript:alert('{botid}')", "data:text/html,{botid}"])
async def test_the_chatbot_url_template_must_be_http(
    client: httpx.AsyncClient, shortlinks_app: FastAPI, template: str
) -> None:
    """A chatbot link is built from the account's template, so the template is checked too."""
    change = {"settings": {"shortlinks": {"bot_url_template": template}}}
    response = await client.patch("/api/v1/accounts/1", json=change, headers=ADMIN)
    assert response.status_code == 422, response.text
    assert "bot_url_template" in response.json()["error"]["message"]
