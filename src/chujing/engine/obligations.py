"""What the processor must do next, given the decision (law.md §4 last bullet, §9)."""

from datetime import date

from chujing.engine.outcome import ItemOutcome, Obligation, kind_of
from chujing.engine.plan import ExportPlan
from chujing.rules import Rule, RuleBook
from chujing.rules.models import Deadline

PROCEDURE_RULES = {
    "export_control_licence": "ecl.controlled_item",
    "technology_export_licence": "ftl.restricted_technology",
    "human_genetic_resources": "hgr.art28",
}
SEPARATE_DUTIES = {
    "core_data": "core_data.duty",
    "state_secret": "state_secret.duty",
    "prohibited_technology": "prohibited_technology.duty",
    "foreign_judicial_request": "foreign_judicial.duty",
}
SECURITY_ASSESSMENT_STEPS = (
    "o11.art5",
    "o11.art6",
    "o11.art7.completeness",
    "o11.art7.acceptance",
    "o11.art12",
    "o11.art13",
    "o16.art9.validity",
    "o16.art9.extension",
    "o11.art14",
)
CERTIFICATION_RULES = ("o20.certification", "pipl.art38.certification")
EXEMPT_PI_DUTIES = "o16.art10"  # cited alongside the PIPL duties an exemption leaves in place


def _deadline(rule: Rule) -> Deadline | None:
    params = rule.params
    if "amount" not in params or "unit" not in params:
        return None
    return Deadline.model_validate(
        {"amount": params["amount"], "unit": params["unit"], "after": params["after"]}
    )


class _Collector:
    def __init__(self, book: RuleBook, day: date) -> None:
        self.book = book
        self.day = day
        self.items: dict[str, Obligation] = {}

    def add(self, code: str, rule_id: str | None, also: list[str] | None = None) -> None:
        """Add one duty once; a rule the pack lacks (None) or not in force adds nothing."""
        if rule_id is None or code in self.items or not self.book.has_rule(rule_id, self.day):
            return
        rule = self.book.rule(rule_id, self.day)
        self.items[code] = Obligation(
            code=code,
            citation=rule.citation,
            text=rule.text,
            kind=kind_of(rule),
            also=[*rule.also_citations, *(also or [])],
            deadline=_deadline(rule),
        )


def collect_obligations(
    plan: ExportPlan,
    book: RuleBook,
    day: date,
    items: list[ItemOutcome],
    *,
    pathway: str,
    under_list: bool,
    separate: list[str],
    procedures: list[str],
    flags: list[str],
) -> list[Obligation]:
    """The obligations of this export, each once, in the order a processor meets them.

    A duty is listed under one provision only: the PIPL duties that an exemption leaves in
    place cite O16 Art 10 alongside rather than a second time; under a separate regime no
    list is used, so no CQ Art 11 report or Art 15 commitment is added."""
    out = _Collector(book, day)
    for regime in separate:
        out.add(f"separate_regime_{regime}", SEPARATE_DUTIES[regime])
    for procedure in procedures:
        out.add(procedure, PROCEDURE_RULES[procedure])
    if {"important_data_candidate", "important_data_holdings", "list_gap"} & set(flags):
        out.add("identify_and_declare_important_data", "reg.art29")
    if pathway == "security_assessment":
        for rule_id in SECURITY_ASSESSMENT_STEPS:
            out.add(f"security_assessment.{rule_id}", rule_id)
    if pathway == "standard_contract_or_certification":
        out.add("contract_in_effect_before_export", "o13.art6")
        out.add("file_standard_contract", "o13.art7")
        out.add("refile_standard_contract_on_change", "o13.art8")
        for rule_id in CERTIFICATION_RULES:
            out.add("certification_alternative", rule_id)
    pairs = list(zip(plan.items, items, strict=True))
    with_pi = [item for item, _ in pairs if item.pi != "none"]
    if with_pi:
        exempt_pi = any(o.pathway == "exempt" and item.pi != "none" for item, o in pairs)
        remain = [book.citation(EXEMPT_PI_DUTIES)] if exempt_pi else []
        out.add("notify_and_separate_consent", "pipl.art39", also=remain)
        if any(i.pi == "sensitive" for i in with_pi):
            out.add("sensitive_separate_consent", "pipl.art29")
        if any("minor_under_14" in i.sensitive_kinds for i in with_pi):
            out.add("guardian_consent", "pipl.art31")
        out.add("pi_impact_assessment", "pipl.art55", also=remain)
        out.add("recipient_protection", "pipl.art38.recipient")
    roles = book.pack.roles
    if under_list and not separate:
        out.add("report_to_zone", roles.report)
        out.add("commitments", roles.commitments)
    if plan.processor.in_ftz:
        out.add("export_workflow", roles.export_workflow)
        out.add("incident_report", roles.incident_report)
    if "important_data_processor_duties" in flags:
        out.add("data_security_officer", "reg.art30")
        out.add("merger_or_dissolution_report", "reg.art32")
    return list(out.items.values())
