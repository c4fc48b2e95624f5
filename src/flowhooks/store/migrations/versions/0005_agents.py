"""Direct Dial agents, their status changes and pulled reports (their rows come from outbound).

Revision ID: 0005_agents
Revises: 0001_core
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_agents"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("agents",)
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("since", Stamp, nullable=False),
        sa.Column("reason", sa.String(64), nullable=True),
        sa.Column("pending", sa.String(10), nullable=True),
        sa.Column("pending_reason", sa.String(64), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.UniqueConstraint("account_id", "number", name="uq_agents_account_number"),
    )
    op.create_index("ix_agents_account_status_since", "agents", ["account_id", "status", "since"])
    op.create_table(
        "agent_status_changes",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "agent_id", BigId, sa.ForeignKey("agents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("from_status", sa.String(10), nullable=False),
        sa.Column("to_status", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(64), nullable=True),
        sa.Column("pending", sa.String(10), nullable=True),
    )
    op.create_index("ix_agent_status_changes_agent_at", "agent_status_changes", ["agent_id", "at"])
    op.create_table(
        "reports",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("request", sa.JSON, nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("rows", sa.Integer, nullable=True),
        sa.Column("file_path", sa.String(500), nullable=True),
        sa.Column("destination", sa.String(300), nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.Column("finished_at", Stamp, nullable=True),
    )
    op.create_index("ix_reports_account_created", "reports", ["account_id", "created_at"])


def downgrade() -> None:
    for table in ("reports", "agent_status_changes", "agents"):
        op.drop_table(table)
