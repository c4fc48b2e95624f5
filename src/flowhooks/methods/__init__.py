"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import (
    create_outbound,
    date_compare,
    flow_variables,
    translate_text,
    user_preferences,
    validate_date,
)
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        create_outbound.METHOD,
        date_compare.METHOD,
        user_preferences.FETCH,
        flow_variables.METHOD,
        translate_text.METHOD,
        user_preferences.UPDATE,
        validate_date.METHOD,
    ]
)
