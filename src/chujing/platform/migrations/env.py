"""Alembic environment: runs on the connection `chujing.platform.migrate` hands over."""

from alembic import context
from sqlalchemy import create_engine

from chujing.platform.models import metadata

config = context.config


def run() -> None:
    """Run the migrations online, on the given connection or a fresh engine."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
