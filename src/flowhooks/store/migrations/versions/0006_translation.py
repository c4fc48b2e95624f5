"""The translation cache: successful translations shared by every process.

Revision ID: 0006_translation
Revises: 0001_core
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_translation"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("translation",)
depends_on: str | Sequence[str] | None = None

Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "translation_cache",
        sa.Column("provider", sa.String(300), primary_key=True),
        sa.Column("source", sa.String(20), primary_key=True),
        sa.Column("target", sa.String(20), primary_key=True),
        sa.Column("text_sha256", sa.String(64), primary_key=True),
        sa.Column("translated_text", sa.Text, nullable=False),
        sa.Column("detected_source", sa.String(20), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("expires_at", Stamp, nullable=False),
    )
    op.create_index("ix_translation_cache_expires_at", "translation_cache", ["expires_at"])


def downgrade() -> None:
    op.drop_table("translation_cache")
