"""The `flowhooks` command: one door among others into the same core.

The whole command line is registered here, in one list. Each command lives in the module
named after it and imports what it uses when it runs, so `flowhooks --help` and a quick
command load no web app, language model or password hashing. Every command reads the same
FLOWHOOKS_* settings (FLOWHOOKS_DATABASE_URL above all), so it works beside a running
server. Errors become a message on stderr and exit code 1.
"""

from __future__ import annotations

import os
import sys

from flowhooks.cli import (
    accounts,
    admin_users,
    agents,
    call,
    contacts,
    db,
    demo,
    flows,
    holidays,
    imports,
    methods,
    nlu,
    replay,
    serve,
    shortlinks,
    translation,
)
from flowhooks.cli.output import command_group

app = command_group("flowhooks: internal webhooks for IVR call flows.")

COMMANDS = (
    ("serve", serve.serve),
    ("worker", serve.worker),
    ("demo", demo.demo),
    ("admin-token", accounts.admin_token),
    ("methods", methods.methods),
    ("call", call.call),
    ("replay", replay.replay),
)
GROUPS = (
    ("db", db.app),
    ("accounts", accounts.app),
    ("contacts", contacts.app),
    ("agents", agents.app),
    ("flows", flows.app),
    ("shortlinks", shortlinks.app),
    ("holidays", holidays.app),
    ("nlu", nlu.app),
    ("translation", translation.app),
    ("admin-users", admin_users.app),
    ("import", imports.app),
)
for _name, _command in COMMANDS:
    app.command(_name)(_command)
for _name, _group in GROUPS:
    app.add_typer(_group, name=_name)


def main() -> None:
    if os.environ.get("FLOWHOOKS_CLI_TRACEBACKS") != "1":
        sys.tracebacklimit = 0
    app()
