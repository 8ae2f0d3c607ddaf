"""The self-assessment wizard's plan: list entries picked (with their fields and each its
own purpose), an own item, the scale and the recipients → an export plan (contract §1).

The processor's identity, FTZ relation and this year's tally are completed by the
assessments service from the registration, not typed in by the user. A scan's columns
are carried in by their data elements: each entry sharing an element is ticked with the
fields found, and whatever no entry holds becomes the own item.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from chujing.rules import Entry, Scenario
from chujing.rules.vocabulary import Vocabulary
from chujing.scan.result import ScanReport
from chujing.web.checkform import HOLDINGS
from chujing.web.forms import split_list
from chujing.web.purposes import purposes_of

RECIPIENT_ROWS = 3
OWN = "own"  # the key of the own item's per-item controls
NO_EXEMPTION = "none"  # the per-item purpose choice "no exemption applies to this item"
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
    """A plan item for a list entry, carrying the fields the user ticked; the entry is named,
    so it matches whatever the fields (and other entries sharing an element match too)."""
    item: dict[str, Any] = {
        "name": entry.name,
        "category": entry.category,
        "fields": fields or list(entry.fields),
        "pi": PI_OF_TYPE[entry.data_type],
        "list_entry": entry.code,
    }
    return item  # an important-data entry decides by itself (list.important_data)


def item_purposes(form: Mapping[str, Any], keys: list[str], on: date) -> dict[str, list[str]]:
    """Each item's own purposes where the form chose one (O16 Art 5: purposes belong to
    items); items left at the default take the plan's."""
    chosen: dict[str, list[str]] = {}
    for key in keys:
        choice = _text(form, f"purpose_{key}")
        if choice == NO_EXEMPTION:
            chosen[key] = []
        elif choice:
            chosen[key] = purposes_of([choice], on)
    return chosen


def build_plan(
    form: Mapping[str, Any],
    picked: list[str],
    fields_of: Mapping[str, list[str]],
    scenario: Scenario | None,
    purposes: list[str] | None = None,
    per_item: Mapping[str, list[str]] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The plan of the wizard's form; errors name the control to correct."""
    errors: dict[str, str] = {}
    per_item = per_item or {}
    items = []
    if scenario is not None:
        for entry in scenario.entries:
            if entry.code in picked:
                item = entry_item(entry, fields_of.get(entry.code, []))
                if entry.code in per_item:
                    item["purposes"] = per_item[entry.code]
                items.append(item)
    own_name = _text(form, "own_name")
    if own_name:
        own: dict[str, Any] = {
            "name": own_name,
            "fields": split_list(_text(form, "own_fields")),
            "pi": _text(form, "own_pi") or "personal",
        }
        category = _text(form, "own_category")
        if category:
            own["category"] = int(category) if category.isdigit() else category
        if OWN in per_item:
            own["purposes"] = per_item[OWN]
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


def scan_prefill(
    report: ScanReport, filename: str, scenario: Scenario | None, vocabulary: Vocabulary
) -> tuple[dict[str, Any], list[str]]:
    """Wizard values and ticked entries from a scan: every entry of the scenario that shares
    a data element with a PI column, with those fields; the rest as the own item."""
    found = [c for c in report.columns if c.pi != "none"]
    elements = {c.element for c in found if c.element}
    form: dict[str, Any] = {
        "persons": str(report.persons.distinct),
        "sensitive_persons": str(report.persons.sensitive_distinct),
    }
    picked: list[str] = []
    covered: set[str] = set()
    for entry in scenario.entries if scenario else []:
        keys = {f: vocabulary.element(f) for f in entry.fields}
        shared = [f for f, e in keys.items() if e is not None and e.code in elements]
        if shared:
            picked.append(entry.code)
            form[f"fields_{entry.code}"] = shared
            covered |= {e.code for f, e in keys.items() if f in shared and e is not None}
    rest = [c for c in found if c.element not in covered]
    if rest:
        names = vocabulary.elements
        form["own_name"] = f"扫描发现的个人信息（{filename}）"
        form["own_fields"] = "、".join(
            dict.fromkeys(names[c.element].name if c.element else c.name for c in rest)
        )
        form["own_pi"] = "sensitive" if any(c.pi == "sensitive" for c in rest) else "personal"
    return form, picked
