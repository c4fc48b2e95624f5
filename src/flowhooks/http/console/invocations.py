"""The overview (activity per method over the last hour and day) and the invocation log."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response

from flowhooks.auth.console import User
from flowhooks.errors import NotFound
from flowhooks.http.console import charts, stats, templating, zones
from flowhooks.http.console.routing import ConsoleRoute
from flowhooks.http.deps import runtime
from flowhooks.store import invocations as store
from flowhooks.store.invocations import InvocationQuery, InvocationRow

router = APIRouter(prefix="/admin", route_class=ConsoleRoute, include_in_schema=False)

PAGE_SIZE = 200
STATUSES = ("SUCCESS", "FAILED")


@router.get("")
async def overview(request: Request, user: User) -> Response:
    rt = runtime(request)
    now = rt.now()
    zone = await zones.zone_of(request, user)
    async with rt.db.read() as session:
        rows = await store.window_rows(
            session, since=stats.DAY.start(now), account_id=user.account_id
        )
    windows: list[dict[str, Any]] = []
    for window in stats.WINDOWS:
        step = window.length.total_seconds() / window.buckets
        labels = zones.bucket_labels(window.start(now), step, window.buckets, zone)
        summary = stats.summarize(rows, window, now)
        windows.append(
            {
                "label": window.label,
                "rows": [
                    {
                        "stats": s,
                        "chart": charts.bar_chart(
                            s.buckets,
                            title=f"{s.method}: calls per {int(step // 60)} minutes",
                            labels=labels,
                        ),
                    }
                    for s in summary
                ],
            }
        )
    return templating.render(request, "overview.html", user, windows=windows)


def _row_view(row: InvocationRow, zone: Any) -> dict[str, Any]:
    return {
        "request_id": row.request_id,
        "created_at": zones.shown(row.created_at, zone),
        "account_id": row.account_id,
        "method": row.method or "",
        "path": row.path,
        "status": row.status,
        "http_status": row.http_status,
        "error_code": row.error_code or "",
        "duration_ms": row.duration_ms,
        "client_ip": row.client_ip or "",
    }


@router.get("/invocations")
async def invocation_log(request: Request, user: User) -> Response:
    rt = runtime(request)
    query = request.query_params
    zone = await zones.zone_of(request, user)
    method = query.get("method", "")
    status = query.get("status", "") if query.get("status") in STATUSES else ""
    all_accounts = query.get("all_accounts") == "1"
    filters = {
        "method": method,
        "status": status,
        "since": query.get("since", ""),
        "until": query.get("until", ""),
        "all_accounts": all_accounts,
    }
    error = None
    try:
        since = zones.parse_local(query.get("since"), zone)
        until = zones.parse_local(query.get("until"), zone)
    except ValueError as exc:
        since = until = None
        error = str(exc)
    async with rt.db.read() as session:
        rows = await store.search(
            session,
            InvocationQuery(
                account_id=None if all_accounts else user.account_id,
                method=method or None,
                status=status or None,
                since=since,
                until=until,
                limit=PAGE_SIZE,
            ),
        )
    return templating.render(
        request,
        "invocations.html",
        user,
        status_code=422 if error else 200,
        rows=[_row_view(r, zone) for r in rows],
        filters=filters,
        error=error,
        methods=[m.name for m in rt.registry],
        statuses=STATUSES,
        zone=str(zone),
        page_size=PAGE_SIZE,
    )


@router.get("/invocations/{request_id}")
async def invocation(request: Request, request_id: str, user: User) -> Response:
    rt = runtime(request)
    async with rt.db.read() as session:
        row = await store.by_request_id(session, request_id)
    if row is None:
        raise NotFound(f"No invocation {request_id!r} (recent calls may take a moment to appear)")
    zone = await zones.zone_of(request, user)
    inputs = row.inputs if isinstance(row.inputs, list) else []
    return templating.render(
        request,
        "invocation.html",
        user,
        row=_row_view(row, zone),
        inputs=inputs,
        raw_inputs=json.dumps(row.inputs, indent=2, ensure_ascii=False),
        outputs=row.outputs if isinstance(row.outputs, list) else [],
        raw_outputs=json.dumps(row.outputs, indent=2, ensure_ascii=False),
    )
