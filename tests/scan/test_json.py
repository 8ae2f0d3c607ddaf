"""Nested JSON Lines and .json documents, scanned field by field."""

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chujing import synth
from chujing.cli.main import app
from chujing.scan.core import Options, scan
from chujing.scan.errors import ScanError
from chujing.scan.jsonfile import MAX_DEPTH, flatten

SCAN_DATE = date(2026, 3, 1)


def test_paths_name_nested_fields_and_lists() -> None:
    record = {
        "customer": {"name": "张伟", "id_number": "11010519491231002X", "age": 30},
        "contacts": [{"type": "mobile", "value": "13800138000"}, {"value": None}],
        "tags": [["a", "b"], []],
        "ok": True,
    }
    assert flatten(record) == {
        "customer.name": ["张伟"],
        "customer.id_number": ["11010519491231002X"],
        "customer.age": ["30"],
        "contacts[].type": ["mobile"],
        "contacts[].value": ["13800138000", None],
        "tags[][]": ["a", "b"],
        "ok": ["True"],
    }


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_nested_records_count_as_the_truth_says(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"n.{fmt}"
    truth = synth.write(path, rows=2500, seed=61, fmt=fmt, as_of=SCAN_DATE, nested=True, messy=True)
    report = scan([str(path)], Options(on=SCAN_DATE))
    expected = truth.to_json()
    persons = expected["persons"]
    assert isinstance(persons, dict)
    assert report.rows == 2500
    assert report.persons.distinct == persons["distinct"]
    assert report.persons.sensitive_distinct == persons["sensitive_distinct"]
    assert report.persons.minors_under_14 == persons["minors_under_14"]
    kinds = {c.name: c.kind for c in report.columns}
    columns = expected["columns"]
    assert isinstance(columns, list)
    assert kinds == {c["name"]: c["kind"] for c in columns}
    assert kinds["contacts[].mobile"] == "mobile_phone"
    assert kinds["customer.id_number"] == "cn_resident_id"


def test_every_person_in_a_list_counts(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    lines = [
        {"order": n, "holders": [{"mobile": f"1380013{n:04d}"}, {"mobile": f"1390013{n:04d}"}]}
        for n in range(40)
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.persons.key == ["holders[].mobile"]
    assert report.persons.distinct == 80


def _deep(levels: int) -> str:
    return '{"a":' * levels + '"x"' + "}" * levels


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 100_000])
def test_too_deep_is_refused_in_one_line(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"a": "x"}\n' + _deep(levels) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", str(path)])
    assert result.exit_code == 2
    assert f"第 2 行嵌套超过 {MAX_DEPTH} 层" in result.output
    assert "Traceback" not in result.output


def test_depth_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    path.write_text(_deep(MAX_DEPTH) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert [c.name for c in report.columns] == [".".join(["a"] * MAX_DEPTH)]


def test_json_document_errors_are_one_line(tmp_path: Path) -> None:
    cut = tmp_path / "cut.json"
    cut.write_text('[{"a": "1"}, {"a": "2"', encoding="utf-8")
    with pytest.raises(ScanError, match="第 2 个元素"):
        scan([str(cut)], Options(on=SCAN_DATE))
    scalar = tmp_path / "s.json"
    scalar.write_text("42", encoding="utf-8")
    with pytest.raises(ScanError, match="不是 JSON 对象"):
        scan([str(scalar)], Options(on=SCAN_DATE))


def test_one_object_document_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    data = {"data": [{"sj": f"1380013{n:04d}"} for n in range(30)], "code": 0}
    path.write_text(json.dumps(data), encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.rows == 1
    assert report.persons.distinct == 30


def test_huge_line_is_skipped_with_its_number(tmp_path: Path, dataset: Callable[..., Path]) -> None:
    path = tmp_path / "big.jsonl"
    lines = dataset(rows=200, fmt="jsonl").read_text(encoding="utf-8").splitlines()
    lines.insert(100, json.dumps({"备注": "x" * (3 << 20)}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.rows == 200
    assert any("第 101 行超过" in w for w in report.warnings)
