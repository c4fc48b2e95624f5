"""The one small interface every translation provider implements.

A provider turns ``(text, target, source)`` into a :class:`Translation` or raises one of
the core errors: ``UpstreamError`` (502) when the provider answers with an error,
``UpstreamTimeout`` (504) when it does not answer inside the account's budget, and
``InvalidParameter`` (422) when it says a language is not supported. Messages carry the
provider's own words, never the API key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flowhooks.errors import InvalidParameter

SOURCE_VARIABLE = "$flow.key.sourceLang"
TARGET_VARIABLE = "$flow.key.targetLang"
TEXT_VARIABLE = "$flow.key.inputText"


@dataclass(frozen=True, slots=True)
class Translation:
    """A translated text and, when the source was detected, the provider's code for it."""

    text: str
    detected_source: str | None


class Translator(Protocol):
    """A translation provider bound to one account's key, base URL and time budget."""

    @property
    def name(self) -> str:
        """A stable name of the provider and its endpoint, used in cache keys."""
        ...

    async def translate(self, text: str, target: str, source: str | None = None) -> Translation:
        """Translate ``text`` into ``target``; ``source`` None means detect it."""
        ...


def scrub(message: str, secret: str | None) -> str:
    """The message with every occurrence of the secret replaced by ``***``."""
    if secret:
        return message.replace(secret, "***")
    return message


def refused_value(
    provider: str, message: str, *, variable: str, expected: str, got: str | None
) -> InvalidParameter:
    """The 422 for a value the provider refused, carrying the provider's own words."""
    return InvalidParameter(
        variable=variable, expected=expected, got=got, reason=f"{provider} said: {message}"
    )


def unsupported_language(
    provider: str, message: str, *, variable: str, got: str | None
) -> InvalidParameter:
    """The 422 for a language the provider does not translate."""
    expected = f"a language {provider} translates"
    return refused_value(provider, message, variable=variable, expected=expected, got=got)


def refused_text(provider: str, message: str) -> InvalidParameter:
    """The 422 for a text the provider refused (too long, or in a language it lacks)."""
    expected = f"a text {provider} accepts"
    return refused_value(provider, message, variable=TEXT_VARIABLE, expected=expected, got=None)
