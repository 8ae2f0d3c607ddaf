import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chujing.cli.main import app
from chujing.engine import parse_plan

runner = CliRunner()


def test_json_report_follows_the_contract(dataset: Callable[..., Path]) -> None:
    path = dataset(rows=1500, seed=21)
    result = runner.invoke(app, ["scan", str(path), "--format", "json", "--date", "2026-03-01"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"sources", "rows", "columns", "persons", "annex_flags", "plan"} <= set(report)
    assert set(report["columns"][0]) == {
        "source",
        "name",
        "kind",
        "pi",
        "sensitive_kinds",
        "confidence",
        "match_ratio",
        "examples",
        "element",  # contract v2 §2
    }
    assert set(report["persons"]) >= {
        "distinct",
        "sensitive_distinct",
        "minors_under_14",
        "method",
        "key",
    }
    parse_plan(report["plan"])


def test_plan_pipes_into_assess(dataset: Callable[..., Path], tmp_path: Path) -> None:
    path = dataset(rows=1500, seed=21)
    result = runner.invoke(app, ["scan", str(path), "--format", "json"])
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(json.loads(result.stdout)["plan"]), encoding="utf-8")
    assessed = runner.invoke(app, ["assess", str(plan), "--format", "json"])
    assert assessed.exit_code == 0, assessed.output
    assert json.loads(assessed.stdout)["pathway"] == "standard_contract_or_certification"


def test_text_report_in_chinese(dataset: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["scan", str(dataset(rows=1500, seed=21))])
    assert result.exit_code == 0
    for header in ("列名", "识别类型", "个人信息级别", "置信度", "示例"):
        assert header in result.stdout
    assert "居民身份证号" in result.stdout


def test_html_report_is_self_contained(dataset: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["scan", str(dataset(rows=1500, seed=21)), "--report", str(out)])
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "个人信息扫描报告" in page
    assert "<script src" not in page
    assert "<link" not in page
    assert "http://" not in page
    assert "https://" not in page


def test_unreadable_source_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2
    assert "错误" in result.stderr
    assert "Traceback" not in result.output


def test_bad_option_values_exit_2(dataset: Callable[..., Path]) -> None:
    path = str(dataset(rows=1500, seed=21))
    assert runner.invoke(app, ["scan", path, "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["scan", path, "--date", "2026-13-01"]).exit_code == 2


def test_save_and_merge_sketches(
    dataset: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHUJING_SKETCH_SALT", "test-salt")
    path = str(dataset(rows=1500, seed=21))
    sk = tmp_path / "a.sketch.json"
    assert runner.invoke(app, ["scan", path, "--save-sketch", str(sk)]).exit_code == 0
    merged = tmp_path / "m.sketch.json"
    result = runner.invoke(
        app, ["merge-sketches", str(sk), str(sk), "--out", str(merged), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["persons"]["lower"] <= doc["persons"]["estimate"] <= doc["persons"]["upper"]
    assert merged.exists()
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert runner.invoke(app, ["merge-sketches", str(bad)]).exit_code == 2


def test_default_salt_file_is_created_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chujing.scan import sketch

    monkeypatch.delenv("CHUJING_SKETCH_SALT", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    first = sketch.default_salt()
    assert first == sketch.default_salt()
    assert len(first) == 64
    assert sketch.salt_id(first) != sketch.salt_id(b"other")


def test_no_raw_value_in_any_output(tmp_path: Path) -> None:
    """Identifiers of the data appear in no output: report (JSON, text), HTML, sketch, log."""
    import csv

    from chujing import synth
    from chujing.scan.classify import Classifier

    path = tmp_path / "messy.csv"
    truth = synth.write(path, rows=1500, seed=71, messy=True).to_json()
    columns = truth["columns"]
    assert isinstance(columns, list)
    kinds = [c["kind"] for c in columns]
    wanted = {"cn_resident_id", "mobile_phone", "email", "bank_card", "passport", "vin"}
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    normaliser = Classifier().normaliser
    raw = {r[i] for r in rows for i, k in enumerate(kinds) if k in wanted and len(r[i]) > 6}
    from chujing.scan import arrow

    canonical = normaliser.canonical(arrow.strings(sorted(raw)), "compact").to_pylist()
    secrets = {v for v in raw | set(canonical) if v and "*" not in v}
    html, sketch = tmp_path / "r.html", tmp_path / "s.json"
    outputs = []
    for args in (["--format", "json"], ["--report", str(html), "--save-sketch", str(sketch)]):
        result = runner.invoke(app, ["scan", str(path), *args])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    outputs += [html.read_text(encoding="utf-8"), sketch.read_text(encoding="utf-8")]
    leaked = [s for s in secrets for text in outputs if s in text]
    assert len(secrets) > 1000
    assert leaked == []
