"""The deterministic draw: risk-weighted processors per zone, then balanced, recused inspectors.

Every choice comes from `RandomStream`; everything else is fixed ordering, so the same
parameters, snapshots and seed always give the same result. docs/supervision.md states the
algorithm step by step for independent reimplementation.
"""

from collections.abc import Sequence
from math import ceil

from chujing.draws.models import (
    Assignment,
    DrawParameters,
    DrawResult,
    Inspector,
    InspectorSnapshot,
    Processor,
    ProcessorSnapshot,
    Stratum,
)
from chujing.draws.randomness import RandomStream

ALL_ZONES = "*"


class DrawError(ValueError):
    """A draw that cannot be made as parameterised (message in Chinese, for the user)."""


def eligible_processors(params: DrawParameters, snapshot: ProcessorSnapshot) -> list[Processor]:
    """Processors in scope (zones / sectors filters), sorted by id."""
    chosen = [
        p
        for p in snapshot.processors
        if (params.zones is None or p.zone in params.zones)
        and (params.sectors is None or p.sector in params.sectors)
    ]
    for p in chosen:
        if p.risk_level not in params.risk_weights:
            raise DrawError(f"处理者 {p.id} 的风险等级 {p.risk_level} 未在参数 risk_weights 中定义")
    return sorted(chosen, key=lambda p: p.id)


def strata(params: DrawParameters, processors: Sequence[Processor]) -> dict[str, list[Processor]]:
    """Processors grouped by zone (or all in `*`), zones in code-point order."""
    groups: dict[str, list[Processor]] = {}
    for p in processors:
        groups.setdefault(p.zone if params.stratify_by_zone else ALL_ZONES, []).append(p)
    return {zone: groups[zone] for zone in sorted(groups)}


def weighted_sample(
    stream: RandomStream, candidates: Sequence[Processor], weights: dict[str, int], k: int
) -> list[Processor]:
    """k processors without replacement, each pick proportional to its integer weight."""
    remaining = list(candidates)
    picked: list[Processor] = []
    for _ in range(k):
        total = sum(weights[p.risk_level] for p in remaining)
        r = stream.below(total)
        cumulative = 0
        for index, p in enumerate(remaining):
            cumulative += weights[p.risk_level]
            if r < cumulative:
                picked.append(remaining.pop(index))
                break
    return picked


def zone_eligible(params: DrawParameters, inspector: Inspector, processor: Processor) -> bool:
    """Whether the inspector may inspect in the processor's zone (municipal ones: everywhere)."""
    return (
        not params.inspectors_from_same_zone
        or inspector.zone is None
        or inspector.zone == processor.zone
    )


def pick_least_loaded(
    stream: RandomStream, candidates: Sequence[Inspector], load: dict[str, int]
) -> Inspector:
    """Uniformly one of the candidates with the lowest current load (ties sorted by id)."""
    lowest = min(load[i.id] for i in candidates)
    tied = sorted((i for i in candidates if load[i.id] == lowest), key=lambda i: i.id)
    return tied[stream.below(len(tied))]


def draw(
    params: DrawParameters,
    processors: ProcessorSnapshot,
    inspectors: InspectorSnapshot,
    seed: bytes,
) -> DrawResult:
    """The draw's result, a pure function of its inputs."""
    in_scope = eligible_processors(params, processors)
    if not in_scope:
        raise DrawError("没有符合抽取范围（区域、行业）的处理者")
    ratio = params.ratio_fraction()
    strata_out: list[Stratum] = []
    drawn: list[Processor] = []
    for zone, members in strata(params, in_scope).items():
        k = ceil(ratio * len(members))
        total = sum(params.risk_weights[p.risk_level] for p in members)
        stream = RandomStream(seed, f"processors|{zone}")
        drawn.extend(weighted_sample(stream, members, params.risk_weights, k))
        strata_out.append(Stratum(zone=zone, eligible=len(members), total_weight=total, drawn=k))

    load = {i.id: 0 for i in inspectors.inspectors}
    assignments: list[Assignment] = []
    for order, processor in enumerate(drawn, start=1):
        local = [i for i in inspectors.inspectors if zone_eligible(params, i, processor)]
        recused = sorted(i.id for i in local if processor.id in i.conflicts)
        candidates = [i for i in local if processor.id not in i.conflicts]
        needed = params.inspectors_per_processor
        if len(candidates) < needed:
            raise DrawError(
                f"处理者 {processor.id} 回避后可选检查人员仅 {len(candidates)} 名，"
                f"少于要求的 {needed} 名"
            )
        stream = RandomStream(seed, f"inspectors|{processor.id}")
        chosen: list[str] = []
        for _ in range(needed):
            pick = pick_least_loaded(stream, [i for i in candidates if i.id not in chosen], load)
            chosen.append(pick.id)
            load[pick.id] += 1
        assignments.append(
            Assignment(
                order=order,
                processor=processor.id,
                zone=processor.zone,
                risk_level=processor.risk_level,
                inspectors=chosen,
                recused=recused,
            )
        )
    return DrawResult(strata=strata_out, assignments=assignments)
