"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import link_creation, user_preferences
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        user_preferences.FETCH,
        link_creation.METHOD,
        user_preferences.UPDATE,
    ]
)
