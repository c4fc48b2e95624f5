"""The test form of a method: its fields, the envelope it posts and the equivalent curl.

Generated from the method's declaration (never hand-copied): one field per declared input,
plus a free list of extra variables, one `name=value` a line (`name` alone sends null,
`name=` sends ""). An input that is required, or that the method's first example sends, is
filled with that example's value (or the input's own example); any other input shows its
example only as a placeholder, so Send never passes an example the designer did not choose
(a referenceTime of 2019 would move "next Monday" to 2019). Inputs with a fixed set of
values (a choice, true/false) are selects. Blank declared fields are not sent, as a flow
leaves out a variable it does not have.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flowhooks.catalogue import describe_param
from flowhooks.kinds import Boolean, Choice
from flowhooks.redaction import REDACTED
from flowhooks.registry import Method, Param

FIELD_PREFIX = "in:"


@dataclass(frozen=True)
class FormField:
    """One declared input as the form shows it."""

    full_name: str
    label: str
    required: str
    format: str
    description: str
    value: str
    placeholder: str
    choices: tuple[str, ...]
    secret: bool

    @property
    def field_name(self) -> str:
        return FIELD_PREFIX + self.full_name


def _example_keys(method: Method) -> Mapping[str, str]:
    return method.examples[0].keys if method.examples else {}


def _matches(key: str, param: Param) -> bool:
    return key == param.full_name or key.rsplit(".", 1)[-1].lower() == param.name.lower()


def _required(param: Param) -> str:
    value = describe_param(param)["required"]
    if value is True:
        return "required"
    return value if isinstance(value, str) else "optional"


def _choices(param: Param) -> tuple[str, ...]:
    if isinstance(param.kind, Choice):
        return param.kind.choices
    if isinstance(param.kind, Boolean):
        return ("true", "false")
    return ()


def _example_value(param: Param, example: Mapping[str, str]) -> str:
    return next((v for k, v in example.items() if _matches(k, param)), param.example) or ""


def _prefilled(param: Param, example: Mapping[str, str]) -> bool:
    """Whether the example's value goes in the field: a required input, or one the method's
    first example sends (that example is a request that works as it is)."""
    return param.required or any(_matches(k, param) for k in example)


def form_fields(
    method: Method, account_id: int | None, values: Mapping[str, str] | None = None
) -> list[FormField]:
    """The form's fields: `values` as sent before, else required inputs from the example."""
    example = _example_keys(method)
    fields = []
    for param in method.inputs:
        shown = _example_value(param, example)
        if values is not None:
            value = values.get(param.full_name, "")
        elif param.name.lower() == "accountid" and account_id is not None:
            value = str(account_id)
        else:
            value = shown if _prefilled(param, example) else ""
        fields.append(
            FormField(
                full_name=param.full_name,
                label=param.name,
                required=_required(param),
                format=param.expected,
                description=param.description,
                value=value,
                placeholder=shown,
                choices=_choices(param),
                secret=param.secret,
            )
        )
    return fields


def values_from_inputs(method: Method, inputs: object) -> tuple[dict[str, str], str]:
    """The form's declared values and extra lines back from an invocation's stored inputs.

    Redacted values come back blank (the secret is not stored); a stored body that did not
    parse gives an empty form.
    """
    values: dict[str, str] = {}
    extras: list[str] = []
    if not isinstance(inputs, list):
        return values, ""
    for item in inputs:
        if not isinstance(item, dict):
            continue
        name, value = str(item.get("name", "")), item.get("value")
        param = next((p for p in method.inputs if _matches(name, p)), None)
        if param is not None and param.full_name not in values:
            values[param.full_name] = "" if value in (None, REDACTED) else str(value)
        elif value is None:
            extras.append(name)
        else:
            extras.append(f"{name}={'' if value == REDACTED else value}")
    return values, "\n".join(extras)


def default_extras(method: Method) -> str:
    """The example's variables that are not declared inputs, as `name=value` lines."""
    lines = [
        f"{k}={v}"
        for k, v in _example_keys(method).items()
        if not any(_matches(k, p) for p in method.inputs)
    ]
    return "\n".join(lines)


def parse_extras(text: str) -> list[tuple[str, str | None]]:
    """`name=value` lines; `name` alone is null. Raises ValueError naming the bad line."""
    variables: list[tuple[str, str | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        name, sep, value = stripped.partition("=")
        name = name.strip()
        if not name or any(c.isspace() for c in name):
            raise ValueError(f"line {number}: {stripped!r} is not name=value")
        variables.append((name, value if sep else None))
    return variables


def envelope(
    method: Method, declared: Mapping[str, str], extras: list[tuple[str, str | None]]
) -> dict[str, Any]:
    """The request body: declared inputs that were filled in, then the extra variables."""
    keys: list[dict[str, str | None]] = [
        {"name": p.full_name, "value": declared[p.full_name]}
        for p in method.inputs
        if declared.get(p.full_name, "").strip()
    ]
    keys += [{"name": n, "value": v} for n, v in extras]
    return {"method": method.name, "keys": keys}


def body_bytes(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


def curl_command(url: str, body: Mapping[str, Any], basic_user: str | None = None) -> str:
    """A shell command that sends the same request (the Basic password is left as a blank)."""
    parts = ["curl", "-sS", "-X", "POST", shlex.quote(url)]
    parts += ["-H", shlex.quote("Content-Type: application/json")]
    if basic_user:
        parts += ["-u", shlex.quote(f"{basic_user}:PASSWORD")]
    parts += ["--data-raw", shlex.quote(json.dumps(body, ensure_ascii=False))]
    return " ".join(parts)
