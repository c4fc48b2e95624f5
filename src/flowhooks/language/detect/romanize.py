"""Devanagari words written the way Indians type Hindi in Latin letters ("mera naam").

The romanised-Hindi lexicon is built from wordfreq's Hindi word list, so each Devanagari
word must become the Latin spellings people actually use. indic-transliteration gives the
ITRANS form (`merA`, `nAma`, `hU.N`); on top of it this module
- deletes the inherent vowel where Hindi speakers drop it (word-final `nAma` → `naam`,
  medial `karatA` → `karta`), by adding a virama before transliterating, and
- spells each ITRANS unit in the common ways (`A` → `aa` or `a`, `I` → `ee` or `i`,
  `.N` nasal → `n` or nothing, `v` → `v` or `w`, `Ch` → `chh` or `ch`...).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from indic_transliteration import sanscript  # type: ignore[import-untyped]

VIRAMA = "\u094d"
NUKTA = "\u093c"
_CONSONANTS = {chr(c) for c in range(0x0915, 0x093A)} | {chr(c) for c in range(0x0958, 0x0960)}
_MATRAS = {chr(c) for c in range(0x093E, 0x094D)} | {"\u0962", "\u0963", "\u0955", "\u0956"}
_INDEPENDENT_VOWELS = {chr(c) for c in range(0x0904, 0x0915)} | {"\u0960", "\u0961"}
_MAX_VARIANTS = 24
# English loan vowels (कॉल, ऑफिस) have no ITRANS form: spell them as plain o / e.
_CANDRA_VOWELS = str.maketrans(
    {"\u0949": "\u094b", "\u0911": "\u0913", "\u0945": "\u0947", "\u090d": "\u090f"}
)
# A written glide between vowels: chaahie → chaahiye, jaaega → jaayega.
_GLIDE_RE = re.compile(r"([aiu])(e)")

# ITRANS units, longest first, each with its usual Latin spellings (first = preferred).
_UNITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("chCh", ("chh", "cch", "ch")),
    ("j~n", ("gy",)),
    ("kSh", ("ksh", "kch")),
    ("RRi", ("ri",)),
    ("RRI", ("ri",)),
    (".Dh", ("dh", "rh")),
    (".D", ("d", "r")),
    (".N", ("n", "")),
    (".n", ("n",)),
    (".a", ("",)),
    ("~N", ("n",)),
    ("~n", ("n",)),
    ("Ch", ("chh", "ch")),
    ("Sh", ("sh",)),
    ("Th", ("th",)),
    ("Dh", ("dh",)),
    ("ai", ("ai",)),
    ("au", ("au", "o")),
    ("A", ("aa", "a")),
    ("I", ("ee", "i")),
    ("U", ("oo", "u")),
    ("M", ("n", "")),
    ("H", ("h", "")),
    ("T", ("t",)),
    ("D", ("d",)),
    ("N", ("n",)),
    ("K", ("kh",)),
    ("G", ("gh",)),
    ("q", ("k",)),
    ("v", ("v", "w")),
    ("ph", ("ph", "f")),
    ("x", ("ksh",)),
    ("L", ("l",)),
    ("R", ("r",)),
)
_UNIT_MAP = dict(_UNITS)
_UNIT_RE = re.compile("|".join(re.escape(unit) for unit, _ in _UNITS) + "|.", re.DOTALL)


def delete_schwas(word: str) -> str:
    """Add a virama where Hindi drops the inherent vowel (final and V C_C V positions)."""
    units: list[tuple[int, str]] = []  # (index of the consonant or vowel, kind)
    chars = list(word)
    for index, char in enumerate(chars):
        if char in _CONSONANTS:
            units.append((index, "a"))  # inherent vowel until a matra or virama says otherwise
        elif char in _INDEPENDENT_VOWELS:
            units.append((index, "V"))
        elif units and (char in _MATRAS or char == VIRAMA):
            position, kind = units[-1]
            if kind == "a":
                units[-1] = (position, "virama" if char == VIRAMA else "matra")
    voiced = [u for u in units if u[1] != "virama"]
    if len(voiced) < 2:
        return word
    deleted: set[int] = set()
    _last_index, last_kind = units[-1]
    if last_kind == "a" and not (len(units) >= 2 and units[-2][1] == "virama"):
        deleted.add(len(units) - 1)
    for i in range(len(units) - 2, 0, -1):
        if units[i][1] != "a":
            continue
        before, after = units[i - 1], units[i + 1]
        if before[1] == "virama" or (i - 1) in deleted:
            continue
        if after[1] in ("virama",) or (i + 1) in deleted:
            continue
        if units[i + 1][1] == "V":
            continue
        deleted.add(i)
    if not deleted:
        return word
    insert_after = {_end_of_consonant(chars, units[i][0]) for i in deleted}
    return "".join(char + (VIRAMA if pos in insert_after else "") for pos, char in enumerate(chars))


def _end_of_consonant(chars: list[str], index: int) -> int:
    """Index of the last character of the consonant at `index` (its nukta, if any)."""
    return index + 1 if index + 1 < len(chars) and chars[index + 1] == NUKTA else index


def itrans_to_latin_variants(itrans: str) -> list[str]:
    """The common Latin spellings of an ITRANS string, preferred spelling first."""
    options = [_UNIT_MAP.get(unit, (unit.lower(),)) for unit in _UNIT_RE.findall(itrans)]
    variants: list[str] = []
    seen: set[str] = set()
    for combo in itertools.islice(itertools.product(*options), _MAX_VARIANTS):
        spelled = _tidy("".join(combo))
        if spelled and spelled not in seen:
            seen.add(spelled)
            variants.append(spelled)
    short = _tidy("".join(choices[-1] for choices in options))
    if short and short not in seen:
        variants.append(short)
    return variants


def _tidy(spelled: str) -> str:
    """Keep only Latin letters; a final long `ee` is usually written `i` too."""
    return "".join(c for c in spelled if "a" <= c <= "z")


@lru_cache(maxsize=4096)
def romanize_word(word: str) -> tuple[str, ...]:
    """Every common Latin spelling of one Devanagari word ("मेरा" → mera, meraa...)."""
    plain = word.translate(_CANDRA_VOWELS)
    itrans = sanscript.transliterate(delete_schwas(plain), sanscript.DEVANAGARI, sanscript.ITRANS)
    variants = itrans_to_latin_variants(itrans)
    extra = [v[:-2] + "i" for v in variants if v.endswith("ee")]
    extra += [_GLIDE_RE.sub(r"\1y\2", v) for v in variants if _GLIDE_RE.search(v)]
    return tuple(dict.fromkeys([*variants, *extra]))
