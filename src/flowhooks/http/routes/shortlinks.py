"""The shortener's JSON doors: the seed's POST /UrlShortner/phonon/shortUrl (`shorten`, which
the front answers), the REST API under /api/v1/short-urls, and the chatbot's
GET /api/v1/bot-sessions/{botUniqueID}.

Who may call: the REST API takes `Authorization: Bearer <token>`. An account's custToken
sees and changes that account's links only; an admin token sees every account's links
(and names the account with `accountId` when creating). The seed's endpoint keeps its
`custToken` in the body, exactly as the original platform's clients send it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from flowhooks.accounts import MAX_ACCOUNT_ID, Account
from flowhooks.auth.api_tokens import cust_token_account
from flowhooks.auth.shortlinks import Caller, caller_of
from flowhooks.errors import InvalidFormat, NotFound, Unauthorized
from flowhooks.http.bodies import json_body, parse_json
from flowhooks.http.deps import runtime
from flowhooks.http.openapi import json_body_doc
from flowhooks.redaction import is_secret
from flowhooks.runtime import Runtime
from flowhooks.shortlinks import stats
from flowhooks.shortlinks.redirects import shortlinks_runtime
from flowhooks.shortlinks.service import (
    LinkChange,
    LinkRequest,
    ShortLinkGone,
    ShortLinkNotFound,
    create_link,
    edit_link,
    remove_link,
    short_url,
)
from flowhooks.store import shortlinks as store
from flowhooks.store.base import as_utc

router = APIRouter(tags=["short links"])
# Past any table's rows, and inside the 64-bit OFFSET the databases bind (2**63 was a 500).
MAX_OFFSET = 2**31


class NewShortUrl(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    long_url: str = Field(alias="longUrl")
    cust_token: str | None = Field(default=None, alias="custToken")
    account_id: int | None = Field(default=None, alias="accountId", ge=1, le=MAX_ACCOUNT_ID)
    slug: str | None = None
    expires_at: datetime | None = Field(default=None, alias="expiresAt")
    max_visits: int | None = Field(default=None, alias="maxVisits")
    redirect_code: int | None = Field(default=None, alias="redirectCode")

    def as_request(self) -> LinkRequest:
        return LinkRequest(
            long_url=self.long_url,
            slug=self.slug,
            expires_at=self.expires_at,
            max_visits=self.max_visits,
            redirect_code=self.redirect_code,
        )


class ShortUrlEdit(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    long_url: str | None = Field(default=None, alias="longUrl")
    expires_at: datetime | None = Field(default=None, alias="expiresAt")
    max_visits: int | None = Field(default=None, alias="maxVisits")
    redirect_code: int | None = Field(default=None, alias="redirectCode")


async def _view(
    request: Request, row: store.ShortLinkRow, counts: store.VisitCounts
) -> dict[str, Any]:
    rt = runtime(request)
    account = await rt.account(row.account_id)
    assert account is not None  # links are deleted with their account
    expires = as_utc(row.expires_at).isoformat() if row.expires_at else None
    return {
        "code": row.code,
        "shortUrl": short_url(account, row.code, rt.settings.public_base_url, row.domain),
        "longUrl": row.long_url,
        "accountId": row.account_id,
        "redirectCode": row.redirect_code,
        "expiresAt": expires,
        "maxVisits": row.max_visits,
        "visits": {"total": counts.total, "bots": counts.bots, "humans": counts.humans},
        "createdAt": as_utc(row.created_at).isoformat(),
        "updatedAt": as_utc(row.updated_at).isoformat(),
    }


async def _create(request: Request, body: NewShortUrl, account: Account) -> store.ShortLinkRow:
    rt = runtime(request)
    return await create_link(rt.db, account, body.as_request(), now=rt.now())


SEED_SHORTEN_PATH = "/UrlShortner/phonon/shortUrl"


async def shorten(rt: Runtime, raw: bytes) -> dict[str, str]:
    """The seed's shortener: custToken and longUrl in, shortUrl out.

    Campaign flows call it mid-call, so the front answers it before FastAPI (http/front.py,
    which reads the body within its limit and documents the operation).
    """
    body: NewShortUrl = parse_json(raw, NewShortUrl)
    if not body.cust_token:
        raise Unauthorized("custToken is required")
    account = await cust_token_account(rt, body.cust_token)
    row = await create_link(rt.db, account, body.as_request(), now=rt.now())
    return {"shortUrl": short_url(account, row.code, rt.settings.public_base_url, row.domain)}


@router.post(
    "/api/v1/short-urls",
    status_code=201,
    summary="Create a short URL",
    openapi_extra=json_body_doc(NewShortUrl),
)
async def create_short_url(request: Request) -> dict[str, Any]:
    caller = await caller_of(request)
    body: NewShortUrl = await json_body(request, NewShortUrl)
    account = caller.account
    if account is None:
        if body.account_id is None:
            raise InvalidFormat("accountId is required when an admin token creates a link")
        account = await runtime(request).account(body.account_id)
        if account is None:
            raise NotFound(f"No account {body.account_id}")
    row = await _create(request, body, account)
    return await _view(request, row, store.VisitCounts())


@router.get("/api/v1/short-urls", summary="List short URLs, newest first")
async def list_short_urls(
    request: Request,
    limit: int = 50,
    offset: int = 0,
    account_id: Annotated[int | None, Query(alias="accountId", ge=1, le=MAX_ACCOUNT_ID)] = None,
) -> dict[str, Any]:
    caller = await caller_of(request)
    limit, offset = max(1, min(limit, 500)), max(0, min(offset, MAX_OFFSET))
    async with runtime(request).db.read() as session:
        rows, total = await store.list_links(
            session, caller.scope(account_id), limit=limit, offset=offset
        )
        counts = await store.visit_counts(session, [r.id for r in rows])
    items = [await _view(request, r, counts[r.id]) for r in rows]
    return {"shortUrls": items, "total": total, "limit": limit, "offset": offset}


async def _owned(request: Request, caller: Caller, code: str) -> store.ShortLinkRow:
    async with runtime(request).db.read() as session:
        row = await store.link_by_code(session, code, caller.scope())
    if row is None:
        raise ShortLinkNotFound(f"No short URL {code!r}")
    return row


@router.get("/api/v1/short-urls/{code}", summary="Show a short URL")
async def show_short_url(request: Request, code: str) -> dict[str, Any]:
    row = await _owned(request, await caller_of(request), code)
    async with runtime(request).db.read() as session:
        counts = await store.visit_counts(session, [row.id])
    return await _view(request, row, counts[row.id])


@router.patch(
    "/api/v1/short-urls/{code}",
    summary="Change a short URL (null clears a field)",
    openapi_extra=json_body_doc(ShortUrlEdit),
)
async def edit_short_url(request: Request, code: str) -> dict[str, Any]:
    caller = await caller_of(request)
    body: ShortUrlEdit = await json_body(request, ShortUrlEdit)
    fields = {name for name in body.model_fields_set if name in ShortUrlEdit.model_fields}
    change = LinkChange(fields=frozenset(fields), **body.model_dump(include=fields))
    rt = runtime(request)
    row = await edit_link(rt.db, caller.scope(), code, change, now=rt.now())
    shortlinks_runtime(rt).forget(code)
    async with rt.db.read() as session:
        counts = await store.visit_counts(session, [row.id])
    return await _view(request, row, counts[row.id])


@router.delete("/api/v1/short-urls/{code}", status_code=204, summary="Delete a short URL")
async def delete_short_url(request: Request, code: str) -> Response:
    caller = await caller_of(request)
    rt = runtime(request)
    await remove_link(rt.db, caller.scope(), code)
    shortlinks_runtime(rt).forget(code)
    return Response(status_code=204)


@router.get("/api/v1/short-urls/{code}/visits", summary="A short URL's visits, newest first")
async def short_url_visits(
    request: Request,
    code: str,
    limit: int = 100,
    offset: int = 0,
    exclude_bots: Annotated[bool, Query(alias="excludeBots")] = False,
) -> dict[str, Any]:
    row = await _owned(request, await caller_of(request), code)
    limit, offset = max(1, min(limit, 1000)), max(0, min(offset, MAX_OFFSET))
    async with runtime(request).db.read() as session:
        visits = await store.visits_of(
            session, row.id, limit=limit, offset=offset, exclude_bots=exclude_bots
        )
    return {"visits": [stats.visit_view(v) for v in visits], "limit": limit, "offset": offset}


@router.get("/api/v1/short-urls/{code}/stats", summary="Visits per day (account time zone)")
async def short_url_stats(request: Request, code: str, days: int = 30) -> dict[str, Any]:
    row = await _owned(request, await caller_of(request), code)
    rt = runtime(request)
    account = await rt.account(row.account_id)
    assert account is not None
    days = max(1, min(days, 366))
    since = stats.window_start(rt.now(), account.timezone, days)
    async with rt.db.read() as session:
        counts = await store.visit_counts(session, [row.id])
        times = await store.visit_times(session, row.id, since)
    total = counts[row.id]
    return {
        "code": row.code,
        "visits": {"total": total.total, "bots": total.bots, "humans": total.humans},
        "timezone": account.timezone_name,
        "byDay": stats.by_day(times, account.timezone, since, rt.now()),
    }


@router.get("/api/v1/bot-sessions/{bot_unique_id}", summary="A chatbot session (for the bot)")
async def bot_session(request: Request, bot_unique_id: str) -> dict[str, Any]:
    caller = await caller_of(request)
    rt = runtime(request)
    async with rt.db.read() as session:
        found = await store.bot_session(session, bot_unique_id)
        code = await store.link_code(session, found.link_id) if found and found.link_id else None
    if found is None or caller.scope(found.account_id) != found.account_id:
        raise NotFound(f"No bot session {bot_unique_id!r}")
    if as_utc(found.expires_at) <= rt.now():
        raise ShortLinkGone(f"The bot session {bot_unique_id!r} has expired")
    account = await rt.account(found.account_id)
    assert account is not None
    return {
        "botUniqueID": found.bot_unique_id,
        "botid": found.botid,
        "cli": found.cli,
        "variables": {k: v for k, v in (found.variables or {}).items() if not is_secret(k)},
        "shortUrl": short_url(account, code, rt.settings.public_base_url) if code else None,
        "createdAt": as_utc(found.created_at).isoformat(),
        "expiresAt": as_utc(found.expires_at).isoformat(),
    }
