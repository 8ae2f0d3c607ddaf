"""The cast of the API and page suites, built one way: the application on a database, the
zones and departments looked up, synthetic processors and one user per (role, binding).

Each suite keeps its own table of who is who; this module turns a table into records.
"""

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from chujing.platform.accounts import service as accounts
from chujing.platform.accounts.models import User, UserIn
from chujing.platform.migrate import upgrade
from chujing.platform.orgs import service as orgs
from chujing.platform.orgs.models import Processor, ProcessorIn
from chujing.platform.permissions import Role
from chujing.platform.principal import cli_principal
from chujing.platform.settings import Settings
from chujing.server import create_app
from chujing.synth import values

# who -> (role, the key of what the user acts for: a zone, processor or department)
Cast = dict[str, tuple[Role, str | None]]

# the user field that binds each bound role to what it acts for
BINDING = {
    Role.zone_officer: "zone_id",
    Role.processor_admin: "processor_id",
    Role.processor_user: "processor_id",
    Role.municipal_officer: "department_id",
    Role.security_liaison: "department_id",
}


def sqlite_settings(directory: Path, **overrides: Any) -> Settings:
    """Settings of an upgraded, empty SQLite database in `directory`."""
    url = f"sqlite:///{directory / 'web.sqlite3'}"
    upgrade(url)
    return Settings(database_url=url, **overrides)


def running_app(settings: Settings) -> Iterator[Any]:
    """The application on `settings`' database, disposed of afterwards (a fixture's body)."""
    application = create_app(settings)
    yield application
    application.state.database.dispose()


def new_processor(db: Session, zone_id: int, sector: str, rng: random.Random) -> Processor:
    """Register a synthetic processor."""
    return orgs.register_processor(
        db_session=db,
        actor=cli_principal(),
        data=ProcessorIn(
            uscc=values.uscc(rng), name=values.company_name(rng), zone_id=zone_id, sector=sector
        ),
    )


def places(db: Session, zones: dict[str, str], departments: tuple[str, ...]) -> dict[str, int]:
    """The ids of the seeded zones (key -> zone code) and departments (by their code)."""
    found = {key: orgs.zone_by_code(db_session=db, code=code).id for key, code in zones.items()}
    for code in departments:
        found[code] = orgs.department_by_code(db_session=db, code=code).id
    return found


def create_users(
    db: Session,
    settings: Settings,
    cast: Cast,
    bound: dict[str, int],
    password: Callable[[str], str | None],
) -> dict[str, User]:
    """Create the users of `cast`, each bound to the id `bound` gives its binding, with the
    password `password` gives its name (None: an account without one)."""
    users: dict[str, User] = {}
    for who, (role, binding) in cast.items():
        binds = {BINDING[role]: bound[binding]} if binding else {}
        data = UserIn(username=who, role=role, password=password(who), **binds)
        users[who] = accounts.create_user(
            db_session=db, actor=cli_principal(), data=data, settings=settings
        )
    return users
