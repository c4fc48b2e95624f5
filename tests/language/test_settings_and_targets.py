"""NluSettings defaults and validation, and the evaluation targets (a regression fails here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from flowhooks.language import evaluation as ev
from flowhooks.language.nlu.settings import NluSettings

EVAL = Path(__file__).resolve().parents[2] / "eval"


def test_empty_settings_are_valid_defaults() -> None:
    """{} means built in, starter set, threshold 0.5, timeout 3 s."""
    settings = NluSettings.model_validate({})
    assert (settings.provider, settings.threshold, settings.timeout_seconds) == (
        "builtin",
        0.5,
        3.0,
    )
    assert settings.intents_yaml is None
    assert settings.rasa_url is None


@pytest.mark.parametrize(
    "raw",
    [
        {"provider": "rasa"},
        {"rasa_url": "ftp://rasa"},
        {"threshold": 1.5},
        {"timeout_seconds": 0},
        {"intents_yaml": "nlu: []"},
        {"unknown": 1},
    ],
)
def test_invalid_settings_are_refused(raw: dict[str, object]) -> None:
    """Rasa without URL, bad URLs, out-of-range numbers, bad intents and unknown keys fail."""
    with pytest.raises(ValidationError):
        NluSettings.model_validate(raw)


def test_rasa_token_is_secret() -> None:
    """The Rasa token is not shown in the settings' repr or JSON dump."""
    settings = NluSettings(provider="rasa", rasa_url="http://rasa:5005/", rasa_token="s3cret")
    assert "s3cret" not in repr(settings)
    assert "s3cret" not in settings.model_dump_json()
    assert settings.rasa_url == "http://rasa:5005"


def test_language_detection_meets_the_targets() -> None:
    """Native scripts >= 95%, romanised Hindi >= 90%, English misread as Hindi <= 5%."""
    report = ev.evaluate_languages(EVAL / "languages.tsv")
    assert report.native_total + report.romanised_total + report.english_total >= 300
    assert report.native_accuracy >= ev.TARGET_NATIVE_ACCURACY, report.errors
    assert report.romanised_recall >= ev.TARGET_ROMANISED_HINDI_RECALL, report.errors
    assert report.english_misread_rate <= ev.TARGET_ENGLISH_AS_HINDI, report.errors
