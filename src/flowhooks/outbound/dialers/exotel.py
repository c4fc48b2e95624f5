"""The `exotel` dialer: Exotel's "connect a number to a call flow" API and its StatusCallback.

Placing: `POST {base}/v1/Accounts/{sid}/Calls/connect`, form-encoded `From` (the number to
call), `CallerId` (the ExoPhone), `Url` (the Exotel flow to run once answered), `CallType`
`trans`, `StatusCallback` (our status URL for this attempt), `StatusCallbackEvents[0]`
`terminal` (so the callback carries times and duration), `CustomField` (the attempt's
idempotency key, ≤ 128 chars), `TimeLimit`, `TimeOut`; HTTP Basic auth with the API key
and token. Exotel answers XML by default (`<TwilioResponse><Call><Sid>`), JSON when asked
(`{"Call": {"Sid"}}`); both are read. Exotel has no idempotency key: see docs/outbound.md.

Results: Exotel POSTs CallSid, Status (completed / busy / no-answer / failed, and
canceled), DateUpdated and RecordingUrl, plus StartTime, EndTime, ConversationDuration,
CustomField and EventType for subscribed events; times are `YYYY-MM-DD HH:mm:ss` in the
Exotel account's zone (India by default). An `answered` event (sent only when subscribed)
means the call connected and is still going on: DIALING, its time the connect time.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import orjson

from flowhooks.outbound.api_models import MAX_CALL_SECONDS, AttemptStatus, StatusReport
from flowhooks.outbound.dialers.base import DialAttempt, DialOutcome, DialResult
from flowhooks.outbound.dialers.retry import Backoff, deliver

DEFAULT_BASE_URL = "https://api.exotel.com"
EXOTEL_ZONE = ZoneInfo("Asia/Kolkata")
MAX_CUSTOM_FIELD = 128

STATUS_MAP: dict[str, AttemptStatus] = {
    "queued": AttemptStatus.QUEUED,
    "ringing": AttemptStatus.DIALING,
    "in-progress": AttemptStatus.DIALING,
    "completed": AttemptStatus.ANSWERED,
    "busy": AttemptStatus.BUSY,
    "no-answer": AttemptStatus.NO_ANSWER,
    "failed": AttemptStatus.FAILED,
    "canceled": AttemptStatus.CANCELLED,
    "cancelled": AttemptStatus.CANCELLED,
}


@dataclass(frozen=True)
class ExotelConfig:
    """One flow's Exotel settings: account, credentials, the flow URL and call limits."""

    sid: str
    api_key: str
    api_token: str
    flow_url: str
    base_url: str = DEFAULT_BASE_URL
    time_limit: int | None = None
    time_out: int | None = None


def connect_form(config: ExotelConfig, attempt: DialAttempt) -> dict[str, str]:
    """The form fields of the Calls/connect request for `attempt`."""
    form = {
        "From": attempt.number,
        "CallerId": attempt.caller_id,
        "Url": config.flow_url,
        "CallType": "trans",
        "StatusCallback": attempt.status_url,
        "StatusCallbackEvents[0]": "terminal",
        "CustomField": attempt.idempotency_key[:MAX_CUSTOM_FIELD],
    }
    if config.time_limit is not None:
        form["TimeLimit"] = str(config.time_limit)
    if config.time_out is not None:
        form["TimeOut"] = str(config.time_out)
    return form


class ExotelDialer:
    """Places attempts through Exotel's Calls/connect API."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        config: ExotelConfig,
        *,
        timeout: float = 10.0,
        backoff: Backoff | None = None,
    ) -> None:
        self._client = client
        self._config = config
        self._timeout = timeout
        self._backoff = backoff or Backoff()

    @property
    def connect_url(self) -> str:
        """`{base}/v1/Accounts/{sid}/Calls/connect`."""
        base = self._config.base_url.rstrip("/")
        return f"{base}/v1/Accounts/{self._config.sid}/Calls/connect"

    async def place(self, attempt: DialAttempt) -> DialResult:
        """POST Calls/connect; ACCEPTED with Exotel's Call Sid on 2xx."""
        form = connect_form(self._config, attempt)
        auth = httpx.BasicAuth(self._config.api_key, self._config.api_token)

        async def send() -> httpx.Response:
            return await self._client.post(
                self.connect_url, data=form, auth=auth, timeout=self._timeout
            )

        outcome = await deliver(send, self._backoff)
        if isinstance(outcome, DialResult):
            return outcome
        sid = call_sid_of(outcome.text)
        if sid is None:
            return DialResult(DialOutcome.UNREACHABLE, detail="Exotel answered without a Call Sid")
        return DialResult(DialOutcome.ACCEPTED, provider_call_id=sid)


def call_sid_of(body: str) -> str | None:
    """The `Call.Sid` of an Exotel answer, JSON or XML, or None."""
    text = body.strip()
    if text.startswith("{"):
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            return None
        call = data.get("Call") if isinstance(data, dict) else None
        sid = call.get("Sid") if isinstance(call, dict) else None
        return sid if isinstance(sid, str) and sid else None
    try:
        # Exotel's own answer over TLS; the stdlib's expat refuses external entities.
        root = ET.fromstring(text)  # noqa: S314
    except ET.ParseError:
        return None
    node = root.find("./Call/Sid") if root.tag != "Call" else root.find("./Sid")
    return node.text.strip() if node is not None and node.text else None


def parse_exotel_time(raw: str | None, zone: ZoneInfo = EXOTEL_ZONE) -> datetime | None:
    """An Exotel `YYYY-MM-DD HH:mm:ss` time as an aware datetime, None when absent."""
    if raw is None or not raw.strip():
        return None
    try:
        return datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
    except ValueError as exc:
        raise ValueError(f"{raw!r} is not an Exotel time (YYYY-MM-DD HH:mm:ss)") from exc


def status_report(
    form: Mapping[str, str],
    *,
    phonon_uuid: str,
    attempt_number: int,
    zone: ZoneInfo = EXOTEL_ZONE,
) -> StatusReport:
    """Our attempt report for one Exotel StatusCallback; ValueError on an unknown Status."""
    answered_event = form.get("EventType", "").strip().lower() == "answered"
    raw_status = "in-progress" if answered_event else form.get("Status", "")
    status = STATUS_MAP.get(raw_status.strip().lower())
    if status is None:
        raise ValueError(f"unknown Exotel call status {raw_status!r}")
    end = parse_exotel_time(form.get("EndTime"), zone)
    if end is None and status.final:
        end = parse_exotel_time(form.get("DateUpdated"), zone)
    duration = _int_or_none(form.get("ConversationDuration"))
    connect = parse_exotel_time(form.get("DateUpdated"), zone) if answered_event else None
    if status is AttemptStatus.ANSWERED and end is not None and duration is not None:
        connect = end - timedelta(seconds=duration)
    return StatusReport(
        phonon_uuid=phonon_uuid,
        attempt_number=attempt_number,
        status=status,
        dialer_call_id=form.get("CallSid") or None,
        start_time=parse_exotel_time(form.get("StartTime"), zone),
        connect_time=connect,
        end_time=end,
        duration=duration,
        hangup_cause=raw_status.strip().lower() or None,
        recording_url=form.get("RecordingUrl") or None,
    )


def _int_or_none(raw: str | None) -> int | None:
    if raw is None or not raw.strip():
        return None
    try:
        seconds = float(raw)
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds > MAX_CALL_SECONDS:  # no call's: unreadable
        return None
    return max(0, int(seconds))
