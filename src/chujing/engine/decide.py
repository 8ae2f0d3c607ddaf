"""The decision for each item, in the order of law.md §8.

The first rule that applies decides an item: separate regimes, important data, data
without PI, state organs, the exemptions of O16 Arts 4-5, the negative list, the national
tiers. A list can only make an item stricter: on-list data goes on to the national tiers
and an entry's fixed pathway can raise the outcome, never lower it (CQ Art 10).
"""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from chujing.engine.matching import Match, thresholds_reached
from chujing.engine.outcome import PATHWAY_ORDER, ItemOutcome, Reason
from chujing.engine.plan import ExportPlan, Item
from chujing.engine.regime import Regime
from chujing.rules import Pathway, Rule, RuleBook

ART5_EXEMPTIONS = ("o16.art5.1", "o16.art5.2", "o16.art5.3")
TALLY_RULES = ("o16.art7.2", "o16.art8")
Decided = tuple[Pathway, str]  # a pathway and the id of the rule that decided it


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

    def with_tallies(self, persons: int, sensitive_persons: int) -> "Context":
        """The same plan with other yearly tallies (for margins)."""
        return replace(self, persons=persons, sensitive_persons=sensitive_persons)


@dataclass
class Decision:
    """An item's outcome, the doubts met on the way, and whether the tallies can change it."""

    outcome: ItemOutcome
    warnings: list[str]
    tally_dependent: bool


@dataclass
class _Draft:
    item: Item
    where: str
    match: Match
    reasons: list[Reason] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tally_dependent: bool = False

    def done(self, decided: Decided) -> Decision:
        pathway, basis = decided
        outcome = ItemOutcome.model_construct(  # from validated parts: no second check
            name=self.item.name,
            pathway=pathway,
            basis=basis,
            basis_title=next((r.title for r in self.reasons if r.rule == basis), ""),
            matched_entries=list(self.match.codes),
            flags=sorted(set(self.flags)),
            reasons=self.reasons,
        )
        return Decision(outcome, [*self.match.warnings, *self.warnings], self.tally_dependent)


def _stricter(a: Decided, b: Decided) -> Decided:
    """The stricter of two decisions; on a tie the first."""
    return b if PATHWAY_ORDER.index(b[0]) > PATHWAY_ORDER.index(a[0]) else a


def separate_regime_rules(item: Item) -> list[str]:
    """Ids of the separate-regime rules an item falls under, strongest first."""
    found = []
    if item.core_data:
        found.append("dsl.art21.core_data")
    if item.state_secret:
        found.append("dsl.art53.state_secret")
    if item.export_control == "prohibited_technology":
        found.append("tier.art29.prohibited")
    return found


def _gap(ctx: Context, draft: _Draft) -> None:
    """Important data under the Chongqing regime that no entry matches (law.md §5)."""
    if ctx.regime.negative_list is not None and not draft.match.codes:
        draft.flags.append("list_gap")
        draft.reasons.append(Reason.of(ctx.rule("list.gap")))


def _important(ctx: Context, draft: _Draft) -> Decided | None:
    item = draft.item
    if item.important_data == "notified":
        draft.reasons.append(Reason.of(ctx.rule("o16.art2"), important_data="notified"))
        _gap(ctx, draft)
        return "security_assessment", "o16.art2"
    annex = item.pi != "none" and bool(ctx.annex_candidate)
    cautious = bool(ctx.settings["annex_candidates_as_important"])
    if item.important_data == "candidate" or (annex and cautious):
        draft.flags.append("important_data_candidate")
        draft.reasons.append(
            Reason.of(ctx.rule("important.candidate"), important_data=item.important_data)
        )
        if annex:
            draft.reasons.extend(ctx.annex_candidate)
        _gap(ctx, draft)
        return "security_assessment", "important.candidate"
    if annex:
        draft.flags.append("important_data_candidate")
        draft.reasons.extend(ctx.annex_candidate)
        draft.reasons.append(
            Reason.of(ctx.rule("important.annex_not_notified"), setting_cautious=False)
        )
        cited = "、".join(dict.fromkeys(r.citation for r in ctx.annex_candidate))
        draft.warnings.append(
            f"{draft.where}: 「{item.name}」符合{cited}，可能属于重要数据：须识别并向主管部门申报"
            f"（{ctx.rule('reg.art29').citation}）；一经告知或公开发布为重要数据，出境须申报数据出境安全评估。"
        )
    listed = draft.match.important
    if not listed:
        return None
    rule = ctx.rule("list.important_data")
    draft.reasons.append(Reason.of(rule, entries=[e.code for e in listed]))
    laxer = {e.code: e.pathway for e in listed if e.pathway and e.pathway != "security_assessment"}
    if laxer:
        draft.reasons.append(Reason.of(ctx.rule("list.stricter_only"), entry_pathways=laxer))
    return "security_assessment", rule.id


def _exemption(ctx: Context, draft: _Draft) -> str | None:
    """The id of the O16 Art 4 or Art 5(1)-(3) exemption that covers the item, if any."""
    purposes = draft.item.purposes_in(ctx.plan)
    attested = draft.item.necessity_in(ctx.plan)
    art4 = ctx.rule("o16.art4")
    if set(purposes) & set(art4.strings_param("purposes")):
        draft.reasons.append(Reason.of(art4, purposes=sorted(purposes)))
        return art4.id
    for rule_id in ART5_EXEMPTIONS:
        rule = ctx.rule(rule_id)
        if not set(purposes) & set(rule.strings_param("purposes")):
            continue
        if attested or not rule.params.get("requires_necessity", False):
            draft.reasons.append(Reason.of(rule, necessity_attested=attested))
            return rule.id
        draft.flags.append("necessity_not_attested")
        draft.reasons.append(
            Reason.of(
                ctx.rule("o16.art5.necessity_missing"), purpose=rule.strings_param("purposes")[0]
            )
        )
    return None


def tier_pathway(sensitive: bool, ctx: Context) -> tuple[Pathway, Reason]:
    """The national tier of O16 Arts 5(4), 7 and 8 for one column of the tally."""
    if ctx.plan.processor.ciio:
        return "security_assessment", Reason.of(ctx.rule("o16.art7.1"), ciio=True)
    column = "sensitive_persons" if sensitive else "persons"
    count = max(ctx.sensitive_persons, 1) if sensitive else ctx.persons
    for rule_id in TALLY_RULES:
        rule = ctx.rule(rule_id)
        if count >= rule.int_param(column):
            return rule.pathway_param(), Reason.of(rule, **{f"{column}_this_year": count})
    return "exempt", Reason.of(ctx.rule("o16.art5.4"), **{f"{column}_this_year": count})


def _tiers(ctx: Context, draft: _Draft, sensitive_entry: bool) -> Decided:
    """The national tier of the item's column; both columns when a list entry says the
    data is sensitive and the item does not."""
    columns = [draft.item.pi == "sensitive"]
    if sensitive_entry and draft.item.pi != "sensitive":
        columns.append(True)
        draft.warnings.append(
            f"{draft.where}.pi: 所对应的清单条目为敏感个人信息，数据项却标为一般个人信息；"
            "已同时按敏感个人信息人数判断（至少 1 人），请核实。"
        )
    tiers = [tier_pathway(sensitive, ctx) for sensitive in columns]
    pathway, reason = max(tiers, key=lambda t: PATHWAY_ORDER.index(t[0]))
    draft.reasons.append(reason)
    draft.tally_dependent = True
    return pathway, reason.rule


def _listed(ctx: Context, draft: _Draft) -> Decided:
    """CQ Art 10: off the list is exempt; on it, the national tiers, raised (never lowered)
    by an entry's fixed pathway."""
    if draft.match.undetermined:
        draft.reasons.append(Reason.of(ctx.rule("list.fields_missing")))
        return _tiers(ctx, draft, sensitive_entry=False)
    entries = draft.match.personal
    roles = ctx.book.pack.roles
    if not entries:
        draft.reasons.append(Reason.of(ctx.rule(roles.unlisted)))
        return "exempt", roles.unlisted
    draft.tally_dependent = draft.tally_dependent or any(e.thresholds for e in entries)
    applicable = [
        e for e in entries if thresholds_reached(e.thresholds, ctx.persons, ctx.sensitive_persons)
    ]
    if not applicable:
        draft.reasons.append(
            Reason.of(
                ctx.rule("list.thresholds_not_reached"),
                thresholds={
                    e.code: e.thresholds.model_dump(exclude_none=True)
                    for e in entries
                    if e.thresholds
                },
                persons_this_year=ctx.persons,
                sensitive_persons_this_year=ctx.sensitive_persons,
            )
        )
        return "exempt", "list.thresholds_not_reached"
    draft.reasons.append(
        Reason.of(ctx.rule(roles.listed), matched_entries=[e.code for e in applicable])
    )
    sensitive_entry = any(e.data_type == "sensitive_personal_information" for e in applicable)
    decided = _tiers(ctx, draft, sensitive_entry)
    for entry in applicable:
        if entry.pathway is None:
            continue
        fixed: Decided = (entry.pathway, "list.entry_pathway")
        if PATHWAY_ORDER.index(entry.pathway) < PATHWAY_ORDER.index(decided[0]):
            rule = ctx.rule("list.stricter_only")
            draft.reasons.append(Reason.of(rule, entry=entry.code, entry_pathway=entry.pathway))
        else:
            draft.reasons.append(Reason.of(ctx.rule("list.entry_pathway"), entry=entry.code))
            decided = _stricter(decided, fixed)
    return decided


def _general(ctx: Context, draft: _Draft) -> Decided:
    """A general list (一般数据清单): data it covers goes out freely; anything else follows the
    national tiers. Important data never gets here (step a decides it first)."""
    listed, unlisted = ctx.book.pack.roles.general()
    if draft.match.general:
        rule = ctx.rule(listed)
        draft.reasons.append(Reason.of(rule, matched_entries=[e.code for e in draft.match.general]))
        return "exempt", rule.id
    draft.reasons.append(Reason.of(ctx.rule(unlisted)))
    return _tiers(ctx, draft, sensitive_entry=False)


def _no_pi(ctx: Context, draft: _Draft) -> Decided:
    art3 = ctx.rule("o16.art3")
    trade = sorted(set(draft.item.purposes_in(ctx.plan)) & set(art3.strings_param("purposes")))
    rule = art3 if trade else ctx.rule("national.not_regulated")
    draft.reasons.append(Reason.of(rule, pi="none", purposes=trade))
    return "exempt", rule.id


def decide_item(item: Item, position: int, ctx: Context, match: Match) -> Decision:
    """The pathway of one item with its reasons (law.md §8, step 4)."""
    draft = _Draft(item=item, where=f"items[{position}]", match=match)
    separate = separate_regime_rules(item)
    if separate:
        draft.reasons.extend(Reason.of(ctx.rule(r)) for r in separate)
        return draft.done(("separate_regime", separate[0]))
    important = _important(ctx, draft)
    if important is not None:
        return draft.done(important)
    if item.pi == "none":
        return draft.done(_no_pi(ctx, draft))
    if ctx.plan.processor.state_organ:
        draft.reasons.append(Reason.of(ctx.rule("pipl.art36"), state_organ=True))
        draft.reasons.append(Reason.of(ctx.rule("pipl.art36.precedence")))
        return draft.done(("security_assessment", "pipl.art36"))
    exemption = _exemption(ctx, draft)
    if exemption is not None:
        return draft.done(("exempt", exemption))
    if ctx.regime.negative_list is not None:
        return draft.done(_listed(ctx, draft))
    if ctx.regime.general_list is not None:
        return draft.done(_general(ctx, draft))
    return draft.done(_tiers(ctx, draft, sensitive_entry=False))
