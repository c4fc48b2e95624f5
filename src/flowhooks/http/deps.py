"""Request-level helpers shared by the routers: the runtime, the client IP, admin auth."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Path, Request

from flowhooks.accounts import MAX_ACCOUNT_ID, Account
from flowhooks.errors import Unauthorized
from flowhooks.runtime import Runtime
from flowhooks.store import accounts as account_store

# Every route with an account id in its path takes it through this, so an id no account can
# have is a 422 naming it rather than an integer the database driver cannot bind.
AccountId = Annotated[
    int, Path(ge=1, le=MAX_ACCOUNT_ID, description="The numeric id of an account")
]


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def client_host(rt: Runtime, client: tuple[str, int] | None, forwarded: str | None) -> str | None:
    """The caller's IP: X-Forwarded-For's first entry only when the deployment trusts it."""
    if rt.settings.trust_forwarded_for and forwarded:
        return forwarded.split(",")[0].strip()
    return client[0] if client else None


def client_ip(request: Request) -> str | None:
    return client_host(
        runtime(request), request.scope.get("client"), request.headers.get("x-forwarded-for")
    )


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


async def require_admin(request: Request) -> None:
    """Admin API access: `Authorization: Bearer <admin token>`."""
    token = _bearer(request)
    if token is None:
        raise Unauthorized("The admin API needs Authorization: Bearer <admin token>")
    rt = runtime(request)
    configured = rt.settings.admin_token
    if configured is not None and hmac.compare_digest(
        configured.get_secret_value().encode(), token.encode()
    ):
        return
    cache_key = ("admin", account_store.token_digest(token))
    if rt.basic_auth.get(cache_key):
        return
    async with rt.db.read() as session:
        found = await account_store.find_credential(session, "admin_token", token)
    if found is None:
        raise Unauthorized("Wrong admin token")
    rt.basic_auth.put(cache_key, True)


async def cust_token_account(rt: Runtime, token: str) -> Account:
    """The account owning a short-link / chatbot cust token (cached per process briefly)."""
    account_id = await rt.credential_account("cust_token", token)
    account = await rt.account(account_id) if account_id is not None else None
    if account is None:
        raise Unauthorized("Unknown custToken")
    return account
