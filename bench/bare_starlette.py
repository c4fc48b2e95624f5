"""A raw Starlette app: the bare routes of bare_app, to show what FastAPI adds, and the
redirect's limit, a short link looked up in a dict and answered 302 (no storage)."""

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from bench.cases import BENCH_LONG_URL, BENCH_SLUG

LINKS = {BENCH_SLUG: BENCH_LONG_URL}
"""The short links this app knows: the one the flowhooks redirect case follows."""


async def bare_get(request: Request) -> Response:
    """Answer a small JSON object without reading anything."""
    return JSONResponse({"status": "ok"})


async def bare_post(request: Request) -> Response:
    """Parse the JSON body (as a webhook would) and answer a small JSON object."""
    body = orjson.loads(await request.body())
    method = body.get("method") if isinstance(body, dict) else None
    return Response(orjson.dumps({"status": "ok", "method": method}), media_type="application/json")


async def redirect(request: Request) -> Response:
    """302 to the code's long URL, 404 for an unknown code: the least a short link can do."""
    target = LINKS.get(request.path_params["code"])
    if target is None:
        return Response(status_code=404)
    return RedirectResponse(target, status_code=302)


app = Starlette(
    routes=[
        Route("/bare", bare_get, methods=["GET"]),
        Route("/bare", bare_post, methods=["POST"]),
        Route("/{code}", redirect, methods=["GET", "HEAD"]),
    ]
)
