"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import user_preferences
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        user_preferences.FETCH,
        user_preferences.UPDATE,
    ]
)
