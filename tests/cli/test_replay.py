"""`flowhooks replay` against a real server: zero when every answer matches its record, one
with a table of every difference (missing or different variable, status) when any differs."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from flowhooks.cli.main import app as cli
from tests.shortlinks.fixtures import LiveServer

FETCH = {
    "method": "fetchUserPreferences",
    "keys": [
        {"name": "$user.syskey.contactNumber", "value": "9812345678"},
        {"name": "$user.syskey.accountID", "value": "1"},
    ],
}
UNKNOWN = {"method": "nope", "keys": []}


def _record(tmp_path: Path, calls: list[dict[str, Any]]) -> Path:
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(json.dumps(call) + "\n" for call in calls), encoding="utf-8")
    return path


async def _replay(path: Path, url: str) -> Result:
    """The command in a thread of its own: the server answers on this test's event loop."""
    return await asyncio.to_thread(CliRunner().invoke, cli, ["replay", str(path), "--url", url])


async def test_matching_answers_exit_zero(live_server: LiveServer, tmp_path: Path) -> None:
    """Full and bare names, HTTP and envelope statuses, a legacy path: all as recorded."""
    path = _record(
        tmp_path,
        [
            {
                "path": "/centraloutboundwebhook-v1/prod/",
                "body": FETCH,
                "expect": {"status": 200, "keys": {"$flow.key.userFound": "false"}},
            },
            {
                "path": "/webhook",
                "body": UNKNOWN,
                "expect": {"status": "FAILED", "keys": {"errorCode": "UNKNOWN_METHOD"}},
            },
        ],
    )
    result = await _replay(path, live_server.base_url)
    assert result.exit_code == 0, result.output
    assert "all 2 calls answer as recorded" in result.output


async def test_differing_answers_exit_one_with_every_difference(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """A different value, a missing variable and another status are each a table row."""
    path = _record(
        tmp_path,
        [
            {
                "path": "/webhook",
                "body": FETCH,
                "expect": {
                    "status": "SUCCESS",
                    "keys": {"userFound": "true", "$user.key.preferredLanguage": "Hindi"},
                },
            },
            {"path": "/webhook", "body": UNKNOWN, "expect": {"status": 200}},
            {"path": "/webhook", "body": FETCH, "expect": {"keys": {"userFound": "false"}}},
        ],
    )
    result = await _replay(path, live_server.base_url)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].split() == ["line", "path", "variable", "expected", "got"]
    rows = [line.split() for line in lines[1:-1]]
    assert ["1", "/webhook", "userFound", "true", "false"] in rows
    assert ["1", "/webhook", "$user.key.preferredLanguage", "Hindi", "(missing)"] in rows
    assert ["2", "/webhook", "HTTP", "status", "200", "404"] in rows
    assert len(rows) == 3
    assert lines[-1] == "2 of 3 calls differ"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"path": "/webhook"}\nnot json\n', "line 2: not JSON"),
        ('{"path": "webhook"}\n', 'line 1: "path" must be a path'),
    ],
)
def test_a_malformed_record_is_refused_with_its_line(
    tmp_path: Path, text: str, reason: str
) -> None:
    """Nothing is posted; the error names the line."""
    path = tmp_path / "calls.jsonl"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["replay", str(path), "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 1
    assert reason in result.output


def test_an_unreachable_service_is_an_error(tmp_path: Path) -> None:
    """A service that does not answer exits 1 naming the URL."""
    path = _record(tmp_path, [{"path": "/webhook", "body": FETCH, "expect": {}}])
    result = CliRunner().invoke(cli, ["replay", str(path), "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "http://127.0.0.1:9" in result.output
