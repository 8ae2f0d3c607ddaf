"""What the cumulative count holds — the ONE rule behind every figure of exported persons:
the processor's tally, the dashboard, the zones' half-year reports, the bulletins built from
them, and the `year_to_date` an assessment is given.

1. Reports the zone has received count; drafts, withdrawn and superseded reports do not, and a
   report replaced by a received correction is not counted beside it (`received`).
2. Of a counted report, each item counts according to the rule it went out under (its
   `basis`, law data `tally.cumulative_count` with setting `exempt_exports_outside_count`):
   exports governed by O16 Arts 3, 4, 5(1)–(3) stay out of every count; off-list exports
   (O16 Art 6) stay out of the national tiers' count but count towards the list entries they
   matched; every other basis — and any basis the data does not name — counts (fail safe).
   A report that records no basis counts in full.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from chujing.platform.reports.flows import COUNTED
from chujing.platform.reports.models import ExportReport
from chujing.rules import load_rules

RULE = "tally.cumulative_count"
SETTING = "exempt_exports_outside_count"
Measure = Literal["persons", "sensitive_persons"]
MEASURES: tuple[Measure, ...] = ("persons", "sensitive_persons")
_COLUMN = {"personal": "persons", "sensitive": "sensitive_persons"}
_COUNTED_STATES = frozenset(s.value for s in COUNTED)


@dataclass(frozen=True)
class ItemFacts:
    """One item of a report: its PI kind, persons when given, basis and matched entries."""

    pi: str
    persons: int | None
    basis: str
    matched_entries: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportFacts:
    """What counting, and the figures built on it, need to know of a report."""

    id: int
    processor_id: int
    zone_id: int
    state: str
    supersedes_id: int | None
    export_date: date
    scenario: str
    persons: int
    sensitive_persons: int
    items: tuple[ItemFacts, ...] = ()
    scenario_name: str = ""
    recipients: tuple[str, ...] = ()  # "name|country", sorted
    categories: tuple[str, ...] = ()  # Annex category number, else the category's name

    @classmethod
    def of(cls, report: ExportReport) -> "ReportFacts":
        """The facts of a stored report."""
        return cls(
            id=report.id,
            processor_id=report.processor_id,
            zone_id=report.zone_id,
            state=report.state,
            supersedes_id=report.supersedes_id,
            export_date=report.export_date,
            scenario=report.scenario,
            persons=report.persons,
            sensitive_persons=report.sensitive_persons,
            scenario_name=report.scenario_name,
            recipients=tuple(sorted(f"{r['name']}|{r['country']}" for r in report.recipients)),
            categories=tuple(str(c.get("category") or c["name"]) for c in report.categories),
            items=tuple(
                ItemFacts(
                    pi=i.get("pi", "personal"),
                    persons=i.get("persons"),
                    basis=str(i.get("basis", "")),
                    matched_entries=tuple(i.get("matched_entries") or ()),
                )
                for i in report.items or ()
            ),
        )

    @property
    def countries(self) -> list[str]:
        """The recipients' countries, each once."""
        return sorted({r.rpartition("|")[2] for r in self.recipients})

    def declared(self, measure: str) -> int:
        """The persons the report declares in one column."""
        return self.persons if measure == "persons" else self.sensitive_persons


@dataclass(frozen=True)
class CountRule:
    """Bases whose items stay out of the national tiers' count, and out of entries' counts."""

    outside_tiers: frozenset[str] = frozenset()
    outside_entries: frozenset[str] = frozenset()


def count_rule(day: date) -> CountRule:
    """The rule in force on an export's date, as the installation's setting reads it."""
    book = load_rules()
    if not book.setting_defaults[SETTING] or not book.has_rule(RULE, day):
        return CountRule()
    rule = book.rule(RULE, day)
    everywhere = frozenset(rule.strings_param("outside_all"))
    return CountRule(
        outside_tiers=everywhere | frozenset(rule.strings_param("outside_tiers")),
        outside_entries=everywhere,
    )


@dataclass(frozen=True)
class Counted:
    """A counted report and the persons it adds: to the national tiers and to each entry."""

    report: ReportFacts
    persons: int
    sensitive_persons: int
    entries: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @property
    def recorded(self) -> bool:
        """Whether the report records the basis of its items (otherwise it counts in full)."""
        return bool(self.report.items)

    def value(self, measure: str) -> int:
        """The persons added to the national tiers' count in one column."""
        return self.persons if measure == "persons" else self.sensitive_persons

    def outside(self, measure: str) -> int:
        """Declared persons left out of the national tiers' count."""
        return self.report.declared(measure) - self.value(measure)


def received(reports: Iterable[ReportFacts]) -> list[ReportFacts]:
    """Reports that count: received by the zone and not replaced by a received correction."""
    live = [r for r in reports if r.state in _COUNTED_STATES]
    replaced = {r.supersedes_id for r in live if r.supersedes_id is not None}
    return [r for r in live if r.id not in replaced]


def _column(
    report: ReportFacts, measure: str, counts: Callable[[ItemFacts], bool], *, unitemised: int
) -> int:
    """Persons of one column that count: all of them when every item of the column counts,
    none when none does, else the counting items' persons (capped by the report's) — or all
    of them when one of those does not say how many persons it holds. `unitemised` is the
    answer for a column no item falls in."""
    declared = report.declared(measure)
    column = [i for i in report.items if _COLUMN.get(i.pi) == measure]
    if not column:
        return unitemised
    counting = [i for i in column if counts(i)]
    if len(counting) == len(column):
        return declared
    if not counting:
        return 0
    if any(i.persons is None for i in counting):
        return declared
    return min(declared, sum(i.persons or 0 for i in counting))


def contribution(report: ReportFacts, rule: CountRule) -> Counted:
    """What one counted report adds to the national tiers and to each list entry it matched."""
    if not report.items:
        return Counted(report, report.persons, report.sensitive_persons)

    def tiers(item: ItemFacts) -> bool:
        return item.basis not in rule.outside_tiers

    def entry(code: str) -> Callable[[ItemFacts], bool]:
        return lambda item: code in item.matched_entries and item.basis not in rule.outside_entries

    codes = sorted({c for i in report.items for c in i.matched_entries})
    return Counted(
        report,
        persons=_column(report, "persons", tiers, unitemised=report.persons),
        sensitive_persons=_column(
            report, "sensitive_persons", tiers, unitemised=report.sensitive_persons
        ),
        entries={
            code: {m: _column(report, m, entry(code), unitemised=0) for m in MEASURES}
            for code in codes
        },
    )


def count(
    reports: Iterable[ReportFacts], rule_on: Callable[[date], CountRule] = count_rule
) -> list[Counted]:
    """The counted reports among `reports` (all of a scope, any date: a correction may move an
    export to another period) and what each adds."""
    rules: dict[date, CountRule] = {}
    found = []
    for report in received(reports):
        day = report.export_date
        if day not in rules:
            rules[day] = rule_on(day)
        found.append(contribution(report, rules[day]))
    return found


def counted(
    db_session: Session,
    *where: ColumnElement[bool],
    between: tuple[date, date] | None = None,
) -> list[Counted]:
    """The counted reports of a scope (`where` on `ExportReport`), exported `between` two days
    inclusive when given — supersession is decided over the whole scope first."""
    query = select(ExportReport).where(ExportReport.state.in_(_COUNTED_STATES), *where)
    found = count(ReportFacts.of(r) for r in db_session.scalars(query.order_by(ExportReport.id)))
    if between is None:
        return found
    start, end = between
    return [c for c in found if start <= c.report.export_date <= end]


def totals(found: Iterable[Counted]) -> dict[str, Any]:
    """Sums of counted and of left-out persons, by column."""
    rows = list(found)
    return {
        "reports": len(rows),
        **{m: sum(c.value(m) for c in rows) for m in MEASURES},
        "outside_count": {m: sum(c.outside(m) for c in rows) for m in MEASURES},
        "unrecorded_reports": sum(1 for c in rows if not c.recorded),
    }
