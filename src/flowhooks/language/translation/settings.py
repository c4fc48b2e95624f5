"""An account's translation settings: provider, keys, LibreTranslate URL, budget, cache.

Every field has a default, so an account stored with ``{}`` translates with Google (given
a key in the webhook's ``apiKey``), inside 3 s, caching results for 30 days. Keys are
``SecretStr``: they never appear in a repr, a log line or a settings dump.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

Provider = Literal["google", "libretranslate"]


class TranslationSettings(BaseModel):
    """How one account translates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: Provider = "google"
    api_key: SecretStr | None = Field(
        default=None, description="Google Cloud Translation API key used when apiKey is absent."
    )
    libretranslate_url: str | None = Field(
        default=None, description="Base URL of the LibreTranslate server, e.g. http://lt:5000."
    )
    libretranslate_api_key: SecretStr | None = None
    timeout_seconds: float = Field(
        default=3.0,
        gt=0.0,
        le=10.0,
        description="Budget for the whole provider call, retry included.",
    )
    cache_days: int = Field(
        default=30, ge=0, le=365, description="How long a translation is reused; 0 = never."
    )

    @field_validator("api_key")
    @classmethod
    def _key_fits_a_header(cls, value: SecretStr | None) -> SecretStr | None:
        """The Google key travels in a header: printable ASCII only (else every call failed)."""
        if value is not None:
            key = value.get_secret_value()
            if not (key.isascii() and key.isprintable()) or " " in key:
                raise ValueError("api_key must be printable ASCII without spaces")
        return value

    @field_validator("libretranslate_url")
    @classmethod
    def _absolute_http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("libretranslate_url must be an absolute http(s) URL")
        return value.strip().rstrip("/")

    @model_validator(mode="after")
    def _libretranslate_needs_url(self) -> TranslationSettings:
        if self.provider == "libretranslate" and self.libretranslate_url is None:
            raise ValueError("provider libretranslate needs libretranslate_url")
        return self
