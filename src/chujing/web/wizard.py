"""The self-assessment wizard's plan: list entries picked (with their fields), an own
item, the scale and the recipients → an export plan (contract §1).

The processor's identity, FTZ relation and this year's tally are completed by the
assessments service from the registration, not typed in by the user.
"""

import re
from collections.abc import Mapping
from typing import Any

from chujing.rules import Entry, Scenario
from chujing.web.checkform import HOLDINGS

FIELD_SPLIT = re.compile(r"[、，,；;\s]+")
RECIPIENT_ROWS = 3
PI_OF_TYPE = {
    "important_data": "none",
    "personal_information": "personal",
    "sensitive_personal_information": "sensitive",
}


def _text(form: Mapping[str, Any], name: str) -> str:
    return str(form.get(name) or "").strip()


def _count(form: Mapping[str, Any], name: str, errors: dict[str, str]) -> int:
    raw = _text(form, name).replace(",", "") or "0"
    if not raw.isdigit():
        errors[name] = "请填写不小于 0 的整数"
        return 0
    return int(raw)


def entry_item(entry: Entry, fields: list[str]) -> dict[str, Any]:
    """A plan item for a list entry, carrying the fields the user ticked."""
    item: dict[str, Any] = {
        "name": entry.name,
        "category": entry.category,
        "fields": fields or list(entry.fields),
        "pi": PI_OF_TYPE[entry.data_type],
        "list_entry": entry.code,
    }
    if entry.data_type == "important_data":
        item["important_data"] = "candidate"
    return item


def build_plan(
    form: Mapping[str, Any],
    picked: list[str],
    fields_of: Mapping[str, list[str]],
    scenario: Scenario | None,
    purposes: list[str] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The plan of the wizard's form; errors name the control to correct."""
    errors: dict[str, str] = {}
    items = []
    if scenario is not None:
        for entry in scenario.entries:
            if entry.code in picked:
                items.append(entry_item(entry, fields_of.get(entry.code, [])))
    own_name = _text(form, "own_name")
    if own_name:
        own: dict[str, Any] = {
            "name": own_name,
            "fields": [f for f in FIELD_SPLIT.split(_text(form, "own_fields")) if f],
            "pi": _text(form, "own_pi") or "personal",
        }
        category = _text(form, "own_category")
        if category:
            own["category"] = int(category) if category.isdigit() else category
        items.append(own)
    if not items:
        errors["items"] = "请至少勾选一个清单数据类别，或填写一个其他数据项"
    recipients = []
    for i in range(RECIPIENT_ROWS):
        name, country = _text(form, f"rec_name_{i}"), _text(form, f"rec_country_{i}").upper()
        if name or country:
            recipients.append({"name": name or "境外接收方", "country": country})
    if not recipients:
        errors["rec_name_0"] = "请至少填写一个境外接收方"
    plan: dict[str, Any] = {
        "persons": _count(form, "persons", errors),
        "sensitive_persons": _count(form, "sensitive_persons", errors),
        "items": items,
        "recipients": recipients,
        "purposes": purposes or [],
        "necessity_attested": form.get("necessity_attested") == "on",
        "holdings": {key: _count(form, name, errors) for name, key in HOLDINGS.items()},
    }
    if scenario is not None:
        plan["scenario"] = scenario.code
    if _text(form, "date"):
        plan["date"] = _text(form, "date")
    return plan, errors


def control_for(field: str) -> str:
    """The wizard control an assessments-service error field (plan.<path>) belongs to."""
    path = field.removeprefix("plan.")
    if path.startswith("recipients["):
        index = path[len("recipients[") : path.index("]")]
        return f"rec_country_{index}" if path.endswith("country") else f"rec_name_{index}"
    if path in ("persons", "sensitive_persons", "date"):
        return path
    for name, key in HOLDINGS.items():
        if path == f"holdings.{key}":
            return name
    if path.startswith("items"):
        return "items"
    return "form"
