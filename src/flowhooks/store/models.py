"""Every table, imported once so Base.metadata knows them all (tests compare it to migrations)."""

from flowhooks.store import (
    accounts,
    agents,
    console,
    contacts,
    invocations,
    jobs,
    outbound,
    reports,
    shortlinks,
    translation,
)
from flowhooks.store.base import Base

__all__ = [
    "Base",
    "accounts",
    "agents",
    "console",
    "contacts",
    "invocations",
    "jobs",
    "outbound",
    "reports",
    "shortlinks",
    "translation",
]
