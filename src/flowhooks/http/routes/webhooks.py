"""The webhook routes: POST /webhook, /webhook/{method} and the original platform's paths.

Over HTTP these paths are answered by the ASGI door in `webhook_door` before FastAPI's
router is reached; the routes here declare them for the OpenAPI schema and answer the same
way (through `webhook_door.answer`) whenever a request does reach them. The answer is the
envelope as JSON, or the flat string map with `?format=flat`.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request, Response

from flowhooks import calls as webhooks
from flowhooks.catalogue import catalogue
from flowhooks.envelope import EXPECTED_BODY
from flowhooks.errors import NotFound, PayloadTooLarge
from flowhooks.http import front as webhook_door
from flowhooks.http.deps import client_ip, read_limited_body, runtime
from flowhooks.http.front import ENVIRONMENTS
from flowhooks.registry import LEGACY_SERVICES

__all__ = ["LEGACY_SERVICES", "router"]

router = APIRouter(tags=["webhooks"])

_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "method": {"type": "string"},
                        "keys": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "name": {"type": "string"},
                                    "value": {"type": ["string", "number", "boolean", "null"]},
                                },
                                "required": ["name"],
                            },
                        },
                    },
                    "additionalProperties": True,
                },
                "example": orjson.loads(
                    '{"method": "fetchUserPreferences", "keys": ['
                    '{"name": "$user.syskey.contactNumber", "value": "09979746666"},'
                    '{"name": "$user.syskey.accountID", "value": "1"}]}'
                ),
            }
        },
    }
}


async def _serve(request: Request, path_method: str | None) -> Response:
    rt = runtime(request)
    try:
        body = await read_limited_body(request)
    except PayloadTooLarge as exc:
        refused = webhooks.refused(
            rt, exc, path=request.url.path, path_method=path_method, client_ip=client_ip(request)
        )
        status, payload, headers = webhook_door.encoded(
            refused, request.scope.get("query_string", b"")
        )
        return Response(payload, status_code=status, media_type="application/json", headers=headers)
    status, payload, headers = await webhook_door.answer(
        rt,
        body=body,
        path=request.url.path,
        path_method=path_method,
        query_string=request.scope.get("query_string", b""),
        authorization=request.headers.get("authorization"),
        client_ip=client_ip(request),
        host=request.headers.get("host"),
    )
    return Response(payload, status_code=status, media_type="application/json", headers=headers)


@router.post("/webhook", openapi_extra=_BODY_DOC, summary="Call a webhook method (canonical)")
async def webhook(request: Request) -> Response:
    return await _serve(request, None)


def _path_parameter(name: str, description: str) -> dict[str, Any]:
    return {
        "parameters": [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
                "description": description,
            }
        ],
        **_BODY_DOC,
    }


@router.post(
    "/webhook/{method}",
    openapi_extra=_path_parameter("method", "The webhook method's name"),
    summary="Call a webhook method named in the path",
)
async def webhook_named(request: Request) -> Response:
    return await _serve(request, request.path_params["method"])


@router.get("/webhook/methods", summary="The catalogue of every webhook method, as JSON")
async def methods(request: Request) -> Response:
    return Response(
        orjson.dumps(catalogue(runtime(request).registry)), media_type="application/json"
    )


async def legacy(request: Request) -> Response:
    env = request.path_params["env"]
    if env not in ENVIRONMENTS:
        raise NotFound(f"Unknown environment {env!r}: expected prod or test; body {EXPECTED_BODY}")
    return await _serve(request, None)


for _service in LEGACY_SERVICES:
    for _suffix in ("", "/"):
        router.add_api_route(
            f"/{_service}/{{env}}{_suffix}",
            legacy,
            methods=["POST"],
            openapi_extra=_path_parameter("env", "prod or test"),
            include_in_schema=_suffix == "",
            summary=f"The original platform's {_service} path (env = prod or test)",
            name=f"legacy_{_service}{'_slash' if _suffix else ''}",
        )
