"""Write a negative list to an .xlsx workbook in the published table layout."""

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from chujing.listxlsx import layout
from chujing.rules import NegativeList


def _text(value: str) -> str:
    return layout.neutralise(value)


def _meta_value(lst: NegativeList, key: str) -> str:
    value: Any = getattr(lst, key)
    if isinstance(value, bool):
        return layout.YES if value else layout.NO
    return _text(str(value))


def _fields(fields: list[str], where: str) -> str:
    for name in fields:
        if layout.FIELD_SPLIT.search(name):
            raise ValueError(f"{where}：数据字段“{name}”含有分隔符，无法写入单元格")
    return _text(layout.FIELD_SEPARATOR.join(fields))


def build_workbook(lst: NegativeList) -> Workbook:
    """The workbook for one list: the table sheet, then the metadata sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = layout.LIST_SHEET
    sheet.append(list(layout.COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, (scenario, entry) in enumerate(lst.entries(), start=1):
        thresholds = entry.thresholds.model_dump(exclude_none=True) if entry.thresholds else {}
        sheet.append(
            [
                number,
                _text(scenario.activity),
                _text(scenario.name),
                _text(scenario.code),
                _text(entry.name),
                _text(entry.code),
                _fields(entry.fields, entry.code),
                layout.DATA_TYPES[entry.data_type],
                layout.PATHWAYS[entry.pathway] if entry.pathway else None,
                layout.format_thresholds(thresholds) or None,
                _text(layout.CONDITION_SEPARATOR.join(entry.conditions)) or None,
                entry.category,
                _text(scenario.description) if scenario.description else None,
            ]
        )
    for index, width in enumerate(layout.WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"

    meta = book.create_sheet(layout.META_SHEET)
    meta.append(["项目", "值"])
    for cell in meta[1]:
        cell.font = Font(bold=True)
    for key, label in layout.META_ROWS:
        meta.append([label, _meta_value(lst, key)])
    meta.column_dimensions["A"].width = 32
    meta.column_dimensions["B"].width = 80
    return book


def export_xlsx(lst: NegativeList) -> bytes:
    """The .xlsx bytes of one list."""
    buffer = BytesIO()
    build_workbook(lst).save(buffer)
    return buffer.getvalue()
