"""The webhook doors: POST /webhook, /webhook/{method} and the original platform's paths.

Each door only reads the body and headers and hands them to `webhooks.handle`; the answer is
the envelope as JSON, or the flat string map with `?format=flat`.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from starlette.convertors import Convertor, register_url_convertor

from flowhooks import webhooks
from flowhooks.docs_gen import catalogue
from flowhooks.envelope import EXPECTED_BODY, flatten
from flowhooks.errors import NotFound, PayloadTooLarge
from flowhooks.web.deps import client_ip, runtime

LEGACY_SERVICES = (
    "reliance-nippon-v1",
    "centraloutboundwebhook-v1",
    "chatbotwebhook-v1",
    "googleapiwebhook-v1",
    "hdfcsenseforthwebhook-v1",
    "pullreportapiwebhook-v1",
)
ENVIRONMENTS = ("prod", "test")

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


class _TooLarge(PayloadTooLarge):
    def __init__(self, limit: int, size: int) -> None:
        super().__init__(f"The body is larger than {limit} bytes")
        self.size = size


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise _TooLarge(limit, int(declared))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge(limit, size)
        chunks.append(chunk)
    return b"".join(chunks)


async def _serve(request: Request, path_method: str | None) -> Response:
    rt = runtime(request)
    try:
        body = await _read_body(request, rt.settings.max_body_bytes)
    except _TooLarge as error:
        result = webhooks.refused(
            rt,
            error,
            path=request.url.path,
            path_method=path_method,
            client_ip=client_ip(request),
            body_size=error.size,
        )
    else:
        result = await webhooks.handle(
            rt,
            body=body,
            path=request.url.path,
            path_method=path_method,
            authorization=request.headers.get("authorization"),
            client_ip=client_ip(request),
        )
    answer: Any = result.answer
    if request.query_params.get("format") == "flat":
        answer = flatten(result.answer)
    return Response(
        orjson.dumps(answer),
        status_code=result.status_code,
        media_type="application/json",
        headers=result.headers,
    )


class LegacyPathConvertor(Convertor[str]):
    """Every legacy path in one regular expression, so the hot path is one route match."""

    regex = "(?:" + "|".join(re.escape(s) for s in LEGACY_SERVICES) + ")/(?:prod|test)/?"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("flowhooks_legacy_path", LegacyPathConvertor())


@router.post("/{legacy_path:flowhooks_legacy_path}", include_in_schema=False)
async def legacy_fast(request: Request) -> Response:
    """All twelve legacy paths in one route (they are documented one by one below)."""
    return await _serve(request, None)


# (routes are matched in declaration order; the hot ones come first)
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


# The routes below take only the Request and read their path parameters themselves: FastAPI's
# parameter solving cost ~8% of a webhook's CPU (docs/benchmarks.md), for one string.
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
