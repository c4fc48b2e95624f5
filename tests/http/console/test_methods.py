"""The catalogue and the test forms, through the real app."""

from __future__ import annotations

import html
import re

import httpx
from fastapi import FastAPI

from flowhooks.methods import REGISTRY
from tests.http.console.conftest import page_csrf

FETCH = "/admin/methods/fetchUserPreferences"
UPDATE = "/admin/methods/updateUserPreferences"


def answer_value(page: str, name: str) -> str | None:
    """A variable's value in the answer table of a test-form result."""
    page = page.split('id="answer-keys"', 1)[-1]
    found = re.search(rf"<code>{re.escape(name)}</code></td><td>([^<]*)</td>", page)
    return html.unescape(found.group(1)) if found else None


async def test_catalogue_lists_every_registered_method(console: httpx.AsyncClient) -> None:
    """Every method of the registry is listed with its status and its declared inputs."""
    page = (await console.get("/admin/methods")).text
    for method in REGISTRY:
        assert f'href="/admin/methods/{method.name}"' in page
        assert f'class="badge {method.status}"' in page
        for param in method.inputs:
            assert f"<code>{param.full_name}</code>" in page


async def test_method_page_has_one_prefilled_field_per_input(console: httpx.AsyncClient) -> None:
    """The form has a field per declared input, pre-filled with its example."""
    page = (await console.get(UPDATE)).text
    method = REGISTRY.find("updateUserPreferences")
    assert method is not None
    for param in method.inputs:
        assert f'name="in:{param.full_name}"' in page
    assert 'value="+91 99797 46666"' in page
    assert "$user.key.preferredLanguage=Hindi" in page


async def test_fetch_form_runs_and_shows_success(console: httpx.AsyncClient) -> None:
    """Posting the fetchUserPreferences form answers SUCCESS with status, time and curl."""
    csrf = await page_csrf(console, FETCH)
    response = await console.post(
        FETCH,
        follow_redirects=True,
        data={
            "csrf_token": csrf,
            "in:$user.syskey.contactNumber": "09979746666",
            "in:$user.syskey.accountID": "1",
            "extras": "",
        },
    )
    assert response.status_code == 200, response.text
    page = response.text
    assert 'id="answer-status">SUCCESS<' in page
    assert 'id="http-status">200<' in page
    assert " ms</strong>" in page
    assert answer_value(page, "$flow.key.userFound") == "false"
    curl = html.unescape(re.search(r'id="curl">([^<]*)<', page).group(1))  # type: ignore[union-attr]
    assert curl.startswith("curl -sS -X POST http://testserver/webhook")
    assert '"method": "fetchUserPreferences"' in curl


async def test_update_then_fetch_shows_the_stored_values(console: httpx.AsyncClient) -> None:
    """Values stored from the update form come back in the fetch form's answer."""
    csrf = await page_csrf(console, UPDATE)
    response = await console.post(
        UPDATE,
        follow_redirects=True,
        data={
            "csrf_token": csrf,
            "in:$user.syskey.contactNumber": "+91 99797 46666",
            "in:$user.syskey.accountID": "1",
            "extras": "$user.key.lang=Hindi\n$user.key.tier=gold",
        },
    )
    assert 'id="answer-status">SUCCESS<' in response.text
    response = await console.post(
        FETCH,
        follow_redirects=True,
        data={
            "csrf_token": csrf,
            "in:$user.syskey.contactNumber": "919979746666",
            "in:$user.syskey.accountID": "1",
        },
    )
    assert answer_value(response.text, "$user.key.lang") == "Hindi"
    assert answer_value(response.text, "$user.key.tier") == "gold"


async def test_a_failed_call_shows_the_error_and_its_status(console: httpx.AsyncClient) -> None:
    """A call the core refuses shows FAILED, the HTTP status and the error variables."""
    csrf = await page_csrf(console, FETCH)
    response = await console.post(
        FETCH,
        data={"csrf_token": csrf, "in:$user.syskey.contactNumber": "12ab"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert 'id="answer-status">FAILED<' in response.text
    assert 'id="http-status">422<' in response.text
    assert answer_value(response.text, "$flow.key.errorCode") in {
        "INVALID_PARAMETER",
        "MISSING_PARAMETER",
    }


async def test_send_redirects_to_the_answer(console: httpx.AsyncClient, app: FastAPI) -> None:
    """Send answers 303 to the method page anchored at its answer: reloading the page it
    lands on (or going Back to it) reads the stored call and never calls the webhook again."""
    csrf = await page_csrf(console, FETCH)
    fields = {"in:$user.syskey.contactNumber": "9812345678", "in:$user.syskey.accountID": "1"}
    response = await console.post(FETCH, data={"csrf_token": csrf, **fields})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(FETCH + "?answer=")
    assert location.endswith("#answer")
    first = await console.get(location)
    again = await console.get(location)
    assert 'id="answer-status">SUCCESS<' in first.text
    assert first.text.index('id="answer"') < first.text.index("<h2>Inputs</h2>")
    assert 'value="9812345678"' in first.text  # the form keeps what was sent
    request_id = location.split("answer=")[1].split("#")[0]
    assert request_id in again.text
    async with app.state.runtime.db.read() as session:
        from flowhooks.store import invocations

        rows = await invocations.search(session, invocations.InvocationQuery(limit=50))
    assert sum(r.method == "fetchUserPreferences" for r in rows) == 1


async def test_an_unknown_answer_is_a_404_with_the_form(console: httpx.AsyncClient) -> None:
    """An answer id that is not in the log says so, and still shows the form."""
    response = await console.get(FETCH + "?answer=nope")
    assert response.status_code == 404
    assert "No answer" in response.text
    assert 'name="in:' in response.text


async def test_choice_inputs_are_selects(console: httpx.AsyncClient) -> None:
    """ValidateDateAndTime's type is a select of its values; referenceTime a placeholder."""
    page = (await console.get("/admin/methods/ValidateDateAndTime")).text
    assert re.search(r'<select id="f-\d+" name="in:\$flow\.key\.type"', page)
    assert "<option>Appointment</option>" in page
    assert 'placeholder="2019-11-04T10:00:00+05:30"' in page
    assert 'value="2019-11-04T10:00:00+05:30"' not in page


async def test_bad_extra_lines_are_refused_before_sending(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """A malformed extra-variable line is a 422 naming the line; nothing is sent."""
    csrf = await page_csrf(console, UPDATE)
    response = await console.post(
        UPDATE, data={"csrf_token": csrf, "extras": "fine=1\nnot a name=2"}
    )
    assert response.status_code == 422
    assert "line 2" in response.text
    assert 'id="answer-status"' not in response.text


async def test_unknown_method_page_is_a_404_page(console: httpx.AsyncClient) -> None:
    """A method that is not registered is a 404 HTML page."""
    response = await console.get("/admin/methods/noSuchMethod")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
