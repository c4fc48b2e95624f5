"""Process settings: every FLOWHOOKS_* environment variable, declared once with its default.

Settings are built at the entry point (CLI, ASGI factory) and passed down; nothing reads the
environment at import time.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """The service's configuration, read from FLOWHOOKS_* variables."""

    model_config = SettingsConfigDict(env_prefix="FLOWHOOKS_", extra="ignore")

    database_url: str = Field(
        default="sqlite+aiosqlite:///./flowhooks.db",
        description="SQLAlchemy URL: sqlite+aiosqlite:///path or postgresql+asyncpg://...",
    )
    db_pool_size: int = Field(default=10, ge=1, le=200)
    admin_token: SecretStr | None = Field(
        default=None, description="A bootstrap admin token accepted besides stored admin tokens."
    )
    public_base_url: str = Field(
        default="http://127.0.0.1:8000", description="Base URL used in short links and callbacks."
    )
    webhook_auth: Literal["none", "basic"] = Field(
        default="none", description="none (embedded default) or basic (per-account credentials)."
    )
    trust_forwarded_for: bool = Field(
        default=False, description="Take the client IP from X-Forwarded-For (behind a proxy)."
    )
    embedded_worker: bool = Field(
        default=True, description="Run background jobs inside the server process."
    )
    method_timeout_seconds: float = Field(default=7.5, gt=0, le=60)
    max_body_bytes: int = Field(default=65536, ge=1024)
    account_cache_seconds: float = Field(default=5.0, ge=0)
    invocation_flush_seconds: float = Field(default=0.2, gt=0)
    log_format: Literal["console", "json"] = "console"
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    redis_url: str | None = Field(
        default=None,
        description="redis://host:6379/0 shares rate-limit counters between processes.",
    )
    google_translate_url: str = "https://translation.googleapis.com"
    data_dir: str = Field(default="./var", description="Where generated files (reports) go.")
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs console sessions; generated once into <data_dir>/secret_key when unset.",
    )
