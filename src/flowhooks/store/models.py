"""Every table, imported once so Base.metadata knows them all (tests compare it to migrations)."""

from flowhooks.store import (
    accounts,
    console,
    contacts,
    invocations,
    jobs,
    shortlinks,
    translation,
)
from flowhooks.store.base import Base

__all__ = [
    "Base",
    "accounts",
    "console",
    "contacts",
    "invocations",
    "jobs",
    "shortlinks",
    "translation",
]
