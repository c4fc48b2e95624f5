"""The durable job table: background work that must survive restarts (reports, dispatch)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.store.base import Base, BigId, utcnow

JOB_STATES = ("queued", "running", "done", "failed")


class JobRow(Base):
    __tablename__ = "jobs"
    __table_args__ = (sa.Index("ix_jobs_state_run_at", "state", "run_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(sa.String(100))
    payload: Mapped[Any] = mapped_column(sa.JSON)
    state: Mapped[str] = mapped_column(sa.String(10), default="queued")
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(sa.Integer, default=5)
    lease_until: Mapped[datetime | None] = mapped_column(nullable=True)
    locked_by: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)
    last_error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(200), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
