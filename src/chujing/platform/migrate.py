"""Bringing a database to the newest schema and reference data (`chujing db upgrade`)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from chujing.platform.db import Database


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at the migrations inside the package."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply every pending migration, then seed the shipped zones and departments."""
    from chujing.platform.orgs.service import seed_reference_data
    from chujing.platform.principal import cli_principal

    database = Database(url)
    try:
        with database.engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        if revision == "head":
            with database.transaction() as session:
                seed_reference_data(db_session=session, actor=cli_principal())
    finally:
        database.dispose()


def current(url: str) -> str | None:
    """The revision the database is at (None when empty)."""
    from alembic.runtime.migration import MigrationContext

    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        database.dispose()
