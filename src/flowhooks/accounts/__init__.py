"""Accounts as the core sees them: an immutable snapshot, cheap to cache per process."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

from flowhooks.accounts.settings import AccountSettings

DEFAULT_TIMEZONE = "Asia/Kolkata"
# accounts.id is a 32-bit INTEGER on PostgreSQL: a larger id names no account, on any database.
MAX_ACCOUNT_ID = 2_147_483_647


@dataclass(frozen=True)
class Account:
    """One tenant: a bank, an insurer, a fund house."""

    id: int
    name: str
    timezone_name: str
    settings: AccountSettings
    basic_username: str | None = None
    basic_password_hash: str | None = None

    @cached_property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone_name)

    @cached_property
    def _networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(
            ipaddress.ip_network(n, strict=False) for n in self.settings.webhooks.ip_allowlist
        )

    def allows_ip(self, address: str | None) -> bool:
        """An empty allow-list allows every address; otherwise the address must be in it."""
        if not self._networks:
            return True
        if address is None:
            return False
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self._networks)


__all__ = ["DEFAULT_TIMEZONE", "Account", "AccountSettings"]
