"""Contact numbers as the outbound API receives them, turned into E.164.

Numbers arrive in every form a flow or a CRM holds them (`91997974 6666`, `09979746666`,
`+91 99797 46666`), with alternates in one string separated by commas. They are
normalised once, here, at the door (through the core's `flowhooks.phones`, so a contact is
the same number everywhere); everything behind it sees E.164 only.
"""

from __future__ import annotations

from collections.abc import Iterable

from flowhooks import phones

DEFAULT_REGION = phones.DEFAULT_REGION


def normalize_number(raw: str, region: str = DEFAULT_REGION) -> str:
    """The E.164 form of `raw` (spaces ignored), or ValueError naming the number and why."""
    try:
        return phones.normalize(raw, region)
    except ValueError as exc:
        raise ValueError(f"{raw.strip()!r} is not a valid phone number: {exc}") from None


def split_alternates(raw: Iterable[str]) -> list[str]:
    """Every non-blank entry of `raw`, each entry itself split on commas, order kept."""
    return [part.strip() for item in raw for part in item.split(",") if part.strip()]


def normalize_alternates(raw: Iterable[str], region: str = DEFAULT_REGION) -> tuple[str, ...]:
    """The E.164 numbers of `raw` in order, duplicates dropped; ValueError on any bad one."""
    seen: dict[str, None] = {}
    for part in split_alternates(raw):
        seen.setdefault(normalize_number(part, region), None)
    return tuple(seen)
