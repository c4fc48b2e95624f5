"""The Alembic migrations; `HEADS` pins their head revisions for a check without Alembic.

A command on a current database compares `alembic_version` with HEADS instead of loading
Alembic's script directory (tests/cli/test_database.py checks HEADS against the scripts:
a new migration updates it).
"""

HEADS: frozenset[str] = frozenset(
    {
        "0003_shortlinks",
        "0004_outbound",
        "0005_agents",
        "0006_translation",
        "0009_console_test_cases",
    }
)
