"""Methods: the catalogue from the registry, each method's page and its test form.

The test form posts the real envelope through `calls.handle` on path /webhook, exactly
as a flow would (same validation, same account rules, same invocation row), from the
browser's address so the account's IP allow-list applies as it would to curl from there.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request, Response

from flowhooks import calls
from flowhooks.auth.console import ConsoleUser, PostingUser, User
from flowhooks.catalogue import describe
from flowhooks.errors import NotFound
from flowhooks.http.console import templating, tryout
from flowhooks.http.console.routing import ConsoleRoute
from flowhooks.http.deps import client_ip, runtime
from flowhooks.registry import Method

router = APIRouter(prefix="/admin", route_class=ConsoleRoute, include_in_schema=False)


def _method(request: Request, name: str) -> Method:
    method = runtime(request).registry.find(name)
    if method is None:
        raise NotFound(f"No method {name!r}")
    return method


@router.get("/methods")
async def catalogue(request: Request, user: User) -> Response:
    methods = [describe(m) for m in runtime(request).registry]
    return templating.render(request, "methods.html", user, methods=methods)


def _method_page(
    request: Request,
    user: ConsoleUser,
    method: Method,
    *,
    values: dict[str, str] | None = None,
    extras: str | None = None,
    result: dict[str, Any] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    fields = tryout.form_fields(method, user.account_id)
    if values is not None:
        fields = [replace(f, value=values.get(f.full_name, "")) for f in fields]
    return templating.render(
        request,
        "method.html",
        user,
        status_code=status_code,
        method=describe(method),
        fields=fields,
        extras=tryout.default_extras(method) if extras is None else extras,
        extras_scope=method.extras,
        basic_auth=runtime(request).settings.webhook_auth == "basic",
        result=result,
        error=error,
    )


@router.get("/methods/{name}")
async def method_page(request: Request, name: str, user: User) -> Response:
    return _method_page(request, user, _method(request, name))


@router.post("/methods/{name}")
async def try_method(request: Request, name: str, user: PostingUser) -> Response:
    method = _method(request, name)
    form = await request.form()
    values = {
        key[len(tryout.FIELD_PREFIX) :]: str(value)
        for key, value in form.items()
        if key.startswith(tryout.FIELD_PREFIX)
    }
    extras_text = str(form.get("extras") or "")
    try:
        extras = tryout.parse_extras(extras_text)
    except ValueError as exc:
        return _method_page(
            request,
            user,
            method,
            values=values,
            extras=extras_text,
            error=f"Extra variables: {exc}",
            status_code=422,
        )
    body = tryout.envelope(method, values, extras)
    basic_user = str(form.get("basic_user") or "").strip() or None
    authorization = None
    if basic_user:
        pair = f"{basic_user}:{form.get('basic_password') or ''}".encode()
        authorization = "Basic " + base64.b64encode(pair).decode()
    rt = runtime(request)
    started = time.perf_counter()
    outcome = await calls.handle(
        rt,
        body=tryout.body_bytes(body),
        path="/webhook",
        authorization=authorization,
        client_ip=client_ip(request),
    )
    elapsed_ms = (time.perf_counter() - started) * 1000
    await rt.invocations.flush()  # so the invocation link opens at once
    url = str(request.base_url).rstrip("/") + "/webhook"
    result = {
        "http_status": outcome.status_code,
        "status": outcome.answer.get("status"),
        "elapsed_ms": elapsed_ms,
        "request_id": outcome.answer.get("requestId"),
        "answer": json.dumps(outcome.answer, indent=2, ensure_ascii=False),
        "keys": outcome.answer.get("keys", []),
        "curl": tryout.curl_command(url, body, basic_user),
    }
    return _method_page(request, user, method, values=values, extras=extras_text, result=result)
