"""LibreTranslate: ``POST {base}/translate`` with ``q``, ``source`` (``auto``), ``target``.

The request is JSON with ``format: "text"`` and, when the account has one, ``api_key`` in
the body (where LibreTranslate reads it; the URL stays clean). A success is
``{"translatedText", "detectedLanguage": {"language", "confidence"}}``; every error is
``{"error": "..."}`` with 400 (bad request, unsupported language, key required), 403
(invalid key, banned), 429 (slow down) or 500 (translation failed).

LibreTranslate names Chinese ``zh-Hans``/``zh-Hant`` and Norwegian ``nb``; those codes are
sent for Google's ``zh-CN``/``zh-TW``/``no`` and read back through the same alias table.
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

PROVIDER = "LibreTranslate"
_TO_LIBRE = {"zh-CN": "zh-Hans", "zh-TW": "zh-Hant", "no": "nb"}
_NOT_SUPPORTED = " is not supported"
_NOT_AVAILABLE = "is not available as a target language"


class LibreTranslateTranslator:
    """Translates with a LibreTranslate server (self-hosted or hosted, key optional)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        api_key: str | None = None,
        timeout_seconds: float = 3.0,
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._api_key = api_key or None
        self._timeout = timeout_seconds

    @property
    def name(self) -> str:
        """Two LibreTranslate servers may run different models, so the URL is part of it."""
        return f"libretranslate@{self._base}"

    async def translate(self, text: str, target: str, source: str | None = None) -> Translation:
        """Translate ``text`` into ``target``; ``source`` None is sent as ``auto``."""
        libre_target = _TO_LIBRE.get(target, target)
        libre_source = "auto" if source is None else _TO_LIBRE.get(source, source)
        body: dict[str, Any] = {
            "q": text,
            "source": libre_source,
            "target": libre_target,
            "format": "text",
        }
        if self._api_key is not None:
            body["api_key"] = self._api_key
        response = await post_within_budget(
            self._http,
            self._base + "/translate",
            provider=PROVIDER,
            budget_seconds=self._timeout,
            json=body,
        )
        if response.status_code != httpx.codes.OK:
            raise self._error(response, source=libre_source, target=libre_target)
        return _parse_success(response, detecting=source is None)

    def _error(self, response: httpx.Response, *, source: str, target: str) -> FlowhooksError:
        status = response.status_code
        message = scrub(_error_text(response), self._api_key)
        if status == httpx.codes.BAD_REQUEST:
            if message.endswith(_NOT_SUPPORTED):
                refused = message.removesuffix(_NOT_SUPPORTED).strip()
                if refused == target:
                    return unsupported_language(
                        PROVIDER, message, variable=TARGET_VARIABLE, got=target
                    )
                if refused == source:
                    return unsupported_language(
                        PROVIDER, message, variable=SOURCE_VARIABLE, got=source
                    )
                # The language LibreTranslate detected in the text is one it cannot translate.
                return refused_text(PROVIDER, message)
            if _NOT_AVAILABLE in message:
                return unsupported_language(PROVIDER, message, variable=TARGET_VARIABLE, got=target)
            if "exceeds text limit" in message:
                return refused_text(PROVIDER, message)
        return UpstreamError(f"{PROVIDER}: {message} (HTTP {status})")


def _parse_success(response: httpx.Response, *, detecting: bool) -> Translation:
    try:
        payload = response.json()
        text = payload["translatedText"]
        detected_block = payload.get("detectedLanguage") if detecting else None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UpstreamError(f"{PROVIDER} answered without translatedText") from exc
    if not isinstance(text, str):
        raise UpstreamError(f"{PROVIDER} answered a translation that is not text")
    detected: str | None = None
    if isinstance(detected_block, dict) and isinstance(detected_block.get("language"), str):
        detected = detected_block["language"] or None
    return Translation(text=text, detected_source=detected)


def _error_text(response: httpx.Response) -> str:
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return response.reason_phrase or "an error without a message"
    return str(error).strip() or response.reason_phrase or "an error without a message"
