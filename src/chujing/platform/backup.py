"""Backups and restores: a consistent copy of the whole database, and its return into an
empty one (`chujing db backup` / `chujing db restore`).

SQLite uses its online backup API (a consistent copy while the server runs); PostgreSQL
uses `pg_dump`/`pg_restore` in the custom format (Debian's postgresql-client), with the
password passed in the environment, never on the command line. Neither writes half a
file or half a database: copies go to a temporary file first, restores run in one
transaction into a database that must be empty.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from chujing.platform.db import Database
from chujing.platform.errors import Invalid

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


def backup(url: str, target: Path) -> None:
    """Copy the database at `url` to the new file `target`."""
    if target.exists():
        raise Invalid(f"备份文件已存在：{target}（不覆盖已有备份）", field="FILE")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
    os.close(handle)
    temporary = Path(name)
    try:
        if _is_sqlite(url):
            with (
                closing(sqlite3.connect(_sqlite_path(url))) as source,
                closing(sqlite3.connect(temporary)) as copy,
            ):
                source.backup(copy)
        else:
            _run("pg_dump", ["--format=custom", f"--file={temporary}"], url)
        os.chmod(temporary, 0o600)  # a backup holds everything the database does
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def restore(url: str, source: Path) -> None:
    """Restore the backup `source` into the empty database at `url`."""
    try:
        with source.open("rb") as file:
            magic = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise Invalid(f"无法读取备份文件 {source}：{exc.strerror}", field="FILE") from exc
    sqlite = _is_sqlite(url)
    if not magic.startswith(SQLITE_MAGIC if sqlite else PG_MAGIC):
        kind = "SQLite" if sqlite else "PostgreSQL（pg_dump 自定义格式）"
        raise Invalid(f"{source} 不是 {kind} 备份文件", field="FILE")
    tables = _tables(url)
    if tables:
        raise Invalid(
            f"目标数据库不是空的（已有 {len(tables)} 张表，如 {tables[0]}），拒绝恢复",
            field="--database",
        )
    if sqlite:
        _restore_sqlite(_sqlite_path(url), source)
    else:
        _run("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction"], url, source)


def _restore_sqlite(path: Path, source: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    os.close(handle)
    temporary = Path(name)
    try:
        with (
            closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_file,
            closing(sqlite3.connect(temporary)) as copy,
        ):
            if backup_file.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise Invalid(f"备份文件 {source} 已损坏", field="FILE")
            backup_file.backup(copy)
        for suffix in ("-wal", "-shm"):  # an empty database's leftovers
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, path)
    except sqlite3.DatabaseError as exc:
        raise Invalid(f"备份文件 {source} 不是可用的 SQLite 数据库：{exc}", field="FILE") from exc
    finally:
        temporary.unlink(missing_ok=True)


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise Invalid("内存中的 SQLite 数据库无法备份或恢复", field="--database")
    return Path(database)


def _tables(url: str) -> list[str]:
    if _is_sqlite(url) and not _sqlite_path(url).exists():
        return []
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return sorted(inspect(connection).get_table_names())
    finally:
        database.dispose()


def _run(tool: str, arguments: list[str], url: str, *files: Path) -> None:
    """Run a PostgreSQL client tool on `url`; its first error line becomes the refusal."""
    executable = shutil.which(tool)
    if executable is None:
        raise Invalid(f"未找到 {tool}：请安装 postgresql-client", field="--database")
    parsed = make_url(url)
    environment = dict(os.environ)
    if parsed.password is not None:
        environment["PGPASSWORD"] = str(parsed.password)
    libpq = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    command = [executable, *arguments, f"--dbname={libpq.render_as_string()}", *map(str, files)]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        first = next((line for line in done.stderr.splitlines() if line.strip()), "")
        raise Invalid(f"{tool} 失败：{first}", field="--database")
