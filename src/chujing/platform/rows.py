"""Looking a row up by its natural key (a code, a USCC, a user name) for imports and forms."""

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from chujing.platform.errors import Invalid

M = TypeVar("M")


def by_key(
    db_session: Session,
    model: type[M],
    column: InstrumentedAttribute[Any],
    value: object,
    *,
    missing: str,
    field: str,
) -> M:
    """The `model` row whose `column` equals `value`; else 422 `missing`, naming `field`."""
    row: M | None = db_session.scalar(select(model).where(column == value))
    if row is None:
        raise Invalid(missing, field=field)
    return row
