"""Tables whose rows are only ever added: the session refuses to update or delete them."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

_APPEND_ONLY: set[type] = set()


def append_only(cls: type) -> type:
    """Class decorator marking an ORM class append-only."""
    _APPEND_ONLY.add(cls)
    return cls


@event.listens_for(Session, "before_flush")
def _refuse_rewrites(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.dirty, *session.deleted):
        if type(obj) in _APPEND_ONLY and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionError(f"{type(obj).__tablename__} is append-only")
