"""Request plumbing shared by the routers: the runtime, account ids in paths, the client IP.

Credential checks live in `flowhooks.auth` (admin tokens and custTokens in auth/api_tokens).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request

from flowhooks.accounts import MAX_ACCOUNT_ID
from flowhooks.runtime import Runtime

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
