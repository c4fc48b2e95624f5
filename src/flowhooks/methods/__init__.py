"""The registry: every webhook method, in one explicit alphabetical list."""

from flowhooks.methods import (
    agent_allocation,
    agent_pause,
    create_outbound,
    date_compare,
    find_language,
    flow_variables,
    link_creation,
    pull_report,
    speech_processing,
    translate_text,
    user_preferences,
    validate_date,
)
from flowhooks.registry import Registry

REGISTRY = Registry(
    [
        agent_allocation.ALLOCATE,
        create_outbound.METHOD,
        date_compare.METHOD,
        user_preferences.FETCH,
        find_language.METHOD,
        flow_variables.METHOD,
        link_creation.METHOD,
        pull_report.METHOD,
        agent_allocation.RELEASE,
        speech_processing.METHOD,
        translate_text.METHOD,
        agent_pause.METHOD,
        user_preferences.UPDATE,
        validate_date.METHOD,
    ]
)
