"""Builds the translator an account's settings ask for."""

from __future__ import annotations

import httpx

from flowhooks.errors import MissingParameter
from flowhooks.language.translation.base import Translator
from flowhooks.language.translation.google_v2 import DEFAULT_BASE_URL, GoogleV2Translator
from flowhooks.language.translation.libretranslate import LibreTranslateTranslator
from flowhooks.language.translation.settings import TranslationSettings

API_KEY_VARIABLE = "$flow.key.apiKey"


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
    if settings.provider == "libretranslate":
        assert settings.libretranslate_url is not None  # guaranteed by the settings model
        account_key = settings.libretranslate_api_key
        return LibreTranslateTranslator(
            http,
            base_url=settings.libretranslate_url,
            api_key=api_key or (account_key.get_secret_value() if account_key else None),
            timeout_seconds=settings.timeout_seconds,
        )
    key = api_key or (settings.api_key.get_secret_value() if settings.api_key else None)
    if not key:
        raise MissingParameter(
            API_KEY_VARIABLE,
            "a Google Cloud Translation API key",
            reason="the account has no translation.api_key configured",
        )
    return GoogleV2Translator(
        http, api_key=key, base_url=google_base_url, timeout_seconds=settings.timeout_seconds
    )
