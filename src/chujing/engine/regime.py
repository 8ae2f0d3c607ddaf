"""Which regime governs the plan: a list of the jurisdiction (CQ Arts 2, 10, 21 and their
counterparts in other packs) or national rules.

The measures apply only to processors tied to the FTZ (CQ Art 2) while they are in force
(Art 23); a list applies only while it is valid, covers the processor's sector or the plan's
scenario and (for a zone's list, such as Lingang's) the processor's zone; sectors no list
covers fall to national rules (Art 19). Which article says each step is the pack's `roles`.
A general list (Lingang's 一般数据清单) is used only where no negative list of the pack covers
the plan: it can free listed data, never take data off a negative list.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chujing.engine.labels import LIST_KIND
from chujing.engine.outcome import Reason, ReferenceList
from chujing.engine.plan import ExportPlan, PlanError
from chujing.rules import NegativeList, RuleBook
from chujing.rules.lists import ALL_SECTORS
from chujing.rules.packs import HOME


@dataclass
class Regime:
    """The regime chosen, the list it relies on, and why."""

    negative_list: NegativeList | None
    reasons: list[Reason]
    flags: list[str] = field(default_factory=list)
    reference_lists: list[ReferenceList] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    general_list: NegativeList | None = None
    pack: str = HOME

    @property
    def name(self) -> str:
        """The contract's name of the regime: <pack>_negative_list, <pack>_general_list."""
        if self.negative_list is not None:
            return f"{self.pack}_negative_list"
        if self.general_list is not None:
            return f"{self.pack}_general_list"
        return "national"

    @property
    def applied(self) -> NegativeList | None:
        """The list that decides: the negative list, else the general list."""
        return self.negative_list or self.general_list


def _covers(lst: NegativeList, plan: ExportPlan, day: date, home: str) -> bool:
    """Valid on the day, for the processor's zone (a zone's list), and for its sector or the
    plan's scenario. A list of every sector (Tianjin's, by data class) covers its own FTZ only:
    it is no sector list another FTZ could apply."""
    if not lst.valid_on(day):
        return False
    if lst.zones and plan.processor.zone not in lst.zones:
        return False
    in_scenario = plan.scenario is not None and lst.scenario(plan.scenario) is not None
    every_sector = lst.sector == ALL_SECTORS and lst.ftz == home
    return (
        in_scenario
        or every_sector
        or (plan.processor.sector is not None and lst.sector == plan.processor.sector)
    )


def _pick(candidates: list[NegativeList], plan: ExportPlan) -> NegativeList | None:
    """Prefer a list holding the plan's scenario, then the latest published version."""
    if not candidates:
        return None

    def rank(lst: NegativeList) -> tuple[bool, date, str]:
        has_scenario = plan.scenario is not None and lst.scenario(plan.scenario) is not None
        return (has_scenario, lst.published, lst.version)

    return max(candidates, key=rank)


def _check_plan_against_list(plan: ExportPlan, lst: NegativeList) -> None:
    """A typo in a scenario or entry code must not silently exempt data."""
    if plan.scenario is not None and lst.scenario(plan.scenario) is None:
        raise PlanError(
            "scenario", f"{plan.scenario!r} 不是所适用清单 {lst.id}（{lst.version}）中的业务场景"
        )
    for index, item in enumerate(plan.items):
        if item.list_entry is not None and lst.entry(item.list_entry) is None:
            raise PlanError(
                f"items[{index}].list_entry",
                f"{item.list_entry!r} 不是所适用清单 {lst.id}（{lst.version}）中的条目",
            )


def choose_regime(
    plan: ExportPlan, lists: list[NegativeList], book: RuleBook, day: date, settings: dict[str, Any]
) -> Regime:
    """Decide the regime; raise PlanError when the plan names codes the list lacks."""
    processor = plan.processor
    pack = book.pack
    roles = pack.roles
    if not book.has_rule(roles.scope, day):
        return Regime(
            None,
            [Reason.of(book.rule(r, day), date=day.isoformat()) for r in roles.not_in_force],
            pack=pack.code,
        )
    relations = book.rule(roles.scope, day).params.get("ftz_relations")
    if not processor.in_ftz or (isinstance(relations, list) and processor.ftz not in relations):
        return Regime(
            None, [Reason.of(book.rule(roles.outside, day), ftz=processor.ftz)], pack=pack.code
        )

    covering = [lst for lst in lists if _covers(lst, plan, day, pack.code)]
    home = [lst for lst in covering if lst.ftz == pack.code and lst.kind == "negative"]
    general = [lst for lst in covering if lst.ftz == pack.code and lst.kind == "general"]
    others = [lst for lst in covering if lst.ftz != pack.code and lst.kind == "negative"]
    chosen = _pick(home, plan)
    regime = Regime(
        None, [Reason.of(book.rule(roles.scope, day), ftz=processor.ftz)], pack=pack.code
    )
    regime.reasons += [
        Reason.of(book.rule(r, day)) for r in roles.scope_notes if book.has_rule(r, day)
    ]

    if chosen is None and others and not general:
        chosen = _other_ftz(regime, others, plan, book, day, settings)
    chosen_general = _pick(general, plan) if chosen is None else None

    if chosen is None and chosen_general is None:
        facts = {"sector": processor.sector, "scenario": plan.scenario}
        regime.reasons.append(Reason.of(book.rule(roles.uncovered, day), **facts))
        regime.reasons.append(Reason.of(book.rule(roles.area_alone, day), **facts))
        return regime

    applied = chosen or chosen_general
    assert applied is not None
    if processor.ciio and (not settings["ciio_may_use_list"] or applied.excludes_ciio):
        regime.flags.append("ciio_list_excluded")
        regime.reasons.append(
            Reason.of(
                book.rule(roles.ciio, day),
                ciio=True,
                setting_ciio_may_use_list=settings["ciio_may_use_list"],
                list_excludes_ciio=applied.excludes_ciio,
            )
        )
        return regime

    _check_plan_against_list(plan, applied)
    regime.negative_list = chosen
    regime.general_list = chosen_general
    if not applied.official:
        regime.warnings.append(
            f"negative_list: 所依据的清单「{applied.title}」（{applied.version}）为示例文本，"
            f"不是官方发布的{LIST_KIND[applied.kind]}；本结论中依据该清单的部分仅供演示，"
            "不能作为免予办理的依据。"
        )
    return regime


def _other_ftz(
    regime: Regime,
    others: list[NegativeList],
    plan: ExportPlan,
    book: RuleBook,
    day: date,
    settings: dict[str, Any],
) -> NegativeList | None:
    """CQ Art 21 (and a pack's like rule): another FTZ's officially published list may be
    applied where the pack's measures allow it and the setting is `exempt`; otherwise, and
    always for illustrative texts, those lists are shown for reference only."""
    roles = book.pack.roles
    rule = book.rule(roles.other_lists, day)
    allowed = rule.params.get("may_decide") is True
    official = [lst for lst in others if lst.official]
    if allowed and settings["other_ftz_lists"] == "exempt" and official:
        chosen = _pick(official, plan)
        regime.flags.append("other_ftz_list_applied")
        regime.reasons.append(Reason.of(rule, list=chosen.id if chosen else None))
        return chosen
    regime.flags.append("other_ftz_list_reference")
    regime.reasons.append(Reason.of(rule, setting=settings["other_ftz_lists"]))
    regime.reasons.append(Reason.of(book.rule(roles.other_lists_reference, day)))
    regime.reference_lists = [
        ReferenceList(id=lst.id, version=lst.version, title=lst.title, ftz=lst.ftz)
        for lst in sorted(others, key=lambda x: (x.id, x.version))
    ]
    if settings["other_ftz_lists"] == "exempt":
        why = (
            "可参照的其他自贸试验区清单均为示例文本，不是正式发布的清单"
            if allowed
            else f"{book.pack.name}的管理规定未允许参照执行其他自贸试验区的清单"
        )
        regime.warnings.append(
            f"settings.other_ftz_lists: {why}，不能依{rule.citation}参照执行，仅供参照。"
        )
    return None
