"""What the platform benchmarks share: their sizes from the command line and a scratch
database."""

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chujing.platform.db import Database
from chujing.platform.migrate import upgrade


def size(position: int, default: int) -> int:
    """The size given as the `position`-th command-line argument, or `default`."""
    return int(sys.argv[position]) if len(sys.argv) > position else default


@contextmanager
def scratch_database() -> Iterator[Database]:
    """A new SQLite database at the current schema, removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        upgrade(url)
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()
