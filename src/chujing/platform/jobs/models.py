"""The persistent job: one row per unit of background work, whichever process runs it."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.db import Base, utcnow


class JobState(StrEnum):
    """queued → running → done | failed; a running job whose lease lapses is queued again
    (or failed, once its attempts are spent)."""

    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class Job(Base):
    """A job: its kind and input, who asked for it, its lease, progress and outcome."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_run_after", "state", "run_after"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default=JobState.queued.value)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    payload: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(64), default="")
    progress: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=1)
    unique_key: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)
    worker: Mapped[str | None] = mapped_column(String(128), nullable=True)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
