"""The {"method", "keys"} envelope: parse a request, bind variables to a method, build answers.

Names match a declared parameter by full name (`$flow.key.inputDate`), by bare name
(`inputDate`) or by the last segment of another scope (`$flow.syskey.inputDate`), always
case-insensitively; `$user.key.*` variables are caller values and never fill a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from flowhooks.errors import (
    FlowhooksError,
    InvalidFormat,
    InvalidParameter,
    MissingParameter,
    UnknownMethod,
)
from flowhooks.registry import USER_VALUE_SCOPE, Inputs, Method, Param

EXPECTED_BODY = '{"method": "<name>", "keys": [{"name": "<variable>", "value": "<value>"}]}'
MAX_VARIABLES = 500
MAX_NAME_LENGTH = 256
Variable = tuple[str, str | None]


@dataclass(frozen=True)
class Envelope:
    """A parsed request: the method name (if any) and the variables in order."""

    method: str | None
    variables: list[Variable]


def parse_body(body: bytes) -> Envelope:
    """Parse the request body in the keys form or the flat form, or raise InvalidFormat."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise InvalidFormat(f"The body is not valid JSON: expected {EXPECTED_BODY}") from None
    if not isinstance(data, dict):
        raise InvalidFormat(f"The body must be a JSON object: expected {EXPECTED_BODY}")
    method = data.get("method")
    if method is not None and (not isinstance(method, str) or not method.strip()):
        raise InvalidFormat('"method" must be a non-empty string naming a webhook method')
    if "keys" in data:
        variables = _keys_form(data["keys"])
    else:
        variables = [
            (_name(name, repr(name)[:40]), _scalar(value, name))
            for name, value in data.items()
            if name != "method"
        ]
    if len(variables) > MAX_VARIABLES:
        raise InvalidFormat(f'"keys" has {len(variables)} variables, at most {MAX_VARIABLES}')
    return Envelope(method=method.strip() if method else None, variables=variables)


def _keys_form(keys: Any) -> list[Variable]:
    if not isinstance(keys, list):
        raise InvalidFormat(
            f'"keys" must be a list of {{"name", "value"}} objects: {EXPECTED_BODY}'
        )
    variables: list[Variable] = []
    for index, item in enumerate(keys):
        if not isinstance(item, dict):
            raise InvalidFormat(f'keys[{index}] must be an object {{"name": ..., "value": ...}}')
        name = _name(item.get("name"), f"keys[{index}].name")
        variables.append((name, _scalar(item.get("value"), name)))
    return variables


def _name(name: Any, where: str) -> str:
    """A variable name, stripped; the same rule for the keys form and the flat form."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidFormat(f'{where} must be a non-empty string such as "$flow.key.cli"')
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidFormat(f"{where} is longer than {MAX_NAME_LENGTH} characters")
    return name.strip()


def _scalar(value: Any, name: str) -> str | None:
    """Values arrive as strings, numbers, booleans or null and are treated as strings."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise InvalidFormat(f"{name}: the value must be a string, number, boolean or null")


def resolve_method_name(envelope: Envelope, path_method: str | None) -> str:
    """The method named by the path or the body; they must agree when both are given."""
    if path_method and envelope.method and path_method.lower() != envelope.method.lower():
        raise InvalidFormat(
            f"The path names method {path_method!r} but the body names {envelope.method!r}"
        )
    name = path_method or envelope.method
    if not name:
        raise InvalidFormat(f'"method" is missing: expected {EXPECTED_BODY}')
    return name


def unknown_method(name: str, closest: list[str]) -> UnknownMethod:
    hint = f"; did you mean {', '.join(closest)}?" if closest else ""
    return UnknownMethod(f"No webhook method is called {name!r}{hint}")


def _split(name: str) -> tuple[str | None, str]:
    lower = name.lower()
    if lower.startswith("$") and "." in lower:
        scope, last = lower.rsplit(".", 1)
        return scope, last
    return None, lower


def bind(method: Method, variables: list[Variable]) -> Inputs:
    """Match variables to the method's parameters, check and parse them, keep the extras."""
    chosen: dict[str, tuple[int, int]] = {}  # param name -> (priority, variable index)
    params = method.inputs_by_name
    for index, (name, _value) in enumerate(variables):
        scope, last = _split(name)
        param = params.get(last)
        if param is None:
            continue
        if scope is None:
            priority = 2
        elif scope == param.scope.lower():
            priority = 3
        elif scope != USER_VALUE_SCOPE:
            priority = 1
        else:
            continue
        previous = chosen.get(param.name)
        if previous is None or priority >= previous[0]:
            chosen[param.name] = (priority, index)

    raw: dict[str, str | None] = {}
    for param in method.inputs:
        found = chosen.get(param.name)
        value = variables[found[1]][1] if found else None
        if value is not None and not value.strip():
            value = None
        raw[param.name] = value if value is not None else param.default

    values: dict[str, Any] = {}
    for param in method.inputs:
        values[param.name] = _parse(param, raw[param.name])
    for param in method.inputs:
        if values[param.name] is None and _is_required(param, values):
            reason = None
            if param.required_when:
                other, wanted = param.required_when
                reason = f"required when {other} is {wanted}"
            raise MissingParameter(param.full_name, param.expected, reason)

    used = {index for _priority, index in chosen.values()}
    extras: list[Variable] = []
    if method.extras:
        wanted_scope = method.extras.lower()
        for index, (name, value) in enumerate(variables):
            if index in used:
                continue
            scope, _last = _split(name)
            if scope == wanted_scope:
                extras.append((name, value))
            elif scope is None and wanted_scope == "$flow.key" and name.lower() != "method":
                extras.append((f"$flow.key.{name}", value))
    return Inputs(values, raw, extras)


def _parse(param: Param, raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return param.kind.parse(raw)
    except ValueError as exc:
        shown = None if param.secret else raw
        raise InvalidParameter(param.full_name, param.expected, shown, str(exc)) from None


def _is_required(param: Param, values: dict[str, Any]) -> bool:
    if param.required:
        return True
    if param.required_when:
        other, wanted = param.required_when
        current = values.get(other)
        return isinstance(current, str) and current.lower() == wanted.lower()
    return False


def output_name(key: str) -> str:
    return key if key.startswith("$") else f"$flow.key.{key}"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def success_answer(method: str, request_id: str, outputs: dict[str, Any]) -> dict[str, Any]:
    keys = [{"name": "$flow.key.status", "value": "SUCCESS"}]
    keys += [
        {"name": output_name(k), "value": _text(v)} for k, v in outputs.items() if k != "status"
    ]
    return {
        "method": method,
        "status": "SUCCESS",
        "requestId": request_id,
        "keys": keys,
        "error": None,
    }


def failure_answer(method: str | None, request_id: str, error: FlowhooksError) -> dict[str, Any]:
    keys = [
        {"name": "$flow.key.status", "value": "FAILED"},
        {"name": "$flow.key.errorCode", "value": error.code},
        {"name": "$flow.key.errorMessage", "value": error.message},
    ]
    keys += [{"name": output_name(name), "value": value} for name, value in error.variables]
    return {
        "method": method,
        "status": "FAILED",
        "requestId": request_id,
        "keys": keys,
        "error": {"code": error.code, "message": error.message},
    }


def flatten(answer: dict[str, Any]) -> dict[str, str]:
    """The `?format=flat` form: one flat map of strings (Amazon Connect's STRING_MAP)."""
    flat = {key["name"]: key["value"] for key in answer["keys"]}
    flat["status"] = answer["status"]
    flat["requestId"] = answer["requestId"]
    if answer.get("method"):
        flat["method"] = answer["method"]
    return flat
