"""The overview (activity per method over the last hour, 24 hours and 7 days) and the log."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response

from flowhooks.auth.console import User
from flowhooks.http.console import charts, log_filters, stats, templating, zones
from flowhooks.http.console.routing import ConsoleRoute
from flowhooks.http.deps import runtime
from flowhooks.store import invocations as store
from flowhooks.store.invocations import InvocationRow

router = APIRouter(prefix="/admin", route_class=ConsoleRoute, include_in_schema=False)


@router.get("")
async def overview(request: Request, user: User) -> Response:
    rt = runtime(request)
    now = rt.now()
    zone = await zones.zone_of(request, user)
    async with rt.db.read() as session:
        rows = await store.window_rows(
            session, since=stats.LONGEST.start(now), account_id=user.account_id
        )
        unresolved, unresolved_failed = await store.count_without_account(
            session, since=stats.DAY.start(now)
        )
    windows = [overview_window(window, rows, now, zone) for window in stats.WINDOWS]
    return templating.render(
        request,
        "overview.html",
        user,
        windows=windows,
        unresolved=unresolved,
        unresolved_failed=unresolved_failed,
    )


def overview_window(
    window: stats.Window, rows: list[stats.Row], now: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    """One window's numbers per method, and its charts on axes shared by every method."""
    step = window.length.total_seconds() / window.buckets
    labels = zones.bucket_labels(window.start(now), step, window.buckets, zone, window.length)
    summary = stats.summarize(rows, window, now)
    x = charts.x_axis(labels)
    volume, rate, latency = charts.shared_y_axes([s.buckets for s in summary])
    every = zones.duration_text(step)
    return {
        "label": window.label,
        "slug": window.slug,
        "every": every,
        "labels": labels,
        "rows": [
            {
                "stats": s,
                "volume": charts.volume_chart(
                    s.buckets, x, volume, f"{s.method}: calls per {every}"
                ),
                "rate": charts.error_rate_chart(
                    s.buckets, x, rate, f"{s.method}: error rate per {every}"
                ),
                "latency": charts.latency_chart(
                    s.buckets, x, latency, f"{s.method}: p50 and p99 latency per {every}"
                ),
            }
            for s in summary
        ],
    }


def row_view(row: InvocationRow, zone: Any) -> dict[str, Any]:
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
        "contact": row.contact or "",
        "flow_id": row.flow_id or "",
    }


@router.get("/invocations")
async def invocation_log(request: Request, user: User) -> Response:
    """The log, filtered and paged, with the total it matches."""
    rt = runtime(request)
    zone = await zones.zone_of(request, user)
    filters = log_filters.read(
        request.query_params, zone=zone, now=rt.now(), account_id=user.account_id
    )
    rows: list[InvocationRow] = []
    total = 0
    if not filters.errors:
        async with rt.db.read() as session:
            rows = await store.search(session, filters.query)
            total = await store.count(session, filters.query)
    methods = [m.name for m in rt.registry]
    chosen = filters.values["method"]
    pages = max(1, -(-total // log_filters.PAGE_SIZE))
    base = {k: v for k, v in request.query_params.items() if k != "page"}
    return templating.render(
        request,
        "invocations.html",
        user,
        status_code=422 if filters.errors else 200,
        rows=[row_view(r, zone) for r in rows],
        filters=filters.values,
        errors=filters.errors,
        methods=methods,
        unregistered=chosen if chosen and rt.registry.find(chosen) is None else "",
        statuses=log_filters.STATUSES,
        presets=log_filters.PRESETS,
        scopes=log_filters.SCOPES,
        zone=str(zone),
        total=total,
        page=filters.page,
        pages=pages,
        first=filters.query.offset + 1,
        page_link=lambda n: "/admin/invocations?" + urlencode({**base, "page": n}),
    )
