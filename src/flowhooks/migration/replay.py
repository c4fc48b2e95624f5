"""`flowhooks replay`: recorded calls posted again, their answers compared with the record.

This is how a migrating customer proves a flow answers as before: each line of a JSON
Lines file is `{"path", "body", "expect": {"status"?, "keys": {name: value}}}`, taken from
the original platform's logs. Each call is posted to the running service and every
difference is listed: a variable missing or with another value, another status. An
expected `status` that is a number is the HTTP status, text is the envelope's status
(`SUCCESS`/`FAILED`). A variable is matched by its full name (`$flow.key.outputDate`) or,
as the webhooks match names, by its last segment, case-insensitively. Variables the
answer has beyond those expected are not differences: the service may say more.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from flowhooks.migration.files import BadImportFile, jsonl_rows


@dataclass(frozen=True, slots=True)
class RecordedCall:
    line: int
    path: str
    body: Any
    status: int | str | None
    keys: dict[str, str]


@dataclass(frozen=True, slots=True)
class Difference:
    """One way an answer differs from its record."""

    line: int
    path: str
    what: str
    expected: str
    got: str


def read(path: Path) -> list[RecordedCall]:
    """Every recorded call in the file; a malformed line is refused with its number."""
    calls = []
    for line, item in jsonl_rows(path):
        target = item.get("path")
        if not isinstance(target, str) or not target.startswith("/"):
            raise BadImportFile(line, '"path" must be a path starting with /')
        expect = item.get("expect", {})
        if not isinstance(expect, dict):
            raise BadImportFile(line, '"expect" must be an object')
        status = expect.get("status")
        if status is not None and (isinstance(status, bool) or not isinstance(status, int | str)):
            raise BadImportFile(line, '"expect.status" must be an HTTP status or SUCCESS/FAILED')
        keys = expect.get("keys", {})
        if not isinstance(keys, dict):
            raise BadImportFile(line, '"expect.keys" must be an object of name -> value')
        calls.append(
            RecordedCall(
                line, target, item.get("body"), status, {k: _text(v) for k, v in keys.items()}
            )
        )
    return calls


async def replay(client: httpx.AsyncClient, calls: list[RecordedCall]) -> list[Difference]:
    """Post each call in turn (client: on the service's base URL); every difference found."""
    differences: list[Difference] = []
    for call in calls:
        differences.extend(compare(call, await _post(client, call)))
    return differences


async def _post(client: httpx.AsyncClient, call: RecordedCall) -> httpx.Response:
    if isinstance(call.body, str):
        return await client.post(call.path, content=call.body.encode())
    return await client.post(call.path, json=call.body)


def compare(call: RecordedCall, response: httpx.Response) -> list[Difference]:
    """The differences between one answer and its record."""
    found: list[Difference] = []

    def differ(what: str, expected: str, got: str) -> None:
        found.append(Difference(call.line, call.path, what, expected, got))

    try:
        answer = response.json()
    except ValueError:
        answer = None
    if isinstance(call.status, int) and call.status != response.status_code:
        differ("HTTP status", str(call.status), str(response.status_code))
    if not isinstance(answer, dict):
        differ("answer", "a JSON envelope", response.text[:60] or "(empty)")
        return found
    if isinstance(call.status, str) and call.status != answer.get("status"):
        differ("status", call.status, str(answer.get("status")))
    variables = _variables(answer)
    for name, expected in call.keys.items():
        got = _lookup(variables, name)
        if got is None:
            differ(name, expected, "(missing)")
        elif got != expected:
            differ(name, expected, got)
    return found


def _variables(answer: dict[str, Any]) -> dict[str, str]:
    """The answer's variables, from the envelope's keys or a flat answer."""
    keys = answer.get("keys")
    if isinstance(keys, list):
        return {
            str(key.get("name")): _text(key.get("value")) for key in keys if isinstance(key, dict)
        }
    return {name: _text(value) for name, value in answer.items()}


def _lookup(variables: dict[str, str], name: str) -> str | None:
    if name in variables:
        return variables[name]
    bare = name.rsplit(".", 1)[-1].lower()
    for full, value in variables.items():
        if full.rsplit(".", 1)[-1].lower() == bare:
            return value
    return None


def _text(value: Any) -> str:
    """A value as the envelope carries it: a string, booleans as true/false, null as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
