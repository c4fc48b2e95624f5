"""Value kinds of webhook variables: how a raw string is checked and what form is expected.

Every variable arrives as a string. A kind parses it into a value or raises ValueError; the
core turns that into a 422 naming the variable and `describe()`, the expected form. The same
`describe()` text goes into the generated docs, so the docs and the errors never disagree.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import date
from typing import Generic, TypeVar

from flowhooks import phones

T = TypeVar("T")

# Dates a call flow can mean. Outside them, date arithmetic near datetime's own limits (years
# 1 and 9999) overflowed: a referenceTime of 9999-12-31T23:59:59-14:00 was a 500.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


def check_year(value: date) -> None:
    """Raise ValueError when a date or date-time lies outside the supported years."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"its year is outside {EARLIEST_YEAR} to {LATEST_YEAR}")


class Kind(ABC, Generic[T]):
    """The base kind: any text up to `max_length` characters."""

    def __init__(self, max_length: int = 1024) -> None:
        self.max_length = max_length

    def describe(self) -> str:
        return f"text of at most {self.max_length} characters"

    def check_length(self, raw: str) -> None:
        if len(raw) > self.max_length:
            raise ValueError(f"it has {len(raw)} characters, more than {self.max_length}")

    def parse(self, raw: str) -> T:
        self.check_length(raw)
        return self.convert(raw)

    @abstractmethod
    def convert(self, raw: str) -> T:
        """Turn a raw string into the value, or raise ValueError saying what is wrong."""


class Text(Kind[str]):
    """Any text; surrounding whitespace is kept, emptiness is refused when `allow_empty` is off."""

    def __init__(self, max_length: int = 1024, allow_empty: bool = True) -> None:
        super().__init__(max_length)
        self.allow_empty = allow_empty

    def describe(self) -> str:
        base = super().describe()
        return base if self.allow_empty else f"non-empty {base}"

    def convert(self, raw: str) -> str:
        if not self.allow_empty and not raw.strip():
            raise ValueError("it is empty")
        return raw


class Token(Kind[str]):
    """An opaque credential (an API key): printable ASCII, no spaces, as an HTTP header needs."""

    def describe(self) -> str:
        return f"printable ASCII without spaces, at most {self.max_length} characters"

    def convert(self, raw: str) -> str:
        text = raw.strip()
        if not (text.isascii() and text.isprintable()) or " " in text:
            raise ValueError("it has characters a key cannot have")
        return text


class Integer(Kind[int]):
    """A whole number between `minimum` and `maximum`."""

    def __init__(self, minimum: int | None = None, maximum: int | None = None) -> None:
        super().__init__(max_length=32)
        self.minimum = minimum
        self.maximum = maximum

    def describe(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"a whole number from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f"a whole number of at least {self.minimum}"
        return "a whole number"

    def convert(self, raw: str) -> int:
        text = raw.strip()
        try:
            value = int(text)
        except ValueError:
            try:
                as_float = float(text)
            except ValueError:
                raise ValueError("it is not a number") from None
            if not as_float.is_integer():
                raise ValueError("it is not a whole number") from None
            value = int(as_float)
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise ValueError("it is out of range")
        return value


class Choice(Kind[str]):
    """One of a fixed set of words, matched case-insensitively; answers the canonical spelling."""

    def __init__(self, choices: Iterable[str]) -> None:
        super().__init__(max_length=64)
        self.choices = tuple(choices)
        self._by_lower = {choice.lower(): choice for choice in self.choices}

    def describe(self) -> str:
        return "one of " + ", ".join(self.choices)

    def convert(self, raw: str) -> str:
        try:
            return self._by_lower[raw.strip().lower()]
        except KeyError:
            raise ValueError("it is not one of the allowed values") from None


class Boolean(Kind[bool]):
    """true/false, yes/no, 1/0, in any case."""

    TRUE = frozenset({"true", "yes", "1", "y"})
    FALSE = frozenset({"false", "no", "0", "n"})

    def __init__(self) -> None:
        super().__init__(max_length=8)

    def describe(self) -> str:
        return "true or false"

    def convert(self, raw: str) -> bool:
        text = raw.strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError("it is not true or false")


class Phone(Kind[str]):
    """A phone number, normalised to E.164 (default region India)."""

    def __init__(self) -> None:
        super().__init__(max_length=32)

    def describe(self) -> str:
        return phones.EXPECTED_FORM

    def convert(self, raw: str) -> str:
        return phones.normalize(raw)


class CommaList(Kind[tuple[str, ...]]):
    """A comma-separated list of items; empty items are dropped."""

    def __init__(self, item: Kind[str] | None = None, max_items: int = 100) -> None:
        super().__init__(max_length=4096)
        self.item = item or Text(max_length=256)
        self.max_items = max_items

    def describe(self) -> str:
        return f"a comma-separated list of {self.item.describe()} (at most {self.max_items})"

    def convert(self, raw: str) -> tuple[str, ...]:
        items = [part.strip() for part in raw.split(",") if part.strip()]
        if len(items) > self.max_items:
            raise ValueError(f"it has more than {self.max_items} items")
        return tuple(self.item.parse(item) for item in items)
