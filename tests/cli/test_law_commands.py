"""`chujing catalog`, `chujing rules` and `chujing lists`."""

import json
from pathlib import Path

from typer.testing import CliRunner

from chujing.cli.main import app
from chujing.rules.book import data_dir

runner = CliRunner()
ICV = data_dir() / "lists" / "cq-ftz-icv-2025.yaml"


def test_catalog_shows_one_category_in_chinese() -> None:
    result = runner.invoke(app, ["catalog", "16"])
    assert result.exit_code == 0
    assert "智能网联汽车" in result.stdout
    assert "YD/T 4981-2024" in result.stdout


def test_catalog_search_and_unknown_number() -> None:
    assert "健康医疗" in runner.invoke(app, ["catalog", "--search", "病历"]).stdout
    assert runner.invoke(app, ["catalog", "41"]).exit_code == 2


def test_rules_lists_every_rule_with_citation_and_dates() -> None:
    result = runner.invoke(app, ["rules", "--format", "json", "--kind", "tier"])
    rules = json.loads(result.stdout)
    assert {r["id"] for r in rules} >= {"o16.art7.1", "o16.art7.2", "o16.art8", "o16.art5.4"}
    assert all(r["citation"] and r["effective_from"] for r in rules)


def test_rules_on_a_date_leaves_out_rules_not_in_force() -> None:
    rules = json.loads(
        runner.invoke(app, ["rules", "--format", "json", "--date", "2025-06-01"]).stdout
    )
    assert "cq.art10.unlisted" not in {r["id"] for r in rules}


def test_lists_validate_passes_a_good_file_and_fails_a_bad_one(tmp_path: Path) -> None:
    assert runner.invoke(app, ["lists", "validate", str(ICV)]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        ICV.read_text(encoding="utf-8").replace("category: 16", "category: 0"), encoding="utf-8"
    )
    result = runner.invoke(app, ["lists", "validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:" in result.output
    assert "category" in result.output


def test_lists_show_by_id_and_diff(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["lists", "show", "cq-ftz-icv", "--format", "json"])
    assert json.loads(shown.stdout)["id"] == "cq-ftz-icv"
    new = tmp_path / "new.yaml"
    new.write_text(
        ICV.read_text(encoding="utf-8").replace("name: 车主信息", "name: 车主资料"),
        encoding="utf-8",
    )
    diff = runner.invoke(app, ["lists", "diff", str(ICV), str(new)])
    assert diff.exit_code == 0
    assert "修改 数据类别 ICV-AS-01-01" in diff.stdout


def test_lists_validate_warns_on_a_field_the_vocabulary_lacks(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    text = ICV.read_text(encoding="utf-8").replace(
        "fields: [姓名, 工号,", "fields: [姓名, 工牌照片,"
    )
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "工牌照片" in row)
    result = runner.invoke(app, ["lists", "validate", str(path)])
    assert result.exit_code == 0  # a warning, not a problem
    assert f"警告：{path}:{line}: scenarios[0].entries[3].fields[1]:" in result.stderr
    assert "工牌照片" in result.stderr
    assert "1 个字段词表未收录" in result.stdout


def test_lists_validate_of_the_shipped_lists_warns_about_nothing() -> None:
    result = runner.invoke(
        app, ["lists", "validate", *map(str, (data_dir() / "lists").glob("*.yaml"))]
    )
    assert result.exit_code == 0
    assert "警告" not in result.stderr
