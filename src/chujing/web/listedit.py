"""Editing a drafted list's content (contract §3 shape) from the drafting page's forms.

Pure functions on the content dict; the listcycle service stores the result and
validates the whole list when it is published.
"""

import copy
import re
from collections.abc import Mapping
from typing import Any

from chujing.rules.packs import HOME

FIELD_SPLIT = re.compile(r"[、，,；;\s]+")
# content key -> form control (the form's own `version` is the draft's optimistic lock)
META_KEYS = {
    "title": "title",
    "version": "version_label",
    "valid_from": "valid_from",
    "valid_until": "valid_until",
    "source": "source",
}
DATA_TYPES = {
    "important_data": "重要数据",
    "personal_information": "个人信息",
    "sensitive_personal_information": "敏感个人信息",
}
PATHWAYS = {
    "": "按国家规定",
    "security_assessment": "安全评估",
    "standard_contract_or_certification": "标准合同/认证",
}


class EditError(ValueError):
    """A form that cannot be applied, naming the control."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _text(form: Mapping[str, Any], name: str) -> str:
    return str(form.get(name) or "").strip()


def set_meta(content: dict[str, Any], form: Mapping[str, Any]) -> dict[str, Any]:
    """Title, version, dates and source from the form; defaults for the fixed keys."""
    out = copy.deepcopy(content)
    for key, control in META_KEYS.items():
        value = _text(form, control)
        if value:
            out[key] = value
        else:
            out.pop(key, None)
    out.setdefault("ftz", HOME)
    out.setdefault("official", False)
    out.setdefault("excludes_ciio", True)
    out.setdefault("scenarios", [])
    return out


def _entry_values(form: Mapping[str, Any], code: str) -> dict[str, Any]:
    """The entry a form describes, checked control by control."""
    category = _text(form, "entry_category")
    if not category.isdigit() or not 1 <= int(category) <= 40:
        raise EditError("entry_category", "参考规则类别须为 1–40 的编号")
    data_type = _text(form, "entry_data_type")
    if data_type not in DATA_TYPES:
        raise EditError("entry_data_type", "请选择数据类型")
    fields = [f for f in FIELD_SPLIT.split(_text(form, "entry_fields")) if f]
    if not fields:
        raise EditError("entry_fields", "请至少填写一个数据字段")
    entry: dict[str, Any] = {
        "code": code,
        "name": _text(form, "entry_name") or code,
        "category": int(category),
        "data_type": data_type,
        "fields": list(dict.fromkeys(fields)),
    }
    pathway = _text(form, "entry_pathway")
    if pathway:
        if pathway not in PATHWAYS:
            raise EditError("entry_pathway", "出境方式无效")
        entry["pathway"] = pathway
    return entry


def update_entry(content: dict[str, Any], form: Mapping[str, Any]) -> dict[str, Any]:
    """Change an entry's name, category, type, fields or pathway (its code stays);
    thresholds and conditions the form does not show are kept."""
    out = copy.deepcopy(content)
    code = _text(form, "entry_code")
    for scenario in out.get("scenarios", []):
        for index, entry in enumerate(scenario.get("entries", [])):
            if entry.get("code") == code:
                kept = {k: v for k, v in entry.items() if k in ("thresholds", "conditions")}
                scenario["entries"][index] = {**_entry_values(form, code), **kept}
                return out
    raise EditError("entry_code", f"没有编码为 {code} 的数据类别")


def add_entry(content: dict[str, Any], form: Mapping[str, Any]) -> dict[str, Any]:
    """Add one 数据类别 to an existing scenario, or to a new one the form describes."""
    out = copy.deepcopy(content)
    scenarios: list[dict[str, Any]] = out.setdefault("scenarios", [])
    code = _text(form, "scenario_code")
    if not code:
        raise EditError("scenario_code", "请选择或填写业务场景编码")
    scenario = next((s for s in scenarios if s.get("code") == code), None)
    if scenario is None:
        activity, name = _text(form, "scenario_activity"), _text(form, "scenario_name")
        if not activity or not name:
            raise EditError("scenario_name", "新业务场景须填写业务活动和场景名称")
        scenario = {"code": code, "activity": activity, "name": name, "entries": []}
        scenarios.append(scenario)
    entry_code = _text(form, "entry_code")
    if not entry_code:
        raise EditError("entry_code", "请填写数据类别编码")
    codes = {s.get("code") for s in scenarios} | {
        e.get("code") for s in scenarios for e in s.get("entries", [])
    }
    if entry_code in codes:
        raise EditError("entry_code", f"编码 {entry_code} 已存在")
    entry = _entry_values(form, entry_code)
    scenario.setdefault("entries", []).append(entry)
    return out


def remove_entry(content: dict[str, Any], entry_code: str) -> dict[str, Any]:
    """Remove one entry (and its scenario when that was the scenario's last entry)."""
    out = copy.deepcopy(content)
    kept = []
    for scenario in out.get("scenarios", []):
        scenario["entries"] = [
            e for e in scenario.get("entries", []) if e.get("code") != entry_code
        ]
        if scenario["entries"]:
            kept.append(scenario)
    out["scenarios"] = kept
    return out
