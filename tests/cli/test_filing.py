"""`chujing filing PLAN` and `chujing filing verify DIR` as integrators call them (§5)."""

import json
from pathlib import Path

import pytest

from .conftest import EXAMPLE, run


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "filing"
    result = run("filing", str(EXAMPLE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_filing_writes_the_bundle_and_materials_json(made: Path) -> None:
    manifest = json.loads((made / "materials.json").read_text("utf-8"))
    assert manifest["pathway"] == "standard_contract_or_certification"
    for doc in manifest["documents"]:
        assert {"title", "file", "basis", "status"} <= set(doc)
        if doc["file"]:
            assert (made / doc["file"]).is_file()
    assert not [p for p in made.parent.iterdir() if p.name.startswith(".")]  # no temp left


def test_verify_passes_then_catches_an_edited_file(made: Path, tmp_path: Path) -> None:
    assert run("filing", "verify", str(made)).returncode == 0
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in made.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    with (copy / "pia-report.docx").open("ab") as f:
        f.write(b"\0")
    (copy / "extra.txt").write_text("x")
    result = run("filing", "verify", str(copy), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    bad = [f["text"] for f in report["findings"] if not f["ok"]]
    assert any(t.startswith("pia-report.docx：内容已被修改") for t in bad)
    assert any(t.startswith("extra.txt：未登记") for t in bad)


def test_verify_says_when_the_assessment_changed(made: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in made.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    outcome = json.loads((copy / "outcome.json").read_text("utf-8"))
    outcome["rules_version"] = "2025.1+000000000000"
    (copy / "outcome.json").write_text(json.dumps(outcome))
    result = run("filing", "verify", str(copy))
    assert result.returncode == 1
    assert "规则版本已变化：2025.1+000000000000 →" in result.stdout


def test_invalid_plan_exits_2_naming_the_field_and_writes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps({"processor": {"name": "某公司"}, "items": [{"name": "x", "pi": "maybe"}]})
    )
    out = tmp_path / "out"
    result = run("filing", str(plan), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "items[0].pi" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_invalid_scan_exits_2_naming_the_field(tmp_path: Path) -> None:
    scan = tmp_path / "scan.json"
    scan.write_text(json.dumps({"rows": 1, "columns": [], "persons": {"distinct": -1}}))
    out = tmp_path / "out"
    result = run("filing", str(EXAMPLE), "--scan", str(scan), "--out", str(out))
    assert result.returncode == 2
    assert "scan.persons.distinct" in result.stderr
    assert not out.exists()


def test_a_non_empty_out_dir_is_refused(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = run("filing", str(EXAMPLE), "--out", str(tmp_path))
    assert result.returncode == 2
    assert "--out" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_default_out_is_filing_and_the_plan_date(tmp_path: Path) -> None:
    result = run("filing", str(EXAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "filing-2026-03-01" / "materials.json").is_file()
