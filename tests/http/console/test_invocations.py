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
    """The overview shows per-method calls and error rate, three charts per row on shared
    axes for each of 1 h, 24 h and 7 d, and the numbers as captioned tables."""
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
    hour = page.split('id="window-1h"')[1].split("</section>")[0]
    cell = r'>{}</a></th>\s*<td>(\d+)</td>\s*<td class="rate">([^<]+)'
    row = re.search(cell.format("fetchUserPreferences"), hour)
    assert row is not None
    assert row.groups() == ("3", "0 %")
    row = re.search(cell.format("updateUserPreferences"), hour)
    assert row is not None
    assert row.groups() == ("1", "100 % ")
    assert hour.count("<svg") == 9  # volume, error rate, latency: all methods + two methods
    assert hour.count("<caption>") == 3  # the same numbers as tables
    assert "<title>" in hour
    assert ">5 calls</text>" in hour  # one y axis for every volume chart of the window
    assert 'id="window-24h"' in page
    assert 'id="window-7d"' in page
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


async def test_the_log_finds_a_call_by_contact_flow_error_path_and_text(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """Contact (any form, matched as E.164), flow ID, error code, path and free text each
    find the call they name and leave the others out."""
    mine = await _call(
        console,
        "ValidateDateAndTime",
        inputDate="tomorrow",
        flowId="flow-4711",
        cli="+91 98123 45678",
    )
    other = await _call(
        console,
        "fetchUserPreferences",
        **{"$user.syskey.contactNumber": "9977665544", "$user.syskey.accountID": "1"},
    )
    failed = await _call(console, "ValidateDateAndTime", inputDate="")
    await flush_invocations(app)
    searches = {
        "contact=09812345678": mine,
        "contact=%2B91%2099776%2065544": other,
        "flow_id=flow-4711": mine,
        "q=FLOW-47": mine,
        "q=9977665544": other,
    }
    for query, wanted in searches.items():
        page = (await console.get(f"/admin/invocations?scope=all&{query}")).text
        found = {mine, other, failed} & set(re.findall(r"/admin/invocations/([\w-]+)\"", page))
        assert found == {wanted}, query
    page = (await console.get("/admin/invocations?scope=all&status=FAILED&path=/webhook")).text
    assert failed in page
    assert mine not in page
    code = re.search(rf'{failed}">.*?</tr>', page, re.S)
    assert code is not None
    error = re.search(r"<td>([A-Z_]+)</td>\s*<td>[\d.]+</td>", code.group(0))
    assert error is not None
    page = (await console.get(f"/admin/invocations?scope=all&error_code={error.group(1)}")).text
    assert failed in page
    assert mine not in page


async def test_a_bad_filter_shows_the_error_and_no_rows(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """A bad `since` or contact is a 422 that names it and lists no calls at all."""
    request_id = await _call(
        console,
        "fetchUserPreferences",
        **{"$user.syskey.contactNumber": "9812345678", "$user.syskey.accountID": "1"},
    )
    await flush_invocations(app)
    for query, named in (("since=tuesday", "since:"), ("contact=12ab", "contact:")):
        response = await console.get(f"/admin/invocations?{query}")
        assert response.status_code == 422
        assert named in response.text
        assert request_id not in response.text


async def test_an_unregistered_method_filter_is_said_and_selected(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """`?method=noSuchMethod` is shown selected as "not registered", not as "any"."""
    await _call(console, "noSuchMethod")
    await flush_invocations(app)
    page = (await console.get("/admin/invocations?scope=all&method=noSuchMethod")).text
    assert '<option value="noSuchMethod" selected>noSuchMethod (not registered)</option>' in page
    assert "1–1 of 1 calls" in page


async def test_the_log_pages_with_a_total(console: httpx.AsyncClient, app: FastAPI) -> None:
    """More calls than a page shows: a total, and Older/Newer links between pages."""
    from flowhooks.http.console.log_filters import PAGE_SIZE

    for _ in range(PAGE_SIZE + 3):
        await _call(console, "noSuchMethod")
    await flush_invocations(app)
    first = (await console.get("/admin/invocations?scope=all&method=noSuchMethod")).text
    assert f"1–{PAGE_SIZE} of {PAGE_SIZE + 3} calls" in first
    assert first.count("/admin/invocations/") == PAGE_SIZE
    older = re.search(r'href="([^"]+)" rel="next"', first)
    assert older is not None
    second = (await console.get(older.group(1).replace("&amp;", "&"))).text
    assert f"{PAGE_SIZE + 1}–{PAGE_SIZE + 3} of {PAGE_SIZE + 3} calls" in second
    assert 'rel="prev"' in second


async def test_time_presets_and_calls_without_an_account(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """A call naming no account shows under "no account" for each preset, not under mine."""
    orphan = await _call(console, "fetchUserPreferences", **{"$user.syskey.contactNumber": "1"})
    await flush_invocations(app)
    for preset in ("15m", "1h", "24h", "7d"):
        page = (await console.get(f"/admin/invocations?scope=none&range={preset}")).text
        assert orphan in page, preset
    mine = (await console.get("/admin/invocations")).text
    assert orphan not in mine
    bad = await console.get("/admin/invocations?range=3y")
    assert bad.status_code == 422


async def test_the_overview_counts_calls_without_an_account(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """Calls that named no account are counted on the overview, with a link to them."""
    await _call(console, "fetchUserPreferences", **{"$user.syskey.contactNumber": "1"})
    await _call(console, "fetchUserPreferences", **{"$user.syskey.contactNumber": "2"})
    await flush_invocations(app)
    page = (await console.get("/admin")).text
    assert "<strong>2 calls</strong> in the last 24 hours named no account" in page
    assert "(2 failed)" in page
    assert 'href="/admin/invocations?scope=none&amp;range=24h"' in page


async def test_replay_runs_the_call_again_and_shows_what_changed(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """Replay sends the stored request now and compares the new answer with the old one."""
    contact = {"$user.syskey.contactNumber": "9811122233", "$user.syskey.accountID": "1"}
    before = await _call(console, "fetchUserPreferences", **contact)
    await _call(console, "updateUserPreferences", **contact, **{"$user.key.lang": "Tamil"})
    await flush_invocations(app)
    csrf = await page_csrf(console, f"/admin/invocations/{before}")
    response = await console.post(f"/admin/invocations/{before}/replay", data={"csrf_token": csrf})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.endswith(f"?replay_of={before}#replay")
    page = (await console.get(location)).text
    assert "Replay of" in page
    changes = page.split('id="replay-changes"', 1)[1].split("</table>", 1)[0]
    assert "<code>$flow.key.userFound</code></td><td>false</td><td>true</td>" in changes
    assert "<code>$user.key.lang</code></td><td>(absent)</td><td>Tamil</td>" in changes


async def test_an_invocation_offers_curl_the_raw_request_and_the_test_form(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """The page shows the raw request and a curl command without the secret, and links the
    method's test form filled from this call."""
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
    curl = page.split('id="curl">', 1)[1].split("</pre>", 1)[0]
    assert curl.startswith("curl -sS -X POST http://testserver/webhook")
    assert "9812345678" in curl
    assert "apiKey" not in curl
    assert "sk-live" not in page
    assert "Secret values are not stored" in page
    raw = page.split('id="raw-request">', 1)[1].split("</pre>", 1)[0]
    assert "&#34;method&#34;: &#34;fetchUserPreferences&#34;" in raw
    form = f"/admin/methods/fetchUserPreferences?answer={request_id}#answer"
    assert f'href="{form}"' in page
    filled = (await console.get(form)).text
    assert 'value="9812345678"' in filled


async def test_an_unparsed_body_is_explained_and_not_replayable(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """A body that did not parse says so in words; there is nothing to replay."""
    response = await console.post("/webhook", content=b"not json at all!")
    request_id = response.json()["requestId"]
    await flush_invocations(app)
    page = (await console.get(f"/admin/invocations/{request_id}")).text
    assert "did not parse as a request envelope" in page
    assert "Replay now" not in page
