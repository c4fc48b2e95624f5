"""What a contact's stored value ($user.key.<name>) may be: one set of limits, checked by
updateUserPreferences and by `flowhooks import contacts` alike."""

from __future__ import annotations

import re

MAX_NAME = 64
MAX_VALUE_BYTES = 4096
MAX_KEYS = 200
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_]{1,64}$")

EXPECTED_NAME = f"a name of 1 to {MAX_NAME} letters, digits or underscores"
EXPECTED_VALUE = f"a value of at most {MAX_VALUE_BYTES} bytes"
EXPECTED_KEYS = f"at most {MAX_KEYS} keys for one contact"


def valid_name(name: str) -> bool:
    return NAME_PATTERN.match(name) is not None


def valid_value(value: str) -> bool:
    return len(value.encode()) <= MAX_VALUE_BYTES
