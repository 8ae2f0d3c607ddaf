"""Negative list files: validation with file and line, and version diffs."""

from pathlib import Path

import pytest

from chujing.rules import ListProblems, load_lists
from chujing.rules.book import data_dir
from chujing.rules.listdiff import diff_lists
from chujing.rules.lists import load_list_dir, load_list_file

SHIPPED = data_dir() / "lists" / "cq-ftz-icv-2025.yaml"


def test_the_shipped_lists_load_and_are_marked_illustrative() -> None:
    lists = load_lists()
    assert {lst.ftz for lst in lists} >= {"chongqing", "beijing", "zhejiang"}
    for lst in lists:
        assert not lst.official
        assert "示例" in lst.title


def test_the_chongqing_icv_list_has_the_structure_of_published_lists() -> None:
    lst = load_list_file(SHIPPED)
    activities = {s.activity for s in lst.scenarios}
    assert {"研发设计", "生产制造与供应链", "售后服务", "二手车交易"} <= activities
    names = {e.name for _, e in lst.entries()}
    assert {
        "自动驾驶模型训练数据",
        "车外视频图像（含人脸、车牌）",
        "车辆远程操控与工况数据",
        "OTA 与电控单元数据",
        "充电网运行数据",
        "汽车关键零部件研发数据",
        "车主信息",
        "车辆行驶轨迹",
    } <= names


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    path = broken(
        tmp_path,
        "        category: 16\n        data_type: important_data\n",
        "        category: 99\n        data_type: secret_stuff\n",
    )
    with pytest.raises(ListProblems) as info:
        load_list_file(path)
    found = {(p.path, p.line) for p in info.value.problems}
    assert ("scenarios[0].entries[0].category", line_of(path, "category: 99")) in found
    assert ("scenarios[0].entries[0].data_type", line_of(path, "secret_stuff")) in found


def test_duplicate_codes_are_refused(tmp_path: Path) -> None:
    path = broken(tmp_path, "code: ICV-RD-01-02", "code: ICV-RD-01-01")
    with pytest.raises(ListProblems, match="编码 'ICV-RD-01-01' 重复"):
        load_list_file(path)


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    path = broken(tmp_path, "excludes_ciio: true", "excludes_ciio: true\nmood: happy")
    with pytest.raises(ListProblems) as info:
        load_list_file(path)
    assert info.value.problems[0].path == "mood"
    assert info.value.problems[0].line == line_of(path, "mood: happy")


def test_validity_must_not_end_before_it_starts(tmp_path: Path) -> None:
    path = broken(tmp_path, "valid_until: 2027-08-31", "valid_until: 2024-08-31")
    with pytest.raises(ListProblems, match="valid_until 早于 valid_from"):
        load_list_file(path)


def test_a_directory_reports_problems_of_every_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: [\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ListProblems) as info:
        load_list_dir(tmp_path)
    assert {Path(p.source).name for p in info.value.problems} == {"a.yaml", "b.yaml"}


def test_diff_names_added_removed_and_changed_entries(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    new_text = (
        text.replace('version: "2025.1"', 'version: "2026.1"')
        .replace(
            "thresholds: {persons: 500000}\n        conditions: [仅限售后服务所必需的字段]",
            "thresholds: {persons: 800000}\n        conditions: [仅限售后服务所必需的字段]",
        )
        .replace("      - code: ICV-UC-01-02\n", "      - code: ICV-UC-01-03\n")
    )
    new = tmp_path / "new.yaml"
    new.write_text(new_text, encoding="utf-8")
    changes = {
        (c.kind, c.code, c.change) for c in diff_lists(load_list_file(SHIPPED), load_list_file(new))
    }
    assert ("list", "cq-ftz-icv", "changed") in changes
    assert ("entry", "ICV-AS-01-01", "changed") in changes
    assert ("entry", "ICV-UC-01-03", "added") in changes
    assert ("entry", "ICV-UC-01-02", "removed") in changes
    assert len(changes) == 4
