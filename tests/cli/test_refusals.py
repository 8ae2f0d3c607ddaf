"""A CLI refusal is one Chinese line naming the field as the person knows it: its Chinese
label (with the option that sets it), a file and line, or the option itself; never the
API's internal key."""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import chujing.platform
from chujing.cli.io import field_name
from chujing.cli.main import app
from chujing.labels import FIELDS

runner = CliRunner()
REACHED = ("accounts", "orgs", "listcycle", "supervision", "clocks", "audit", "jobs")
"""The platform packages whose services the CLI commands call."""


def test_every_field_a_command_can_be_refused_on_has_a_label() -> None:
    root = Path(chujing.platform.__file__).parent
    keys = {
        key
        for package in REACHED
        for path in (root / package).rglob("*.py")
        for key in re.findall(r'field="([^"]+)"', path.read_text(encoding="utf-8"))
    }
    assert keys, "the pattern found no field"
    unnamed = sorted(k for k in keys if field_name(k) is None)
    assert not unnamed, f"fields a refusal would name by their key: {unnamed}"
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in FIELDS.values())


def test_a_field_is_named_by_label_option_or_as_typed() -> None:
    assert field_name("stage") == "草案阶段"
    assert field_name("zone_id", {"zone_id": "--zone"}) == "所属自贸板块（--zone）"
    assert field_name("name", {"name": "用户名"}) == "用户名"
    assert field_name("content.ftz") == "清单内容"
    assert field_name("--checkpoint") == "--checkpoint"
    assert field_name("CHUJING_AUDIT_MAC") == "CHUJING_AUDIT_MAC"
    assert field_name("no_such_key") is None


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert runner.invoke(app, ["db", "upgrade", "--database", url]).exit_code == 0
    return url


@pytest.mark.parametrize(
    ("command", "line"),
    [
        (["listcycle", "advance", "1", "file"], "错误：草案阶段：当前阶段（需求调研）不能报送备案"),
        (["listcycle", "advance", "1", "bogus"], "错误：办理事项：未知的操作"),
        (["listcycle", "draft", "BAD", "--sector", "s", "--title", "t"], "错误：清单标识："),
        (["inspections", "inspector-add", "!!", "张", "--department", "x"], "错误：编号：格式不符"),
        (["inspections", "draw", "--item", "none", "--title", "t"], "错误：检查事项（--item）："),
        (["users", "add", "clerk", "--role", "processor_user"], "错误：处理者（--org）："),
        (["users", "add", "a b", "--role", "auditor"], "错误：用户名：格式不符"),
        (["tokens", "issue", "nobody"], "错误：用户名：用户不存在：nobody"),
        (["clocks", "due", "--on", "1999-01-01"], "错误：日期（--on）：工作日历未覆盖该日期"),
        (["clocks", "due", "--on", "someday"], "错误：--on: 不是有效日期 'someday'"),
    ],
)
def test_a_refusal_names_the_field_in_chinese(database: str, command: list[str], line: str) -> None:
    runner.invoke(app, ["listcycle", "draft", "cq-x", "--sector", "汽车", "--title", "测试",
                        "--database", database])  # fmt: skip
    result = runner.invoke(app, [*command, "--database", database])
    assert result.exit_code == 2
    assert result.output.startswith(line), result.output
    assert result.output.count("\n") == 1
    internal_key = re.search(r"(?<![-\w])[a-z_]+(\.[a-z_]+)*: ", result.output)
    assert internal_key is None, "an internal key is named"
