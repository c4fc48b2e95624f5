"""A short link's redirect (`follow`), its QR code, and the 404 / 410 pages a person can read.

`follow` answers GET/HEAD /{code}, the front's redirect door (http/front.py), which takes
a one-segment path before FastAPI unless a route declares it. It does one cached lookup,
answers, and leaves the visit to the batch writer. GET /{code}/qr is a FastAPI route.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from starlette.types import Receive, Scope, Send

from flowhooks.errors import InvalidFormat
from flowhooks.http.deps import client_host, runtime
from flowhooks.runtime import Runtime
from flowhooks.shortlinks.qr import MEDIA_TYPES, parse_qr_format, qr_code
from flowhooks.shortlinks.redirects import Outcome, Resolution, shortlinks_runtime
from flowhooks.shortlinks.service import short_url
from flowhooks.shortlinks.visitors import is_bot, visit_facts

router = APIRouter(tags=["short links"])

_PAGES = {
    Outcome.NOT_FOUND: (
        404,
        "Link not found",
        "This short link does not exist. Check that it was copied completely.",
    ),
    Outcome.EXPIRED: (410, "Link expired", "This short link has expired and no longer works."),
    Outcome.USED_UP: (
        410,
        "Link no longer available",
        "This short link has been used the maximum number of times.",
    ),
}


def _page(outcome: Outcome) -> HTMLResponse:
    status, title, text = _PAGES[outcome]
    body = (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>body{{font-family:system-ui,sans-serif;"
        "max-width:32rem;margin:15vh auto;padding:0 1rem;color:#222}</style></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
    )
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


@dataclass(frozen=True, slots=True)
class Visit:
    """What a redirect reads of its request: the method and four headers."""

    method: str
    host: str
    user_agent: str | None
    referrer: str | None
    forwarded_for: str | None

    @classmethod
    def of(cls, scope: Scope) -> Visit:
        """Read from the raw ASGI scope (the front's door; no Request object is built)."""
        host = ""
        agent = referrer = forwarded = None
        for name, value in scope["headers"]:
            if name == b"host":
                host = value.decode("latin-1")
            elif name == b"user-agent":
                agent = value.decode("latin-1")
            elif name == b"referer":
                referrer = value.decode("latin-1")
            elif name == b"x-forwarded-for":
                forwarded = value.decode("latin-1")
        return cls(scope["method"], host, agent, referrer, forwarded)


async def _resolve(rt: Runtime, visit: Visit, code: str, *, count: bool) -> Resolution:
    return await shortlinks_runtime(rt).resolve(
        code, visit.host, rt.now(), bot=is_bot(visit.user_agent), count=count
    )


_NO_STORE = [(b"cache-control", b"private, no-store")]
# What Starlette's RedirectResponse leaves unquoted in a Location.
_LOCATION_SAFE = ":/%#?=@[]!$&'()*+,;"


async def follow(rt: Runtime, scope: Scope, receive: Receive, send: Send, code: str) -> None:
    """GET or HEAD of a short link: the redirect (a GET counts a visit) or a page. The
    redirect is sent on the raw ASGI interface: it is a campaign's hot path, and building
    Starlette's Request and RedirectResponse cost a fifth of it (docs/benchmarks.md)."""
    visit = Visit.of(scope)
    counted = visit.method == "GET"
    resolution = await _resolve(rt, visit, code, count=counted)
    if resolution.outcome is not Outcome.REDIRECT or resolution.link is None:
        await _page(resolution.outcome)(scope, receive, send)
        return
    link = resolution.link
    if counted:
        facts = visit_facts(
            user_agent=visit.user_agent,
            referrer=visit.referrer,
            remote_ip=client_host(rt, scope.get("client"), visit.forwarded_for),
        )
        shortlinks_runtime(rt).record(link, facts, rt.now())
    headers = [
        (b"location", quote(link.long_url, safe=_LOCATION_SAFE).encode("latin-1")),
        (b"content-length", b"0"),
    ]
    if link.redirect_code in (302, 307):
        headers += _NO_STORE
    await send({"type": "http.response.start", "status": link.redirect_code, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


@router.get("/{code}/qr", summary="A short link's QR code (?format=png|svg)")
async def qr(
    request: Request,
    code: str,
    fmt_name: Annotated[str | None, Query(alias="format")] = None,
    scale: int = 8,
) -> Response:
    try:
        fmt = parse_qr_format(fmt_name)
    except ValueError as exc:
        raise InvalidFormat(str(exc)) from None
    rt = runtime(request)
    resolution = await _resolve(rt, Visit.of(request.scope), code, count=False)
    if resolution.outcome is not Outcome.REDIRECT or resolution.link is None:
        return _page(resolution.outcome)
    account = await rt.account(resolution.link.account_id)
    assert account is not None  # resolve() found the link on this account's domain
    target = short_url(account, resolution.link.code, rt.settings.public_base_url)
    try:
        image = qr_code(target, fmt, scale=scale)
    except ValueError as exc:
        raise InvalidFormat(str(exc)) from None
    return Response(image, media_type=MEDIA_TYPES[fmt], headers={"Cache-Control": "max-age=3600"})
