"""Builds the translator an account's settings ask for."""

from __future__ import annotations

import hashlib

import httpx

from flowhooks.errors import MissingParameter
from flowhooks.language.translation.base import Translator
from flowhooks.language.translation.google_v2 import DEFAULT_BASE_URL, GoogleV2Translator
from flowhooks.language.translation.libretranslate import LibreTranslateTranslator
from flowhooks.language.translation.settings import TranslationSettings

API_KEY_VARIABLE = "$flow.key.apiKey"


def effective_key(settings: TranslationSettings, api_key: str | None) -> str | None:
    """The key a call uses: the webhook's ``apiKey``, else the account's key for its provider."""
    if api_key:
        return api_key
    account_key = (
        settings.libretranslate_api_key
        if settings.provider == "libretranslate"
        else settings.api_key
    )
    return account_key.get_secret_value() if account_key else None


def key_fingerprint(key: str | None) -> str:
    """A short one-way fingerprint of a key, to tell callers apart without keeping the key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16] if key else ""


def build_translator(
    settings: TranslationSettings,
    http: httpx.AsyncClient,
    *,
    api_key: str | None = None,
    google_base_url: str = DEFAULT_BASE_URL,
) -> Translator:
    """The account's provider; ``api_key`` (the webhook's) wins over the account's key.

    Google needs a key: without one from either place this raises MissingParameter on
    ``apiKey``. LibreTranslate servers may run without keys.
    """
    key = effective_key(settings, api_key)
    if settings.provider == "libretranslate":
        assert settings.libretranslate_url is not None  # guaranteed by the settings model
        return LibreTranslateTranslator(
            http,
            base_url=settings.libretranslate_url,
            api_key=key,
            timeout_seconds=settings.timeout_seconds,
        )
    if not key:
        raise MissingParameter(
            API_KEY_VARIABLE,
            "a Google Cloud Translation API key",
            reason="the account has no translation.api_key configured",
        )
    return GoogleV2Translator(
        http, api_key=key, base_url=google_base_url, timeout_seconds=settings.timeout_seconds
    )
