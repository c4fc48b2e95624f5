"""Number words of English and Hindi (Devanagari and romanised), as one lookup table.

Hindi has a distinct word for every number up to 100 (इक्कीस 21, पैंतालीस 45), so they are
listed in Devanagari once and their Latin spellings are derived with the same romaniser
as the language lexicon ("paintalis", "paintaalees"...), plus the short chat spellings.
Every key is a folded token (`features.token_of` for Devanagari, `fold_word` for Latin).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from flowhooks.language.detect.romanize import romanize_word
from flowhooks.language.nlu.normalize import fold_word, word_list

_HINDI_0_TO_100 = word_list(
    "शून्य एक दो तीन चार पाँच छह सात आठ नौ दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह "
    "उन्नीस बीस इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस तीस इकतीस बत्तीस "
    "तैंतीस चौंतीस पैंतीस छत्तीस सैंतीस अड़तीस उनतालीस चालीस इकतालीस बयालीस तैंतालीस चवालीस "
    "पैंतालीस छियालीस सैंतालीस अड़तालीस उनचास पचास इक्यावन बावन तिरेपन चौवन पचपन छप्पन "
    "सत्तावन अट्ठावन उनसठ साठ इकसठ बासठ तिरसठ चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर सत्तर "
    "इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर सतहत्तर अठहत्तर उनासी अस्सी इक्यासी बयासी "
    "तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी नब्बे इक्यानबे बानबे तिरानबे चौरानबे "
    "पंचानबे छियानबे सत्तानबे अट्ठानबे निन्यानबे सौ"
)
# Other common spellings (Devanagari variants and Latin chat forms) and their values.
_EXTRA_WORDS: dict[str, int] = {
    word: int(value)
    for word, value in (
        pair.split("=")
        for pair in word_list(
            "पांच=5 छः=6 छे=6 छह=6 नव=9 पन्द्रह=15 सत्तरह=17 ek=1 teen=3 tin=3 char=4 "
            "chaar=4 panch=5 "
            "paanch=5 paach=5 chhe=6 chhah=6 che=6 cheh=6 chhey=6 saat=7 aath=8 nau=9 das=10 "
            "dus=10 "
            "gyarah=11 gyara=11 barah=12 bara=12 terah=13 tera=13 chaudah=14 choudah=14 pandrah=15 "
            "pandra=15 solah=16 sola=16 satrah=17 satra=17 atharah=18 athara=18 unnis=19 bees=20 "
            "pachees=25 pachis=25 tees=30 chalis=40 pachas=50 saath=60 sattar=70 assi=80 nabbe=90 "
            "sau=100"
        )
    )
}
_ENGLISH_WORDS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        word_list(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
} | {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "oh": 0, "nil": 0,
}  # fmt: skip
MULTIPLIERS: dict[str, int] = {
    word: int(value)
    for word, value in (
        pair.split("=")
        for pair in word_list(
            "hundred=100 thousand=1000 lakh=100000 lakhs=100000 lac=100000 lacs=100000 "
            "million=1000000 crore=10000000 crores=10000000 billion=1000000000 hazar=1000 "
            "hazaar=1000 "
            "hajar=1000 hajaar=1000 karod=10000000 karor=10000000 करोड़=10000000 हज़ार=1000 "
            "हजार=1000 "
            "लाख=100000 सौ=100 sau=100"
        )
    )
}
# Words standing for a whole number-and-a-half: डेढ़ 1.5, ढाई 2.5.
HALVES: dict[str, Decimal] = {
    "डेढ़": Decimal("1.5"), "dedh": Decimal("1.5"), "dedd": Decimal("1.5"),
    "ढाई": Decimal("2.5"), "dhai": Decimal("2.5"), "dhaai": Decimal("2.5"),
}  # fmt: skip
# Words that change the next number: साढ़े +0.5, सवा +0.25, पौने −0.25.
MODIFIERS: dict[str, Decimal] = {
    "साढ़े": Decimal("0.5"), "sadhe": Decimal("0.5"), "saadhe": Decimal("0.5"),
    "sade": Decimal("0.5"), "saade": Decimal("0.5"), "सवा": Decimal("0.25"),
    "sava": Decimal("0.25"), "sawa": Decimal("0.25"), "पौने": Decimal("-0.25"),
    "paune": Decimal("-0.25"), "pone": Decimal("-0.25"),
}  # fmt: skip
# Romanised Hindi numbers that are also everyday words (do = "give", saath = "with",
# so, sat, tin, char...): numbers only next to a multiplier, a unit or another number.
AMBIGUOUS = frozenset(
    fold_word(w)
    for w in word_list(
        "do so no sat saat sath saath tin char das bis bees at ath aath na nau che sola sau "
        "tera bara"
    )
) | {"दो", "सात", "साठ", "ना"}
REPEATERS: dict[str, int] = {"double": 2, "triple": 3, "dabal": 2, "डबल": 2, "ट्रिपल": 3}


def _key(word: str) -> str:
    return fold_word(word) if word.isascii() else word


@lru_cache(maxsize=1)
def unit_words() -> dict[str, int]:
    """Folded number word → value, for every number word below 100."""
    table: dict[str, int] = {}
    for value, word in enumerate(_HINDI_0_TO_100[:100]):
        table[word] = value
        for spelling in romanize_word(word):
            table.setdefault(fold_word(spelling), value)
    for word, value in (_EXTRA_WORDS | _ENGLISH_WORDS).items():
        table[_key(word)] = value
    for word in MULTIPLIERS:
        table.pop(_key(word), None)
    for never in ("no", "so", "na"):  # "no" is never nine, "so" never a hundred
        table.pop(never, None)
    return table


def multiplier_of(word: str) -> int | None:
    """100 for hundred/sau/सौ, 1000 for thousand/hazaar..., else None."""
    return _MULTIPLIER_KEYS.get(_key(word))


_MULTIPLIER_KEYS = {_key(word): value for word, value in MULTIPLIERS.items()}
HALF_KEYS = {_key(word): value for word, value in HALVES.items()}
MODIFIER_KEYS = {_key(word): value for word, value in MODIFIERS.items()}
REPEATER_KEYS = {_key(word): value for word, value in REPEATERS.items()}
