"""Per-account report settings: where a pulled report is delivered, and how.

Stored as the `reports` field of the account's settings JSON. Every field has a default
(destination `none`: reports are only kept for `GET /api/v1/reports/{id}`), so `{}` is a
valid value. Secrets (the HTTP token, the SMTP password) are `SecretStr`: never printed.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator


class ReportSettings(BaseModel):
    """Where and how an account's reports are delivered."""

    model_config = ConfigDict(extra="forbid")

    destination: Literal["http", "email", "none"] = "none"
    default_format: Literal["csv", "xlsx"] = "csv"

    http_url: str | None = Field(default=None, description="Absolute http(s) URL to POST to.")
    http_token: SecretStr | None = Field(
        default=None, description="Sent as `Authorization: Bearer <token>` when set."
    )
    http_timeout_seconds: float = Field(default=30.0, gt=0, le=300)

    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=30.0, gt=0, le=300)
    email_from: str | None = None
    email_to: list[str] = Field(default_factory=list)
    email_max_attachment_mb: int = Field(default=20, ge=1, le=100)

    delivery_attempts: int = Field(
        default=3, ge=1, le=10, description="Tries inside one delivery run, with backoff."
    )

    @field_validator("http_url")
    @classmethod
    def _absolute_http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("http_url must be an absolute http:// or https:// URL")
        return value

    @field_validator("email_from")
    @classmethod
    def _from_is_an_address(cls, value: str | None) -> str | None:
        if value is not None:
            _check_address(value)
        return value

    @field_validator("email_to")
    @classmethod
    def _to_are_addresses(cls, value: list[str]) -> list[str]:
        for address in value:
            _check_address(address)
        return value

    @model_validator(mode="after")
    def _destination_is_complete(self) -> ReportSettings:
        if self.destination == "http" and not self.http_url:
            raise ValueError("destination 'http' needs http_url")
        if self.destination == "email":
            missing = [
                name
                for name, value in (
                    ("smtp_host", self.smtp_host),
                    ("email_from", self.email_from),
                    ("email_to", self.email_to),
                )
                if not value
            ]
            if missing:
                raise ValueError("destination 'email' needs " + ", ".join(missing))
        return self


def _check_address(value: str) -> None:
    local, _, domain = value.rpartition("@")
    if not local or "." not in domain or any(ch.isspace() for ch in value):
        raise ValueError(f"{value!r} is not an e-mail address")
