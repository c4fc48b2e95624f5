"""Google Cloud Translation v2 (Basic): ``POST {base}/language/translate/v2``.

The request is JSON (``q``, ``target``, optional ``source``, ``format=text`` so the answer
has no HTML entities) and the API key travels in the ``X-Goog-Api-Key`` header, which
Google documents as equivalent to the ``key`` query parameter. Keeping the key out of the
URL keeps it out of httpx's request log, access logs and exception texts.

Google's errors look like ``{"error": {"code", "message", "errors": [{"reason", ...}]}}``:
a 400 about a language is the caller's mistake (422), a bad key is a 400 or 403 and an
exhausted quota a 403 (both 502 with Google's message), anything else 502.
"""

from __future__ import annotations

from typing import Any

import httpx

from flowhooks.errors import FlowhooksError, UpstreamError
from flowhooks.language.translation.base import (
    SOURCE_VARIABLE,
    TARGET_VARIABLE,
    Translation,
    refused_text,
    scrub,
    unsupported_language,
)
from flowhooks.language.translation.transport import post_within_budget

DEFAULT_BASE_URL = "https://translation.googleapis.com"
PATH = "/language/translate/v2"
PROVIDER = "Google Translate"


class GoogleV2Translator:
    """Translates with Google Cloud Translation v2 using an API key."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout_seconds: float = 3.0,
    ) -> None:
        self._http = http
        self._api_key = api_key
        self._url = base_url.rstrip("/") + PATH
        self._timeout = timeout_seconds

    @property
    def name(self) -> str:
        """Google's answers do not depend on the base URL (it is a proxy or a test server)."""
        return "google"

    async def translate(self, text: str, target: str, source: str | None = None) -> Translation:
        """Translate ``text`` into ``target``; without ``source`` Google detects it."""
        body: dict[str, Any] = {"q": text, "target": target, "format": "text"}
        if source is not None:
            body["source"] = source
        response = await post_within_budget(
            self._http,
            self._url,
            provider=PROVIDER,
            budget_seconds=self._timeout,
            json=body,
            headers={"X-Goog-Api-Key": self._api_key},
        )
        if response.status_code != httpx.codes.OK:
            raise self._error(response, source=source, target=target)
        return _parse_success(response)

    def _error(
        self, response: httpx.Response, *, source: str | None, target: str
    ) -> FlowhooksError:
        status = response.status_code
        message, reasons = _parse_error(response)
        message = scrub(message, self._api_key)
        if status == httpx.codes.BAD_REQUEST and not _is_key_problem(message, reasons):
            lowered = message.casefold()
            if "text" in lowered and ("long" in lowered or "large" in lowered):
                return refused_text(PROVIDER, message)
            if "language" in lowered or message == "Invalid Value" or "invalid" in reasons:
                variable = (
                    TARGET_VARIABLE if source is None else f"{SOURCE_VARIABLE} or {TARGET_VARIABLE}"
                )
                got = target if source is None else f"{source} -> {target}"
                return unsupported_language(PROVIDER, message, variable=variable, got=got)
        return UpstreamError(f"{PROVIDER}: {message} (HTTP {status})")


def _parse_success(response: httpx.Response) -> Translation:
    try:
        first = response.json()["data"]["translations"][0]
        text = first["translatedText"]
        detected = first.get("detectedSourceLanguage")
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise UpstreamError(f"{PROVIDER} answered without data.translations") from exc
    if not isinstance(text, str) or not (detected is None or isinstance(detected, str)):
        raise UpstreamError(f"{PROVIDER} answered a translation that is not text")
    return Translation(text=text, detected_source=detected or None)


def _parse_error(response: httpx.Response) -> tuple[str, set[str]]:
    """Google's message and the set of reasons (``errors[].reason`` and ``details[].reason``)."""
    try:
        error = response.json()["error"]
        message = str(error.get("message") or "").strip()
        reasons = {
            str(item.get("reason"))
            for key in ("errors", "details")
            for item in error.get(key) or ()
            if isinstance(item, dict) and item.get("reason")
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return response.reason_phrase or "an error without a message", set()
    return message or response.reason_phrase or "an error without a message", reasons


def _is_key_problem(message: str, reasons: set[str]) -> bool:
    key_reasons = {"keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_SERVICE_BLOCKED"}
    return bool(reasons & key_reasons) or "api key" in message.casefold()
