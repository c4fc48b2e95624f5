"""create_app(settings): the ASGI app. Its lifespan owns the runtime (DB, HTTP client, workers)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from flowhooks import __version__, logs
from flowhooks import background as background_services
from flowhooks.errors import FlowhooksError
from flowhooks.http import openapi as openapi_schema
from flowhooks.http.answers import error_headers, error_response
from flowhooks.http.bodies import BodyLimit
from flowhooks.http.console import router as console_routes
from flowhooks.http.front import DOORS, FlowhooksApp
from flowhooks.http.routes import accounts as admin_api
from flowhooks.http.routes import agents as agents_routes
from flowhooks.http.routes import calendar as calendar_routes
from flowhooks.http.routes import flows as flows_admin
from flowhooks.http.routes import language as language_routes
from flowhooks.http.routes import ops as ops_routes
from flowhooks.http.routes import outbound as outbound_routes
from flowhooks.http.routes import redirects as redirect_routes
from flowhooks.http.routes import reports as reports_routes
from flowhooks.http.routes import shortlinks as shortlinks_routes
from flowhooks.http.routes import webhooks as webhook_routes
from flowhooks.methods import REGISTRY
from flowhooks.registry import Registry
from flowhooks.runtime import Clock, Runtime, system_clock
from flowhooks.settings import Settings
from flowhooks.store import migrate


def create_app(
    settings: Settings | None = None,
    *,
    registry: Registry = REGISTRY,
    clock: Clock = system_clock,
    migrate_on_start: bool = True,
    background: bool | None = None,
) -> FastAPI:
    """Build the app. `background` defaults to settings.embedded_worker."""
    settings = settings or Settings()
    logs.configure(settings.log_format, settings.log_level)
    runtime = Runtime(settings, registry, clock=clock)
    run_background = settings.embedded_worker if background is None else background

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if migrate_on_start:
            await migrate.upgrade(runtime.db)
        background_services.install(runtime)
        await runtime.start(background=run_background, warm_up=True)
        try:
            yield
        finally:
            await runtime.stop()

    app = FlowhooksApp(
        title="flowhooks",
        version=__version__,
        summary="Internal webhooks for IVR and contact-centre call flows",
        lifespan=lifespan,
        docs_url=None,  # served offline by http/console/api_docs.py
        openapi_url="/openapi.json",
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.add_middleware(BodyLimit, default=settings.max_body_bytes)

    @app.exception_handler(FlowhooksError)
    async def _flowhooks_error(_request: Request, exc: FlowhooksError) -> Response:
        return error_response(exc.status_code, exc.code, exc.message, error_headers(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> Response:
        first: dict[str, Any] = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return error_response(422, "INVALID_PARAMETER", f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR")
        return error_response(exc.status_code, code, str(exc.detail))

    # Webhook calls, the seed's shortener and redirects are the front's (http/front.py).
    app.include_router(webhook_routes.router)
    app.include_router(ops_routes.router)
    app.include_router(admin_api.router)
    app.include_router(language_routes.router)
    app.include_router(calendar_routes.router)
    app.include_router(agents_routes.router)
    app.include_router(reports_routes.router)
    app.include_router(console_routes.router)
    app.include_router(outbound_routes.router)
    app.include_router(flows_admin.router)
    app.include_router(shortlinks_routes.router)
    app.include_router(redirect_routes.router)  # GET /{code}/qr: keep it LAST
    app.install_front(runtime, DOORS)
    openapi_schema.install(app, registry, DOORS)
    return app


def app_from_env() -> FastAPI:
    """ASGI factory for servers started by import string (uvicorn/granian --factory)."""
    return create_app(Settings(), migrate_on_start=False)
