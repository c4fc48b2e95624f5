"""An account's settings: one pydantic model stored as JSON on the account row.

Each area owns one section (a sub-model with a default for every field), so an account
created with `{}` is valid and a new section needs no migration. Unknown sections are
refused with a 422 naming them. Secrets inside sections are SecretStr.
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from flowhooks.accounts.rate_limits import RateLimitSettings
from flowhooks.agents.settings import AgentSettings
from flowhooks.calendar.settings import CalendarSettings
from flowhooks.language.nlu.settings import NluSettings
from flowhooks.language.translation.settings import TranslationSettings
from flowhooks.outbound.settings import OutboundSettings
from flowhooks.reports.settings import ReportSettings
from flowhooks.shortlinks.hostnames import normalise_domains
from flowhooks.shortlinks.settings import ShortLinkSettings


class WebhookSettings(BaseModel):
    """Who may reach this account's webhooks (the Basic-auth credentials live on the account),
    on which host names a call acts for it, and how its failures are answered."""

    model_config = ConfigDict(extra="forbid")

    ip_allowlist: list[str] = Field(
        default_factory=list,
        description="Client addresses or CIDR networks allowed to call; empty = any.",
    )
    domains: list[str] = Field(
        default_factory=list,
        description=(
            "Host names (optionally host:port) whose webhook calls act for this account when "
            "the call names no account. The Host header is the caller's word: pair with "
            "ip_allowlist or Basic auth."
        ),
    )
    failure_status: Literal["honest", "200"] = Field(
        default="honest",
        description=(
            "honest: a failure answers its own HTTP status (4xx/5xx); 200: every answer is "
            "HTTP 200 and the flow reads $flow.key.status FAILED and errorCode."
        ),
    )

    @field_validator("domains")
    @classmethod
    def _normalise_domains(cls, value: list[str]) -> list[str]:
        return normalise_domains(value)

    @field_validator("ip_allowlist")
    @classmethod
    def _networks_parse(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"{entry!r} is not an IP address or CIDR network such as 10.0.0.0/8"
                ) from None
        return value


class AccountSettings(BaseModel):
    """Every settings section of an account; each has defaults."""

    model_config = ConfigDict(extra="forbid")

    webhooks: WebhookSettings = Field(default_factory=WebhookSettings)
    nlu: NluSettings = Field(default_factory=NluSettings)
    rate_limits: RateLimitSettings = Field(default_factory=RateLimitSettings)
    translation: TranslationSettings = Field(default_factory=TranslationSettings)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    agents: AgentSettings = Field(default_factory=AgentSettings)
    reports: ReportSettings = Field(default_factory=ReportSettings)
    outbound: OutboundSettings = Field(default_factory=OutboundSettings)
    shortlinks: ShortLinkSettings = Field(default_factory=ShortLinkSettings)
