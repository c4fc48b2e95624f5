"""updateUserPreferences / fetchUserPreferences through the real HTTP app, on both databases."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.webhook_calls import envelope, variables

PATH = "/centraloutboundwebhook-v1/prod/"


async def update(client: httpx.AsyncClient, contact: str, **user: str | None) -> httpx.Response:
    keys: dict[str, str | None] = {
        "$user.syskey.contactNumber": contact,
        "$user.syskey.accountID": "1",
    }
    keys.update({f"$user.key.{k}": v for k, v in user.items()})
    return await client.post(PATH, json=envelope("updateUserPreferences", keys))


async def fetch(client: httpx.AsyncClient, contact: str) -> dict[str, str]:
    response = await client.post(
        PATH,
        json=envelope(
            "fetchUserPreferences",
            {"$user.syskey.contactNumber": contact, "$user.syskey.accountID": "1"},
        ),
    )
    assert response.status_code == 200, response.text
    return variables(response.json())


async def test_round_trip_with_contact_written_three_ways(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """A value stored for +91 99797 46666 is read back as 09979746666 and 919979746666."""
    response = await update(client, "+91 99797 46666", lang="Hindi", tier="gold")
    assert response.status_code == 200, response.text
    assert variables(response.json())["$user.key.lang"] == "Hindi"
    for form in ("09979746666", "919979746666"):
        got = await fetch(client, form)
        assert got["$user.key.lang"] == "Hindi"
        assert got["$user.key.tier"] == "gold"
        assert got["$flow.key.userFound"] == "true"


async def test_unknown_contact_is_success_with_user_found_false(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """An unknown contact is a SUCCESS with userFound=false."""
    got = await fetch(client, "9812345678")
    assert got["$flow.key.status"] == "SUCCESS"
    assert got["$flow.key.userFound"] == "false"


async def test_cli_is_accepted_as_the_contact(client: httpx.AsyncClient, demo_account: int) -> None:
    """fetchUserPreferences takes $flow.key.cli when contactNumber is absent."""
    await update(client, "9812345678", city="Pune")
    response = await client.post(
        PATH,
        json=envelope("fetchUserPreferences", {"$flow.key.cli": "919812345678", "accountID": "1"}),
    )
    assert variables(response.json())["$user.key.city"] == "Pune"


async def test_null_deletes_a_key(client: httpx.AsyncClient, demo_account: int) -> None:
    """A null value deletes the key; other keys stay."""
    await update(client, "9812345678", a="1", b="2")
    await update(client, "9812345678", a=None)
    got = await fetch(client, "9812345678")
    assert "$user.key.a" not in got
    assert got["$user.key.b"] == "2"


@pytest.mark.parametrize(
    ("user", "code", "variable"),
    [
        ({"bad-name": "x"}, "INVALID_PARAMETER", "$user.key.bad-name"),
        ({"big": "x" * 4097}, "INVALID_PARAMETER", "$user.key.big"),
        ({}, "MISSING_PARAMETER", "$user.key.<name>"),
    ],
)
async def test_refused_updates_name_the_variable_and_store_nothing(
    client: httpx.AsyncClient,
    demo_account: int,
    user: dict[str, str],
    code: str,
    variable: str,
) -> None:
    """A bad name, an over-long value or no value at all is a 422 naming the variable."""
    await update(client, "9812345678", keep="me")
    extra = {"other": "changed"} if user else {}
    response = await update(client, "9812345678", **user, **extra)
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == code
    assert variable in body["error"]["message"]
    got = await fetch(client, "9812345678")
    assert got["$user.key.keep"] == "me"
    assert "$user.key.other" not in got


async def test_more_than_200_keys_is_refused_and_nothing_changes(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """The 201st key is refused inside the transaction: the stored values stay as they were."""
    first = {f"k{i}": str(i) for i in range(150)}
    assert (await update(client, "9812345678", **first)).status_code == 200
    more = {f"m{i}": str(i) for i in range(60)}
    response = await update(client, "9812345678", **more)
    assert response.status_code == 422
    got = await fetch(client, "9812345678")
    assert sum(1 for k in got if k.startswith("$user.key.")) == 150


async def test_missing_contact_and_bad_number_are_422(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """No contact number, or one that is not a number, names $user.syskey.contactNumber."""
    response = await client.post(
        PATH, json=envelope("updateUserPreferences", {"accountID": "1", **{"$user.key.a": "1"}})
    )
    assert response.status_code == 422
    assert "$user.syskey.contactNumber" in response.json()["error"]["message"]
    response = await update(client, "12ab", a="1")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "INVALID_PARAMETER"


async def test_concurrent_updates_of_different_keys_both_survive(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """Forty concurrent updates, each of its own key, all survive."""
    results = await asyncio.gather(
        *(update(client, "9812345678", **{f"key{i}": str(i)}) for i in range(40))
    )
    assert all(r.status_code == 200 for r in results), [
        r.text for r in results if r.status_code != 200
    ]
    got = await fetch(client, "9812345678")
    assert {f"$user.key.key{i}" for i in range(40)} <= set(got)


async def test_unknown_account_is_refused(client: httpx.AsyncClient, demo_account: int) -> None:
    """An accountID that names no account is a 422 naming the variable."""
    response = await client.post(
        PATH,
        json=envelope(
            "fetchUserPreferences",
            {"$user.syskey.contactNumber": "9812345678", "$user.syskey.accountID": "99"},
        ),
    )
    assert response.status_code == 422
    assert "accountID" in response.json()["error"]["message"]
