"""The Art 11 report form: numbered rows of categories and recipients ↔ ReportIn data.

Rows the user left empty are dropped, so the form can offer spare rows without script.
"""

from collections.abc import Mapping
from typing import Any

from chujing.web.forms import split_list

ROWS = 5
DEFICIENCY_FIELDS = {
    "title": "报告名称",
    "scenario": "数据出境业务场景",
    "categories": "出境数据类别及字段",
    "persons": "出境数据规模",
    "recipients": "境外接收方",
    "export_date": "出境日期",
    "assessment_id": "所依据的评估",
    "commitment": "承诺书",
}


def _text(form: Mapping[str, Any], name: str) -> str:
    return str(form.get(name) or "").strip()


def _count(raw: str) -> int | str:
    cleaned = raw.replace(",", "")
    return int(cleaned) if cleaned.isdigit() else raw


def report_data(form: Mapping[str, Any]) -> dict[str, Any]:
    """The report fields the form carries (validated afterwards by the service's models)."""
    categories = []
    recipients = []
    for i in range(ROWS):
        name = _text(form, f"cat_name_{i}")
        number = _text(form, f"cat_number_{i}")
        fields = split_list(_text(form, f"cat_fields_{i}"))
        if name or number or fields:
            row: dict[str, Any] = {"name": name, "fields": fields}
            if number:
                row["category"] = int(number) if number.isdigit() else number
            categories.append(row)
        rec_name, country = _text(form, f"rec_name_{i}"), _text(form, f"rec_country_{i}")
        if rec_name or country:
            recipients.append({"name": rec_name, "country": country.upper()})
    data: dict[str, Any] = {
        "title": _text(form, "title"),
        "scenario": _text(form, "scenario"),
        "scenario_name": _text(form, "scenario_name"),
        "categories": categories,
        "recipients": recipients,
        "persons": _count(_text(form, "persons") or "0"),
        "sensitive_persons": _count(_text(form, "sensitive_persons") or "0"),
        "export_date": _text(form, "export_date"),
    }
    assessment = _text(form, "assessment_id")
    if assessment:
        data["assessment_id"] = int(assessment) if assessment.isdigit() else assessment
    return data


def form_values(report: Any) -> dict[str, Any]:
    """A stored report (or a dict of report fields) as the form's flat values."""
    get = report.get if isinstance(report, dict) else lambda k, d=None: getattr(report, k, d)
    values: dict[str, Any] = {
        "title": get("title", ""),
        "scenario": get("scenario", ""),
        "scenario_name": get("scenario_name", ""),
        "persons": get("persons", 0),
        "sensitive_persons": get("sensitive_persons", 0),
        "export_date": str(get("export_date", "") or ""),
        "assessment_id": get("assessment_id", "") or "",
    }
    for i, cat in enumerate((get("categories", []) or [])[:ROWS]):
        values[f"cat_name_{i}"] = cat.get("name", "")
        values[f"cat_number_{i}"] = cat.get("category") or ""
        values[f"cat_fields_{i}"] = "、".join(cat.get("fields", []))
    for i, rec in enumerate((get("recipients", []) or [])[:ROWS]):
        values[f"rec_name_{i}"] = rec.get("name", "")
        values[f"rec_country_{i}"] = rec.get("country", "")
    return values


def deficiencies(form: Mapping[str, Any]) -> list[dict[str, str]]:
    """The consolidated deficiency list of a return (rows without a problem are dropped)."""
    found = []
    for i in range(ROWS):
        problem = _text(form, f"def_problem_{i}")
        if problem:
            found.append({"field": _text(form, f"def_field_{i}") or "title", "problem": problem})
    return found
