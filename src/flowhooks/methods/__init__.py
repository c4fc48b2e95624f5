"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import (
    date_compare,
    link_creation,
    translate_text,
    user_preferences,
    validate_date,
)
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        date_compare.METHOD,
        user_preferences.FETCH,
        link_creation.METHOD,
        translate_text.METHOD,
        user_preferences.UPDATE,
        validate_date.METHOD,
    ]
)
