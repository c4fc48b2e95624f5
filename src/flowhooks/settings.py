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
    db_pool_size: int = Field(
        default=10,
        ge=1,
        le=200,
        description="Connections each of a process's two pools keeps (hot path, ORM).",
    )
    db_max_overflow: int = Field(
        default=0,
        ge=0,
        le=200,
        description=(
            "Extra connections a process may open in a burst, closed again on return (each "
            "costs a new connection; 0: callers wait for a pooled one)."
        ),
    )
    db_connect_timeout_seconds: float = Field(
        default=3.0, gt=0, le=60, description="Opening a PostgreSQL connection, at most."
    )
    db_pool_timeout_seconds: float = Field(
        default=5.0,
        gt=0,
        le=60,
        description=(
            "Waiting for a free pooled connection (or SQLite's write queue), at most; "
            "then 503 DATABASE_UNAVAILABLE."
        ),
    )
    db_busy_timeout_seconds: float = Field(
        default=5.0, gt=0, le=60, description="Waiting for SQLite's lock held by another process."
    )
    admin_token: SecretStr | None = Field(
        default=None, description="A bootstrap admin token accepted besides stored admin tokens."
    )
    public_base_url: str = Field(
        default="http://127.0.0.1:8000", description="Base URL used in short links and callbacks."
    )
    webhook_auth: Literal["none", "basic"] = Field(
        default="none", description="none (embedded default) or basic (per-account credentials)."
    )
    default_account_id: int | None = Field(
        default=None,
        ge=1,
        description=(
            "The account a webhook acts for when the call names none (no Basic credentials, no "
            "accountID, no account webhook domain): a single-company deployment. Any caller "
            "that reaches the service then acts for it: set its IP allow-list."
        ),
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
    report_delivery_backoff_seconds: float = Field(
        default=1.0, ge=0, le=60, description="First pause between report delivery tries."
    )
    outbound_batch: int = Field(default=50, ge=1, le=1000, description="Calls claimed at once.")
    outbound_poll_seconds: float = Field(default=0.5, gt=0, description="Dispatcher idle poll.")
    outbound_lease_seconds: float = Field(
        default=60.0, gt=0, description="How long a claimed call is held before takeover."
    )
    outbound_result_timeout_minutes: float = Field(
        default=120.0, gt=0, description="An attempt without a result after this has failed."
    )
    outbound_dialer_tries: int = Field(default=4, ge=1, le=10)
    outbound_dialer_backoff_seconds: float = Field(default=0.5, ge=0)
    outbound_dialer_timeout_seconds: float = Field(default=5.0, gt=0)
    outbound_unreachable_retry_seconds: float = Field(
        default=30.0, ge=0, description="Wait before handing an unreachable dialer the call again."
    )
