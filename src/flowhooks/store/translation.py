"""The translation cache table: successful translations shared by every process.

Keyed by provider + source (``auto`` when detected) + target + SHA-256 of the text, so the
caller's text is never stored as a key. Rows carry an expiry; an expired row is ignored on
read and overwritten by the next translation of the same text (upsert), and
``purge_expired`` deletes them in bulk.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.language.translation.base import Translation
from flowhooks.language.translation.service import CacheKey
from flowhooks.store.base import Base, as_utc
from flowhooks.store.database import Database


class TranslationCacheRow(Base):
    __tablename__ = "translation_cache"
    __table_args__ = (sa.Index("ix_translation_cache_expires_at", "expires_at"),)

    provider: Mapped[str] = mapped_column(sa.String(300), primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    target: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    text_sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    translated_text: Mapped[str] = mapped_column(sa.Text)
    detected_source: Mapped[str | None] = mapped_column(sa.String(20), nullable=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


def _where(key: CacheKey) -> sa.ColumnElement[bool]:
    return sa.and_(
        TranslationCacheRow.provider == key.provider,
        TranslationCacheRow.source == key.source,
        TranslationCacheRow.target == key.target,
        TranslationCacheRow.text_sha256 == key.text_sha256,
    )


async def get(session: AsyncSession, key: CacheKey, now: datetime) -> Translation | None:
    """The cached translation, or None when absent or expired at ``now``."""
    row = await session.scalar(sa.select(TranslationCacheRow).where(_where(key)))
    if row is None or as_utc(row.expires_at) <= now:
        return None
    return Translation(text=row.translated_text, detected_source=row.detected_source)


async def put(
    session: AsyncSession,
    dialect: str,
    key: CacheKey,
    value: Translation,
    now: datetime,
    expires_at: datetime,
) -> None:
    """Insert or replace the translation under ``key`` (two processes may race: last wins)."""
    insert = postgresql.Insert if dialect == "postgresql" else sqlite.Insert
    fresh = {
        "translated_text": value.text,
        "detected_source": value.detected_source[:20] if value.detected_source else None,
        "created_at": now,
        "expires_at": expires_at,
    }
    statement = insert(TranslationCacheRow).values(
        provider=key.provider,
        source=key.source,
        target=key.target,
        text_sha256=key.text_sha256,
        **fresh,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["provider", "source", "target", "text_sha256"], set_=fresh
        )
    )


async def purge_expired(session: AsyncSession, now: datetime) -> int:
    """Delete every row expired at ``now``; the number deleted."""
    result = await session.execute(
        sa.delete(TranslationCacheRow).where(TranslationCacheRow.expires_at <= now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


class DatabaseTranslationCache:
    """The TranslationCache of translate_cached, on the shared database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, key: CacheKey, now: datetime) -> Translation | None:
        async with self._db.read() as session:
            return await get(session, key, now)

    async def put(
        self, key: CacheKey, value: Translation, now: datetime, expires_at: datetime
    ) -> None:
        async with self._db.session() as session:
            await put(session, self._db.dialect, key, value, now, expires_at)
