"""The columns every transition history shares: who moved a record from which state, when, why."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.db import utcnow


class TransitionColumns:
    """Mixin of a history row: one transition of its record (add the record's foreign key)."""

    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(20000), default="")
