"""What the platform's CLI commands share: settings from `--database`, and clean failures.

Imported only inside command functions, so the CLI starts without SQLAlchemy.
"""

import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from chujing.platform.errors import PlatformError
from chujing.platform.settings import Settings

T = TypeVar("T")


def settings_for(database: str | None) -> Settings:
    """Settings with `--database` taking precedence over `CHUJING_DATABASE_URL`."""
    return Settings(database_url=database) if database else Settings()


def fail(message: str) -> NoReturn:
    """One line on stderr and exit 2."""
    print(f"错误：{message}", file=sys.stderr)
    raise SystemExit(2)


def guarded(action: Callable[[], T]) -> T:
    """Run `action`, turning refusals and database errors into one line and exit 2."""
    try:
        return action()
    except PlatformError as exc:
        fail(f"{exc.field}: {exc.message}" if exc.field else exc.message)
    except SQLAlchemyError as exc:
        fail(f"数据库错误：{str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}")
