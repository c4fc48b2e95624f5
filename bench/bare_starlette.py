"""A raw Starlette app with the same two routes as bare_app, to show what FastAPI adds."""

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


async def bare_get(request: Request) -> Response:
    """Answer a small JSON object without reading anything."""
    return JSONResponse({"status": "ok"})


async def bare_post(request: Request) -> Response:
    """Parse the JSON body (as a webhook would) and answer a small JSON object."""
    body = orjson.loads(await request.body())
    method = body.get("method") if isinstance(body, dict) else None
    return Response(orjson.dumps({"status": "ok", "method": method}), media_type="application/json")


app = Starlette(
    routes=[
        Route("/bare", bare_get, methods=["GET"]),
        Route("/bare", bare_post, methods=["POST"]),
    ]
)
