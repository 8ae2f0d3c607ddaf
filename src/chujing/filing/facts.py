"""What the documents say, gathered once from the plan, its outcome and the scan report.

Every document reads these facts and nothing else, so a fact the plan gives is written
the same way everywhere and a fact it lacks is a placeholder everywhere.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chujing.engine import ExportPlan
from chujing.engine.labels import PATHWAY, READING
from chujing.rules import NegativeList, RuleBook
from chujing.rules.messages import chinese
from chujing.rules.yamlsource import dotted

Route = Literal["standard_contract", "certification"]
PURPOSES = {  # Chinese names of the plan's purposes (O16 Arts 4-5)
    "contract_with_individual": "订立、履行个人作为一方当事人的合同",
    "hr_management": "跨境人力资源管理",
    "emergency": "紧急情况下保护自然人的生命健康和财产安全",
    "international_trade": "国际贸易",
    "cross_border_transport": "跨境运输",
    "academic_cooperation": "学术合作",
    "multinational_manufacturing": "跨国生产制造",
    "marketing": "市场营销",
    "foreign_origin_transit": "境外收集的个人信息传输至境内处理后向境外提供",
}
PI_LEVEL = {"none": "非个人信息", "personal": "个人信息", "sensitive": "敏感个人信息"}
IMPORTANT = {"none": "否", "candidate": "可能属于（候选）", "notified": "是（已被告知或公布）"}


class FilingInputError(ValueError):
    """An invalid plan or scan report: names the field (JSON path) and what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ScanColumn(_Lenient):
    """The parts of a scanned column the documents quote."""

    source: str = ""
    name: str
    kind: str
    pi: Literal["none", "personal", "sensitive"]
    sensitive_kinds: list[str] = Field(default_factory=list)


class ScanPersons(_Lenient):
    """Distinct persons found (contract §2)."""

    distinct: int = Field(ge=0)
    sensitive_distinct: int = Field(ge=0)
    minors_under_14: int = Field(default=0, ge=0)
    method: Literal["exact", "approximate"] = "exact"


class ScanReport(_Lenient):
    """The scan report's figures (its other fields — the plan skeleton, flags — are not
    needed by the documents and are left as they are)."""

    sources: list[str] = Field(default_factory=list)
    rows: int = Field(ge=0)
    columns: list[ScanColumn]
    persons: ScanPersons


def parse_scan(data: Any) -> ScanReport:
    """A scan report (contract §2) validated; FilingInputError names the first bad field."""
    if not isinstance(data, dict):
        raise FilingInputError("scan", "扫描报告必须是一个 JSON 对象")
    try:
        return ScanReport.model_validate(data, strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise FilingInputError(f"scan.{dotted(first['loc'])}", chinese(first)) from None


@dataclass(frozen=True)
class Facts:
    """The plan, its outcome and the scan, with the look-ups the documents need."""

    plan: ExportPlan
    outcome: dict[str, Any]
    scan: ScanReport | None
    book: RuleBook
    lists: list[NegativeList]
    route: Route

    @property
    def day(self) -> date:
        return date.fromisoformat(self.outcome["date"])

    @property
    def pathway(self) -> str:
        return str(self.outcome["pathway"])

    @property
    def pathway_text(self) -> str:
        return PATHWAY[self.pathway]

    @property
    def under_list(self) -> bool:
        return bool(self.outcome["regime"] == "chongqing_negative_list")

    @property
    def has_pi(self) -> bool:
        """PI in the plan, or found by the scan though the plan says none (fail safe)."""
        scanned = self.scan is not None and any(c.pi != "none" for c in self.scan.columns)
        return scanned or any(i.pi != "none" for i in self.plan.items)

    @property
    def has_sensitive(self) -> bool:
        return any(i.pi == "sensitive" for i in self.plan.items) or (
            self.scan is not None and self.scan.persons.sensitive_distinct > 0
        )

    @property
    def minors(self) -> int:
        """Children under 14 found by the scan (0 without a scan)."""
        return self.scan.persons.minors_under_14 if self.scan else 0

    @property
    def has_minors(self) -> bool:
        return self.minors > 0 or any(
            "minor_under_14" in i.sensitive_kinds for i in self.plan.items
        )

    def persons_line(self) -> str:
        """The export's scale, from the plan and (when given) the scan."""
        plan = self.plan
        line = (
            f"本次拟出境个人信息 {plan.persons:,} 人，其中敏感个人信息 "
            f"{plan.sensitive_persons:,} 人；"
            f"本年度此前已出境个人信息 {plan.year_to_date.persons:,} 人、敏感个人信息 "
            f"{plan.year_to_date.sensitive_persons:,} 人；本年度累计（含本次）个人信息 "
            f"{self.outcome['tallies']['persons']:,} 人、敏感个人信息 "
            f"{self.outcome['tallies']['sensitive_persons']:,} 人。"
        )
        if self.scan is not None:
            p = self.scan.persons
            method = "精确计数" if p.method == "exact" else "近似估计"
            line += (
                f"数据扫描（{self.scan.rows:,} 行，{method}）识别出不同自然人 {p.distinct:,} 人，"
                f"其中涉及敏感个人信息 {p.sensitive_distinct:,} 人、不满十四周岁未成年人 "
                f"{p.minors_under_14:,} 人。"
            )
        return line

    def kind_names(self, codes: list[str]) -> str:
        return "、".join(
            self.book.sensitive_kinds[c].name if c in self.book.sensitive_kinds else c
            for c in codes
        )

    def items_table(self) -> list[list[str]]:
        """One row per item of the plan: name, category, fields, level, kinds, persons."""
        decided = {i["name"]: i for i in self.outcome["items"]}
        rows = []
        for n, item in enumerate(self.plan.items, 1):
            entries = "、".join(decided.get(item.name, {}).get("matched_entries", [])) or "—"
            rows.append(
                [
                    str(n),
                    item.name,
                    str(item.category) if item.category else "—",
                    "、".join(item.fields) or "—",
                    PI_LEVEL[item.pi],
                    self.kind_names(item.sensitive_kinds) or "—",
                    f"{item.persons:,}" if item.persons is not None else "—",
                    IMPORTANT[item.important_data],
                    entries,
                ]
            )
        return rows

    ITEMS_HEADER: ClassVar[list[str]] = [
        "序号",
        "数据项",
        "参考规则类别",
        "数据字段",
        "个人信息",
        "敏感类型",
        "涉及人数",
        "重要数据",
        "清单条目",
    ]

    def pi_items(self) -> list[str]:
        return [i.name for i in self.plan.items if i.pi != "none"]

    def pi_fields(self) -> str:
        """The kinds of PI exported: each PI item with its fields."""
        parts = [
            f"{i.name}（{'、'.join(i.fields)}）" if i.fields else i.name
            for i in self.plan.items
            if i.pi != "none"
        ]
        return "；".join(parts)

    def sensitive_fields(self) -> str:
        parts = [
            f"{i.name}（{self.kind_names(i.sensitive_kinds) or '敏感个人信息'}）"
            for i in self.plan.items
            if i.pi == "sensitive"
        ]
        return "；".join(parts)

    def purposes(self) -> list[str]:
        return [PURPOSES[p] for p in self.plan.purposes]

    def recipients_table(self, todo_contact: str) -> list[list[str]]:
        return [
            [str(n), r.name, r.country, todo_contact] for n, r in enumerate(self.plan.recipients, 1)
        ]

    def scan_table(self) -> list[list[str]]:
        if self.scan is None:
            return []
        return [
            [
                c.source or "—",
                c.name,
                c.kind,
                PI_LEVEL[c.pi],
                self.kind_names(c.sensitive_kinds) or "—",
            ]
            for c in self.scan.columns
            if c.pi != "none"
        ]

    SCAN_HEADER: ClassVar[list[str]] = ["来源", "列名", "识别类型", "个人信息", "敏感类型"]

    def reasons(self) -> list[str]:
        """The outcome's reasons as the documents quote them (readings marked as such)."""
        out = []
        for r in self.outcome["reasons"]:
            if r.get("kind") == "reading":
                out.append(f"【{READING}】{r['text']}（相关规定：{r['citation']}）")
            else:
                out.append(f"{r['citation']}：{r['text']}")
        return out

    def scenario_name(self) -> str:
        """The plan's scenario as the list names it (its code when no list has it)."""
        code = self.plan.scenario
        if not code:
            return ""
        listed = self.outcome.get("negative_list") or {}
        for lst in self.lists:
            if lst.id == listed.get("id"):
                for s in lst.scenarios:
                    if s.code == code:
                        return s.name
        return code

    def provenance(self) -> str:
        """Which rules decided, and the plan they decided on (for the reader to check)."""
        listed = self.outcome.get("negative_list")
        o = self.outcome
        text = f"评估日期 {o['date']}；规则版本 {o['rules_version']}；输入哈希 {o['input_sha256']}"
        if listed:
            text += f"；负面清单 {listed['title']}（{listed['version']}）"
            if not listed.get("official", False):
                text += "，该清单为示例文本，非官方发布"
        return text + "。"
