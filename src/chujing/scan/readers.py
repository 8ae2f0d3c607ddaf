"""Readers: every source becomes tables of string columns streamed as Arrow batches.

One table per file (per sheet of a workbook, per database table). Values are strings;
empty cells are nulls. Memory stays bounded: files are read in blocks, never whole.
"""

import glob
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chujing.scan.errors import ScanError, Warn

if TYPE_CHECKING:
    import pyarrow as pa

BATCH_ROWS = 65_536
FIRST_BATCH_ROWS = 8_192
MAX_COLUMNS = 16_384  # Excel's limit; a wider "header" is no table to classify column by column
SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".jsonl", ".ndjson", ".json"}


@dataclass
class Table:
    """A stream of string columns from one source."""

    source: str
    columns: list[str]
    open_batches: Callable[[list[str] | None], Iterator["pa.RecordBatch"]]
    """Stream the table; with a list of names, only those columns (faster, less memory)."""
    nbytes: int | None = None
    encoding: str | None = None
    head: Callable[[], Iterator["pa.RecordBatch"]] | None = None
    """The table from its start, cheaply for a sample (else ``open_batches(None)``)."""


def rebatched(
    batches: Iterable["pa.RecordBatch"], rows: int = BATCH_ROWS
) -> Iterator["pa.RecordBatch"]:
    """Batches of about ``rows`` rows: the work per batch has a fixed cost (a regex is
    compiled per call), so small parser blocks are joined."""
    import pyarrow as pa

    held: list[pa.RecordBatch] = []
    count = 0
    for batch in batches:
        held.append(batch)
        count += batch.num_rows
        if count >= rows:
            yield _joined(held)
            held, count = [], 0
    if held:
        yield _joined(held)


def _joined(batches: list["pa.RecordBatch"]) -> "pa.RecordBatch":
    import pyarrow as pa

    if len(batches) == 1:
        return batches[0]
    table = pa.Table.from_batches(batches).combine_chunks()
    return table.to_batches()[0]


def unique_names(raw: Sequence[object]) -> list[str]:
    """Header names made non-empty and unique (``备注``, ``备注_2``)."""
    seen: dict[str, int] = {}
    names = []
    for i, value in enumerate(raw, start=1):
        name = str(value).strip() if value is not None and str(value).strip() else f"第{i}列"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names


def looks_like_data(cells: Sequence[object]) -> bool:
    """A first row holding an ID, phone, e-mail or card number is data, not a header.

    Reading it as a header would put a person's identifier into the column names.
    """
    from chujing.scan.classify import Classifier

    classifier = Classifier()
    for cell in cells:
        text = str(cell).strip() if cell is not None else ""
        found = classifier.embedded(text) if text else None
        if found and found[1] == text:
            return True
    return False


def expand(sources: list[str]) -> list[str]:
    """Files, directories (recursively) and globs → sorted file paths; URLs pass through."""
    out: list[str] = []
    for src in sources:
        if "://" in src:
            out.append(src)
            continue
        path = Path(src)
        if path.is_dir():
            found = sorted(
                str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                raise ScanError(
                    f"{src}：目录中没有可扫描的文件（csv、tsv、xlsx、parquet、jsonl、json）"
                )
            out.extend(found)
        elif any(c in src for c in "*?["):
            found = sorted(p for p in glob.glob(src, recursive=True) if Path(p).is_file())
            if not found:
                raise ScanError(f"{src}：没有匹配的文件")
            out.extend(found)
        else:
            out.append(src)
    return out


def open_source(src: str, warn: Warn, *, table: str | None = None) -> list[Table]:
    """The tables of one source (a file or a database URL)."""
    if "://" in src:
        from chujing.scan.sqlsource import sql_tables

        return sql_tables(src, table)
    path = Path(src)
    if not path.is_file():
        raise ScanError(f"{src}：文件不存在")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from chujing.scan.xlsxfile import xlsx_tables

        return xlsx_tables(path, warn)
    if suffix == ".parquet":
        from chujing.scan.columnar import parquet_table

        return [parquet_table(path)]
    if suffix in {".jsonl", ".ndjson", ".json"}:
        from chujing.scan.jsonfile import json_table

        return [json_table(path, warn)]
    from chujing.scan.csvfile import csv_table

    return [csv_table(path, warn)]


def cell_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def arrow_reason(exc: Exception) -> str:
    """The first line of an Arrow error, short enough for a one-line message."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
