"""Secrets never reach a log line or the invocation log: one rule, by variable name.

A variable is secret when its bare name (the last segment, case-insensitive) is one of
SECRET_NAMES or is declared `secret=True` by its method. Its value is replaced by REDACTED.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

REDACTED = "***"
SECRET_NAMES = frozenset(
    {
        "apikey",
        "api_key",
        "securityid",
        "security-id",
        "security_id",
        "token",
        "custtoken",
        "password",
        "secret",
        "dialersecret",
        "authorization",
        "admin_token",
        "access_token",
    }
)


def bare_name(name: str) -> str:
    """`$flow.key.apiKey` -> `apikey`."""
    return name.rsplit(".", 1)[-1].lower()


def is_secret(name: str, extra: Iterable[str] = ()) -> bool:
    bare = bare_name(name)
    return bare in SECRET_NAMES or bare in extra


def redact_variables(
    variables: Iterable[tuple[str, str | None]], extra: Iterable[str] = ()
) -> list[dict[str, str | None]]:
    """The variables as {"name", "value"} rows with every secret value replaced."""
    extra_set = frozenset(e.lower() for e in extra)
    return [
        {
            "name": name,
            "value": REDACTED if value is not None and is_secret(name, extra_set) else value,
        }
        for name, value in variables
    ]


def redact_mapping(data: Mapping[str, Any]) -> dict[str, Any]:
    """A shallow copy of a log event or a settings dict with secret-named entries replaced."""
    return {k: (REDACTED if v is not None and is_secret(k) else v) for k, v in data.items()}
