"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import agent_allocation, agent_pause, pull_report, user_preferences
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        agent_allocation.ALLOCATE,
        user_preferences.FETCH,
        pull_report.METHOD,
        agent_allocation.RELEASE,
        agent_pause.METHOD,
        user_preferences.UPDATE,
    ]
)
