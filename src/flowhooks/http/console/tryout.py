"""The test form of a method: its fields, the envelope it posts and the equivalent curl.

Generated from the method's declaration (never hand-copied): one field per declared input,
pre-filled from the method's first example or the input's own example, plus a free list of
extra variables, one `name=value` a line (`name` alone sends null, `name=` sends "").
Blank declared fields are not sent, as a flow leaves out a variable it does not have.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flowhooks.catalogue import describe_param
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


def form_fields(method: Method, account_id: int | None) -> list[FormField]:
    example = _example_keys(method)
    fields = []
    for param in method.inputs:
        value = next((v for k, v in example.items() if _matches(k, param)), param.example)
        if param.name.lower() == "accountid" and account_id is not None:
            value = str(account_id)
        fields.append(
            FormField(
                full_name=param.full_name,
                label=param.name,
                required=_required(param),
                format=param.expected,
                description=param.description,
                value=value or "",
                secret=param.secret,
            )
        )
    return fields


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
