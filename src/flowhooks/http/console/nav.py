"""The console's navigation: the one list every console page is reached from.

Each area adds one line here for its pages (short links, outbound, agents, reports,
calendar); the order is the order of the menu.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str


NAV: tuple[NavItem, ...] = (
    NavItem("Overview", "/admin"),
    NavItem("Methods", "/admin/methods"),
    NavItem("Invocations", "/admin/invocations"),
    NavItem("Account", "/admin/account"),
    NavItem("Contacts", "/admin/contacts"),
)


def active(path: str) -> str:
    """The nav path a page belongs to (the longest prefix that matches)."""
    best = "/admin"
    for item in NAV:
        if (path == item.path or path.startswith(item.path + "/")) and len(item.path) > len(best):
            best = item.path
    return best
