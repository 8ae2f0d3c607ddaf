"""Database tables through SQLAlchemy (SQLite, PostgreSQL, …), streamed server-side."""

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from chujing.scan import arrow
from chujing.scan.errors import ScanError
from chujing.scan.table import BATCH_ROWS, Table, cell_text, unique_names

if TYPE_CHECKING:
    import pyarrow as pa
    import sqlalchemy as sa


def normalise_url(url: str) -> str:
    """Use the installed psycopg 3 driver for plain ``postgresql://`` URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sql_tables(url: str, only: str | None) -> list[Table]:
    """One table per database table (or just ``only``); names shown without password."""
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(normalise_url(url))
        shown = engine.url.render_as_string(hide_password=True)
        names = sa.inspect(engine).get_table_names()
    except Exception as exc:  # driver errors vary: connection refused, bad URL, no driver…
        raise ScanError(f"无法连接数据库：{type(exc).__name__}") from None
    if only is not None:
        if only not in names:
            raise ScanError(f"{shown}：没有名为 {only} 的表")
        names = [only]
    if not names:
        raise ScanError(f"{shown}：数据库中没有表")
    tables = []
    for name in names:
        table = sa.Table(name, sa.MetaData(), autoload_with=engine)
        columns = unique_names([c.name for c in table.columns])
        tables.append(Table(f"{shown}#{name}", columns, _batches(engine, table, columns)))
    return tables


def _batches(
    engine: "sa.Engine", table: "sa.Table", columns: list[str]
) -> Callable[[list[str] | None], Iterator["pa.RecordBatch"]]:
    import pyarrow as pa
    import sqlalchemy as sa

    by_name = dict(zip(columns, table.columns, strict=True))

    def batches(only: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        names = only or columns
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(
                sa.select(*[by_name[c] for c in names])
            )
            for part in result.partitions():
                cols = list(zip(*part, strict=True)) if part else [() for _ in names]
                yield arrow.record_batch([[cell_text(v) for v in c] for c in cols], names)

    return batches
