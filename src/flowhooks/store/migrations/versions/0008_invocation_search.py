"""Invocation search: the caller's contact number and the flow ID of each call, indexed.

The console's log finds a caller's calls by number; the number and the flow ID are taken
from the call's variables when the row is written (calls.py), normalised to E.164.

Revision ID: 0008_invocation_search
Revises: 0007_console
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_invocation_search"
down_revision: str | Sequence[str] | None = "0007_console"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invocations") as batch:
        batch.add_column(sa.Column("contact", sa.String(32), nullable=True))
        batch.add_column(sa.Column("flow_id", sa.String(64), nullable=True))
    op.create_index("ix_invocations_contact", "invocations", ["contact", "created_at"])
    op.create_index("ix_invocations_flow_id", "invocations", ["flow_id"])


def downgrade() -> None:
    op.drop_index("ix_invocations_flow_id", "invocations")
    op.drop_index("ix_invocations_contact", "invocations")
    with op.batch_alter_table("invocations") as batch:
        batch.drop_column("flow_id")
        batch.drop_column("contact")
