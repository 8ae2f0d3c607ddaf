"""`chujing scan … --format json | jq .plan | chujing assess -` matches list entries by element."""

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from chujing import synth
from chujing.cli.main import app

runner = CliRunner()
ICV_PROCESSOR = {"name": "重庆示例汽车公司", "ftz": "registered", "sector": "智能网联汽车"}


def _scan(tmp_path: Path) -> dict[str, object]:
    data = tmp_path / "owners.csv"
    synth.write(data, rows=1500, seed=21, fmt="csv", encoding="utf-8", as_of=date(2026, 3, 1))
    result = runner.invoke(app, ["scan", str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_columns_carry_their_element(tmp_path: Path) -> None:
    columns = _scan(tmp_path)["columns"]
    assert isinstance(columns, list)
    by_kind = {c["kind"]: c["element"] for c in columns}
    assert by_kind["person_name"] == "person_name"
    assert by_kind["geo_coordinate"] == "trajectory"
    assert by_kind["none"] is None


def test_the_plan_skeleton_matches_entries_without_editing_its_fields(tmp_path: Path) -> None:
    plan = _scan(tmp_path)["plan"]
    assert isinstance(plan, dict)
    plan = {**plan, "processor": ICV_PROCESSOR, "scenario": "ICV-AS-01"}  # what jq would add
    result = runner.invoke(app, ["assess", "-", "--format", "json"], input=json.dumps(plan))
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.stdout)
    matched = set(outcome["negative_list"]["matched_entries"])
    # owner contacts (姓名, 手机号 …), tracks (经纬度轨迹) and payment (银行卡号) entries
    assert {"ICV-AS-01-01", "ICV-AS-01-02", "ICV-AS-01-04"} <= matched
    assert not any("词表未收录" in w for w in outcome["warnings"] if "备注" not in w)
