"""The outbound part of an account's settings (`AccountSettings.outbound`).

Every field has a default, so an account with `{}` settings can call out. A flow's own
calling hours, when set, win over the account's default window.
"""

from __future__ import annotations

from datetime import time

from pydantic import BaseModel, ConfigDict, Field, model_validator

from flowhooks.outbound.scheduling import CallingHours


class OutboundSettings(BaseModel):
    """Account-wide outbound defaults."""

    model_config = ConfigDict(extra="forbid")

    calling_hours_start: time = Field(
        default=time(9, 0), description="Default daily opening of calling hours."
    )
    calling_hours_end: time = Field(
        default=time(21, 0), description="Default daily closing of calling hours (exclusive)."
    )
    business_days_only: bool = Field(
        default=True,
        description="Place calls only on business days of the account's calendar.",
    )
    callback_base_url: str | None = Field(
        default=None,
        description="Public base URL dialers reach flowhooks at (for status reports); "
        "default: the server-wide FLOWHOOKS_PUBLIC_BASE_URL.",
    )

    @model_validator(mode="after")
    def _window(self) -> OutboundSettings:
        CallingHours(self.calling_hours_start, self.calling_hours_end)
        return self

    @property
    def calling_hours(self) -> CallingHours:
        """The account's default calling window."""
        return CallingHours(self.calling_hours_start, self.calling_hours_end)
