"""Who is acting: the identity every service call receives, and the isolation it implies."""

from dataclasses import dataclass
from typing import Protocol, TypeVar, cast

from sqlalchemy import ColumnElement, Integer, Select, String, column, false, select, table, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from chujing.platform.errors import Forbidden, NotFound
from chujing.platform.permissions import Perm, Role, allowed

# The processors' columns the scopes read. `orgs.models.Processor` owns the table; a Core
# table clause here keeps the principal below the domains it scopes (no import of orgs;
# tests/test_imports.py checks these columns against the model).
PROCESSORS = table(
    "processors", column("id", Integer), column("zone_id", Integer), column("sector", String)
)


@dataclass(frozen=True)
class Principal:
    """An authenticated user (or the CLI) with the zone, organisation or sectors it is bound to."""

    user_id: int | None
    username: str
    role: Role | None
    zone_id: int | None = None
    processor_id: int | None = None
    department_id: int | None = None
    city_wide: bool = False
    sectors: tuple[str, ...] = ()
    address: str | None = None
    session_id: int | None = None
    csrf_token: str | None = None

    def may(self, perm: Perm) -> bool:
        """Whether this principal's role holds `perm` (the CLI holds every permission)."""
        return self.role is None or allowed(self.role, perm)


def require(principal: Principal, perm: Perm) -> None:
    """Refuse (403) a principal whose role lacks `perm`: services call this themselves, so a
    page or a route that forgets its own guard cannot widen who may act."""
    if not principal.may(perm):
        raise Forbidden("您的角色无权进行此操作")


def cli_principal() -> Principal:
    """The operator at the command line (`chujing users add`, `--demo`, …)."""
    return Principal(user_id=None, username="cli", role=None, city_wide=True, address="cli")


def processor_scope(
    principal: Principal,
    processor_id: InstrumentedAttribute[int],
    zone_id: InstrumentedAttribute[int],
) -> ColumnElement[bool]:
    """SQL condition limiting rows about processors to what `principal` may see.

    Enterprises see their own organisation, zone officers their zone, municipal
    officers the whole FTZ (coordinating bureaus) or their sectors (regulators).
    """
    role = principal.role
    if role is None or role in (Role.system_admin, Role.security_liaison):
        return true()
    if role in (Role.processor_user, Role.processor_admin) and principal.processor_id:
        return processor_id == principal.processor_id
    if role is Role.zone_officer and principal.zone_id:
        return zone_id == principal.zone_id
    if role is Role.municipal_officer:
        if principal.city_wide:
            return true()
        if principal.sectors:
            in_sector = select(PROCESSORS.c.id).where(PROCESSORS.c.sector.in_(principal.sectors))
            return processor_id.in_(in_sector)
    return false()


def sees_processor(principal: Principal, processor_id: int, zone_id: int, sector: str) -> bool:
    """The Python twin of `processor_scope`, for one already loaded row."""
    role = principal.role
    if role is None or role in (Role.system_admin, Role.security_liaison):
        return True
    if role in (Role.processor_user, Role.processor_admin):
        return principal.processor_id == processor_id
    if role is Role.zone_officer:
        return principal.zone_id == zone_id
    if role is Role.municipal_officer:
        return principal.city_wide or sector in principal.sectors
    return False


class ProcessorOwned(Protocol):
    """A row about one processor, copied into the processor's zone."""

    @property
    def id(self) -> int: ...

    @property
    def processor_id(self) -> int: ...

    @property
    def zone_id(self) -> int: ...


class _OwnedColumns(Protocol):
    """The class side of a `ProcessorOwned` model: its mapped columns."""

    id: InstrumentedAttribute[int]
    processor_id: InstrumentedAttribute[int]
    zone_id: InstrumentedAttribute[int]


Owned = TypeVar("Owned", bound=ProcessorOwned)


def select_in_scope(principal: Principal, model: type[Owned]) -> Select[Owned]:
    """The rows of `model` that `principal` may see, newest first."""
    columns = cast(_OwnedColumns, model)
    return (
        select(model)
        .where(processor_scope(principal, columns.processor_id, columns.zone_id))
        .order_by(columns.id.desc())
    )


def get_in_scope(
    db_session: Session,
    principal: Principal,
    model: type[Owned],
    row_id: int,
    *,
    missing: str,
    field: str,
) -> Owned:
    """One row of `model` that `principal` may see, or 404 `missing` (also outside the scope)."""
    row = db_session.get(model, row_id)
    processor = (
        db_session.execute(
            select(PROCESSORS.c.id, PROCESSORS.c.zone_id, PROCESSORS.c.sector).where(
                PROCESSORS.c.id == row.processor_id
            )
        ).one_or_none()
        if row is not None
        else None
    )
    if (
        row is None
        or processor is None
        or not sees_processor(principal, processor.id, processor.zone_id, processor.sector)
    ):
        raise NotFound(missing, field=field)
    return row
