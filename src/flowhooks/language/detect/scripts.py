"""Unicode script detection: the fast path that names a text's writing system.

Most Indian languages own a script (Tamil, Telugu, Gurmukhi...), so counting which script
the letters of a text belong to answers "which language" without any model. Only scripts
shared by several languages (Devanagari, Latin, Bengali) need a second look.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter
from dataclasses import dataclass

# (first code point, last code point, script name as Unicode names it)
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latin"),
    (0x0061, 0x007A, "Latin"),
    (0x00C0, 0x024F, "Latin"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x08A0, 0x08FF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B00, 0x0B7F, "Odia"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"),
    (0x0D00, 0x0D7F, "Malayalam"),
    (0x0D80, 0x0DFF, "Sinhala"),
    (0x1C50, 0x1C7F, "Ol Chiki"),
    (0x1E00, 0x1EFF, "Latin"),
    (0xA8E0, 0xA8FF, "Devanagari"),
    (0xABC0, 0xABFF, "Meetei Mayek"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
)
_STARTS = [start for start, _, _ in _RANGES]

UNKNOWN_SCRIPT = "Unknown"


@dataclass(frozen=True, slots=True)
class ScriptCount:
    """Which script most letters of a text are written in, and how dominant it is."""

    script: str
    share: float  # letters in that script / all letters, 0..1
    letters: int  # number of letters counted (0 when the text has none)
    counts: dict[str, int]


def script_of(char: str) -> str | None:
    """The script of one letter or combining mark, or None for digits, spaces, punctuation."""
    category = unicodedata.category(char)
    if category[0] not in "LM":
        return None
    code = ord(char)
    index = bisect.bisect_right(_STARTS, code) - 1
    if index >= 0:
        start, end, name = _RANGES[index]
        if start <= code <= end:
            return name
    return "Other"


def count_scripts(text: str) -> ScriptCount:
    """Count the letters of each script in `text` and name the dominant one."""
    counts: Counter[str] = Counter()
    for char in text:
        name = script_of(char)
        if name is not None:
            counts[name] += 1
    total = sum(counts.values())
    if total == 0:
        return ScriptCount(UNKNOWN_SCRIPT, 0.0, 0, {})
    script, top = counts.most_common(1)[0]
    return ScriptCount(script, top / total, total, dict(counts))
