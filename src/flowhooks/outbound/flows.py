"""Outbound flows: what the admin API and `flowhooks flows …` create, change and show.

A flow is the target of outbound calls: an 8-character id unique in its account, the
dialer that places its calls, the caller ID, the attempt limit and retry gap, and
optionally its own calling hours (else the account's). Both doors validate through the
models here, so the CLI and the API refuse the same things with the same words.
"""

from __future__ import annotations

import re
import secrets
from datetime import time, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from flowhooks.errors import Conflict, InvalidParameter, NotFound
from flowhooks.outbound.dialers.factory import DialerKind, DialerSpec, exotel_config
from flowhooks.outbound.scheduling import CallingHours, RetryPolicy
from flowhooks.outbound.settings import OutboundSettings
from flowhooks.store import outbound as store

FLOW_ID = re.compile(r"^[A-Za-z0-9]{8}$")
HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):([0-5]\d)|24:00)$")


class ExotelOptions(BaseModel):
    """An exotel flow's account, credentials, Exotel flow URL and call limits."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    sid: str = Field(min_length=1, max_length=100)
    api_key: str = Field(alias="apiKey", min_length=1, max_length=200)
    api_token: str = Field(alias="apiToken", min_length=1, max_length=200)
    flow_url: str = Field(alias="flowUrl", min_length=1, max_length=2000)
    time_limit: int | None = Field(default=None, alias="timeLimit", ge=1, le=14400)
    time_out: int | None = Field(default=None, alias="timeOut", ge=1, le=60)


class FlowChange(BaseModel):
    """Fields of a flow that can be set; absent fields are left as they are."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str | None = Field(default=None, max_length=200)
    dialer: DialerKind | None = None
    dialer_url: str | None = Field(default=None, alias="dialerUrl", max_length=2000)
    dialer_secret: str | None = Field(
        default=None, alias="dialerSecret", min_length=16, max_length=200
    )
    exotel: ExotelOptions | None = None
    caller_id: str | None = Field(default=None, alias="callerId", max_length=32)
    max_attempts: int | None = Field(default=None, alias="maxAttempts", ge=1, le=20)
    retry_gap_minutes: int | None = Field(default=None, alias="retryGapMinutes", ge=0, le=1440)
    calling_hours: str | None = Field(
        default=None, alias="callingHours", description="HH:MM-HH:MM, or empty for the account's"
    )
    active: bool | None = None

    @field_validator("calling_hours")
    @classmethod
    def _hours(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return value
        if not HOURS.match(value) or value[:5] >= value[6:]:
            raise ValueError("calling hours are HH:MM-HH:MM (end 24:00 = midnight), start first")
        return value


class FlowCreate(FlowChange):
    """A new flow: its id and dialer are required."""

    flow_id: str = Field(alias="flowId")
    dialer: DialerKind

    @field_validator("flow_id")
    @classmethod
    def _flow_id(cls, value: str) -> str:
        if not FLOW_ID.match(value):
            raise ValueError("a flow ID is 8 letters or digits")
        return value.upper()


def parse_change(data: dict[str, Any], *, creating: bool) -> FlowChange:
    """The validated change, or InvalidParameter naming the first wrong field."""
    try:
        return (FlowCreate if creating else FlowChange).model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise InvalidParameter(where, "a valid flow setting", reason=first["msg"]) from None


async def create(session: AsyncSession, account_id: int, change: FlowCreate) -> store.FlowRow:
    """Add a flow to an account (a dialer secret is generated when none is given)."""
    if await store.find_flow(session, account_id, change.flow_id) is not None:
        raise Conflict(f"Account {account_id} already has a flow {change.flow_id}")
    row = store.FlowRow(
        account_id=account_id,
        flow_id=change.flow_id,
        name="",
        dialer_kind=change.dialer.value,
        dialer_url="",
        dialer_secret=secrets.token_urlsafe(32),
        dialer_options={},
        caller_id="",
        max_attempts=3,
        retry_gap_seconds=1800,
        active=True,
    )
    _apply(row, change)
    session.add(row)
    await session.flush()
    return row


async def update(
    session: AsyncSession, account_id: int, flow_id: str, change: FlowChange
) -> store.FlowRow:
    """Change an existing flow; refuses a result that would not be a working dialer."""
    row = await get_or_404(session, account_id, flow_id)
    _apply(row, change)
    await session.flush()
    return row


async def get_or_404(session: AsyncSession, account_id: int, flow_id: str) -> store.FlowRow:
    row = await store.find_flow(session, account_id, flow_id)
    if row is None:
        raise NotFound(f"Account {account_id} has no flow {flow_id}")
    return row


def _apply(row: store.FlowRow, change: FlowChange) -> None:
    fields = change.model_fields_set
    if change.name is not None:
        row.name = change.name
    if change.dialer is not None:
        row.dialer_kind = change.dialer.value
    if change.dialer_url is not None:
        row.dialer_url = change.dialer_url
    if change.dialer_secret is not None:
        row.dialer_secret = change.dialer_secret
    if change.exotel is not None:
        row.dialer_options = change.exotel.model_dump(exclude_none=True)
    if change.caller_id is not None:
        row.caller_id = change.caller_id
    if change.max_attempts is not None:
        row.max_attempts = change.max_attempts
    if change.retry_gap_minutes is not None:
        row.retry_gap_seconds = change.retry_gap_minutes * 60
    if "calling_hours" in fields:
        hours = change.calling_hours or None
        row.hours_start, row.hours_end = (hours[:5], hours[6:]) if hours else (None, None)
    if change.active is not None:
        row.active = change.active
    _check_dialer(row)


def _check_dialer(row: store.FlowRow) -> None:
    spec = dialer_spec(row)
    if spec.kind is DialerKind.HTTP and not re.match(r"^https?://[^/\s]+", spec.url):
        raise InvalidParameter("dialerUrl", "an absolute http(s) URL for an http dialer")
    if spec.kind is DialerKind.EXOTEL:
        try:
            exotel_config(spec)
        except ValueError as exc:
            raise InvalidParameter(
                "exotel", "sid, apiKey, apiToken and flowUrl", reason=str(exc)
            ) from None
        if not row.caller_id:
            raise InvalidParameter("callerId", "the ExoPhone calls are placed from")


def dialer_spec(row: store.FlowRow) -> DialerSpec:
    """The dialer settings of a flow."""
    return DialerSpec(
        DialerKind(row.dialer_kind), row.dialer_url, row.dialer_secret, dict(row.dialer_options)
    )


def retry_policy(row: store.FlowRow) -> RetryPolicy:
    return RetryPolicy(row.max_attempts, timedelta(seconds=row.retry_gap_seconds))


def calling_hours(row: store.FlowRow, account: OutboundSettings) -> CallingHours:
    """The flow's own window, else the account's default."""
    if row.hours_start and row.hours_end:
        end = time.max if row.hours_end == "24:00" else time.fromisoformat(row.hours_end)
        return CallingHours(time.fromisoformat(row.hours_start), end)
    return account.calling_hours


def public_view(row: store.FlowRow) -> dict[str, Any]:
    """A flow as the API and CLI show it: secrets reduced to their last 4 characters."""
    options = {k: v for k, v in row.dialer_options.items() if k != "api_token"}
    if "api_token" in row.dialer_options:
        options["api_token"] = "…" + str(row.dialer_options["api_token"])[-4:]
    hours = f"{row.hours_start}-{row.hours_end}" if row.hours_start else None
    return {
        "accountId": row.account_id,
        "flowId": row.flow_id,
        "name": row.name,
        "dialer": row.dialer_kind,
        "dialerUrl": row.dialer_url,
        "dialerSecretHint": "…" + row.dialer_secret[-4:],
        "exotel": options or None,
        "callerId": row.caller_id,
        "maxAttempts": row.max_attempts,
        "retryGapMinutes": row.retry_gap_seconds // 60,
        "callingHours": hours,
        "active": row.active,
    }
