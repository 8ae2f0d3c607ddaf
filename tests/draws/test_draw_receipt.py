"""Receipts: the shipped example verifies, and any change to what it records is detected."""

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chujing.draws import (
    DrawError,
    DrawParameters,
    InspectorSnapshot,
    ProcessorSnapshot,
    append_adjustment,
    make_commitment,
    make_receipt,
    seed_commitment,
    sha256_hex,
    verify,
)

RECOMPUTED_SECTIONS = (
    "commitment",
    "parameters",
    "processors",
    "inspectors",
    "seed",
    "result",
    "adjustments",
    "final_assignments",
)


def _reseal(document: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in document.items() if k != "receipt_sha256"}
    return {**body, "receipt_sha256": sha256_hex(body)}


def _fails_with(receipt: Any, code: str) -> str:
    """The message of the check `code` that `receipt` fails (it must fail that check)."""
    failure = verify(receipt).failure
    assert failure is not None
    assert failure.code == code, failure
    return failure.message


def _withdraw(receipt: dict[str, Any], processor: str, at: str) -> dict[str, Any]:
    """`receipt` with the adjustment withdrawing `processor` (deregistered) at `at`."""
    return append_adjustment(
        receipt,
        kind="withdraw_processor",
        processor=processor,
        reason="该处理者已注销（示例）",
        by="经办人（虚构）",
        at=datetime.fromisoformat(at),
    )


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))] or [path]
    return [path]


def _mutated(value: Any, choice: int) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1 + choice
    if isinstance(value, str):
        if value and all(c in "0123456789abcdef" for c in value):
            position = choice % len(value)
            flipped = "0123456789abcdef"[("0123456789abcdef".index(value[position]) + 1) % 16]
            return value[:position] + flipped + value[position + 1 :]
        return value + "变"
    if isinstance(value, list):
        return [*value, "X-1"]
    return "变"


def _set(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _get(document: dict[str, Any], path: tuple[Any, ...]) -> Any:
    target: Any = document
    for part in path:
        target = target[part]
    return target


def test_example_verifies(example_receipt: dict[str, Any]) -> None:
    result = verify(example_receipt)
    assert result.ok, result.failure
    assert [c.code for c in result.checks][-1] == "receipt_hash"
    assert len(example_receipt["processors"]["processors"]) == 40
    assert len(example_receipt["inspectors"]["inspectors"]) == 8
    assert any(i["conflicts"] for i in example_receipt["inspectors"]["inspectors"])
    assert example_receipt["adjustments"], "the example shows a recorded adjustment"


def test_example_is_reproducible_from_its_inputs(
    example_receipt: dict[str, Any], examples_dir: Path
) -> None:
    def load(name: str) -> Any:
        return json.loads((examples_dir / name).read_text(encoding="utf-8"))

    params = DrawParameters.model_validate(load("draw-parameters-example.json"))
    processors = ProcessorSnapshot.model_validate(load("draw-processors-example.json"))
    inspectors = InspectorSnapshot.model_validate(load("draw-inspectors-example.json"))
    seed = bytes.fromhex(example_receipt["seed"])
    commitment = make_commitment(
        draw_id=example_receipt["commitment"]["draw_id"],
        title=example_receipt["commitment"]["title"],
        committed_at=datetime.fromisoformat(example_receipt["commitment"]["committed_at"]),
        parameters=params,
        processors=processors,
        inspectors=inspectors,
        seed_sha256=seed_commitment(seed),
    )
    assert commitment == example_receipt["commitment"]
    again = make_receipt(
        commitment=commitment,
        parameters=params,
        processors=processors,
        inspectors=inspectors,
        seed=seed,
        drawn_at=datetime.fromisoformat(example_receipt["drawn_at"]),
    )
    assert again["result"] == example_receipt["result"]


def test_published_commitment_is_checked(example_receipt: dict[str, Any]) -> None:
    record = example_receipt["commitment"]["record_sha256"]
    assert verify(example_receipt, expected_record=record).ok
    result = verify(example_receipt, expected_record="0" * 64)
    assert result.failure is not None
    assert result.failure.code == "commitment"


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_changed_field_fails_even_when_resealed(
    example_receipt: dict[str, Any], data: st.DataObject
) -> None:
    section = data.draw(st.sampled_from(RECOMPUTED_SECTIONS))
    leaves = _leaves(example_receipt[section], (section,))
    path = data.draw(st.sampled_from(leaves))
    choice = data.draw(st.integers(min_value=0, max_value=63))
    tampered = copy.deepcopy(example_receipt)
    _set(tampered, path, _mutated(_get(tampered, path), choice))

    assert not verify(tampered).ok, path
    resealed = _reseal(tampered)
    published = example_receipt["receipt_sha256"]
    assert not verify(resealed, expected_receipt=published).ok, path
    last = len(example_receipt["adjustments"]) - 1
    if path[:2] == ("adjustments", last) and path[2] in {"at", "by", "reason", "new_conflict"}:
        return  # declarations of the newest event: a published receipt hash anchors them
    result = verify(resealed)
    assert result.failure is not None, path
    assert result.failure.code != "receipt_hash", path


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_changed_byte_is_rejected(example_path: Path, data: st.DataObject) -> None:
    raw = example_path.read_bytes()
    positions = [i for i, b in enumerate(raw) if b not in b" \n\r\t"]
    position = data.draw(st.sampled_from(positions))
    replacement = data.draw(
        st.integers(min_value=0x21, max_value=0x7E).filter(lambda b: b != raw[position])
    )
    changed = raw[:position] + bytes([replacement]) + raw[position + 1 :]
    try:
        document = json.loads(changed.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return  # unreadable: the CLI exits 2
    assert not verify(document).ok, (position, chr(replacement))


def test_draw_time_is_anchored_by_the_adjustment_chain(example_receipt: dict[str, Any]) -> None:
    tampered = copy.deepcopy(example_receipt)
    tampered["drawn_at"] = "2026-03-05T11:00:00+08:00"
    assert not verify(tampered).ok
    _fails_with(_reseal(tampered), "adjustments")


def test_seed_is_checked_against_commitment(example_receipt: dict[str, Any]) -> None:
    tampered = _reseal({**example_receipt, "seed": "ab" * 32})
    assert "种子" in _fails_with(tampered, "seed")


def test_result_discrepancy_is_named(example_receipt: dict[str, Any]) -> None:
    tampered = copy.deepcopy(example_receipt)
    first = tampered["result"]["assignments"][0]
    first["inspectors"] = list(reversed(first["inspectors"]))
    assert "抽取结果第 1 项不符" in _fails_with(_reseal(tampered), "result")


@pytest.mark.parametrize("raw", [None, [], "receipt", {"format": "other"}])
def test_non_receipts_fail_cleanly(raw: Any) -> None:
    assert not verify(raw).ok


def test_floats_are_refused_not_crashed_on(example_receipt: dict[str, Any]) -> None:
    tampered = copy.deepcopy(example_receipt)
    tampered["result"]["strata"][0]["eligible"] = 20.0
    assert "浮点" in _fails_with(tampered, "structure")


def test_adjustment_replacement_is_recomputed(example_receipt: dict[str, Any]) -> None:
    tampered = copy.deepcopy(example_receipt)
    event = tampered["adjustments"][0]
    others = [i["id"] for i in tampered["inspectors"]["inspectors"]]
    event["replacement"] = next(i for i in others if i != event["replacement"])
    _fails_with(_reseal(tampered), "adjustments")


def test_earlier_events_are_chained(example_receipt: dict[str, Any]) -> None:
    updated = _withdraw(
        example_receipt,
        example_receipt["final_assignments"][0]["processor"],
        "2026-03-08T09:00:00+08:00",
    )
    assert verify(updated, expected_receipt=example_receipt["receipt_sha256"]).ok
    updated["adjustments"][0]["reason"] = "改写的理由"
    assert "调整 #2" in _fails_with(_reseal(updated), "adjustments")


def test_new_adjustments_append_and_verify(example_receipt: dict[str, Any]) -> None:
    target = example_receipt["final_assignments"][2]
    updated = append_adjustment(
        example_receipt,
        kind="replace_inspector",
        processor=target["processor"],
        inspector=target["inspectors"][0],
        new_conflict=False,
        reason="检查人员病假（示例）",
        by="经办人（虚构）",
        at=datetime.fromisoformat("2026-03-07T09:00:00+08:00"),
    )
    updated = _withdraw(
        updated, example_receipt["final_assignments"][3]["processor"], "2026-03-08T09:00:00+08:00"
    )
    assert verify(updated).ok
    assert [a["seq"] for a in updated["adjustments"]] == [1, 2, 3]
    assert len(updated["final_assignments"]) == 3
    replaced = updated["adjustments"][1]
    assert replaced["replacement"] != target["inspectors"][0]
    assert replaced["replacement"] not in target["inspectors"]


def test_adjustments_are_refused_on_tampered_receipts(example_receipt: dict[str, Any]) -> None:
    tampered = copy.deepcopy(example_receipt)
    tampered["seed"] = "cd" * 32
    with pytest.raises(DrawError, match="未通过验证"):
        _withdraw(tampered, "P-001", "2026-03-07T09:00:00+08:00")


def test_adjustment_before_the_draw_is_refused(example_receipt: dict[str, Any]) -> None:
    with pytest.raises(DrawError, match="调整时间"):
        _withdraw(
            example_receipt,
            example_receipt["final_assignments"][0]["processor"],
            "2026-03-01T09:00:00+08:00",
        )
