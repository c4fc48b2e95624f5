"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import translate_text, user_preferences
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        user_preferences.FETCH,
        translate_text.METHOD,
        user_preferences.UPDATE,
    ]
)
