"""Account settings and contacts from the console: every change through accounts.service."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from flowhooks.store import accounts as account_store
from tests.http.console.conftest import page_csrf

ACCOUNT = "/admin/account"


async def _row(app: FastAPI) -> account_store.AccountRow:
    async with app.state.runtime.db.read() as session:
        row = await account_store.get(session, 1)
        assert row is not None
        return row


async def test_zone_is_saved_and_a_wrong_one_is_shown(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """A valid zone is saved; an unknown one is a 422 shown beside the form."""
    csrf = await page_csrf(console, ACCOUNT)
    response = await console.post(
        f"{ACCOUNT}/zone", data={"csrf_token": csrf, "timezone": "Asia/Dubai"}
    )
    assert response.status_code == 303
    assert "Time zone saved." in (await console.get(response.headers["location"])).text
    assert (await _row(app)).timezone == "Asia/Dubai"
    response = await console.post(
        f"{ACCOUNT}/zone", data={"csrf_token": csrf, "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 422
    assert "IANA time zone" in response.text
    assert (await _row(app)).timezone == "Asia/Dubai"


async def test_section_json_is_validated_and_saved(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """A section's JSON is validated: bad JSON or a bad value is shown, a good one saved."""
    csrf = await page_csrf(console, ACCOUNT)
    path = f"{ACCOUNT}/settings/webhooks"
    response = await console.post(path, data={"csrf_token": csrf, "json": "{not json"})
    assert response.status_code == 422
    assert "a JSON object" in response.text
    assert "{not json" in response.text  # the draft is kept for fixing
    response = await console.post(
        path, data={"csrf_token": csrf, "json": '{"ip_allowlist": ["not-an-ip"]}'}
    )
    assert response.status_code == 422
    assert "not an IP address" in response.text
    response = await console.post(
        path, data={"csrf_token": csrf, "json": '{"ip_allowlist": ["10.0.0.0/8"]}'}
    )
    assert response.status_code == 303
    assert (await _row(app)).settings["webhooks"]["ip_allowlist"] == ["10.0.0.0/8"]
    missing = await console.post(f"{ACCOUNT}/settings/nope", data={"csrf_token": csrf})
    assert missing.status_code == 404


async def test_ip_allowlist_form_takes_one_entry_a_line(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """The allow-list form stores one address or network a line; a bad one is refused."""
    csrf = await page_csrf(console, ACCOUNT)
    response = await console.post(
        f"{ACCOUNT}/ip-allowlist",
        data={"csrf_token": csrf, "ip_allowlist": "127.0.0.1\n\n192.168.0.0/16\n"},
    )
    assert response.status_code == 303
    assert (await _row(app)).settings["webhooks"]["ip_allowlist"] == [
        "127.0.0.1",
        "192.168.0.0/16",
    ]
    response = await console.post(
        f"{ACCOUNT}/ip-allowlist", data={"csrf_token": csrf, "ip_allowlist": "nowhere"}
    )
    assert response.status_code == 422


async def test_new_token_is_shown_once_and_works(console: httpx.AsyncClient, app: FastAPI) -> None:
    """A created custToken is shown once, then only its last four characters."""
    csrf = await page_csrf(console, ACCOUNT)
    response = await console.post(
        f"{ACCOUNT}/tokens", data={"csrf_token": csrf, "kind": "cust_token"}
    )
    assert response.status_code == 200
    found = re.search(r'id="new-token">([^<]+)<', response.text)
    assert found is not None
    token = found.group(1)
    async with app.state.runtime.db.read() as session:
        credential = await account_store.find_credential(session, "cust_token", token)
        assert credential is not None
        assert credential.account_id == 1
    page = (await console.get(ACCOUNT)).text
    assert token not in page
    assert f"…{token[-4:]}" in page


async def test_basic_auth_is_set_and_a_short_password_refused(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """Basic credentials are saved hashed; a password under 8 characters is refused."""
    csrf = await page_csrf(console, ACCOUNT)
    response = await console.post(
        f"{ACCOUNT}/basic-auth",
        data={"csrf_token": csrf, "basic_username": "flows", "basic_password": "short"},
    )
    assert response.status_code == 422
    assert "at least 8 characters" in response.text
    response = await console.post(
        f"{ACCOUNT}/basic-auth",
        data={"csrf_token": csrf, "basic_username": "flows", "basic_password": "long-enough-1"},
    )
    assert response.status_code == 303
    row = await _row(app)
    assert row.basic_username == "flows"
    assert row.basic_password_hash
    assert "long-enough-1" not in row.basic_password_hash


async def test_contact_is_looked_up_and_erased(console: httpx.AsyncClient) -> None:
    """A contact's stored values are shown; erasing asks first, then removes every value."""
    await console.post(
        "/webhook",
        json={
            "method": "updateUserPreferences",
            "keys": [
                {"name": "$user.syskey.contactNumber", "value": "9812345678"},
                {"name": "$user.syskey.accountID", "value": "1"},
                {"name": "$user.key.lang", "value": "Tamil"},
            ],
        },
    )
    page = (await console.get("/admin/contacts?number=09812345678")).text
    assert "+919812345678" in page
    assert "<code>$user.key.lang</code></td><td>Tamil</td>" in page
    csrf = await page_csrf(console, "/admin/contacts")
    asked = await console.post(
        "/admin/contacts/erase", data={"csrf_token": csrf, "number": "+919812345678"}
    )
    assert asked.status_code == 200
    assert "Erase +919812345678 and its 1 stored value?" in asked.text
    assert "Erased" not in asked.text
    page = (await console.get("/admin/contacts?number=9812345678")).text
    assert "<code>$user.key.lang</code></td><td>Tamil</td>" in page  # nothing erased yet
    response = await console.post(
        "/admin/contacts/erase",
        data={"csrf_token": csrf, "number": "+919812345678", "confirm": "+919812345678"},
    )
    assert response.status_code == 200
    assert "Erased +919812345678" in response.text
    page = (await console.get("/admin/contacts?number=9812345678")).text
    assert "Nothing is stored for this contact." in page
    bad = await console.get("/admin/contacts?number=12ab")
    assert bad.status_code == 422


async def test_token_created_is_shown_in_the_account_zone(console: httpx.AsyncClient) -> None:
    """A token's Created time is in the account's zone (Asia/Kolkata), not UTC."""
    csrf = await page_csrf(console, "/admin/account")
    await console.post("/admin/account/tokens", data={"csrf_token": csrf, "kind": "cust_token"})
    page = (await console.get("/admin/account")).text
    table = page.split('<th scope="col">Created</th>', 1)[1].split("</table>", 1)[0]
    assert " IST</td>" in table
    assert " UTC</td>" not in table
