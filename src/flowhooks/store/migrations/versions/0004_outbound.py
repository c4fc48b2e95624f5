"""Outbound calling: flows, requests, calls (the dispatch queue) and attempts.

Revision ID: 0004_outbound
Revises: 0001_core
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_outbound"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("outbound",)
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbound_flows",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("flow_id", sa.String(8), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("dialer_kind", sa.String(16), nullable=False),
        sa.Column("dialer_url", sa.String(2000), nullable=False),
        sa.Column("dialer_secret", sa.String(200), nullable=False),
        sa.Column("dialer_options", sa.JSON, nullable=False),
        sa.Column("caller_id", sa.String(32), nullable=False),
        sa.Column("max_attempts", sa.Integer, nullable=False),
        sa.Column("retry_gap_seconds", sa.Integer, nullable=False),
        sa.Column("hours_start", sa.String(5), nullable=True),
        sa.Column("hours_end", sa.String(5), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.UniqueConstraint("account_id", "flow_id", name="uq_outbound_flow"),
    )
    op.create_table(
        "outbound_requests",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "flow_pk",
            BigId,
            sa.ForeignKey("outbound_flows.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("call_details", sa.JSON, nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
    )
    op.create_index(
        "ix_outbound_requests_fingerprint", "outbound_requests", ["fingerprint", "created_at"]
    )
    op.create_table(
        "outbound_calls",
        sa.Column("phonon_uuid", sa.String(36), primary_key=True),
        sa.Column(
            "request_id",
            sa.String(36),
            sa.ForeignKey("outbound_requests.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column(
            "flow_pk",
            BigId,
            sa.ForeignKey("outbound_flows.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("client_identifier", sa.String(128), nullable=False),
        sa.Column("numbers", sa.JSON, nullable=False),
        sa.Column("keys", sa.JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("due_at", Stamp, nullable=False),
        sa.Column("attempt_number", sa.Integer, nullable=False),
        sa.Column("lease_owner", sa.String(100), nullable=True),
        sa.Column("lease_until", Stamp, nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
    )
    op.create_index("ix_outbound_calls_request_id", "outbound_calls", ["request_id"])
    op.create_index("ix_outbound_calls_account_id", "outbound_calls", ["account_id"])
    op.create_index("ix_outbound_calls_state_due", "outbound_calls", ["state", "due_at"])
    op.create_table(
        "outbound_attempts",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "phonon_uuid",
            sa.String(36),
            sa.ForeignKey("outbound_calls.phonon_uuid", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("attempt_number", sa.Integer, nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("provider_call_id", sa.String(100), nullable=True),
        sa.Column("start_time", Stamp, nullable=True),
        sa.Column("connect_time", Stamp, nullable=True),
        sa.Column("end_time", Stamp, nullable=True),
        sa.Column("duration", sa.Integer, nullable=True),
        sa.Column("hangup_cause", sa.String(100), nullable=True),
        sa.Column("recording_url", sa.String(2000), nullable=True),
        sa.Column("detail", sa.String(500), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.UniqueConstraint("phonon_uuid", "attempt_number", name="uq_outbound_attempt"),
    )


def downgrade() -> None:
    op.drop_table("outbound_attempts")
    op.drop_index("ix_outbound_calls_state_due", table_name="outbound_calls")
    op.drop_index("ix_outbound_calls_account_id", table_name="outbound_calls")
    op.drop_index("ix_outbound_calls_request_id", table_name="outbound_calls")
    op.drop_table("outbound_calls")
    op.drop_index("ix_outbound_requests_fingerprint", table_name="outbound_requests")
    op.drop_table("outbound_requests")
    op.drop_table("outbound_flows")
