"""Who visited a short link: a bot flag from a maintained list, and an anonymised address.

The bot list is the ``crawler-user-agents`` package (the list Kutt and many analytics
tools follow), so link-preview fetchers (WhatsApp, Slack, Telegram), search crawlers and
HTTP libraries are flagged. Its patterns are compiled once, on first use, in chunks (one
giant alternation is slower in Python's regex engine), and answers are cached per user
agent: a hot link sees the same few browsers again and again.

Addresses are kept only anonymised, as Shlink does by default: IPv4 with the last octet
zeroed, IPv6 cut to its /48 network.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

MAX_USER_AGENT_LENGTH = 512
MAX_REFERRER_LENGTH = 1024
MAX_IP_LENGTH = 64  # the longest IPv6 text form with a zone is far shorter
_CHUNK_SIZE = 25


@cache
def _bot_patterns() -> tuple[re.Pattern[str], ...]:
    data = resources.files("crawleruseragents").joinpath("crawler-user-agents.json")
    patterns = [str(entry["pattern"]) for entry in json.loads(data.read_text("utf-8"))]
    return tuple(
        re.compile("|".join(f"(?:{p})" for p in patterns[start : start + _CHUNK_SIZE]))
        for start in range(0, len(patterns), _CHUNK_SIZE)
    )


def is_bot(user_agent: str | None) -> bool:
    """Whether a visit with this User-Agent is potentially a bot (its first 512 characters
    are matched). A missing or empty User-Agent counts as a bot: every browser sends one.
    """
    if not user_agent:
        return True
    return _matches_bot(user_agent[:MAX_USER_AGENT_LENGTH])


@lru_cache(maxsize=4096)
def _matches_bot(user_agent: str) -> bool:
    return any(pattern.search(user_agent) for pattern in _bot_patterns())


def anonymize_ip(raw: str | None) -> str | None:
    """The address with its host part dropped, or None when it is missing or not an IP."""
    if not raw or len(raw) > MAX_IP_LENGTH:
        return None
    return _anonymize(raw)


@lru_cache(maxsize=4096)
def _anonymize(raw: str) -> str | None:
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv4Address):
        return str(ipaddress.IPv4Network(f"{address}/24", strict=False).network_address)
    return str(ipaddress.IPv6Network(f"{address}/48", strict=False).network_address)


@dataclass(frozen=True, slots=True)
class VisitFacts:
    """What is kept of one visit, ready to store."""

    referrer: str | None
    user_agent: str | None
    ip: str | None
    potential_bot: bool


def visit_facts(
    *, user_agent: str | None, referrer: str | None, remote_ip: str | None
) -> VisitFacts:
    """Reduce a request's headers to what is stored: trimmed text, anonymised IP, bot flag."""
    agent = user_agent[:MAX_USER_AGENT_LENGTH] if user_agent else None
    return VisitFacts(
        referrer=referrer[:MAX_REFERRER_LENGTH] if referrer else None,
        user_agent=agent,
        ip=anonymize_ip(remote_ip),
        potential_bot=is_bot(agent),
    )
