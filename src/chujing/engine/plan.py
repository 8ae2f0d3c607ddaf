"""The export plan (contract §1): what a processor intends to send abroad.

Validation names every offending field by its JSON path (items[0].pi), because the
plan is written by people and by other programs that need to know what to fix. It is
strict: a boolean is not a count, "100" is not a number, 1767225600 is not a date.
"""

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from chujing.ids import uscc_valid
from chujing.rules import RuleBook, load_rules
from chujing.rules.messages import chinese
from chujing.rules.models import MAX_CATEGORY
from chujing.rules.yamlsource import dotted

Purpose = Literal[
    "contract_with_individual",
    "hr_management",
    "emergency",
    "international_trade",
    "cross_border_transport",
    "academic_cooperation",
    "multinational_manufacturing",
    "marketing",
    "foreign_origin_transit",
]
Count = Annotated[int, Field(ge=0, le=10**10)]
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(value: object) -> object:
    """A date from YAML, or an ISO day from JSON; datetimes and integers are refused."""
    if isinstance(value, dt.datetime):
        raise ValueError("应为日期 YYYY-MM-DD，不含时间")
    if isinstance(value, str):
        if not _ISO_DAY.match(value):
            raise ValueError(f"不是有效日期 {value!r}（应为 YYYY-MM-DD）")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"不是有效日期 {value!r}（该日不存在）") from None
    return value


Day = Annotated[dt.date, BeforeValidator(_day)]


class PlanError(ValueError):
    """An invalid plan, naming the field by its JSON path."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Processor(_Strict):
    """The data processor (数据处理者)."""

    name: Annotated[str, Field(min_length=1)]
    uscc: str | None = None
    ftz: Literal["none", "registered", "operating", "exporting"] = "none"
    ciio: bool = False
    state_organ: bool = False
    sector: str | None = None
    zone: str | None = None  # a zone code of the jurisdiction pack (Lingang's lists need it)

    @field_validator("uscc")
    @classmethod
    def _uscc_check_digit(cls, value: str | None) -> str | None:
        if value is not None and not uscc_valid(value):
            raise ValueError("不是有效的统一社会信用代码（GB 32100 校验位不符）")
        return value.upper() if value else value

    @property
    def in_ftz(self) -> bool:
        """Any one relation of CQ Art 2 brings the processor into the FTZ regime."""
        return self.ftz != "none"


class Tally(_Strict):
    """Distinct persons already exported this calendar year."""

    persons: Count = 0
    sensitive_persons: Count = 0


class Holdings(_Strict):
    """Personal information the processor holds in total (Annex rules 2-3)."""

    persons: Count = 0
    sensitive_persons: Count = 0
    sensitive_account_or_medical_persons: Count = 0


class Item(_Strict):
    """One kind of data in the export."""

    name: Annotated[str, Field(min_length=1)]
    category: Annotated[int, Field(ge=1, le=MAX_CATEGORY)] | None = None
    fields: list[str] = Field(default_factory=list)
    pi: Literal["none", "personal", "sensitive"] = "none"
    sensitive_kinds: list[str] = Field(default_factory=list)
    persons: Count | None = None
    important_data: Literal["none", "candidate", "notified"] = "none"
    core_data: bool = False
    state_secret: bool = False
    export_control: Literal[
        "none", "controlled_item", "restricted_technology", "prohibited_technology"
    ] = "none"
    human_genetic_resources: bool = False
    list_entry: str | None = None
    purposes: list[Purpose] | None = None
    necessity_attested: bool | None = None

    def purposes_in(self, plan: "ExportPlan") -> list[Purpose]:
        """The item's own purposes, else the plan's default (contract v2 §1)."""
        return self.purposes if self.purposes is not None else plan.purposes

    def necessity_in(self, plan: "ExportPlan") -> bool:
        """Whether 确需 is attested for this item (its own word, else the plan's)."""
        own = self.necessity_attested
        return own if own is not None else plan.necessity_attested


class Recipient(_Strict):
    """An overseas recipient."""

    name: Annotated[str, Field(min_length=1)]
    country: str
    foreign_judicial_or_law_enforcement: bool = False

    @field_validator("country")
    @classmethod
    def _alpha2(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{2}", value):
            raise ValueError(
                f"{value!r} 不是 ISO 3166-1 两位大写字母国家或地区代码（如 DE、SG、HK）"
            )
        return value


class ExportPlan(_Strict):
    """A planned export, as the engine decides it."""

    date: Day | None = None
    processor: Processor
    scenario: str | None = None
    purposes: list[Purpose] = Field(default_factory=list)
    necessity_attested: bool = False
    persons: Count = 0
    sensitive_persons: Count = 0
    year_to_date: Tally = Tally()
    holdings: Holdings = Holdings()
    items: Annotated[list[Item], Field(min_length=1)]
    recipients: list[Recipient] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)


def _check_against_rules(plan: ExportPlan, book: RuleBook) -> None:
    for name, value in plan.settings.items():
        setting = book.settings.get(name)
        if setting is None:
            raise PlanError(f"settings.{name}", f"未知的设置项；可用：{', '.join(book.settings)}")
        if not setting.accepts(value):
            allowed = "true 或 false" if setting.type == "bool" else " | ".join(setting.choices)
            raise PlanError(f"settings.{name}", f"取值无效：{value!r}，应为 {allowed}")
    zones = {z.code for z in book.pack.zones}
    if plan.processor.zone is not None and plan.processor.zone not in zones:
        raise PlanError(
            "processor.zone",
            f"{plan.processor.zone!r} 不是{book.pack.name}的片区/板块编码；"
            f"可用：{', '.join(sorted(zones))}",
        )
    numbers = {c.number for c in book.catalogue.categories}
    for index, item in enumerate(plan.items):
        if item.category is not None and item.category not in numbers:
            raise PlanError(
                f"items[{index}].category",
                f"{item.category} 不是《{book.catalogue.title}》的类别编号（1–{max(numbers)}）",
            )
        for k, kind in enumerate(item.sensitive_kinds):
            if kind not in book.sensitive_kinds:
                raise PlanError(
                    f"items[{index}].sensitive_kinds[{k}]",
                    f"未知的敏感个人信息类型 {kind!r}；可用：{', '.join(book.sensitive_kinds)}",
                )
        if item.sensitive_kinds and item.pi != "sensitive":
            raise PlanError(
                f"items[{index}].sensitive_kinds", "仅当 pi 为 sensitive 时可填写敏感个人信息类型"
            )


def parse_plan(data: Any, book: RuleBook | None = None) -> ExportPlan:
    """Validate raw plan data (from JSON or YAML); PlanError names the first bad field."""
    if not isinstance(data, dict):
        raise PlanError("", "计划必须是一个 JSON/YAML 对象")
    try:
        plan = ExportPlan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise PlanError(dotted(first["loc"]), chinese(first)) from None
    _check_against_rules(plan, book or load_rules())
    return plan
