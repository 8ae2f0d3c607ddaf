"""CSV/TSV files in UTF-8 (with or without BOM), GBK or GB18030, parsed by Arrow."""

import csv
from collections.abc import Iterator
from pathlib import Path

from chujing.scan import arrow
from chujing.scan.errors import ScanError, Warn
from chujing.scan.table import (
    MAX_COLUMNS,
    Table,
    arrow_reason,
    looks_like_data,
    rebatched,
    unique_names,
)
from chujing.scan.textio import HEAD, MAX_LINE, Utf8Stream, detect_encoding

CSV_BLOCK = 4 << 20  # > textio.MAX_LINE: every row fits in a block; small: a sample reads little


def csv_table(path: Path, warn: Warn) -> Table:
    """CSV/TSV in UTF-8 (with or without BOM), GBK or GB18030, parsed by Arrow."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with path.open("rb") as fh:
        head = fh.read(HEAD)
        if not head.strip():
            raise ScanError(f"{path}：文件为空")
        encoding = detect_encoding(head, str(path))
        first = head + fh.readline(MAX_LINE) if b"\n" not in head else head
    if b"\n" not in first and len(first) >= MAX_LINE:
        raise ScanError(
            f"{path}：首行超过 {MAX_LINE >> 20} MB，不像表格的表头（列数过多或不是 CSV）"
        )
    first = first.split(b"\n", 1)[0].rstrip(b"\r").replace(b"\x00", b"")
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    header_line = first.decode(codec, errors="replace").lstrip("\ufeff")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(header_line)
    cells = next(csv.reader([header_line], delimiter=delimiter))
    if len(cells) > MAX_COLUMNS:
        raise ScanError(f"{path}：表头有 {len(cells):,} 列，超过可扫描的 {MAX_COLUMNS:,} 列")
    headless = looks_like_data(cells)
    columns = unique_names([None] * len(cells) if headless else cells)
    if headless:
        warn(f"{path}：首行看起来是数据而不是表头，按无表头读取")

    unnumbered: list[bool] = []

    def read(only: list[str] | None, threads: bool, direct: bool) -> Iterator[pa.RecordBatch]:
        def bad_row(row: pacsv.InvalidRow) -> str:
            if row.number is None:  # Arrow numbers rows only when parsing on one thread
                unnumbered.append(True)
                return "skip"
            warn(
                f"{path} 第 {row.number} 行有 {row.actual_columns} 列，"
                f"应为 {row.expected_columns} 列，已跳过"
            )
            return "skip"

        with path.open("rb") as raw, Utf8Stream(raw, encoding, str(path), warn) as stream:
            try:
                reader = pacsv.open_csv(
                    str(path) if direct else stream,
                    read_options=pacsv.ReadOptions(
                        column_names=columns,
                        skip_rows=0 if headless else 1,
                        block_size=CSV_BLOCK,
                        use_threads=threads,
                    ),
                    parse_options=pacsv.ParseOptions(
                        delimiter=delimiter, newlines_in_values=True, invalid_row_handler=bad_row
                    ),
                    convert_options=pacsv.ConvertOptions(
                        include_columns=only or columns,
                        column_types={c: pa.string() for c in columns},
                        null_values=[""],  # only empty cells; "N/A" etc. stay text
                        strings_can_be_null=True,
                        quoted_strings_can_be_null=True,
                    ),
                )
                for batch in reader:
                    if direct and any(arrow.has_nul(c) for c in batch.columns):
                        raise _Fallback
                    yield batch
            except pa.ArrowInvalid as exc:
                if direct:
                    raise _Fallback from None
                raise ScanError(f"{path}：CSV 无法解析（{arrow_reason(exc)}）") from None

    def parsed(only: list[str] | None, threads: bool = True) -> Iterator[pa.RecordBatch]:
        """UTF-8 goes to Arrow straight from the file. At the first sign of what the text
        stream repairs (invalid UTF-8, NUL bytes, a line longer than a block) the stream
        takes over, after the rows already read."""
        done = 0
        if codec == "utf-8":
            try:
                for batch in read(only, threads, direct=True):
                    done += batch.num_rows
                    yield batch
                return
            except _Fallback:
                pass
        for batch in read(only, threads, direct=False):
            if done >= batch.num_rows:
                done -= batch.num_rows
                continue
            yield batch.slice(done) if done else batch
            done = 0

    def batches(only: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        """Parsed on all cores. Rows with the wrong number of fields are skipped; Arrow
        numbers them only on one thread, so such a file is read once more, on one thread,
        for the line numbers of the warnings."""
        unnumbered.clear()
        yield from rebatched(parsed(only))
        if unnumbered:
            for _ in read(columns[:1], threads=False, direct=False):
                pass

    def first_rows() -> Iterator[pa.RecordBatch]:
        """The first rows, on one thread: a sample reads no further ahead."""
        return parsed(None, threads=False)

    return Table(str(path), columns, batches, path.stat().st_size, encoding, first_rows)


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Fallback(Exception):
    """The file needs the text stream's repairs."""
