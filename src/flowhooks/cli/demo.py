"""`flowhooks demo`: the demo account, an admin token and a console user, then serve."""

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
    admin (with a new random password), then serve."""
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
        typer.echo(f"serving on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
        start_server(host, port, 1, server)
