"""GET /webhook/methods: the catalogue of every webhook method, as JSON.

The webhook calls themselves (POST /webhook, /webhook/{method} and the original platform's
paths) are the front's doors (http/front.py), answered before FastAPI.
"""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Request, Response

from flowhooks.catalogue import catalogue
from flowhooks.http.deps import runtime

router = APIRouter(tags=["webhooks"])


@router.get("/webhook/methods", summary="The catalogue of every webhook method, as JSON")
async def methods(request: Request) -> Response:
    return Response(
        orjson.dumps(catalogue(runtime(request).registry)), media_type="application/json"
    )
