"""Readers: every source becomes tables of string columns streamed as Arrow batches.

One table per file (per sheet of a workbook, per database table). Values are strings;
empty cells are nulls. Memory stays bounded: files are read in blocks, never whole.
"""

import csv
import glob
import io
import json
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chujing.scan.errors import ScanError, Warn
from chujing.scan.textio import HEAD, Utf8Stream, detect_encoding

if TYPE_CHECKING:
    import pyarrow as pa

BATCH_ROWS = 65_536
CSV_BLOCK = 4 << 20  # > textio.MAX_LINE: every row fits in one block
XLSX_MAX_UNCOMPRESSED = 2 << 30
XLSX_MAX_RATIO = 200
SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".jsonl", ".ndjson"}


@dataclass
class Table:
    """A stream of string columns from one source."""

    source: str
    columns: list[str]
    open_batches: Callable[[list[str] | None], Iterator["pa.RecordBatch"]]
    """Stream the table; with a list of names, only those columns (faster, less memory)."""
    nbytes: int | None = None
    encoding: str | None = None


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
                raise ScanError(f"{src}：目录中没有可扫描的文件（csv、tsv、xlsx、parquet、jsonl）")
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
        return xlsx_tables(path, warn)
    if suffix == ".parquet":
        return [parquet_table(path)]
    if suffix in {".jsonl", ".ndjson"}:
        return [jsonl_table(path, warn)]
    return [csv_table(path, warn)]


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
                raise ScanError(f"{path}：CSV 无法解析（{_arrow_reason(exc)}）") from None

    return Table(str(path), columns, batches, path.stat().st_size, encoding)


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _arrow_reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def xlsx_tables(path: Path, warn: Warn) -> list[Table]:
    """Every sheet of a workbook, streamed by openpyxl in read-only mode."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ScanError(f"{path}：不是有效的 .xlsx 文件（压缩包损坏）") from None
    total = sum(i.file_size for i in infos)
    ratio = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
    if total > XLSX_MAX_UNCOMPRESSED or (ratio > XLSX_MAX_RATIO and total > 64 << 20):
        raise ScanError(
            f"{path}：解压后 {total >> 20} MB、压缩比 {ratio:.0f}，疑似压缩炸弹，拒绝读取"
        )
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
        sheets = list(wb.sheetnames)
        headers: dict[str, list[str]] = {}
        starts: dict[str, int] = {}
        for name in sheets:
            first = next(wb[name].iter_rows(max_row=1, values_only=True), None)
            headless = first is not None and looks_like_data(first)
            if headless:
                warn(f"{path}#{name}：首行看起来是数据而不是表头，按无表头读取")
            headers[name] = (
                unique_names([None] * len(first) if headless else list(first)) if first else []
            )
            starts[name] = 1 if headless else 2
        wb.close()
    except Exception as exc:  # openpyxl raises many types on broken workbooks
        raise ScanError(f"{path}：.xlsx 无法读取（{type(exc).__name__}）") from None
    return [
        _sheet_table(path, name, headers[name], starts[name], warn)
        for name in sheets
        if headers[name]
    ]


def _sheet_table(path: Path, sheet: str, columns: list[str], start: int, warn: Warn) -> Table:
    import pyarrow as pa

    def batches(only: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        from openpyxl import load_workbook

        names = only or columns
        wanted = [columns.index(c) for c in names]
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = wb[sheet].iter_rows(min_row=start, values_only=True)
            buf: list[list[str | None]] = [[] for _ in names]
            try:
                for number, row in enumerate(rows, start=start):
                    if len(row) > len(columns) and any(v is not None for v in row[len(columns) :]):
                        warn(f"{path}#{sheet} 第 {number} 行超出表头的单元格已忽略")
                    for out, i in enumerate(wanted):
                        buf[out].append(cell_text(row[i]) if i < len(row) else None)
                    if len(buf[0]) >= BATCH_ROWS:
                        yield pa.record_batch(buf, names=names)
                        buf = [[] for _ in names]
            except Exception as exc:
                raise ScanError(f"{path}#{sheet}：读取中断（{type(exc).__name__}）") from None
            if buf[0]:
                yield pa.record_batch(buf, names=names)
        finally:
            wb.close()

    return Table(f"{path}#{sheet}", columns, batches, path.stat().st_size)


def cell_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def parquet_table(path: Path) -> Table:
    """A Parquet file, batch by batch, every column cast to string."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise ScanError(f"{path}：Parquet 无法读取（{_arrow_reason(exc)}）") from None
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
            raise ScanError(f"{path}：Parquet 读取中断（{_arrow_reason(exc)}）") from None

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
