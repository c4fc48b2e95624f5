"""Language names and codes as callers write them, turned into one provider code.

A flow may say ``Hindi``, ``हिन्दी``, ``hi`` or ``hi-IN``; providers want ``hi``. Lookups are
case-insensitive and Unicode-normalised (NFC), so the two ways of writing a Devanagari
nukta or a Bengali/Odia vowel sign match. A tag with a region or script (``hi-IN``,
``pt_BR``) resolves to its base language unless the full tag is itself a language Google
distinguishes (``zh-TW``, ``mni-Mtei``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from flowhooks.language.translation.language_table import LANGUAGES, Language

EXPECTED_FORM = (
    "a language as an English name (Hindi), a native name (हिन्दी) or an ISO 639 code (hi, hi-IN)"
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def _fold_code(text: str) -> str:
    return _fold(text).replace("_", "-")


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for key, code in pairs:
        existing = index.get(key)
        if existing is not None and existing != code:
            raise ValueError(f"language table maps {key!r} to both {existing} and {code}")
        index[key] = code
    return index


def _name_pairs(languages: Iterable[Language]) -> Iterable[tuple[str, str]]:
    for lang in languages:
        for name in (lang.english, *lang.other_names, *lang.native):
            yield _fold(name), lang.code


def _code_pairs(languages: Iterable[Language]) -> Iterable[tuple[str, str]]:
    for lang in languages:
        for code in (lang.code, *lang.other_codes):
            yield _fold_code(code), lang.code


_BY_NAME: dict[str, str] = _index(_name_pairs(LANGUAGES))
_BY_CODE: dict[str, str] = _index(_code_pairs(LANGUAGES))
_ENGLISH: dict[str, str] = {lang.code: lang.english for lang in LANGUAGES}


def _code_for(raw: str) -> str | None:
    folded = _fold_code(raw)
    found = _BY_CODE.get(folded)
    if found is not None:
        return found
    base, dash, rest = folded.partition("-")
    subtags_ok = rest.replace("-", "").isascii() and rest.replace("-", "").isalnum()
    if dash and subtags_ok and base.isascii() and base.isalpha() and 2 <= len(base) <= 3:
        return _BY_CODE.get(base)
    return None


def to_code(raw: str) -> str:
    """The provider code of a language written as an English name, native name or code.

    Raises ValueError naming the expected form when the language is unknown.
    """
    folded = _fold(raw)
    if not folded:
        raise ValueError(f"empty language: expected {EXPECTED_FORM}")
    code = _BY_NAME.get(folded) or _code_for(raw)
    if code is None:
        raise ValueError(f"unknown language {raw.strip()!r}: expected {EXPECTED_FORM}")
    return code


def english_name(code: str) -> str:
    """The English name of a language code (``hi`` -> ``Hindi``; ``hi-IN`` and ``iw`` work too).

    Raises ValueError for a code that is not in the table.
    """
    canonical = _code_for(code)
    if canonical is None:
        raise ValueError(f"unknown language code {code.strip()!r}: expected an ISO 639 code")
    return _ENGLISH[canonical]


def supported_codes() -> tuple[str, ...]:
    """Every canonical code, in table order (English and Indian languages first)."""
    return tuple(lang.code for lang in LANGUAGES)
