"""Methods: the catalogue from the registry, each method's page and its test form.

The test form posts the real envelope through `calls.handle` on path /webhook, exactly
as a flow would (same validation, same account rules, same invocation row), from the
browser's address so the account's IP allow-list applies as it would to curl from there.
The answer is then read back from that invocation row on the page the POST redirects to.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from flowhooks import calls
from flowhooks.auth.console import ConsoleUser, PostingUser, User
from flowhooks.catalogue import describe
from flowhooks.errors import NotFound
from flowhooks.http.console import templating, tryout
from flowhooks.http.console.routing import ConsoleRoute
from flowhooks.http.deps import client_ip, runtime
from flowhooks.registry import Method
from flowhooks.store import invocations
from flowhooks.store.invocations import InvocationRow

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


def answer_of(row: InvocationRow) -> dict[str, Any]:
    """The answer a call gave, rebuilt from its invocation row (the keys carry the error)."""
    answer: dict[str, Any] = {
        "method": row.method,
        "status": row.status,
        "requestId": row.request_id,
        "keys": row.outputs if isinstance(row.outputs, list) else [],
    }
    if row.error_code:
        message = next(
            (k.get("value") for k in answer["keys"] if k.get("name") == "$flow.key.errorMessage"),
            None,
        )
        answer["error"] = {"code": row.error_code, "message": message}
    return answer


def result_of(
    request: Request, method: Method, row: InvocationRow, basic_user: str | None
) -> dict[str, Any]:
    """What the Answer card shows for one call: status, timing, keys, JSON and curl."""
    answer = answer_of(row)
    values, extras = tryout.values_from_inputs(method, row.inputs)
    body = tryout.envelope(method, values, tryout.parse_extras(extras))
    url = str(request.base_url).rstrip("/") + "/webhook"
    return {
        "http_status": row.http_status,
        "status": row.status,
        "elapsed_ms": row.duration_ms,
        "request_id": row.request_id,
        "answer": json.dumps(answer, indent=2, ensure_ascii=False),
        "keys": answer["keys"],
        "curl": tryout.curl_command(url, body, basic_user),
    }


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
    return templating.render(
        request,
        "method.html",
        user,
        status_code=status_code,
        method=describe(method),
        fields=tryout.form_fields(method, user.account_id, values),
        extras=tryout.default_extras(method) if extras is None else extras,
        extras_scope=method.extras,
        basic_auth=runtime(request).settings.webhook_auth == "basic",
        result=result,
        error=error,
    )


@router.get("/methods/{name}")
async def method_page(request: Request, name: str, user: User) -> Response:
    """The method's page; `?answer=<request id>` shows that call's answer above the form,
    with the form holding what was sent (the page a Send redirects to)."""
    method = _method(request, name)
    request_id = request.query_params.get("answer")
    if not request_id:
        return _method_page(request, user, method)
    async with runtime(request).db.read() as session:
        row = await invocations.by_request_id(session, request_id)
    if row is None:
        return _method_page(
            request,
            user,
            method,
            error=f"No answer {request_id!r} in the invocation log.",
            status_code=404,
        )
    values, extras = tryout.values_from_inputs(method, row.inputs)
    basic_user = request.query_params.get("basic_user") or None
    result = result_of(request, method, row, basic_user)
    return _method_page(request, user, method, values=values, extras=extras, result=result)


@router.post("/methods/{name}")
async def try_method(request: Request, name: str, user: PostingUser) -> Response:
    """Send the form's envelope, then redirect to the answer (Post/Redirect/Get: reloading
    or going Back never calls the webhook again)."""
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
    basic_user = str(form.get("basic_user") or "").strip() or None
    authorization = None
    if basic_user:
        pair = f"{basic_user}:{form.get('basic_password') or ''}".encode()
        authorization = "Basic " + base64.b64encode(pair).decode()
    rt = runtime(request)
    request_id = calls.new_request_id()
    await calls.handle(
        rt,
        request_id=request_id,
        body=tryout.body_bytes(tryout.envelope(method, values, extras)),
        path="/webhook",
        authorization=authorization,
        client_ip=client_ip(request),
    )
    await rt.invocations.flush()  # the answer page reads the invocation row
    query = {"answer": request_id}
    if basic_user:
        query["basic_user"] = basic_user
    target = f"/admin/methods/{quote(method.name)}?{urlencode(query)}#answer"
    return RedirectResponse(target, status_code=303)
