"""Verifying a draw receipt: recompute everything, stop at and name the first discrepancy."""

from typing import Any

from pydantic import BaseModel, ValidationError

from chujing.draws.adjustments import DrawState, replay
from chujing.draws.algorithm import DrawError, draw
from chujing.draws.canonical import CanonicalError, canonical_json, sha256_hex
from chujing.draws.errors import describe
from chujing.draws.models import (
    ALGORITHM_ID,
    ALGORITHM_VERSION,
    RECEIPT_FORMAT,
    Receipt,
    ReplaceInspector,
)
from chujing.draws.receipt import dump, seed_commitment, without


class Check(BaseModel):
    """One verification step: a code, whether it held, and a Chinese message."""

    code: str
    ok: bool
    message: str


class VerificationResult(BaseModel):
    """All checks run, in order; verification stops at the first failure."""

    ok: bool
    checks: list[Check]

    @property
    def failure(self) -> Check | None:
        return next((c for c in self.checks if not c.ok), None)


class _Failed(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _first_difference(label: str, recorded: list[Any], recomputed: list[Any]) -> str | None:
    for index, (a, b) in enumerate(zip(recorded, recomputed, strict=False), start=1):
        if a != b:
            return f"{label}第 {index} 项不符：回执记录为 {a}，重算结果为 {b}"
    if len(recorded) != len(recomputed):
        return f"{label}条数不符：回执记录 {len(recorded)} 条，重算 {len(recomputed)} 条"
    return None


def _run_checks(
    raw: Any, passed: list[Check], expected_record: str | None, expected_receipt: str | None
) -> None:
    def ok(code: str, message: str) -> None:
        passed.append(Check(code=code, ok=True, message=message))

    if not isinstance(raw, dict):
        raise _Failed("structure", "回执不是 JSON 对象")
    algorithm = raw.get("algorithm")
    if raw.get("format") != RECEIPT_FORMAT or algorithm != {
        "id": ALGORITHM_ID,
        "version": ALGORITHM_VERSION,
    }:
        raise _Failed("algorithm", f"不支持的回执格式或算法：{raw.get('format')} / {algorithm}")
    ok("algorithm", f"算法 {ALGORITHM_ID} 第 {ALGORITHM_VERSION} 版")
    try:
        canonical_json(raw)
    except CanonicalError as exc:
        raise _Failed("structure", f"回执含有不允许的数值：{exc}") from None
    try:
        receipt = Receipt.model_validate(raw)
    except ValidationError as exc:
        raise _Failed("structure", f"回执结构无效：{describe(exc)}") from None
    ok("structure", "回执结构有效")

    commitment = raw["commitment"]
    hashes = {
        "parameters": sha256_hex(raw["parameters"]),
        "processors": sha256_hex(raw["processors"]),
        "inspectors": sha256_hex(raw["inspectors"]),
    }
    names = {
        "parameters": "抽取参数",
        "processors": "检查对象（处理者）名录快照",
        "inspectors": "检查人员名录快照",
    }
    for part, digest in hashes.items():
        if digest != commitment[f"{part}_sha256"]:
            raise _Failed(f"{part}_hash", f"{names[part]}的 SHA-256 与事先承诺记录不符（已被改动）")
        ok(f"{part}_hash", f"{names[part]}哈希一致：{digest}")

    if seed_commitment(bytes.fromhex(receipt.seed)) != receipt.commitment.seed_sha256:
        raise _Failed("seed", "揭示的随机种子与事先承诺的哈希不符")
    ok("seed", "揭示的随机种子与承诺一致")

    record = sha256_hex(without(commitment, "record_sha256"))
    if record != receipt.commitment.record_sha256:
        raise _Failed("commitment", "承诺记录的哈希与其内容不符")
    if expected_record is not None and record != expected_record:
        raise _Failed("commitment", f"承诺记录哈希 {record} 与事先公布的 {expected_record} 不符")
    ok("commitment", f"承诺记录哈希：{record}")

    if receipt.drawn_at < receipt.commitment.committed_at:
        raise _Failed("timeline", "抽取时间早于种子承诺时间")
    ok("timeline", f"先承诺（{receipt.commitment.committed_at}）后抽取（{receipt.drawn_at}）")

    try:
        recomputed = draw(
            receipt.parameters, receipt.processors, receipt.inspectors, bytes.fromhex(receipt.seed)
        )
    except DrawError as exc:
        raise _Failed("result", f"无法重算抽取：{exc}") from None
    comparisons: list[tuple[str, list[Any], list[Any]]] = [
        (
            "分层统计",
            [dump(x) for x in receipt.result.strata],
            [dump(x) for x in recomputed.strata],
        ),
        (
            "抽取结果",
            [dump(x) for x in receipt.result.assignments],
            [dump(x) for x in recomputed.assignments],
        ),
    ]
    for label, mine, theirs in comparisons:
        difference = _first_difference(label, mine, theirs)
        if difference:
            raise _Failed("result", difference)
    ok("result", f"抽取结果重算一致：{len(recomputed.assignments)} 家处理者")

    state = DrawState.from_result(receipt.result, receipt.inspectors)
    previous = receipt.drawn_at
    chain: list[str] = []
    for index, adjustment in enumerate(receipt.adjustments, start=1):
        if adjustment.seq != index:
            raise _Failed("adjustments", f"第 {index} 项调整的序号为 {adjustment.seq}")
        before = {
            **without(raw, "receipt_sha256"),
            "adjustments": raw["adjustments"][: index - 1],
            "final_assignments": [dump(a) for a in state.final()],
        }
        chain.append(sha256_hex(before))
        if adjustment.previous_receipt_sha256 != chain[-1]:
            raise _Failed("adjustments", f"调整 #{index} 所接续的回执哈希与此前的回执不符")
        if adjustment.at < previous:
            raise _Failed("adjustments", f"调整 #{index} 的时间早于抽取时间或上一项调整")
        previous = adjustment.at
        try:
            expected = replay(state, adjustment, receipt)
        except DrawError as exc:
            raise _Failed("adjustments", str(exc)) from None
        if isinstance(adjustment, ReplaceInspector) and adjustment.replacement != expected:
            raise _Failed(
                "adjustments",
                f"调整 #{index} 的替换人员不符："
                f"回执记录为 {adjustment.replacement}，重算为 {expected}",
            )
    ok("adjustments", f"{len(receipt.adjustments)} 项调整重算一致")

    difference = _first_difference(
        "最终分配",
        [dump(x) for x in receipt.final_assignments],
        [dump(x) for x in state.final()],
    )
    if difference:
        raise _Failed("final_assignments", difference)
    ok("final_assignments", "最终分配一致")

    if sha256_hex(without(raw, "receipt_sha256")) != receipt.receipt_sha256:
        raise _Failed("receipt_hash", "回执整体哈希不符（回执内容已被改动）")
    chain.append(receipt.receipt_sha256)
    if expected_receipt is not None and expected_receipt not in chain:
        raise _Failed("receipt_hash", f"事先公布的回执哈希 {expected_receipt} 不在本回执的哈希链中")
    ok("receipt_hash", f"回执整体哈希一致：{receipt.receipt_sha256}")


def verify(
    raw: Any, *, expected_record: str | None = None, expected_receipt: str | None = None
) -> VerificationResult:
    """Recompute everything in a receipt; the result names the first discrepancy.

    `expected_record` is the commitment record hash published before the draw, and
    `expected_receipt` a receipt hash published at the draw or after an adjustment, if known.
    """
    checks: list[Check] = []
    try:
        _run_checks(raw, checks, expected_record, expected_receipt)
    except _Failed as failure:
        checks.append(Check(code=failure.code, ok=False, message=failure.message))
        return VerificationResult(ok=False, checks=checks)
    return VerificationResult(ok=True, checks=checks)
