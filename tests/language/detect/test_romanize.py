"""Devanagari → the Latin spellings Hindi speakers type, used to build the Hinglish lexicon."""

from __future__ import annotations

import pytest

from flowhooks.language.detect.hinglish import build_lexicon, judge_latin_text
from flowhooks.language.detect.romanize import delete_schwas, romanize_word


@pytest.mark.parametrize(
    ("word", "spelling"),
    [
        ("मेरा", "mera"),
        ("नाम", "naam"),
        ("है", "hai"),
        ("हैं", "hain"),
        ("नहीं", "nahi"),
        ("क्या", "kya"),
        ("करता", "karta"),
        ("समझते", "samajhte"),
        ("ठीक", "theek"),
        ("अच्छा", "accha"),
        ("चाहिए", "chahiye"),
        ("हूँ", "hoon"),
        ("धन्यवाद", "dhanyavad"),
        ("नमस्ते", "namaste"),
        ("कॉल", "kol"),
    ],
)
def test_common_spellings_are_produced(word: str, spelling: str) -> None:
    """Each word's usual chat spelling is among its romanisations."""
    assert spelling in romanize_word(word)


def test_schwa_is_kept_after_a_conjunct() -> None:
    """मित्र keeps its final vowel (mitra), नाम loses it (naam)."""
    assert romanize_word("मित्र")[0] == "mitra"
    assert delete_schwas("नाम") == "नाम्"


def test_lexicon_is_built_from_installed_word_lists() -> None:
    """A small lexicon built from wordfreq already tells Hinglish from English."""
    tables = build_lexicon(hindi_words=800, english_words=5000)
    assert tables.hindi["hai"] > tables.english.get("hai", 0.0)
    assert judge_latin_text("kya aap mujhe bata sakte hain", tables).is_hindi
    assert not judge_latin_text("can you tell me please", tables).is_hindi
