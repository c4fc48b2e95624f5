"""dateCompare through the real HTTP app, on both databases."""

from __future__ import annotations

import httpx
import pytest

from tests.webhook_calls import FLOW, envelope, variables

CENTRAL = "/centraloutboundwebhook-v1/prod/"


async def test_date_compare(client: httpx.AsyncClient) -> None:
    """dateCompare answers order and signed calendar and business-day differences."""
    response = await client.post(
        CENTRAL,
        json=envelope(
            "dateCompare",
            {"date1": "8-11-2019", "date2": "kal", "referenceTime": "2019-11-12T10:00:00+05:30"},
            FLOW,
        ),
    )
    assert response.status_code == 200, response.text
    got = variables(response.json(), FLOW)
    assert (got["compareResult"], got["daysDifference"], got["businessDaysDifference"]) == (
        "BEFORE",
        "5",
        "3",
    )


async def test_date_compare_unreadable_date_is_422(client: httpx.AsyncClient) -> None:
    """A date dateCompare cannot read is a 422 naming it."""
    response = await client.post(
        CENTRAL, json=envelope("dateCompare", {"date1": "kal", "date2": "someday"}, FLOW)
    )
    assert response.status_code == 422
    assert "$flow.key.date2" in response.json()["error"]["message"]


@pytest.mark.parametrize("edge", ["9999-12-31", "9999-12-31T23:59:59-14:00"])
async def test_date_compare_at_the_calendars_limits_is_422(
    client: httpx.AsyncClient, edge: str
) -> None:
    """dateCompare of 9999-12-31 names the date it cannot use (it overflowed: a 500)."""
    response = await client.post(
        CENTRAL, json=envelope("dateCompare", {"date1": "2019-11-04", "date2": edge}, FLOW)
    )
    assert response.status_code == 422, response.text
    assert "$flow.key.date2" in response.json()["error"]["message"]
