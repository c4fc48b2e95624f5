"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import create_outbound, flow_variables, user_preferences
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        create_outbound.METHOD,
        user_preferences.FETCH,
        flow_variables.METHOD,
        user_preferences.UPDATE,
    ]
)
