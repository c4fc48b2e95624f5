"""Every table, imported once so Base.metadata knows them all (tests compare it to migrations)."""

from flowhooks.store import accounts, contacts, invocations, jobs, shortlinks
from flowhooks.store.base import Base

__all__ = ["Base", "accounts", "contacts", "invocations", "jobs", "shortlinks"]
