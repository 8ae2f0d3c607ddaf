"""`chujing assess` as integrators call it (contract §1)."""

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from chujing.cli.main import app

from .conftest import EXAMPLE, ROOT, run

TEST_LISTS = ROOT / "tests" / "law" / "lists"
runner = CliRunner()


def test_json_output_is_one_object_with_the_contract_keys() -> None:
    result = run("assess", str(EXAMPLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert {
        "pathway",
        "separate_regime",
        "parallel_procedures",
        "regime",
        "negative_list",
        "flags",
        "items",
        "reasons",
        "obligations",
        "margins",
        "settings",
        "rules_version",
        "input_sha256",
    } <= outcome.keys()
    assert outcome["pathway"] == "standard_contract_or_certification"
    assert outcome["negative_list"]["id"] == "cq-ftz-icv"


def test_the_plan_can_come_from_standard_input_as_json() -> None:
    plan = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    plan["date"] = plan["date"].isoformat()
    result = run("assess", "-", "--format", "json", stdin=json.dumps(plan, ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["pathway"] == "standard_contract_or_certification"


def test_the_same_plan_gives_the_same_bytes() -> None:
    first = runner.invoke(app, ["assess", str(EXAMPLE), "--format", "json"])
    second = runner.invoke(app, ["assess", str(EXAMPLE), "--format", "json"])
    assert first.exit_code == 0
    assert first.stdout == second.stdout


def test_date_option_overrides_the_plan_date() -> None:
    result = runner.invoke(
        app, ["assess", str(EXAMPLE), "--format", "json", "--date", "2027-09-01"]
    )
    outcome = json.loads(result.stdout)
    assert outcome["date"] == "2027-09-01"
    assert outcome["regime"] == "national"


def test_lists_option_replaces_the_shipped_lists(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "date: 2026-03-01\nprocessor: {name: 甲公司, ftz: registered, sector: 测试行业}\n"
        "persons: 500000\nitems: [{name: 客户信息, pi: personal, list_entry: T-01-01}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["assess", str(plan), "--lists", str(TEST_LISTS), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["negative_list"]["id"] == "cq-test"


def test_text_output_is_chinese_with_pathway_citations_and_next_steps() -> None:
    result = runner.invoke(app, ["assess", str(EXAMPLE)])
    assert result.exit_code == 0
    first_line = result.stdout.splitlines()[0]
    assert first_line == "结论：订立个人信息出境标准合同或通过个人信息保护认证"
    assert "《促进和规范数据跨境流动规定》第八条" in result.stdout
    assert "下一步及期限" in result.stdout
    assert "10个工作日" in result.stdout


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("processor: {name: x}\nitems: [{name: a, pi: maybe}]\n", "items[0].pi"),
        ("processor: {name: x}\nitems: [{name: a}]\ncolour: red\n", "colour"),
        ("processor: {name: x, uscc: '123'}\nitems: [{name: a}]\n", "processor.uscc"),
    ],
)
def test_invalid_plans_exit_2_with_one_line_naming_the_field(
    tmp_path: Path, content: str, field: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(content, encoding="utf-8")
    result = run("assess", str(plan), "--format", "json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert field in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", ["{not json", "a: [1\n", "\x00\x01binary"])
def test_unparseable_plans_exit_2_without_a_traceback(tmp_path: Path, content: str) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(content, encoding="utf-8")
    result = run("assess", str(plan))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("错误：")


def test_a_missing_file_exits_2() -> None:
    result = runner.invoke(app, ["assess", "/nonexistent/plan.yaml"])
    assert result.exit_code == 2


def test_a_bad_date_option_exits_2() -> None:
    result = runner.invoke(app, ["assess", str(EXAMPLE), "--date", "2026-13-01"])
    assert result.exit_code == 2


def test_text_output_labels_readings_and_never_puts_them_under_an_article(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "date: 2026-03-01\nprocessor: {name: 甲公司, ftz: registered, sector: 零售}\n"
        "persons: 200000\nitems: [{name: 客户信息, fields: [姓名], pi: personal}]\n"
        "recipients: [{name: X, country: DE}]\n",
        encoding="utf-8",
    )
    text = runner.invoke(app, ["assess", str(plan)]).stdout
    reading = next(line for line in text.splitlines() if "不因位于自贸试验区" in line)
    assert reading.startswith("  • 【本平台解读】")
    assert (
        "相关规定：《中国（重庆）自由贸易试验区数据出境负面清单管理办法（试行）》第十九条"
        in reading
    )
    article = next(line for line in text.splitlines() if "第十九条：" in line)
    assert "不因位于自贸试验区" not in article


def test_an_entry_below_its_threshold_is_never_called_off_the_list() -> None:
    text = runner.invoke(app, ["assess", str(EXAMPLE)]).stdout
    owner = next(line for line in text.splitlines() if line.startswith("  • 车主联系信息"))
    assert "条目门槛未达到" in owner
    assert "负面清单外" not in owner
