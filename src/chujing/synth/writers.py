"""Write a synthetic table as CSV (any encoding), Parquet, XLSX or JSON Lines, streaming."""

import csv
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

BATCH = 50_000


def _batches(rows: Iterator[list[str]]) -> Iterator[list[list[str]]]:
    while batch := list(islice(rows, BATCH)):
        yield batch


def write_csv(path: Path, headers: list[str], rows: Iterator[list[str]], encoding: str) -> None:
    """CSV with a header row; ``encoding`` e.g. utf-8, utf-8-sig, gbk, gb18030."""
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for batch in _batches(rows):
            writer.writerows(batch)


def write_parquet(path: Path, headers: list[str], rows: Iterator[list[str]]) -> None:
    """Parquet with string columns (empty cells as nulls)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(h, pa.string()) for h in headers])
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(rows):
            cols = [[r[i] or None for r in batch] for i in range(len(headers))]
            writer.write_table(pa.table(cols, schema=schema))


def write_xlsx(path: Path, headers: list[str], rows: Iterator[list[str]]) -> None:
    """An .xlsx workbook with one sheet, written in openpyxl's streaming mode."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append(headers)
    for row in rows:
        ws.append([c or None for c in row])
    wb.save(path)


def write_json(path: Path, paths: list[str], rows: Iterator[list[str]], *, lines: bool) -> None:
    """JSON Lines (``lines``) or one JSON array; empty cells are left out. A path such as
    ``customer.documents[].passport`` nests the value (``[]``: an object in a list)."""
    with path.open("w", encoding="utf-8") as fh:
        first = True
        if not lines:
            fh.write("[\n")
        for batch in _batches(rows):
            for r in batch:
                doc = json.dumps(nest(zip(paths, r, strict=True)), ensure_ascii=False)
                fh.write(doc + "\n" if lines else ("" if first else ",\n") + doc)
                first = False
        if not lines:
            fh.write("\n]\n")


def nest(cells: Iterable[tuple[str, str]]) -> dict[str, object]:
    """A record from (path, value) pairs, empty values left out."""
    root: dict[str, object] = {}
    for path, value in cells:
        if not value:
            continue
        node = root
        *parents, leaf = path.split(".")
        for part in parents:
            if part.endswith("[]"):
                item: dict[str, object] = {}
                items = node.setdefault(part[:-2], [])
                assert isinstance(items, list)
                items.append(item)
                node = item
            else:
                child = node.setdefault(part, {})
                assert isinstance(child, dict)
                node = child
        node[leaf] = value
    return root
