"""What the platform's commands share: settings from `--database`, one transaction per
step, and refusals, invalid input and database errors turned into the CLI's one error line.

Imported only inside command functions, so the CLI starts without SQLAlchemy.
"""

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import SQLAlchemyError

from chujing.cli.io import fail, invalid, refuse
from chujing.platform.errors import PlatformError
from chujing.platform.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


def settings_for(database: str | None) -> Settings:
    """Settings with `--database` taking precedence over `CHUJING_DATABASE_URL`."""
    return guarded(lambda: Settings(database_url=database) if database else Settings())


def guarded(action: Callable[[], T], options: Mapping[str, str] | None = None) -> T:
    """Run `action`, turning refusals, invalid values and database errors into one line and
    exit 2; `options` names the command-line option that sets a field."""
    try:
        return action()
    except PlatformError as exc:
        refuse(exc.message, exc.field, options)
    except ValidationError as exc:
        invalid(exc, options)
    except SQLAlchemyError as exc:
        fail(f"数据库错误：{str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}")


def in_database(
    database: str | None,
    action: "Callable[[Session], T]",
    *,
    write: bool = True,
    options: Mapping[str, str] | None = None,
) -> T:
    """Run `action` in one transaction of the platform database, guarded."""
    from chujing.platform.db import Database

    db = Database(settings_for(database).database_url)

    def run() -> T:
        with db.transaction(write=write) as session:
            return action(session)

    try:
        return guarded(run, options)
    finally:
        db.dispose()


def as_operator(
    database: str | None,
    step: Callable[..., T],
    /,
    *,
    write: bool = True,
    options: Mapping[str, str] | None = None,
    **arguments: Any,
) -> T:
    """`step(db_session=…, actor=<the operator at the command line>, **arguments)` in one
    transaction (in_database): every step is audited like an API call."""
    from chujing.platform.principal import cli_principal

    return in_database(
        database,
        lambda s: step(db_session=s, actor=cli_principal(), **arguments),
        write=write,
        options=options,
    )


def model(cls: type[M], options: Mapping[str, str] | None = None, **values: Any) -> M:
    """A command's input as the service's model; refused values exit as one line."""
    return guarded(lambda: cls(**values), options)
