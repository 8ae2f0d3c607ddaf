"""What every state machine shares: the refusal of a move its state does not allow, and the
columns of a transition history (who moved a record from which state, when, why)."""

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.db import utcnow
from chujing.platform.errors import Conflict


def check_source(
    state: str, sources: Collection[str], *, state_name: str, action_name: str
) -> None:
    """Refuse (409 `illegal_transition`, field `state`) a move that may not leave `state`."""
    if state not in sources:
        raise Conflict(
            f"当前状态（{state_name}）不能执行“{action_name}”",
            field="state",
            code="illegal_transition",
        )


class TransitionColumns:
    """Mixin of a history row: one transition of its record (add the record's foreign key)."""

    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(20000), default="")
