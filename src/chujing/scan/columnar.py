"""Parquet files and JSON Lines, batch by batch, every column as strings."""

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from chujing.scan.errors import ScanError, Warn
from chujing.scan.readers import BATCH_ROWS, Table, arrow_reason, unique_names
from chujing.scan.textio import HEAD, Utf8Stream, detect_encoding

if TYPE_CHECKING:
    import pyarrow as pa


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

    def batches(only: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        names = only or columns
        indices = [columns.index(c) for c in names]
        try:
            for batch in pf.iter_batches(
                batch_size=BATCH_ROWS, columns=[original[c] for c in names] if only else None
            ):
                cols = batch.columns if only else [batch.column(i) for i in indices]
                yield pa.record_batch([as_strings(c) for c in cols], names=names)
        except (pa.ArrowException, OSError) as exc:
            raise ScanError(f"{path}：Parquet 读取中断（{arrow_reason(exc)}）") from None

    return Table(str(path), columns, batches, path.stat().st_size)


def as_strings(col: "pa.Array") -> "pa.Array":
    """Any Arrow array as strings (nested values as JSON, bytes as UTF-8 where valid)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_string(col.type):
        return col
    try:
        return pc.cast(col, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array(
            [
                None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                for v in col.to_pylist()
            ],
            pa.string(),
        )


def jsonl_table(path: Path, warn: Warn) -> Table:
    """JSON Lines: the columns are the keys of the first objects; bad lines are skipped."""
    import pyarrow as pa

    with path.open("rb") as fh:
        encoding = detect_encoding(fh.read(HEAD), str(path))
    columns: list[str] = []
    with path.open("rb") as raw:
        quiet = Utf8Stream(raw, encoding, str(path), lambda m: None)
        for line, _ in zip(_text(quiet), range(10_000), strict=False):
            obj = _json_object(line)
            for key in obj or {}:
                if key not in columns:
                    columns.append(key)
    if not columns:
        raise ScanError(f"{path}：没有可读取的 JSON 对象")

    def batches(only: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        names = only or columns
        known = set(columns)
        with path.open("rb") as raw:
            text = _text(Utf8Stream(raw, encoding, str(path), warn))
            buf: list[list[str | None]] = [[] for _ in names]
            for number, line in enumerate(text, start=1):
                if not line.strip():
                    continue
                obj = _json_object(line)
                if obj is None:
                    warn(f"{path} 第 {number} 行不是 JSON 对象，已跳过")
                    continue
                if not known.issuperset(obj):
                    warn(f"{path} 第 {number} 行出现新字段，未纳入扫描")
                    known.update(obj)
                for i, key in enumerate(names):
                    buf[i].append(_json_cell(obj.get(key)))
                if len(buf[0]) >= BATCH_ROWS:
                    yield pa.record_batch(buf, names=names)
                    buf = [[] for _ in names]
            if buf[0]:
                yield pa.record_batch(buf, names=names)

    return Table(str(path), columns, batches, path.stat().st_size, encoding)


def _text(stream: Utf8Stream) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BufferedReader(stream), encoding="utf-8")


def _json_object(line: str) -> dict[str, object] | None:
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    return obj if isinstance(obj, dict) else None


def _json_cell(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
