"""The draw algorithm: determinism, recusal, stratified counts, load balance, risk weighting."""

import hashlib
import hmac
from collections import Counter
from fractions import Fraction
from math import ceil
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chujing.draws import (
    DrawError,
    DrawParameters,
    InspectorSnapshot,
    ProcessorSnapshot,
    canonical_json,
    draw,
)
from chujing.draws.canonical import CanonicalError
from chujing.draws.randomness import RandomStream

TAKEN = "2026-03-02T09:00:00+08:00"
LEVELS = ("low", "medium", "high")


def _processors(specs: list[tuple[str, str]]) -> ProcessorSnapshot:
    return ProcessorSnapshot.model_validate(
        {
            "taken_at": TAKEN,
            "source": "synthetic",
            "processors": [
                {
                    "id": f"P-{n:03d}",
                    "name": f"处理者{n}",
                    "zone": zone,
                    "sector": "s",
                    "risk_level": r,
                }
                for n, (zone, r) in enumerate(specs, start=1)
            ],
        }
    )


def _inspectors(specs: list[tuple[str | None, list[str]]]) -> InspectorSnapshot:
    return InspectorSnapshot.model_validate(
        {
            "taken_at": TAKEN,
            "source": "synthetic",
            "inspectors": [
                {
                    "id": f"I-{n:02d}",
                    "name": f"检查员{n}",
                    "department": "d",
                    "zone": zone,
                    "conflicts": conflicts,
                }
                for n, (zone, conflicts) in enumerate(specs, start=1)
            ],
        }
    )


def _params(**changes: Any) -> DrawParameters:
    return DrawParameters.model_validate({"inspection_item": "item", "ratio": "0.1", **changes})


def test_stream_matches_its_specification() -> None:
    seed = bytes(range(32))
    stream = RandomStream(seed, "processors|z")
    block0 = hmac.new(seed, b"processors|z\x00" + (0).to_bytes(8, "big"), hashlib.sha256).digest()
    assert stream.block() == block0
    fresh = RandomStream(seed, "processors|z")
    assert fresh.below(1000) == int.from_bytes(block0[:8], "big") % 1000


def test_below_is_in_range_and_uses_every_value() -> None:
    stream = RandomStream(b"k" * 32, "t")
    values = [stream.below(7) for _ in range(700)]
    assert set(values) == set(range(7))


def test_canonical_json_is_order_and_space_independent() -> None:
    assert canonical_json({"b": 1, "a": "重庆"}) == '{"a":"重庆","b":1}'.encode()
    with pytest.raises(CanonicalError):
        canonical_json({"ratio": 0.1})


def test_canonical_json_is_rfc_8785() -> None:
    # keys sort by UTF-16 code units: U+1F600 (D83D DE00) before U+FB33, unlike code points
    expected = '{"\U0001f600":2,"\ufb33":1}'.encode()
    assert canonical_json({"\ufb33": 1, "\U0001f600": 2}) == expected
    assert canonical_json({"a": "\x1f"}) == b'{"a":"\\u001f"}'
    with pytest.raises(CanonicalError):
        canonical_json({"n": 2**53})  # beyond the integers every JSON reader keeps exact


def test_same_inputs_same_draw_and_seed_matters() -> None:
    processors = _processors([("A", LEVELS[n % 3]) for n in range(30)])
    inspectors = _inspectors([("A", []) for _ in range(6)])
    params = _params(ratio="0.2")
    first = draw(params, processors, inspectors, b"\x01" * 32)
    assert draw(params, processors, inspectors, b"\x01" * 32) == first
    others = {
        tuple(
            a.processor for a in draw(params, processors, inspectors, bytes([i]) * 32).assignments
        )
        for i in range(2, 12)
    }
    assert len(others) > 1


_directory = st.integers(min_value=1, max_value=25).flatmap(
    lambda n: st.tuples(
        st.lists(
            st.tuples(st.sampled_from(["A", "B"]), st.sampled_from(LEVELS)), min_size=n, max_size=n
        ),
        st.lists(
            st.tuples(
                st.sampled_from(["A", "B", None]),
                st.lists(st.integers(min_value=1, max_value=n), max_size=4, unique=True),
            ),
            min_size=4,
            max_size=10,
        ),
    )
)


@settings(max_examples=200, deadline=None)
@given(
    directory=_directory,
    seed=st.binary(min_size=16, max_size=32),
    ratio=st.sampled_from(["0.1", "0.25", "0.5", "1"]),
    per=st.integers(min_value=2, max_value=3),
)
def test_recused_inspectors_are_never_drawn(
    directory: tuple[list[tuple[str, str]], list[tuple[str | None, list[int]]]],
    seed: bytes,
    ratio: str,
    per: int,
) -> None:
    processor_specs, inspector_specs = directory
    processors = _processors(processor_specs)
    inspectors = _inspectors(
        [(zone, [f"P-{c:03d}" for c in conflicts]) for zone, conflicts in inspector_specs]
    )
    params = _params(ratio=ratio, inspectors_per_processor=per)
    try:
        result = draw(params, processors, inspectors, seed)
    except DrawError as exc:
        refusal = str(exc)
    else:
        refusal = ""
    if refusal:
        assert "回避后可选检查人员" in refusal
        return
    by_id = {i.id: i for i in inspectors.inspectors}
    zone_of = {p.id: p.zone for p in processors.processors}
    for a in result.assignments:
        assert len(a.inspectors) == per == len(set(a.inspectors))
        for ident in a.inspectors:
            assert a.processor not in by_id[ident].conflicts
            assert by_id[ident].zone in (None, zone_of[a.processor])
        assert all(a.processor in by_id[r].conflicts for r in a.recused)
    for stratum in result.strata:
        members = sum(1 for p in processors.processors if p.zone == stratum.zone)
        assert stratum.drawn == ceil(members * Fraction(ratio))
        drawn = [a for a in result.assignments if a.zone == stratum.zone]
        assert len(drawn) == stratum.drawn == len({a.processor for a in drawn})


def test_too_few_inspectors_after_recusal_is_an_error() -> None:
    processors = _processors([("A", "low")])
    inspectors = _inspectors([("A", ["P-001"]), ("A", []), ("B", [])])
    with pytest.raises(DrawError, match="P-001 回避后可选检查人员仅 1 名"):
        draw(_params(ratio="1"), processors, inspectors, b"s" * 32)


def test_load_is_balanced() -> None:
    processors = _processors([("A", "low") for _ in range(30)])
    inspectors = _inspectors([("A", []) for _ in range(7)])
    result = draw(_params(ratio="1"), processors, inspectors, b"b" * 32)
    load = Counter(i for a in result.assignments for i in a.inspectors)
    assert sum(load.values()) == 60
    assert max(load.values()) - min(load.values()) <= 1


def test_unknown_risk_level_is_an_error() -> None:
    processors = _processors([("A", "extreme")])
    with pytest.raises(DrawError, match="extreme"):
        draw(_params(), processors, _inspectors([("A", []), ("A", [])]), b"x" * 32)


def test_risk_weighting_favours_riskier_processors() -> None:
    # 10 high-risk (weight 4) and 10 low-risk (weight 1) processors, one drawn per seed:
    # a high-risk one should be drawn with probability 40/50 = 0.8.
    processors = _processors([("A", "high") for _ in range(10)] + [("A", "low") for _ in range(10)])
    inspectors = _inspectors([("A", []), ("A", [])])
    params = _params(ratio="0.05", risk_weights={"low": 1, "high": 4})
    seeds = 2000
    high = sum(
        1
        for i in range(seeds)
        if draw(params, processors, inspectors, i.to_bytes(32, "big")).assignments[0].risk_level
        == "high"
    )
    assert 0.75 < high / seeds < 0.85


def test_scope_filters() -> None:
    processors = _processors([("A", "low"), ("B", "low"), ("B", "high")])
    inspectors = _inspectors([(None, []), (None, [])])
    result = draw(_params(ratio="1", zones=["B"]), processors, inspectors, b"z" * 32)
    assert sorted(a.processor for a in result.assignments) == ["P-002", "P-003"]
    with pytest.raises(DrawError, match="没有符合抽取范围"):
        draw(_params(zones=["C"]), processors, inspectors, b"z" * 32)


@pytest.mark.parametrize(
    "changes", [{"ratio": "0"}, {"ratio": "1.5"}, {"ratio": "abc"}, {"inspectors_per_processor": 1}]
)
def test_bad_parameters_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - pydantic's ValidationError
        _params(**changes)


def test_a_directory_with_one_id_twice_is_refused() -> None:
    processors = _processors([("A", "low"), ("B", "low")]).model_dump()
    processors["processors"][1]["id"] = "P-001"
    with pytest.raises(ValueError, match="处理者编号 P-001 重复"):
        ProcessorSnapshot.model_validate(processors)
    inspectors = _inspectors([(None, []), (None, [])]).model_dump()
    inspectors["inspectors"][1]["id"] = "I-01"
    with pytest.raises(ValueError, match="检查人员编号 I-01 重复"):
        InspectorSnapshot.model_validate(inspectors)
