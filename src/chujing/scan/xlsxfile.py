"""Excel workbooks (.xlsx), one table per sheet, streamed by openpyxl in read-only mode."""

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from chujing.scan.errors import ScanError, Warn
from chujing.scan.readers import BATCH_ROWS, Table, cell_text, looks_like_data, unique_names

if TYPE_CHECKING:
    pass

XLSX_MAX_UNCOMPRESSED = 2 << 30
XLSX_MAX_RATIO = 200


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
