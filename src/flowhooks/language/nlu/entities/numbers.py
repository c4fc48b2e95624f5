"""Numbers in what a caller said: digits and number words in English and Hindi.

"two thousand five hundred", "do hazaar paanch sau", "पाँच सौ", "ढाई लाख", "2.5 lakh",
"1,00,000" all read as numbers; a run of single digits ("nine eight seven", "double five")
is a digit string, the way phone numbers, PINs and account numbers are spoken.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flowhooks.language.nlu.entities import number_words as words
from flowhooks.language.nlu.normalize import fold_word, normalize_text

MAX_DIGITS = 24  # a longer digit run is not a number anyone says on a call
_PIECE_RE = re.compile(r"₹|\d[\d,]*(?:\.\d+)?(?::\d+)?|[^\d₹]+")


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number found in the token list: its value, token range and how it was said."""

    value: Decimal
    start: int
    end: int  # exclusive
    digits: str | None  # the digit string when said digit by digit ("987", "0055")


def tokenize(text: str) -> list[str]:
    """Normalised tokens: words, digit groups ("1,00,000", "5:30", "2.5") and ₹."""
    return [piece for word in normalize_text(text).split() for piece in _PIECE_RE.findall(word)]


def ascii_digits(token: str) -> str:
    """A digit token in ASCII digits, leading zeros kept ("०१२" → "012")."""
    return "".join(str(unicodedata.digit(char)) for char in token)


def _literal(token: str) -> Decimal | None:
    if not token[0].isdigit() or ":" in token or len(token) > MAX_DIGITS:
        return None
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation:
        return None


def _unit(tokens: list[str], i: int, *, after_number: bool = False) -> int | None:
    """The value of a number word below 100 at i, honouring the ambiguous-word rule."""
    key = _key(tokens[i])
    value = words.unit_words().get(key)
    if value is None or key not in words.AMBIGUOUS or after_number:
        return value
    neighbours = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if words.multiplier_of(after) or _key(after) in UNIT_WORDS:
        return value
    if any(_key(n) in words.unit_words() and _key(n) not in words.AMBIGUOUS for n in neighbours):
        return value
    return None


def _key(token: str) -> str:
    return fold_word(token) if token.isascii() else token


# Words after which an ambiguous number word is surely a number.
UNIT_WORDS = frozenset(
    _key(w)
    for w in [
        "baje",
        "bje",
        "bajkar",
        "बजे",
        "rupaye",
        "rupaiye",
        "rupay",
        "rupees",
        "rupee",
        "rs",
        "रुपये",
        "रुपए",
        "रुपया",
        "minute",
        "minutes",
        "minat",
        "mint",
        "ghante",
        "ghanta",
        "hours",
        "din",
        "saal",
        "log",
        "number",
        "नंबर",
        "मिनट",
        "घंटे",
        "दिन",
        "साल",
    ]
)


def find_numbers(tokens: list[str]) -> list[NumberSpan]:
    """Every number in `tokens`, left to right."""
    spans: list[NumberSpan] = []
    i = 0
    while i < len(tokens):
        span = _digit_run(tokens, i) or _number_at(tokens, i)
        if span is None or _counts_times(tokens, span):
            i = span.end if span is not None else i + 1
            continue
        spans.append(span)
        i = span.end
    return spans


_TIMES = frozenset({"bar", "बार", "dafa", "दफ़ा", "दफा", "times", "time"})
"""Words after a number that make it a count of repeats ("ek baar aur"), not a quantity."""


def _counts_times(tokens: list[str], span: NumberSpan) -> bool:
    """A number word said before baar/dafa/times counts repeats: "ek baar aur" has none."""
    said_in_words = not any(char.isdigit() for char in tokens[span.start])
    following = _key(tokens[span.end]) if span.end < len(tokens) else ""
    return said_in_words and following in _TIMES


def _single_digit(tokens: list[str], i: int, after_number: bool) -> tuple[str, int] | None:
    """Digits said at i ("five", "5", "double five"), and the index after them."""
    token = tokens[i]
    repeat = words.REPEATER_KEYS.get(_key(token))
    if repeat and i + 1 < len(tokens):
        inner = _single_digit(tokens, i + 1, True)
        if inner and len(inner[0]) == 1:
            return inner[0] * repeat, inner[1]
        return None
    if token.isdigit() and len(token) <= MAX_DIGITS:
        return ascii_digits(token), i + 1
    value = _unit(tokens, i, after_number=after_number)
    if value is not None and value < 10:
        return str(value), i + 1
    return None


def _digit_run(tokens: list[str], start: int) -> NumberSpan | None:
    """Two or more digits said one after another: "nine eight seven", "98765 43210"."""
    parts: list[str] = []
    i = start
    while i < len(tokens):
        said = _single_digit(tokens, i, bool(parts))
        if said is None:
            break
        parts.append(said[0])
        i = said[1]
    digits = "".join(parts)
    if len(digits) < 2 or (len(parts) == 1 and tokens[start].isdigit()):
        return None
    if i < len(tokens) and words.multiplier_of(tokens[i]):
        return None
    return NumberSpan(Decimal(digits), start, i, digits)


def _number_at(tokens: list[str], start: int) -> NumberSpan | None:
    """A number said as a quantity at `start` ("two thousand five hundred", "ढाई लाख")."""
    total = Decimal(0)
    current: Decimal | None = None
    modifier = Decimal(0)
    i = start
    while i < len(tokens):
        token, key = tokens[i], _key(tokens[i])
        literal = _literal(token)
        unit = _unit(tokens, i, after_number=current is not None) if literal is None else None
        multiplier = words.multiplier_of(token)
        if key in words.MODIFIER_KEYS and current is None:
            modifier = words.MODIFIER_KEYS[key]
        elif key in words.HALF_KEYS and current is None:
            current = words.HALF_KEYS[key]
        elif literal is not None or unit is not None:
            value = literal if literal is not None else Decimal(unit or 0)
            if current is not None and not _can_extend(current, value):
                break
            current = (current or Decimal(0)) + value + modifier
            modifier = Decimal(0)
        elif multiplier is not None and (current is not None or i > start):
            base = current if current is not None else Decimal(1)
            if multiplier == 100:
                current = base * 100
            else:
                total += base * multiplier
                current = None
        elif key == "and" and current is not None and i + 1 < len(tokens):
            pass
        elif key == "a" and i + 1 < len(tokens) and words.multiplier_of(tokens[i + 1]):
            current = Decimal(1)
        else:
            break
        i += 1
    if i == start or (current is None and total == 0):
        return None
    while i > start and _key(tokens[i - 1]) == "and":
        i -= 1
    value = total + (current or Decimal(0))
    return NumberSpan(value.normalize() if value != value.to_integral() else value, start, i, None)


def _can_extend(current: Decimal, value: Decimal) -> bool:
    """Whether `value` continues the number said so far ("five hundred" + "twenty")."""
    below_hundred = current % 100
    if current > 0 and below_hundred == 0:
        return value < 100
    return below_hundred >= 20 and below_hundred % 10 == 0 and value < 10


def format_number(value: Decimal) -> str:
    """A number as flows want it: "2500", "2.5", never "2.5E+3"."""
    if value == value.to_integral():
        return str(int(value))
    return format(value.normalize(), "f")
