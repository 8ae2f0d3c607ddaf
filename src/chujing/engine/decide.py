"""The decision for each item, in the order of law.md §8.

The first rule that applies decides an item: important data, then data without PI,
then the exemptions of O16 Arts 4-5, then the negative list, then the national tiers.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from chujing.engine.matching import matching_entries, thresholds_reached
from chujing.engine.outcome import PATHWAY_ORDER, ItemOutcome, Reason, strictest
from chujing.engine.plan import ExportPlan, Item
from chujing.engine.regime import Regime
from chujing.rules import Entry, Pathway, Rule, RuleBook

ART5_EXEMPTIONS = ("o16.art5.1", "o16.art5.2", "o16.art5.3")


@dataclass(frozen=True)
class Context:
    """Everything an item's decision depends on besides the item itself."""

    book: RuleBook
    day: date
    settings: dict[str, Any]
    plan: ExportPlan
    regime: Regime
    persons: int
    sensitive_persons: int
    annex_candidate: tuple[Reason, ...]

    def rule(self, rule_id: str) -> Rule:
        """The rule in force on the plan's day."""
        return self.book.rule(rule_id, self.day)


@dataclass
class _Draft:
    reasons: list[Reason]
    flags: list[str]
    entries: list[Entry]

    def done(self, item: Item, decided: tuple[Pathway, str]) -> ItemOutcome:
        """The item's outcome: `decided` is its pathway and the id of the rule that decided it."""
        pathway, basis = decided
        return ItemOutcome(
            name=item.name,
            pathway=pathway,
            basis=basis,
            matched_entries=[e.code for e in self.entries],
            flags=sorted(set(self.flags)),
            reasons=self.reasons,
        )


def separate_regime_rules(item: Item) -> list[str]:
    """Ids of the separate-regime rules an item falls under, strongest first."""
    found = []
    if item.core_data:
        found.append("dsl.art21.core_data")
    if item.state_secret:
        found.append("annex.general.1")
    if item.export_control == "prohibited_technology":
        found.append("tier.art29.prohibited")
    return found


def is_candidate(item: Item, ctx: Context) -> bool:
    """User-marked candidates, and PI items of an export that meets Annex rules 2-3."""
    return item.important_data == "candidate" or (item.pi != "none" and bool(ctx.annex_candidate))


def _important(item: Item, ctx: Context, draft: _Draft) -> tuple[Pathway, str] | None:
    listed = [e for e in draft.entries if e.data_type == "important_data"]
    under_list = ctx.regime.negative_list is not None
    if item.important_data == "notified":
        draft.reasons.append(Reason.of(ctx.rule("o16.art2"), important_data="notified"))
        if under_list and not draft.entries:
            draft.flags.append("list_gap")
            draft.reasons.append(Reason.of(ctx.rule("list.gap")))
        return "security_assessment", "o16.art2"
    if is_candidate(item, ctx):
        draft.flags.append("important_data_candidate")
        if ctx.settings["annex_candidates_as_important"]:
            draft.reasons.append(
                Reason.of(ctx.rule("important.candidate"), important_data=item.important_data)
            )
            draft.reasons.extend(ctx.annex_candidate)
            if under_list and not draft.entries:
                draft.flags.append("list_gap")
                draft.reasons.append(Reason.of(ctx.rule("list.gap")))
            return "security_assessment", "important.candidate"
        if ctx.book.has_rule("reg.art29", ctx.day):
            draft.reasons.append(
                Reason.of(ctx.rule("reg.art29"), setting_annex_candidates_as_important=False)
            )
    if listed:
        rule = ctx.rule("list.important_data")
        draft.reasons.extend(Reason.of(rule, entry=e.code, entry_name=e.name) for e in listed)
        return strictest([e.pathway or "security_assessment" for e in listed]), rule.id
    return None


def _exemption(item: Item, ctx: Context, draft: _Draft) -> str | None:
    """The id of the O16 Art 4 or Art 5(1)-(3) exemption that covers the item, if any."""
    plan = ctx.plan
    art4 = ctx.rule("o16.art4")
    if set(plan.purposes) & set(art4.strings_param("purposes")):
        draft.reasons.append(Reason.of(art4, purposes=sorted(plan.purposes)))
        return art4.id
    for rule_id in ART5_EXEMPTIONS:
        rule = ctx.rule(rule_id)
        if not set(plan.purposes) & set(rule.strings_param("purposes")):
            continue
        if plan.necessity_attested or not rule.params.get("requires_necessity", False):
            draft.reasons.append(Reason.of(rule, necessity_attested=plan.necessity_attested))
            return rule.id
        draft.flags.append("necessity_not_attested")
        draft.reasons.append(
            Reason.of(
                ctx.rule("o16.art5.necessity_missing"), purpose=rule.strings_param("purposes")[0]
            )
        )
    return None


def tier_pathway(sensitive: bool, ctx: Context) -> tuple[Pathway, Reason]:
    """The national tier of O16 Arts 5(4), 7 and 8 for an item's column of the tally."""
    if ctx.plan.processor.ciio:
        return "security_assessment", Reason.of(ctx.rule("o16.art7.1"), ciio=True)
    column = "sensitive_persons" if sensitive else "persons"
    count = max(ctx.sensitive_persons, 1) if sensitive else ctx.persons
    for rule_id in ("o16.art7.2", "o16.art8"):
        rule = ctx.rule(rule_id)
        if count >= rule.int_param(column):
            return rule.pathway_param(), Reason.of(rule, **{f"{column}_this_year": count})
    return "exempt", Reason.of(ctx.rule("o16.art5.4"), **{f"{column}_this_year": count})


def _listed(item: Item, ctx: Context, draft: _Draft) -> tuple[Pathway, str]:
    """CQ Art 10: off the list is exempt; on it, the entry's pathway or the national tiers."""
    entries = [e for e in draft.entries if e.data_type != "important_data"]
    applicable = [
        e for e in entries if thresholds_reached(e.thresholds, ctx.persons, ctx.sensitive_persons)
    ]
    if not applicable:
        facts: dict[str, Any] = {"matched_entries": [e.code for e in entries]}
        if entries:
            facts["thresholds_not_reached"] = True
        draft.reasons.append(Reason.of(ctx.rule("cq.art10.unlisted"), **facts))
        return "exempt", "cq.art10.unlisted"
    draft.reasons.append(
        Reason.of(ctx.rule("cq.art10.listed"), matched_entries=[e.code for e in applicable])
    )
    decided: list[tuple[Pathway, str]] = []
    for entry in applicable:
        if entry.pathway:
            reason = Reason.of(ctx.rule("list.entry_pathway"), entry=entry.code)
            decided.append((entry.pathway, reason.rule))
        else:
            pathway, reason = tier_pathway(item.pi == "sensitive", ctx)
            decided.append((pathway, reason.rule))
        draft.reasons.append(reason)
    return max(decided, key=lambda d: PATHWAY_ORDER.index(d[0]))


def decide_item(item: Item, ctx: Context) -> ItemOutcome:
    """The pathway of one item with its reasons (law.md §8, step 4)."""
    draft = _Draft(
        reasons=[], flags=[], entries=matching_entries(item, ctx.plan, ctx.regime.negative_list)
    )
    separate = separate_regime_rules(item)
    if separate:
        draft.reasons.extend(Reason.of(ctx.rule(r)) for r in separate)
        return draft.done(item, ("separate_regime", separate[0]))

    important = _important(item, ctx, draft)
    if important is not None:
        return draft.done(item, important)

    if item.pi == "none":
        art3 = ctx.rule("o16.art3")
        trade = sorted(set(ctx.plan.purposes) & set(art3.strings_param("purposes")))
        rule = art3 if trade else ctx.rule("national.not_regulated")
        draft.reasons.append(Reason.of(rule, pi="none", purposes=trade))
        return draft.done(item, ("exempt", rule.id))

    if ctx.plan.processor.state_organ:
        draft.reasons.append(Reason.of(ctx.rule("pipl.art36"), state_organ=True))
        return draft.done(item, ("security_assessment", "pipl.art36"))

    exemption = _exemption(item, ctx, draft)
    if exemption is not None:
        return draft.done(item, ("exempt", exemption))

    if ctx.regime.negative_list is not None:
        return draft.done(item, _listed(item, ctx, draft))

    pathway, reason = tier_pathway(item.pi == "sensitive", ctx)
    draft.reasons.append(reason)
    return draft.done(item, (pathway, reason.rule))
