"""The anonymous quick self-check: one form → one export plan (contract §1) → assess().

The form is deliberately small (one data item, one recipient), read into `CheckPlan`;
whatever the model or the engine refuses is shown next to the form control it came from.
"""

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from chujing.engine import Outcome, assess, parse_plan
from chujing.rules import NegativeList
from chujing.rules.jurisdiction import current_book
from chujing.web.actions import CONTROL_ERROR

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
HOLDINGS = {
    "holdings_persons": "persons",
    "holdings_sensitive": "sensitive_persons",
    "holdings_account_medical": "sensitive_account_or_medical_persons",
}
NOT_A_COUNT = "请填写不小于 0 的整数"


def control_for(path: str) -> str:
    """The form control an engine error path belongs to ("" when none fits)."""
    for prefix in sorted(PATH_TO_CONTROL, key=len, reverse=True):
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            return PATH_TO_CONTROL[prefix]
    return ""


def _headcount(value: Any) -> int:
    raw = str(value).strip().replace(",", "")
    if not raw.isdecimal():
        raise PydanticCustomError(CONTROL_ERROR, NOT_A_COUNT)
    return int(raw)


Headcount = Annotated[int, BeforeValidator(_headcount)]
"""A number of people as typed into one control ("12,000"), refused by that control."""


class CheckPlan(BaseModel):
    """The quick check's form: the processor's FTZ relation and sector, the plan's date and
    scenario, one data item with its scale, one recipient, the holdings and the exemptions
    claimed. The model refuses the counts; the engine judges the rest (`control_for`)."""

    ftz: str = "none"
    sector: str = ""
    ciio: bool = False
    date: str = ""
    scenario: str = ""
    item_name: str = ""
    category: str = ""
    fields: list[str] = Field(default_factory=list)
    pi: str = "none"
    sensitive_kinds: list[str] = Field(default_factory=list)
    important_data: str = "none"
    persons: Headcount = 0
    sensitive_persons: Headcount = 0
    ytd_persons: Headcount = 0
    ytd_sensitive_persons: Headcount = 0
    holdings_persons: Headcount = 0
    holdings_sensitive: Headcount = 0
    holdings_account_medical: Headcount = 0
    recipient: str = ""
    country: str = ""
    exemption: list[str] = Field(default_factory=list)
    necessity_attested: bool = False

    def plan(self, purposes: list[str]) -> dict[str, Any]:
        """The export plan (contract §1) the form describes, claiming `purposes`."""
        item: dict[str, Any] = {
            "name": self.item_name or "出境数据",
            "fields": self.fields,
            "pi": self.pi,
            "important_data": self.important_data,
        }
        if self.category:
            item["category"] = int(self.category) if self.category.isdigit() else self.category
        if self.pi == "sensitive":
            item["sensitive_kinds"] = self.sensitive_kinds
        processor: dict[str, Any] = {"name": "自查企业", "ftz": self.ftz, "ciio": self.ciio}
        plan: dict[str, Any] = {
            "processor": processor,
            "persons": self.persons,
            "sensitive_persons": self.sensitive_persons,
            "year_to_date": {
                "persons": self.ytd_persons,
                "sensitive_persons": self.ytd_sensitive_persons,
            },
            "items": [item],
            "purposes": purposes,
            "necessity_attested": self.necessity_attested,
            "holdings": {key: getattr(self, name) for name, key in HOLDINGS.items()},
        }
        if self.date:
            plan["date"] = self.date
        if self.sector:
            processor["sector"] = self.sector
        if self.scenario:
            plan["scenario"] = self.scenario
        if self.country:
            name = self.recipient or "境外接收方"
            plan["recipients"] = [{"name": name, "country": self.country.upper()}]
        return plan


def run_check(plan: dict[str, Any], lists: list[NegativeList]) -> Outcome:
    """Assess `plan` against `lists` under the served pack's rules (contract v2 §6);
    nothing is stored. A plan the engine refuses raises its `PlanError`."""
    book = current_book()
    return assess(parse_plan(plan, book), lists=lists, book=book)


def plan_day(text: str, today: date) -> date:
    """The plan's date (its control's text), which decides the rules, the list versions and
    the purposes that apply (as in `chujing assess`); today when the form gives none or one
    the plan's check refuses."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return today
