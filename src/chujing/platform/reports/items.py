"""A report's items and the rule each went out under (its `basis`, an engine rule id).

With a linked assessment the items are the assessment's, as the engine decided them; without
one the processor declares them and they are checked on submission. A report with neither
records no basis and counts in full (`tally.counting`).
"""

from typing import Any

from chujing.platform.assessments.models import Assessment
from chujing.platform.errors import Invalid
from chujing.platform.reports.models import ExportReport, ItemsSource, ReportItem
from chujing.rules import NegativeList
from chujing.rules.jurisdiction import current_book, foreign_measures
from chujing.rules.packs import current_pack

# the basis recorded for an assessed item whose stored outcome predates `basis` (counts)
UNRECORDED = "unrecorded"
# rule kinds that decide an item's pathway; anything else is no basis for an export
_DECIDING_KINDS = frozenset(
    {"exemption", "tier", "list", "important_data", "separate_regime", "scope"}
)
# data containing no personal information (O16 Art 3; O11 Art 4, PIPL Art 38: no mechanism)
_WITHOUT_PI = frozenset({"o16.art3", "national.not_regulated"})


def from_assessment(assessment: Assessment) -> list[dict[str, Any]]:
    """The assessed items: name, PI kind and persons from the plan, basis from the outcome."""
    planned = list(assessment.plan.get("items") or [])
    by_name = {p.get("name"): p for p in planned}
    items = []
    for index, decided in enumerate(assessment.outcome.get("items") or []):
        plan = planned[index] if index < len(planned) else {}
        if plan.get("name") != decided.get("name"):
            plan = by_name.get(decided.get("name"), {})
        items.append(
            {
                "name": decided["name"],
                "pi": plan.get("pi", "personal"),
                "persons": plan.get("persons"),
                "basis": decided.get("basis") or UNRECORDED,
                "matched_entries": list(decided.get("matched_entries") or []),
                "pathway": decided.get("pathway"),
            }
        )
    return items


def record(
    report: ExportReport, assessment: Assessment | None, declared: list[ReportItem] | None
) -> None:
    """Set the report's items: the assessment's, else the declared ones, else none."""
    if assessment is not None:
        if declared:
            raise Invalid("已关联评估的报告，各项出境依据取自评估结论，不能另行申报", field="items")
        report.items, report.items_source = from_assessment(assessment), "assessment"
        return
    if declared is not None:
        source: ItemsSource = "declared" if declared else "none"
        report.items = [i.model_dump(mode="json") for i in declared]
        report.items_source = source


def check_declared(report: ExportReport, lists: list[NegativeList], sector: str) -> None:
    """Declared bases must be rules of the served pack in force on the export date that decide
    a pathway and fit the item: no PI for Art 3, a covering negative list of the pack for its
    "off the list" rule, known entries of the pack's lists, persons within the report's own.
    Another pack's measures never speak for this one (`foreign_measures`)."""
    if report.items_source != "declared":
        return
    book, pack = current_book(), current_pack()
    foreign = foreign_measures(pack.code)
    day = report.export_date
    own_lists = [lst for lst in lists if lst.ftz == pack.code and lst.valid_on(day)]
    covering = [
        lst
        for lst in own_lists
        if lst.kind != "general"
        and (lst.sector == sector or (report.scenario and lst.scenario(report.scenario)))
    ]
    for index, item in enumerate(report.items):
        at = f"items[{index}]"
        basis = item["basis"]
        if (
            not book.has_rule(basis, day)
            or book.rule(basis, day).kind not in _DECIDING_KINDS
            or book.rule(basis, day).instrument in foreign
        ):
            raise Invalid(
                f"未知的出境依据：{basis}"
                "（须为出境日期有效、决定出境路径的规则编号，如 o16.art5.2）",
                field=f"{at}.basis",
            )
        if (basis in _WITHOUT_PI) != (item["pi"] == "none"):
            raise Invalid(
                f"出境依据 {book.citation(basis)} 与该项是否含个人信息不符", field=f"{at}.pi"
            )
        if basis == pack.roles.unlisted and not covering:
            raise Invalid(
                f"出境日期 {day.isoformat()} 没有覆盖本单位行业或该业务场景的有效负面清单，"
                "不能申报为“负面清单外”",
                field=f"{at}.basis",
            )
        for code in item["matched_entries"]:
            if not any(lst.entry(code) for lst in own_lists):
                raise Invalid(
                    f"出境日期有效的负面清单中没有条目 {code}", field=f"{at}.matched_entries"
                )
        own = {"personal": report.persons, "sensitive": report.sensitive_persons}.get(item["pi"])
        if own is not None and item["persons"] is not None and item["persons"] > own:
            raise Invalid(
                f"该项人数（{item['persons']:,}）超过报告申报的人数（{own:,}）",
                field=f"{at}.persons",
            )
