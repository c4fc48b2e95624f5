"""An account's short-link settings (the ``shortlinks`` field of AccountSettings).

Every field has a default, so an account with ``{}`` settings serves its links on
``FLOWHOOKS_PUBLIC_BASE_URL`` with 302 redirects and has no chatbot links.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from flowhooks.shortlinks.bot_links import BOT_UNIQUE_ID_PLACEHOLDER, BOTID_PLACEHOLDER
from flowhooks.shortlinks.codes import DEFAULT_CODE_LENGTH, MAX_CODE_LENGTH, MIN_CODE_LENGTH
from flowhooks.shortlinks.hostnames import normalise_domains
from flowhooks.shortlinks.urls import UrlRejected, validate_long_url

RedirectCode = Literal[301, 302, 307, 308]


class ShortLinkSettings(BaseModel):
    """Domains, code length, redirect code and chatbot link settings of one account."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    domains: list[str] = Field(
        default_factory=list,
        description="Host names (optionally host:port) the account's links answer on; "
        "the first one builds the short URLs. Empty: FLOWHOOKS_PUBLIC_BASE_URL.",
    )
    code_length: int = Field(default=DEFAULT_CODE_LENGTH, ge=MIN_CODE_LENGTH, le=MAX_CODE_LENGTH)
    default_redirect_code: RedirectCode = 302
    bot_url_template: str | None = Field(
        default=None,
        description="Chatbot URL for linkcreation, e.g. https://bot.example.com/chat?botid={botid}",
    )
    bot_link_mode: Literal["append", "reference"] = "append"
    bot_link_lifetime_days: int = Field(
        default=30, ge=1, le=3650, description="Days a chatbot link and its session live."
    )

    @field_validator("domains")
    @classmethod
    def _normalise_domains(cls, value: list[str]) -> list[str]:
        return normalise_domains(value)

    @field_validator("bot_url_template")
    @classmethod
    def _check_template(cls, value: str | None) -> str | None:
        if value is None:
            return None
        sample = value.replace(BOTID_PLACEHOLDER, "1").replace(BOT_UNIQUE_ID_PLACEHOLDER, "x")
        try:
            validate_long_url(sample)
        except UrlRejected as exc:
            raise ValueError(f"bot_url_template: {exc}") from None
        return value.strip()

    @property
    def primary_domain(self) -> str | None:
        """The domain short URLs are built on, or None for the public base URL."""
        return self.domains[0] if self.domains else None
