"""Appending a recorded, reasoned adjustment to a verified receipt."""

from datetime import datetime
from typing import Literal, TypedDict

from chujing.draws.adjustments import DrawState, replacement_for, replay, withdraw
from chujing.draws.algorithm import DrawError
from chujing.draws.models import Adjustment, Receipt, ReplaceInspector, WithdrawProcessor
from chujing.draws.receipt import Document, dump, seal
from chujing.draws.verify import verify


def _replayed_state(receipt: Receipt) -> DrawState:
    state = DrawState.from_result(receipt.result, receipt.inspectors)
    for adjustment in receipt.adjustments:
        replay(state, adjustment, receipt)
    return state


class _Basis(TypedDict):
    """What every adjustment records about its place in the receipt's chain."""

    seq: int
    previous_receipt_sha256: str
    at: datetime
    by: str


def append_adjustment(
    document: Document,
    *,
    kind: Literal["replace_inspector", "withdraw_processor"],
    processor: str,
    reason: str,
    by: str,
    at: datetime,
    inspector: str | None = None,
    new_conflict: bool = False,
) -> Document:
    """A new sealed receipt with one more adjustment (the replacement drawn, if any)."""
    if not verify(document).ok:
        raise DrawError("回执未通过验证，不能追加调整")
    receipt = Receipt.model_validate(document)
    last = receipt.adjustments[-1].at if receipt.adjustments else receipt.drawn_at
    if at < last:
        raise DrawError("调整时间早于抽取时间或上一项调整")
    if not reason.strip():
        raise DrawError("调整必须写明理由")
    state = _replayed_state(receipt)
    seq = len(receipt.adjustments) + 1
    basis = _Basis(seq=seq, previous_receipt_sha256=receipt.receipt_sha256, at=at, by=by)
    event: Adjustment
    if kind == "replace_inspector":
        if inspector is None:
            raise DrawError("更换检查人员须指明被更换的检查人员")
        replacement = replacement_for(
            state,
            seq=seq,
            processor_id=processor,
            inspector_id=inspector,
            new_conflict=new_conflict,
            receipt=receipt,
        )
        event = ReplaceInspector(
            **basis,
            kind=kind,
            processor=processor,
            inspector=inspector,
            new_conflict=new_conflict,
            reason=reason,
            replacement=replacement,
        )
    else:
        withdraw(state, seq=seq, processor_id=processor)
        event = WithdrawProcessor(**basis, kind=kind, processor=processor, reason=reason)
    updated = dict(document)
    updated["adjustments"] = [*document["adjustments"], dump(event)]
    updated["final_assignments"] = [dump(a) for a in state.final()]
    return seal(updated)
