"""ValidateDateAndTime through the real HTTP app, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.conftest import ADMIN
from tests.webhook_calls import FLOW, envelope, variables

RELIANCE = "/reliance-nippon-v1/test/"
MONDAY = "2019-11-04T10:00:00+05:30"


async def validate(client: httpx.AsyncClient, **keys: str) -> tuple[int, dict[str, Any]]:
    """POST ValidateDateAndTime on the seed's path."""
    response = await client.post(RELIANCE, json=envelope("ValidateDateAndTime", keys, FLOW))
    return response.status_code, response.json()


async def test_seed_example_envelope(client: httpx.AsyncClient) -> None:
    """The contract's example body answers every output in the contract's shapes."""
    status, answer = await validate(
        client, inputDate="4 November 2019", type="Callback", referenceTime=MONDAY
    )
    assert status == 200, answer
    got = variables(answer, FLOW)
    assert got == {
        "outputDate": "2019-11-04T10:00:00+05:30",
        "smsDate": "4-11-2019",
        "outputTime": "08:00 AM to 08:00 PM",
        "SmsOutputTime": "08:00 AM to 08:00 PM",
        "outputDay": "Monday",
        "dateIsValid": "true",
        "timeIsValid": "true",
        "invalidReason": "NONE",
        "holidayName": "",
        "status": "SUCCESS",
    }


async def test_seed_example_without_reference_time_uses_the_clock(
    client: httpx.AsyncClient,
) -> None:
    """Without referenceTime the date is judged against now (2019 is in the past)."""
    status, answer = await validate(client, inputDate="4 November 2019", type="Callback")
    assert status == 200
    got = variables(answer, FLOW)
    assert got["invalidReason"] == "PAST"
    assert datetime.fromisoformat(got["outputDate"]) >= datetime.now(UTC).replace(
        second=0, microsecond=0
    )


async def test_appointment_on_a_holiday_names_it(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """An appointment on Guru Nanak's Birthday moves to the next business day and says why."""
    status, answer = await validate(
        client,
        inputDate="12-11-2019",
        type="appointment",
        workingDaysOff="sat,SUN",
        appointmentStartTime="09:00",
        appointmentEndTime="2019-11-04T18:00:00+05:30",
        validMAxDays="30",
        accountID="1",
        flowId="ab12cd34",
        referenceTime=MONDAY,
    )
    assert status == 200, answer
    got = variables(answer, FLOW)
    assert got["outputDate"] == "2019-11-13T09:00:00+05:30"
    assert got["smsDate"] == "13-11-2019"
    assert got["outputTime"] == "09:00 AM to 06:00 PM"
    assert got["outputDay"] == "Wednesday"
    assert (got["dateIsValid"], got["timeIsValid"]) == ("false", "true")
    assert got["invalidReason"] == "HOLIDAY"
    assert got["holidayName"] == "Guru Nanak's Birthday"


async def test_unparseable_is_a_success(client: httpx.AsyncClient) -> None:
    """An unreadable date is SUCCESS with UNPARSEABLE and the first slot offered."""
    status, answer = await validate(
        client, inputDate="jab marzi", referenceTime="2019-11-04T10:07:00"
    )
    assert status == 200
    got = variables(answer, FLOW)
    assert got["invalidReason"] == "UNPARSEABLE"
    assert got["outputDate"] == "2019-11-04T10:15:00+05:30"
    assert (got["dateIsValid"], got["timeIsValid"]) == ("false", "false")


async def test_flat_format(client: httpx.AsyncClient) -> None:
    """?format=flat answers a flat string map."""
    response = await client.post(
        RELIANCE + "?format=flat",
        json=envelope("ValidateDateAndTime", {"inputDate": "kal", "referenceTime": MONDAY}, FLOW),
    )
    assert response.status_code == 200
    assert response.json()["$flow.key.outputDate"] == "2019-11-05T08:00:00+05:30"


@pytest.mark.parametrize(
    ("keys", "variable"),
    [
        (
            {"type": "Appointment", "appointmentStartTime": "09:00", "appointmentEndTime": "18:00"},
            "$flow.key.workingDaysOff",
        ),
        (
            {
                "type": "Appointment",
                "workingDaysOff": "Sat,Funday",
                "appointmentStartTime": "09:00",
                "appointmentEndTime": "18:00",
            },
            "$flow.key.workingDaysOff",
        ),
        (
            {
                "type": "Appointment",
                "workingDaysOff": "Sun",
                "appointmentStartTime": "18:00",
                "appointmentEndTime": "09:00",
            },
            "$flow.key.appointmentEndTime",
        ),
        ({"type": "Appointment", "workingDaysOff": "Sun"}, "$flow.key.appointmentStartTime"),
        ({"validMaxDays": "ten"}, "$flow.key.validMaxDays"),
        ({"incrementDays": "-1"}, "$flow.key.incrementDays"),
        ({"type": "Meeting"}, "$flow.key.type"),
        ({"referenceTime": "yesterday-ish"}, "$flow.key.referenceTime"),
    ],
)
async def test_bad_variables_are_422_naming_them(
    client: httpx.AsyncClient, keys: dict[str, str], variable: str
) -> None:
    """Malformed or missing variables are 422s that name the variable."""
    status, answer = await validate(client, inputDate="kal", **keys)
    assert status == 422, answer
    assert answer["error"]["code"] in {"MISSING_PARAMETER", "INVALID_PARAMETER"}
    assert variable in answer["error"]["message"]


async def test_unknown_weekday_is_named_in_the_message(client: httpx.AsyncClient) -> None:
    """The 422 for a bad weekday list quotes the unknown name."""
    _, answer = await validate(
        client,
        inputDate="kal",
        type="Appointment",
        workingDaysOff="Sat,Funday",
        appointmentStartTime="09:00",
        appointmentEndTime="18:00",
    )
    assert "Funday" in answer["error"]["message"]


async def test_account_calendar_settings_apply(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """Holidays and hours set through the admin API change the answer for that account."""
    response = await client.patch(
        f"/api/v1/accounts/{demo_account}",
        headers=ADMIN,
        json={
            "settings": {
                "calendar": {
                    "added_holidays": {"2019-11-05": "Foundation Day"},
                    "callback_hours": {"start": "10:00", "end": "19:00"},
                    "days_off": ["Saturday", "Sunday"],
                }
            }
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["settings"]["calendar"]["days_off"] == ["Saturday", "Sunday"]
    status, answer = await validate(client, inputDate="kal", accountID="1", referenceTime=MONDAY)
    assert status == 200
    got = variables(answer, FLOW)
    assert got["holidayName"] == "Foundation Day"
    assert got["outputDate"] == "2019-11-06T10:00:00+05:30"
    assert got["outputTime"] == "10:00 AM to 07:00 PM"


async def test_account_zone_is_used(client: httpx.AsyncClient, demo_account: int) -> None:
    """An account in another zone answers with that zone's offset."""
    response = await client.patch(
        f"/api/v1/accounts/{demo_account}", headers=ADMIN, json={"timezone": "Asia/Dubai"}
    )
    assert response.status_code == 200, response.text
    status, answer = await validate(
        client, inputDate="2019-11-05", accountID="1", referenceTime="2019-11-04T10:00:00"
    )
    assert status == 200
    assert variables(answer, FLOW)["outputDate"] == "2019-11-05T08:00:00+04:00"


async def test_invalid_calendar_settings_are_refused(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """The admin API refuses a bad calendar setting with a 422 naming it."""
    response = await client.patch(
        f"/api/v1/accounts/{demo_account}",
        headers=ADMIN,
        json={"settings": {"calendar": {"subdivision": "ZZ"}}},
    )
    assert response.status_code == 422
    assert "calendar.subdivision" in response.text


@pytest.mark.parametrize(
    ("keys", "variable"),
    [
        ({"referenceTime": "9999-12-31T23:59:59-14:00"}, "referenceTime"),
        ({"referenceTime": "0001-01-01T00:00:00+14:00"}, "referenceTime"),
        (
            {
                "type": "Appointment",
                "workingDaysOff": "Sunday",
                "appointmentStartTime": "9999-12-31T23:59:59-14:00",
                "appointmentEndTime": "18:00",
            },
            "appointmentStartTime",
        ),
    ],
)
async def test_a_date_time_at_the_calendars_limits_is_422_naming_it(
    client: httpx.AsyncClient, keys: dict[str, str], variable: str
) -> None:
    """Years outside 1900-2200 are refused naming the variable (they overflowed: a 500)."""
    status, answer = await validate(client, inputDate="kal", **keys)
    assert status == 422, answer
    assert answer["error"]["code"] == "INVALID_PARAMETER"
    assert f"$flow.key.{variable}" in answer["error"]["message"]


async def test_an_input_date_no_flow_means_is_unparseable(client: httpx.AsyncClient) -> None:
    """inputDate 31-12-9999 is read as unparseable: the first slot is offered."""
    status, answer = await validate(client, inputDate="31-12-9999", referenceTime=MONDAY)
    assert status == 200, answer
    assert variables(answer, FLOW)["invalidReason"] == "UNPARSEABLE"


@pytest.mark.parametrize(
    ("keys", "variable"),
    [
        # 1955 business days are not within the calendar's three-year search (a 500 before)
        ({"validMaxDays": "1955"}, "$flow.key.validMaxDays"),
        (
            {"workingDaysOff": "Mon,Tue,Wed,Thu,Fri,Sat,Sun", "validMaxDays": "3"},
            "$flow.key.workingDaysOff",
        ),
    ],
)
async def test_a_calendar_that_cannot_hold_the_request_is_422_naming_it(
    client: httpx.AsyncClient, keys: dict[str, str], variable: str
) -> None:
    """Found by the method fuzz: a business-day search past its window is not a crash."""
    status, answer = await validate(client, inputDate="kal", referenceTime=MONDAY, **keys)
    assert status == 422, answer
    assert answer["error"]["code"] == "INVALID_PARAMETER"
    assert variable in answer["error"]["message"]
