"""Phone numbers in what a caller said, written ("+91 99797 46666") or spoken digit by digit.

phonenumbers finds written numbers (default region India); a spoken digit run
("nine nine seven nine...") is checked the same way. The answer is E.164.
"""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "IN"


def find_phone(text: str, digit_runs: list[str], region: str = DEFAULT_REGION) -> str | None:
    """The first valid phone number in `text` or among the spoken digit runs, as E.164."""
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        if phonenumbers.is_valid_number(match.number):
            return _e164(match.number)
    for digits in digit_runs:
        if len(digits) < 8:
            continue
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return _e164(number)
    return None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
