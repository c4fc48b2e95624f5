"""Account settings: zone, each settings section as JSON, tokens, webhook Basic auth, IP list.

Every change goes through `accounts.service`, as the admin API and the CLI do, so the same
validation applies; a refused change is shown next to its form and nothing is written.
Secrets inside sections are shown masked; a masked value sent back unchanged keeps the
stored secret.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from flowhooks.accounts import service
from flowhooks.accounts.settings import AccountSettings
from flowhooks.auth.console import ConsoleUser, PostingUser, User
from flowhooks.errors import FlowhooksError, InvalidParameter, NotFound
from flowhooks.http.console import templating, zones
from flowhooks.http.console.routing import ConsoleRoute
from flowhooks.http.deps import runtime
from flowhooks.store import accounts as account_store

router = APIRouter(prefix="/admin", route_class=ConsoleRoute, include_in_schema=False)

MASK = "**********"  # how pydantic shows a SecretStr in JSON
TOKEN_KINDS = {"cust_token": "custToken", "security_id": "securityID"}
SAVED = {
    "zone": "Time zone saved.",
    "basic": "Webhook Basic auth saved.",
    "ip": "IP allow-list saved.",
}


def _account_id(user: ConsoleUser) -> int:
    if user.account_id is None:
        raise NotFound("No account yet: create one with `flowhooks accounts create`")
    return user.account_id


async def _page(
    request: Request,
    user: ConsoleUser,
    *,
    errors: dict[str, str] | None = None,
    drafts: dict[str, str] | None = None,
    new_token: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    account_id = _account_id(user)
    zone = await zones.zone_of(request, user)
    async with runtime(request).db.read() as session:
        row = await service.get_or_404(session, account_id)
        view = service.public_view(row)
        credentials = [
            {
                "kind": TOKEN_KINDS.get(c.kind, c.kind),
                "hint": c.hint,
                "created_at": zones.shown(c.created_at, zone),
            }
            for c in await account_store.credentials_of(session, account_id)
        ]
    drafts = drafts or {}
    sections = [
        {
            "name": name,
            "description": field.description or "",
            "json": drafts.get(name)
            or json.dumps(view["settings"].get(name, {}), indent=2, ensure_ascii=False),
        }
        for name, field in AccountSettings.model_fields.items()
    ]
    return templating.render(
        request,
        "account.html",
        user,
        status_code=status_code,
        account=view,
        sections=sections,
        credentials=credentials,
        ip_allowlist="\n".join(view["settings"]["webhooks"]["ip_allowlist"]),
        errors=errors or {},
        drafts=drafts,
        new_token=new_token,
        saved=SAVED.get(request.query_params.get("saved", ""))
        or (
            f"Section {request.query_params['section']} saved."
            if request.query_params.get("saved") == "section"
            and request.query_params.get("section") in AccountSettings.model_fields
            else None
        ),
        token_kinds=TOKEN_KINDS,
    )


@router.get("/account")
async def account_page(request: Request, user: User) -> Response:
    return await _page(request, user)


async def _update(request: Request, user: ConsoleUser, **change: Any) -> None:
    rt = runtime(request)
    account_id = _account_id(user)
    async with rt.db.session() as session:
        await service.update(session, account_id, **change)
    rt.forget_account(account_id)


def _field(form: Any, name: str) -> str:
    return str(form.get(name) or "")


@router.post("/account/zone")
async def save_zone(request: Request, user: PostingUser) -> Response:
    form = await request.form()
    try:
        await _update(request, user, timezone=_field(form, "timezone").strip())
    except FlowhooksError as exc:
        return await _page(request, user, errors={"zone": exc.message}, status_code=exc.status_code)
    return RedirectResponse("/admin/account?saved=zone", status_code=303)


def _section_change(name: str, text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidParameter(f"settings.{name}", "a JSON object", reason=str(exc)) from None
    if not isinstance(value, dict):
        raise InvalidParameter(f"settings.{name}", "a JSON object")
    return {k: v for k, v in value.items() if v != MASK}


@router.post("/account/settings/{section}")
async def save_section(request: Request, section: str, user: PostingUser) -> Response:
    if section not in AccountSettings.model_fields:
        raise NotFound(f"No settings section {section!r}")
    form = await request.form()
    text = _field(form, "json")
    try:
        await _update(request, user, settings={section: _section_change(section, text)})
    except FlowhooksError as exc:
        return await _page(
            request,
            user,
            errors={section: exc.message},
            drafts={section: text},
            status_code=exc.status_code,
        )
    return RedirectResponse(f"/admin/account?saved=section&section={section}", status_code=303)


@router.post("/account/ip-allowlist")
async def save_ip_allowlist(request: Request, user: PostingUser) -> Response:
    form = await request.form()
    entries = [line.strip() for line in _field(form, "ip_allowlist").splitlines() if line.strip()]
    try:
        await _update(request, user, settings={"webhooks": {"ip_allowlist": entries}})
    except FlowhooksError as exc:
        return await _page(request, user, errors={"ip": exc.message}, status_code=exc.status_code)
    return RedirectResponse("/admin/account?saved=ip", status_code=303)


@router.post("/account/basic-auth")
async def save_basic_auth(request: Request, user: PostingUser) -> Response:
    form = await request.form()
    try:
        await _update(
            request,
            user,
            basic_username=_field(form, "basic_username").strip(),
            basic_password=_field(form, "basic_password"),
        )
    except FlowhooksError as exc:
        return await _page(
            request, user, errors={"basic": exc.message}, status_code=exc.status_code
        )
    return RedirectResponse("/admin/account?saved=basic", status_code=303)


@router.post("/account/tokens")
async def create_token(request: Request, user: PostingUser) -> Response:
    form = await request.form()
    kind = _field(form, "kind")
    if kind not in TOKEN_KINDS:
        return await _page(
            request, user, errors={"tokens": f"Unknown token kind {kind!r}"}, status_code=422
        )
    account_id = _account_id(user)
    async with runtime(request).db.session() as session:
        token = await service.add_token(session, account_id, kind)
    return await _page(request, user, new_token={"kind": TOKEN_KINDS[kind], "token": token})
