"""The seed's POST /UrlShortner/phonon/shortUrl and the redirect, through the real app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from tests.conftest import ADMIN
from tests.shortlinks.fixtures import BROWSER, SEED_PATH, flush_visits

SEED_BODY = {"custToken": "abcd1234", "longUrl": "https://google.co.in"}
HUMAN = {"User-Agent": BROWSER}


async def shorten(client: httpx.AsyncClient, **body: object) -> httpx.Response:
    return await client.post(SEED_PATH, json={**SEED_BODY, **body})


def code_of(short_url: str) -> str:
    return short_url.rsplit("/", 1)[-1]


async def test_seed_request_gives_a_short_url_that_redirects(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """The seed's exact request answers {"shortUrl"} whose code redirects (302) to the long URL."""
    response = await client.post(
        SEED_PATH,
        json=SEED_BODY,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert list(response.json()) == ["shortUrl"]
    short = response.json()["shortUrl"]
    assert short.startswith("http://127.0.0.1:8000/")
    assert len(code_of(short)) == 8
    followed = await client.get("/" + code_of(short), headers=HUMAN)
    assert followed.status_code == 302
    assert followed.headers["location"] == "https://google.co.in"


async def test_the_garbled_seed_url_is_refused_with_a_reason(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """The seed page's garbled longUrl (it has spaces) is a 400 naming the problem."""
    garbled = "https://follow same pattern if more than 2 request parameters ] }google.co.in"
    response = await shorten(client, longUrl=garbled)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_URL"
    assert "whitespace" in response.json()["error"]["message"]


@pytest.mark.parametrize("token", ["wrong-token", "", None], ids=["wrong", "empty", "missing"])
async def test_a_bad_token_is_401(
    client: httpx.AsyncClient, shortlinks_app: FastAPI, token: str | None
) -> None:
    """A wrong, empty or missing custToken is a 401."""
    body = {"longUrl": "https://example.com/"}
    if token is not None:
        body["custToken"] = token
    response = await client.post(SEED_PATH, json=body)
    assert response.status_code == 401


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "/relative",
        "https://example.com/" + "a" * 2100,
    ],
)
async def test_a_bad_url_is_400(
    client: httpx.AsyncClient, shortlinks_app: FastAPI, url: str
) -> None:
    """A URL that is not an absolute http(s) URL, or is over-long, is a 400."""
    response = await shorten(client, longUrl=url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_URL"


async def test_not_json_is_400(client: httpx.AsyncClient, shortlinks_app: FastAPI) -> None:
    """A body that is not JSON is a 400 INVALID_FORMAT."""
    response = await client.post(SEED_PATH, content=b"custToken=abcd1234")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_FORMAT"


async def test_optional_fields_slug_code_and_limit(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """slug, redirectCode and maxVisits are honoured; a taken slug is a 409."""
    response = await shorten(client, slug="diwali-offer", redirectCode=301, maxVisits=5)
    assert response.status_code == 200, response.text
    assert response.json()["shortUrl"].endswith("/diwali-offer")
    followed = await client.get("/diwali-offer", headers=HUMAN)
    assert followed.status_code == 301
    again = await shorten(client, slug="diwali-offer")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "SLUG_TAKEN"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("slug", "admin"),
        ("slug", "a b"),
        ("redirectCode", 303),
        ("maxVisits", 0),
        ("expiresAt", "2001-01-01T00:00:00+00:00"),
        ("expiresAt", "2030-01-01T00:00:00"),
    ],
)
async def test_invalid_optional_fields_are_400(
    client: httpx.AsyncClient, shortlinks_app: FastAPI, field: str, value: object
) -> None:
    """A reserved slug, another redirect code, a zero limit or a past / naive expiry is a 400."""
    response = await shorten(client, **{field: value})
    assert response.status_code == 400, response.text


async def test_unknown_code_is_a_readable_404_page(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """An unknown code answers a 404 HTML page a person can read."""
    response = await client.get("/NoSuchCode", headers=HUMAN)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "does not exist" in response.text


async def test_other_routes_are_not_shadowed(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """The catch-all /{code} never shadows /healthz or the API."""
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/api/v1/short-urls", headers=ADMIN)).status_code == 200


async def test_expired_link_is_410(
    app_factory: object, shortlinks_app: FastAPI, client: httpx.AsyncClient
) -> None:
    """A link past its expiresAt answers a 410 page."""
    soon = datetime.now(UTC) + timedelta(seconds=1)
    response = await shorten(client, expiresAt=soon.isoformat())
    code = code_of(response.json()["shortUrl"])
    assert (await client.get("/" + code, headers=HUMAN)).status_code == 302
    shortlinks_app.state.runtime.clock = lambda: datetime.now(UTC) + timedelta(seconds=5)
    gone = await client.get("/" + code, headers=HUMAN)
    assert gone.status_code == 410
    assert "expired" in gone.text


async def test_max_visits_counts_people_not_bots(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """A link with maxVisits=2 serves two people, then 410; link previews never use it up."""
    code = code_of((await shorten(client, maxVisits=2)).json()["shortUrl"])
    preview = {"User-Agent": "WhatsApp/2.23.20.0 A"}
    assert (await client.get("/" + code, headers=preview)).status_code == 302
    assert (await client.get("/" + code, headers=HUMAN)).status_code == 302
    assert (await client.get("/" + code, headers=preview)).status_code == 302
    assert (await client.get("/" + code, headers=HUMAN)).status_code == 302
    gone = await client.get("/" + code, headers=HUMAN)
    assert gone.status_code == 410
    assert "maximum number" in gone.text
    assert (await client.get("/" + code, headers=preview)).status_code == 410
    await flush_visits(shortlinks_app)
    shown = await client.get(f"/api/v1/short-urls/{code}", headers=ADMIN)
    assert shown.json()["visits"] == {"total": 4, "bots": 2, "humans": 2}


async def test_qr_code_png_and_svg(client: httpx.AsyncClient, shortlinks_app: FastAPI) -> None:
    """GET /{code}/qr answers a PNG by default and an SVG with ?format=svg."""
    code = code_of((await shorten(client)).json()["shortUrl"])
    png = await client.get(f"/{code}/qr")
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    svg = await client.get(f"/{code}/qr", params={"format": "svg"})
    assert svg.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    assert (await client.get(f"/{code}/qr", params={"format": "gif"})).status_code == 400
    assert (await client.get("/NoSuchCode/qr")).status_code == 404


async def test_head_does_not_count_a_visit(
    client: httpx.AsyncClient, shortlinks_app: FastAPI
) -> None:
    """A HEAD request (a link checker) gets the redirect but is not recorded as a visit."""
    code = code_of((await shorten(client, maxVisits=1)).json()["shortUrl"])
    assert (await client.head("/" + code, headers=HUMAN)).status_code == 302
    assert (await client.get("/" + code, headers=HUMAN)).status_code == 302
    await flush_visits(shortlinks_app)
    shown = await client.get(f"/api/v1/short-urls/{code}", headers=ADMIN)
    assert shown.json()["visits"]["total"] == 1


def _first_segments(app: FastAPI) -> set[str]:
    """The first path segment of every route the app declares, its included routers' too."""
    return {
        (route.path or "").strip("/").split("/")[0] for route in iter_route_contexts(app.routes)
    }


def test_every_route_of_the_app_is_reserved(app: FastAPI) -> None:
    """No custom slug can equal the first segment of one of the app's own routes."""
    from flowhooks.shortlinks.codes import SlugRejected, validate_slug

    for segment in _first_segments(app):
        if segment.startswith("{") or not segment:
            continue
        with pytest.raises(SlugRejected):
            validate_slug(segment)
