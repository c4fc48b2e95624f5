"""Codes and slugs: random, readable, valid, never a reserved path."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowhooks.registry import LEGACY_SERVICES
from flowhooks.shortlinks.codes import (
    CODE_ALPHABET,
    DEFAULT_CODE_LENGTH,
    RESERVED_WORDS,
    SlugRejected,
    code_generator,
    is_reserved,
    random_code,
    validate_slug,
)


def test_random_code_has_eight_characters_by_default() -> None:
    """A random code is 8 characters from the look-alike-free alphabet."""
    code = random_code()
    assert len(code) == DEFAULT_CODE_LENGTH
    assert set(code) <= set(CODE_ALPHABET)


def test_alphabet_has_no_look_alikes() -> None:
    """The code alphabet has no 0/O/o and no 1/l/I."""
    assert not set("0Oo1lI") & set(CODE_ALPHABET)


def test_random_codes_do_not_repeat() -> None:
    """Ten thousand random codes are all different."""
    assert len({random_code() for _ in range(10_000)}) == 10_000


@pytest.mark.parametrize("length", [3, 33])
def test_code_length_is_bounded(length: int) -> None:
    """A code length outside 4..32 is refused."""
    with pytest.raises(ValueError, match="code length"):
        code_generator(length)


def test_generator_makes_codes_of_its_length() -> None:
    """A code generator makes codes of the length it was built with."""
    assert len(code_generator(12)()) == 12


@pytest.mark.parametrize("slug", ["summer-sale", "Offer_2024", "abc", "a" * 64])
def test_valid_slugs_are_accepted(slug: str) -> None:
    """Letters, digits, '-' and '_' of 3..64 characters make a valid slug."""
    assert validate_slug(slug) == slug


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("ab", "3 to 64"),
        ("a" * 65, "3 to 64"),
        ("with space", "may contain only"),
        ("dot.ted", "may contain only"),
        ("-start", "must start"),
        ("ünïcode", "may contain only"),
        ("a/b", "may contain only"),
    ],
)
def test_invalid_slugs_are_refused_with_a_reason(slug: str, reason: str) -> None:
    """A slug that breaks a rule is refused with a message naming the rule."""
    with pytest.raises(SlugRejected, match=reason):
        validate_slug(slug)


@pytest.mark.parametrize(
    "word",
    [
        "api",
        "ADMIN",
        "webhook",
        "docs",
        "metrics",
        "healthz",
        "readyz",
        "static",
        "UrlShortner",
        "urlshortner",
        "kairos-apis",
        "chatbotwebhook-v1",
    ],
)
def test_reserved_words_are_refused_in_any_case(word: str) -> None:
    """flowhooks' own path names cannot be slugs, whatever their letter case."""
    assert is_reserved(word)
    with pytest.raises(SlugRejected, match="reserved"):
        validate_slug(word)


def test_reserved_words_are_own_paths_and_every_legacy_service() -> None:
    """The reserved slugs are flowhooks' own first path segments and the legacy services."""
    assert set(LEGACY_SERVICES) <= RESERVED_WORDS
    assert {
        *("api", "admin", "webhook", "webhooks", "docs", "redoc", "openapi", "metrics"),
        *("healthz", "readyz", "static", "favicon", "robots", "login", "logout"),
        *("urlshortner", "kairos-apis", "reliance-nippon-v1", "centraloutboundwebhook-v1"),
        *("chatbotwebhook-v1", "googleapiwebhook-v1", "hdfcsenseforthwebhook-v1"),
        "pullreportapiwebhook-v1",
    } == RESERVED_WORDS


def test_reserved_words_are_lower_case() -> None:
    """The reserved-word constant is stored lower-cased for case-insensitive checks."""
    assert all(word == word.lower() for word in RESERVED_WORDS)


@given(st.text(min_size=3, max_size=64))
def test_a_validated_slug_is_always_url_safe(slug: str) -> None:
    """Whatever is accepted as a slug is plain ASCII that needs no URL encoding."""
    try:
        accepted = validate_slug(slug)
    except SlugRejected:
        return
    assert accepted.isascii()
    assert all(c.isalnum() or c in "-_" for c in accepted)
    assert not is_reserved(accepted)
