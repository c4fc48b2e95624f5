"""Console fixtures: an admin user, and a client logged in as that user."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import client_for
from tests.secret_scan import SCAN

USERNAME = "ops"
PASSWORD = "correct-horse-battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


@pytest.fixture
async def admin_user(app: FastAPI) -> str:
    """An admin user `ops` in the app's database."""
    from flowhooks.auth import console_users as users

    async with app.state.runtime.db.session() as session:
        await users.create(session, USERNAME, PASSWORD)
    return USERNAME


async def log_in(client: httpx.AsyncClient, username: str = USERNAME) -> httpx.Response:
    page = await client.get("/admin/login")
    response = await client.post(
        "/admin/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
    )
    cookie = response.cookies.get("flowhooks_console")
    if cookie:
        SCAN.register(cookie)  # a session cookie must never be logged either
    return response


@pytest.fixture
async def console(
    app: FastAPI, admin_user: str, demo_account: int
) -> AsyncIterator[httpx.AsyncClient]:
    """A client logged in to the console, with the demo account present."""
    async with client_for(app) as c:
        response = await log_in(c)
        assert response.status_code == 303, response.text
        yield c


async def page_csrf(client: httpx.AsyncClient, path: str = "/admin/methods") -> str:
    """The session's CSRF token, read from a console page."""
    return csrf_of((await client.get(path)).text)
