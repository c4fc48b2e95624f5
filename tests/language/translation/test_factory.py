"""TranslationSettings defaults and validation, and the translator each setting builds."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from flowhooks.errors import MissingParameter
from flowhooks.language.translation.factory import build_translator
from flowhooks.language.translation.google_v2 import GoogleV2Translator
from flowhooks.language.translation.libretranslate import LibreTranslateTranslator
from flowhooks.language.translation.settings import TranslationSettings


def test_empty_settings_are_valid_defaults() -> None:
    """{} is Google, no key, 3 s budget, 30 days of cache."""
    settings = TranslationSettings.model_validate({})
    assert settings.provider == "google"
    assert settings.api_key is None
    assert settings.timeout_seconds == 3.0
    assert settings.cache_days == 30


def test_keys_are_secret_in_repr_and_dump() -> None:
    """API keys never show in repr or a JSON dump."""
    settings = TranslationSettings(api_key="AIza-secret", libretranslate_api_key="lt-secret")
    shown = repr(settings) + settings.model_dump_json()
    assert "AIza-secret" not in shown
    assert "lt-secret" not in shown


@pytest.mark.parametrize(
    "raw",
    [
        {"provider": "libretranslate"},
        {"provider": "deepl"},
        {"libretranslate_url": "ftp://lt"},
        {"libretranslate_url": "lt:5000"},
        {"timeout_seconds": 0},
        {"timeout_seconds": 60},
        {"cache_days": -1},
        {"unknown": 1},
    ],
)
def test_invalid_settings_are_refused(raw: dict[str, object]) -> None:
    """Unknown providers, a LibreTranslate provider without URL and out-of-range values fail."""
    with pytest.raises(ValidationError):
        TranslationSettings.model_validate(raw)


def test_libretranslate_url_is_normalised() -> None:
    """A trailing slash is dropped from the LibreTranslate URL."""
    settings = TranslationSettings(provider="libretranslate", libretranslate_url="http://lt:5000/")
    assert settings.libretranslate_url == "http://lt:5000"


async def test_factory_prefers_the_webhook_key_and_falls_back_to_the_account_key() -> None:
    """The webhook's apiKey wins; without it the account's key is used; without both, 422."""
    async with httpx.AsyncClient() as http:
        account = TranslationSettings(api_key="account-key")
        assert isinstance(build_translator(account, http, api_key="call-key"), GoogleV2Translator)
        assert build_translator(account, http).name == "google"
        with pytest.raises(MissingParameter) as info:
            build_translator(TranslationSettings(), http)
        assert info.value.variable == "$flow.key.apiKey"


async def test_factory_builds_libretranslate_with_its_url_in_the_name() -> None:
    """A LibreTranslate account gets a translator named after its server."""
    settings = TranslationSettings(provider="libretranslate", libretranslate_url="http://lt:5000")
    async with httpx.AsyncClient() as http:
        built = build_translator(settings, http)
    assert isinstance(built, LibreTranslateTranslator)
    assert built.name == "libretranslate@http://lt:5000"
