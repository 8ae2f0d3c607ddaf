"""The anonymous quick self-check: one form → one export plan (contract §1) → assess().

The form is deliberately small (one data item, one recipient); whatever the engine
refuses is shown next to the form control it came from.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chujing.engine import Outcome, PlanError, assess, parse_plan
from chujing.rules import NegativeList
from chujing.rules.jurisdiction import current_book
from chujing.web.forms import split_list

# engine JSON path prefix → the form control that feeds it
PATH_TO_CONTROL = {
    "date": "date",
    "processor.ftz": "ftz",
    "processor.sector": "sector",
    "scenario": "scenario",
    "persons": "persons",
    "sensitive_persons": "sensitive_persons",
    "year_to_date.persons": "ytd_persons",
    "year_to_date.sensitive_persons": "ytd_sensitive_persons",
    "items[0].name": "item_name",
    "items[0].category": "category",
    "items[0].fields": "fields",
    "items[0].pi": "pi",
    "items[0].sensitive_kinds": "sensitive_kinds",
    "items[0].important_data": "important_data",
    "recipients[0].country": "country",
    "recipients[0].name": "recipient",
    "holdings.persons": "holdings_persons",
    "holdings.sensitive_persons": "holdings_sensitive",
    "holdings.sensitive_account_or_medical_persons": "holdings_account_medical",
}
COUNTS = ("persons", "sensitive_persons", "ytd_persons", "ytd_sensitive_persons")


@dataclass
class CheckResult:
    """The outcome, or the control to correct and why."""

    outcome: Outcome | None = None
    errors: dict[str, str] = field(default_factory=dict)


HOLDINGS = {
    "holdings_persons": "persons",
    "holdings_sensitive": "sensitive_persons",
    "holdings_account_medical": "sensitive_account_or_medical_persons",
}


def control_for(path: str) -> str:
    """The form control an engine error path belongs to ("" when none fits)."""
    for prefix in sorted(PATH_TO_CONTROL, key=len, reverse=True):
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            return PATH_TO_CONTROL[prefix]
    return ""


def _count(form: Mapping[str, Any], name: str, errors: dict[str, str]) -> int:
    raw = str(form.get(name) or "0").strip().replace(",", "")
    if not raw.isdigit():
        errors[name] = "请填写不小于 0 的整数"
        return 0
    return int(raw)


def build_plan(
    form: Mapping[str, Any], kinds: list[str], purposes: list[str] | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The plan the form describes, and the controls that could not be read."""
    errors: dict[str, str] = {}
    counts = {name: _count(form, name, errors) for name in COUNTS}
    category = str(form.get("category") or "").strip()
    fields = split_list(str(form.get("fields") or ""))
    pi = str(form.get("pi") or "none")
    item: dict[str, Any] = {
        "name": str(form.get("item_name") or "").strip() or "出境数据",
        "fields": fields,
        "pi": pi,
        "important_data": str(form.get("important_data") or "none"),
    }
    if category:
        item["category"] = int(category) if category.isdigit() else category
    if pi == "sensitive":
        item["sensitive_kinds"] = kinds
    plan: dict[str, Any] = {
        "processor": {
            "name": "自查企业",
            "ftz": str(form.get("ftz") or "none"),
            "ciio": form.get("ciio") == "on",
        },
        "persons": counts["persons"],
        "sensitive_persons": counts["sensitive_persons"],
        "year_to_date": {
            "persons": counts["ytd_persons"],
            "sensitive_persons": counts["ytd_sensitive_persons"],
        },
        "items": [item],
        "purposes": purposes or [],
        "necessity_attested": form.get("necessity_attested") == "on",
        "holdings": {key: _count(form, name, errors) for name, key in HOLDINGS.items()},
    }
    if form.get("date"):
        plan["date"] = str(form["date"])
    if form.get("sector"):
        plan["processor"]["sector"] = str(form["sector"])
    if form.get("scenario"):
        plan["scenario"] = str(form["scenario"])
    country = str(form.get("country") or "").strip().upper()
    if country:
        name = str(form.get("recipient") or "").strip() or "境外接收方"
        plan["recipients"] = [{"name": name, "country": country}]
    return plan, errors


def run_check(
    form: Mapping[str, Any],
    kinds: list[str],
    lists: list[NegativeList],
    purposes: list[str] | None = None,
) -> CheckResult:
    """Assess the form's plan against `lists`; nothing is stored."""
    plan, errors = build_plan(form, kinds, purposes)
    if errors:
        return CheckResult(errors=errors)
    try:
        book = current_book()  # the served pack's rules (contract v2 §6)
        outcome = assess(parse_plan(plan, book), lists=lists, book=book)
    except PlanError as exc:
        return CheckResult(errors={control_for(exc.path) or "form": exc.message})
    return CheckResult(outcome=outcome)


def plan_day(values: Mapping[str, Any], today: date) -> date:
    """The plan's date, which decides the rules, the list versions and the purposes that
    apply (as in `chujing assess`); today when the form gives none or one the plan's check
    refuses."""
    try:
        return date.fromisoformat(str(values.get("date") or ""))
    except ValueError:
        return today
