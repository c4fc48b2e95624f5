"""Phone numbers normalised once, at the door: E.164 through phonenumbers, default region India.

`+91 99797 46666`, `09979746666` and `919979746666` are one contact.
"""

from __future__ import annotations

import functools

import phonenumbers

DEFAULT_REGION = "IN"
EXPECTED_FORM = "a phone number such as +91 99797 46666, 09979746666 or 919979746666"


@functools.lru_cache(maxsize=4096)
def normalize(raw: str, region: str = DEFAULT_REGION) -> str:
    """Return the E.164 form of `raw`, or raise ValueError saying why it is not a number."""
    text = "".join(ch for ch in raw if not ch.isspace() and ch not in "-().")
    if not text:
        raise ValueError("the number is empty")
    if not text.lstrip("+").isdigit():
        raise ValueError("a phone number has only digits, spaces and an optional leading +")
    candidates = [text]
    if not text.startswith("+") and not text.startswith("0"):
        # A national number with its country code but without "+" (919979746666).
        candidates.append("+" + text)
    for candidate in candidates:
        try:
            parsed = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    raise ValueError("not a valid phone number")
