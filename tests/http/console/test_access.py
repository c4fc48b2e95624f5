"""No console page without login; no form without its CSRF token; login, logout, cookies."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from tests.conftest import client_for
from tests.http.console.conftest import PASSWORD, USERNAME, csrf_of, log_in, page_csrf

PUBLIC = {
    ("GET", "/admin/login"),
    ("POST", "/admin/login"),
    ("GET", "/admin/static/{name}"),
}


def console_routes(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(HTTP method, path template) of every route under /admin."""
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        if path == "/admin" or path.startswith("/admin/"):
            for method in sorted(route.methods or ()):
                yield method, path


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "fetchUserPreferences", path)


async def test_every_console_route_needs_a_login(client: httpx.AsyncClient, app: FastAPI) -> None:
    """Every console route but the login page and the CSS redirects an anonymous visitor."""
    routes = [r for r in console_routes(app) if r not in PUBLIC]
    assert len(routes) >= 14, routes
    for method, path in routes:
        response = await client.request(method, concrete(path))
        assert response.status_code == 303, (method, path, response.status_code)
        assert response.headers["location"].startswith("/admin/login?next="), (method, path)


async def test_a_forged_cookie_is_not_a_session(client: httpx.AsyncClient, admin_user: str) -> None:
    """A cookie with a wrong signature is refused like no cookie at all."""
    client.cookies.set("flowhooks_console", "abc.def", path="/admin")
    response = await client.get("/admin/methods")
    assert response.status_code == 303


async def test_every_console_post_needs_its_csrf_token(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """A logged-in POST without the CSRF token, or with another one, is refused with 403."""
    posts = [path for method, path in console_routes(app) if method == "POST"]
    assert len(posts) >= 8
    for path in posts:
        if path == "/admin/login":
            continue
        response = await console.post(concrete(path), data={"number": "9979746666"})
        assert response.status_code == 403, (path, response.status_code)
        assert "CSRF" in response.text
        response = await console.post(concrete(path), data={"csrf_token": "0" * 64})
        assert response.status_code == 403, path


async def test_login_without_its_csrf_token_is_refused(
    client: httpx.AsyncClient, admin_user: str
) -> None:
    """The login form is CSRF-protected too (a signed nonce in its own cookie)."""
    await client.get("/admin/login")
    response = await client.post("/admin/login", data={"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 403


async def test_wrong_password_shows_the_form_again(
    client: httpx.AsyncClient, admin_user: str
) -> None:
    """A wrong password is a 401 page saying so, and no session cookie."""
    page = await client.get("/admin/login")
    response = await client.post(
        "/admin/login",
        data={"username": USERNAME, "password": "not-the-one", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 401
    assert "Wrong user name or password" in response.text
    assert "flowhooks_console" not in response.cookies


async def test_a_wrong_password_keeps_the_deep_link(
    client: httpx.AsyncClient, admin_user: str
) -> None:
    """After a wrong password the form still carries `next`; the right one then follows it."""
    page = await client.get("/admin/login?next=/admin/invocations%3Fstatus%3DFAILED")
    target = "/admin/invocations?status=FAILED"
    wrong = await client.post(
        "/admin/login",
        data={
            "username": USERNAME,
            "password": "not-the-one",
            "csrf_token": csrf_of(page.text),
            "next": target,
        },
    )
    assert wrong.status_code == 401
    assert 'name="next" value="/admin/invocations?status=FAILED"' in wrong.text
    right = await client.post(
        "/admin/login",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "csrf_token": csrf_of(wrong.text),
            "next": target,
        },
    )
    assert right.headers["location"] == target


async def test_login_sets_a_safe_cookie_and_follows_next(
    client: httpx.AsyncClient, admin_user: str
) -> None:
    """Login redirects to `next`, with an HttpOnly SameSite=Lax cookie on /admin."""
    page = await client.get("/admin/login?next=/admin/invocations")
    response = await client.post(
        "/admin/login",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "csrf_token": csrf_of(page.text),
            "next": "/admin/invocations",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/invocations"
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith("flowhooks_console=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert "Path=/admin" in cookie
    assert "Secure" not in cookie
    assert (await client.get("/admin/invocations")).status_code == 200


async def test_next_never_leaves_the_console(client: httpx.AsyncClient, admin_user: str) -> None:
    """A `next` outside /admin is ignored (no open redirect)."""
    page = await client.get("/admin/login")
    response = await client.post(
        "/admin/login",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "csrf_token": csrf_of(page.text),
            "next": "https://evil.example/",
        },
    )
    assert response.headers["location"] == "/admin"


async def test_cookie_is_secure_over_https(app: FastAPI, admin_user: str) -> None:
    """Over https the session cookie is also Secure."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        response = await log_in(c)
        cookie = next(
            h for h in response.headers.get_list("set-cookie") if h.startswith("flowhooks_console=")
        )
        assert "Secure" in cookie


async def test_logout_ends_the_session_for_good(app: FastAPI, admin_user: str) -> None:
    """After logout the same cookie, replayed, no longer opens any page."""
    async with client_for(app) as c:
        await log_in(c)
        cookie = c.cookies.get("flowhooks_console")
        assert cookie
        response = await c.post("/admin/logout", data={"csrf_token": await page_csrf(c)})
        assert response.status_code == 303
        assert response.headers["location"] == "/admin/login"
    async with client_for(app) as replay:
        replay.cookies.set("flowhooks_console", cookie, path="/admin")
        assert (await replay.get("/admin/methods")).status_code == 303


async def test_pages_are_not_cached_and_carry_a_strict_csp(console: httpx.AsyncClient) -> None:
    """Console pages say no-store and forbid scripts and framing."""
    response = await console.get("/admin/account")
    assert response.headers["cache-control"] == "no-store"
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp


async def test_static_css_is_served_without_login(client: httpx.AsyncClient) -> None:
    """The stylesheet is public (the login page needs it); other names are 404."""
    response = await client.get("/admin/static/console.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert (await client.get("/admin/static/..%2Fapp.py")).status_code == 404


async def test_account_switcher_changes_the_account_shown(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """Switching to account 2 makes the account page show account 2."""
    from flowhooks.accounts import service

    async with app.state.runtime.db.session() as session:
        await service.create(session, account_id=2, name="Second")
    csrf = await page_csrf(console)
    response = await console.post(
        "/admin/switch-account",
        data={"csrf_token": csrf, "account_id": "2", "next": "/admin/account"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/account"
    page = await console.get("/admin/account")
    assert "Account 2 · Second" in page.text
    refused = await console.post(
        "/admin/switch-account", data={"csrf_token": csrf, "account_id": "99"}
    )
    assert refused.status_code == 404


async def test_repeated_wrong_passwords_lock_the_login_for_a_while(
    client: httpx.AsyncClient, admin_user: str
) -> None:
    """After five wrong passwords even the right one is refused with 429 for a while."""
    for _ in range(5):
        page = await client.get("/admin/login")
        response = await client.post(
            "/admin/login",
            data={"username": USERNAME, "password": "guess", "csrf_token": csrf_of(page.text)},
        )
        assert response.status_code == 401
    response = await log_in(client)
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.text


async def test_sessions_and_csrf_are_checked_in_constant_time(
    console: httpx.AsyncClient, compare_digest_calls: list[tuple[bytes, bytes]]
) -> None:
    """A forged cookie's signature and a wrong CSRF token both reach hmac.compare_digest."""
    refused = await console.post("/admin/switch-account", data={"csrf_token": "f" * 64})
    assert refused.status_code == 403
    assert any(submitted == b"f" * 64 for _, submitted in compare_digest_calls)
    console.cookies.set("flowhooks_console", "forged.0123abcd", path="/admin")
    assert (await console.get("/admin/methods")).status_code == 303
    assert any(signature == b"0123abcd" for _, signature in compare_digest_calls)


async def test_console_passwords_are_verified_by_argon2(
    client: httpx.AsyncClient, admin_user: str, argon2_verify_calls: list[tuple[str, str]]
) -> None:
    """A wrong password and an unknown user each cost one argon2 verification."""
    for username in (USERNAME, "nobody"):
        page = await client.get("/admin/login")
        form = {"username": username, "password": "not-it-either", "csrf_token": csrf_of(page.text)}
        assert (await client.post("/admin/login", data=form)).status_code == 401
    assert [password for _, password in argon2_verify_calls] == ["not-it-either"] * 2


async def test_non_ascii_credentials_are_refused_not_a_crash(
    console: httpx.AsyncClient, client: httpx.AsyncClient, admin_user: str
) -> None:
    """A CSRF token, login token or cookie signature with non-ASCII characters is a refusal."""
    refused = await console.post("/admin/switch-account", data={"csrf_token": "é" * 64})
    assert refused.status_code == 403
    page = await client.get("/admin/login")
    assert page.status_code == 200
    login = {"username": USERNAME, "password": PASSWORD, "csrf_token": "ü"}
    assert (await client.post("/admin/login", data=login)).status_code == 403
    forged = {b"cookie": "flowhooks_console=abc.d\u00e9f".encode("latin-1")}
    assert (await client.get("/admin/methods", headers=forged)).status_code == 303


async def test_a_password_typed_as_the_user_name_is_not_logged(
    client: httpx.AsyncClient, admin_user: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failed login names the user in the log only when that user exists."""
    for username in (PASSWORD, USERNAME):
        page = await client.get("/admin/login")
        form = {"username": username, "password": "wrong-pass-77", "csrf_token": csrf_of(page.text)}
        assert (await client.post("/admin/login", data=form)).status_code == 401
    logged = capsys.readouterr().err
    assert logged.count("console_login_failed") == 2
    assert PASSWORD not in logged
    assert f"username={USERNAME}" in logged
