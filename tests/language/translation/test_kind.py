"""LanguageKind: the webhook variable kind for sourceLang/targetLang."""

from __future__ import annotations

import pytest

from flowhooks.language.translation.kind import LanguageKind


@pytest.mark.parametrize("raw", ["auto", "AUTO", " Detect ", "auto-detect"])
def test_source_kind_accepts_auto_words(raw: str) -> None:
    """With detection allowed, auto/detect in any case mean 'detect'."""
    assert LanguageKind(allow_auto=True).parse(raw) == "auto"


def test_target_kind_refuses_auto_and_unknown_languages() -> None:
    """Without detection, auto is not a language; unknown names are refused."""
    kind = LanguageKind()
    with pytest.raises(ValueError, match="not a language"):
        kind.parse("auto")
    with pytest.raises(ValueError, match="not a language"):
        kind.parse("Elvish")
    assert kind.parse("ગુજરાતી") == "gu"


def test_describe_names_the_accepted_forms() -> None:
    """describe() names English names, native names and codes, and auto where allowed."""
    assert "native name (हिन्दी)" in LanguageKind().describe()
    assert LanguageKind(allow_auto=True).describe().endswith("or auto to detect it")


def test_overlong_value_is_refused() -> None:
    """A value longer than 64 characters is refused before lookup."""
    with pytest.raises(ValueError, match="more than 64"):
        LanguageKind().parse("x" * 65)
