"""Host names an account claims (short-link domains, webhook domains): one syntax, one match.

A domain is a lower-case host name, optionally with a port. `s.example.com` matches the
Host header `s.example.com` on any port; `s.example.com:8443` matches only itself.
"""

from __future__ import annotations

import re

_DOMAIN = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?::[0-9]{1,5})?"
)


def normalise_domains(value: list[str]) -> list[str]:
    """The domains stripped, lower-cased, without a trailing dot or repeats; ValueError
    names the first entry that is not a host name."""
    domains: list[str] = []
    for raw in value:
        domain = raw.strip().lower().rstrip(".")
        if not _DOMAIN.fullmatch(domain):
            raise ValueError(
                f"{raw!r} is not a host name (like s.example.com or s.example.com:8443)"
            )
        if domain not in domains:
            domains.append(domain)
    return domains


def host_matches(host: str, domain: str) -> bool:
    """`s.example.com` matches the Host `s.example.com` and `s.example.com:8443`;
    `s.example.com:8443` matches only itself."""
    if host == domain:
        return True
    return ":" not in domain and host.rsplit(":", 1)[0] == domain
