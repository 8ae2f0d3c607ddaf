"""Readers: every source becomes tables of string columns streamed as Arrow batches.

One table per file (per sheet of a workbook, per database table). Values are strings;
empty cells are nulls. Memory stays bounded: files are read in blocks, never whole.
Each format's reader is imported only when a source of its format is opened.
"""

import glob
from pathlib import Path

from chujing.scan.errors import ScanError, Warn
from chujing.scan.table import Table

__all__ = ["SUFFIXES", "Table", "expand", "open_source"]

SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".jsonl", ".ndjson", ".json"}


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
