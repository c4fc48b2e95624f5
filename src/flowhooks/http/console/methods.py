"""Methods: the catalogue from the registry, each method's page and its test form.

The test form posts the real envelope through `calls.handle` on path /webhook, exactly
as a flow would (same validation, same account rules, same invocation row), from the
browser's address so the account's IP allow-list applies as it would to curl from there.
The answer is then read back from that invocation row on the page the POST redirects to.
Saved test cases (cases.py) are kept per method and selected account; Run sends one
through the same Post/Redirect/Get as Send.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from flowhooks import calls
from flowhooks.auth.console import ConsoleUser, PostingUser, User
from flowhooks.catalogue import describe
from flowhooks.errors import NotFound
from flowhooks.http.console import cases, templating, tryout
from flowhooks.http.console.routing import ConsoleRoute
from flowhooks.http.deps import client_ip, runtime
from flowhooks.registry import Method
from flowhooks.store import console as console_store
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


async def _method_page(
    request: Request,
    user: ConsoleUser,
    method: Method,
    *,
    values: dict[str, str] | None = None,
    extras: str | None = None,
    result: dict[str, Any] | None = None,
    error: str | None = None,
    notice: str | None = None,
    case_name: str = "",
    status_code: int = 200,
) -> Response:
    async with runtime(request).db.read() as session:
        saved = await console_store.list_cases(session, user.account_id, method.name)
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
        notice=notice,
        case_name=case_name,
        cases=saved,
    )


async def _find_case(
    request: Request, user: ConsoleUser, method: Method, case_id: str
) -> console_store.SavedCaseRow | None:
    """The saved case of that id for this method and the selected account, if any."""
    if not (case_id.isascii() and case_id.isdigit() and len(case_id) <= 9):
        return None
    async with runtime(request).db.read() as session:
        return await console_store.get_case(session, user.account_id, method.name, int(case_id))


async def _case_page(request: Request, user: ConsoleUser, method: Method, case_id: str) -> Response:
    """The method page with a saved case loaded into the form (`?case=<id>`)."""
    row = await _find_case(request, user, method, case_id)
    if row is None:
        return await _method_page(
            request,
            user,
            method,
            error=f"No test case {case_id!r} for this method and account.",
            status_code=404,
        )
    inputs, extras = cases.from_json(row.values)
    notice = f"Test case {row.name!r} loaded into the form."
    left_out = request.query_params.get("left_out")
    if left_out:
        notice = f"Saved test case {row.name!r}; secret values not stored: {left_out}."
    return await _method_page(
        request,
        user,
        method,
        values=inputs,
        extras=cases.extras_text(extras),
        notice=notice,
        case_name=row.name,
    )


@router.get("/methods/{name}")
async def method_page(request: Request, name: str, user: User) -> Response:
    """The method's page; `?answer=<request id>` shows that call's answer above the form,
    with the form holding what was sent (the page a Send redirects to); `?case=<id>` loads
    a saved test case into the form."""
    method = _method(request, name)
    request_id = request.query_params.get("answer")
    if not request_id:
        case_id = request.query_params.get("case")
        if case_id:
            return await _case_page(request, user, method, case_id)
        return await _method_page(request, user, method)
    async with runtime(request).db.read() as session:
        row = await invocations.by_request_id(session, request_id)
    if row is None:
        return await _method_page(
            request,
            user,
            method,
            error=f"No answer {request_id!r} in the invocation log.",
            status_code=404,
        )
    values, extras = tryout.values_from_inputs(method, row.inputs)
    basic_user = request.query_params.get("basic_user") or None
    result = result_of(request, method, row, basic_user)
    return await _method_page(request, user, method, values=values, extras=extras, result=result)


def _posted_values(form: FormData) -> dict[str, str]:
    """The declared inputs of a posted test form, by full name."""
    return {
        key[len(tryout.FIELD_PREFIX) :]: str(value)
        for key, value in form.items()
        if key.startswith(tryout.FIELD_PREFIX)
    }


async def _send(
    request: Request,
    method: Method,
    values: dict[str, str],
    extras: list[tuple[str, str | None]],
    basic_user: str | None,
    basic_password: str,
) -> Response:
    """Call the webhook with the envelope, then redirect to its answer (Post/Redirect/Get:
    reloading or going Back never calls the webhook again)."""
    authorization = None
    if basic_user:
        pair = f"{basic_user}:{basic_password}".encode()
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


@router.post("/methods/{name}")
async def try_method(request: Request, name: str, user: PostingUser) -> Response:
    """Send the form's envelope, then redirect to the answer."""
    method = _method(request, name)
    form = await request.form()
    values = _posted_values(form)
    extras_text = str(form.get("extras") or "")
    try:
        extras = tryout.parse_extras(extras_text)
    except ValueError as exc:
        return await _method_page(
            request,
            user,
            method,
            values=values,
            extras=extras_text,
            error=f"Extra variables: {exc}",
            status_code=422,
        )
    basic_user = str(form.get("basic_user") or "").strip() or None
    basic_password = str(form.get("basic_password") or "")
    return await _send(request, method, values, extras, basic_user, basic_password)


@router.post("/methods/{name}/cases")
async def save_case(request: Request, name: str, user: PostingUser) -> Response:
    """Save the form's values (secrets left out) as a named case of this method and the
    selected account, replacing a case of that name; then show it loaded in the form."""
    method = _method(request, name)
    form = await request.form()
    values = _posted_values(form)
    extras_text = str(form.get("extras") or "")
    case_name = str(form.get("case_name") or "")
    errors: list[str] = []
    extras: list[tuple[str, str | None]] = []
    checked = ""
    try:
        checked = cases.checked_name(case_name)
    except ValueError as exc:
        errors.append(str(exc))
    try:
        extras = tryout.parse_extras(extras_text)
    except ValueError as exc:
        errors.append(f"Extra variables: {exc}")
    if errors:
        return await _method_page(
            request,
            user,
            method,
            values=values,
            extras=extras_text,
            error=" ".join(errors),
            case_name=case_name,
            status_code=422,
        )
    stored = cases.storable(method, values, extras)
    async with runtime(request).db.session() as session:
        row = await console_store.save_case(
            session, user.account_id, method.name, checked, stored.as_json()
        )
        case_id = row.id
    query = {"case": str(case_id)}
    if stored.left_out:
        query["left_out"] = ", ".join(stored.left_out)
    target = f"/admin/methods/{quote(method.name)}?{urlencode(query)}#test"
    return RedirectResponse(target, status_code=303)


async def _saved_case(
    request: Request, user: ConsoleUser, method: Method, case_id: str
) -> console_store.SavedCaseRow:
    row = await _find_case(request, user, method, case_id)
    if row is None:
        raise NotFound(f"No test case {case_id!r} for {method.name} and this account")
    return row


@router.post("/methods/{name}/cases/{case_id}/run")
async def run_case(request: Request, name: str, case_id: str, user: PostingUser) -> Response:
    """Send a saved case's values through the same Post/Redirect/Get as Send."""
    method = _method(request, name)
    row = await _saved_case(request, user, method, case_id)
    inputs, extras = cases.from_json(row.values)
    return await _send(request, method, inputs, extras, None, "")


@router.post("/methods/{name}/cases/{case_id}/delete")
async def delete_case(request: Request, name: str, case_id: str, user: PostingUser) -> Response:
    """Delete a saved case of this method and account, then show the method page."""
    method = _method(request, name)
    row = await _saved_case(request, user, method, case_id)
    async with runtime(request).db.session() as session:
        await console_store.delete_case(session, user.account_id, method.name, row.id)
    return RedirectResponse(f"/admin/methods/{quote(method.name)}#cases", status_code=303)
