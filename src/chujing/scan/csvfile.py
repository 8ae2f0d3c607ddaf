"""CSV/TSV files in UTF-8 (with or without BOM), GBK or GB18030, parsed by Arrow."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from chujing.scan.errors import ScanError, Warn
from chujing.scan.readers import Table, arrow_reason, looks_like_data, unique_names
from chujing.scan.textio import HEAD, Utf8Stream, detect_encoding

if TYPE_CHECKING:
    import pyarrow.csv as pacsv

CSV_BLOCK = 4 << 20  # > textio.MAX_LINE: every row fits in one block


def csv_table(path: Path, warn: Warn) -> Table:
    """CSV/TSV in UTF-8 (with or without BOM), GBK or GB18030, parsed by Arrow."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with path.open("rb") as fh:
        head = fh.read(HEAD)
    if not head.strip():
        raise ScanError(f"{path}：文件为空")
    encoding = detect_encoding(head, str(path))
    first = head.split(b"\n", 1)[0].rstrip(b"\r").replace(b"\x00", b"")
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    header_line = first.decode(codec, errors="replace").lstrip("\ufeff")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(header_line)
    cells = next(csv.reader([header_line], delimiter=delimiter))
    headless = looks_like_data(cells)
    columns = unique_names([None] * len(cells) if headless else cells)
    if headless:
        warn(f"{path}：首行看起来是数据而不是表头，按无表头读取")

    def bad_row(row: "pacsv.InvalidRow") -> str:
        where = f"第 {row.number} 行" if row.number is not None else "某行"
        warn(f"{path} {where}有 {row.actual_columns} 列，应为 {row.expected_columns} 列，已跳过")
        return "skip"

    def batches(only: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        with path.open("rb") as raw:
            stream = io.BufferedReader(Utf8Stream(raw, encoding, str(path), warn), CSV_BLOCK)
            try:
                reader = pacsv.open_csv(
                    stream,
                    read_options=pacsv.ReadOptions(
                        column_names=columns,
                        skip_rows=0 if headless else 1,
                        block_size=CSV_BLOCK,
                        use_threads=False,
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
                yield from reader
            except pa.ArrowInvalid as exc:
                raise ScanError(f"{path}：CSV 无法解析（{arrow_reason(exc)}）") from None

    return Table(str(path), columns, batches, path.stat().st_size, encoding)


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
