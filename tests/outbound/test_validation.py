"""The create request's rules and the response code each one produces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest

from flowhooks.outbound.api_models import CreateResponse, ResponseCode
from flowhooks.outbound.validation import (
    AcceptedCall,
    ApiError,
    CreateEnvelope,
    check_list,
    parse_create,
    validate_calls,
)

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
IST = ZoneInfo("Asia/Kolkata")


def body(**overrides: Any) -> bytes:
    data: dict[str, Any] = {
        "api-version": "1.0",
        "security-id": "s" * 64,
        "flow-id": "FLOW0001",
        "calls": [{"client-identifier": "c1", "contact-numbers": ["9979746666"]}],
    }
    data.update(overrides)
    return orjson.dumps({k: v for k, v in data.items() if v is not None})


def envelope(**overrides: Any) -> CreateEnvelope:
    parsed = parse_create(body(**overrides))
    assert isinstance(parsed, CreateEnvelope)
    return parsed


def test_codes_have_contract_numbers_and_messages() -> None:
    """Every response code of the contract is in the enum with its number."""
    assert [c.value for c in ResponseCode] == [
        200, 201, 202, 203, 205, 209, 210, 301, 302, 303, 400, 401, 500,
    ]  # fmt: skip
    assert ResponseCode.SUCCESS.message == "Success"
    assert ResponseCode.CHECKSUM_REPEATED.name == "CHECKSUM_REPEATED"


def test_response_uses_hyphenated_names() -> None:
    """The create answer serialises with the contract's hyphenated JSON names."""
    wire = CreateResponse(api_response_code=200, api_response_message="Success").wire()
    assert set(wire) == {"api-response-code", "api-response-message", "request-id", "call-details"}


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"text"', b'{"calls": 5}'])
def test_malformed_body_is_400(raw: bytes) -> None:
    """A body that is not a JSON object with a list of calls is 400 INVALID_FORMAT."""
    result = parse_create(raw)
    assert isinstance(result, ApiError)
    assert result.code is ResponseCode.INVALID_FORMAT


@pytest.mark.parametrize(
    "overrides",
    [{"security-id": None}, {"flow-id": None}, {"calls": None}, {"flow-id": "  "}, {"flow-id": 7}],
)
def test_missing_mandatory_is_210(overrides: dict[str, Any]) -> None:
    """A missing or blank security-id, flow-id or calls is 210."""
    result = parse_create(body(**overrides))
    assert isinstance(result, ApiError)
    assert result.code is ResponseCode.INVALID_MANDATORY_PARAMETERS


def test_bad_api_version_is_203() -> None:
    """Only API version 1.0 is known; another is 203."""
    result = check_list(envelope(**{"api-version": "2.0"}))
    assert result is not None
    assert result.code is ResponseCode.INVALID_API_VERSION


def test_numeric_api_version_is_accepted() -> None:
    """`"api-version": 1.0` as a JSON number is version 1.0."""
    assert check_list(envelope(**{"api-version": 1.0})) is None


def test_empty_list_is_302() -> None:
    """No calls is 302 EMPTY_CALL_LIST."""
    result = check_list(envelope(calls=[]))
    assert result is not None
    assert result.code is ResponseCode.EMPTY_CALL_LIST


def test_500_calls_pass_and_501_is_303() -> None:
    """At most 500 calls a request; 501 is 303 MAX_DATA_LIST_SIZE_EXCEEDED."""
    call = {"contact-numbers": ["9979746666"]}
    assert check_list(envelope(calls=[call] * 500)) is None
    result = check_list(envelope(calls=[call] * 501))
    assert result is not None
    assert result.code is ResponseCode.MAX_DATA_LIST_SIZE_EXCEEDED


def test_numbers_are_e164_with_spaces_and_commas() -> None:
    """Numbers are E.164 (region IN), spaces ignored, comma alternates split, repeats dropped."""
    calls = [{"contact-numbers": ["91997974 6666", "09979746666, +1 415 555 2671"]}]
    result = validate_calls(envelope(calls=calls), now=NOW, tz=IST)
    assert result.code is ResponseCode.SUCCESS
    assert result.accepted[0].numbers == ("+919979746666", "+14155552671")


def test_bad_number_is_205() -> None:
    """A call whose only number is invalid makes the request 205."""
    result = validate_calls(envelope(calls=[{"contact-numbers": ["12345"]}]), now=NOW, tz=IST)
    assert result.code is ResponseCode.INVALID_CONTACT_NUMBER
    assert not result.accepted


def test_some_bad_calls_is_209_partial() -> None:
    """Some good and some bad calls is 209; the bad ones say why."""
    calls = [
        {"contact-numbers": ["9979746666"]},
        {"client-identifier": "x", "contact-numbers": ["1"]},
    ]
    result = validate_calls(envelope(calls=calls), now=NOW, tz=IST)
    assert result.code is ResponseCode.PARTIAL_SUCCESS
    assert [c.index for c in result.accepted] == [0]
    assert result.rejected[0].detail().api_response_code == 205
    assert result.rejected[0].client_identifier == "x"


@pytest.mark.parametrize(
    "call",
    [
        {"client-identifier": "c"},
        {"contact-numbers": []},
        {"contact-numbers": ["9979746666"], "start-time": "next tuesday"},
        {"contact-numbers": ["9979746666"], "keys": [{"value": "no name"}]},
        "not an object",
    ],
)
def test_call_missing_fields_is_210(call: Any) -> None:
    """A call without numbers, with a bad start time or a nameless key is 210."""
    result = validate_calls(envelope(calls=[call]), now=NOW, tz=IST)
    assert result.code is ResponseCode.INVALID_MANDATORY_PARAMETERS


def test_start_time_past_is_now_and_naive_is_account_zone() -> None:
    """A past start time means now; one without an offset is in the account's zone."""
    calls = [
        {"contact-numbers": ["9979746666"], "start-time": "2020-01-01T00:00:00Z"},
        {"contact-numbers": ["9979746666"], "start-time": "2026-11-28T18:30:00"},
    ]
    result = validate_calls(envelope(calls=calls), now=NOW, tz=IST)
    assert result.accepted[0].start_at == NOW
    assert result.accepted[1].start_at == datetime(2026, 11, 28, 13, 0, tzinfo=UTC)


def test_start_time_beyond_30_days_is_210() -> None:
    """A call cannot be scheduled more than 30 days ahead."""
    later = (NOW + timedelta(days=31)).isoformat()
    calls = [{"contact-numbers": ["9979746666"], "start-time": later}]
    result = validate_calls(envelope(calls=calls), now=NOW, tz=IST)
    assert result.code is ResponseCode.INVALID_MANDATORY_PARAMETERS


def test_key_values_become_strings() -> None:
    """Key values sent as numbers, booleans or null are kept as strings."""
    keys = [
        {"name": "amount", "value": 12.5},
        {"name": "vip", "value": True},
        {"name": "note", "value": None},
        {"name": "$flow.key.lang", "value": "hi"},
    ]
    calls = [{"contact-numbers": ["9979746666"], "keys": keys}]
    accepted = validate_calls(envelope(calls=calls), now=NOW, tz=IST).accepted[0]
    assert isinstance(accepted, AcceptedCall)
    assert accepted.keys == (
        ("amount", "12.5"),
        ("vip", "true"),
        ("note", ""),
        ("$flow.key.lang", "hi"),
    )
