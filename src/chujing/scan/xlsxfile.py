"""Excel workbooks (.xlsx), one table per sheet, read by calamine (Rust) through fastexcel.

Each sheet is read once, straight into Arrow strings, when it is first needed; the sample
and the full pass slice the same table instead of reading the workbook again.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from chujing.scan.errors import ScanError, Warn
from chujing.scan.table import BATCH_ROWS, Table, looks_like_data, unique_names

if TYPE_CHECKING:
    import pyarrow as pa

XLSX_MAX_UNCOMPRESSED = 2 << 30
XLSX_MAX_RATIO = 200
MIDNIGHT = " 00:00:00"  # how calamine writes a date cell: the date alone is the value


def xlsx_tables(path: Path, warn: Warn) -> list[Table]:
    """Every non-empty sheet of a workbook."""
    import zipfile

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
    import fastexcel

    try:
        names = fastexcel.read_excel(str(path)).sheet_names
    except Exception as exc:  # calamine reports broken workbooks in several types
        raise ScanError(f"{path}：.xlsx 无法读取（{type(exc).__name__}）") from None
    tables = []
    for name in names:
        sheet = _Sheet(path, name, warn)
        if sheet.columns:
            tables.append(
                Table(f"{path}#{name}", sheet.columns, sheet.batches, path.stat().st_size)
            )
    return tables


class _Sheet:
    """One sheet: its header now, its rows (as Arrow strings) once, on first use."""

    def __init__(self, path: Path, name: str, warn: Warn) -> None:
        self.path, self.name, self.warn = path, name, warn
        self._rows: pa.Table | None = None
        whole = self._load()
        if whole.num_rows == 0:
            self.columns: list[str] = []
            return
        first = [whole.column(i)[0].as_py() for i in range(whole.num_columns)]
        while first and first[-1] is None:
            first.pop()
        headless = looks_like_data(first)
        if headless:
            warn(f"{path}#{name}：首行看起来是数据而不是表头，按无表头读取")
        self.columns = unique_names([None] * len(first) if headless else first)
        self._rows = self._shaped(whole.slice(0 if headless else 1), 1 if headless else 2)

    def _load(self) -> "pa.Table":
        import fastexcel

        try:
            reader = fastexcel.read_excel(str(self.path))
            sheet = reader.load_sheet(self.name, header_row=None, dtypes="string")
            batch = sheet.to_arrow()
        except Exception as exc:
            raise ScanError(f"{self.path}#{self.name}：读取失败（{type(exc).__name__}）") from None
        import pyarrow as pa

        return pa.Table.from_batches([batch])

    def _shaped(self, rows: "pa.Table", first_line: int) -> "pa.Table":
        """The rows under the header's names; cells beyond the header are dropped (warned)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        from chujing.scan import arrow

        width = len(self.columns)
        for i in range(width, rows.num_columns):
            extra = pc.indices_nonzero(pc.is_valid(rows.column(i)))
            if len(extra):
                line = extra[0].as_py() + first_line
                self.warn(f"{self.path}#{self.name} 第 {line} 行超出表头的单元格已忽略")
                break
        cells = [
            _dates_as_dates(rows.column(i).combine_chunks())
            if i < rows.num_columns
            else arrow.strings([None] * rows.num_rows)
            for i in range(width)
        ]
        return pa.Table.from_arrays(cells, names=self.columns)

    def batches(self, only: list[str] | None = None) -> Iterator["pa.RecordBatch"]:
        assert self._rows is not None
        table = self._rows.select(only) if only else self._rows
        yield from table.to_batches(max_chunksize=BATCH_ROWS)


def _dates_as_dates(values: "pa.Array") -> "pa.Array":
    """``2020-01-02 00:00:00`` (a date cell) as ``2020-01-02``; other values unchanged."""
    import pyarrow.compute as pc

    from chujing.scan import arrow

    midnight = arrow.flags(pc.ends_with(values, MIDNIGHT))
    if not pc.any(midnight).as_py():
        return values
    dates = pc.utf8_slice_codeunits(values.filter(midnight), 0, -len(MIDNIGHT))
    return pc.replace_with_mask(values, midnight, dates)
