"""/docs: Swagger UI served from the service itself, so the API docs work with no internet.

FastAPI's own /docs loads Swagger UI's script and stylesheet from a CDN; a self-hosted
contact-centre service usually runs on an internal network where that request fails and the
page stays blank. The fastapi-offline package ships the same Swagger UI files (version 5,
which reads the OpenAPI 3.1 schema FastAPI writes); they are served here under
/docs/assets/, cached for a day, and the page names no URL outside the service. The icon is
the console's own.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from flowhooks.errors import NotFound
from flowhooks.http.console import assets

router = APIRouter(include_in_schema=False)

DOCS_PATH = "/docs"
ASSETS_PATH = "/docs/assets"
SWAGGER_FILES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
}
FOR_A_DAY = "public, max-age=86400"


@lru_cache(maxsize=len(SWAGGER_FILES))
def _swagger_file(name: str) -> bytes:
    return resources.files("fastapi_offline").joinpath("static", name).read_bytes()


@router.api_route(DOCS_PATH, methods=["GET", "HEAD"])  # as FastAPI's own /docs
async def swagger_ui(request: Request) -> HTMLResponse:
    """The Swagger UI page for /openapi.json, every URL on this service."""
    root = request.scope.get("root_path", "")
    return get_swagger_ui_html(
        openapi_url=f"{root}/openapi.json",
        title="flowhooks - API",
        swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
        swagger_favicon_url=f"{root}{assets.url('favicon.svg')}",
    )


@router.api_route(ASSETS_PATH + "/{name}", methods=["GET", "HEAD"])
async def swagger_asset(name: str) -> Response:
    """One of Swagger UI's two files (public, like the page)."""
    media_type = SWAGGER_FILES.get(name)
    if media_type is None:
        raise NotFound(f"No API docs file {name!r}; expected one of {sorted(SWAGGER_FILES)}")
    return Response(
        _swagger_file(name),
        media_type=media_type,
        headers={"Cache-Control": FOR_A_DAY, "X-Content-Type-Options": "nosniff"},
    )
