"""The invocation log, its filters, each invocation's page and the overview's statistics."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
from fastapi import FastAPI

from tests.conftest import flush_invocations
from tests.http.console.conftest import page_csrf
from tests.webhook_calls import post_webhook


async def _call(client: httpx.AsyncClient, method: str, **keys: str) -> str:
    response = await post_webhook(client, method, keys)
    request_id: str = response.json()["requestId"]
    return request_id


async def test_log_lists_calls_and_filters_by_status_and_method(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """The log shows every call; the status and method filters narrow it."""
    ok = await _call(
        console,
        "fetchUserPreferences",
        **{"$user.syskey.contactNumber": "9812345678", "$user.syskey.accountID": "1"},
    )
    failed = await _call(
        console,
        "updateUserPreferences",
        **{"$user.syskey.contactNumber": "9812345678", "$user.syskey.accountID": "1"},
    )
    await flush_invocations(app)
    page = (await console.get("/admin/invocations")).text
    assert ok in page
    assert failed in page
    page = (await console.get("/admin/invocations?status=FAILED")).text
    assert failed in page
    assert ok not in page
    page = (await console.get("/admin/invocations?method=fetchUserPreferences")).text
    assert ok in page
    assert failed not in page


async def test_time_filter_uses_the_account_zone(console: httpx.AsyncClient, app: FastAPI) -> None:
    """A `From` in the future (account zone) hides today's calls; a bad date is a 422."""
    request_id = await _call(
        console,
        "fetchUserPreferences",
        **{"$user.syskey.contactNumber": "9812345678", "$user.syskey.accountID": "1"},
    )
    await flush_invocations(app)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = (await console.get(f"/admin/invocations?since={tomorrow}")).text
    assert request_id not in page
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = (await console.get(f"/admin/invocations?since={yesterday}")).text
    assert request_id in page
    response = await console.get("/admin/invocations?since=tuesday")
    assert response.status_code == 422
    assert "not a date and time" in response.text


async def test_invocation_page_shows_the_redacted_request_and_the_answer(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """An invocation opens with its request (secrets as ***) and its answer."""
    request_id = await _call(
        console,
        "fetchUserPreferences",
        **{
            "$user.syskey.contactNumber": "9812345678",
            "$user.syskey.accountID": "1",
            "$flow.key.apiKey": "sk-live-very-secret",
        },
    )
    await flush_invocations(app)
    page = (await console.get(f"/admin/invocations/{request_id}")).text
    assert "sk-live-very-secret" not in page
    assert "<code>$flow.key.apiKey</code></td><td>***</td>" in page
    assert "<code>$flow.key.userFound</code></td><td>false</td>" in page
    missing = await console.get("/admin/invocations/nope")
    assert missing.status_code == 404


async def test_overview_counts_calls_and_errors_per_method(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """The overview shows per-method calls and error rate, with an SVG chart per row."""
    for _ in range(3):
        await _call(
            console,
            "fetchUserPreferences",
            **{"$user.syskey.contactNumber": "9812345678", "$user.syskey.accountID": "1"},
        )
    await _call(
        console,
        "updateUserPreferences",
        **{"$user.syskey.contactNumber": "9812345678", "$user.syskey.accountID": "1"},
    )
    await flush_invocations(app)
    page = (await console.get("/admin")).text
    hour = page.split("<h2>Last hour</h2>")[1].split("</section>")[0]
    row = re.search(r">fetchUserPreferences</a></td>\s*<td>(\d+)</td>\s*<td>([\d.]+)%", hour)
    assert row is not None
    assert row.groups() == ("3", "0.0")
    row = re.search(r">updateUserPreferences</a></td>\s*<td>(\d+)</td>\s*<td>([\d.]+)%", hour)
    assert row is not None
    assert row.groups() == ("1", "100.0")
    assert hour.count("<svg") == 3  # all methods + two methods
    assert 'class="failed"' in hour


async def test_test_form_call_is_in_the_log_at_once(console: httpx.AsyncClient) -> None:
    """The invocation a test form produced opens right after the answer is shown."""
    csrf = await page_csrf(console)
    response = await console.post(
        "/admin/methods/fetchUserPreferences",
        follow_redirects=True,
        data={
            "csrf_token": csrf,
            "in:$user.syskey.contactNumber": "9812345678",
            "in:$user.syskey.accountID": "1",
        },
    )
    link = re.search(r'id="invocation-link" href="([^"]+)"', response.text)
    assert link is not None
    page = await console.get(link.group(1))
    assert page.status_code == 200
    assert "<code>/webhook</code>" in page.text
