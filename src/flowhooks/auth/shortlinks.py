"""Who calls the shortener's REST API.

`Authorization: Bearer <token>`: an account's custToken works on that account's links only;
an admin token (FLOWHOOKS_ADMIN_TOKEN or a stored one) works on every account's links.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from flowhooks.accounts import Account
from flowhooks.auth.api_tokens import bearer_token, cust_token_account, require_admin
from flowhooks.errors import Unauthorized
from flowhooks.http.deps import runtime


@dataclass(frozen=True)
class Caller:
    account: Account | None  # None for an admin

    def scope(self, account_id: int | None = None) -> int | None:
        """The account whose links this caller works on (None: every account, admins only)."""
        return self.account.id if self.account is not None else account_id


async def caller_of(request: Request) -> Caller:
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("Send Authorization: Bearer <custToken or admin token>")
    rt = runtime(request)
    if await rt.credential_account("cust_token", token) is not None:
        return Caller(await cust_token_account(rt, token))
    await require_admin(request)
    return Caller(None)
