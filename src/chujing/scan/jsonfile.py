"""JSON Lines and JSON documents, nested objects and lists scanned field by field.

Every scalar is a value of the column named by its path: ``customer.id_number`` for a nested
object, ``contacts[].value`` for a list (a list path holds all of a record's values, as an
Arrow list of strings). A ``.json`` file is an array of records, streamed element by
element, or one record. Nesting deeper than ``MAX_DEPTH`` levels is refused with one line.
"""

import io
import json
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from chujing.scan.errors import ScanError, Warn
from chujing.scan.table import BATCH_ROWS, Table, cell_text
from chujing.scan.textio import HEAD, Utf8Stream, detect_encoding

if TYPE_CHECKING:
    import pyarrow as pa

MAX_DEPTH = 32
"""Levels of nesting below a record; deeper input is refused (a JSON bomb, not a table)."""
PATHS_FROM = 10_000  # records whose paths make the columns
MAX_ELEMENT = 16 << 20  # one element of a .json array, in characters
MAX_DOCUMENT = 256 << 20  # a .json file that is one object is read whole
LIST = "[]"

Record = dict[str, object]


class TooDeep(Exception):
    """A record nests deeper than MAX_DEPTH."""


def flatten(record: Record) -> dict[str, list[str | None]]:
    """The scalars of a record by path (``a.b``, ``a[].b``), in document order."""
    out: dict[str, list[str | None]] = {}

    def walk(value: object, path: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise TooDeep
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key), depth + 1)
        elif isinstance(value, list):
            for item in value:
                walk(item, path + LIST, depth + 1)
        else:
            out.setdefault(path, []).append(cell_text(value))

    walk(record, "", 0)
    return out


def is_list_path(path: str) -> bool:
    """Whether a column holds a list of values per record."""
    return LIST in path


def records(path: Path, warn: Warn) -> Generator[tuple[int, Record], None, None]:
    """The records of a JSON Lines or JSON file with their line (or element) numbers; lines
    that are no JSON object are skipped with a warning."""
    with path.open("rb") as fh:
        encoding = detect_encoding(fh.read(HEAD), str(path))
    with path.open("rb") as raw, Utf8Stream(raw, encoding, str(path), warn) as stream:
        text = io.TextIOWrapper(io.BufferedReader(stream), encoding="utf-8")
        if path.suffix.lower() == ".json":
            yield from _document(path, text)
            return
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            obj = _parse(line, path, number, "行")
            if obj is None:
                warn(f"{path} 第 {number} 行不是 JSON 对象，已跳过")
                continue
            yield number, obj


def _parse(text: str, path: Path, number: int, unit: str) -> Record | None:
    try:
        obj = json.loads(text)
    except RecursionError:
        raise ScanError(f"{path} 第 {number} {unit}嵌套超过 {MAX_DEPTH} 层，拒绝读取") from None
    except ValueError:
        return None
    return obj if isinstance(obj, dict) else None


def _document(path: Path, text: "io.TextIOBase") -> Iterator[tuple[int, Record]]:
    """A .json file: the objects of a top-level array (streamed), or the one object."""
    head = text.read(1 << 16)
    start = len(head) - len(head.lstrip())
    if head[start : start + 1] != "[":
        rest = text.read(MAX_DOCUMENT)
        if text.read(1):
            raise ScanError(f"{path}：JSON 文档超过 {MAX_DOCUMENT >> 20} MB，请改用 JSON Lines")
        obj = _parse(head + rest, path, 1, "个对象")
        if obj is None:
            raise ScanError(f"{path}：不是 JSON 对象或对象数组")
        yield 1, obj
        return
    decoder = json.JSONDecoder()
    buf, pos, number = head, start + 1, 0
    while True:
        while True:  # skip blanks and one comma; refill as needed
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buf):
                break
            more = text.read(1 << 20)
            if not more:
                raise ScanError(f"{path}：JSON 数组未结束（文件被截断？）")
            buf, pos = buf[pos:] + more, 0
        if buf[pos] == "]":
            return
        number += 1
        while True:
            try:
                obj, end = decoder.raw_decode(buf, pos)
                break
            except RecursionError:
                raise ScanError(
                    f"{path} 第 {number} 个元素嵌套超过 {MAX_DEPTH} 层，拒绝读取"
                ) from None
            except ValueError:
                more = text.read(1 << 20)
                if not more or len(buf) - pos > MAX_ELEMENT:
                    raise ScanError(f"{path} 第 {number} 个元素不是有效的 JSON") from None
                buf, pos = buf[pos:] + more, 0
        if isinstance(obj, dict):
            yield number, obj
        buf, pos = buf[end:], 0


def json_table(path: Path, warn: Warn) -> Table:
    """A JSON Lines or JSON file as a table of path columns (paths of the first records)."""
    columns: list[str] = []
    seen: set[str] = set()
    quiet: Warn = lambda message: None  # noqa: E731 (the full pass warns)
    got = records(path, quiet)
    try:
        for index, (number, record) in enumerate(got):
            if index == PATHS_FROM:
                break
            for name in _flat(record, path, number):
                if name not in seen:
                    seen.add(name)
                    columns.append(name)
    finally:
        got.close()
    if not columns:
        raise ScanError(f"{path}：没有可读取的 JSON 对象")
    return Table(str(path), columns, _batches(path, columns, warn), path.stat().st_size)


def _flat(record: Record, path: Path, number: int) -> dict[str, list[str | None]]:
    try:
        return flatten(record)
    except TooDeep:
        unit = "个元素" if path.suffix.lower() == ".json" else "行"
        raise ScanError(f"{path} 第 {number} {unit}嵌套超过 {MAX_DEPTH} 层，拒绝读取") from None


def _batches(
    path: Path, columns: list[str], warn: Warn
) -> Callable[[list[str] | None], Iterator["pa.RecordBatch"]]:
    def batches(only: list[str] | None = None) -> Iterator["pa.RecordBatch"]:
        names = only or columns
        known = set(columns)
        rows: list[dict[str, list[str | None]]] = []
        for number, record in records(path, warn):
            try:
                flat = flatten(record)
            except TooDeep:
                unit = "个元素" if path.suffix.lower() == ".json" else "行"
                warn(f"{path} 第 {number} {unit}嵌套超过 {MAX_DEPTH} 层，已跳过")
                continue
            if not known.issuperset(flat):
                warn(f"{path} 第 {number} 行出现新字段，未纳入扫描")
                known.update(flat)
            rows.append(flat)
            if len(rows) >= BATCH_ROWS:
                yield to_batch(rows, names)
                rows = []
        if rows:
            yield to_batch(rows, names)

    return batches


def to_batch(rows: list[dict[str, list[str | None]]], names: list[str]) -> "pa.RecordBatch":
    """Flattened records as a record batch: strings, or lists of strings for list paths."""
    import numpy as np
    import pyarrow as pa

    from chujing.scan import arrow

    arrays = []
    for name in names:
        if not is_list_path(name):
            arrays.append(arrow.strings([(r.get(name) or [None])[0] for r in rows]))
            continue
        values = [[v for v in r.get(name, ()) if v is not None] for r in rows]
        offsets = np.zeros(len(values) + 1, dtype=np.int32)
        np.cumsum([len(v) for v in values], out=offsets[1:])
        flat = arrow.strings([v for vs in values for v in vs])
        arrays.append(pa.ListArray.from_arrays(arrow.int32s(offsets), flat))
    return pa.RecordBatch.from_arrays(arrays, names=names)


def parse_lines(
    path: Path, lines: list[str | None], whole: bool
) -> Iterator[dict[str, list[str | None]]]:
    """Flattened records from lines of JSON Lines (or whole .json documents), skipping what
    the local reader skips: the same records for the Spark engine's workers."""
    for number, line in enumerate(lines, start=1):
        if line is None or not line.strip():
            continue
        got = (
            _document(path, io.StringIO(line))
            if whole
            else [(number, _parse(line, path, number, "行"))]
        )
        for _, record in got:
            if record is None:
                continue
            try:
                yield flatten(record)
            except TooDeep:
                continue
