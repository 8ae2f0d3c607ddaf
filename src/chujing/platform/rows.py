"""Looking a row up by its id (404 when absent) or by its natural key (a code, a USCC, a user
name) for imports and forms (422)."""

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from chujing.platform.errors import Invalid, NotFound

M = TypeVar("M")


def by_id(db_session: Session, model: type[M], row_id: int, *, missing: str, field: str) -> M:
    """The `model` row with the primary key `row_id`; else 404 `missing`, naming `field`."""
    row = db_session.get(model, row_id)
    if row is None:
        raise NotFound(missing, field=field)
    return row


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
