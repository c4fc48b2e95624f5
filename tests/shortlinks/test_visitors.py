"""Visits: bot flag from the crawler list, anonymised addresses, trimmed headers."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowhooks.shortlinks.visitors import (
    MAX_USER_AGENT_LENGTH,
    anonymize_ip,
    is_bot,
    visit_facts,
)

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "WhatsApp/2.23.20.0 A",
        "facebookexternalhit/1.1",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "TelegramBot (like TwitterBot)",
        "curl/8.5.0",
        "python-httpx/0.27.0",
    ],
)
def test_crawlers_and_link_previews_are_bots(agent: str) -> None:
    """Crawlers, link-preview fetchers and HTTP libraries are flagged as potential bots."""
    assert is_bot(agent)


@pytest.mark.parametrize("agent", [FIREFOX, IPHONE])
def test_browsers_are_not_bots(agent: str) -> None:
    """Ordinary desktop and phone browsers are not flagged."""
    assert not is_bot(agent)


@pytest.mark.parametrize("agent", [None, ""])
def test_a_missing_user_agent_is_a_bot(agent: str | None) -> None:
    """A visit without a User-Agent counts as a potential bot: browsers always send one."""
    assert is_bot(agent)


@pytest.mark.parametrize(
    ("raw", "anonymised"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:abcd:12:3456::1", "2001:db8:abcd::"),
        ("::ffff:198.51.100.9", "198.51.100.0"),
        (" 10.0.0.5 ", "10.0.0.0"),
        ("not-an-ip", None),
        ("", None),
        (None, None),
    ],
)
def test_addresses_are_anonymised_like_shlink(raw: str | None, anonymised: str | None) -> None:
    """IPv4 loses its last octet, IPv6 is cut to /48, anything else is dropped."""
    assert anonymize_ip(raw) == anonymised


@given(st.ip_addresses())
def test_anonymised_address_is_the_network_of_the_original(address: object) -> None:
    """The anonymised address is the /24 (IPv4) or /48 (IPv6) network the visitor is in."""
    text = str(address)
    result = anonymize_ip(text)
    assert result is not None
    original = ipaddress.ip_address(text)
    if isinstance(original, ipaddress.IPv6Address) and original.ipv4_mapped is not None:
        original = original.ipv4_mapped
    prefix = 24 if original.version == 4 else 48
    assert original in ipaddress.ip_network(f"{result}/{prefix}")


def test_visit_facts_trim_and_anonymise() -> None:
    """A visit keeps a trimmed user agent, the referrer, the anonymised IP and the bot flag."""
    facts = visit_facts(
        user_agent=FIREFOX + "x" * 1000, referrer="https://sms.example/", remote_ip="192.0.2.44"
    )
    assert facts.user_agent is not None
    assert len(facts.user_agent) == MAX_USER_AGENT_LENGTH
    assert facts.referrer == "https://sms.example/"
    assert facts.ip == "192.0.2.0"
    assert facts.potential_bot is False


def test_over_long_headers_are_bounded() -> None:
    """Only a user agent's first 512 characters are matched; an over-long address is dropped."""
    assert is_bot("Googlebot/2.1 " + "x" * 10_000)
    assert not is_bot(FIREFOX + " " * 600 + "Googlebot/2.1")
    assert anonymize_ip("1" * 65) is None
