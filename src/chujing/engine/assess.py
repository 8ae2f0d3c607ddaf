"""assess(): the whole decision for an export plan, as a pure function.

Same plan, rules, lists and date → the same Outcome, byte for byte; no clock is read
unless the plan leaves its date out.
"""

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

from chujing.canonical import canonical_json
from chujing.engine.decide import TALLY_RULES, Context, Decision, decide_item
from chujing.engine.guides import guide_notes
from chujing.engine.matching import Match, match_item
from chujing.engine.obligations import collect_obligations
from chujing.engine.outcome import (
    ItemOutcome,
    ListRef,
    Margins,
    Outcome,
    ParallelProcedure,
    Reason,
    SeparateRegime,
    Tallies,
    strictest,
)
from chujing.engine.plan import ExportPlan, PlanError
from chujing.engine.regime import Regime, choose_regime
from chujing.engine.warnings import plan_warnings
from chujing.rules import NegativeList, Pathway, Rule, RuleBook, load_lists, load_rules

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEPARATE_ORDER: tuple[SeparateRegime, ...] = (
    "core_data",
    "state_secret",
    "prohibited_technology",
    "foreign_judicial_request",
)


def today_in_shanghai() -> date:
    """The evaluation date when a plan gives none: today in Asia/Shanghai."""
    return datetime.now(SHANGHAI).date()


def input_hash(plan: ExportPlan) -> str:
    """SHA-256 of the validated plan in canonical JSON (RFC 8785, as the draw receipts)."""
    return hashlib.sha256(canonical_json(plan.model_dump(mode="json"))).hexdigest()


def _annex_ciio(book: RuleBook, day: date) -> Rule | None:
    """The pack's Annex rule 3 (a CIIO's PI of 100,000 persons), when it has one in force."""
    rule_id = book.pack.roles.annex_ciio
    return book.rule(rule_id, day) if rule_id and book.has_rule(rule_id, day) else None


def _annex_candidate(plan: ExportPlan, book: RuleBook, day: date) -> tuple[Reason, ...]:
    """Reasons why this export's own data meets Annex rules 2-3 (FTZ processors only)."""
    roles = book.pack.roles
    if (
        not plan.processor.in_ftz
        or roles.annex_persons is None
        or not book.has_rule(roles.annex_persons, day)
    ):
        return ()
    rule2 = book.rule(roles.annex_persons, day)
    rule3 = _annex_ciio(book, day)
    kinds = {k for item in plan.items for k in item.sensitive_kinds}
    account_or_medical = kinds & set(rule2.strings_param("account_or_medical_kinds"))
    reasons = []
    if plan.persons >= rule2.int_param("persons"):
        reasons.append(Reason.of(rule2, persons=plan.persons))
    if plan.sensitive_persons >= rule2.int_param("sensitive_persons"):
        reasons.append(Reason.of(rule2, sensitive_persons=plan.sensitive_persons))
    if account_or_medical and plan.sensitive_persons >= rule2.int_param(
        "sensitive_account_or_medical_persons"
    ):
        reasons.append(
            Reason.of(
                rule2,
                sensitive_persons=plan.sensitive_persons,
                sensitive_kinds=sorted(account_or_medical),
            )
        )
    pi_persons = max(plan.persons, plan.sensitive_persons)
    if rule3 and plan.processor.ciio and pi_persons >= rule3.int_param("ciio_persons"):
        reasons.append(Reason.of(rule3, ciio=True, persons=pi_persons))
    return tuple(reasons)


def _holdings(plan: ExportPlan, book: RuleBook, day: date) -> tuple[list[str], list[Reason]]:
    """Flags from what the processor holds in total (Annex rules 2-3, REG Art 28)."""
    flags: list[str] = []
    reasons: list[Reason] = []
    held = plan.holdings
    roles = book.pack.roles
    if (
        plan.processor.in_ftz
        and roles.annex_persons is not None
        and book.has_rule(roles.annex_persons, day)
    ):
        rule2 = book.rule(roles.annex_persons, day)
        rule3 = _annex_ciio(book, day)
        if (
            held.persons >= rule2.int_param("persons")
            or held.sensitive_persons >= rule2.int_param("sensitive_persons")
            or held.sensitive_account_or_medical_persons
            >= rule2.int_param("sensitive_account_or_medical_persons")
        ):
            flags.append("important_data_holdings")
            reasons.append(Reason.of(rule2, holdings=held.model_dump()))
        if (
            rule3
            and plan.processor.ciio
            and max(held.persons, held.sensitive_persons) >= rule3.int_param("ciio_persons")
        ):
            flags.append("important_data_holdings")
            reasons.append(Reason.of(rule3, holdings=held.model_dump()))
    if not book.has_rule("reg.art28", day):
        return flags, reasons
    art28 = book.rule("reg.art28", day)
    if max(held.persons, held.sensitive_persons) >= art28.int_param("persons"):
        flags.append("important_data_processor_duties")
        reasons.append(Reason.of(art28, holdings_persons=max(held.persons, held.sensitive_persons)))
    return flags, reasons


class _Margins:
    """Persons to the next change of the export's pathway, per column of the tally: the
    national tiers' thresholds and the matched entries' own, each tried in turn."""

    def __init__(
        self, ctx: Context, plan: ExportPlan, matches: list[Match], decisions: list[Decision]
    ) -> None:
        self.ctx = ctx
        self.plan = plan
        self.matches = matches
        self.decisions = decisions
        self.pathway = strictest([d.outcome.pathway for d in decisions])

    def _thresholds(self, column: str) -> set[int]:
        tiers = {self.ctx.rule(r).int_param(column) for r in TALLY_RULES}
        entries = {
            getattr(e.thresholds, column)
            for m in self.matches
            for e in m.personal
            if e.thresholds and getattr(e.thresholds, column)
        }
        return tiers | entries

    def _pathway_at(self, persons: int, sensitive: int) -> Pathway:
        ctx = self.ctx.with_tallies(persons, sensitive)
        return strictest(
            [
                decide_item(item, n, ctx, self.matches[n]).outcome.pathway
                if d.tally_dependent
                else d.outcome.pathway
                for n, (item, d) in enumerate(zip(self.plan.items, self.decisions, strict=True))
            ]
        )

    def to_next(self, column: str) -> int | None:
        count = self.ctx.persons if column == "persons" else self.ctx.sensitive_persons
        if self.pathway == "security_assessment" or not any(
            d.tally_dependent for d in self.decisions
        ):
            return None  # nothing larger changes it
        for threshold in sorted(t for t in self._thresholds(column) if t > count):
            persons, sensitive = (
                (threshold, self.ctx.sensitive_persons)
                if column == "persons"
                else (self.ctx.persons, threshold)
            )
            if self._pathway_at(persons, sensitive) != self.pathway:
                return threshold - count
        return None

    def margins(self, separate: bool) -> Margins:
        if separate:
            return Margins(persons_to_next_tier=None, sensitive_persons_to_next_tier=None)
        return Margins(
            persons_to_next_tier=self.to_next("persons"),
            sensitive_persons_to_next_tier=self.to_next("sensitive_persons"),
        )


def _separate(
    plan: ExportPlan, items: list[ItemOutcome], book: RuleBook, day: date
) -> tuple[list[SeparateRegime], list[Reason]]:
    found: set[SeparateRegime] = set()
    reasons: list[Reason] = []
    regime_of: dict[str, SeparateRegime] = {
        r.id: regime
        for r in book.rules_of_kind("separate_regime", day)
        for regime in SEPARATE_ORDER
        if r.params["regime"] == regime
    }
    for outcome in items:
        for reason in outcome.reasons:
            if reason.rule in regime_of:
                found.add(regime_of[reason.rule])
    judicial = [r.name for r in plan.recipients if r.foreign_judicial_or_law_enforcement]
    if judicial:
        found.add("foreign_judicial_request")
        reasons.append(Reason.of(book.rule("dsl.art36.foreign_judicial", day), recipients=judicial))
    return [r for r in SEPARATE_ORDER if r in found], reasons


def _procedures(
    plan: ExportPlan, book: RuleBook, day: date
) -> tuple[list[ParallelProcedure], list[Reason]]:
    wanted: list[tuple[ParallelProcedure, str, list[str]]] = [
        (
            "export_control_licence",
            "ecl.controlled_item",
            [i.name for i in plan.items if i.export_control == "controlled_item"],
        ),
        (
            "technology_export_licence",
            "ftl.restricted_technology",
            [i.name for i in plan.items if i.export_control == "restricted_technology"],
        ),
        (
            "human_genetic_resources",
            "hgr.art28",
            [i.name for i in plan.items if i.human_genetic_resources],
        ),
    ]
    procedures: list[ParallelProcedure] = []
    reasons: list[Reason] = []
    for procedure, rule_id, names in wanted:
        if names:
            procedures.append(procedure)
            reasons.append(Reason.of(book.rule(rule_id, day), items=names))
    return procedures, reasons


def _dedupe(reasons: list[Reason]) -> list[Reason]:
    seen: set[tuple[str, str]] = set()
    out = []
    for reason in reasons:
        key = (reason.rule, repr(reason.facts))  # a rule's text is fixed for the day
        if key not in seen:
            seen.add(key)
            out.append(reason)
    return out


def _list_ref(regime: Regime, items: list[ItemOutcome]) -> ListRef | None:
    lst = regime.applied
    if lst is None:
        return None
    matched = sorted({code for item in items for code in item.matched_entries})
    return ListRef(
        id=lst.id,
        version=lst.version,
        title=lst.title,
        ftz=lst.ftz,
        official=lst.official,
        kind=lst.kind,
        matched_entries=matched,
    )


def assess(
    plan: ExportPlan,
    *,
    lists: list[NegativeList] | None = None,
    on: date | None = None,
    book: RuleBook | None = None,
) -> Outcome:
    """Decide an export plan: pathway, reasons, obligations, margins (law.md §8); the book's
    sector guides add their statements and checks."""
    book = book or load_rules()
    lists = load_lists() if lists is None else lists
    day = on or plan.date or today_in_shanghai()
    if not all(book.has_rule(r, day) for r in (*TALLY_RULES, "o16.art5.4")):
        raise PlanError(
            "date",
            f"{day.isoformat()} 不在规则覆盖期间内（《促进和规范数据跨境流动规定》"
            "2024年3月22日施行之前的出境不在本平台判断范围）",
        )
    settings = book.settings_for(plan.settings)
    regime = choose_regime(plan, lists, book, day, settings)
    tallies = Tallies(
        persons=plan.year_to_date.persons + plan.persons,
        sensitive_persons=plan.year_to_date.sensitive_persons + plan.sensitive_persons,
    )
    ctx = Context(
        book=book,
        day=day,
        settings=settings,
        plan=plan,
        regime=regime,
        persons=tallies.persons,
        sensitive_persons=tallies.sensitive_persons,
        annex_candidate=_annex_candidate(plan, book, day),
    )
    lst = regime.applied
    home = book.pack.code
    matches = [
        match_item(item, n, plan, lst, book.vocabulary, home) for n, item in enumerate(plan.items)
    ]
    decisions = [decide_item(item, n, ctx, matches[n]) for n, item in enumerate(plan.items)]
    items = [d.outcome for d in decisions]
    separate, judicial_reasons = _separate(plan, items, book, day)
    procedures, procedure_reasons = _procedures(plan, book, day)
    holding_flags, holding_reasons = _holdings(plan, book, day)
    pathway = "separate_regime" if separate else strictest([i.pathway for i in items])
    flags = sorted({*regime.flags, *holding_flags, *(f for i in items for f in i.flags)})
    deciding = [r for i in items if i.pathway == pathway for r in i.reasons]
    guide_reasons, guide_warnings = guide_notes(plan, day, book)
    reasons = _dedupe(
        [
            *regime.reasons,
            *guide_reasons,
            *judicial_reasons,
            *deciding,
            *procedure_reasons,
            *holding_reasons,
        ]
    )
    obligations = collect_obligations(
        plan,
        book,
        day,
        items,
        pathway=pathway,
        under_list=regime.applied is not None,
        separate=list(separate),
        procedures=list(procedures),
        flags=flags,
    )
    return Outcome(
        date=day.isoformat(),
        pathway=pathway,
        separate_regime=separate[0] if separate else None,
        parallel_procedures=procedures,
        regime=regime.name,
        negative_list=_list_ref(regime, items),
        reference_lists=regime.reference_lists,
        flags=flags,
        items=items,
        reasons=reasons,
        obligations=obligations,
        tallies=tallies,
        margins=_Margins(ctx, plan, matches, decisions).margins(bool(separate)),
        warnings=list(
            dict.fromkeys(
                [
                    *regime.warnings,
                    *guide_warnings,
                    *plan_warnings(plan, book, day),
                    *(w for d in decisions for w in d.warnings),
                ]
            )
        ),
        settings=dict(sorted(settings.items())),
        rules_version=book.version,
        input_sha256=input_hash(plan),
    )
