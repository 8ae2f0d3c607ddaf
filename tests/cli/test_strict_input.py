"""`chujing assess` refuses malformed and hostile plans with one Chinese line (exit 2)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run

BASE_YAML = "processor: {name: 甲公司}\nitems: [{name: 客户信息, pi: personal}]\n"
BASE_JSON = '{"processor": {"name": "甲公司"}, "items": [{"name": "客户信息", "pi": "personal"}]'
ENGLISH = re.compile(
    r"[A-Za-z]{4,} [a-z]{3,} [a-z]{2,}"
)  # an English phrase, e.g. "Input should be"
BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(8)
)


def assess(path: Path) -> subprocess.CompletedProcess[str]:
    return run("assess", str(path), "--format", "json")


def refused(path: Path, field: str) -> str:
    result = assess(path)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("错误：")
    assert field in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    assert not ENGLISH.search(lines[0].split(":", 1)[-1]), lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("dup.json", BASE_JSON + ', "persons": 5, "persons": 500000}', "persons"),
        (
            "dup-deep.json",
            '{"processor": {"name": "甲", "name": "乙"}, "items": [{"name": "x"}]}',
            "processor.name",
        ),
        ("dup.yaml", BASE_YAML + "persons: 5\npersons: 500000\n", "persons"),
        ("bool.json", BASE_JSON + ', "persons": true}', "persons"),
        ("bool.yaml", BASE_YAML + "sensitive_persons: yes\n", "sensitive_persons"),
        ("string.json", BASE_JSON + ', "persons": "100000"}', "persons"),
        (
            "category.yaml",
            BASE_YAML.replace("pi: personal", "pi: personal, category: '16'"),
            "items[0].category",
        ),
        ("epoch.json", BASE_JSON + ', "date": 1767225600}', "date"),
        ("datetime.yaml", BASE_YAML + "date: 2026-03-01 10:00:00\n", "date"),
        ("impossible.yaml", BASE_YAML + "date: 2026-02-30\n", "date"),
        ("impossible.json", BASE_JSON + ', "date": "2026-02-30"}', "date"),
        ("loose.json", BASE_JSON + ', "date": "2026-3-1"}', "date"),
        ("truthy.json", BASE_JSON + ', "necessity_attested": "yes"}', "necessity_attested"),
        ("nan.json", BASE_JSON + ', "persons": NaN}', "NaN"),
        (
            "purpose.yaml",
            BASE_YAML.replace("pi: personal", "pi: personal, purposes: [golf]"),
            "items[0].purposes[0]",
        ),
        ("alias.yaml", "x: &p {name: 甲公司}\nprocessor: *p\nitems: [{name: a}]\n", "processor"),
        ("laughs.yaml", BILLION_LAUGHS, "别名"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "嵌套"),
        ("deep.yaml", "a:\n" + "".join("  " * i + "- \n" for i in range(1, 120)), "嵌套"),
        ("list.json", "[1, 2]", "对象"),
    ],
)
def test_hostile_or_malformed_plans_are_refused(
    tmp_path: Path, name: str, content: str, field: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    refused(path, field)


def test_the_billion_laughs_file_is_small() -> None:
    assert len(BILLION_LAUGHS.encode()) < 1024


def test_a_plan_that_is_not_utf8_on_stdin_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chujing", "assess", "-"],
        input=b"\xff\xfe\x00garbage",
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_valid_dates_and_counts_still_pass(tmp_path: Path) -> None:
    yaml_plan = tmp_path / "ok.yaml"
    yaml_plan.write_text(BASE_YAML + "date: 2026-03-01\npersons: 10\n", encoding="utf-8")
    json_plan = tmp_path / "ok.json"
    json_plan.write_text(BASE_JSON + ', "date": "2026-03-01", "persons": 10}', encoding="utf-8")
    assert assess(yaml_plan).returncode == 0
    assert assess(json_plan).returncode == 0
