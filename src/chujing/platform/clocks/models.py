"""Recorded reminders and escalations of deadlines (one per item and stage)."""

from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.apimodels import OutModel
from chujing.platform.db import Base, utcnow


class Reminder(Base):
    """A reminder before a deadline, or an escalation after it, recorded once."""

    __tablename__ = "clock_reminders"
    __table_args__ = (UniqueConstraint("kind", "ref_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    ref_id: Mapped[int]
    stage: Mapped[str] = mapped_column(String(16))
    due: Mapped[date]
    zone_id: Mapped[int | None]
    recipient: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(String(2000))
    recorded_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClockItem(BaseModel):
    """One deadline needing attention on the day."""

    kind: str
    ref_id: int
    stage: str
    due: date
    zone_id: int | None
    recipient: str
    message: str


class ReminderOut(ClockItem, OutModel):
    """A reminder as the API shows it: the item it was recorded for, on its day."""

    id: int
    recorded_on: date
