"""Later adjustments of a draw, replayed in order on top of its result.

An adjustment is a recorded, reasoned event; the only random choice in it (the replacement
inspector) comes from the stream `adjustment|<seq>`, so it is recomputed like the draw.
"""

from dataclasses import dataclass, field

from chujing.draws.algorithm import DrawError, pick_least_loaded, zone_eligible
from chujing.draws.models import (
    Adjustment,
    DrawResult,
    FinalAssignment,
    InspectorSnapshot,
    Receipt,
    ReplaceInspector,
)
from chujing.draws.randomness import RandomStream


@dataclass
class DrawState:
    """Who inspects whom after the adjustments so far."""

    assignments: dict[str, list[str]]
    zones: dict[str, str]
    load: dict[str, int]
    late_conflicts: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def from_result(cls, result: DrawResult, inspectors: InspectorSnapshot) -> "DrawState":
        load = {i.id: 0 for i in inspectors.inspectors}
        for a in result.assignments:
            for ident in a.inspectors:
                load[ident] += 1
        return cls(
            assignments={a.processor: list(a.inspectors) for a in result.assignments},
            zones={a.processor: a.zone for a in result.assignments},
            load=load,
        )

    def final(self) -> list[FinalAssignment]:
        return [
            FinalAssignment(processor=p, zone=self.zones[p], inspectors=list(ids))
            for p, ids in self.assignments.items()
        ]


def replacement_for(
    state: DrawState,
    *,
    seq: int,
    processor_id: str,
    inspector_id: str,
    new_conflict: bool,
    receipt: Receipt,
) -> str:
    """Apply one inspector replacement to `state` and return the replacement drawn.

    The candidates, the parameters and the seed are those of the draw's `receipt`.
    """
    current = state.assignments.get(processor_id)
    if current is None:
        raise DrawError(f"调整 #{seq}：处理者 {processor_id} 不在当前抽取结果中")
    if inspector_id not in current:
        raise DrawError(f"调整 #{seq}：检查人员 {inspector_id} 未被分配给处理者 {processor_id}")
    processor = next(p for p in receipt.processors.processors if p.id == processor_id)
    if new_conflict:
        state.late_conflicts.add((inspector_id, processor_id))
    candidates = [
        i
        for i in receipt.inspectors.inspectors
        if zone_eligible(receipt.parameters, i, processor)
        and processor_id not in i.conflicts
        and (i.id, processor_id) not in state.late_conflicts
        and i.id not in current
    ]
    if not candidates:
        raise DrawError(f"调整 #{seq}：处理者 {processor_id} 没有可替换的检查人员")
    state.load[inspector_id] -= 1
    stream = RandomStream(bytes.fromhex(receipt.seed), f"adjustment|{seq}")
    pick = pick_least_loaded(stream, candidates, state.load)
    state.load[pick.id] += 1
    current[current.index(inspector_id)] = pick.id
    return pick.id


def withdraw(state: DrawState, *, seq: int, processor_id: str) -> None:
    """Remove a processor (and its inspectors' load) from `state`."""
    current = state.assignments.pop(processor_id, None)
    if current is None:
        raise DrawError(f"调整 #{seq}：处理者 {processor_id} 不在当前抽取结果中")
    for ident in current:
        state.load[ident] -= 1


def replay(state: DrawState, adjustment: Adjustment, receipt: Receipt) -> str | None:
    """Apply a recorded adjustment of `receipt`'s draw; the replacement it should have drawn."""
    if isinstance(adjustment, ReplaceInspector):
        return replacement_for(
            state,
            seq=adjustment.seq,
            processor_id=adjustment.processor,
            inspector_id=adjustment.inspector,
            new_conflict=adjustment.new_conflict,
            receipt=receipt,
        )
    withdraw(state, seq=adjustment.seq, processor_id=adjustment.processor)
    return None
