"""One invocation: its redacted request as sent, its answer, and the ways to run it again.

Replay sends the stored request through `calls.handle` now, as the test form does, and
shows the new answer beside the old one with the variables that changed. Secret values
are never stored (they are `***` in the row), so a replay and the curl command leave those
variables out; "Open in the test form" fills the method's form from the same row.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from flowhooks import calls
from flowhooks.auth.console import PostingUser, User
from flowhooks.errors import NotFound
from flowhooks.http.console import templating, tryout, zones
from flowhooks.http.console.invocations import row_view
from flowhooks.http.console.routing import ConsoleRoute
from flowhooks.http.deps import client_ip, runtime
from flowhooks.redaction import REDACTED
from flowhooks.store import invocations as store
from flowhooks.store.invocations import InvocationRow

router = APIRouter(prefix="/admin", route_class=ConsoleRoute, include_in_schema=False)


async def _row(request: Request, request_id: str) -> InvocationRow:
    async with runtime(request).db.read() as session:
        row = await store.by_request_id(session, request_id)
    if row is None:
        raise NotFound(f"No invocation {request_id!r} (recent calls may take a moment to appear)")
    return row


def _keys(value: Any) -> list[dict[str, Any]]:
    return [k for k in value if isinstance(k, dict)] if isinstance(value, list) else []


def replayable(row: InvocationRow) -> dict[str, Any] | None:
    """The body to send again: the stored variables without the redacted ones; None when
    the body did not parse (only its size is stored)."""
    if not isinstance(row.inputs, list):
        return None
    keys = [
        {"name": k.get("name"), "value": k.get("value")}
        for k in _keys(row.inputs)
        if k.get("value") != REDACTED
    ]
    return {"method": row.method, "keys": keys}


def differences(before: Any, after: Any) -> list[dict[str, Any]]:
    """The answer variables whose value changed, appeared or went away, in answer order."""
    old = {k.get("name"): k.get("value") for k in _keys(before)}
    new = {k.get("name"): k.get("value") for k in _keys(after)}
    names = list(old) + [n for n in new if n not in old]
    return [
        {"name": n, "before": old.get(n, "(absent)"), "after": new.get(n, "(absent)")}
        for n in names
        if old.get(n, "(absent)") != new.get(n, "(absent)")
    ]


@router.get("/invocations/{request_id}")
async def invocation(request: Request, request_id: str, user: User) -> Response:
    rt = runtime(request)
    row = await _row(request, request_id)
    zone = await zones.zone_of(request, user)
    body = replayable(row)
    url = str(request.base_url).rstrip("/") + row.path
    replay_of = request.query_params.get("replay_of")
    original = await _row(request, replay_of) if replay_of else None
    return templating.render(
        request,
        "invocation.html",
        user,
        row=row_view(row, zone),
        inputs=_keys(row.inputs),
        raw_request=json.dumps(
            {"method": row.method, "keys": row.inputs} if body is not None else row.inputs,
            indent=2,
            ensure_ascii=False,
        ),
        parsed=body is not None,
        outputs=_keys(row.outputs),
        curl=tryout.curl_command(url, body) if body is not None else "",
        redacted=any(k.get("value") == REDACTED for k in _keys(row.inputs)),
        in_registry=bool(row.method) and rt.registry.find(row.method or "") is not None,
        original=row_view(original, zone) if original is not None else None,
        changes=differences(original.outputs, row.outputs) if original is not None else [],
    )


@router.post("/invocations/{request_id}/replay")
async def replay(request: Request, request_id: str, user: PostingUser) -> Response:
    """Send the stored request again now; redirect to the new call, compared with this one."""
    row = await _row(request, request_id)
    body = replayable(row)
    if body is None:
        raise NotFound(
            f"Invocation {request_id!r} has no request to replay: its body did not parse"
        )
    rt = runtime(request)
    new_id = calls.new_request_id()
    await calls.handle(
        rt,
        request_id=new_id,
        body=tryout.body_bytes(body),
        path=row.path,
        authorization=None,
        client_ip=client_ip(request),
    )
    await rt.invocations.flush()
    return RedirectResponse(
        f"/admin/invocations/{new_id}?replay_of={request_id}#replay", status_code=303
    )
