"""Short links, their visits and chatbot sessions.

Revision ID: 0003_shortlinks
Revises: 0001_core
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_shortlinks"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("shortlinks",)
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "short_links",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("long_url", sa.Text, nullable=False),
        sa.Column("redirect_code", sa.SmallInteger, nullable=False),
        sa.Column("expires_at", Stamp, nullable=True),
        sa.Column("max_visits", sa.Integer, nullable=True),
        sa.Column("visit_count", sa.Integer, nullable=False),
        sa.Column("domain", sa.String(255), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
    )
    op.create_index("ix_short_links_account_created", "short_links", ["account_id", "created_at"])
    op.create_table(
        "short_link_visits",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "link_id",
            BigId,
            sa.ForeignKey("short_links.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("visited_at", Stamp, nullable=False),
        sa.Column("referrer", sa.String(1024), nullable=True),
        sa.Column("user_agent", sa.String(512), nullable=True),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.Column("potential_bot", sa.Boolean, nullable=False),
    )
    op.create_index(
        "ix_short_link_visits_link_time", "short_link_visits", ["link_id", "visited_at"]
    )
    op.create_table(
        "bot_sessions",
        sa.Column("bot_unique_id", sa.String(32), primary_key=True),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "link_id",
            BigId,
            sa.ForeignKey("short_links.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("botid", sa.String(128), nullable=False),
        sa.Column("cli", sa.String(32), nullable=True),
        sa.Column("variables", sa.JSON, nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("expires_at", Stamp, nullable=False),
    )
    op.create_index("ix_bot_sessions_account_id", "bot_sessions", ["account_id"])


def downgrade() -> None:
    for table in ("bot_sessions", "short_link_visits", "short_links"):
        op.drop_table(table)
