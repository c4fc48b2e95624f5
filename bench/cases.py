"""Every benchmark case, declared in one list per target.

A case is one HTTP request repeated under load: (name, HTTP method, path, JSON body,
expected status). Cases are grouped by the target that serves them; a target's case set
may carry a setup callable that seeds the data the cases read, run once before the
target's servers start. A flowhooks case names the webhook method it needs, and the
runner skips it when the server does not list that method in GET /webhook/methods.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JsonBody = Mapping[str, Any]


@dataclass(frozen=True)
class Case:
    """One request repeated under load."""

    name: str
    method: str
    path: str
    body: JsonBody | None = None
    expected_status: int = 200
    webhook_method: str | None = None
    """The flowhooks method the case needs; the case is skipped when the server lacks it."""


@dataclass(frozen=True)
class SetupEnv:
    """What a setup step may use: the repo, its venv and the server's environment."""

    repo: Path
    venv_bin: Path
    env: Mapping[str, str]


Setup = Callable[[SetupEnv], None]


@dataclass(frozen=True)
class Target:
    """An app under test and how to tell that it is up.

    ``asgi_app`` is an import string served by uvicorn or granian directly; None means
    the flowhooks CLI (``flowhooks serve``) starts it. ``uses_db`` targets are run once
    per database; ``storage_env`` targets get a database of their own (see the field).
    """

    name: str
    asgi_app: str | None
    ready_path: str
    uses_db: bool = False
    methods_path: str | None = None
    storage_env: str | None = None
    """Set for a bare app with storage: the variable that gets its own fresh database (a
    SQLite file path or a plain postgresql:// DSN), instead of FLOWHOOKS_DATABASE_URL."""


@dataclass(frozen=True)
class CaseSet:
    """The cases a target serves, with the setup that seeds their data.

    ``setup`` runs once before the target's servers start (migrations, accounts);
    ``prime`` requests are sent once each when a server is up (data the cases read).
    """

    target: Target
    cases: tuple[Case, ...]
    setup: Setup | None = field(default=None)
    prime: tuple[Case, ...] = ()


def envelope(method: str, **keys: str) -> dict[str, Any]:
    """Build the contract's webhook envelope from full variable names and values."""
    return {"method": method, "keys": [{"name": n, "value": v} for n, v in keys.items()]}


# --- the bare stack (the baseline) ---------------------------------------------------

BASELINE = "baseline"
"""The case every other case is compared with: the bare FastAPI POST route."""

BARE_FASTAPI = Target("bare-fastapi", "bench.bare_app:app", ready_path="/bare")
BARE_STARLETTE = Target("bare-starlette", "bench.bare_starlette:app", ready_path="/bare")

COUNTER = "__N8__"
"""In a case's body: replaced by an 8-digit number unique to each request of a run."""

DEMO_CONTACT = "+91 99797 46666"
DEMO_ACCOUNT = "1"
DEMO_SECURITY_ID = "demo-security-id-" + "0" * 47  # flowhooks.accounts.demo.DEMO_SECURITY_ID
LEGACY_PATH = "/centraloutboundwebhook-v1/prod/"
BENCH_SLUG = "bench-redirect"
"""The short link the redirect case follows (flowhooks makes it; bare Starlette knows it)."""
BENCH_LONG_URL = "https://www.example.com/offers?utm_source=ivr"

LIMIT_REDIRECT = "limit-redirect"
"""The redirect's limit: bare Starlette looking the code up in a dict and answering 302."""

_FETCH_BODY = envelope(
    "fetchUserPreferences",
    **{"$user.syskey.contactNumber": DEMO_CONTACT, "$user.syskey.accountID": DEMO_ACCOUNT},
)

BARE_SETS = (
    CaseSet(
        BARE_FASTAPI,
        (
            Case(BASELINE, "POST", "/bare", _FETCH_BODY),
            Case("bare-get", "GET", "/bare"),
        ),
    ),
    CaseSet(
        BARE_STARLETTE,
        (
            Case("starlette-post", "POST", "/bare", _FETCH_BODY),
            Case(LIMIT_REDIRECT, "GET", f"/{BENCH_SLUG}", expected_status=302),
        ),
    ),
)


# --- flowhooks -----------------------------------------------------------------------

FLOWHOOKS = Target(
    "flowhooks",
    None,
    ready_path="/readyz",
    uses_db=True,
    methods_path="/webhook/methods",
)


def seed_demo(env: SetupEnv) -> None:
    """Migrate the database and create the demo account 1 (custToken abcd1234)."""
    subprocess.run(
        [str(env.venv_bin / "flowhooks"), "demo", "--no-serve"],
        env=dict(env.env),
        cwd=env.repo,
        check=True,
        stdout=subprocess.DEVNULL,
    )


_UPDATE = Case(
    "updateUserPreferences",
    "POST",
    LEGACY_PATH,
    envelope(
        "updateUserPreferences",
        **{
            "$user.syskey.contactNumber": DEMO_CONTACT,
            "$user.syskey.accountID": DEMO_ACCOUNT,
            "$user.key.language": "hi",
            "$user.key.lastMenu": "billing",
        },
    ),
    webhook_method="updateUserPreferences",
)

_UPDATE_MANY = Case(
    # A campaign writes many callers: a new contact each request. (_UPDATE hammers one
    # contact: on PostgreSQL every update then waits for the row lock of the one before.)
    "updateUserPreferences-many",
    "POST",
    LEGACY_PATH,
    envelope(
        "updateUserPreferences",
        **{
            "$user.syskey.contactNumber": "+91 98" + COUNTER,
            "$user.syskey.accountID": DEMO_ACCOUNT,
            "$user.key.language": "hi",
            "$user.key.lastMenu": "billing",
        },
    ),
    webhook_method="updateUserPreferences",
)

_VALIDATE = Case(
    "ValidateDateAndTime",
    "POST",
    "/reliance-nippon-v1/prod/",
    envelope(
        "ValidateDateAndTime",
        **{
            "$flow.key.inputDate": "8 december ko",
            "$flow.key.type": "Appointment",
            "$flow.key.workingDaysOff": "Saturday,Sunday",
            "$flow.key.appointmentStartTime": "09:00",
            "$flow.key.appointmentEndTime": "18:00",
            "$flow.key.validMaxDays": "30",
            "$flow.key.referenceTime": "2019-11-04T10:00:00+05:30",
            "$flow.key.accountID": DEMO_ACCOUNT,
        },
    ),
    webhook_method="ValidateDateAndTime",
)

_DATE_COMPARE = Case(
    "dateCompare",
    "POST",
    LEGACY_PATH,
    envelope(
        "dateCompare",
        **{
            "$flow.key.date1": "8-11-2019",
            "$flow.key.date2": "13-11-2019",
            "$flow.key.accountID": DEMO_ACCOUNT,
        },
    ),
    webhook_method="dateCompare",
)

_FIND_LANGUAGE = Case(
    "FindLanguage",
    "POST",
    "/googleapiwebhook-v1/prod/",
    envelope("FindLanguage", **{"$flow.key.inputText": "mera naam john hai, mujhe loan chahiye"}),
    webhook_method="FindLanguage",
)

_SPEECH = Case(
    "speechprocessing",
    "POST",
    "/hdfcsenseforthwebhook-v1/prod/",
    envelope(
        "speechprocessing",
        **{
            "$flow.key.cli": "919979746666",
            "$flow.key.speechText": "kal shaam 6 baje call karo, do hazaar rupaye ka sawaal hai",
            "$flow.key.accountID": DEMO_ACCOUNT,
        },
    ),
    webhook_method="speechprocessing",
)

_SHORTEN = Case(
    "shortUrl-create",
    "POST",
    "/UrlShortner/phonon/shortUrl",
    {"custToken": "abcd1234", "longUrl": "https://www.example.com/offers?utm_source=ivr"},
)

_CREATE_OUTBOUND = Case(
    "createOutbound",
    "POST",
    LEGACY_PATH,
    envelope(
        "createOutbound",
        **{
            "$flow.syskey.securityID": DEMO_SECURITY_ID,
            "$flow.syskey.flowID": "DEMOFLOW",
            # A day later: the bench measures taking the request, not the dialer.
            "$flow.syskey.delayMinutes": "1440",
            "$flow.syskey.contactNumbers": "98" + COUNTER,
            "$flow.key.customerName": "Asha",
        },
    ),
    webhook_method="createOutbound",
)

_BENCH_LINK = Case(
    "shortUrl-create-slug",
    "POST",
    "/UrlShortner/phonon/shortUrl",
    {
        "custToken": "abcd1234",
        "longUrl": BENCH_LONG_URL,
        "slug": BENCH_SLUG,
    },
)
_REDIRECT = Case("redirect", "GET", f"/{BENCH_SLUG}", expected_status=302)

FLOWHOOKS_SET = CaseSet(
    FLOWHOOKS,
    (
        _VALIDATE,
        _DATE_COMPARE,
        Case(
            "fetchUserPreferences",
            "POST",
            LEGACY_PATH,
            _FETCH_BODY,
            webhook_method="fetchUserPreferences",
        ),
        _UPDATE,
        _UPDATE_MANY,
        _FIND_LANGUAGE,
        _SPEECH,
        _SHORTEN,
        _REDIRECT,
        _CREATE_OUTBOUND,
    ),
    setup=seed_demo,
    prime=(_UPDATE, _BENCH_LINK),
)


# --- the storage limit: bare Starlette doing only the query a case needs -----------------

STORAGE_ENV = "BENCH_STORAGE_URL"
"""The bare storage app's database: a SQLite file path or a postgresql:// DSN."""

BARE_STORAGE = Target(
    "bare-storage",
    "bench.bare_storage:app",
    ready_path="/readyz",
    uses_db=True,
    storage_env=STORAGE_ENV,
)

LIMIT_SELECT = "limit-select"
LIMIT_UPSERT = "limit-upsert"
LIMIT_UPSERT_MANY = "limit-upsert-many"

LIMIT_SET = CaseSet(
    BARE_STORAGE,
    (
        Case(LIMIT_SELECT, "POST", "/select", _FETCH_BODY),
        Case(LIMIT_UPSERT, "POST", "/upsert", _UPDATE.body),
        Case(LIMIT_UPSERT_MANY, "POST", "/upsert", _UPDATE_MANY.body),
    ),
)

LIMITS: Mapping[str, str | None] = {
    "ValidateDateAndTime": None,
    "dateCompare": None,
    "fetchUserPreferences": LIMIT_SELECT,
    "updateUserPreferences": LIMIT_UPSERT,
    "updateUserPreferences-many": LIMIT_UPSERT_MANY,
    "FindLanguage": None,
    "speechprocessing": None,
    "shortUrl-create": LIMIT_UPSERT_MANY,
    "redirect": LIMIT_REDIRECT,
    "createOutbound": LIMIT_UPSERT_MANY,
}
"""Each flowhooks case's storage limit: the bare case doing only the query it needs.

None: the method needs no query of its own (the account is cached, the invocation log is
batched), so the bare endpoint is its limit. A case that writes one contact over and over
is held to the upsert of one row; one that adds a row each request (a new caller, link or
outbound call) to the upsert of a new row each request, since on PostgreSQL the first waits
on its row lock and the second does not. The redirect is held to a dict lookup and a 302.
"""

CASE_SETS: tuple[CaseSet, ...] = (*BARE_SETS, LIMIT_SET, FLOWHOOKS_SET)
"""The one list of everything the bench can drive, in run order."""


def all_case_names() -> list[str]:
    """Every declared case name, in run order."""
    return [case.name for case_set in CASE_SETS for case in case_set.cases]
