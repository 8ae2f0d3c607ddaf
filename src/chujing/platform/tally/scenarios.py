"""Scenario analysis (Art 9(3)): what the sector actually exports, by scenario.

Submitted Art 11 reports and demand-survey answers are aggregated per scenario — scale
(persons), scope (categories, fields, recipient countries) and frequency (exports per
processor) — to justify each entry's data items and volume level. The list lifecycle's
analysis stage (`/lists/analysis`, the draft page) reads it here, beside the tally: it
counts the sector's reports, and the reports stand above the lists they are checked against.
"""

from collections import defaultdict
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.listcycle.access import require_reader_of_drafts
from chujing.platform.listcycle.models import Survey, SurveyAnswer
from chujing.platform.orgs.models import Processor
from chujing.platform.principal import Principal
from chujing.platform.reports.flows import COUNTED
from chujing.platform.reports.models import ExportReport


class ScenarioFigures(BaseModel):
    """One scenario's export pattern from one source (reports or survey answers)."""

    source: str
    scenario: str
    name: str
    processors: int
    exports: int
    exports_per_processor: float
    persons_total: int
    persons_max: int
    sensitive_persons_max: int
    countries: list[str]
    categories: dict[int, list[str]]


def _figures(source: str, key: str, name: str, rows: list[dict[str, Any]]) -> ScenarioFigures:
    processors = {r["processor"] for r in rows}
    categories: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        for number, fields in r["categories"]:
            categories[number].extend(f for f in fields if f not in categories[number])
    exports = sum(r["exports"] for r in rows)
    return ScenarioFigures(
        source=source,
        scenario=key,
        name=name,
        processors=len(processors),
        exports=exports,
        exports_per_processor=round(exports / len(processors), 2) if processors else 0.0,
        persons_total=sum(r["persons"] for r in rows),
        persons_max=max((r["persons"] for r in rows), default=0),
        sensitive_persons_max=max((r["sensitive"] for r in rows), default=0),
        countries=sorted({c for r in rows for c in r["countries"]}),
        categories={k: categories[k] for k in sorted(categories)},
    )


def analyse(
    *, db_session: Session, actor: Principal, sector: str, year: int | None = None
) -> list[ScenarioFigures]:
    """Per-scenario figures of the sector's reports (optionally one year) and survey answers."""
    require_reader_of_drafts(actor)
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    query = (
        select(ExportReport)
        .join(Processor, Processor.id == ExportReport.processor_id)
        .where(Processor.sector == sector, ExportReport.state.in_([s.value for s in COUNTED]))
    )
    if year is not None:
        query = query.where(ExportReport.year == year)
    for report in db_session.scalars(query):
        key = ("reports", report.scenario or report.scenario_name)
        names.setdefault(key, report.scenario_name or report.scenario)
        grouped[key].append(
            {
                "processor": report.processor_id,
                "exports": 1,
                "persons": report.persons,
                "sensitive": report.sensitive_persons,
                "countries": [r["country"] for r in report.recipients],
                "categories": [(c.get("category") or 0, c["fields"]) for c in report.categories],
            }
        )
    answers = (select(SurveyAnswer).join(Survey, Survey.id == SurveyAnswer.survey_id)).where(
        Survey.sector == sector
    )
    for answer in db_session.scalars(answers):
        for item in answer.scenarios:
            key = ("survey", f"{item['activity']}／{item['scenario']}")
            names.setdefault(key, item["scenario"])
            grouped[key].append(
                {
                    "processor": answer.processor_id,
                    "exports": item["exports_per_year"],
                    "persons": item["persons_per_year"],
                    "sensitive": 0,
                    "countries": item["recipient_countries"],
                    "categories": [(c["category"], c["fields"]) for c in item["categories"]],
                }
            )
    return [
        _figures(src, key, names[(src, key)], grouped[(src, key)]) for src, key in sorted(grouped)
    ]
