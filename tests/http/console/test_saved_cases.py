"""Saved test cases on a method's page: save, list, load, run, replace, delete, per account."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from fastapi import FastAPI

from flowhooks.http.console import cases
from flowhooks.methods import REGISTRY
from flowhooks.store import console as console_store
from tests.http.console.conftest import page_csrf

FETCH = "/admin/methods/fetchUserPreferences"
TRANSLATE = "/admin/methods/translateText"
CASE_ROW = re.compile(
    r"<tr><td>([^<]*)</td><td><div class=\"actions\">\s*<form method=\"post\" "
    r"action=\"/admin/methods/\w+/cases/(\d+)/run\""
)


def saved_cases(page: str) -> dict[str, str]:
    """The saved cases listed on a method page, name -> id."""
    return {html.unescape(name): case_id for name, case_id in CASE_ROW.findall(page)}


async def save(client: httpx.AsyncClient, path: str, name: str, **fields: str) -> httpx.Response:
    csrf = await page_csrf(client, path)
    return await client.post(
        path + "/cases", data={"csrf_token": csrf, "case_name": name, **fields}
    )


async def test_a_saved_case_is_listed_and_loads_into_the_form(
    console: httpx.AsyncClient,
) -> None:
    """Save stores the form's values under the name and shows them loaded in the form;
    the case is then listed on the method page."""
    response = await save(
        console,
        FETCH,
        "known caller",
        **{"in:$user.syskey.contactNumber": "9812345678", "extras": "$user.key.lang"},
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(FETCH + "?case=")
    loaded = await console.get(response.headers["location"])
    assert "Test case &#39;known caller&#39; loaded into the form." in loaded.text
    assert 'value="9812345678"' in loaded.text
    assert ">$user.key.lang</textarea>" in loaded.text
    listed = saved_cases((await console.get(FETCH)).text)
    assert list(listed) == ["known caller"]


async def test_run_sends_the_stored_values_and_shows_the_answer(
    console: httpx.AsyncClient,
) -> None:
    """Run posts the stored values through Send's Post/Redirect/Get: the answer shows at
    the top of the page it lands on, with the form holding what was sent."""
    await save(
        console,
        FETCH,
        "lookup",
        **{"in:$user.syskey.contactNumber": "9812345678", "in:$user.syskey.accountID": "1"},
    )
    case_id = saved_cases((await console.get(FETCH)).text)["lookup"]
    csrf = await page_csrf(console, FETCH)
    response = await console.post(f"{FETCH}/cases/{case_id}/run", data={"csrf_token": csrf})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(FETCH + "?answer=")
    assert location.endswith("#answer")
    page = (await console.get(location)).text
    assert 'id="answer-status">SUCCESS<' in page
    assert page.index('id="answer"') < page.index("<h2>Inputs</h2>")
    assert 'value="9812345678"' in page


async def test_saving_under_the_same_name_replaces_the_case(console: httpx.AsyncClient) -> None:
    """A second save under a name replaces that case's values; the list keeps one entry."""
    await save(console, FETCH, "caller", **{"in:$user.syskey.contactNumber": "111111111"})
    first = saved_cases((await console.get(FETCH)).text)["caller"]
    await save(console, FETCH, " caller ", **{"in:$user.syskey.contactNumber": "222222222"})
    listed = saved_cases((await console.get(FETCH)).text)
    assert listed == {"caller": first}
    loaded = (await console.get(f"{FETCH}?case={first}")).text
    assert 'value="222222222"' in loaded
    assert 'value="111111111"' not in loaded


async def test_delete_removes_the_case(console: httpx.AsyncClient) -> None:
    """Delete (a POST with the CSRF token) removes the case; running it afterwards is a 404."""
    await save(console, FETCH, "old", **{"in:$user.syskey.contactNumber": "9812345678"})
    case_id = saved_cases((await console.get(FETCH)).text)["old"]
    csrf = await page_csrf(console, FETCH)
    refused = await console.post(f"{FETCH}/cases/{case_id}/delete", data={"csrf_token": "x"})
    assert refused.status_code == 403
    response = await console.post(f"{FETCH}/cases/{case_id}/delete", data={"csrf_token": csrf})
    assert response.status_code == 303
    page = (await console.get(FETCH)).text
    assert saved_cases(page) == {}
    assert 'id="no-cases"' in page
    gone = await console.post(f"{FETCH}/cases/{case_id}/run", data={"csrf_token": csrf})
    assert gone.status_code == 404
    assert gone.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
async def test_a_bad_name_is_a_clear_error_on_the_page(
    console: httpx.AsyncClient, name: str
) -> None:
    """A name that is blank or longer than 100 characters is refused with a 422 naming the
    field, the form keeps its values and nothing is saved."""
    response = await save(console, FETCH, name, **{"in:$user.syskey.contactNumber": "98123"})
    assert response.status_code == 422
    assert "Test case name: expected 1 to 100 characters" in response.text
    assert 'value="98123"' in response.text
    assert saved_cases((await console.get(FETCH)).text) == {}


async def test_another_account_does_not_see_the_cases(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """Cases belong to the selected account: after switching, the list is empty and the
    other account's case can neither be loaded, run nor deleted."""
    from flowhooks.accounts import service

    async with app.state.runtime.db.session() as session:
        await service.create(session, account_id=2, name="Second")
    await save(console, FETCH, "mine", **{"in:$user.syskey.contactNumber": "9812345678"})
    case_id = saved_cases((await console.get(FETCH)).text)["mine"]
    csrf = await page_csrf(console, FETCH)
    switched = await console.post(
        "/admin/switch-account", data={"csrf_token": csrf, "account_id": "2", "next": FETCH}
    )
    assert switched.status_code == 303
    assert saved_cases((await console.get(FETCH)).text) == {}
    assert (await console.get(f"{FETCH}?case={case_id}")).status_code == 404
    for action in ("run", "delete"):
        response = await console.post(
            f"{FETCH}/cases/{case_id}/{action}", data={"csrf_token": csrf}
        )
        assert response.status_code == 404
    async with app.state.runtime.db.read() as session:
        assert [
            r.name for r in await console_store.list_cases(session, 1, "fetchUserPreferences")
        ] == ["mine"]


async def test_secret_values_are_never_stored(console: httpx.AsyncClient, app: FastAPI) -> None:
    """A declared secret input and a secret-named extra variable are left out of the stored
    case, and the page names what was left out."""
    response = await save(
        console,
        TRANSLATE,
        "with key",
        **{
            "in:$flow.key.apiKey": "sk-declared-secret",
            "in:$flow.key.inputText": "Hello",
            "extras": "$flow.key.token=extra-secret\n$flow.key.note=kept",
        },
    )
    assert response.status_code == 303
    page = (await console.get(response.headers["location"])).text
    assert "secret values not stored: $flow.key.apiKey, $flow.key.token" in page
    assert "sk-declared-secret" not in page
    assert "extra-secret" not in page
    assert "never stored" in page
    async with app.state.runtime.db.read() as session:
        (row,) = await console_store.list_cases(session, 1, "translateText")
    stored = repr(row.values)
    assert "sk-declared-secret" not in stored
    assert "extra-secret" not in stored
    assert row.values == {
        "inputs": {"$flow.key.inputText": "Hello"},
        "extras": [["$flow.key.note", "kept"]],
    }


async def test_cases_are_deleted_with_their_account(
    console: httpx.AsyncClient, app: FastAPI
) -> None:
    """Deleting an account deletes its saved cases (ON DELETE CASCADE)."""
    import sqlalchemy as sa

    from flowhooks.store.accounts import AccountRow

    await save(console, FETCH, "doomed", **{"in:$user.syskey.contactNumber": "9812345678"})
    async with app.state.runtime.db.session() as session:
        await session.execute(sa.delete(AccountRow).where(AccountRow.id == 1))
    async with app.state.runtime.db.read() as session:
        count = await session.scalar(
            sa.select(sa.func.count()).select_from(console_store.SavedCaseRow)
        )
    assert count == 0


def test_storable_keeps_filled_inputs_and_drops_secrets() -> None:
    """Blank inputs are not kept; secret inputs and secret-named extras are named as left out."""
    method = REGISTRY.find("translateText")
    assert method is not None
    stored = cases.storable(
        method,
        {"$flow.key.inputText": "Hi", "$flow.key.apiKey": "k", "$flow.key.targetLang": " "},
        [("$flow.key.password", "p"), ("$user.key.gone", None)],
    )
    assert stored.inputs == {"$flow.key.inputText": "Hi"}
    assert stored.extras == [("$user.key.gone", None)]
    # The names left out, in the order given (a 2-tuple literal of a secret name and a string
    # would read to the suite's secret scan as a variable and its secret value).
    assert list(stored.left_out) == ["$flow.key.apiKey", "$flow.key.password"]
    assert cases.from_json(stored.as_json()) == (stored.inputs, stored.extras)
    assert cases.extras_text([("a", "1"), ("b", None), ("c", "")]) == "a=1\nb\nc="
