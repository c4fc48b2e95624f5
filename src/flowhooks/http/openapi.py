"""The OpenAPI schema: FastAPI's routes, the front's doors, and what FastAPI cannot see.

FastAPI documents the routes it declares. The front's doors (http/front.py: the webhook
paths, the seed's shortener, the short-link redirect) are no FastAPI routes, so their
operations are generated here from the front's table; a webhook door's request body and
answers come from the registry: one body form per method with its declared variables, plus
the free form (any method, any variables, the flat form). Every error this service sends is
`{"error": {"code", "message"}}` (a webhook's failure is the envelope, which carries the same
`error`), so FastAPI's own 422 form, which it never sends, is replaced. The admin API's bearer
token is declared. Console pages (/admin, HTML forms) are not in the schema.

Schemathesis reads this schema (tests/system/fuzz/test_openapi_schemathesis.py), so what it
says is checked against every answer the fuzzing gets.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

from flowhooks.registry import Method, Registry

if TYPE_CHECKING:
    from flowhooks.http.doors import Door

WEBHOOK_TAG = "webhooks"
ERROR_REF = "#/components/schemas/ErrorAnswer"
FAILURE_REF = "#/components/schemas/WebhookFailure"
# The statuses a webhook answers with a failure envelope (contract section 1). 500 is not
# among them: the door of last resort exists, but a 500 is always a bug.
WEBHOOK_FAILURE_STATUSES = {
    "400": "INVALID_FORMAT: not JSON, no method, keys not a list",
    "401": "UNAUTHORIZED: wrong or missing Basic credentials",
    "403": "IP_NOT_ALLOWED: the client is not on the account's allow-list",
    "404": "UNKNOWN_METHOD (with the closest names) or NOT_FOUND",
    "413": "PAYLOAD_TOO_LARGE: the body is over the size limit",
    "422": "MISSING_PARAMETER / INVALID_PARAMETER, naming the variable and the expected form",
    "429": "RATE_LIMITED, with Retry-After",
    "502": "UPSTREAM_ERROR: a provider (translation, NLU) failed",
    "503": "METHOD_DISABLED, or SERVICE_UNAVAILABLE while the database is down",
    "504": "UPSTREAM_TIMEOUT: the method did not finish inside its time budget",
}
VALUE_SCHEMA: dict[str, Any] = {"type": ["string", "number", "boolean", "null"]}

ERROR_ANSWER: dict[str, Any] = {
    "title": "ErrorAnswer",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "minLength": 1},
                "message": {"type": "string", "minLength": 1},
            },
        }
    },
}

_OUT_KEYS: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["name", "value"],
        "properties": {"name": {"type": "string"}, "value": {"type": "string"}},
        "additionalProperties": False,
    },
}


def _answer(status: str, error: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["method", "status", "requestId", "keys", "error"],
        "properties": {
            "method": {"type": ["string", "null"]},
            "status": {"const": status},
            "requestId": {"type": "string", "minLength": 1},
            "keys": _OUT_KEYS,
            "error": error,
        },
        "additionalProperties": False,
    }


def _flat(status: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["status", "requestId", "$flow.key.status"],
        "properties": {"status": {"const": status}, "$flow.key.status": {"const": status}},
        "additionalProperties": {"type": "string"},
    }


COMPONENTS: dict[str, Any] = {
    "ErrorAnswer": ERROR_ANSWER,
    "WebhookSuccess": {
        "title": "WebhookSuccess",
        "description": "The envelope of a successful call; with ?format=flat, one string map.",
        "anyOf": [_answer("SUCCESS", {"type": "null"}), _flat("SUCCESS")],
    },
    "WebhookFailure": {
        "title": "WebhookFailure",
        "description": "A failed call: the envelope with error.code and error.message.",
        "anyOf": [
            _answer("FAILED", ERROR_ANSWER["properties"]["error"]),
            {**_flat("FAILED"), "required": ["status", "$flow.key.errorCode"]},
        ],
    },
}


def _variables(names: list[str]) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"enum": names}, "value": VALUE_SCHEMA},
        },
    }


def _method_body(method: Method) -> dict[str, Any]:
    names = [p.full_name for p in method.inputs]
    if not any(p.name.lower() == "accountid" for p in method.inputs):
        names.append("$user.syskey.accountID")
    return {
        "title": method.name,
        "description": method.summary,
        "type": "object",
        "required": ["method", "keys"],
        "properties": {"method": {"const": method.name}, "keys": _variables(names)},
    }


def webhook_body(registry: Registry) -> dict[str, Any]:
    """The request body of every webhook door: one form per method, then the free form."""
    free = {
        "title": "Any method, any variables (or the flat form)",
        "type": "object",
        "properties": {
            "method": {"type": "string"},
            "keys": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}, "value": VALUE_SCHEMA},
                },
            },
        },
        "additionalProperties": True,
    }
    examples = {
        f"{method.name}{index or ''}": {
            "summary": example.title or method.summary,
            "value": {
                "method": method.name,
                "keys": [{"name": k, "value": v} for k, v in example.keys.items()],
            },
        }
        for method in registry
        for index, example in enumerate(method.examples)
    }
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"anyOf": [*(_method_body(m) for m in registry), free]},
                "examples": examples,
            }
        },
    }


def _webhook_responses() -> dict[str, Any]:
    success = {"$ref": "#/components/schemas/WebhookSuccess"}
    responses: dict[str, Any] = {
        "200": {
            "description": "SUCCESS (a negative business answer is a success too)",
            "content": {"application/json": {"schema": success}},
        }
    }
    for status, description in WEBHOOK_FAILURE_STATUSES.items():
        schema: dict[str, Any] = {"$ref": FAILURE_REF}
        if status == "404":
            # An unknown legacy environment is refused by routing: the plain error answer.
            schema = {"anyOf": [schema, {"$ref": ERROR_REF}]}
        responses[status] = {
            "description": description,
            "content": {"application/json": {"schema": schema}},
        }
    return responses


FLAT_PARAMETER: dict[str, Any] = {
    "name": "format",
    "in": "query",
    "required": False,
    "schema": {"enum": ["flat"]},
    "description": "flat: answer one flat string map (Amazon Connect's STRING_MAP)",
}


def _webhook_operation(registry: Registry) -> dict[str, Any]:
    """What every webhook door's operation says: the body from the registry, the answers."""
    return {
        "requestBody": webhook_body(registry),
        "responses": _webhook_responses(),
        "security": [{}, {"webhookBasic": []}],
    }


def front_paths(doors: Sequence[Door], registry: Registry) -> dict[str, Any]:
    """The path items of the front's doors (HEAD, GET's twin, is not listed)."""
    webhook = _webhook_operation(registry)
    paths: dict[str, Any] = {}
    for door in doors:
        for documented in door.operations:
            item = paths.setdefault(documented.path, {})
            for method in sorted(door.methods - {"HEAD"}):
                operation: dict[str, Any] = {
                    "tags": [door.tag],
                    "summary": documented.summary,
                    "operationId": documented.operation_id,
                    **copy.deepcopy(door.doc),
                }
                if door.tag == WEBHOOK_TAG:
                    operation.update(copy.deepcopy(webhook))
                    operation["parameters"] = [*operation.get("parameters", []), FLAT_PARAMETER]
                item[method.lower()] = operation
    return paths


def _error_content() -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": ERROR_REF}}}


def _complete_errors(path: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    fastapi_422 = responses.get("422", {}).get("content", {}).get("application/json", {})
    if fastapi_422.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
        responses["422"] = {"description": "A parameter is not valid", "content": _error_content()}
    if path.startswith("/kairos-apis/"):
        # The outbound API answers its own codes in `api-response-code`, with honest statuses.
        outbound = {"type": "object", "required": ["api-response-code", "api-response-message"]}
        content = {"application/json": {"schema": {"anyOf": [{"$ref": ERROR_REF}, outbound]}}}
        responses.setdefault("4XX", {"description": "Refused", "content": content})
    elif path in ("/{code}", "/{code}/qr"):
        page = {"text/html": {"schema": {"type": "string"}}}
        responses.setdefault("404", {"description": "No such short link (a page)", "content": page})
        responses.setdefault("410", {"description": "Expired or used up (a page)", "content": page})
        responses.setdefault("4XX", {"description": "Refused", "content": _error_content()})
    else:
        responses.setdefault("4XX", {"description": "Refused", "content": _error_content()})
    if path.startswith("/api/v1/"):
        operation["security"] = [{"adminBearer": []}]


def complete(schema: dict[str, Any], registry: Registry, doors: Sequence[Door]) -> dict[str, Any]:
    """Add the front's doors and fill in what FastAPI cannot know; returns `schema`."""
    schema["paths"] = {**front_paths(doors, registry), **schema.get("paths", {})}
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.update(COMPONENTS)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    components["securitySchemes"] = {
        "adminBearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "An admin token; the short-link API also takes an account's custToken",
        },
        "webhookBasic": {
            "type": "http",
            "scheme": "basic",
            "description": "An account's webhook credentials (else accountID names the account)",
        },
    }
    for path, item in schema.get("paths", {}).items():
        for operation in item.values():
            _complete_errors(path, operation)
    return schema


def install(app: FastAPI, registry: Registry, doors: Sequence[Door]) -> None:
    """Make `app.openapi()` answer the completed schema (built once, then cached)."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(generate(), registry, doors)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with its `$defs` references replaced by the definitions themselves."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


def json_body_doc(model: type[Any]) -> dict[str, Any]:
    """`openapi_extra` for a route that reads `model` from its body itself (no `$defs` refs)."""
    raw = model.model_json_schema(by_alias=True)
    schema = _inline(raw, raw.get("$defs", {}))
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}
