"""The account whose `webhooks.domains` list the Host a webhook arrived on.

Several companies on one service each get their own host name, and a flow that names no
account acts for the host's account, as it did on the original platform. The map of
domains is read once per FLOWHOOKS_ACCOUNT_CACHE_SECONDS per process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowhooks.accounts import Account
from flowhooks.shortlinks.hostnames import host_matches
from flowhooks.store import accounts as account_store

if TYPE_CHECKING:
    from flowhooks.runtime import Runtime


async def account_for_host(runtime: Runtime, host: str | None) -> Account | None:
    """The account owning `host` in its webhooks.domains, or None."""
    if not host:
        return None
    cache = runtime.webhook_domains
    owners: dict[str, int] | None = cache.get("all")
    if owners is None:
        async with runtime.db.read() as session:
            owners = await account_store.domain_owners(session, "webhooks")
        cache.put("all", owners)
    host = host.strip().lower()
    for domain, account_id in owners.items():
        if host_matches(host, domain):
            return await runtime.account(account_id)
    return None
