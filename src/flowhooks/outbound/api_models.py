"""The outbound API's wire shapes: bodies of create, pull and status, and the response codes.

The JSON names are the original platform's hyphenated ones (`api-version`, `phonon-uuid`);
the Python names are their snake_case twins, mapped by one alias generator so the two can
never drift apart. Validation rules that produce response codes live in `validation.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


def hyphenate(name: str) -> str:
    """`phonon_uuid` -> `phonon-uuid`: the JSON name of a field."""
    return name.replace("_", "-")


class ApiModel(BaseModel):
    """Base of every wire model: hyphenated JSON names, Python names accepted too."""

    model_config = ConfigDict(alias_generator=hyphenate, populate_by_name=True, frozen=True)

    def wire(self) -> dict[str, object]:
        """The JSON-ready dict with the contract's hyphenated names."""
        return self.model_dump(mode="json", by_alias=True)


class ResponseCode(IntEnum):
    """The outbound API's `api-response-code` table (contract section 4)."""

    SUCCESS = 200
    CHECKSUM_REPEATED = 201
    INVALID_SECURITY_ID = 202
    INVALID_API_VERSION = 203
    INVALID_CONTACT_NUMBER = 205
    PARTIAL_SUCCESS = 209
    INVALID_MANDATORY_PARAMETERS = 210
    INVALID_FLOW_ID = 301
    EMPTY_CALL_LIST = 302
    MAX_DATA_LIST_SIZE_EXCEEDED = 303
    INVALID_FORMAT = 400
    IP_NOT_WHITELISTED = 401
    FAILURE = 500

    @property
    def message(self) -> str:
        """The default `api-response-message` of the code."""
        return _MESSAGES[self]

    @property
    def http_status(self) -> int:
        """The honest HTTP status that carries this code (the body always has the code)."""
        return _HTTP_STATUS.get(self, 422)

    @property
    def accepted(self) -> bool:
        """Whether calls were (or had already been) accepted under this code."""
        return self in (
            ResponseCode.SUCCESS,
            ResponseCode.CHECKSUM_REPEATED,
            ResponseCode.PARTIAL_SUCCESS,
        )


_HTTP_STATUS: dict[ResponseCode, int] = {
    ResponseCode.SUCCESS: 200,
    ResponseCode.CHECKSUM_REPEATED: 200,
    ResponseCode.PARTIAL_SUCCESS: 200,
    ResponseCode.INVALID_SECURITY_ID: 401,
    ResponseCode.IP_NOT_WHITELISTED: 403,
    ResponseCode.INVALID_FLOW_ID: 404,
    ResponseCode.INVALID_FORMAT: 400,
    ResponseCode.FAILURE: 500,
}

_MESSAGES: dict[ResponseCode, str] = {
    ResponseCode.SUCCESS: "Success",
    ResponseCode.CHECKSUM_REPEATED: "Checksum repeated",
    ResponseCode.INVALID_SECURITY_ID: "Invalid security ID",
    ResponseCode.INVALID_API_VERSION: "Invalid API version",
    ResponseCode.INVALID_CONTACT_NUMBER: "Invalid contact number",
    ResponseCode.PARTIAL_SUCCESS: "Partial success",
    ResponseCode.INVALID_MANDATORY_PARAMETERS: "Invalid mandatory parameters",
    ResponseCode.INVALID_FLOW_ID: "Invalid flow ID",
    ResponseCode.EMPTY_CALL_LIST: "Empty call list",
    ResponseCode.MAX_DATA_LIST_SIZE_EXCEEDED: "Max data list size exceeded",
    ResponseCode.INVALID_FORMAT: "Invalid format",
    ResponseCode.IP_NOT_WHITELISTED: "IP not whitelisted",
    ResponseCode.FAILURE: "Failure",
}


class AttemptStatus(StrEnum):
    """The status of one dial attempt, as the pull API reports it."""

    QUEUED = "QUEUED"
    DIALING = "DIALING"
    ANSWERED = "ANSWERED"
    NO_ANSWER = "NO_ANSWER"
    BUSY = "BUSY"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def final(self) -> bool:
        """Whether the attempt is over (no further report changes its outcome)."""
        return self not in (AttemptStatus.QUEUED, AttemptStatus.DIALING)


class KeyValue(ApiModel):
    """One flow variable handed to the outbound flow."""

    name: str = Field(min_length=1, max_length=128)
    value: str = Field(max_length=4096)

    @field_validator("value", mode="before")
    @classmethod
    def _scalar_as_text(cls, raw: object) -> object:
        """Flow variables travel as strings: numbers, booleans and null are converted."""
        if raw is None:
            return ""
        if isinstance(raw, bool):
            return "true" if raw else "false"
        if isinstance(raw, int | float):
            return str(raw)
        return raw


# --- create ---------------------------------------------------------------------------


class CallIn(ApiModel):
    """One call of a create request, as sent (numbers not yet normalised)."""

    client_identifier: str = ""
    start_time: str | None = None
    contact_numbers: list[str]
    keys: list[KeyValue] = Field(default_factory=list)


class CreateRequest(ApiModel):
    """`POST /kairos-apis/outbound/create` body."""

    api_version: str = "1.0"
    security_id: str
    flow_id: str
    calls: list[CallIn]


class CallDetail(ApiModel):
    """One call's outcome: its phonon UUID, or (when rejected) the reason."""

    client_identifier: str
    phonon_uuid: str | None = None
    api_response_code: int = ResponseCode.SUCCESS.value
    api_response_message: str = ResponseCode.SUCCESS.message


class CreateResponse(ApiModel):
    """`POST /kairos-apis/outbound/create` answer."""

    api_response_code: int
    api_response_message: str
    request_id: str | None = None
    call_details: list[CallDetail] = Field(default_factory=list)


# --- pull -----------------------------------------------------------------------------


class PullRequest(ApiModel):
    """`POST /kairos-apis/outbound/pull` body."""

    security_id: str
    flow_id: str
    phonon_uuids: list[str]
    fetch_attempt: Literal["ALL", "LAST"] = "LAST"

    @field_validator("fetch_attempt", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        """ "all" and "last" are accepted as Pullreport's fetchAttempt accepts them."""
        return value.upper() if isinstance(value, str) else value


class AttemptOut(ApiModel):
    """One dial attempt in a pull answer."""

    attempt_number: int
    number_dialled: str
    status: AttemptStatus
    start_time: datetime | None = None
    connect_time: datetime | None = None
    end_time: datetime | None = None
    duration: int | None = None
    hangup_cause: str | None = None
    recording_url: str | None = None


class CallOut(ApiModel):
    """One call in a pull answer; `call-status` is the call's overall state."""

    phonon_uuid: str
    client_identifier: str = ""
    call_status: str
    attempts: list[AttemptOut] = Field(default_factory=list)


class PullResponse(ApiModel):
    """`POST /kairos-apis/outbound/pull` answer; unknown UUIDs are listed, not fatal."""

    api_response_code: int
    api_response_message: str
    calls: list[CallOut] = Field(default_factory=list)
    unknown_phonon_uuids: list[str] = Field(default_factory=list)


# --- status (dialer -> flowhooks) -----------------------------------------------------

# Bounds that keep a report inside the attempts table's 32-bit columns: no flow makes more
# attempts (a flow allows at most 20), no call lasts longer.
MAX_CREATE_BODY_BYTES = 4 * 1024 * 1024
"""The create API's body limit (500 calls with their keys); http/bodies.py applies it."""
MAX_ATTEMPT_NUMBER = 1000
MAX_CALL_SECONDS = 7 * 24 * 3600


class StatusReport(ApiModel):
    """`POST /kairos-apis/outbound/status` body: a dialer reports one attempt's progress."""

    phonon_uuid: str
    attempt_number: int = Field(ge=1, le=MAX_ATTEMPT_NUMBER)
    status: AttemptStatus
    dialer_call_id: str | None = None
    start_time: datetime | None = None
    connect_time: datetime | None = None
    end_time: datetime | None = None
    duration: int | None = Field(default=None, ge=0, le=MAX_CALL_SECONDS)
    hangup_cause: str | None = Field(default=None, max_length=100)
    recording_url: str | None = Field(default=None, max_length=2000)

    @field_validator("start_time", "connect_time", "end_time")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        """A time sent without an offset is UTC."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value
