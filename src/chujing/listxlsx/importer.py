"""Read a negative list back from the Excel layout, with errors naming sheet, row and column."""

import zipfile
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from chujing.listxlsx import layout
from chujing.listxlsx.problems import Reader, XlsxProblem, XlsxProblems
from chujing.rules import NegativeList

_REQUIRED = {
    layout.ACTIVITY,
    layout.SCENARIO,
    layout.SCENARIO_CODE,
    layout.ENTRY,
    layout.ENTRY_CODE,
    layout.FIELDS,
    layout.DATA_TYPE,
    layout.CATEGORY,
}
# model field of an entry / scenario -> column it is read from
_ENTRY_COLUMNS = {
    "code": layout.ENTRY_CODE,
    "name": layout.ENTRY,
    "category": layout.CATEGORY,
    "data_type": layout.DATA_TYPE,
    "fields": layout.FIELDS,
    "pathway": layout.PATHWAY,
    "thresholds": layout.THRESHOLDS,
    "conditions": layout.CONDITIONS,
}
_SCENARIO_COLUMNS = {
    "code": layout.SCENARIO_CODE,
    "activity": layout.ACTIVITY,
    "name": layout.SCENARIO,
    "description": layout.DESCRIPTION,
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return layout.restore(str(value).strip())


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        raise ValueError(f"“{_text(value)}”不是日期，应写作 YYYY-MM-DD") from None


def _read_header(sheet: Worksheet, reader: Reader) -> bool:
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    for index, value in enumerate(header):
        name = _text(value)
        if not name:
            continue
        if name not in layout.COLUMNS:
            reader.problems.append(
                XlsxProblem(layout.LIST_SHEET, 1, name, get_column_letter(index + 1), "未知的列")
            )
        elif name in reader.columns:
            reader.add(layout.LIST_SHEET, 1, name, "列名重复")
        else:
            reader.columns[name] = index
    missing = [c for c in layout.COLUMNS if c in _REQUIRED and c not in reader.columns]
    for column in missing:
        reader.add(layout.LIST_SHEET, 1, column, "缺少此列")
    return not missing


def _entry_from_row(
    cells: dict[str, Any], row: int, reader: Reader
) -> tuple[dict[str, Any], dict[str, Any]]:
    sheet = layout.LIST_SHEET
    scenario = {
        "code": _text(cells.get(layout.SCENARIO_CODE)),
        "activity": _text(cells.get(layout.ACTIVITY)),
        "name": _text(cells.get(layout.SCENARIO)),
    }
    description = _text(cells.get(layout.DESCRIPTION))
    if description:
        scenario["description"] = description
    entry: dict[str, Any] = {
        "code": _text(cells.get(layout.ENTRY_CODE)),
        "name": _text(cells.get(layout.ENTRY)),
        "fields": [f.strip() for f in layout.FIELD_SPLIT.split(_text(cells.get(layout.FIELDS)))],
    }
    entry["fields"] = [f for f in entry["fields"] if f]
    for key, column in [*_SCENARIO_COLUMNS.items(), ("code", layout.ENTRY_CODE)]:
        if key != "description" and not _text(cells.get(column)):
            reader.add(sheet, row, column, "不能为空")
    if not entry["name"]:
        reader.add(sheet, row, layout.ENTRY, "不能为空")
    if not entry["fields"]:
        reader.add(sheet, row, layout.FIELDS, "至少须列出一个数据字段")

    category = cells.get(layout.CATEGORY)
    text = _text(category)
    if text.isdigit() and 1 <= int(text) <= 40:
        entry["category"] = int(text)
    else:
        reader.add(sheet, row, layout.CATEGORY, f"“{text}”应为 1–40 的附录二级类别序号")

    data_type = _text(cells.get(layout.DATA_TYPE))
    by_label = {label: code for code, label in layout.DATA_TYPES.items()}
    if data_type in by_label or data_type in layout.DATA_TYPES:
        entry["data_type"] = by_label.get(data_type, data_type)
    else:
        allowed = "、".join(layout.DATA_TYPES.values())
        reader.add(sheet, row, layout.DATA_TYPE, f"“{data_type}”不是有效的数据类型（{allowed}）")

    pathway = _text(cells.get(layout.PATHWAY))
    by_label = {label: code for code, label in layout.PATHWAYS.items()}
    if pathway:
        if pathway in by_label or pathway in layout.PATHWAYS:
            entry["pathway"] = by_label.get(pathway, pathway)
        else:
            allowed = "、".join(layout.PATHWAYS.values())
            reader.add(
                sheet, row, layout.PATHWAY, f"“{pathway}”不是有效的出境路径（{allowed}或留空）"
            )

    thresholds = _text(cells.get(layout.THRESHOLDS))
    if thresholds:
        try:
            entry["thresholds"] = layout.parse_thresholds(thresholds)
        except ValueError as exc:
            reader.add(sheet, row, layout.THRESHOLDS, str(exc))

    conditions = _text(cells.get(layout.CONDITIONS))
    if conditions:
        entry["conditions"] = [c.strip() for c in conditions.split("\n") if c.strip()]
    return scenario, entry


def _read_entries(
    sheet: Worksheet, reader: Reader
) -> tuple[list[dict[str, Any]], dict[tuple[int, int], int]]:
    scenarios: dict[str, dict[str, Any]] = {}
    first_row: dict[str, int] = {}
    rows: dict[tuple[int, int], int] = {}
    for row_number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if all(_text(v) == "" for v in values):
            continue
        cells = {
            name: values[index] if index < len(values) else None
            for name, index in reader.columns.items()
        }
        scenario, entry = _entry_from_row(cells, row_number, reader)
        code = scenario["code"]
        known = scenarios.get(code)
        if known is None:
            scenarios[code] = {**scenario, "entries": []}
            first_row[code] = row_number
            known = scenarios[code]
        else:
            for key, column in _SCENARIO_COLUMNS.items():
                if known.get(key) != scenario.get(key):
                    reader.add(
                        layout.LIST_SHEET,
                        row_number,
                        column,
                        f"与第 {first_row[code]} 行同一场景（{code}）的取值不一致",
                    )
        scenario_index = list(scenarios).index(code)
        rows[(scenario_index, len(known["entries"]))] = row_number
        known["entries"].append(entry)
    if not scenarios:
        reader.add(layout.LIST_SHEET, None, None, "没有任何数据行")
    return list(scenarios.values()), rows


def _read_meta(sheet: Worksheet, reader: Reader) -> tuple[dict[str, Any], dict[str, int]]:
    labels = {label: key for key, label in layout.META_ROWS}
    meta: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for row_number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        label = _text(values[0] if values else None)
        value = values[1] if len(values) > 1 else None
        if not label:
            continue
        key = labels.get(label)
        if key is None:
            reader.problems.append(
                XlsxProblem(layout.META_SHEET, row_number, label, "A", "未知的项目")
            )
            continue
        rows[key] = row_number
        try:
            if key in {"official", "excludes_ciio"}:
                text = _text(value)
                if text not in {layout.YES, layout.NO}:
                    raise ValueError(f"“{text}”应为“是”或“否”")
                meta[key] = text == layout.YES
            elif key in {"published", "valid_from", "valid_until"}:
                meta[key] = _date(value)
            else:
                meta[key] = _text(value)
        except ValueError as exc:
            reader.add(layout.META_SHEET, row_number, label, str(exc))
    for key, label in layout.META_ROWS:
        if key not in rows and key != "excludes_ciio":
            reader.add(layout.META_SHEET, None, label, "缺少此项目")
    return meta, rows


def _check_semantics(
    lst: NegativeList, rows: dict[tuple[int, int], int], meta_rows: dict[str, int], reader: Reader
) -> None:
    if lst.valid_from > lst.valid_until:
        reader.add(layout.META_SHEET, meta_rows.get("valid_until"), "有效期至", "早于生效日期")
    seen: dict[str, int] = {}
    for si, scenario in enumerate(lst.scenarios):
        for ei, entry in enumerate(scenario.entries):
            row = rows[(si, ei)]
            if entry.code in seen:
                reader.add(
                    layout.LIST_SHEET, row, layout.ENTRY_CODE, f"与第 {seen[entry.code]} 行重复"
                )
            seen.setdefault(entry.code, row)
            if len(set(entry.fields)) != len(entry.fields):
                reader.add(layout.LIST_SHEET, row, layout.FIELDS, "有数据字段重复列出")
            if entry.thresholds is not None and entry.data_type == "important_data":
                reader.add(layout.LIST_SHEET, row, layout.THRESHOLDS, "重要数据不设人数阈值")
    for code in {s.code for s in lst.scenarios} & set(seen):
        reader.add(layout.LIST_SHEET, seen[code], layout.ENTRY_CODE, f"{code} 已用作场景编码")


def _locate(
    loc: tuple[int | str, ...], rows: dict[tuple[int, int], int], meta_rows: dict[str, int]
) -> tuple[str, int | None, str | None]:
    if loc and loc[0] == "scenarios" and len(loc) >= 3:
        si = int(loc[1])
        if len(loc) >= 5 and loc[2] == "entries":
            row = rows.get((si, int(loc[3])))
            return layout.LIST_SHEET, row, _ENTRY_COLUMNS.get(str(loc[4]))
        first = min((r for (s, _), r in rows.items() if s == si), default=None)
        return layout.LIST_SHEET, first, _SCENARIO_COLUMNS.get(str(loc[2]))
    labels = dict(layout.META_ROWS)
    key = str(loc[0]) if loc else ""
    return layout.META_SHEET, meta_rows.get(key), labels.get(key)


def import_xlsx(data: bytes, name: str = "workbook.xlsx") -> NegativeList:
    """The list in an .xlsx workbook; XlsxProblems naming every bad cell otherwise."""
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise XlsxProblems([XlsxProblem(name, None, None, None, "不是有效的 .xlsx 文件")]) from None
    reader = Reader()
    for required in (layout.LIST_SHEET, layout.META_SHEET):
        if required not in book.sheetnames:
            reader.add(required, None, None, "缺少此工作表")
    if reader.problems:
        raise XlsxProblems(reader.problems)
    if not _read_header(book[layout.LIST_SHEET], reader):
        raise XlsxProblems(reader.problems)
    scenarios, rows = _read_entries(book[layout.LIST_SHEET], reader)
    meta, meta_rows = _read_meta(book[layout.META_SHEET], reader)
    if reader.problems:
        raise XlsxProblems(reader.problems)
    try:
        lst = NegativeList.model_validate({**meta, "scenarios": scenarios})
    except ValidationError as exc:
        for error in exc.errors():
            sheet, row, column = _locate(tuple(error["loc"]), rows, meta_rows)
            reader.add(sheet, row, column, error["msg"])
        raise XlsxProblems(reader.problems) from None
    _check_semantics(lst, rows, meta_rows, reader)
    if reader.problems:
        raise XlsxProblems(reader.problems)
    return lst
