"""Parquet files, batch by batch, every column as strings."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from chujing.scan.errors import ScanError
from chujing.scan.table import BATCH_ROWS, Table, arrow_reason, unique_names

if TYPE_CHECKING:
    import pyarrow as pa

HEAD_ROWS = 8_192  # the sample's batches


def parquet_table(path: Path) -> Table:
    """A Parquet file, batch by batch, every column cast to string."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise ScanError(f"{path}：Parquet 无法读取（{arrow_reason(exc)}）") from None
    columns = unique_names(list(pf.schema_arrow.names))

    original = dict(zip(columns, pf.schema_arrow.names, strict=True))

    def batches(only: list[str] | None = None, rows: int = BATCH_ROWS) -> Iterator[pa.RecordBatch]:
        names = only or columns
        indices = [columns.index(c) for c in names]
        try:
            for batch in pf.iter_batches(
                batch_size=rows, columns=[original[c] for c in names] if only else None
            ):
                cols = batch.columns if only else [batch.column(i) for i in indices]
                yield pa.RecordBatch.from_arrays([as_strings(c) for c in cols], names=names)
        except (pa.ArrowException, OSError) as exc:
            raise ScanError(f"{path}：Parquet 读取中断（{arrow_reason(exc)}）") from None

    def head() -> Iterator[pa.RecordBatch]:
        """The first rows in small batches: a sample decodes no more than it needs."""
        return batches(None, HEAD_ROWS)

    return Table(str(path), columns, batches, path.stat().st_size, head=head)


def as_strings(col: "pa.Array") -> "pa.Array":
    """Any Arrow array as strings (nested values as JSON, bytes as UTF-8 where valid)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_string(col.type):
        return col
    try:
        return pc.cast(col, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        from chujing.scan import arrow

        return arrow.strings(
            [
                None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                for v in col.to_pylist()
            ]
        )
