"""Which regime governs the plan: a negative list (CQ Arts 2, 10, 21) or national rules.

The Chongqing measures apply only to processors tied to the FTZ (Art 2) while they are
in force (Art 23); a list applies only while it is valid and covers the processor's
sector or the plan's scenario; sectors no list covers fall to national rules (Art 19).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chujing.engine.outcome import Reason, ReferenceList
from chujing.engine.plan import ExportPlan, PlanError
from chujing.rules import HOME_FTZ, NegativeList, RuleBook


@dataclass
class Regime:
    """The regime chosen, the list it relies on, and why."""

    negative_list: NegativeList | None
    reasons: list[Reason]
    flags: list[str] = field(default_factory=list)
    reference_lists: list[ReferenceList] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The contract's name of the regime."""
        return "chongqing_negative_list" if self.negative_list else "national"


def _covers(lst: NegativeList, plan: ExportPlan, day: date) -> bool:
    if not lst.valid_on(day):
        return False
    in_scenario = plan.scenario is not None and lst.scenario(plan.scenario) is not None
    return in_scenario or (
        plan.processor.sector is not None and lst.sector == plan.processor.sector
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
    if not book.has_rule("cq.art2", day):
        return Regime(
            None,
            [
                Reason.of(book.rule("cq.art23", day), date=day.isoformat()),
                Reason.of(book.rule("cq.art23.dates", day), date=day.isoformat()),
            ],
        )
    if not processor.in_ftz:
        return Regime(None, [Reason.of(book.rule("cq.outside_ftz", day), ftz=processor.ftz)])

    covering = [lst for lst in lists if _covers(lst, plan, day)]
    home = [lst for lst in covering if lst.ftz == HOME_FTZ]
    others = [lst for lst in covering if lst.ftz != HOME_FTZ]
    chosen = _pick(home, plan)
    regime = Regime(None, [Reason.of(book.rule("cq.art2", day), ftz=processor.ftz)])

    if chosen is None and others:
        chosen = _other_ftz(regime, others, plan, book, day, settings)

    if chosen is None:
        facts = {"sector": processor.sector, "scenario": plan.scenario}
        regime.reasons.append(Reason.of(book.rule("cq.art19", day), **facts))
        regime.reasons.append(Reason.of(book.rule("cq.ftz_alone", day), **facts))
        return regime

    if processor.ciio and (not settings["ciio_may_use_list"] or chosen.excludes_ciio):
        regime.flags.append("ciio_list_excluded")
        regime.reasons.append(
            Reason.of(
                book.rule("cq.ciio", day),
                ciio=True,
                setting_ciio_may_use_list=settings["ciio_may_use_list"],
                list_excludes_ciio=chosen.excludes_ciio,
            )
        )
        return regime

    _check_plan_against_list(plan, chosen)
    regime.negative_list = chosen
    if not chosen.official:
        regime.warnings.append(
            f"negative_list: 所依据的清单「{chosen.title}」（{chosen.version}）为示例文本，"
            "不是官方发布的负面清单；本结论中依据该清单的部分仅供演示，不能作为免予办理的依据。"
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
    """CQ Art 21: another FTZ's officially published list may be applied (setting `exempt`);
    otherwise, and always for illustrative texts, its lists are shown for reference."""
    art21 = book.rule("cq.art21", day)
    official = [lst for lst in others if lst.official]
    if settings["other_ftz_lists"] == "exempt" and official:
        chosen = _pick(official, plan)
        regime.flags.append("other_ftz_list_applied")
        regime.reasons.append(Reason.of(art21, list=chosen.id if chosen else None))
        return chosen
    regime.flags.append("other_ftz_list_reference")
    regime.reasons.append(Reason.of(art21, setting=settings["other_ftz_lists"]))
    regime.reasons.append(Reason.of(book.rule("cq.art21.reference", day)))
    regime.reference_lists = [
        ReferenceList(id=lst.id, version=lst.version, title=lst.title, ftz=lst.ftz)
        for lst in sorted(others, key=lambda x: (x.id, x.version))
    ]
    if settings["other_ftz_lists"] == "exempt":
        regime.warnings.append(
            "settings.other_ftz_lists: 可参照的其他自贸试验区清单均为示例文本，不是正式发布的清单，"
            f"不能依{art21.citation}参照执行，仅供参照。"
        )
    return None
