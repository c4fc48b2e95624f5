"""How a command speaks: plain help, JSON answers, and errors as a message with exit code 1.

Every command group is made by `command_group`, so help is click's plain layout, where a
flag shows as a flag (`--no-serve`). typer's rich layout prints a type column that reads
`<bool>` for every flag, as if it took a value, and costs an import of rich on each `--help`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from typing import Any, NoReturn, TypeVar

import typer

from flowhooks.errors import FlowhooksError

T = TypeVar("T")


def command_group(help: str) -> typer.Typer:
    """A `flowhooks` command or group of commands, with plain help."""
    return typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None)


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; a FlowhooksError is a clear message and exit code 1."""
    try:
        return asyncio.run(coro)
    except FlowhooksError as exc:
        fail(f"{exc.code}: {exc.message}")


def fail(message: str) -> NoReturn:
    """Print `error: <message>` on stderr and end with exit code 1."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
