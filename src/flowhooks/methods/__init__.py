"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import find_language, speech_processing, translate_text, user_preferences
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        user_preferences.FETCH,
        find_language.METHOD,
        speech_processing.METHOD,
        translate_text.METHOD,
        user_preferences.UPDATE,
    ]
)
