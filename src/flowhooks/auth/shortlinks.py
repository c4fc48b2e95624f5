"""Who calls the shortener's REST API, and its JSON bodies read with 400s, not 422s.

`Authorization: Bearer <token>`: an account's custToken works on that account's links only;
an admin token (FLOWHOOKS_ADMIN_TOKEN or a stored one) works on every account's links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import Request
from pydantic import BaseModel, ValidationError

from flowhooks.accounts import Account
from flowhooks.auth.api_tokens import bearer_token, cust_token_account, require_admin
from flowhooks.errors import InvalidFormat, Unauthorized
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


async def json_body(request: Request, model: type[BaseModel]) -> Any:
    return parse_json(await request.body(), model)


def parse_json(raw: bytes, model: type[BaseModel]) -> Any:
    """The body as `model`, or 400 INVALID_FORMAT naming the first wrong field."""
    try:
        return model.model_validate(orjson.loads(raw))
    except orjson.JSONDecodeError:
        raise InvalidFormat("The body is not JSON") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidFormat(f"{where}: {first['msg']}") from None
