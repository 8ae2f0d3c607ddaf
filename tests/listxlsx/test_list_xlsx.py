"""Negative lists in the Excel layout: round trip, formula neutralisation, row-level errors."""

from io import BytesIO
from pathlib import Path

import pytest
import typer
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from chujing.cli.lists_xlsx import register
from chujing.listxlsx import XlsxProblems, export_xlsx, import_xlsx, layout, to_yaml
from chujing.rules import NegativeList, load_lists
from chujing.rules.lists import parse_list
from chujing.rules.yamlsource import parse_yaml

SHIPPED = load_lists()


def _hostile_list() -> NegativeList:
    base = SHIPPED[0].model_dump(mode="json")
    scenario = base["scenarios"][0]
    scenario["name"] = "-1+1 场景"
    scenario["description"] = "\t制表符开头"
    entry = scenario["entries"][0]
    entry["name"] = '=HYPERLINK("http://example.invalid","点击")'
    entry["fields"] = ["+86 手机号", "@用户名", "姓名"]
    entry["conditions"] = ["=1+1", "普通条件"]
    base["title"] = "@标题"
    return NegativeList.model_validate(base)


def _workbook(lst: NegativeList) -> Workbook:
    return load_workbook(BytesIO(export_xlsx(lst)))


def _bytes(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _problems(data: bytes) -> list[str]:
    with pytest.raises(XlsxProblems) as caught:
        import_xlsx(data, "t.xlsx")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("lst", SHIPPED, ids=lambda x: x.id)
def test_round_trip(lst: NegativeList) -> None:
    back = import_xlsx(export_xlsx(lst))
    assert back == lst
    assert parse_list(parse_yaml(to_yaml(back), "back.yaml")) == lst


def test_layout_columns_and_metadata() -> None:
    book = _workbook(SHIPPED[0])
    assert book.sheetnames == [layout.LIST_SHEET, layout.META_SHEET]
    header = [c.value for c in book[layout.LIST_SHEET][1]]
    assert header[:11] == [
        "序号", "业务活动", "业务场景", "场景编码", "数据类别", "类别编码",
        "数据字段", "数据类型", "出境路径", "数量阈值", "条件说明",
    ]  # fmt: skip
    meta = {row[0].value: row[1].value for row in book[layout.META_SHEET].iter_rows(min_row=2)}
    assert meta["清单编号"] == SHIPPED[0].id
    assert meta["生效日期"] == SHIPPED[0].valid_from.isoformat()
    rows = list(book[layout.LIST_SHEET].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(SHIPPED[0].entries())
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))


def test_thresholds_are_written_readably() -> None:
    lst = next(x for x in SHIPPED if x.id == "cq-ftz-icv")
    rows = list(_workbook(lst)[layout.LIST_SHEET].iter_rows(min_row=2, values_only=True))
    by_code = {r[5]: r for r in rows}
    assert by_code["ICV-RD-01-04"][9] == "个人信息≥100000人"
    assert by_code["ICV-RD-01-01"][8] == "安全评估"
    assert by_code["ICV-RD-01-01"][7] == "重要数据"


def test_formula_injection_is_neutralised_and_round_trips() -> None:
    lst = _hostile_list()
    book = _workbook(lst)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    first = next(book[layout.LIST_SHEET].iter_rows(min_row=2, values_only=True))
    assert first[4] == "'" + '=HYPERLINK("http://example.invalid","点击")'
    assert first[2] == "'-1+1 场景"
    assert import_xlsx(_bytes(book)) == lst


def test_row_level_errors_name_sheet_row_and_column() -> None:
    book = _workbook(SHIPPED[0])
    sheet = book[layout.LIST_SHEET]
    sheet["H2"] = "机密数据"
    sheet["L3"] = "abc"
    sheet["J4"] = "很多人"
    book[layout.META_SHEET]["B8"] = "明年"
    problems = _problems(_bytes(book))
    assert "工作表“负面清单” 第 2 行 H 列（数据类型）：“机密数据”不是有效的数据类型" in problems[0]
    assert any(p.startswith("工作表“负面清单” 第 3 行 L 列（参考类别序号）") for p in problems)
    assert any(
        p.startswith("工作表“负面清单” 第 4 行 J 列（数量阈值）：无法识别") for p in problems
    )
    assert any(p.startswith("工作表“清单信息” 第 8 行 B 列（生效日期）") for p in problems)


def test_duplicate_codes_and_inconsistent_scenarios_are_reported() -> None:
    book = _workbook(SHIPPED[0])
    sheet = book[layout.LIST_SHEET]
    sheet["F3"] = sheet["F2"].value
    problems = _problems(_bytes(book))
    assert problems == ["工作表“负面清单” 第 3 行 F 列（类别编码）：与第 2 行重复"]
    book = _workbook(SHIPPED[0])
    book[layout.LIST_SHEET]["B3"] = "另一业务活动"
    problems = _problems(_bytes(book))
    assert problems[0].startswith("工作表“负面清单” 第 3 行 B 列（业务活动）：与第 2 行同一场景")


def test_missing_and_unknown_columns() -> None:
    book = _workbook(SHIPPED[0])
    sheet = book[layout.LIST_SHEET]
    sheet["G1"] = "字段"
    problems = _problems(_bytes(book))
    assert "工作表“负面清单” 第 1 行 G 列（字段）：未知的列" in problems
    assert any("（数据字段）：缺少此列" in p for p in problems)


def test_unknown_metadata_item() -> None:
    book = _workbook(SHIPPED[0])
    book[layout.META_SHEET]["A13"] = "备注"
    book[layout.META_SHEET]["B13"] = "x"
    assert _problems(_bytes(book)) == ["工作表“清单信息” 第 13 行 A 列（备注）：未知的项目"]


def test_missing_sheet_and_not_a_workbook() -> None:
    book = Workbook()
    assert book.active is not None
    book.active.title = layout.LIST_SHEET
    assert _problems(_bytes(book)) == ["工作表“清单信息”：缺少此工作表"]
    assert _problems(b"PK not really") == ["工作表“t.xlsx”：不是有效的 .xlsx 文件"]


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_export_and_import(tmp_path: Path) -> None:
    runner = CliRunner()
    xlsx = tmp_path / "list.xlsx"
    exported = runner.invoke(_cli(), ["export", "cq-ftz-icv", "--xlsx", str(xlsx)])
    assert exported.exit_code == 0, exported.output
    out = tmp_path / "list.yaml"
    imported = runner.invoke(_cli(), ["import", str(xlsx), "--out", str(out)])
    assert imported.exit_code == 0, imported.output
    original = next(x for x in SHIPPED if x.id == "cq-ftz-icv")
    assert parse_list(parse_yaml(out.read_text("utf-8"), str(out))) == original


def test_cli_import_errors_exit_2_and_write_nothing(tmp_path: Path) -> None:
    book = _workbook(SHIPPED[0])
    book[layout.LIST_SHEET]["H2"] = "机密数据"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_bytes(book))
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(_cli(), ["import", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert "第 2 行 H 列（数据类型）" in result.output
    assert not out.exists()
    missing = CliRunner().invoke(_cli(), ["import", str(tmp_path / "none.xlsx"), "--out", str(out)])
    assert missing.exit_code == 2
    assert "文件不存在" in missing.output


def test_threshold_text_forms() -> None:
    assert layout.parse_thresholds("个人信息≥10万人；敏感个人信息>=1000人") == {
        "persons": 100_000,
        "sensitive_persons": 1000,
    }
    with pytest.raises(ValueError, match="两次"):
        layout.parse_thresholds("个人信息≥1人；个人信息≥2人")


def test_fields_containing_a_separator_are_refused_on_export() -> None:
    base = SHIPPED[0].model_dump(mode="json")
    base["scenarios"][0]["entries"][0]["fields"] = ["姓名、电话"]
    with pytest.raises(ValueError, match="分隔符"):
        export_xlsx(NegativeList.model_validate(base))
