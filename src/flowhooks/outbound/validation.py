"""The create request's rules, each mapped to the response code the contract gives it.

Checks run in a fixed order so one request always gets one answer: malformed body (400),
missing or invalid mandatory fields (210) — then the caller checks IP, security ID and
flow (401, 202, 301) — then API version (203), empty list (302), more than 500 calls
(303), and finally each call: a bad number rejects that call (205), any other bad field
rejects it too (210). Some calls rejected is 209 PARTIAL_SUCCESS; all rejected is 205
when every rejection was a bad number, else 210. Pure functions: no I/O, clock passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from pydantic import BaseModel, ConfigDict, ValidationError

from flowhooks.outbound.api_models import CallDetail, CallIn, ResponseCode, hyphenate
from flowhooks.outbound.phone import normalize_alternates

MAX_CALLS = 500
MAX_NUMBERS_PER_CALL = 10
MAX_KEYS_PER_CALL = 100
MAX_CLIENT_IDENTIFIER = 128
MAX_SCHEDULE_AHEAD = timedelta(days=30)
SUPPORTED_API_VERSIONS = frozenset({"1.0", "1"})


@dataclass(frozen=True)
class ApiError:
    """A whole-request refusal: its code and a message naming the problem."""

    code: ResponseCode
    message: str


@dataclass(frozen=True)
class CreateEnvelope:
    """The request's top level, checked; its calls are still raw JSON values."""

    api_version: str
    security_id: str
    flow_id: str
    calls: list[Any]


@dataclass(frozen=True)
class AcceptedCall:
    """A call that passed every rule: E.164 numbers, an aware UTC start, string keys."""

    index: int
    client_identifier: str
    numbers: tuple[str, ...]
    start_at: datetime
    keys: tuple[tuple[str, str], ...]
    raw_start_time: str | None = None


@dataclass(frozen=True)
class RejectedCall:
    """A call refused on its own; the others of the request may still be accepted."""

    index: int
    client_identifier: str
    code: ResponseCode
    message: str

    def detail(self) -> CallDetail:
        """Its entry in the answer's `call-details`."""
        return CallDetail(
            client_identifier=self.client_identifier,
            phonon_uuid=None,
            api_response_code=self.code.value,
            api_response_message=self.message,
        )


@dataclass(frozen=True)
class ValidatedCalls:
    """The calls of a request sorted into accepted and rejected, with the overall code."""

    accepted: tuple[AcceptedCall, ...]
    rejected: tuple[RejectedCall, ...]

    @property
    def code(self) -> ResponseCode:
        """200 all accepted, 209 some, else 205 (all bad numbers) or 210."""
        if not self.rejected:
            return ResponseCode.SUCCESS
        if self.accepted:
            return ResponseCode.PARTIAL_SUCCESS
        if all(r.code is ResponseCode.INVALID_CONTACT_NUMBER for r in self.rejected):
            return ResponseCode.INVALID_CONTACT_NUMBER
        return ResponseCode.INVALID_MANDATORY_PARAMETERS


class _Envelope(BaseModel):
    model_config = ConfigDict(alias_generator=hyphenate, populate_by_name=True)

    api_version: str | float = "1.0"
    security_id: str
    flow_id: str
    calls: list[Any]


def parse_create(body: bytes) -> CreateEnvelope | ApiError:
    """The envelope of a create body, or 400 (not a JSON object / calls not a list) / 210."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return ApiError(ResponseCode.INVALID_FORMAT, "The body is not JSON.")
    if not isinstance(data, dict):
        return ApiError(ResponseCode.INVALID_FORMAT, "The body is not a JSON object.")
    if "calls" in data and not isinstance(data["calls"], list):
        return ApiError(ResponseCode.INVALID_FORMAT, "'calls' is not a list.")
    try:
        env = _Envelope.model_validate(data)
    except ValidationError as exc:
        names = sorted({str(err["loc"][0]) for err in exc.errors() if err["loc"]})
        return ApiError(
            ResponseCode.INVALID_MANDATORY_PARAMETERS,
            f"Missing or invalid: {', '.join(names)}.",
        )
    security_id, flow_id = env.security_id.strip(), env.flow_id.strip()
    if not security_id or not flow_id:
        blank = "security-id" if not security_id else "flow-id"
        return ApiError(ResponseCode.INVALID_MANDATORY_PARAMETERS, f"Missing or invalid: {blank}.")
    version = env.api_version if isinstance(env.api_version, str) else f"{env.api_version:.1f}"
    return CreateEnvelope(version.strip(), security_id, flow_id, env.calls)


def check_list(envelope: CreateEnvelope) -> ApiError | None:
    """203 for an unknown API version, 302 for no calls, 303 for more than 500."""
    if envelope.api_version not in SUPPORTED_API_VERSIONS:
        return ApiError(
            ResponseCode.INVALID_API_VERSION,
            f"API version {envelope.api_version!r} is not supported; use 1.0.",
        )
    if not envelope.calls:
        return ApiError(ResponseCode.EMPTY_CALL_LIST, "The call list is empty.")
    if len(envelope.calls) > MAX_CALLS:
        return ApiError(
            ResponseCode.MAX_DATA_LIST_SIZE_EXCEEDED,
            f"{len(envelope.calls)} calls in one request; at most {MAX_CALLS}.",
        )
    return None


def validate_calls(envelope: CreateEnvelope, *, now: datetime, tz: ZoneInfo) -> ValidatedCalls:
    """Each call checked on its own; `tz` reads start times given without an offset."""
    accepted: list[AcceptedCall] = []
    rejected: list[RejectedCall] = []
    for index, raw in enumerate(envelope.calls):
        outcome = validate_call(index, raw, now=now, tz=tz)
        if isinstance(outcome, AcceptedCall):
            accepted.append(outcome)
        else:
            rejected.append(outcome)
    return ValidatedCalls(tuple(accepted), tuple(rejected))


def validate_call(
    index: int, raw: Any, *, now: datetime, tz: ZoneInfo
) -> AcceptedCall | RejectedCall:
    """One call: its numbers (205), then its identifier, start time and keys (210)."""
    ident = _client_identifier(raw)
    bad = ResponseCode.INVALID_MANDATORY_PARAMETERS
    if not isinstance(raw, dict):
        return RejectedCall(index, ident, bad, "A call is not a JSON object.")
    try:
        call = CallIn.model_validate(raw)
    except ValidationError as exc:
        names = sorted({".".join(str(p) for p in err["loc"]) for err in exc.errors()})
        return RejectedCall(index, ident, bad, f"Missing or invalid: {', '.join(names)}.")
    try:
        numbers = normalize_alternates(call.contact_numbers)
    except ValueError as exc:
        return RejectedCall(index, ident, ResponseCode.INVALID_CONTACT_NUMBER, f"{exc}.")
    if not numbers:
        return RejectedCall(index, ident, bad, "Missing or invalid: contact-numbers.")
    if len(numbers) > MAX_NUMBERS_PER_CALL:
        return RejectedCall(index, ident, bad, f"At most {MAX_NUMBERS_PER_CALL} numbers a call.")
    if len(call.client_identifier) > MAX_CLIENT_IDENTIFIER:
        return RejectedCall(index, ident, bad, "client-identifier is longer than 128 characters.")
    if len(call.keys) > MAX_KEYS_PER_CALL:
        return RejectedCall(index, ident, bad, f"At most {MAX_KEYS_PER_CALL} keys a call.")
    try:
        start_at = resolve_start_time(call.start_time, now=now, tz=tz)
    except ValueError as exc:
        return RejectedCall(index, ident, bad, f"start-time: {exc}.")
    keys = tuple((k.name, k.value) for k in call.keys)
    return AcceptedCall(index, call.client_identifier, numbers, start_at, keys, call.start_time)


def resolve_start_time(raw: str | None, *, now: datetime, tz: ZoneInfo) -> datetime:
    """The UTC start of a call: absent or past means now; at most 30 days ahead."""
    if raw is None or not raw.strip():
        return now
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError as exc:
        raise ValueError(f"{raw!r} is not an ISO 8601 date-time") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    if parsed > now + MAX_SCHEDULE_AHEAD:
        raise ValueError("more than 30 days ahead")
    return max(parsed, now).astimezone(now.tzinfo)


def _client_identifier(raw: Any) -> str:
    if isinstance(raw, dict):
        value = raw.get("client-identifier", raw.get("client_identifier", ""))
        if isinstance(value, str | int):
            return str(value)[:MAX_CLIENT_IDENTIFIER]
    return ""
