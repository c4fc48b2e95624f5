"""The words of spoken dates, as data: English, Devanagari Hindi and romanised Hindi.

Romanised words are stored and looked up through `fold_word` (doubled letters collapse,
w meets v, ee meets i), so "somvaar", "somwar" and "somvar" are one key, as are
"tarikh", "tareekh" and "taarikh". Devanagari words are kept as written. Number words
(ek … tees, एक … तीस, one … thirty) come from the one number-word table of the language
area. The rules that combine these words live in reader.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowhooks.calendar.weekdays import weekday_number
from flowhooks.language.nlu.entities.number_words import unit_words
from flowhooks.language.nlu.normalize import fold_word, word_list


def key_of(word: str) -> str:
    """The lookup key of a word: lower-cased and folded when Latin, as written otherwise."""
    lowered = word.lower()
    return fold_word(lowered) if lowered.isascii() else lowered


def _keys(text: str) -> frozenset[str]:
    return frozenset(key_of(word) for word in word_list(text))


DAY_OFFSETS: dict[str, int] = {
    key_of(word): int(offset)
    for word, offset in (
        pair.split("=")
        for pair in word_list(
            "aaj=0 aj=0 today=0 आज=0 kal=1 kall=1 tomorrow=1 tmrw=1 कल=1 parso=2 parson=2 "
            "parsun=2 परसों=2 परसो=2 narso=3 narson=3 नरसों=3"
        )
    )
}
"""Words naming a day relative to today, in the forward sense ("kal" is tomorrow)."""

PARTICLES = _keys("ko ka ki ke tak se pe par ji please pls on the को तक से पर के की का")
"""Filler words a spoken date may carry ("8 december ko", "kal tak", "on the 20th")."""

NEXT_WORDS = _keys("agle agla agli next coming aane aanewale wale wala अगले अगला अगली आने वाले")
"""Words before a weekday or "week" meaning the next one ("agle somvar", "next week")."""

THIS_WORDS = _keys("is iss this इस")
"""Words before a weekday meaning the coming one, today included ("is guruvar")."""

WEEK_WORDS = _keys("hafte hafta hafton hapte week weeks wk हफ्ते हफ़्ते हफ्ता हफ़्ता सप्ताह")
DAY_WORDS = _keys("din dino dinon day days दिन दिनों")
LATER_WORDS = _keys("baad bad mein me main men later बाद में")
"""Words after a count meaning "from today" ("chaar din baad", "teen din mein")."""

BEFORE_COUNT_WORDS = _keys("in after within")
"""English words before a count meaning "from today" ("in 3 days", "after 2 weeks")."""

DATE_WORDS = _keys("tarikh tareekh taarikh tarik tareek tarikh date तारीख तारीख़ तारिख")
"""Words after a number naming the day of the month ("20 tarikh", "bees tareekh")."""

_HINDI_WEEKDAYS: dict[str, int] = {
    "सोमवार": 0,
    "मंगलवार": 1,
    "बुधवार": 2,
    "गुरुवार": 3,
    "गुरूवार": 3,
    "बृहस्पतिवार": 3,
    "वीरवार": 3,
    "शुक्रवार": 4,
    "शनिवार": 5,
    "रविवार": 6,
    "इतवार": 6,
}
_ROMAN_WEEKDAYS: dict[str, int] = {
    key_of(word): int(day)
    for word, day in (
        pair.split("=")
        for pair in word_list(
            "somvar=0 somvaar=0 sombar=0 mangalvar=1 mangalvaar=1 mangal=1 budhvar=2 "
            "budhvaar=2 budh=2 buddhvar=2 guruvar=3 guruvaar=3 gurvar=3 guru=3 veervar=3 "
            "virvar=3 brihaspativar=3 brihaspatvar=3 shukravar=4 shukravaar=4 sukravar=4 "
            "shukarvar=4 shukra=4 shanivar=5 shanivaar=5 sanivar=5 shani=5 ravivar=6 "
            "ravivaar=6 itvar=6 itvaar=6 etvar=6 raviwar=6"
        )
    )
}
_SHORT_NAMES = frozenset({"guru", "budh", "shani", "shukra", "mangal"})
"""Bare planet names name weekdays in a date input ("mangal ko"), but inside a sentence
"guru" is as likely a person, so the sentence finder ignores them like "mon" or "sat"."""


def weekday_of(word: str, *, full_names_only: bool = False) -> int | None:
    """The weekday (Monday = 0) a spoken word names, in any spelling listed or folded."""
    lowered = word.lower()
    if lowered in _HINDI_WEEKDAYS:
        return _HINDI_WEEKDAYS[lowered]
    if full_names_only and (len(lowered) <= 4 or lowered in _SHORT_NAMES):
        return None
    found = weekday_number(lowered)
    if found is not None:
        return found
    return _ROMAN_WEEKDAYS.get(key_of(lowered))


_DIGITS = re.compile(r"^[0-9]{1,3}$")


def number_of(word: str) -> int | None:
    """The value of a count or day number: digits, or a number word up to ninety-nine."""
    if _DIGITS.match(word):
        return int(word)
    return _number_words().get(key_of(word))


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    return {key_of(word): value for word, value in unit_words().items() if value > 0}
