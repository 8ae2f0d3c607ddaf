"""When each user last read each category of the notification centre."""

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.labels import INBOX_CATEGORIES
from chujing.platform.db import Base


class Category(StrEnum):
    """What the centre collects for an enterprise."""

    orders = "orders"
    returns = "returns"
    deadlines = "deadlines"
    surveys = "surveys"


CATEGORY_NAMES_ZH = {Category(value): name for value, name in INBOX_CATEGORIES.items()}


ALL = "all"
"""Every category at once."""


class ReadIn(BaseModel):
    """Marking one category (or `all`) as read."""

    category: Category | Literal["all"] = Field(description="消息类别，或 all 表示全部")

    @property
    def chosen(self) -> Category | None:
        """The category to mark, None for all of them."""
        return None if self.category == ALL else Category(self.category)


class InboxRead(Base):
    """The last time a user opened one category; anything newer is unread."""

    __tablename__ = "inbox_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(16), primary_key=True)
    read_at: Mapped[datetime]
