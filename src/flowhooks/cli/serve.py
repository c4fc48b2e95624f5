"""`flowhooks serve` and `flowhooks worker`: the long-running processes.

`serve` migrates once, before any server process starts, then hands the app factory to
uvicorn or granian; `worker` runs the background jobs. Both stop cleanly (exit 0) on
SIGTERM / SIGINT, the way a process manager stops them.
"""

from __future__ import annotations

import asyncio

import typer

from flowhooks.cli.database import nothing, settings, with_db
from flowhooks.cli.output import run

SERVERS = ("uvicorn", "granian")
APP_FACTORY = "flowhooks.http.app:app_from_env"


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Server processes."),
    server: str = typer.Option("uvicorn", help="uvicorn or granian (see docs/benchmarks.md)."),
) -> None:
    """Serve the webhooks, the APIs and the console (migrates the database first)."""
    if server not in SERVERS:
        raise typer.BadParameter(f"--server must be one of {', '.join(SERVERS)}")
    start_server(host, port, workers, server)


def _exit_cleanly(signum: int, _frame: object) -> None:
    raise SystemExit(0)


def start_server(host: str, port: int, workers: int, server: str) -> None:
    """Migrate, then serve with `server` until stopped."""
    import signal

    from flowhooks import logs

    s = settings()
    logs.configure(s.log_format, s.log_level)
    # SIGTERM / SIGINT is how a process manager stops us: exit 0 once stopped. uvicorn
    # (one process) re-raises the signal after its graceful shutdown, to this handler,
    # which would otherwise end the process as killed (-15) after a clean stop.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _exit_cleanly)
    run(with_db(nothing))  # migrate once, before any server process starts
    if server == "granian":
        from granian import Granian
        from granian.constants import Interfaces, Loops

        Granian(
            APP_FACTORY,
            address=host,
            port=port,
            workers=workers,
            interface=Interfaces.ASGI,
            loop=Loops.uvloop,
            factory=True,
            log_access=False,
        ).serve()
    else:
        import uvicorn

        uvicorn.run(
            APP_FACTORY,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            loop="uvloop",
            http="httptools",
            access_log=False,
            lifespan="on",
            log_level="warning",
        )


def worker() -> None:
    """Run background jobs (outbound dispatch, reports) until stopped; any number may run."""
    import signal

    from flowhooks import background, logs
    from flowhooks.methods import REGISTRY
    from flowhooks.runtime import Runtime
    from flowhooks.store import migrate

    s = settings()
    logs.configure(s.log_format, s.log_level)

    async def main() -> None:
        runtime = Runtime(s, REGISTRY)
        await migrate.upgrade(runtime.db)
        background.install(runtime, serving=False)  # no webhooks here: no language models
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await runtime.start(background=True)
        typer.echo(f"worker {runtime.worker_id} running", err=True)
        await stop.wait()
        await runtime.stop()

    run(main())
