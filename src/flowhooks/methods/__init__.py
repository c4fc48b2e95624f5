"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import date_compare, user_preferences, validate_date
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        date_compare.METHOD,
        user_preferences.FETCH,
        user_preferences.UPDATE,
        validate_date.METHOD,
    ]
)
