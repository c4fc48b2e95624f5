"""Operations: liveness, readiness (the database answers and is migrated), Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from flowhooks.errors import DatabaseUnavailable, ServiceUnavailable, WarmingUp
from flowhooks.http.deps import runtime
from flowhooks.store import migrate

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: the database is reachable and migrated, and the warm-ups are done",
    responses={
        503: {
            "description": "Not ready: DATABASE_UNAVAILABLE, SERVICE_UNAVAILABLE (schema not "
            "current) or WARMING_UP; send no traffic, retry after Retry-After"
        }
    },
)
async def readyz(request: Request) -> dict[str, str]:
    rt = runtime(request)
    try:
        await rt.db.ping()
        current = await migrate.is_current(rt.db)
    except ServiceUnavailable:
        raise
    except Exception as exc:
        raise DatabaseUnavailable(f"The database is not ready: {type(exc).__name__}") from exc
    if not current:
        raise ServiceUnavailable(
            "The database schema is not up to date: run `flowhooks db upgrade`"
        )
    if rt.warming:
        raise WarmingUp("Warming up (language models, calendars); ready in a few seconds")
    return {"status": "ready", "database": rt.db.dialect}


@router.get("/metrics", summary="Prometheus metrics", response_class=PlainTextResponse)
async def metrics(request: Request) -> Response:
    return Response(
        generate_latest(runtime(request).metrics.registry), media_type=CONTENT_TYPE_LATEST
    )
