"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import (
    date_compare,
    find_language,
    speech_processing,
    translate_text,
    user_preferences,
    validate_date,
)
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        date_compare.METHOD,
        user_preferences.FETCH,
        find_language.METHOD,
        speech_processing.METHOD,
        translate_text.METHOD,
        user_preferences.UPDATE,
        validate_date.METHOD,
    ]
)
