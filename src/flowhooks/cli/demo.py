"""`flowhooks demo`: the demo account, an admin token and a console user, then the demo
dialer (DEMOFLOW's dialer URL, in a thread of this process) and the server."""

from __future__ import annotations

import typer

from flowhooks.cli.database import with_db
from flowhooks.cli.output import run
from flowhooks.cli.serve import start_server


def demo(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Only create the demo data."),
    server: str = typer.Option("uvicorn", help="uvicorn or granian."),
) -> None:
    """Create the demo account 1 (custToken abcd1234), an admin token and the console user
    admin (with a new random password), then run the demo dialer and serve."""
    from flowhooks.accounts import demo as demo_data

    created, admin_token = run(with_db(demo_data.seed))
    run(with_db(demo_data.seed_examples))
    state = "created" if created else "already there"
    typer.echo(
        f"demo account {demo_data.DEMO_ACCOUNT_ID} {state}; custToken {demo_data.DEMO_CUST_TOKEN}"
    )
    typer.echo(
        f"outbound: securityID {demo_data.DEMO_SECURITY_ID} flowID {demo_data.DEMO_FLOW_ID} "
        f"(dialer {demo_data.DEMO_DIALER_URL}); agent {demo_data.DEMO_AGENT_NUMBER}"
    )
    typer.echo(f"admin token (shown once): {admin_token}")
    console_password = run(with_db(demo_data.seed_console_admin))
    typer.echo(f"console: user {demo_data.CONSOLE_ADMIN} password {console_password} at /admin")
    if not no_serve:
        _start_demo_dialer()
        typer.echo(f"serving on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
        start_server(host, port, 1, server)


def _start_demo_dialer() -> None:
    """Answer DEMOFLOW's calls at its dialer URL; a warning, and no dialer, when the port is
    taken (the demo still serves; its calls then stay QUEUED, retried until a dialer answers)."""
    from urllib.parse import urlsplit

    from flowhooks.accounts import demo as demo_data
    from flowhooks.outbound.dialers.demo_dialer import DemoDialer, DemoDialerServer

    where = urlsplit(demo_data.DEMO_DIALER_URL)
    host, port = where.hostname or "127.0.0.1", where.port or 80
    secret = run(with_db(demo_data.dialer_secret))
    dialer = DemoDialer(secret)
    try:
        server = DemoDialerServer(dialer, host, port)
    except OSError as exc:
        typer.echo(
            f"warning: demo dialer not started, {host}:{port} is unavailable ({exc}); "
            "createOutbound calls on the demo will not be answered",
            err=True,
        )
        return
    typer.echo(
        f"demo dialer running at {server.url}: answers every DEMOFLOW call "
        f"(ANSWERED after {dialer.answer_after:g} s)"
    )
