"""The `flowhooks` command: one door among others into the same core.

Every command reads the same FLOWHOOKS_* settings (FLOWHOOKS_DATABASE_URL above all), so it
works beside a running server. Errors become a message on stderr and exit code 1.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import typer

from flowhooks import logs
from flowhooks.cli import admin_users as console_cli
from flowhooks.cli.agents import app as agents_app
from flowhooks.cli.flows import app as outbound_flows_app
from flowhooks.cli.holidays import app as holidays_app
from flowhooks.cli.nlu import app as nlu_app
from flowhooks.cli.translation import app as translation_app
from flowhooks.errors import FlowhooksError
from flowhooks.settings import Settings
from flowhooks.store.database import Database

T = TypeVar("T")
app = typer.Typer(help="flowhooks: internal webhooks for IVR call flows.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
accounts_app = typer.Typer(help="Accounts.", no_args_is_help=True)
contacts_app = typer.Typer(help="Contacts' stored values ($user.key).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(accounts_app, name="accounts")
app.add_typer(contacts_app, name="contacts")
app.add_typer(nlu_app, name="nlu")
app.add_typer(translation_app, name="translation")
app.add_typer(holidays_app, name="holidays")
app.add_typer(console_cli.app, name="admin-users")
app.add_typer(agents_app, name="agents")
app.add_typer(outbound_flows_app, name="flows")

SERVERS = ("uvicorn", "granian")


def settings() -> Settings:
    return Settings()


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; a FlowhooksError is a clear message and exit code 1."""
    try:
        return asyncio.run(coro)
    except FlowhooksError as exc:
        typer.echo(f"error: {exc.code}: {exc.message}", err=True)
        raise typer.Exit(1) from None


async def with_db(work: Callable[[Database], Awaitable[T]], migrate_first: bool = True) -> T:
    from flowhooks.store import migrate

    db = Database(settings().database_url)
    try:
        if migrate_first:
            await migrate.upgrade(db)
        return await work(db)
    finally:
        await db.dispose()


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


async def _nothing(_db: Database) -> None:
    """with_db migrates; some commands need nothing more."""


# ---- serving -------------------------------------------------------------------------------


def _exit_cleanly(signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _serve(host: str, port: int, workers: int, server: str) -> None:
    import signal

    s = settings()
    logs.configure(s.log_format, s.log_level)
    # SIGTERM / SIGINT is how a process manager stops us: exit 0 once stopped. uvicorn
    # (one process) re-raises the signal after its graceful shutdown, to this handler,
    # which would otherwise end the process as killed (-15) after a clean stop.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _exit_cleanly)
    run(with_db(_nothing))  # migrate once, before any server process starts
    factory = "flowhooks.http.app:app_from_env"
    if server == "granian":
        from granian import Granian
        from granian.constants import Interfaces, Loops

        Granian(
            factory,
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
            factory,
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


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Server processes."),
    server: str = typer.Option("uvicorn", help="uvicorn or granian (see docs/benchmarks.md)."),
) -> None:
    """Serve the webhooks, the APIs and the console (migrates the database first)."""
    if server not in SERVERS:
        raise typer.BadParameter(f"--server must be one of {', '.join(SERVERS)}")
    _serve(host, port, workers, server)


@app.command()
def worker() -> None:
    """Run background jobs (outbound dispatch, reports) until stopped; any number may run."""
    import signal

    from flowhooks import background
    from flowhooks.methods import REGISTRY
    from flowhooks.runtime import Runtime

    s = settings()
    logs.configure(s.log_format, s.log_level)

    async def main() -> None:
        from flowhooks.store import migrate

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


@app.command()
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
        _serve(host, port, 1, server)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    run(with_db(_nothing))
    typer.echo("database is up to date")


# ---- accounts ------------------------------------------------------------------------------


@accounts_app.command("create")
def accounts_create(
    id: int = typer.Option(..., "--id", help="Numeric account id."),
    name: str = typer.Option(..., help="Account name."),
    cust_token: str | None = typer.Option(None, help="Short-link / chatbot custToken."),
    security_id: str | None = typer.Option(None, help="Outbound security ID (64 chars)."),
    timezone: str = typer.Option("Asia/Kolkata", help="IANA time zone."),
    settings_json: str | None = typer.Option(None, "--settings", help="Settings as JSON."),
) -> None:
    """Create an account."""
    from flowhooks.accounts import service

    async def work(db: Database) -> dict[str, Any]:
        async with db.session() as session:
            row = await service.create(
                session,
                account_id=id,
                name=name,
                timezone=timezone,
                settings=_json_option(settings_json),
                cust_token=cust_token,
                security_id=security_id,
            )
            return service.public_view(row)

    echo_json(run(with_db(work)))


@accounts_app.command("list")
def accounts_list() -> None:
    """List accounts."""
    from flowhooks.accounts import service
    from flowhooks.store import accounts as store

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.read() as session:
            return [service.public_view(r) for r in await store.list_all(session)]

    for view in run(with_db(work)):
        typer.echo(f"{view['id']}\t{view['name']}\t{view['timezone']}")


@accounts_app.command("show")
def accounts_show(id: int = typer.Option(..., "--id")) -> None:
    """Show one account (secrets masked)."""
    from flowhooks.accounts import service

    async def work(db: Database) -> dict[str, Any]:
        async with db.read() as session:
            return service.public_view(await service.get_or_404(session, id))

    echo_json(run(with_db(work)))


@accounts_app.command("update")
def accounts_update(
    id: int = typer.Option(..., "--id"),
    name: str | None = typer.Option(None),
    timezone: str | None = typer.Option(None),
    settings_json: str | None = typer.Option(None, "--settings", help="Sections to change, JSON."),
    basic_username: str | None = typer.Option(None, help="HTTP Basic user for webhooks."),
    basic_password: str | None = typer.Option(None, help="HTTP Basic password (stored hashed)."),
    cust_token: str | None = typer.Option(None, help="Add a custToken."),
    security_id: str | None = typer.Option(None, help="Add a security ID."),
) -> None:
    """Change an account; settings sections are merged field by field."""
    from flowhooks.accounts import service

    async def work(db: Database) -> dict[str, Any]:
        async with db.session() as session:
            row = await service.update(
                session,
                id,
                name=name,
                timezone=timezone,
                settings=_json_option(settings_json) if settings_json else None,
                basic_username=basic_username,
                basic_password=basic_password,
            )
            if cust_token:
                await service.add_token(session, id, "cust_token", cust_token)
            if security_id:
                await service.add_token(session, id, "security_id", security_id)
            return service.public_view(row)

    echo_json(run(with_db(work)))


@app.command("admin-token")
def admin_token() -> None:
    """Create a new admin token for the admin API (shown once)."""
    from flowhooks.accounts import service

    async def work(db: Database) -> str:
        async with db.session() as session:
            return await service.add_token(session, None, "admin_token")

    typer.echo(run(with_db(work)))


def _json_option(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"--settings is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise typer.BadParameter("--settings must be a JSON object")
    return value


# ---- contacts ------------------------------------------------------------------------------


@contacts_app.command("erase")
def contacts_erase(
    account: int = typer.Option(..., "--account", help="Account id."),
    number: str = typer.Argument(..., help="The contact's number, any common form."),
) -> None:
    """Erase a contact and every value stored for it."""
    from flowhooks import phones
    from flowhooks.store import contacts

    try:
        e164 = phones.normalize(number)
    except ValueError as exc:
        raise typer.BadParameter(f"{number!r}: {exc}") from None

    async def work(db: Database) -> bool:
        async with db.session() as session:
            return await contacts.erase(session, account, e164)

    if run(with_db(work)):
        typer.echo(f"erased {e164} from account {account}")
    else:
        typer.echo(f"no contact {e164} in account {account}", err=True)
        raise typer.Exit(1)


# ---- methods -------------------------------------------------------------------------------


@app.command()
def methods() -> None:
    """List every webhook method with its status and inputs."""
    from flowhooks.methods import REGISTRY

    for method in REGISTRY:
        typer.echo(f"{method.name}  [{method.status}]  /{method.service}/{{env}}/")
        typer.echo(f"    {method.summary}")
        for param in method.inputs:
            flag = (
                "required"
                if param.required
                else (
                    f"required when {param.required_when[0]}={param.required_when[1]}"
                    if param.required_when
                    else "optional"
                )
            )
            typer.echo(f"    - {param.full_name} ({flag}): {param.expected}")


@app.command()
def call(
    method: str = typer.Argument(..., help="Method name, e.g. fetchUserPreferences."),
    variables: list[str] = typer.Argument(None, help="name=value pairs, e.g. accountID=1."),
    url: str | None = typer.Option(None, help="A running flowhooks; default: call in-process."),
    flat: bool = typer.Option(False, help="Ask for the flat answer (?format=flat)."),
) -> None:
    """Send one webhook and print the answer (the seed's "How to test internal webhooks")."""
    keys = []
    for pair in variables or []:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"{pair!r} is not name=value")
        keys.append({"name": name, "value": value})
    body = json.dumps({"method": method, "keys": keys}).encode()
    status, answer = run(_call(body, url, flat))
    echo_json(answer)
    if status >= 400:
        raise typer.Exit(1)


async def _call(body: bytes, url: str | None, flat: bool) -> tuple[int, Any]:
    import httpx

    params = {"format": "flat"} if flat else {}
    headers = {"content-type": "application/json"}
    if url:
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(
                url.rstrip("/") + "/webhook", content=body, params=params, headers=headers
            )
            return response.status_code, response.json()
    from flowhooks.http.app import create_app
    from flowhooks.store import migrate

    application = create_app(settings(), background=False)
    runtime = application.state.runtime
    await migrate.upgrade(runtime.db)
    await runtime.start(background=False)
    try:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://flowhooks.local"
        ) as client:
            response = await client.post("/webhook", content=body, params=params, headers=headers)
            return response.status_code, response.json()
    finally:
        await runtime.stop()


# Area command groups import run/with_db from this module, so they are added last.
from flowhooks.cli.shortlinks import app as shortlinks_app  # noqa: E402

app.add_typer(shortlinks_app, name="shortlinks")


def main() -> None:
    if os.environ.get("FLOWHOOKS_CLI_TRACEBACKS") != "1":
        sys.tracebacklimit = 0
    app()
