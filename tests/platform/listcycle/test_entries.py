"""The checks and defaults of list-entry editing (`listcycle.entries`), as pure functions
on a drafted list's content: the page's forms and the API's routes both go through them."""

from typing import Any

import pytest

from chujing.platform.errors import Invalid, NotFound
from chujing.platform.listcycle import entries
from chujing.platform.listcycle.models import EntryIn, ListMetaIn, NewEntryIn
from chujing.rules.packs import HOME


def _content() -> dict[str, Any]:
    entry = {
        "code": "X-01-01",
        "name": "车主信息",
        "category": 16,
        "data_type": "personal_information",
        "fields": ["姓名"],
        "thresholds": {"persons": 100000},
        "conditions": ["仅售后"],
        "description": "原文",
    }
    return {"scenarios": [{"code": "X-01", "activity": "售后", "name": "售后", "entries": [entry]}]}


def _entry(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "version": 1,
        "category": 16,
        "data_type": "personal_information",
        "fields": ["姓名", "手机号", "姓名"],
    }
    return values | overrides


def test_meta_sets_what_is_given_removes_what_is_empty_and_fills_the_fixed_keys() -> None:
    content = {"title": "旧", "source": "旧来源", "ftz": "tianjin"}
    out = entries.with_meta(
        content, ListMetaIn(version=1, title="新", list_version="2026.1", valid_from="2026-01-01")
    )
    assert out["title"] == "新"
    assert out["version"] == "2026.1"
    assert out["valid_from"] == "2026-01-01"
    assert "source" not in out
    assert "valid_until" not in out
    assert out["ftz"] == "tianjin"  # a given FTZ stays
    assert entries.with_meta({}, ListMetaIn(version=1))["ftz"] == HOME
    assert content["title"] == "旧"  # the input is not changed


def test_an_edited_entry_keeps_its_code_thresholds_and_conditions() -> None:
    out = entries.with_entry(_content(), "X-01-01", EntryIn.model_validate(_entry(name="")))
    entry = out["scenarios"][0]["entries"][0]
    assert entry == {
        "code": "X-01-01",
        "name": "X-01-01",  # an empty name defaults to the code
        "category": 16,
        "data_type": "personal_information",
        "fields": ["姓名", "手机号"],
        "thresholds": {"persons": 100000},
        "conditions": ["仅售后"],
    }
    with pytest.raises(NotFound):
        entries.with_entry(_content(), "X-09", EntryIn.model_validate(_entry()))


def test_a_category_must_be_one_of_the_catalogue() -> None:
    with pytest.raises(Invalid) as refused:
        entries.with_entry(_content(), "X-01-01", EntryIn.model_validate(_entry(category=59)))
    assert refused.value.field == "category"


def test_a_new_entry_needs_a_free_code_and_a_described_new_scenario() -> None:
    new = NewEntryIn.model_validate(_entry(code="X-02-01", scenario_code="X-02"))
    with pytest.raises(Invalid, match="业务活动和场景名称"):
        entries.with_new_entry(_content(), new)
    described = new.model_copy(update={"scenario_activity": "研发", "scenario_name": "协同研发"})
    out = entries.with_new_entry(_content(), described)
    assert [s["code"] for s in out["scenarios"]] == ["X-01", "X-02"]
    for taken in ("X-01-01", "X-01"):
        again = described.model_copy(update={"code": taken})
        with pytest.raises(Invalid, match="已存在"):
            entries.with_new_entry(out, again)
    pathway = NewEntryIn.model_validate(
        _entry(code="X-01-02", scenario_code="X-01", pathway="security_assessment")
    )
    added = entries.with_new_entry(_content(), pathway)["scenarios"][0]["entries"][1]
    assert added["pathway"] == "security_assessment"


def test_removing_a_scenarios_last_entry_removes_the_scenario() -> None:
    assert entries.without_entry(_content(), "X-01-01")["scenarios"] == []
    with pytest.raises(NotFound):
        entries.without_entry(_content(), "X-01-02")
