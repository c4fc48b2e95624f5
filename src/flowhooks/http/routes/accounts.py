"""The JSON admin API under /api/v1/: accounts, their tokens, contacts, invocations.

Protected by an admin token (`Authorization: Bearer …`). Thin: every change goes through
`accounts.service` or a store function, exactly as the CLI does.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from flowhooks import phones
from flowhooks.accounts import MAX_ACCOUNT_ID, service
from flowhooks.auth.api_tokens import require_admin
from flowhooks.errors import InvalidParameter, NotFound
from flowhooks.http.deps import AccountId, runtime
from flowhooks.store import accounts as account_store
from flowhooks.store import contacts, invocations
from flowhooks.store.base import as_utc

router = APIRouter(prefix="/api/v1", tags=["admin"], dependencies=[Depends(require_admin)])


class AccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: int = Field(ge=1, le=MAX_ACCOUNT_ID)
    name: str = Field(min_length=1, max_length=200)
    timezone: str = "Asia/Kolkata"
    settings: dict[str, Any] = Field(default_factory=dict)
    cust_token: str | None = Field(default=None, alias="custToken")
    security_id: str | None = Field(default=None, alias="securityID")
    basic_username: str | None = Field(default=None, alias="basicUsername")
    basic_password: str | None = Field(default=None, alias="basicPassword")


class AccountUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str | None = None
    timezone: str | None = None
    settings: dict[str, Any] | None = None
    basic_username: str | None = Field(default=None, alias="basicUsername")
    basic_password: str | None = Field(default=None, alias="basicPassword")

    @property
    def removes_basic_auth(self) -> bool:
        """`"basicUsername": null, "basicPassword": null` sent explicitly removes Basic auth."""
        given = self.model_fields_set & {"basic_username", "basic_password"}
        return bool(given) and all(getattr(self, name) is None for name in given)


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["cust_token", "security_id"]
    token: str | None = None


@router.post("/accounts", status_code=201, summary="Create an account")
async def create_account(request: Request, body: AccountCreate) -> dict[str, Any]:
    rt = runtime(request)
    async with rt.db.session() as session:
        row = await service.create(
            session,
            account_id=body.id,
            name=body.name,
            timezone=body.timezone,
            settings=body.settings,
            cust_token=body.cust_token,
            security_id=body.security_id,
            basic_username=body.basic_username,
            basic_password=body.basic_password,
        )
        return service.public_view(row)


@router.get("/accounts", summary="List accounts")
async def list_accounts(request: Request) -> dict[str, Any]:
    async with runtime(request).db.read() as session:
        rows = await account_store.list_all(session)
        return {"accounts": [service.public_view(r) for r in rows]}


@router.get("/accounts/{account_id}", summary="Show an account")
async def show_account(request: Request, account_id: AccountId) -> dict[str, Any]:
    async with runtime(request).db.read() as session:
        row = await service.get_or_404(session, account_id)
        view = service.public_view(row)
        view["credentials"] = [
            {"kind": c.kind, "hint": "…" + c.hint, "createdAt": as_utc(c.created_at).isoformat()}
            for c in await account_store.credentials_of(session, account_id)
        ]
        return view


@router.patch("/accounts/{account_id}", summary="Change an account (settings merge by section)")
async def update_account(
    request: Request, account_id: AccountId, body: AccountUpdate
) -> dict[str, Any]:
    rt = runtime(request)
    async with rt.db.session() as session:
        row = await service.update(
            session,
            account_id,
            name=body.name,
            timezone=body.timezone,
            settings=body.settings,
            basic_username=body.basic_username,
            basic_password=body.basic_password,
            remove_basic_auth=body.removes_basic_auth,
        )
        view = service.public_view(row)
    rt.forget_account(account_id)
    return view


@router.post("/accounts/{account_id}/tokens", status_code=201, summary="Add a token (shown once)")
async def add_token(request: Request, account_id: AccountId, body: TokenCreate) -> dict[str, str]:
    async with runtime(request).db.session() as session:
        await service.get_or_404(session, account_id)
        token = await service.add_token(session, account_id, body.kind, body.token)
    return {"kind": body.kind, "token": token}


def _number(raw: str) -> str:
    try:
        return phones.normalize(raw)
    except ValueError as exc:
        raise InvalidParameter("contactNumber", phones.EXPECTED_FORM, raw, str(exc)) from None


@router.get("/accounts/{account_id}/contacts/{number}", summary="A contact's stored values")
async def show_contact(request: Request, account_id: AccountId, number: str) -> dict[str, Any]:
    e164 = _number(number)
    async with runtime(request).db.read() as session:
        contact_id = await contacts.find_contact(session, account_id, e164)
        if contact_id is None:
            raise NotFound(f"No contact {e164} in account {account_id}")
        return {"contactNumber": e164, "values": await contacts.values_of(session, contact_id)}


@router.delete(
    "/accounts/{account_id}/contacts/{number}",
    status_code=204,
    summary="Erase a contact and every value stored for it",
)
async def erase_contact(request: Request, account_id: AccountId, number: str) -> Response:
    e164 = _number(number)
    async with runtime(request).db.session() as session:
        if not await contacts.erase(session, account_id, e164):
            raise NotFound(f"No contact {e164} in account {account_id}")
    return Response(status_code=204)


@router.get("/invocations", summary="The invocation log, newest first")
async def list_invocations(
    request: Request,
    account_id: Annotated[int | None, Query(ge=1, le=MAX_ACCOUNT_ID)] = None,
    method: str | None = None,
    status: Literal["SUCCESS", "FAILED"] | None = None,
    limit: int = 100,
) -> dict[str, Any]:
    limit = max(1, min(limit, 1000))
    async with runtime(request).db.read() as session:
        rows = await invocations.search(
            session,
            invocations.InvocationQuery(
                account_id=account_id, method=method, status=status, limit=limit
            ),
        )
        return {
            "invocations": [
                {
                    "requestId": r.request_id,
                    "createdAt": as_utc(r.created_at).isoformat(),
                    "accountId": r.account_id,
                    "method": r.method,
                    "path": r.path,
                    "status": r.status,
                    "httpStatus": r.http_status,
                    "errorCode": r.error_code,
                    "inputs": r.inputs,
                    "outputs": r.outputs,
                    "durationMs": r.duration_ms,
                }
                for r in rows
            ]
        }
