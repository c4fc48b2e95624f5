"""FindLanguage's offline detection: scripts, Hindi vs Marathi, romanised Hindi vs English."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowhooks.language.detect import detect_language
from flowhooks.language.detect.languages import ALL_LANGUAGES, language_by_name
from flowhooks.language.detect.scripts import count_scripts

KNOWN_CODES = {info.code for info in ALL_LANGUAGES} | {"und"}


@pytest.mark.parametrize(
    ("text", "code", "script"),
    [
        ("আমার নাম রাহুল", "bn", "Bengali"),
        ("মোৰ নাম ৰাহুল", "as", "Bengali"),
        ("ਮੇਰਾ ਨਾਮ ਰਾਹੁਲ ਹੈ", "pa", "Gurmukhi"),
        ("મારું નામ રાહુલ છે", "gu", "Gujarati"),
        ("ମୋର ନାମ ରାହୁଲ", "or", "Odia"),
        ("என் பெயர் ராகுல்", "ta", "Tamil"),
        ("నా పేరు రాహుల్", "te", "Telugu"),
        ("ನನ್ನ ಹೆಸರು ರಾಹುಲ್", "kn", "Kannada"),
        ("എന്റെ പേര് രാഹുൽ", "ml", "Malayalam"),
        ("میرا نام راہل ہے", "ur", "Arabic"),
        ("ᱥᱟᱱᱛᱟᱲᱤ", "sat", "Ol Chiki"),
        ("मेरा नाम राहुल है", "hi", "Devanagari"),
        ("माझे नाव राहुल आहे", "mr", "Devanagari"),
        ("my name is john", "en", "Latin"),
    ],
)
def test_native_scripts_name_their_language(text: str, code: str, script: str) -> None:
    """Each script's sample is answered with its language code and script name."""
    guess = detect_language(text)
    assert (guess.code, guess.script, guess.is_romanized) == (code, script, False)
    assert 0.5 < guess.confidence <= 1.0


def test_romanised_hindi_is_hindi_not_english() -> None:
    """ "mera naam john hai" is Hindi written in Latin letters."""
    guess = detect_language("mera naam john hai")
    assert (guess.language, guess.code, guess.script) == ("Hindi", "hi", "Latin")
    assert guess.is_romanized is True
    assert guess.confidence > 0.9


@pytest.mark.parametrize(
    "text", ["hi", "ok bye", "the main office is closed", "to be or not to be", "do it now"]
)
def test_english_with_hindi_looking_words_stays_english(text: str) -> None:
    """English sentences whose words also spell Hindi words (main, to, do, hi) stay English."""
    assert detect_language(text).code == "en"


@pytest.mark.parametrize("text", ["होय", "नाही", "मला मदत हवी आहे"])
def test_short_marathi_answers_are_marathi(text: str) -> None:
    """Marathi one-word answers, which lingua alone reads as Hindi, are Marathi."""
    assert detect_language(text).code == "mr"


@pytest.mark.parametrize("text", ["", "   ", "1234", "?!"])
def test_text_without_letters_is_unknown(text: str) -> None:
    """A text with no letters is Unknown, code und, confidence 0."""
    guess = detect_language(text)
    assert (guess.language, guess.code, guess.confidence) == ("Unknown", "und", 0.0)


def test_dominant_script_wins_in_mixed_text() -> None:
    """A Devanagari sentence with one English word is still Devanagari."""
    counted = count_scripts("मेरा account नंबर बदलना है")
    assert counted.script == "Devanagari"
    assert 0.5 < counted.share < 1.0


def test_language_lookup_accepts_names_native_names_and_codes() -> None:
    """Hindi is found as 'Hindi', 'हिन्दी' and 'HI'."""
    assert language_by_name("Hindi") == language_by_name("हिन्दी") == language_by_name("HI")
    assert language_by_name("Klingon") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gets_a_bounded_answer(text: str) -> None:
    """Any text at all gets a known code and a confidence between 0 and 1."""
    guess = detect_language(text)
    assert guess.code in KNOWN_CODES
    assert 0.0 <= guess.confidence <= 1.0
    assert guess.is_romanized == (guess.script == "Latin" and guess.code != "en")
