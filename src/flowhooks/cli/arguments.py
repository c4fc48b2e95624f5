"""Command-line text turned into values, refused with a message naming the option."""

from __future__ import annotations

import json
from typing import Any

import typer


def phone_number(raw: str) -> str:
    """A number in any common form (`+91 99797 46666`, `09979746666`) as E.164."""
    from flowhooks import phones

    try:
        return phones.normalize(raw)
    except ValueError as exc:
        raise typer.BadParameter(f"{raw!r}: {exc}") from None


def json_object(option: str, text: str | None) -> dict[str, Any]:
    """The JSON object given to `option`; nothing given is an empty object."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"{option} is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise typer.BadParameter(f"{option} must be a JSON object")
    return value
