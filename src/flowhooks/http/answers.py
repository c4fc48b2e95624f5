"""Every error body this service sends, built here and nowhere else.

Three forms, one per kind of door: a webhook's failure is the envelope (or its flat form
with `?format=flat`), because a flow reads its error variables from it; the admin API, the
short-link API, the console's JSON and every refusal before routing answer
`{"error": {"code", "message"}}`; the outbound API answers the original platform's
`{"api-response-code", "api-response-message"}` with an honest HTTP status.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.responses import Response

from flowhooks.calls import WebhookResult
from flowhooks.envelope import flatten
from flowhooks.errors import FlowhooksError

JSON = "application/json"
Answer = tuple[int, bytes, dict[str, str]]
"""Status, JSON body and extra headers, as the front sends them."""


def webhook_answer(result: WebhookResult, query_string: bytes) -> Answer:
    """A webhook result as sent: the envelope, or the flat string map with ?format=flat."""
    answer: Any = result.answer
    if query_string and ("format", "flat") in parse_qsl(query_string.decode("latin-1")):
        answer = flatten(result.answer)
    return result.status_code, orjson.dumps(answer), result.headers


def error_body(code: str, message: str) -> bytes:
    """`{"error": {"code", "message"}}`: every error but a webhook's and the outbound API's."""
    return orjson.dumps({"error": {"code": code, "message": message}})


def error_headers(error: FlowhooksError) -> dict[str, str]:
    """Headers an error carries: the auth scheme on 401, Retry-After if any."""
    headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else {}
    if error.retry_after is not None:
        headers["Retry-After"] = str(error.retry_after)
    return headers


def error_answer(error: FlowhooksError) -> Answer:
    """A typed error in the `{"error"}` form, with its status and headers."""
    return error.status_code, error_body(error.code, error.message), error_headers(error)


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The `{"error"}` form as a response, for FastAPI's exception handlers."""
    return Response(error_body(code, message), status_code=status, media_type=JSON, headers=headers)


def outbound_response(
    code: int, message: str, status: int, headers: dict[str, str] | None = None
) -> Response:
    """The outbound API's answer: its own code and message in the body, an honest status."""
    body = {"api-response-code": code, "api-response-message": message}
    return Response(orjson.dumps(body), status_code=status, media_type=JSON, headers=headers)
