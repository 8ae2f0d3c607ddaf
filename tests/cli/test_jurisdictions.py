"""`chujing jurisdictions` and `assess --jurisdiction` (contract v2 §6), and every pack's
example plans decided under that pack."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chujing.cli.main import app

runner = CliRunner()
PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"
PACKS = ["chongqing", "beijing", "tianjin", "shanghai"]


def test_jurisdictions_lists_every_pack_home_first() -> None:
    result = runner.invoke(app, ["jurisdictions", "--format", "json"])
    assert result.exit_code == 0, result.output
    packs = json.loads(result.output)
    assert [p["code"] for p in packs] == ["chongqing", "beijing", "shanghai", "tianjin"]
    assert packs[0]["name"] == "中国（重庆）自由贸易试验区"
    assert all(p["official"] is False for p in packs)
    shanghai = next(p for p in packs if p["code"] == "shanghai")
    assert shanghai["regimes"] == ["shanghai_general_list", "shanghai_negative_list"]


def test_jurisdictions_in_chinese_text() -> None:
    result = runner.invoke(app, ["jurisdictions"])
    assert result.exit_code == 0
    assert "一般数据清单：lg-general-icv" in result.output


@pytest.mark.parametrize("code", PACKS)
def test_each_pack_has_an_example_decided_under_its_own_list(code: str) -> None:
    regimes = []
    for plan in sorted((PLANS / code).glob("*.yaml")):
        result = runner.invoke(
            app, ["assess", str(plan), "--jurisdiction", code, "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        regimes.append(json.loads(result.output)["regime"])
    assert any(r.startswith(f"{code}_") for r in regimes), regimes


def test_the_environment_chooses_the_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUJING_JURISDICTION", "beijing")
    plan = PLANS / "beijing" / "auto-after-sales.yaml"
    result = runner.invoke(app, ["assess", str(plan), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["regime"] == "beijing_negative_list"


def test_the_same_plan_under_the_home_pack_is_refused_at_its_zone() -> None:
    plan = PLANS / "beijing" / "auto-after-sales.yaml"
    result = runner.invoke(app, ["assess", str(plan), "--jurisdiction", "chongqing"])
    assert result.exit_code == 2
    assert "processor.zone" in result.output


def test_an_unknown_jurisdiction_is_one_line_naming_the_option() -> None:
    plan = PLANS / "chongqing" / "icv-owner-contacts.yaml"
    result = runner.invoke(app, ["assess", str(plan), "--jurisdiction", "atlantis"])
    assert result.exit_code == 2
    assert "--jurisdiction" in result.output
    assert "Traceback" not in result.output
