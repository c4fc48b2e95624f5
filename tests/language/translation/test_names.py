"""Language names, native names and codes resolve to one provider code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowhooks.language.translation.language_table import INDIAN, LANGUAGES, Language
from flowhooks.language.translation.names import (
    EXPECTED_FORM,
    english_name,
    supported_codes,
    to_code,
)

SCHEDULED_CODES = {
    "as", "bn", "brx", "doi", "gu", "hi", "kn", "ks", "gom", "mai", "ml",
    "mni-Mtei", "mr", "ne", "or", "pa", "sa", "sat", "sd", "ta", "te", "ur",
}  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Hindi", "hi"),
        ("hindi", "hi"),
        ("HINDI", "hi"),
        ("हिन्दी", "hi"),
        ("हिंदी", "hi"),
        ("தமிழ்", "ta"),
        ("বাংলা", "bn"),
        ("Bangla", "bn"),
        ("ଓଡ଼ିଆ", "or"),
        ("Oriya", "or"),
        ("hi", "hi"),
        ("HI", "hi"),
        ("hi-IN", "hi"),
        ("hi_in", "hi"),
        ("ta-LK", "ta"),
        ("pt-BR", "pt"),
        ("zh", "zh-CN"),
        ("zh-tw", "zh-TW"),
        ("Chinese", "zh-CN"),
        ("mni", "mni-Mtei"),
        ("Meitei", "mni-Mtei"),
        ("kok", "gom"),
        ("iw", "he"),
        ("  Tamil  ", "ta"),
        ("English", "en"),
        ("French", "fr"),
        ("Español", "es"),
    ],
)
def test_to_code_accepts_names_native_names_and_codes(raw: str, code: str) -> None:
    """English names, native names and ISO codes (with region) map to the provider code."""
    assert to_code(raw) == code


@pytest.mark.parametrize("raw", ["Klingon", "xx", "", "   ", "hi-", "english please"])
def test_unknown_language_is_a_value_error_naming_the_expected_form(raw: str) -> None:
    """An unknown language raises ValueError that says which forms are accepted."""
    with pytest.raises(ValueError, match="expected") as info:
        to_code(raw)
    assert EXPECTED_FORM in str(info.value)


def test_english_name_of_codes_and_aliases() -> None:
    """A code, its region form and its legacy alias all name the language in English."""
    assert english_name("hi") == "Hindi"
    assert english_name("hi-IN") == "Hindi"
    assert english_name("iw") == "Hebrew"
    assert english_name("zh-Hans") == "Chinese (Simplified)"
    assert english_name("mni-Mtei") == "Manipuri"


def test_english_name_of_unknown_code_is_a_value_error() -> None:
    """An unknown code raises ValueError."""
    with pytest.raises(ValueError, match="unknown language code"):
        english_name("qq")


def test_every_scheduled_indian_language_and_english_is_covered() -> None:
    """English and all 22 scheduled languages of India are in the table with a native name."""
    codes = {lang.code for lang in INDIAN}
    assert codes == SCHEDULED_CODES | {"en"}
    assert all(lang.native for lang in INDIAN)
    assert len(supported_codes()) >= 100


@given(st.sampled_from(LANGUAGES), st.sampled_from(["lower", "upper", "title", "same"]))
def test_every_name_of_a_language_resolves_to_its_code(lang: Language, case: str) -> None:
    """Each English name, other name, native name and code resolves to its language's code."""
    for written in (lang.english, *lang.other_names, *lang.native, lang.code, *lang.other_codes):
        shown = written if case == "same" else getattr(written, case)()
        assert to_code(shown) == lang.code


@given(st.sampled_from(supported_codes()), st.sampled_from(["IN", "US", "GB", "x-test"]))
def test_code_with_any_region_round_trips_through_english_name(code: str, region: str) -> None:
    """code-REGION resolves to the code (or itself) and english_name(to_code(name)) is stable."""
    tagged = f"{code.split('-')[0]}-{region}"
    resolved = to_code(tagged)
    assert to_code(english_name(resolved)) == resolved
