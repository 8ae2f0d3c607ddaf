"""Looking a row up by its id (404 when absent) or by its natural key (a code, a USCC, a user
name) for imports and forms (422), and reading the rows about processors that a principal's
role and scope let it see."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from chujing.platform.errors import Invalid, NotFound
from chujing.platform.pagination import where_given
from chujing.platform.permissions import Perm
from chujing.platform.principal import Owned, Principal, get_in_scope, require, select_in_scope

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


@dataclass(frozen=True)
class Scoped(Generic[Owned]):
    """One kind of record about a processor as its readers reach it, stated once per kind:
    the permission that reads it (403 without) and the 404 of a row that is absent or
    outside the reader's scope."""

    model: type[Owned]
    perm: Perm
    missing: str
    field: str

    def get(self, db_session: Session, actor: Principal, row_id: int) -> Owned:
        """One row `actor` may see, or 404."""
        require(actor, self.perm)
        return get_in_scope(
            db_session, actor, self.model, row_id, missing=self.missing, field=self.field
        )

    def query(
        self, actor: Principal, *filters: tuple[InstrumentedAttribute[Any], Any]
    ) -> Select[Owned]:
        """The rows `actor` may see, newest first, narrowed by each filter given."""
        require(actor, self.perm)
        return where_given(select_in_scope(actor, self.model), *filters)
