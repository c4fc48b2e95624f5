"""Saved test cases: which of the test form's values a case keeps, and its name's rule.

A case keeps the declared inputs that were filled in and the extra variables, as JSON.
Secret-named values (redaction.py's rule: a secret name, or an input its method declares
secret) are never stored, so a case that needs one is run without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flowhooks.redaction import is_secret
from flowhooks.registry import Method

NAME_MAX = 100


def checked_name(text: str) -> str:
    """The case's name, trimmed; raises ValueError naming the field and the expected form."""
    name = text.strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise ValueError(f"Test case name: expected 1 to {NAME_MAX} characters, got {len(name)}.")
    return name


@dataclass(frozen=True)
class CaseValues:
    """What a case stores, and the secret variables it left out."""

    inputs: dict[str, str]
    extras: list[tuple[str, str | None]]
    left_out: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "extras": [[n, v] for n, v in self.extras]}


def storable(
    method: Method, inputs: Mapping[str, str], extras: list[tuple[str, str | None]]
) -> CaseValues:
    """The form's filled-in inputs and extra variables without their secret values."""
    secret_names = method.secret_names
    left_out: list[str] = []
    kept_inputs: dict[str, str] = {}
    for param in method.inputs:
        value = inputs.get(param.full_name, "")
        if not value.strip():
            continue
        if param.secret or is_secret(param.full_name, secret_names):
            left_out.append(param.full_name)
        else:
            kept_inputs[param.full_name] = value
    kept_extras: list[tuple[str, str | None]] = []
    for name, extra in extras:
        if extra is not None and is_secret(name, secret_names):
            left_out.append(name)
        else:
            kept_extras.append((name, extra))
    return CaseValues(kept_inputs, kept_extras, tuple(left_out))


def from_json(data: object) -> tuple[dict[str, str], list[tuple[str, str | None]]]:
    """A stored case's inputs and extra variables (anything malformed is skipped)."""
    if not isinstance(data, dict):
        return {}, []
    raw_inputs = data.get("inputs")
    inputs = (
        {str(k): str(v) for k, v in raw_inputs.items() if v is not None}
        if isinstance(raw_inputs, dict)
        else {}
    )
    extras: list[tuple[str, str | None]] = []
    raw_extras = data.get("extras")
    for item in raw_extras if isinstance(raw_extras, list) else []:
        if isinstance(item, list) and len(item) == 2 and isinstance(item[0], str):
            extras.append((item[0], None if item[1] is None else str(item[1])))
    return inputs, extras


def extras_text(extras: list[tuple[str, str | None]]) -> str:
    """The extra variables as the form's lines (the inverse of tryout.parse_extras)."""
    return "\n".join(name if value is None else f"{name}={value}" for name, value in extras)
