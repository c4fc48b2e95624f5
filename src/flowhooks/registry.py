"""The method registry: every webhook method declared once, as data.

A `Method` says what it is called, which legacy path group it belongs to, what it takes and
what it answers. Validation, dispatch, the catalogue (`GET /webhook/methods`), the generated
docs, the CLI and the console all read this one declaration. This module imports no web
framework and no database: a method is plain data plus an async `run(ctx, inputs)`.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from flowhooks.kinds import Kind, Text

if TYPE_CHECKING:
    import httpx
    import structlog

    from flowhooks.accounts import Account
    from flowhooks.language.nlu.builtin import ModelCache
    from flowhooks.language.translation.inflight import InFlight
    from flowhooks.outbound.webhook_intake import WebhookIntake
    from flowhooks.settings import Settings
    from flowhooks.store.database import Database

Status = Literal["active", "deprecated", "disabled"]
SCOPES = ("$flow.key", "$flow.syskey", "$user.key", "$user.syskey")
# The seed's path groups (`/<service>/{prod,test}/`): a method's `service` names one. The
# HTTP front answers webhooks on them and short-link slugs may not take them.
LEGACY_SERVICES = (
    "reliance-nippon-v1",
    "centraloutboundwebhook-v1",
    "chatbotwebhook-v1",
    "googleapiwebhook-v1",
    "hdfcsenseforthwebhook-v1",
    "pullreportapiwebhook-v1",
)
USER_VALUE_SCOPE = "$user.key"


class AccountRule(enum.Enum):
    """How a method needs to know the account it acts for."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    NONE = "none"


@dataclass(frozen=True)
class Param:
    """One input variable of a method."""

    name: str
    kind: Kind[Any] = field(default_factory=Text)
    scope: str = "$flow.key"
    required: bool = False
    required_when: tuple[str, str] | None = (
        None  # (other param, value) e.g. ("type", "Appointment")
    )
    example: str | None = None
    description: str = ""
    secret: bool = False
    default: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.scope}.{self.name}"

    @property
    def expected(self) -> str:
        return self.kind.describe()


@dataclass(frozen=True)
class Output:
    """One output variable of a method."""

    name: str
    example: str = ""
    description: str = ""
    scope: str = "$flow.key"

    @property
    def full_name(self) -> str:
        return f"{self.scope}.{self.name}"


@dataclass(frozen=True)
class Example:
    """A request that works as-is against the demo account; docs and tests use it."""

    keys: Mapping[str, str]
    title: str = ""


class Inputs:
    """The parsed declared inputs of one call, plus the undeclared ("extra") variables."""

    def __init__(
        self,
        values: dict[str, Any],
        raw: dict[str, str | None],
        extras: list[tuple[str, str | None]],
    ) -> None:
        self._values = values
        self._raw = raw
        self.extras = extras

    def get(self, name: str, default: Any = None) -> Any:
        value = self._values.get(name)
        return default if value is None else value

    def __getitem__(self, name: str) -> Any:
        return self._values.get(name)

    def __contains__(self, name: str) -> bool:
        return self._values.get(name) is not None

    def raw(self, name: str) -> str | None:
        return self._raw.get(name)

    def items(self) -> Iterator[tuple[str, Any]]:
        return iter(self._values.items())


@dataclass
class Context:
    """What a method may touch, passed in (never globals) so tests can build their own: the
    call's account and log, and each shared service a method uses, not the whole runtime."""

    account: Account | None
    now: Callable[[], datetime]
    db: Database
    http: httpx.AsyncClient
    settings: Settings
    log: structlog.typing.FilteringBoundLogger
    request_id: str
    # An account by id, through the process's short-lived account cache (linkcreation).
    cached_account: Callable[[int], Awaitable[Account | None]]
    # The process's trained NLU models (speechprocessing).
    nlu_models: ModelCache
    # Identical translations under way in this process share one provider call.
    translations_in_flight: InFlight
    # The outbound create pipeline: authenticate a caller, submit calls (createOutbound).
    outbound: WebhookIntake
    path: str = "/webhook"
    client_ip: str | None = None  # the caller's address, for checks a method makes itself
    # The account a method found itself (from a security ID or a cust token) when the call
    # named none; the invocation row is recorded under it.
    found_account_id: int | None = None


Run = Callable[[Context, Inputs], Awaitable[dict[str, str]]]


@dataclass(frozen=True)
class Method:
    """A webhook method: its declaration and its implementation."""

    name: str
    service: str
    summary: str
    run: Run
    inputs: tuple[Param, ...] = ()
    outputs: tuple[Output, ...] = ()
    description: str = ""
    status: Status = "active"
    aliases: tuple[str, ...] = ()
    account: AccountRule = AccountRule.OPTIONAL
    extras: str | None = None  # scope of undeclared variables the method receives, if any
    dynamic_outputs: str = ""  # words on outputs whose names depend on the call
    examples: tuple[Example, ...] = ()

    def param(self, name: str) -> Param:
        for param in self.inputs:
            if param.name == name:
                return param
        raise KeyError(name)

    @cached_property
    def secret_names(self) -> frozenset[str]:
        return frozenset(p.name.lower() for p in self.inputs if p.secret)

    @cached_property
    def inputs_by_name(self) -> dict[str, Param]:
        """Each input by its lower-case name (binding reads it on every call)."""
        return {p.name.lower(): p for p in self.inputs}


class Registry:
    """An explicit, ordered set of methods; registration refuses a clash of names or aliases."""

    def __init__(self, methods: Iterable[Method]) -> None:
        self._methods: tuple[Method, ...] = tuple(methods)
        self._by_name: dict[str, Method] = {}
        for method in self._methods:
            for name in (method.name, *method.aliases):
                key = name.lower()
                if key in self._by_name:
                    raise ValueError(f"method name {name!r} is declared twice")
                self._by_name[key] = method
            seen: set[str] = set()
            for param in method.inputs:
                if param.name.lower() in seen:
                    raise ValueError(f"{method.name}: input {param.name!r} is declared twice")
                seen.add(param.name.lower())
                if param.scope not in SCOPES:
                    raise ValueError(f"{method.name}.{param.name}: unknown scope {param.scope!r}")

    def __iter__(self) -> Iterator[Method]:
        return iter(self._methods)

    def __len__(self) -> int:
        return len(self._methods)

    def find(self, name: str) -> Method | None:
        """The method called `name` or one of its aliases, case-insensitively."""
        return self._by_name.get(name.strip().lower())

    def closest(self, name: str, limit: int = 3) -> list[str]:
        """The declared names nearest to a misspelt one, for the UNKNOWN_METHOD answer."""
        names = {m.name.lower(): m.name for m in self._methods}
        matches = difflib.get_close_matches(name.lower(), list(names), n=limit, cutoff=0.5)
        return [names[m] for m in matches]
