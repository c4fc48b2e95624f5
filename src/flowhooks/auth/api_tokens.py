"""Bearer tokens of the REST APIs: admin tokens and custTokens.

`Authorization: Bearer <token>`. An admin token is FLOWHOOKS_ADMIN_TOKEN or one stored by
`flowhooks admin-token`; a custToken names one account. Both kinds are found in the
database by digest and remembered per process briefly, so a busy caller is not a query each.
"""

from __future__ import annotations

from fastapi import Request

from flowhooks.accounts import Account
from flowhooks.auth.secrets import same_secret
from flowhooks.errors import Unauthorized
from flowhooks.http.deps import runtime
from flowhooks.runtime import Runtime
from flowhooks.store import accounts as account_store


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer …` header, None when absent or empty."""
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


async def require_admin(request: Request) -> None:
    """Admin API access: `Authorization: Bearer <admin token>`, else 401."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("The admin API needs Authorization: Bearer <admin token>")
    rt = runtime(request)
    configured = rt.settings.admin_token
    if configured is not None and same_secret(configured.get_secret_value(), token):
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
    """The account owning a short-link / chatbot custToken (cached per process briefly)."""
    account_id = await rt.credential_account("cust_token", token)
    account = await rt.account(account_id) if account_id is not None else None
    if account is None:
        raise Unauthorized("Unknown custToken")
    return account
