"""Whether a report still says what its assessment assessed: persons, sensitive persons, the
data items and the overseas recipients. A report that differs was not decided by that
assessment, so the enterprise is asked to re-assess and the zone sees the difference."""

from dataclasses import dataclass
from typing import Any

from chujing.platform.assessments.models import Assessment
from chujing.platform.reports.models import ExportReport


@dataclass(frozen=True)
class Difference:
    """One figure that differs: what it is, the report's value and the assessment's."""

    field: str
    name: str
    report: str
    assessment: str


def _names(values: list[Any]) -> str:
    return "、".join(values) or "无"


def _recipients(rows: list[Any]) -> list[str]:
    return sorted(f"{r.get('name', '')}（{r.get('country', '')}）" for r in rows)


def differences(report: ExportReport, assessment: Assessment | None) -> list[Difference]:
    """Every figure in which the report departs from the assessment it names (none without
    one)."""
    if assessment is None:
        return []
    plan = assessment.plan
    found = []
    for field, name in (("persons", "个人信息人数"), ("sensitive_persons", "敏感个人信息人数")):
        ours, theirs = getattr(report, field), int(plan.get(field) or 0)
        if ours != theirs:
            found.append(Difference(field, name, f"{ours:,} 人", f"{theirs:,} 人"))
    ours_items = sorted(c.get("name", "") for c in report.categories)
    theirs_items = sorted(i.get("name", "") for i in plan.get("items") or [])
    if ours_items != theirs_items:
        found.append(
            Difference("categories", "出境数据项", _names(ours_items), _names(theirs_items))
        )
    ours_to, theirs_to = _recipients(report.recipients), _recipients(plan.get("recipients") or [])
    if ours_to != theirs_to:
        found.append(Difference("recipients", "境外接收方", _names(ours_to), _names(theirs_to)))
    return found


def summary(found: list[Difference]) -> str:
    """The differences in one Chinese sentence."""
    return "；".join(f"{d.name}：报告为 {d.report}，评估为 {d.assessment}" for d in found)
