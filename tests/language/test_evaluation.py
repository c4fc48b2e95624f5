"""NluSettings defaults and validation (the evaluation targets: test_intent_model.py,
test_detection_mixed.py, tests/calendar/test_spoken_reader.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

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
