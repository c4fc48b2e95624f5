"""The Rasa provider: `POST {base}/model/parse {"text": ...}` on the account's Rasa server.

Rasa answers `{intent: {name, confidence}, entities: [{entity, value, ...}], intent_ranking}`.
Its entity names are mapped to ours (Duckling's `amount-of-money` → amount, `phone-number`
→ phone, `time` → time or date); entities Rasa did not find are filled in by the built-in
extractors, so a flow reads the same entity_* variables whichever provider answers. A slow
server is cut off at the account's timeout (504 UPSTREAM_TIMEOUT), an error answer is a 502
UPSTREAM_ERROR carrying Rasa's own message. The timeout covers the whole request (waiting
for a pooled connection, connecting, sending, reading), not each phase on its own.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import phonenumbers

from flowhooks.errors import UpstreamError, UpstreamTimeout
from flowhooks.language.nlu.entities import extract_entities
from flowhooks.language.nlu.entities.numbers import format_number
from flowhooks.language.nlu.normalize import normalize_text
from flowhooks.language.nlu.provider import NluResult, apply_threshold

_ENTITY_NAMES = {
    "number": "number",
    "amount-of-money": "amount",
    "amount_of_money": "amount",
    "amount": "amount",
    "money": "amount",
    "date": "date",
    "time": "time",
    "phone-number": "phone",
    "phone_number": "phone",
    "phone": "phone",
    "digits": "digits",
    "yes_no": "yesNo",
    "yesno": "yesNo",
    "yesNo": "yesNo",
}
DEFAULT_TZ = ZoneInfo("Asia/Kolkata")
_NAME_RE = re.compile(r"[^A-Za-z0-9_]")
_MESSAGE_LIMIT = 300


class RasaNlu:
    """NluProvider calling a Rasa server's HTTP API."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        *,
        threshold: float = 0.5,
        timeout_seconds: float = 3.0,
        token: str | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        tz: ZoneInfo = DEFAULT_TZ,
    ) -> None:
        self._http = http
        self._url = base_url.rstrip("/") + "/model/parse"
        self._threshold = threshold
        self._timeout = timeout_seconds
        self._params = {"token": token} if token else {}
        self._clock = clock
        self._tz = tz

    async def parse(self, text: str, language: str | None = None) -> NluResult:
        """Ask Rasa what `text` means; map its answer to an NluResult."""
        body = await self._post(text)
        intent_part = body.get("intent") or {}
        if not isinstance(intent_part, dict):
            raise UpstreamError("Rasa answered an intent that is not an object")
        name = str(intent_part.get("name") or "")
        confidence = _number(intent_part.get("confidence")) or 0.0
        intent, fallback = apply_threshold(name, confidence, self._threshold)
        entities = map_entities(body.get("entities") or [])
        for key, value in extract_entities(text, now=self._clock(), tz=self._tz).items():
            entities.setdefault(key, value)
        return NluResult(
            intent=intent,
            confidence=round(min(1.0, max(0.0, confidence)), 4),
            is_fallback=fallback,
            normalized_text=normalize_text(text),
            entities=entities,
        )

    async def _post(self, text: str) -> dict[str, Any]:
        try:
            async with asyncio.timeout(self._timeout):
                response = await self._http.post(
                    self._url, json={"text": text}, params=self._params, timeout=self._timeout
                )
        except (TimeoutError, httpx.TimeoutException):
            raise UpstreamTimeout(f"Rasa did not answer within {self._timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise UpstreamError(f"Rasa could not be reached: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise UpstreamError(
                f"Rasa answered HTTP {response.status_code}: {_error_message(response)}"
            )
        try:
            body = response.json()
        except ValueError:
            raise UpstreamError("Rasa answered something that is not JSON") from None
        if not isinstance(body, dict):
            raise UpstreamError("Rasa answered JSON that is not an object")
        return body


def _error_message(response: httpx.Response) -> str:
    """Rasa's error answers are `{"status": "failure", "message": ..., "reason": ...}`."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:_MESSAGE_LIMIT] or response.reason_phrase
    if isinstance(body, dict):
        message = body.get("message") or body.get("reason") or body.get("error")
        if message:
            return str(message)[:_MESSAGE_LIMIT]
    return response.reason_phrase


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def map_entities(raw: list[Any]) -> dict[str, str]:
    """Rasa entities → our entity names and value forms; the first of each name wins."""
    mapped: dict[str, str] = {}
    for item in raw:
        if not isinstance(item, dict) or "entity" not in item:
            continue
        rasa_name = str(item["entity"])
        value = item.get("value")
        if isinstance(value, dict):  # Duckling intervals: {"from": ..., "to": ...}
            value = value.get("value") or value.get("from") or value.get("to")
        if value is None or value == "":
            continue
        name = _ENTITY_NAMES.get(rasa_name) or _NAME_RE.sub("_", rasa_name)
        if name == "time":
            name, text = _split_time(str(value))
        elif name in ("number", "amount"):
            text = _format_numeric(value)
        elif name == "phone":
            text = _format_phone(str(value))
        else:
            text = str(value)
        mapped.setdefault(name, text)
    return mapped


def _split_time(value: str) -> tuple[str, str]:
    """Duckling gives a time as an ISO date-time: midnight means a date, else a time."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return "time", value
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return "date", moment.date().isoformat()
    return "time", f"{moment.hour:02d}:{moment.minute:02d}"


def _format_numeric(value: object) -> str:
    try:
        return format_number(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def _format_phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "IN")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
